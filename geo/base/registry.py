"""The layer registry: every layer the map can draw, and every attribute of each, as data.

The app's toggles, the CLI's ``--layers``, the legend, the drawing order and the README's layer
table all read this one table; tests/test_registry.py keeps them in step. A layer is declared
by adding a LayerSpec here (CONTRIBUTING.md says how), never by special cases elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final


@dataclass(frozen=True)
class LayerSpec:
    key: str
    title: str
    """What the layer control, the app's toggle and the legend call it."""
    description: str
    """The README's table and the app's help text."""
    colour: str
    order: int
    """Drawing order: higher draws on top."""
    toggle: bool = True
    """A layer of its own in the app's toggles and the CLI's ``--layers``; False for layers that
    come with another (stations with the trip) or from elsewhere (a user's places)."""
    default: bool = True
    """On unless the reader turns it off. A layer off by default is drawn where a story's chapter
    names it (the trade shares in the trade chapter) or where the reader turns it on."""
    kind: str = "line"
    """``area``, ``line`` or ``point``: how the legend keys it and how it is drawn."""
    weight: float = 2.0
    """Line width in pixels (a point layer's outline)."""
    opacity: float = 0.9
    fill: str | None = None
    """Fill colour of points and arrowheads; the line colour when None."""
    fill_opacity: float = 0.9
    casing: str | None = None
    """A wider pale line drawn under this one, so it reads on any fill."""
    casing_extra: float = 0.0
    """How much wider than the line the casing is, in pixels."""
    radius: int | None = None
    """Circle-marker radius in pixels, for point layers."""
    head: float = 0.0
    """Arrowhead length in pixels at the end of each line (a trade arrow's grows with its width);
    0 for none. On the screen, never on the ground: the same size at every zoom."""
    offset: float = 0.0
    """Pixels each line runs to the right of its way, so two on one corridor (out and back) both
    show; trade arrows take half their width instead (geo.model.style.line_style)."""
    precision: int = 3
    """Decimals kept for its coordinates in the browser (3 is about 100 m)."""
    highlight: dict[str, object] = field(default_factory=dict)
    """Changes to a feature's style while the pointer is over it (geo.model.style.Style's fields)."""
    follows_year: bool = False
    """Its features change with the trade year."""
    follows_filters: bool = False
    """Its features change with the smallest-flow and top-N filters."""
    with_layer: str | None = None
    """Drawn only when this other layer is on (stations with the trip)."""
    labelled: bool = False
    """Its places or people are named on the map (geo.model.labels)."""
    uploaded: bool = False
    """Drawn from what a reader uploads in the app: the app's sidebar offers its toggle once there
    is an upload; no chapter and no command line names it."""


LAYERS: Final[dict[str, LayerSpec]] = {
    spec.key: spec
    for spec in (
        LayerSpec(
            "countries",
            "Countries",
            "Country shapes shaded by role: host, highlighted, guest, other",
            "#a8a49c",
            order=0,
            kind="area",
            weight=0.5,
            opacity=1.0,
            fill_opacity=1.0,
            precision=2,
            highlight={"width": 1.5, "colour": "#555555"},
            follows_year=True,
            labelled=True,
        ),
        LayerSpec(
            "shares",
            "Share of trade with the host",
            "Countries shaded by the share of their external trade that is with the host, one year (shares.csv); grey where no figure was found",
            "#756bb1",
            order=5,
            default=False,
            kind="area",
            weight=0.5,
            opacity=1.0,
            fill_opacity=1.0,
            precision=2,
            highlight={"width": 1.5, "colour": "#333333"},
            follows_year=True,
        ),
        LayerSpec(
            "focus",
            "Highlighted trip",
            "Travel of the highlighted countries' leaders (Kim Jong Un's train), leg by leg, with stations",
            "#d81b60",
            order=30,
            weight=4.0,
            opacity=1.0,
            fill_opacity=1.0,
            casing="#ffffff",
            casing_extra=4.0,
            head=12.0,
            offset=4.5,
            highlight={"width": 6.0},
            labelled=True,
        ),
        LayerSpec(
            "guests",
            "Other travellers",
            "Everyone else who travels, hosts included: guests' legs to the event and any other, by air as great circles",
            "#2f6fad",
            order=20,
            weight=1.5,
            opacity=0.65,
            fill_opacity=0.65,
            head=8.0,
            highlight={"width": 3.5, "opacity": 1.0},
            labelled=True,
        ),
        LayerSpec(
            "trade",
            "Trade flows",
            "Trade between countries for one year, arrows scaled by value",
            "#4d9a6a",
            order=10,
            opacity=0.35,
            fill_opacity=0.45,
            head=6.0,
            highlight={"opacity": 0.9, "fill_opacity": 0.9},
            follows_year=True,
            follows_filters=True,
        ),
        LayerSpec(
            "stops",
            "Places on the trip",
            "Where the highlighted trip departs, passes and arrives (stations, airports, border crossings), with the times",
            "#d81b60",
            order=40,
            toggle=False,
            kind="point",
            weight=2.0,
            opacity=1.0,
            fill="#ffffff",
            fill_opacity=1.0,
            radius=4,
            with_layer="focus",
            labelled=True,
        ),
        LayerSpec(
            "places",
            "Your places",
            "Points from a GeoJSON file a user uploaded in the app",
            "#333333",
            order=45,
            toggle=False,
            kind="point",
            weight=1.5,
            opacity=1.0,
            fill="#fdb863",
            fill_opacity=1.0,
            radius=6,
            labelled=True,
            uploaded=True,
        ),
        LayerSpec(
            "positions",
            "Travellers at the chosen time",
            "Each traveller where the sources put them at the chosen time; hollow when unknown",
            "#2f6fad",
            order=50,
            kind="point",
            weight=2.0,
            opacity=1.0,
            fill_opacity=1.0,
            radius=7,
            labelled=True,
        ),
    )
}

