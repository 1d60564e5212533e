"""The flows a chapter is about (story.toml's ``featured_flows``): a country's trade with the host,
drawn visible and on top whatever its size, its value written beside it.

"North Korea ↔ China $2.2 bn · 98% of its trade": the two-way figure the event's trade.csv holds
for the trade year (the series first in ``series_order``), and the share of the country's trade
that is with the host (geo.model.shares) when one was found and the sources agree on it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from geo.io.events import Event
from geo.model import shares, story
from geo.model.labels import FLOW, Label
from geo.model.trade import DrawnFlow
from geo.model.view import Scene
from geo.ref import geodesy
from geo.ref.countries import country_name, load_countries
from geo.ref.gazetteer import LookupFailed, capital_of

CLEAR_POINTS = 40
"""Points along a featured arrow kept clear of labels (geo.model.labels.keep_clear): close enough at
any zoom a chapter frames that no name slips between two."""


@dataclass(frozen=True)
class FeaturedFlow:
    iso3: str
    """The host's partner."""
    flow_id: str
    """The drawn arrow the value belongs to (the pair's largest)."""
    value: float
    """Two-way trade in US dollars."""
    share: float | None
    """Per cent of the partner's trade that is with the host; None when not found or disputed."""
    chapters: tuple[int, ...]


def featured_partners(event: Event) -> dict[str, tuple[int, ...]]:
    """Each country a chapter features, with the chapters that feature it."""
    found: dict[str, list[int]] = {}
    for chapter in story.chapters_of(event):
        for iso3 in chapter.featured_flows:
            found.setdefault(iso3, []).append(chapter.number)
    return {iso3: tuple(numbers) for iso3, numbers in found.items()}


def is_featured(flow: DrawnFlow, host: str, partners: object) -> bool:
    """Whether an arrow is part of a featured pair: the host and a featured partner."""
    pair = {flow.exporter, flow.importer}
    return host in pair and bool(pair & set(partners))  # type: ignore[call-overload]


def two_way(scene: Scene, iso3: str) -> tuple[str, float] | None:
    """The pair's drawn arrow with the most trade, and its two-way value: a total when one is
    drawn or given beside the directions (first series of ``series_order``), else the directions'
    sum. None when the view's filters draw no arrow of the pair."""
    host = scene.event.meta.host
    flows = [f for f in scene.all_flows.values() if {f.exporter, f.importer} == {host, iso3}]
    drawn = [f for f in scene.flows if {f.exporter, f.importer} == {host, iso3}]
    if not drawn:  # the filters leave it out: no value written beside nothing
        return None
    largest = max(drawn, key=lambda f: f.value)
    totals = [f for f in flows if f.flow == "total"]
    if totals:
        return totals[0].id, totals[0].value
    order = scene.event.meta.series_order
    context = sorted(
        {row for f in flows for row in f.context if row.value_usd is not None},
        key=lambda row: order.index(row.series) if row.series in order else len(order),
    )
    if context:
        return largest.id, float(context[0].value_usd or 0.0)
    return largest.id, sum(f.value for f in flows)


def featured_flows(scene: Scene) -> list[FeaturedFlow]:
    """The featured flows of the scene's trade year that have a figure."""
    found = []
    chosen = shares.shares_of(scene.event, year=scene.year)
    for iso3, chapters in featured_partners(scene.event).items():
        pair = two_way(scene, iso3)
        if pair is None:
            continue
        share = chosen.get(iso3)
        value = share.value if share is not None and share.status == "figure" else None
        found.append(FeaturedFlow(iso3, pair[0], pair[1], value, chapters))
    return found


def short_name(iso3: str) -> str:
    """A country as a map names it: Natural Earth's short name (Russia), else ISO's."""
    countries = load_countries()
    names = countries.loc[countries["iso3"] == iso3, "name"]
    return str(names.iloc[0]) if len(names) else country_name(iso3)


def usd_short(value: float) -> str:
    """A flow's value as the map writes it: $245 bn, $2.2 bn, $340 m."""
    for unit, size in (("bn", 1e9), ("m", 1e6)):
        if value >= size:
            shown = value / size
            return f"${shown:,.1f} {unit}" if shown < 10 else f"${shown:,.0f} {unit}"
    return f"${value:,.0f}"


def label_text(flow: FeaturedFlow, host: str) -> str:
    line = f"{short_name(flow.iso3)} ↔ {short_name(host)} {usd_short(flow.value)}"
    # Two lines: a label half as wide finds room beside a capital near the edge of the view.
    return line if flow.share is None else f"{line}\n{shares.percent(flow.share)} of its trade"


def flow_labels(scene: Scene) -> list[Label]:
    """A label for each featured flow, at the partner's capital (the far end of its arrow from the
    host), shown in the chapters that feature it while the trade layer is on."""
    found = []
    host = scene.event.meta.host
    for flow in featured_flows(scene):
        try:
            lon, lat, _ = capital_of(flow.iso3)
            start = capital_of(host)[:2]
        except LookupFailed:
            continue
        line = geodesy.great_circle_coords(start, (lon, lat), points=CLEAR_POINTS)
        clear = tuple((float(x), float(y)) for x, y in np.round(line, 3))
        text = label_text(flow, host)
        found.append(
            Label(flow.flow_id, text, lon, lat, "trade", FLOW, "flow", chapters=flow.chapters, clear=clear)
        )
    return found
