"""How each feature is drawn, as data in screen units: the registry's values applied to a feature.

One ``Style`` a feature: colours, a width, a dash and a radius in CSS pixels (0.75 pt on paper),
opacities from 0 to 1. Both renderers read it (geo.web.maps writes Leaflet's path options,
geo.static.draw matplotlib's), so the web map and the image cannot draw a feature two ways.
What differs from feature to feature (a country's role, a route's status, an arrow's width, a
traveller whose whereabouts are unknown) is read from the feature's own columns here, once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import geopandas as gpd

from geo.base import registry


@dataclass(frozen=True)
class Style:
    colour: str
    """The stroke: a line, an outline, a point's ring."""
    width: float
    """Stroke width in pixels; 0 draws no stroke."""
    opacity: float = 1.0
    fill: str | None = None
    """Fill of an area, a point or an arrowhead; the stroke's colour when None."""
    fill_opacity: float = 1.0
    dash: tuple[float, ...] = ()
    """Dash and gap lengths in pixels; empty for a solid stroke."""
    radius: float | None = None
    """A point's radius in pixels."""
    offset: float = 0.0
    """Pixels a line runs to the right of its way (out and back on one corridor both show)."""
    heads: int = 0
    """Arrowheads: 0 none, 1 at the line's end, 2 at both ends (a two-way total)."""
    head: float = 0.0
    """An arrowhead's length in pixels (at most registry.HEAD_SHARE of its line on the screen)."""
    head_room: float = 0.0
    """A line shorter on the screen than this many heads has none (a leg of travel: registry.HEAD_ROOM);
    0: the head shrinks to fit instead (a trade arrow's heads say its direction)."""

    @property
    def fill_colour(self) -> str:
        return self.fill or self.colour

    def hovered(self, changes: Mapping[str, object]) -> Style:
        """This style with a layer's hover changes (the registry's ``highlight``) applied."""
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Casing:
    """A wider pale line drawn under every line of a layer, so it reads on any fill."""

    colour: str
    extra: float
    """Pixels wider than the line."""


def dash_of(pattern: str | None) -> tuple[float, ...]:
    """The registry's dash pattern (``"6 6"``, as CSS writes it) as lengths."""
    return tuple(float(n) for n in pattern.split()) if pattern else ()


def country_style(role: str) -> Style:
    spec = registry.LAYERS["countries"]
    fill = registry.ROLE_FILL.get(role, registry.ROLE_FILL["other"])
    return Style(registry.BORDER_COLOUR, spec.weight, spec.opacity, fill, spec.fill_opacity)


DISPUTED_OUTLINE = ("#333333", 1.5, (4.0, 3.0))
"""A share the sources disagree on: its country outlined dark and dashed, over its class's fill."""


FEATURED = {"opacity": 0.9, "fill_opacity": 0.95}
"""A flow a chapter features reads at full strength over the others, which stay in the background."""


def share_style(fill: str, *, disputed: bool = False) -> Style:
    """A country of the trade shares: its class's fill, outlined dashed when the share is disputed."""
    spec = registry.LAYERS["shares"]
    if disputed:
        colour, width, dash = DISPUTED_OUTLINE
        return Style(colour, width, spec.opacity, fill, spec.fill_opacity, dash)
    return Style(registry.BORDER_COLOUR, spec.weight, spec.opacity, fill, spec.fill_opacity)


def line_style(
    key: str, *, status: str = "confirmed", width: float | None = None, two_way: bool = False
) -> Style:
    """A leg or an arrow of the layer ``key``: dashed when its route is unconfirmed; an arrow's
    width grows with its value (geo.model.layers.flow_weight), and so do its head and its offset
    (half its width: A -> B and B -> A side by side); a two-way total points both ways, unmoved."""
    spec = registry.LAYERS[key]
    dash = dash_of(registry.STATUS_DASH.get(status))
    weight = spec.weight if width is None else width
    style = Style(spec.colour, weight, spec.opacity, spec.fill or spec.colour, spec.fill_opacity, dash)
    if width is None:
        heads = 1 if spec.head else 0
        return replace(style, offset=spec.offset, heads=heads, head=spec.head, head_room=registry.HEAD_ROOM)
    offset = 0.0 if two_way else round(weight / 2 + 1.0, 2)
    head = round(spec.head + registry.HEAD_PER_WIDTH * weight, 2)
    return replace(style, offset=offset, heads=2 if two_way else 1, head=head)


def point_style(key: str) -> Style:
    spec = registry.LAYERS[key]
    return Style(spec.colour, spec.weight, spec.opacity, spec.fill, spec.fill_opacity, radius=spec.radius)


def position_style(*, focus: bool, known: bool) -> Style:
    """A traveller in the colour of their travel layer: filled where the sources put them,
    hollow and dashed where they do not (registry.UNKNOWN_POSITION)."""
    spec = registry.LAYERS["positions"]
    colour = registry.LAYERS["focus" if focus else "guests"].colour
    if known:
        return Style("#ffffff", spec.weight, spec.opacity, colour, 1.0, radius=spec.radius)
    hollow = Style(colour, spec.weight, spec.opacity, radius=spec.radius)
    return replace(hollow, **registry.UNKNOWN_POSITION)  # type: ignore[arg-type]


def _legs(key: str) -> Callable[[gpd.GeoDataFrame], list[Style]]:
    return lambda frame: [line_style(key, status=str(status)) for status in frame["route_status"]]


def _points(key: str) -> Callable[[gpd.GeoDataFrame], list[Style]]:
    return lambda frame: [point_style(key)] * len(frame)


def _positions(frame: gpd.GeoDataFrame) -> list[Style]:
    pairs = zip(frame["focus"], frame["status"], strict=True)
    return [position_style(focus=bool(focus), known=status != "unknown") for focus, status in pairs]


RULES: dict[str, Callable[[gpd.GeoDataFrame], list[Style]]] = {
    "countries": lambda frame: [country_style(str(role)) for role in frame["role"]],
    "shares": lambda frame: [
        share_style(str(fill), disputed=status == "disputed")
        for fill, status in zip(frame["fill"], frame["status"], strict=True)
    ],
    "focus": _legs("focus"),
    "guests": _legs("guests"),
    "trade": lambda frame: [
        replace(
            line_style("trade", width=float(w), two_way=flow == "total"), **(FEATURED if featured else {})
        )
        for w, flow, featured in zip(
            frame["weight"], frame["flow"], frame.get("featured", [False] * len(frame)), strict=True
        )
    ],
    "stops": _points("stops"),
    "places": _points("places"),
    "positions": _positions,
}
"""Each registry layer's style rule: its frame in, one style a feature out (tests/test_registry.py
checks every layer has one)."""


def styles_of(key: str, frame: gpd.GeoDataFrame) -> list[Style]:
    """Each feature's style, in the frame's order, for a layer of the registry."""
    return RULES[key](frame) if len(frame) else []


def casing_of(key: str) -> Casing | None:
    spec = registry.LAYERS[key]
    return Casing(spec.casing, spec.casing_extra) if spec.casing else None
