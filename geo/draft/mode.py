"""A leg's mode (train, air, road) from the words the article reports it with."""

from __future__ import annotations

import re

from geo.draft.legs import DraftLeg
from geo.draft.words import MODES

OTHER_MODE = re.compile(
    r"\b(by (?:boat|ship|sea|ferry|helicopter|car)|aboard (?:a|the) (?:boat|ship|vessel|ferry))\b", re.I
)
"""A way of travel the leg's own sentence gives that the format has no mode for (or "by car",
read as road only from its own words): no mode is taken from the rest of the article."""


def mode_of(leg: DraftLeg, all_words: str) -> tuple[str, str]:
    """(mode, where it was read): from the leg's own sentences, else from the article (not for
    a leg to a venue in the same city: the plane that brought the traveller did not take them there)."""
    within_city = leg.end is not None and leg.end.venue
    if OTHER_MODE.search(" ".join(leg.words)) and not any(p.search(" ".join(leg.words)) for _, p in MODES):
        return "", ""  # "arrived ... by boat": the plane another sentence names did not bring them
    for text, where in (
        (" ".join(leg.words), "the leg's sentences"),
        ("" if within_city else all_words, "elsewhere in the article"),
    ):
        for mode, pattern in MODES:
            match = pattern.search(text)
            if match:
                return mode, f"“{match.group()}” in {where}"
    return "", ""
