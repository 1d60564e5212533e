"""Layer builders: an event in, one GeoDataFrame per layer out. The only module that builds them.

Frames are data: every frame has ``id`` (geo.base.ids: what a click reports) and ``kind``, plus the
plain values the map's styles, the tables and the downloads read. No frame carries HTML: the map
renders its tooltips and popups from the records at its edge (geo.web.maps, geo.web.markup).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import GeometryCollection, Point

from geo.base import ids, registry
from geo.base.settings import CRS
from geo.io.events import Event
from geo.io.schema import ExtraPlace
from geo.model import facts, shares, timeline
from geo.model.trade import DrawnFlow
from geo.ref import geodesy
from geo.ref.countries import country_name
from geo.ref.gazetteer import LookupFailed, capital_of

ARROW_POINTS = 32
HUB_RING_KM = 320.0
"""Arrows to and from the country most flows share end on a ring this far from its capital (at
most a quarter of their length), so their heads spread around it by bearing instead of piling up."""
HUB_MIN_FLOWS = 3


def build_country_layer(event: Event, countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Every country shape with its name and role in the event."""
    return build_role_layer(facts.country_roles(event), countries)


def build_travel_layer(event: Event, *, focus: bool) -> gpd.GeoDataFrame:
    """One feature per leg, for the focus trip or the guests: its line, in one piece or cut at the
    180th meridian. Its arrowhead and offset are marks on the screen (geo.model.style)."""
    chosen = set(facts.focus_people(event))
    records, geometries = [], []
    for leg in event.legs:
        if (leg.person in chosen) != focus:
            continue
        coords = facts.drawn_coords(event, leg)
        line = geodesy.line_from_coords(coords)
        km = geodesy.path_length_km(coords)
        geometries.append(GeometryCollection(list(getattr(line, "geoms", [line]))))
        records.append(
            {
                "id": ids.leg_id(leg.person, leg.seq),
                "kind": "leg",
                "person": leg.person,
                "seq": leg.seq,
                "mode": leg.mode,
                "route_status": leg.route_status,
                "time_status": leg.time_status,
                "depart": leg.depart.isoformat() if leg.depart else "",
                "arrive": leg.arrive.isoformat() if leg.arrive else "",
                "km": round(km),
            }
        )
    return gpd.GeoDataFrame(records, geometry=geometries, crs=CRS, columns=_columns(records))


def build_stop_layer(event: Event) -> gpd.GeoDataFrame:
    """Stations and waypoints of the focus trip."""
    passes = facts.stop_passes(event)
    records = [
        {"id": ids.stop_id(place), "kind": "stop", "place": place, "name": event.places[place].name}
        for place in passes
    ]
    points = [Point(event.places[r["place"]].lonlat) for r in records]
    return gpd.GeoDataFrame(records, geometry=points, crs=CRS, columns=_columns(records))


def flow_weight(value: float, largest: float) -> float:
    """Arrow width in pixels: area-true (square root), between the registry's bounds."""
    if largest <= 0:
        return registry.FLOW_MIN_WEIGHT
    share = math.sqrt(max(value, 0.0) / largest)
    return registry.FLOW_MIN_WEIGHT + share * (registry.FLOW_MAX_WEIGHT - registry.FLOW_MIN_WEIGHT)


FEATURED_MIN_WEIGHT = 4.0
"""A featured flow (a chapter is about it) is at least this wide in pixels, so a small one shows."""


def build_trade_layer(flows: Iterable[DrawnFlow], *, featured: Collection[str] = ()) -> gpd.GeoDataFrame:
    """One arrow per flow between capitals (the flows of one view, geo.model.view); width scales
    with value. The ``featured`` flows (ids) come last, so they are drawn on top, and at least
    FEATURED_MIN_WEIGHT wide."""
    flows = sorted(flows, key=lambda f: f.id in featured)
    largest = max((f.value for f in flows), default=0.0)
    placed, starts, ends = [], [], []
    for flow in flows:
        try:
            start, end = capital_of(flow.exporter)[:2], capital_of(flow.importer)[:2]
        except LookupFailed:
            continue
        placed.append(flow)
        starts.append(start)
        ends.append(end)
    weights = [
        max(w, FEATURED_MIN_WEIGHT) if f.id in featured else w
        for f, w in ((flow, flow_weight(flow.value, largest)) for flow in placed)
    ]
    records = [
        {
            "id": flow.id,
            "kind": "flow",
            "exporter": flow.exporter,
            "importer": flow.importer,
            "flow": flow.flow,
            "year": flow.year,
            "value_usd": flow.value,
            "series": flow.figures[0].series,
            "disputed": flow.disputed,
            "featured": flow.id in featured,
            "weight": round(weight, 1),
        }
        for flow, weight in zip(placed, weights, strict=True)
    ]
    hub = hub_of(placed)
    geometries = arrow_geometries(
        np.array(starts).reshape(-1, 2),
        np.array(ends).reshape(-1, 2),
        at_hub_start=np.array([flow.exporter == hub for flow in placed], dtype=bool),
        at_hub_end=np.array([flow.importer == hub for flow in placed], dtype=bool),
    )
    return gpd.GeoDataFrame(records, geometry=geometries, crs=CRS, columns=_columns(records))


def hub_of(flows: Iterable[DrawnFlow]) -> str | None:
    """The country most flows start or end in, when at least HUB_MIN_FLOWS do."""
    counts: dict[str, int] = {}
    for flow in flows:
        for iso3 in (flow.exporter, flow.importer):
            counts[iso3] = counts.get(iso3, 0) + 1
    best = max(counts, key=counts.get, default=None)
    return best if best is not None and counts[best] >= HUB_MIN_FLOWS else None


