"""A person's map: every trip of one person across events, drawn from its scene
(geo.model.person_map): each trip in its own colour, each destination labelled with the trips'
dates by the event map's label rule, the key, and a table of trips.

Built from the same parts as an event's map (geo.web.maps, geo.web.elements, geo.web.markup), and
as offline: geo.web.export writes it like any other map.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

import folium
import geopandas as gpd
from markupsafe import Markup

from geo.base import registry
from geo.base.errors import NoTrips
from geo.io.events import Event
from geo.model import labels, person_map, trips
from geo.model.person_map import trips_span
from geo.ref.countries import country_name
from geo.web import captions, css, maps, markup
from geo.web.elements import (
    Attribution,
    Box,
    KeepClear,
    LayerControl,
    MapLabels,
    Raw,
    add_scripts,
    script_json,
)

PROPERTIES = ["id", "tip", "popup"]
TABLE_HEAD = ("", "Dates", "Destination", "Modes", "km travelled", "Hours travelling", "Sources")
KEEP_CLEAR = 4.0
"""Pixels around each destination that no label covers (less than the rule's gap, so a label's own
point never blocks it)."""
__all__ = ["NoTrips", "build_atlas", "trip_table", "trips_span"]
"""NoTrips and trips_span are where geo.cli and ui.person have always found them."""


def build_atlas(
    person_id: str, events: Iterable[Event], *, countries: gpd.GeoDataFrame | None = None
) -> folium.Map:
    """The person's map (geo.model.person_map). Raises NoTrips when they travel in no event."""
    events = list(events)
    drawn, found = person_map.person_scene(person_id, events, countries=countries)
    by_id = {event.id: event for event in events}
    fmap = folium.Map(location=[35.0, 115.0], zoom_start=3, min_zoom=1, tiles=None, control_scale=True)
    fmap.default_js, fmap.default_css = [], []
    fmap.get_root().title = str(markup.esc(drawn.title))
    header = markup.style(css.map_css(sea=registry.SEA_COLOUR))
    fmap.get_root().header.add_child(Raw(header), name="dm-css")
    countries_layer = drawn.layers["countries"]
    country_frame = countries_layer.frame.assign(tip=lambda f: f["name"], popup="")
    maps.group_of(countries_layer, country_frame, batch=False).add_to(fmap)
    for trip in found:
        layer = drawn.layers[trip.id]
        maps.group_of(layer, with_texts(by_id[trip.event_id], trip, layer.frame), batch=False).add_to(fmap)
    found_labels = [dataclasses.asdict(label) for label in drawn.labels]
    # No label covers another destination: four trips to Beijing make a tall label beside Dalian.
    offsets = script_json(labels.OFFSETS)
    MapLabels(script_json(found_labels), offsets, groups={}, gap=labels.GAP, clear=KEEP_CLEAR).add_to(fmap)
    fmap.fit_bounds([list(corner) for corner in drawn.bounds], padding=(20, 20))
    Box(markup.box_title(drawn.title, drawn.subtitle), position="topleft").add_to(fmap)
    Box(markup.legend(maps.legend_rows(drawn.key)), position="bottomleft").add_to(fmap)
    colours = trips.trip_colours(found)
    Box(trip_table(found, colours), position="bottomright", css_class="dm-box dm-trips-box").add_to(fmap)
    Attribution(markup.attribution(drawn.credits)).add_to(fmap)
    LayerControl(collapsed=True).add_to(fmap)
    KeepClear().add_to(fmap)  # on a phone: the key folded, the credits clear of the scale
    add_scripts(fmap)
    return fmap


def with_texts(event: Event, trip: trips.Trip, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A trip's legs with their tooltips (the trip, then the leg) and popups, rendered here."""
    legs = {leg.seq: leg for leg in trip.legs}
    tips = [
        str(markup.tip(f"{trip.dates}: {trip.destination}", captions.leg_sub(event, legs[s])))
        for s in frame["seq"]
    ]
    popups = [str(captions.leg_popup(event, legs[s])) for s in frame["seq"]]
    return frame.assign(tip=tips, popup=popups)


def trip_table(found: Sequence[trips.Trip], colours: dict[str, str]) -> Markup:
    rows = []
    for trip in found:
        links = Markup(", ").join(markup.source_link(url) for url in trip.sources)
        transit = f" (via {', '.join(country_name(i) for i in trip.transit)})" if trip.transit else ""
        cells = (
            trip.dates,
            trip.destination + transit,
            ", ".join(trip.modes),
            f"{trip.km:,.0f}",
            trip.hours_text,
            links,
        )
        rows.append((colours[trip.id], cells))
    rules = f"km: {trips.KM_RULE}. Hours: {trips.HOURS_RULE}."
    return markup.trip_table(f"Trips of {found[0].name}", TABLE_HEAD, rows, note=rules)
