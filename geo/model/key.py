"""The map's key as data: one row a symbol the map draws, with its text and the layer it keys.

The web map's key (geo.web.maps) and the image's (geo.static.furniture) are both these rows, so a
row cannot be in one and missing from the other. A row's mark is the style the features it keys
are drawn with (geo.model.style), at full strength: a 1.5-pixel line at a third of its colour
would not read in a key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import geopandas as gpd

from geo.base import registry
from geo.model import layers, shares, text
from geo.model.style import (
    DISPUTED_OUTLINE,
    Style,
    country_style,
    dash_of,
    line_style,
    point_style,
    position_style,
    share_style,
)
from geo.ref.countries import country_name

SYMBOLS = ("swatch", "line", "point", "heading")
"""How a row is keyed: an area's fill, a line, a point, or no mark (a heading over the rows under it)."""
TRAVEL_KEY_MIN_WIDTH = 2.0
"""A key's travel line is at least this wide in pixels, so its colour reads beside its text."""
UNCONFIRMED_KEY = Style("#555555", 3.0)
"""The line keying a route status of any layer (dashed, dotted): grey, as it is no one's colour."""
TRADE_KEY_SHARES = (1.0, 0.25, 0.01)
"""Trade widths keyed: round values at or below these shares of the largest flow."""


@dataclass(frozen=True)
class KeyRow:
    symbol: str
    """One of SYMBOLS."""
    text: str
    style: Style | None = None
    """The mark's style; None for a heading."""
    layers: tuple[str, ...] = ()
    """The layers it keys: the row hides while they are all off; empty for every layer."""


def key_rows(
    frames: Mapping[str, gpd.GeoDataFrame],
    *,
    titles: Mapping[str, str],
    highlighted: tuple[str, ...] = (),
    positions: bool = False,
    travellers: tuple[str, ...] = (),
) -> list[KeyRow]:
    """The rows for the layers drawn (``frames``, each titled in ``titles``): the roles present, the
    travel lines, stations, a reader's own places, travellers (``positions``: shown at a moment, drawn by the app as it
    moves; the highlighted ``travellers`` by name), the route statuses drawn dashed, and three round trade widths."""
    drawn = {key: frame for key, frame in frames.items() if len(frame)}
    rows = _country_rows(drawn["countries"], highlighted) if "countries" in drawn else []
    if "shares" in drawn:
        rows += share_rows(drawn["shares"], titles["shares"])
    for key in ("focus", "guests"):
        if key in drawn:
            width = max(registry.LAYERS[key].weight, TRAVEL_KEY_MIN_WIDTH)
            rows.append(KeyRow("line", titles[key], _full(line_style(key, width=width)), (key,)))
    for key in ("stops", "places"):
        if key in drawn:
            rows.append(KeyRow("point", titles[key], point_style(key), (key,)))
    if positions:
        known, unknown = (position_style(focus=False, known=k) for k in (True, False))
        if travellers:
            focus = position_style(focus=True, known=True)
            rows.append(
                KeyRow("point", f"{' & '.join(travellers)} at the chosen time", focus, ("positions",))
            )
        others = "Other travellers at the chosen time" if travellers else "Traveller at the chosen time"
        rows.append(KeyRow("point", others, known, ("positions",)))
        rows.append(KeyRow("point", "Whereabouts unknown", unknown, ("positions",)))
    rows += _status_rows(drawn)
    if "trade" in drawn:
        rows += _trade_rows(drawn["trade"], titles["trade"])
    return rows


def _full(style: Style) -> Style:
    return replace(style, opacity=1.0, fill_opacity=1.0)


def _country_rows(frame: gpd.GeoDataFrame, highlighted: tuple[str, ...]) -> list[KeyRow]:
    present = set(frame["role"])
    named = ", ".join(country_name(iso3) for iso3 in highlighted)
    return [
        KeyRow(
            "swatch",
            named if role == "highlight" and named else registry.ROLE_LABEL[role],
            country_style(role),
            ("countries",),
        )
        for role in registry.ROLE_FILL
        if role in present
    ]


def share_rows(frame: gpd.GeoDataFrame, title: str) -> list[KeyRow]:
    """The shares' key: its title (share of what, with whom, which year), a swatch a class, most
    first, then the disputed outline and the grey of no figure, when drawn."""
    classes = frame[frame["class"] >= 0].drop_duplicates("class").sort_values("class", ascending=False)
    rows = [KeyRow("heading", title, layers=("shares",))]
    rows += [
        KeyRow("swatch", str(text_), share_style(str(fill)), ("shares",))
        for text_, fill in zip(classes["class_text"], classes["fill"], strict=True)
    ]
    if (frame["status"] == "disputed").any():
        colour, width, dash = DISPUTED_OUTLINE
        rows.append(KeyRow("line", "Sources disagree", Style(colour, width, dash=dash), ("shares",)))
    if (frame["status"] == "no figure").any():
        rows.append(KeyRow("swatch", "No figure found", share_style(shares.NO_FIGURE), ("shares",)))
    hosts = frame[frame["status"] == "host"]["iso3"]
    if len(hosts):
        named = ", ".join(country_name(iso3) for iso3 in hosts)
        rows.append(KeyRow("swatch", named, share_style(registry.ROLE_FILL["host"]), ("shares",)))
    return rows


def _status_rows(drawn: Mapping[str, gpd.GeoDataFrame]) -> list[KeyRow]:
    """A row for each route status the registry keys (registry.route_keys): some in every key
    with travel on it, some only when a drawn leg has them; each keys the travel layers drawn."""
    having = {key: set(drawn[key]["route_status"]) for key in ("focus", "guests") if key in drawn}
    return route_rows(set().union(*having.values()), layers=tuple(having))


def route_rows(statuses: set[str], *, layers: tuple[str, ...] = ()) -> list[KeyRow]:
    """The key's rows for the route statuses of the legs drawn, each a grey line in its dash."""
    return [
        KeyRow(
            "line", key.label, replace(UNCONFIRMED_KEY, dash=dash_of(registry.STATUS_DASH[status])), layers
        )
        for status, key in registry.route_keys(statuses)
    ]


def _trade_rows(frame: gpd.GeoDataFrame, title: str) -> list[KeyRow]:
    largest = float(frame["value_usd"].max())
    rows = [KeyRow("heading", title, layers=("trade",))]
    for share in TRADE_KEY_SHARES:
        value = text.nice_below(largest * share)
        width = round(layers.flow_weight(value, largest), 1)
        rows.append(
            KeyRow("line", text.usd_round(value), _full(line_style("trade", width=width)), ("trade",))
        )
    return rows
