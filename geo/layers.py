"""Layer builders: an event in, one GeoDataFrame per layer out, ready for the map or GeoJSON.

Every frame has the columns ``id`` (what a click reports: ``country:PRK``, ``leg:kim-jong-un:1``,
``flow:2024:CHN-PRK:exports``, ``stop:dandong``), ``kind``, ``tip`` and ``popup`` (HTML built by
geo.labels, every data value escaped), and the plain values the app and the downloads need.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import GeometryCollection, Point

from geo import geodesy, labels, styles
from geo.countries import country_name
from geo.events import Event
from geo.gazetteer import LookupFailed, capital_of
from geo.schema import Leg
from geo.trade import figures_between, flows_for_year, latest_before

CRS = "EPSG:4326"
FOCUS_OFFSET_KM = 12.0
"""Outbound and return trains share a corridor: each runs this far to the right of it."""
FLOW_OFFSET_SHARE = 0.04
"""A directional trade arrow runs to the right of the line between capitals, by this share of
its length (at most FLOW_OFFSET_MAX_KM), so A -> B and B -> A sit side by side."""
FLOW_OFFSET_MAX_KM = 120.0


def country_roles(event: Event) -> dict[str, str]:
    """iso3 -> role for every country the event names: host, highlight, guest, attendee."""
    roles: dict[str, str] = {}
    for person in event.people:
        if person.role in ("guest", "attendee"):
            roles.setdefault(person.iso3, person.role)
            if person.role == "guest":
                roles[person.iso3] = "guest"
    for iso3 in event.meta.highlight:
        roles[iso3] = "highlight"
    roles[event.meta.host] = "host"
    return roles


def build_country_layer(event: Event, countries: gpd.GeoDataFrame, *, year: int) -> gpd.GeoDataFrame:
    """Every country shape with its role; guests' and the host's carry people and trade figures."""
    roles = country_roles(event)
    host_name = country_name(event.meta.host)
    records = []
    for iso3, name in zip(countries["iso3"], countries["name"], strict=True):
        role = roles.get(iso3, "other")
        people = [p for p in event.people if p.iso3 == iso3]
        role_label = styles.ROLE_LABEL[role]
        if role == "other":
            tip, popup = labels.esc(name), ""
        else:
            figures = figures_between(event.trade, event.meta.host, iso3, year=year)
            earlier = latest_before(event.trade, event.meta.host, iso3, year=year)
            tip = labels.country_tip(name, role_label, people)
            popup = labels.country_popup(name, role_label, people, host_name, year, figures, earlier)
        records.append(
            {
                "id": f"country:{iso3}",
                "kind": "country",
                "iso3": iso3,
                "name": name,
                "role": role,
                "tip": tip,
                "popup": popup,
            }
        )
    return gpd.GeoDataFrame(records, geometry=list(countries.geometry), crs=CRS)


def focus_people(event: Event) -> list[str]:
    """Ids of the travellers from highlighted countries, whose trip gets its own layer."""
    return [p.id for p in event.people if p.iso3 in event.meta.highlight and p.role != "host"]


def leg_coords(event: Event, leg: Leg) -> np.ndarray:
    """The path a leg is drawn along: a great circle by air, through its waypoints otherwise."""
    start, end = event.places[leg.from_].lonlat, event.places[leg.to].lonlat
    if leg.mode == "air" or not leg.waypoints:
        return geodesy.great_circle_coords(start, end)
    via = [event.places[w.place].lonlat for w in leg.waypoints]
    return geodesy.path_coords([start, *via, end], step_km=50.0)


def build_travel_layer(event: Event, *, focus: bool) -> gpd.GeoDataFrame:
    """One feature per leg, line and arrowhead together, for the focus trip or the guests."""
    chosen = set(focus_people(event))
    records, geometries = [], []
    for leg in event.legs:
        if (leg.person in chosen) != focus:
            continue
        coords = leg_coords(event, leg)
        if focus:
            coords = geodesy.offset_coords(coords, km=FOCUS_OFFSET_KM)
        line = geodesy.line_from_coords(coords)
        km = geodesy.path_length_km(coords)
        head_km = min(styles.HEAD_KM, 0.3 * km)
        head = geodesy.arrowhead(tuple(coords[-1]), tuple(coords[-2]), length_km=head_km)
        geometries.append(GeometryCollection([*getattr(line, "geoms", [line]), head]))
        records.append(
            {
                "id": f"leg:{leg.person}:{leg.seq}",
                "kind": "leg",
                "person": leg.person,
                "seq": leg.seq,
                "mode": leg.mode,
                "route_status": leg.route_status,
                "time_status": leg.time_status,
                "depart": leg.depart.isoformat() if leg.depart else "",
                "arrive": leg.arrive.isoformat() if leg.arrive else "",
                "km": round(km),
                "tip": labels.leg_tip(event, leg),
                "popup": labels.leg_popup(event, leg),
            }
        )
    return gpd.GeoDataFrame(records, geometry=geometries, crs=CRS, columns=_columns(records))


def build_stop_layer(event: Event) -> gpd.GeoDataFrame:
    """Stations and waypoints of the focus trip, each with the times it was passed."""
    chosen = set(focus_people(event))
    passes: dict[str, list] = {}
    for leg in sorted(event.legs, key=lambda leg: (leg.person, leg.seq)):
        if leg.person not in chosen:
            continue
        who = event.person(leg.person).name
        passes.setdefault(leg.from_, []).append((f"{who} departs", leg.depart, leg.time_status))
        for w in leg.waypoints:
            passes.setdefault(w.place, []).append((f"{who} passes", w.time, w.status))
        passes.setdefault(leg.to, []).append((f"{who} arrives", leg.arrive, leg.time_status))
    records = [
        {
            "id": f"stop:{place_id}",
            "kind": "stop",
            "place": place_id,
            "tip": labels.stop_tip(event, event.places[place_id], items),
            "popup": "",
        }
        for place_id, items in passes.items()
    ]
    points = [Point(event.places[r["place"]].lonlat) for r in records]
    return gpd.GeoDataFrame(records, geometry=points, crs=CRS, columns=_columns(records))


def flow_weight(value: float, largest: float) -> float:
    """Arrow width in pixels: area-true (square root), between the registry's bounds."""
    if largest <= 0:
        return styles.FLOW_MIN_WEIGHT
    share = math.sqrt(max(value, 0.0) / largest)
    return styles.FLOW_MIN_WEIGHT + share * (styles.FLOW_MAX_WEIGHT - styles.FLOW_MIN_WEIGHT)