TOGGLES: Final[tuple[str, ...]] = tuple(key for key, spec in LAYERS.items() if spec.toggle)
"""Layers a reader turns on and off, in the registry's order."""
EXPORT_LAYERS: Final[tuple[str, ...]] = tuple(k for k in TOGGLES if k != "positions")
"""Layers an exported map can draw: positions belong to the app's time slider."""
DEFAULT_LAYERS: Final[tuple[str, ...]] = tuple(k for k in EXPORT_LAYERS if LAYERS[k].default)
UPLOADED: Final[tuple[str, ...]] = tuple(key for key, spec in LAYERS.items() if spec.uploaded)
"""Layers the app toggles once a reader has uploaded what they draw (their own places)."""


def drawing_order(keys: object) -> list[str]:
    """The keys given, bottom layer first, each layer's companions after it."""
    return sorted(dict.fromkeys(keys), key=lambda k: LAYERS[k].order)  # type: ignore[arg-type]


ROLE_FILL: Final[dict[str, str]] = {
    "host": "#f2d3b6",
    "highlight": "#d5cce6",
    "transit": "#e6e1d3",
    "guest": "#f1e7d3",
    "attendee": "#f3efe6",
    "other": "#f8f7f3",
}
"""Country fills, quiet on purpose: the lines drawn on them carry the story, and no fill shares a
hue with a line (the trip is magenta, guests blue, trade green)."""
ROLE_LABEL: Final[dict[str, str]] = {
    "host": "Host",
    "highlight": "Highlighted",
    "transit": "Passed through",
    "guest": "Guest leader's country",
    "attendee": "Other attendee's country",
    "other": "Other",
}
COUNTRY_LABEL_ZOOMS: Final = (0.0, 8.0)
"""The web map's zooms at which countries are named (geo.model.labels.country_labels): from the
whole world to a region such as the Korean border; past it, at city zoom, places are the subject.
An image is named as the web map at the same scale is."""
TOWN_LABEL_ZOOMS: Final = (5.0, 22.0)
"""The zooms at which the towns a trip passes (waypoints, the least important places) are named:
zoomed out to half the world, they would crowd the names of its ends and stations."""
SEA_COLOUR: Final = "#dde7ee"
BORDER_COLOUR: Final = "#b3ada3"

STATUS_DASH: Final[dict[str, str | None]] = {
    "confirmed": None,
    "reported": None,
    "unconfirmed": "6 6",
    "unknown": "1 9",
}
"""Unconfirmed routes are dashed, so a guess never looks like a fact; a route no page reports
is sparse dots between its two ends, so a straight line is never read as the way taken."""


@dataclass(frozen=True)
class RouteKey:
    """How the key and a leg's popup name a route status that is not drawn as a solid line."""

    border: str
    """The CSS border style of the key's sample line (the key is HTML: it has no dash pattern)."""
    label: str
    caption: str
    """What a leg's popup says after the status."""
    always: bool
    """In every key with travel on it, or only when a leg with this status is drawn."""


ROUTE_KEYS: Final[dict[str, RouteKey]] = {
    "unconfirmed": RouteKey("dashed", "Route not confirmed", "expected or inferred, not reported", True),
    "unknown": RouteKey(
        "dotted", "Route not reported", "not reported: the dots only join its two ends", False
    ),
}


def route_keys(drawn: Iterable[str]) -> list[tuple[str, RouteKey]]:
    """(status, key) for the route statuses a key names, given the route statuses of the legs
    drawn: none when no leg is."""
    present = set(drawn)
    return [(s, key) for s, key in ROUTE_KEYS.items() if present and (key.always or s in present)]


FLOW_MIN_WEIGHT: Final = 1.5
FLOW_MAX_WEIGHT: Final = 12.0
"""Pixel widths of the smallest and largest trade arrow; width grows with the square root of value."""

HEAD_PER_WIDTH: Final = 1.5
"""A trade arrow's head grows by this many pixels a pixel of its width (its layer's ``head`` plus)."""
HEAD_SHARE: Final = 0.4
"""A trade arrow's head is at most this share of its line's length on the screen: never bigger
than the line, and never left out (a flow's direction, or both, is what its heads say)."""
HEAD_ROOM: Final = 3.0
"""A leg of travel shorter on the screen than this many of its head's lengths has no head (Style's
``head_room``): at world zoom a train's short legs piled their heads into a knot, so only the legs
long enough to read as going somewhere point the way."""

UNKNOWN_POSITION: Final[dict[str, object]] = {"dash": (2.0, 3.0), "fill": "#ffffff", "fill_opacity": 0.6}
"""A traveller the sources do not place at this time is drawn hollow, not like a fact."""
