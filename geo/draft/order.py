"""Where a stop told out of story order goes among the legs (geo.draft.legs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geo.draft.legs import DraftLeg


def place_in_order(legs: list[DraftLeg], leg: DraftLeg, earlier: bool) -> None:
    """A stop told "earlier in the day" goes before the first leg of that day, which then starts
    from it when the article named no start for it; any other goes last."""
    day = leg.arrive.day if leg.arrive else None
    after = [
        i
        for i, other in enumerate(legs)
        if other.arrive and other.arrive.day and day and other.arrive.day >= day
    ]
    if not earlier or not after:
        legs.append(leg)
        return
    following = legs[after[0]]
    if following.start is None:
        following.start, following.start_country = leg.end, None
    legs.insert(after[0], leg)