def arrow_geometries(
    starts: np.ndarray,
    ends: np.ndarray,
    *,
    at_hub_start: np.ndarray | None = None,
    at_hub_end: np.ndarray | None = None,
) -> list[GeometryCollection]:
    """Great-circle arrows' lines, each stopping on a ring around the hub at whichever end is the
    hub. Their heads, and the offset that keeps A -> B beside B -> A, are marks on the screen
    (geo.model.style: a total has a head at each end and no offset).

    Built as one batch: per-arrow pyproj and shapely calls made 10,000 flows take seconds.
    """
    if len(starts) == 0:
        return []
    lengths = geodesy.distances_km(starts, ends)
    ring = np.minimum(HUB_RING_KM, 0.25 * lengths)
    none = np.zeros(len(starts), dtype=bool)
    trim_start = np.where(none if at_hub_start is None else at_hub_start, ring, 0.0)
    trim_end = np.where(none if at_hub_end is None else at_hub_end, ring, 0.0)
    paths = geodesy.great_circles(
        starts, ends, points=ARROW_POINTS, trim_start_km=trim_start, trim_end_km=trim_end
    )
    parts, owners = [], []
    for i, line in enumerate(geodesy.lines_from_coords(paths)):
        pieces = list(getattr(line, "geoms", [line]))
        parts += pieces
        owners += [i] * len(pieces)
    return list(shapely.geometrycollections(parts, indices=owners))


def build_position_layer(event: Event, at: datetime) -> gpd.GeoDataFrame:
    """One point per traveller (everyone with a leg) at ``at``; naive means the event's local time.
    The highlighted travellers come last, so their dots are drawn over the guests' beside them."""
    at = timeline.local_moment(event, at)
    focus = set(facts.focus_people(event))
    records, points = [], []
    for person in sorted(event.people, key=lambda p: p.id in focus):
        if not event.legs_of(person.id):
            continue
        found = timeline.locate(event, person.id, at)
        records.append(
            {
                "id": ids.position_id(person.id),
                "kind": "position",
                "person": person.id,
                "name": person.name,
                "focus": person.id in focus,
                "status": found.status,
                "approximate": found.approximate,
                "where": timeline.where_text(found),
                "place": found.place,
                "leg": ids.leg_id(found.leg.person, found.leg.seq) if found.leg else "",
                "note": found.note,
                "at": at.isoformat(),
            }
        )
        points.append(Point(found.lonlat))
    columns = None if records else ["id", "kind", "person", "focus", "status"]
    return gpd.GeoDataFrame(records, geometry=points, crs=CRS, columns=columns)


def build_place_layer(places: Iterable[tuple[int, ExtraPlace]], *, file: str = "") -> gpd.GeoDataFrame:
    """The places a user added (geo.io.uploads), as a layer: id ``place:N``, N the feature's number;
    ``file``: the name of the file they came from, the first thing their cards cite."""
    records, points = [], []
    for number, place in places:
        records.append(
            {
                "id": ids.place_id(number),
                "kind": "place",
                "name": place.name,
                "category": place.kind or "",
                "iso3": place.iso3 or "",
                "country": country_name(place.iso3) if place.iso3 else "",
                "note": place.note or "",
                "source_url": place.source_url or "",
                "source": place.source or "",
                "file": file,
                "number": number,
                "lat": place.lat,
                "lon": place.lon,
            }
        )
        points.append(Point(place.lon, place.lat))
    columns = None if records else ["id", "kind", "name"]
    return gpd.GeoDataFrame(records, geometry=points, crs=CRS, columns=columns)


def _columns(records: list[dict]) -> list[str] | None:
    """Column names for an empty frame, so an empty layer still has the expected schema."""
    return None if records else ["id", "kind"]


def build_share_layer(event: Event, countries: gpd.GeoDataFrame, *, year: int) -> gpd.GeoDataFrame:
    """Every country shape, as the basemap of a map about trade shares: the host, each country
    with a share of its trade with the host in ``year`` (geo.model.shares) in its class's fill, each
    guest's country with none in the grey of no figure, the rest quiet. Disputed shares come last,
    so their dashed outlines are drawn over their neighbours'."""
    found = shares.shares_of(event, year=year)
    breaks = shares.class_breaks([c.value for c in found.values() if c.value is not None])
    fills, texts = shares.colours(len(breaks)), shares.class_texts(breaks)
    records = []
    for iso3 in countries["iso3"]:
        share = found.get(iso3)
        status = "host" if iso3 in event.meta.hosts else "other" if share is None else share.status
        number = shares.class_of(share.value, breaks) if share and share.value is not None else -1
        fill = fills[number] if number >= 0 else shares.NO_FIGURE if share else registry.ROLE_FILL[status]
        text = texts[number] if number >= 0 else "No figure found" if share else ""
        value = share.value if share else None
        records.append(
            {"id": ids.country_id(iso3), "kind": "share", "iso3": iso3, "share": value, "status": status,
             "class": number, "class_text": text, "fill": fill}
        )  # fmt: skip
    frame = gpd.GeoDataFrame(records, geometry=list(countries.geometry), crs=CRS)
    last = {"other": 0, "host": 1, "no figure": 1, "figure": 1, "disputed": 2}
    return frame.iloc[np.argsort([last[s] for s in frame["status"]], kind="stable")].reset_index(drop=True)


def build_role_layer(roles: Mapping[str, str], countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Every country shape with the role given for it (a person's map: hosts visited, countries
    passed through), ``other`` when none is."""
    return gpd.GeoDataFrame(
        {
            "id": [ids.country_id(i) for i in countries["iso3"]],
            "kind": "country",
            "iso3": list(countries["iso3"]),
            "name": list(countries["name"]),
            "role": [roles.get(i, "other") for i in countries["iso3"]],
        },
        geometry=list(countries.geometry),
        crs=CRS,
    )
