"""What was clicked on the map, and everything the event says about it.

streamlit-folium reports a click as the clicked feature's GeoJSON; its ``id`` property names
the feature (``country:PRK``, ``leg:kim-jong-un:1``, ``flow:2024:CHN-PRK:exports``,
``stop:dandong``, ``position:kim-jong-un``, ``place:3`` for a place a user added). This module turns that report into a small value and
the id into details for the panel beside the map: HTML built by geo.labels, every data value
escaped, with the sources and whether any value shown is disputed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from string import Template
from typing import Any

import geopandas as gpd
import pandas as pd

from geo import labels, layers, styles, timeline
from geo.countries import country_name, is_iso3
from geo.events import Event
from geo.schema import Leg
from geo.trade import DrawnFlow, figures_between, flows_for_year, latest_before

KINDS = ("position", "person", "leg", "flow", "country", "stop", "place")
"""Every kind of id, in the order a list of features shows them: travellers first."""
SECTION = Template("<b>$title</b>")


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
    html: str
    """Escaped HTML built by geo.labels."""
    sources: tuple[str, ...]
    disputed: bool
    """True when sources disagree on a value shown (a time, a route or a trade figure)."""


def clicked_from_return(value: Mapping[str, Any] | None) -> Clicked | None:
    """The clicked feature from st_folium's return value, or None when nothing was clicked.

    Reads ``last_active_drawing`` (the clicked feature as GeoJSON, properties included);
    anything without a known ``kind:`` id (a click on the bare map, a drawing) is None.
    """
    drawing = (value or {}).get("last_active_drawing")
    properties = drawing.get("properties") if isinstance(drawing, Mapping) else None
    feature_id = properties.get("id") if isinstance(properties, Mapping) else None
    if not isinstance(feature_id, str):
        return None
    kind = feature_id.partition(":")[0]
    return Clicked(feature_id, kind) if kind in KINDS and ":" in feature_id else None


def details_of(
    event: Event,
    feature_id: str,
    *,
    year: int,
    at: datetime | None = None,
    places: gpd.GeoDataFrame | None = None,
) -> Details | None:
    """Details of one feature of ``event``, or of ``places`` (geo.uploads' layer of the places a
    user added, which are no part of the event); None when the id names nothing in them."""
    kind, _, rest = feature_id.partition(":")
    builders = {
        "country": lambda: _country(event, rest, year=year),
        "leg": lambda: _leg(event, rest),
        "flow": lambda: _flow(event, feature_id),
        "stop": lambda: _stop(event, rest),
        "position": lambda: _person(event, feature_id, at=at),
        "person": lambda: _person(event, feature_id, at=at),
        "place": lambda: _place(places, feature_id),
    }
    build = builders.get(kind)
    return build() if build else None


def label_of(event: Event, feature_id: str, *, places: gpd.GeoDataFrame | None = None) -> str:
    """A short plain-text name for a feature, for a list to pick it from."""
    kind, _, rest = feature_id.partition(":")
    if kind == "place" and (row := _place_row(places, feature_id)) is not None:
        return f"{row['name']} (your place)"
    if kind == "country":
        return f"{country_name(rest)} (country)"
    if kind == "leg" and (leg := _find_leg(event, rest)) is not None:
        return f"{event.person(leg.person).name}: leg {leg.seq}, {labels.leg_route(event, leg)}"
    if kind == "flow":
        parts = feature_id.split(":")
        if len(parts) == 4 and "-" in parts[2]:
            a, b = parts[2].split("-", 1)
            arrow = "→" if parts[3] == "exports" else "↔"
            return f"Trade {parts[1]}: {country_name(a)} {arrow} {country_name(b)}"
    if kind == "stop" and rest in event.places:
        return f"{event.places[rest].name} (stop)"
    if kind in ("position", "person") and any(p.id == rest for p in event.people):
        return f"{event.person(rest).name} (traveller)"
    return feature_id


def sorted_ids(event: Event, ids: Iterable[str], *, places: gpd.GeoDataFrame | None = None) -> list[str]:
    """Feature ids in list order: by kind (KINDS), then by label."""

    def key(feature_id: str) -> tuple[int, str]:
        kind = feature_id.partition(":")[0]
        return (
            KINDS.index(kind) if kind in KINDS else len(KINDS),
            label_of(event, feature_id, places=places),
        )

    return sorted(dict.fromkeys(ids), key=key)


def _country(event: Event, iso3: str, *, year: int) -> Details | None:
    if not is_iso3(iso3):
        return None
    name = country_name(iso3)
    role = layers.country_roles(event).get(iso3, "other")
    people = [p for p in event.people if p.iso3 == iso3]
    host = event.meta.host
    figures = figures_between(event.trade, host, iso3, year=year)
    earlier = latest_before(event.trade, host, iso3, year=year)
    html = labels.country_popup(
        name, styles.ROLE_LABEL[role], people, country_name(host), year, figures, earlier
    )
    legs = [leg for p in people for leg in event.legs_of(p.id)]
    if legs:
        html += _section("Travel", [timeline.leg_line(event, leg) for leg in legs])
    pair = {host, iso3}
    drawn = [
        f
        for f in flows_for_year(event.trade, year=year, series_order=event.meta.series_order)
        if {f.exporter, f.importer} == pair
    ]
    disputed = (
        any(f.value_status == "disputed" for f in figures)
        or any(f.disputed for f in drawn)
        or any(leg.time_status == "disputed" for leg in legs)
    )
    sources = (
        [p.source_url for p in people] + [f.source_url for f in figures] + [leg.source_url for leg in legs]
    )
    if earlier is not None and not any(f.value_usd is not None for f in figures):
        sources.append(earlier.source_url)
    return Details(f"country:{iso3}", "country", name, html, _unique(sources), disputed)


def _leg(event: Event, rest: str) -> Details | None:
    leg = _find_leg(event, rest)
    if leg is None:
        return None
    person = event.person(leg.person)
    sources = [leg.source_url, *(w.source_url for w in leg.waypoints)]
    title = f"{person.name}: {labels.leg_route(event, leg)}"
    return Details(
        f"leg:{rest}",
        "leg",
        title,
        labels.leg_popup(event, leg),
        _unique(sources),
        leg.time_status == "disputed",
    )


def _flow(event: Event, feature_id: str) -> Details | None:
    parts = feature_id.split(":")
    if len(parts) != 4 or not parts[1].isdigit():
        return None
    flow = _find_flow(event, feature_id, year=int(parts[1]))
    if flow is None:
        return None
    sources = [f.source_url for f in (*flow.figures, *flow.context)]
    return Details(
        feature_id, "flow", labels.flow_title(flow), labels.flow_popup(flow), _unique(sources), flow.disputed
    )


def _stop(event: Event, place_id: str) -> Details | None:
    stops = layers.build_stop_layer(event)
    match = stops[stops["id"] == f"stop:{place_id}"]
    if match.empty:
        return None
    place = event.places[place_id]
    legs = [leg for leg in event.legs if place_id in (leg.from_, leg.to, *(w.place for w in leg.waypoints))]
    html = '<div class="dm-popup">' + str(match["tip"].iloc[0]) + "</div>"
    sources = [place.source_url, *(leg.source_url for leg in legs)]
    disputed = any(leg.time_status == "disputed" for leg in legs)
    return Details(f"stop:{place_id}", "stop", place.name, html, _unique(sources), disputed)


def _person(event: Event, feature_id: str, *, at: datetime | None) -> Details | None:
    kind, _, person_id = feature_id.partition(":")
    person = next((p for p in event.people if p.id == person_id), None)
    if person is None:
        return None
    legs = event.legs_of(person_id)
    lines = [labels.person_line(person) + " · " + labels.source_link(person.source_url)]
    if person.note:
        lines.append(f"<i>{labels.esc(person.note)}</i>")
    html = '<div class="dm-popup">' + "<br>".join(lines) + "</div>"
    if at is not None and legs:
        at = timeline.local_moment(event, at)
        found = timeline.locate(event, person_id, at)
        html += '<div class="dm-popup">' + timeline.position_tip(event, person, found, at) + "</div>"
    if legs:
        html += _section("Travel", [timeline.leg_line(event, leg) for leg in legs])
    sources = [person.source_url, *(leg.source_url for leg in legs)]
    disputed = any(leg.time_status == "disputed" for leg in legs)
    return Details(feature_id, kind, person.name, html, _unique(sources), disputed)


def _place(places: gpd.GeoDataFrame | None, feature_id: str) -> Details | None:
    row = _place_row(places, feature_id)
    if row is None:
        return None
    sources = (row["source_url"],) if row["source_url"] else ()
    return Details(feature_id, "place", str(row["name"]), str(row["popup"]), sources, False)


def _place_row(places: gpd.GeoDataFrame | None, feature_id: str) -> pd.Series | None:
    if places is None or not len(places):
        return None
    match = places[places["id"] == feature_id]
    return None if match.empty else match.iloc[0]


def _section(title: str, lines_html: list[str]) -> str:
    return '<div class="dm-popup">' + "<br>".join([labels.fill(SECTION, title=title), *lines_html]) + "</div>"


def _find_leg(event: Event, rest: str) -> Leg | None:
    person_id, _, seq = rest.rpartition(":")
    return next((leg for leg in event.legs if leg.person == person_id and str(leg.seq) == seq), None)


def _find_flow(event: Event, feature_id: str, *, year: int) -> DrawnFlow | None:
    flows = flows_for_year(event.trade, year=year, series_order=event.meta.series_order)
    return next((f for f in flows if f.id == feature_id), None)


def _unique(urls: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(urls))
