"""A person's map as a scene (geo.model.scene.MapScene): every trip of one person across events,
each trip a layer in its own colour, the countries by what the trips made of them, one label a
destination listing its trips' dates, and the key.

geo.web.atlas draws it as the event's map is drawn; the facts are geo.model.trips'.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

import geopandas as gpd
import pandas as pd

from geo.base import ids, registry
from geo.base.errors import NoTrips
from geo.io.events import Event
from geo.model import layers, text, trips
from geo.model.key import KeyRow, route_rows
from geo.model.labels import KINDS, Label
from geo.model.scene import MapScene, SceneLayer
from geo.model.style import Style, country_style, dash_of
from geo.ref.countries import load_countries

TRIP_WIDTH = 3.0
TRIP_OPACITY = 0.9
ROLE_KEY = (("host", "Country visited"), ("transit", "Passed through"), ("highlight", "Home"))
LAT_LIMITS = (-60.0, 75.0)
"""The view never reaches further towards the poles: a Mercator map's far north would fill it."""


def person_scene(
    person_id: str, events: Iterable[Event], *, countries: gpd.GeoDataFrame | None = None
) -> tuple[MapScene, list[trips.Trip]]:
    """The person's map, and their trips in its layers' order. Raises NoTrips when they travel in
    no event."""
    events = list(events)
    found = trips.trips_of(person_id, events)
    if not found:
        msg = f"{person_id!r} travels in none of the {len(events)} events"
        raise NoTrips(msg)
    by_id = {event.id: event for event in events}
    colours = trips.trip_colours(found)
    roles = role_of_countries(found)
    shapes = load_countries() if countries is None else countries
    country_frame = layers.build_role_layer(roles, shapes)
    drawn = {
        "countries": SceneLayer(
            "countries",
            "Countries",
            country_frame,
            tuple(country_style(str(role)) for role in country_frame["role"]),
            geometry="area",
            precision=registry.LAYERS["countries"].precision,
            control=False,
        )
    }
    for trip in found:
        drawn[trip.id] = trip_layer(by_id[trip.event_id], trip, colours[trip.id])
    name = found[0].name
    sub = f"{len(found)} trips, {trips_span(found)} · {sum(t.km for t in found):,.0f} km in all"
    return (
        MapScene(
            title=f"{name}'s travels",
            subtitle=sub,
            layers=drawn,
            key=tuple(key_rows(found, colours, roles)),
            labels=tuple(destination_labels(found, colours)),
            chapters=(),
            bounds=bounds_of(drawn),
        ),
        found,
    )


def role_of_countries(found: Sequence[trips.Trip]) -> dict[str, str]:
    """Hosts visited, countries passed through on the way, and the traveller's own (highlighted)."""
    roles: dict[str, str] = {}
    for trip in found:
        for iso3 in trip.transit:
            roles.setdefault(iso3, "transit")
        for iso3 in trip.hosts:
            roles[iso3] = "host"
        roles[trip.home] = "highlight"
    return roles


def trip_layer(event: Event, trip: trips.Trip, colour: str) -> SceneLayer:
    """The trip's legs as the event's own map draws them (geo.model.layers), in the trip's colour;
    every leg carries its trip's id, so a click chooses a trip (the app opens its event)."""
    frame = pd.concat([layers.build_travel_layer(event, focus=f) for f in (True, False)])
    frame = gpd.GeoDataFrame(frame[frame["person"] == trip.person], geometry="geometry", crs=frame.crs)
    frame = frame.assign(leg=frame["id"], id=trip.id, event=event.id)
    solid = Style(colour, TRIP_WIDTH, TRIP_OPACITY, colour, TRIP_OPACITY)
    styles = tuple(
        replace(solid, dash=dash_of(registry.STATUS_DASH.get(status))) for status in frame["route_status"]
    )
    title = f"{trip.dates}: {trip.destination}"
    return SceneLayer(trip.id, title, frame, styles, hover={"width": TRIP_WIDTH + 2})


def destination_labels(found: Sequence[trips.Trip], colours: dict[str, str]) -> list[Label]:
    """One label a destination (trips to one city share it), a line a trip in its colour; the city
    visited most is placed first."""
    places: dict[tuple[float, float], list[trips.Trip]] = {}
    for trip in found:
        places.setdefault((round(trip.lonlat[0], 1), round(trip.lonlat[1], 1)), []).append(trip)
    labels = []
    for there in sorted(places.values(), key=lambda group: -len(group)):
        city = there[0].destination.split(",")[0]
        lon, lat = there[0].lonlat
        lines = "\n".join(f"{city}: {t.dates}" for t in there)
        label_id = ids.trip_id(there[0].event_id, there[0].person)
        colours_of = tuple(colours[t.id] for t in there)
        labels.append(
            Label(
                label_id,
                lines,
                lon,
                lat,
                "trips",
                KINDS["destination"],
                "destination",
                colours_of,
                marked=True,
            )
        )
    return labels


def key_rows(found: Sequence[trips.Trip], colours: dict[str, str], roles: dict[str, str]) -> list[KeyRow]:
    rows = [
        KeyRow("line", f"{t.dates}: {t.destination}", Style(colour=colours[t.id], width=TRIP_WIDTH))
        for t in found
    ]
    rows += [
        KeyRow("swatch", label, country_style(role)) for role, label in ROLE_KEY if role in roles.values()
    ]
    statuses = {leg.route_status for trip in found for leg in trip.legs}
    return rows + route_rows(statuses)


def bounds_of(drawn: dict[str, SceneLayer]) -> tuple[tuple[float, float], tuple[float, float]]:
    """Every trip's legs, within LAT_LIMITS."""
    legs = pd.concat([layer.frame for key, layer in drawn.items() if key != "countries"])
    west, south, east, north = gpd.GeoSeries(legs.geometry, crs="EPSG:4326").total_bounds
    return (max(float(south), LAT_LIMITS[0]), float(west)), (min(float(north), LAT_LIMITS[1]), float(east))


def trips_span(found: Sequence[trips.Trip]) -> str:
    return text.day_span(min(t.first for t in found), max(t.last for t in found))
