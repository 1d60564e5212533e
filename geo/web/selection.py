"""What was clicked on the map, and everything the event says about it.

streamlit-folium reports a click as the clicked feature's GeoJSON; its ``id`` property names
the feature (geo.base.ids). This module turns that report into a small value, and the id into the
details the panel beside the map shows: the same card as the feature's popup (geo.web.captions),
with the person's or country's travel added, its sources, and whether a value is disputed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from markupsafe import Markup

from geo.base import ids, registry
from geo.model import facts, layers, text
from geo.model.trade import figures_between
from geo.model.view import Scene
from geo.ref.countries import country_name, is_iso3
from geo.web import captions


@dataclass(frozen=True)
class Clicked:
    """The feature a click on the map reported."""

    id: str
    kind: str


@dataclass(frozen=True)
class Details:
    """What the panel beside the map shows for one feature."""

    id: str
    kind: str
    title: str
    """Plain text."""
    html: Markup
    sources: tuple[str, ...]
    disputed: bool
    """True when sources disagree on a value shown (a time, a route or a trade figure)."""


def clicked_from_return(value: Mapping[str, Any] | None) -> Clicked | None:
    """The clicked feature from st_folium's return value, or None when nothing was clicked.

    Reads ``last_active_drawing`` (the clicked feature as GeoJSON, properties included);
    anything without one of our ids (a click on the bare map, a drawing) is None.
    """
    drawing = (value or {}).get("last_active_drawing")
    properties = drawing.get("properties") if isinstance(drawing, Mapping) else None
    found = ids.parse(properties.get("id") if isinstance(properties, Mapping) else None)
    return None if found is None else Clicked(str(found), found.kind)


@dataclass(frozen=True)
class Click:
    """Where a reader clicked on the map, and the zoom they saw it at."""

    lon: float
    lat: float
    zoom: float


REACH_PX = 6.0
"""How far beyond a line's drawn width, or a dot's edge, a click still reaches it, in pixels."""
PICK_RANK = {"stops": 1, "focus": 2, "places": 3, "positions": 4, "guests": 5, "trade": 6, "countries": 7}
"""Which of the features a click reaches a reader most likely aimed at, first: a highlighted
traveller's dot (rank 0), the highlighted trip's stations and legs, then whatever lies under
the pointer before what is only near it, by these ranks; the country beneath everything."""
HIGHLIGHTED_RANK = 2
"""Ranks up to this one are the highlighted trip's: reached within REACH_PX, they come first."""
EARTH_RADIUS_M = 6378137.0
"""Web Mercator's sphere, as the map draws it."""


def click_from_return(value: Mapping[str, Any] | None) -> Click | None:
    """Where the reader last clicked, from st_folium's return value (``last_clicked`` and
    ``zoom``); None when it holds no usable click."""
    value = value or {}
    point, zoom = value.get("last_clicked"), value.get("zoom")
    try:
        lat, lon, zoom = float(point["lat"]), float(point["lng"]), float(zoom)
    except (KeyError, TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and math.isfinite(lon) and 0 <= zoom <= 30):
        return None
    return Click(((lon + 180) % 360) - 180, lat, zoom)


def features_at(
    frames: Mapping[str, gpd.GeoDataFrame], click: Click, *, under: str | None = None
) -> list[str]:
    """Ids of the features a click reaches, the one the reader most likely aimed at first
    (PICK_RANK, then the nearest): what shares the spot, for a short list to choose from."""
    metres_per_pixel = 2 * math.pi * EARTH_RADIUS_M / (256 * 2**click.zoom)
    here = shapely.Point(_mercator(np.array([[click.lon, click.lat]]))[0])
    found: dict[str, tuple[int, int, float]] = {}
    for key, frame in frames.items():
        if not len(frame) or key not in PICK_RANK:
            continue
        if key == "countries":
            inside = shapely.contains_xy(frame.geometry.values, click.lon, click.lat)
            hits = [(i, 3, PICK_RANK[key], math.inf) for i in frame["id"][inside]]
        else:
            drawn, aside = _drawn_px(key, frame), _offset_px(key, frame)
            # Only features whose box comes near the click are measured: 10,000 arrows are
            # 320,000 points, too many to project at every click.
            near, box = _near_box(frame, click, pixels=float((drawn + aside).max()) + REACH_PX)
            pieces = shapely.transform(shapely.clip_by_rect(frame.geometry.values[near], *box), _mercator)
            # Measured to the line as drawn, a few pixels to the right of its way (shapely: left is +).
            if aside[near].any():
                pieces = shapely.offset_curve(pieces, -aside[near] * metres_per_pixel)
            pixels = shapely.distance(pieces, here) / metres_per_pixel
            pixels = np.where(shapely.is_empty(pieces), np.inf, pixels)
            ranks = np.asarray(_ranks(key, frame))[near]
            hits = [
                (i, _tier(rank, d, size), rank, d)
                for i, rank, d, size in zip(
                    frame["id"].to_numpy()[near], ranks, pixels, drawn[near], strict=True
                )
                if d <= size + REACH_PX
            ]
        for feature_id, *order in hits:
            if feature_id not in found or tuple(order) < found[feature_id]:
                found[feature_id] = tuple(order)
    if under in found and found[under][0] > 0:
        # The feature the browser found under the pointer (drawn on top there): what the reader
        # aimed at, after the highlighted trip only. A trade arrow clicked where it lies over a
        # guest's flight (Moscow to Beijing, both) is the arrow.
        found[under] = (0.5, *found[under][1:])  # type: ignore[assignment]
    return sorted(found, key=lambda i: found[i])


