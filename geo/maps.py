"""One folium map from a scene: the layers in the registry's order, a title, a legend and the
attribution, with each feature's tooltip and popup rendered here, at the edge.

The same map serves the export (geo.export inlines Leaflet) and the app (which hands Leaflet to
streamlit-folium as data: URIs). Neither asks the network for anything: no tiles unless the
view names some, and folium's default CDN scripts are dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, time

import folium
import geopandas as gpd

from geo import captions, css, facts, layers, markup, registry, text
from geo.compact import CompactGeoJson
from geo.countries import country_name, load_countries
from geo.elements import Attribution, Box, LayerControl, Raw
from geo.view import Scene

CANVAS_THRESHOLD = 1500
"""Above this many features Leaflet draws on a canvas: SVG slows down with thousands of paths."""
BROWSER_PROPERTIES = ["id", "tip", "popup"]
"""All a feature carries to the browser: what a click reports, and its rendered texts."""


def build_layers(scene: Scene, *, countries: gpd.GeoDataFrame | None = None) -> dict[str, gpd.GeoDataFrame]:
    """The frames of the scene's layers (and their companions), in drawing order."""
    event = scene.event
    builders: dict[str, Callable[[], gpd.GeoDataFrame]] = {
        "countries": lambda: layers.build_country_layer(
            event, load_countries() if countries is None else countries
        ),
        "trade": lambda: layers.build_trade_layer(scene.flows),
        "guests": lambda: layers.build_travel_layer(event, focus=False),
        "focus": lambda: layers.build_travel_layer(event, focus=True),
        "stops": lambda: layers.build_stop_layer(event),
        "positions": lambda: layers.build_position_layer(event, scene.view.at or _midday(scene)),
    }
    return {key: builders[key]() for key in registry.drawing_order(builders) if scene.shown(key)}


def build_layer(scene: Scene, key: str) -> dict[str, gpd.GeoDataFrame]:
    """One toggle's frames (a layer and its companions): what the app caches one at a time."""
    only = scene.with_view(layers=(key,), extra=())
    return build_layers(only)


def build_map(scene: Scene, *, frames: Mapping[str, gpd.GeoDataFrame] | None = None) -> folium.Map:
    """The scene's map. ``frames`` are the scene's layers when already built (geo.maps.build_layers)."""
    event = scene.event
    if frames is None:
        frames = build_layers(scene)
    feature_count = sum(len(f) for f in frames.values())
    place = event.places.get(event.meta.place)
    centre = [place.lat, place.lon] if place else [30.0, 100.0]
    fmap = folium.Map(
        location=centre,
        zoom_start=3,
        min_zoom=1,
        tiles=scene.view.tiles,
        prefer_canvas=feature_count > CANVAS_THRESHOLD,
        world_copy_jump=False,
        control_scale=True,
        font_size="13px",
    )
    # folium's defaults add jQuery, Bootstrap and Font Awesome from CDNs; nothing here uses them.
    fmap.default_js = []
    fmap.default_css = []
    fmap.get_root().header.add_child(Raw(markup.style(css.MAP % {"sea": registry.SEA_COLOUR})), name="dm-css")
    for key in registry.drawing_order(frames):
        frame_group(scene, key, frames[key]).add_to(fmap)
    _fit(fmap, frames)
    Box(markup.box_title(*title_lines(scene)), position="topleft").add_to(fmap)
    Box(markup.legend(legend_rows(scene, frames)), position="bottomleft").add_to(fmap)
    Attribution(markup.ATTRIBUTION).add_to(fmap)
    LayerControl(collapsed=False).add_to(fmap)
    return fmap