def build_trade_layer(
    event: Event, *, year: int, min_value: float = 0.0, top: int | None = None
) -> gpd.GeoDataFrame:
    """One arrow per drawn flow between capitals; width scales with value."""
    flows = flows_for_year(
        event.trade, year=year, series_order=event.meta.series_order, min_value=min_value, top=top
    )
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
    weights = [flow_weight(flow.value, largest) for flow in placed]
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
            "weight": round(weight, 1),
            "tip": labels.flow_tip(flow),
            "popup": labels.flow_popup(flow),
        }
        for flow, weight in zip(placed, weights, strict=True)
    ]
    geometries = arrow_geometries(
        np.array(starts).reshape(-1, 2),
        np.array(ends).reshape(-1, 2),
        weights=np.array(weights),
        both_ends=np.array([flow.flow == "total" for flow in placed], dtype=bool),
    )
    return gpd.GeoDataFrame(records, geometry=geometries, crs=CRS, columns=_columns(records))


ARROW_POINTS = 32


def arrow_geometries(
    starts: np.ndarray, ends: np.ndarray, *, weights: np.ndarray, both_ends: np.ndarray
) -> list[GeometryCollection]:
    """Great-circle arrows, each offset to its right unless it points both ways (a total).

    Built as one batch: per-arrow pyproj and shapely calls made 10,000 flows take seconds.
    """
    if len(starts) == 0:
        return []
    lengths = geodesy.distances_km(starts, ends)
    paths = geodesy.great_circles(starts, ends, points=ARROW_POINTS)
    offsets = np.where(both_ends, 0.0, np.minimum(FLOW_OFFSET_MAX_KM, FLOW_OFFSET_SHARE * lengths))
    paths = geodesy.offset_paths(paths, km=offsets)
    head_km = np.minimum(50.0 + 12.0 * weights, 0.3 * lengths)
    end_heads = shapely.polygons(geodesy.arrowhead_rings(paths[:, -1], paths[:, -2], length_km=head_km))
    start_heads = shapely.polygons(geodesy.arrowhead_rings(paths[:, 0], paths[:, 1], length_km=head_km))
    arrows = []
    for path, end_head, start_head, two_way in zip(paths, end_heads, start_heads, both_ends, strict=True):
        line = geodesy.line_from_coords(path)
        parts = [*getattr(line, "geoms", [line]), end_head]
        if two_way:
            parts.append(start_head)
        arrows.append(GeometryCollection(parts))
    return arrows


def _columns(records: list[dict]) -> list[str] | None:
    """Column names for an empty frame, so an empty layer still has the expected schema."""
    return None if records else ["id", "kind", "tip", "popup"]