def _tier(rank: int, distance: float, drawn: float) -> int:
    """0: the highlighted trip; 1: under the pointer; 2: only near it."""
    if rank <= HIGHLIGHTED_RANK:
        return 0
    return 1 if distance <= drawn else 2


def _near_box(
    frame: gpd.GeoDataFrame, click: Click, *, pixels: float
) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """The box within ``pixels`` of the click (a degree of longitude is the most pixels a degree
    spans on the map, so it errs wide), and which features' bounding boxes meet it."""
    margin = pixels * 360.0 / (256 * 2**click.zoom)
    box = (click.lon - margin, click.lat - margin, click.lon + margin, click.lat + margin)
    west, south, east, north = shapely.bounds(frame.geometry.values).T
    near = (west <= box[2]) & (box[0] <= east) & (south <= box[3]) & (box[1] <= north)
    return near, box


def _mercator(lonlat: np.ndarray) -> np.ndarray:
    lon, lat = np.radians(lonlat[:, 0]), np.radians(np.clip(lonlat[:, 1], -85.0511, 85.0511))
    return np.column_stack([EARTH_RADIUS_M * lon, EARTH_RADIUS_M * np.log(np.tan(np.pi / 4 + lat / 2))])


def _drawn_px(key: str, frame: gpd.GeoDataFrame) -> np.ndarray:
    """Per feature, how far its drawing reaches from its geometry, in pixels (half a line's
    width with its casing, and the offset it is drawn at beside its way; a dot's radius and
    outline)."""
    spec = registry.LAYERS[key]
    if spec.kind == "point":
        return np.full(len(frame), (spec.radius or 5) + spec.weight / 2)
    weights = frame["weight"].to_numpy(float) if "weight" in frame else np.full(len(frame), spec.weight)
    return (weights + spec.casing_extra) / 2


def _offset_px(key: str, frame: gpd.GeoDataFrame) -> np.ndarray:
    """Per feature, how many pixels to the right of its way its line is drawn (geo.model.style):
    a leg its layer's offset, a one-way trade arrow half its width and a pixel, a total none."""
    spec = registry.LAYERS[key]
    if key != "trade":
        return np.full(len(frame), spec.offset if spec.kind == "line" else 0.0)
    weights = frame["weight"].to_numpy(float) if "weight" in frame else np.full(len(frame), spec.weight)
    two_way = (frame["flow"] == "total").to_numpy() if "flow" in frame else np.zeros(len(frame), dtype=bool)
    return np.where(two_way, 0.0, weights / 2 + 1)


def _ranks(key: str, frame: gpd.GeoDataFrame) -> list[int]:
    if key == "positions" and "focus" in frame:
        return [0 if focus else PICK_RANK[key] for focus in frame["focus"]]
    return [PICK_RANK[key]] * len(frame)


def details_of(scene: Scene, feature_id: str, *, places: gpd.GeoDataFrame | None = None) -> Details | None:
    """Details of one feature of the scene's event, or of ``places`` (a user's places, no part
    of the event); None when the id names nothing in them."""
    found = ids.parse(feature_id)
    if found is None:
        return None
    build = _BUILDERS[found.kind]
    return build(scene, found, places)


def label_of(scene: Scene, feature_id: str, *, places: gpd.GeoDataFrame | None = None) -> str:
    """A short plain-text name for a feature, for a list to pick it from."""
    event = scene.event
    found = ids.parse(feature_id)
    kind, parts = (found.kind, found.parts) if found else ("", ())
    if kind == "place" and (row := _place_row(places, feature_id)) is not None:
        return f"{row['name']} (your place)"
    if kind == "country":
        return f"{country_name(parts[0])} (country)"
    if kind == "leg" and (leg := _leg(scene, feature_id)) is not None:
        return f"{event.person(leg.person).name}: leg {leg.seq}, {text.leg_route(event, leg)}"
    if kind == "flow":
        year, exporter, importer, flow = ids.parse_flow(feature_id)
        arrow = "→" if flow == "exports" else "↔"
        return f"Trade {year}: {country_name(exporter)} {arrow} {country_name(importer)}"
    if kind == "stop" and parts[0] in event.places:
        return f"{event.places[parts[0]].name} (stop)"
    if kind in ("position", "person") and any(p.id == parts[0] for p in event.people):
        return f"{event.person(parts[0]).name} (traveller)"
    return feature_id