def frame_group(scene: Scene, key: str, frame: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """A layer's frame as one compact GeoJSON layer in a FeatureGroup, styled from the registry."""
    spec = registry.LAYERS[key]
    group = folium.FeatureGroup(name=layer_title(scene, key), show=True)
    if len(frame):
        tips, popups = captions.captions(scene, key, frame)
        drawn = frame.assign(tip=[str(t) for t in tips], popup=[str(p) for p in popups])
        CompactGeoJson(
            drawn,
            properties=BROWSER_PROPERTIES,
            style=STYLES[key],
            highlight=spec.highlight or None,
            precision=spec.precision,
            marker_radius=spec.radius,
        ).add_to(group)
    return group


def layer_title(scene: Scene, key: str) -> str:
    """The name a reader sees in the layer control: the trade year, the highlighted traveller."""
    spec = registry.LAYERS[key]
    # Only those who travel: a host who never left home is not on the trip.
    names = [scene.event.person(p).name for p in facts.focus_people(scene.event) if scene.event.legs_of(p)]
    if key == "focus" and names:
        return f"{' & '.join(names)}: trip"
    return f"{spec.title} ({scene.year})" if key == "trade" else spec.title


def focus_names(scene: Scene) -> list[str]:
    return [scene.event.person(p).name for p in facts.focus_people(scene.event)]


def title_lines(scene: Scene) -> tuple[str, str]:
    """The title, and under it the date; a tour names its traveller and every host, in order."""
    event = scene.event
    year = f" · trade year {scene.year}" if event.trade else ""
    who = facts.traveller(event)
    if who is None:
        return scene.view.title or event.meta.title, f"{event.meta.date:%-d %B %Y}{year}"
    hosts = " and ".join(country_name(iso3) for iso3 in event.meta.hosts)
    days = text.day_span(event.meta.start, event.meta.end)
    return scene.view.title or event.meta.title, f"{who.name}'s trip to {hosts}, {days}{year}"


def _line_style(spec: registry.LayerSpec, weight: float, dash: str | None = None) -> dict:
    return {
        "color": spec.colour,
        "weight": weight,
        "opacity": spec.opacity,
        "fillColor": spec.fill or spec.colour,
        "fillOpacity": spec.fill_opacity,
        "dashArray": dash,
    }


def _country_style(record: dict) -> dict:
    spec = registry.LAYERS["countries"]
    fill = registry.ROLE_FILL[record.get("role", "other")]
    return {
        "fillColor": fill,
        "color": registry.BORDER_COLOUR,
        "weight": spec.weight,
        "fillOpacity": spec.fill_opacity,
    }


def _travel_style(key: str) -> Callable[[dict], dict]:
    spec = registry.LAYERS[key]
    return lambda record: _line_style(
        spec, spec.weight, registry.STATUS_DASH.get(record.get("route_status", "confirmed"))
    )


def _trade_style(record: dict) -> dict:
    spec = registry.LAYERS["trade"]
    style = _line_style(spec, record.get("weight", registry.FLOW_MIN_WEIGHT))
    del style["dashArray"]
    return style


def _point_style(key: str) -> Callable[[dict], dict]:
    spec = registry.LAYERS[key]
    return lambda record: {
        "color": spec.colour,
        "weight": spec.weight,
        "fillColor": spec.fill or spec.colour,
        "fillOpacity": spec.fill_opacity,
    }


def _position_style(record: dict) -> dict:
    colour = registry.LAYERS["focus" if record.get("focus") else "guests"].colour
    if record.get("status") == "unknown":
        return {"color": colour, "weight": 2, **registry.UNKNOWN_POSITION}
    return {"color": "#ffffff", "weight": 2, "fillColor": colour, "fillOpacity": 1.0}


STYLES: dict[str, Callable[[dict], dict]] = {
    "countries": lambda feature: _country_style(feature["properties"]),
    "focus": lambda feature: _travel_style("focus")(feature["properties"]),
    "guests": lambda feature: _travel_style("guests")(feature["properties"]),
    "trade": lambda feature: _trade_style(feature["properties"]),
    "stops": lambda feature: _point_style("stops")(feature["properties"]),
    "places": lambda feature: _point_style("places")(feature["properties"]),
    "positions": lambda feature: _position_style(feature["properties"]),
}
"""Each layer's style rule, over the registry's values: what differs by feature (a role, a
route's status, an arrow's width) is read from the feature's own columns."""


def _fit(fmap: folium.Map, frames: Mapping[str, gpd.GeoDataFrame]) -> None:
    """Frame what the event is about: the travel and trade, not the whole basemap."""
    drawn = [f for k, f in frames.items() if k != "countries" and len(f)]
    if not drawn:
        return
    xmin, ymin, xmax, ymax = gpd.GeoSeries(
        [g for f in drawn for g in f.geometry], crs="EPSG:4326"
    ).total_bounds
    fmap.fit_bounds([[max(ymin, -60), xmin], [min(ymax, 75), xmax]], padding=(20, 20))


def legend_rows(scene: Scene, frames: Mapping[str, gpd.GeoDataFrame]) -> list[markup.LegendRow]:
    """Colours of the roles present, the travel lines, and three reference trade widths."""
    rows = []
    if "countries" in frames:
        present = set(frames["countries"]["role"])
        highlighted = [country_name(iso3) for iso3 in scene.event.meta.highlight]
        for role in (r for r in registry.ROLE_FILL if r in present):
            label = (
                ", ".join(highlighted) if role == "highlight" and highlighted else registry.ROLE_LABEL[role]
            )
            rows.append(markup.LegendRow("sw", f"background:{registry.ROLE_FILL[role]}", label))
    for key in ("focus", "guests"):
        if key in frames:
            style = f"border-top:3px solid {registry.LAYERS[key].colour}"
            rows.append(markup.LegendRow("ln", style, layer_title(scene, key)))
    if "focus" in frames or "guests" in frames:
        rows.append(markup.LegendRow("ln", "border-top:3px dashed #555", "Route not confirmed"))
    trade = frames.get("trade")
    if trade is not None and len(trade):
        colour = registry.LAYERS["trade"].colour
        largest = float(trade["value_usd"].max())
        for share in (1.0, 0.25, 0.01):
            weight = layers.flow_weight(largest * share, largest)
            rows.append(
                markup.LegendRow("ln", f"border-top:{weight:.1f}px solid {colour}", text.usd(largest * share))
            )
    return rows


def _midday(scene: Scene) -> datetime:
    return datetime.combine(scene.event.meta.date, time(12))
