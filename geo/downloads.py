"""Files to download: every drawn feature as GeoJSON, and the tables beside the map as CSV.

The tables are the accessible twin of the map: the people, the legs, the trade flows and the
places a user added that it draws, one row each (one row per reported figure for flows, so disputed values stay visible).
Values are plain text: frames hold data, never HTML.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Mapping
from functools import partial

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.base import ids
from geo.base.errors import Problem
from geo.base.settings import COORD_DECIMALS
from geo.io.events import Event
from geo.model import text
from geo.model.trade import DrawnFlow, pair_totals, partners_without_figure
from geo.model.view import Scene
from geo.ref.countries import country_name

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is a formula to a spreadsheet (CSV injection)."""
TRAVEL_LAYERS = ("focus", "guests")


def geojson_from_frames(frames: Mapping[str, gpd.GeoDataFrame], *, decimals: int = COORD_DECIMALS) -> str:
    """One FeatureCollection of every feature in ``frames``, each tagged with its ``layer``."""
    features = []
    for key, frame in frames.items():
        if not len(frame):
            continue
        plain = frame.set_geometry(
            shapely.transform(frame.geometry.values, lambda xy: np.round(xy, decimals)), crs=frame.crs
        )
        for feature in json.loads(plain.to_json(drop_id=True))["features"]:
            feature["properties"] = {"layer": key, **feature["properties"]}
            features.append(feature)
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def people_table(event: Event) -> pd.DataFrame:
    rows = [
        {
            "id": p.id,
            "name": p.name,
            "title": p.title,
            "country": country_name(p.iso3),
            "iso3": p.iso3,
            "role": p.role,
            "legs": len(event.legs_of(p.id)),
            "note": p.note or "",
            "source_url": p.source_url,
        }
        for p in event.people
    ]
    return pd.DataFrame(rows, columns=_columns(rows, "id", "name", "role", "source_url"))


def legs_table(event: Event, *, only: Collection[str] | None = None) -> pd.DataFrame:
    """Every leg, or those whose feature id (geo.base.ids.leg_id) is in ``only``."""
    rows = []
    for leg in event.legs:
        leg_id = ids.leg_id(leg.person, leg.seq)
        if only is not None and leg_id not in only:
            continue
        rows.append(
            {
                "id": leg_id,
                "person": event.person(leg.person).name,
                "seq": leg.seq,
                "from": event.places[leg.from_].name,
                "to": event.places[leg.to].name,
                "mode": leg.mode,
                "depart": leg.depart.isoformat() if leg.depart else "",
                "arrive": leg.arrive.isoformat() if leg.arrive else "",
                "time_status": leg.time_status,
                "also_reported": leg.alternatives or "",
                "route_status": leg.route_status,
                "via": ", ".join(event.places[w.place].name for w in leg.waypoints),
                "note": leg.note or "",
                "source_url": leg.source_url,
            }
        )
    return pd.DataFrame(rows, columns=_columns(rows, "id", "person", "seq", "source_url"))


def flows_table(scene: Scene, *, only: Collection[str] | None = None) -> pd.DataFrame:
    """One row per reported figure of each flow of the scene's year (or of those in ``only``)."""
    rows = []
    for flow in scene.all_flows.values():
        if only is not None and flow.id not in only:
            continue
        for rank, figure in enumerate(flow.figures):
            rows.append(
                {
                    "id": flow.id,
                    "from": country_name(flow.exporter),
                    "to": country_name(flow.importer),
                    "flow": flow.flow,
                    "year": flow.year,
                    "period": figure.period or "",
                    "value": text.usd(figure.value_usd),
                    "value_usd": figure.value_usd,
                    "series": figure.series,
                    "value_status": figure.value_status,
                    "sets_width": rank == 0,
                    "flow_disputed": flow.disputed,
                    "also_reported": figure.alternatives or "",
                    "source_url": figure.source_url,
                }
            )
    return pd.DataFrame(rows, columns=_columns(rows, "id", "year", "value_usd", "source_url"))


def partners_table(scene: Scene) -> pd.DataFrame:
    """Each pair of countries' trade in the scene's year, both ways, ranked by the two-way total
    (geo.model.trade.pair_totals): every pair of the year, whatever the map's filters. Values as
    a reader reads them ($10.7 bn), and in dollars for a spreadsheet."""
    event = scene.event
    pairs = pair_totals(scene.all_flows.values(), series_order=event.meta.series_order, first=event.meta.host)
    rows = [
        {
            "rank": pair.rank,
            "countries": f"{country_name(pair.first)} – {country_name(pair.second)}",
            "two-way": ("at least " if pair.lower_bound else "") + text.usd(pair.value),
            "disputed": pair.disputed,
            "counted as": pair.basis,
            "one way": _way(pair.ways[0]) if pair.ways else "",
            "other way": _way(pair.ways[1]) if len(pair.ways) > 1 else "",
            "period": "; ".join(dict.fromkeys(f.period for f in pair.figures if f.period)),
            "year": pair.year,
            "two_way_usd": pair.value,
            "source_url": pair.figures[0].source_url,
        }
        for pair in pairs
    ]
    return pd.DataFrame(rows, columns=_columns(rows, "rank", "countries", "two-way", "source_url"))


