"""A person's map: every trip of one person across events, each in its own colour, each
destination labelled with the trips' dates, and a table of trips.

Built from the same parts as an event's map (geo.model.layers frames, geo.web.compact's layer, geo.web.elements,
geo.web.markup), and as offline: geo.web.export writes it like any other map.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import folium
import geopandas as gpd
import pandas as pd
from folium.template import Template
from markupsafe import Markup

from geo.base import registry
from geo.base.errors import DiplomapError
from geo.io.events import Event
from geo.model import layers, text, trips
from geo.ref.countries import country_name, load_countries
from geo.web import captions, css, markup
from geo.web.compact import CompactGeoJson
from geo.web.elements import Attribution, Box, LayerControl, Raw, SafeMacroElement

TRIP_WEIGHT = 3.0
PROPERTIES = ["id", "tip", "popup"]
TABLE_HEAD = ("", "Dates", "Destination", "Modes", "km travelled", "Hours travelling", "Sources")


class NoTrips(DiplomapError):
    """The person has no legs in any event."""


class TripLabels(SafeMacroElement):
    """Labels that stay on the map: one per destination, listing each trip there in its colour.

    The HTML comes from geo.web.markup, escaped; it reaches the page as JSON, never as a template.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            const map = {{ this._parent.get_name() }};
            for (const label of {{ this.labels|tojson }}) {
                L.tooltip({permanent: true, direction: label.side, className: "dm-trip-label", offset: label.side === "top" ? [0, -6] : [6, 0]})
                    .setLatLng([label.lat, label.lon]).setContent(label.html).addTo(map);
            }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, labels: Sequence[dict]) -> None:
        super().__init__()
        self._name = "TripLabels"
        self.labels = list(labels)


def build_atlas(
    person_id: str, events: Iterable[Event], *, countries: gpd.GeoDataFrame | None = None
) -> folium.Map:
    """The person's map. Raises NoTrips when they travel in no event."""
    events = list(events)
    found = trips.trips_of(person_id, events)
    if not found:
        msg = f"{person_id!r} travels in none of the {len(events)} events"
        raise NoTrips(msg)
    by_id = {event.id: event for event in events}
    colours = trips.trip_colours(found)
    fmap = folium.Map(location=[35.0, 115.0], zoom_start=3, min_zoom=1, tiles=None, control_scale=True)
    fmap.default_js, fmap.default_css = [], []
    header = markup.style(css.map_css(sea=registry.SEA_COLOUR))
    fmap.get_root().header.add_child(Raw(header), name="dm-css")
    roles = role_of_countries(found)
    shapes = load_countries() if countries is None else countries
    country_group = folium.FeatureGroup(name="Countries", control=False)
    CompactGeoJson(
        layers.build_role_layer(roles, shapes).assign(tip=lambda f: f["name"], popup=""),
        properties=PROPERTIES,
        style=lambda feature: country_style(feature["properties"]),
        precision=registry.LAYERS["countries"].precision,
    ).add_to(country_group)
    country_group.add_to(fmap)
    frames = []
    for trip in found:
        frame = trip_frame(by_id[trip.event_id], trip)
        frames.append(frame)
        group = folium.FeatureGroup(name=f"{trip.dates}: {trip.destination}")
        CompactGeoJson(
            frame.assign(colour=colours[trip.id]),
            properties=PROPERTIES,
            style=lambda feature, colour=colours[trip.id]: leg_style(feature["properties"], colour),
            highlight={"weight": TRIP_WEIGHT + 2},
        ).add_to(group)
        group.add_to(fmap)
    TripLabels(trip_labels(found, colours)).add_to(fmap)
    drawn = pd.concat(frames)
    xmin, ymin, xmax, ymax = gpd.GeoSeries(drawn.geometry, crs="EPSG:4326").total_bounds
    fmap.fit_bounds([[max(ymin, -60), xmin], [min(ymax, 75), xmax]], padding=(20, 20))
    name = found[0].name
    sub = f"{len(found)} trips, {trips_span(found)} · {sum(t.km for t in found):,.0f} km in all"
    Box(markup.box_title(f"{name}'s travels", sub), position="topleft").add_to(fmap)
    Box(markup.legend(legend_rows(found, colours, roles)), position="bottomleft").add_to(fmap)
    Box(trip_table(found, colours), position="bottomright", css_class="dm-box dm-trips-box").add_to(fmap)
    Attribution(markup.ATTRIBUTION).add_to(fmap)
    LayerControl(collapsed=True).add_to(fmap)
    return fmap


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