def sorted_ids(
    scene: Scene, feature_ids: Iterable[str], *, places: gpd.GeoDataFrame | None = None
) -> list[str]:
    """Feature ids in list order: by kind (geo.base.ids.KINDS), then by label."""

    def key(feature_id: str) -> tuple[int, str]:
        kind = feature_id.partition(":")[0]
        order = ids.KINDS.index(kind) if kind in ids.KINDS else len(ids.KINDS)
        return (order, label_of(scene, feature_id, places=places))

    return sorted(dict.fromkeys(feature_ids), key=key)


def _country(scene: Scene, found: ids.FeatureId, places) -> Details | None:
    iso3 = found.parts[0]
    if not is_iso3(iso3):
        return None
    event = scene.event
    _, html = captions.country_caption(scene, iso3, travel=True)
    people = [p for p in event.people if p.iso3 == iso3]
    figures = figures_between(event.trade, event.meta.host, iso3, year=scene.year)
    legs = [leg for p in people for leg in event.legs_of(p.id)]
    drawn = [f for f in scene.all_flows.values() if {f.exporter, f.importer} == {event.meta.host, iso3}]
    disputed = (
        any(f.value_status == "disputed" for f in figures)
        or any(f.disputed for f in drawn)
        or any(leg.time_status == "disputed" for leg in legs)
    )
    sources = (
        [p.source_url for p in people] + [f.source_url for f in figures] + [leg.source_url for leg in legs]
    )
    return Details(str(found), "country", country_name(iso3), html or Markup(""), _unique(sources), disputed)


def _leg_details(scene: Scene, found: ids.FeatureId, places) -> Details | None:
    leg = _leg(scene, str(found))
    if leg is None:
        return None
    event = scene.event
    _, html = captions.leg_caption(scene, leg)
    sources = [leg.source_url, *(w.source_url for w in leg.waypoints)]
    title = f"{event.person(leg.person).name}: {text.leg_route(event, leg)}"
    return Details(str(found), "leg", title, html, _unique(sources), leg.time_status == "disputed")


def _flow(scene: Scene, found: ids.FeatureId, places) -> Details | None:
    year = ids.parse_flow(str(found))[0]
    flows = scene.all_flows if year == scene.year else scene.with_view(year=year).all_flows
    flow = flows.get(str(found))
    if flow is None:
        return None
    sources = [f.source_url for f in (*flow.figures, *flow.context)]
    html = captions.flow_popup(flow)
    return Details(str(found), "flow", text.flow_title(flow), html, _unique(sources), flow.disputed)


def _stop(scene: Scene, found: ids.FeatureId, places) -> Details | None:
    place_id = found.parts[0]
    event = scene.event
    if place_id not in facts.stop_passes(event):
        return None
    _, html = captions.stop_caption(scene, place_id)
    legs = facts.legs_through(event, place_id)
    sources = [event.places[place_id].source_url, *(leg.source_url for leg in legs)]
    disputed = any(leg.time_status == "disputed" for leg in legs)
    return Details(str(found), "stop", event.places[place_id].name, html, _unique(sources), disputed)


def _person(scene: Scene, found: ids.FeatureId, places) -> Details | None:
    event = scene.event
    person = next((p for p in event.people if p.id == found.parts[0]), None)
    if person is None:
        return None
    legs = event.legs_of(person.id)
    if scene.view.at is not None and legs:
        frame = layers.build_position_layer(event, scene.view.at)
        row = frame[frame["person"] == person.id].drop(columns="geometry").to_dict("records")[0]
        _, html = captions.position_caption(scene, row, travel=True)
    else:
        html = captions.person_popup(event, person, legs=legs)
    sources = [person.source_url, *(leg.source_url for leg in legs)]
    disputed = any(leg.time_status == "disputed" for leg in legs)
    return Details(str(found), found.kind, person.name, html, _unique(sources), disputed)


def _place(scene: Scene, found: ids.FeatureId, places) -> Details | None:
    row = _place_row(places, str(found))
    if row is None:
        return None
    _, html = captions.place_caption(row.to_dict())
    sources = (row["source_url"],) if row["source_url"] else ()
    return Details(str(found), "place", str(row["name"]), html, sources, False)


_BUILDERS = {
    "country": _country,
    "leg": _leg_details,
    "flow": _flow,
    "stop": _stop,
    "position": _person,
    "person": _person,
    "place": _place,
}


def _place_row(places: gpd.GeoDataFrame | None, feature_id: str) -> pd.Series | None:
    if places is None or not len(places):
        return None
    match = places[places["id"] == feature_id]
    return None if match.empty else match.iloc[0]


def _leg(scene: Scene, feature_id: str):
    key = ids.parse_leg(feature_id)
    return next((leg for leg in scene.event.legs if leg.key == key), None)


def _unique(urls: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(urls))