def _way(flow: DrawnFlow) -> str:
    return f"{country_name(flow.exporter)} → {country_name(flow.importer)}: {text.usd(flow.value)}"


def partners_note(scene: Scene, pairs: int) -> str:
    """The line above the year's trade tables: what they rank, and which of the event's countries
    have no figure with its host that year, so "largest" reads as largest of the figures found."""
    event, year = scene.event, scene.year
    said = f"Trade in {year}: {pairs} pair(s) of countries with a figure, ranked by the two-way total."
    countries = [p.iso3 for p in event.people]
    missing = partners_without_figure(event.trade, event.meta.host, countries, year=year)
    if missing:
        names = ", ".join(country_name(iso3) for iso3 in missing)
        said += (
            f" No figure found for {year} between {country_name(event.meta.host)} and {len(missing)} of "
            f"the event's countries: {names}. A rank is among the figures found."
        )
    return said


def positions_table(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """Where each traveller was, from geo.model.timeline's layer: plain columns plus lon and lat."""
    columns = ["name", "status", "approximate", "note", "at"]
    table = pd.DataFrame({c: frame[c] for c in columns if c in frame.columns})
    table["lon"] = frame.geometry.x.round(COORD_DECIMALS).to_numpy() if len(frame) else []
    table["lat"] = frame.geometry.y.round(COORD_DECIMALS).to_numpy() if len(frame) else []
    return table


def places_table(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """The places a user added, from geo.io.uploads' layer: plain columns plus lon and lat."""
    columns = ["id", "name", "category", "iso3", "note", "source_url"]
    table = pd.DataFrame({c: frame[c] for c in columns if c in frame.columns})
    table["lon"] = frame.geometry.x.round(COORD_DECIMALS).to_numpy() if len(frame) else []
    table["lat"] = frame.geometry.y.round(COORD_DECIMALS).to_numpy() if len(frame) else []
    return table


def tables_from_frames(scene: Scene, frames: Mapping[str, gpd.GeoDataFrame]) -> dict[str, pd.DataFrame]:
    """The tables of what the map draws: people, the drawn legs and flows, and positions if any;
    and the year's trade partners, ranked."""
    return {name: make() for name, make in table_makers(scene, frames).items()}


def table_makers(
    scene: Scene, frames: Mapping[str, gpd.GeoDataFrame]
) -> dict[str, Callable[[], pd.DataFrame]]:
    """tables_from_frames, each table made only when called: a page shows one table at a time,
    and the year's flows of a big trade file take seconds to tabulate."""
    leg_ids = {i for key in TRAVEL_LAYERS if key in frames for i in frames[key]["id"]}
    flow_ids = set(frames["trade"]["id"]) if "trade" in frames else set()
    makers = {
        "people": partial(people_table, scene.event),
        "legs": partial(legs_table, scene.event, only=leg_ids),
        "partners": partial(partners_table, scene),
        "flows": partial(flows_table, scene, only=flow_ids),
    }
    if "positions" in frames:
        makers["positions"] = partial(positions_table, frames["positions"])
    if "places" in frames:
        makers["places"] = partial(places_table, frames["places"])
    return makers


def problems_table(problems: Iterable[Problem]) -> pd.DataFrame:
    """One row per problem: where, what was found, why, and the value suggested instead if any;
    ``level`` says whether the row was refused (error) or only reported (warning)."""
    rows = [
        {
            "level": p.level,
            "file": p.file,
            "row": p.row,
            "column": p.column or "",
            "value": p.value,
            "problem": p.reason,
            "suggestion": p.suggestion or "",
        }
        for p in problems
    ]
    return pd.DataFrame(rows, columns=["level", "file", "row", "column", "value", "problem", "suggestion"])


def rejected_table(rejected: Iterable[Mapping[str, str]]) -> pd.DataFrame:
    """Refused rows (an event's ``rejected``, an upload's), as read, with file, line and reason
    first; rows of different files share the columns they have in common."""
    return pd.DataFrame([dict(row) for row in rejected])


def csv_from_table(table: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so spreadsheets read the accents), formulas defused."""
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object:
            safe[column] = safe[column].map(_defuse)
    return safe.to_csv(index=False).encode("utf-8-sig")


def _defuse(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _columns(rows: list[dict], *fallback: str) -> list[str]:
    """Column names for an empty table, so it still has a header."""
    return list(rows[0]) if rows else list(fallback)
