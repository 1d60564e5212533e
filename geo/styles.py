"""The layer registry and every colour and width: data, read by the map and the app's widgets.

A test checks that the README's layer table, the CLI's choices and this registry agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class LayerSpec:
    key: str
    title: str
    description: str
    colour: str
    default: bool = True


LAYERS: Final[dict[str, LayerSpec]] = {
    spec.key: spec
    for spec in (
        LayerSpec(
            "countries",
            "Countries",
            "Country shapes shaded by role: host, highlighted, guest, other",
            "#9e9e9e",
        ),
        LayerSpec(
            "focus",
            "Highlighted trip",
            "Travel of the highlighted countries' leaders (Kim Jong Un's train), leg by leg, with stations",
            "#b2182b",
        ),
        LayerSpec(
            "guests",
            "Guests' travel",
            "Each guest's legs to the event as great-circle arcs",
            "#2166ac",
        ),
        LayerSpec(
            "trade",
            "Trade flows",
            "Trade between countries for one year, arrows scaled by value",
            "#1b7837",
        ),
    )
}

ROLE_FILL: Final[dict[str, str]] = {
    "host": "#d6604d",
    "highlight": "#762a83",
    "guest": "#f4a582",
    "attendee": "#fddbc7",
    "other": "#f0f0f0",
}
ROLE_LABEL: Final[dict[str, str]] = {
    "host": "Host",
    "highlight": "Highlighted",
    "guest": "Guest leader's country",
    "attendee": "Other attendee's country",
    "other": "Other",
}
SEA_COLOUR: Final = "#dfe9f2"
BORDER_COLOUR: Final = "#8c8c8c"

STATUS_DASH: Final[dict[str, str | None]] = {
    "confirmed": None,
    "reported": None,
    "unconfirmed": "6 6",
}
"""Unconfirmed routes are dashed, so a guess never looks like a fact."""

FLOW_MIN_WEIGHT: Final = 1.5
FLOW_MAX_WEIGHT: Final = 12.0
"""Pixel widths of the smallest and largest trade arrow; width grows with the square root of value."""

TRAVEL_WEIGHT: Final = 2.5
FOCUS_WEIGHT: Final = 4.0
HEAD_KM: Final = 45.0
"""Arrowhead length for travel legs; trade heads grow with their arrow's width."""