def trip_frame(event: Event, trip: trips.Trip) -> gpd.GeoDataFrame:
    """The trip's legs as geo.model.layers draws them in the event's own map, with their texts."""
    frame = pd.concat([layers.build_travel_layer(event, focus=f) for f in (True, False)])
    frame = frame[frame["person"] == trip.person]
    legs = {leg.seq: leg for leg in trip.legs}
    tips = [
        str(markup.tip(f"{trip.dates}: {trip.destination}", captions.leg_sub(event, legs[s])))
        for s in frame["seq"]
    ]
    popups = [str(captions.leg_popup(event, legs[s])) for s in frame["seq"]]
    # Every leg carries its trip's id: a click on a person's map chooses a trip (the app opens its event).
    drawn = frame.assign(id=trip.id, tip=tips, popup=popups)
    return gpd.GeoDataFrame(drawn, geometry="geometry", crs=frame.crs)


def country_style(record: dict) -> dict:
    spec = registry.LAYERS["countries"]
    return {
        "fillColor": registry.ROLE_FILL[record.get("role", "other")],
        "color": registry.BORDER_COLOUR,
        "weight": spec.weight,
        "fillOpacity": spec.fill_opacity,
    }


def leg_style(record: dict, colour: str) -> dict:
    dash = registry.STATUS_DASH.get(record.get("route_status", "confirmed"))
    return {
        "color": colour,
        "weight": TRIP_WEIGHT,
        "opacity": 0.9,
        "fillColor": colour,
        "fillOpacity": 0.9,
        "dashArray": dash,
    }


def trip_labels(found: Sequence[trips.Trip], colours: dict[str, str]) -> list[dict]:
    """One label per destination (trips to one city share it), to the right of it, or above it
    when another destination lies just east (Beijing's label would cover Dalian)."""
    places: dict[tuple[float, float], list[trips.Trip]] = {}
    for trip in found:
        key = (round(trip.lonlat[0], 1), round(trip.lonlat[1], 1))
        places.setdefault(key, []).append(trip)
    labels = []
    for (lon, lat), there in sorted(places.items()):
        city = there[0].destination.split(",")[0]
        rows = [(colours[t.id], f"{city}: {t.dates}") for t in there]
        crowded = any(
            0 < other_lon - lon < 10 and abs(other_lat - lat) < 3 for other_lon, other_lat in places
        )
        side = "top" if crowded else "right"
        lon, lat = there[0].lonlat
        labels.append({"lon": lon, "lat": lat, "html": str(markup.trip_label(rows)), "side": side})
    return labels


def trips_span(found: Sequence[trips.Trip]) -> str:
    return text.day_span(min(t.first for t in found), max(t.last for t in found))


def legend_rows(
    found: Sequence[trips.Trip], colours: dict[str, str], roles: dict[str, str]
) -> list[markup.LegendRow]:
    rows = [
        markup.LegendRow("ln", f"border-top:3px solid {colours[t.id]}", f"{t.dates}: {t.destination}")
        for t in found
    ]
    for role, label in (("host", "Country visited"), ("transit", "Passed through"), ("highlight", "Home")):
        if role in roles.values():
            rows.append(markup.LegendRow("sw", f"background:{registry.ROLE_FILL[role]}", label))
    rows.append(markup.LegendRow("ln", "border-top:3px dashed #555", "Route not confirmed"))
    return rows


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
