"""One folium map from a scene: the layers in the registry's order, a title, a legend and the
attribution, with each feature's tooltip and popup rendered here, at the edge.

The same map serves the export (geo.web.export inlines Leaflet) and the app (which hands Leaflet to
streamlit-folium as data: URIs). Neither asks the network for anything: no tiles unless the
view names some, and folium's default CDN scripts are dropped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import datetime, time

import folium
import geopandas as gpd

from geo.base import registry
from geo.model import facts, labels, layers, story, text
from geo.model.view import Scene
from geo.ref.countries import country_name, load_countries
from geo.web import captions, compact, css, markup
from geo.web.compact import BatchLines, CompactGeoJson, drawn_in_batch
from geo.web.elements import (
    Attribution,
    Box,
    KeepClear,
    LayerControl,
    MapLabels,
    OpeningView,
    Raw,
    StoryPanel,
)

CANVAS_THRESHOLD = 1500
"""Above this many features Leaflet draws on a canvas: SVG slows down with thousands of paths."""
BATCHED = {"countries"}
"""Layers drawn as one batch on a canvas (geo.web.compact.BatchLines) however few their features, outside the app."""
BROWSER_PROPERTIES = ["id", "tip", "popup"]
PANEL_LEFT = 364
"""Pixels the story panel takes from a view's left side: its usual width (geo.web.css .dm-story)
and a margin. The page opens fitted to it, so the panel's script need not fit the view again."""
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
    only = scene.with_view(layers=(key,))
    return build_layers(only)


def build_map(
    scene: Scene,
    *,
    frames: Mapping[str, gpd.GeoDataFrame] | None = None,
    story: bool = True,
    picked: bool = False,
) -> folium.Map:
    """The scene's map. ``frames`` are the scene's layers when already built (build_layers).

    ``story`` adds the chapter panel (the exported page); the app chooses chapters in its sidebar
    instead, and passes ``picked`` so a clicked feature stays marked while the details panel shows
    its facts (no popup then: the facts are shown once).
    """
    if frames is None:
        frames = build_layers(scene)
    feature_count = sum(len(f) for f in frames.values())
    fmap = folium.Map(
        location=[30.0, 100.0],
        zoom_start=3,
        min_zoom=1,
        tiles=scene.view.tiles,
        prefer_canvas=feature_count > CANVAS_THRESHOLD,
        world_copy_jump=False,
        control_scale=True,
        font_size="13px",
        zoom_snap=0.25,
    )
    # folium's defaults add jQuery, Bootstrap and Font Awesome from CDNs; nothing here uses them.
    fmap.default_js = []
    fmap.default_css = []
    fmap.get_root().title = str(markup.esc(title_lines(scene)[0]))
    fmap.get_root().header.add_child(Raw(markup.style(css.map_css(sea=registry.SEA_COLOUR))), name="dm-css")
    chapters = chapter_views(scene, frames)
    start = min(scene.view.chapter or 1, len(chapters) - 1)
    south_west, north_east = chapters[start]["bounds"] or _around(chapters[start])
    # Before any layer: the page opens on its view, drawn once.
    left = PANEL_LEFT if story else 16
    OpeningView([south_west, north_east], top_left=(left, 16), bottom_right=(16, 16)).add_to(fmap)
    opening = set(chapters[start]["layers"]) if story else set(frames)
    groups = {}
    for key in registry.drawing_order(frames):
        # A layer the opening chapter hides is not drawn until a chapter shows it.
        shown = key in opening or registry.LAYERS[key].with_layer in opening
        group = frame_group(scene, key, frames[key], picked=picked, show=shown)
        group.add_to(fmap)
        groups[key] = group.get_name()
    if story:
        companions = {k: s.with_layer for k, s in registry.LAYERS.items() if s.with_layer and k in groups}
        chapters_json = compact.script_json(chapters)
        StoryPanel(chapters_json, groups=groups, companions=companions, start=start, left=PANEL_LEFT).add_to(
            fmap
        )
    found = [label for label in labels.labels_of(scene) if label.layer in groups]
    MapLabels(
        compact.script_json([dataclasses.asdict(label) for label in found]),
        compact.script_json(labels.OFFSETS),
        groups=groups,
        gap=labels.GAP,
    ).add_to(fmap)
    Box(markup.legend(legend_rows(scene, frames)), position="bottomleft").add_to(fmap)
    Attribution(markup.ATTRIBUTION).add_to(fmap)
    LayerControl(collapsed=True).add_to(fmap)
    KeepClear().add_to(fmap)
    return fmap


def chapter_views(scene: Scene, frames: Mapping[str, gpd.GeoDataFrame]) -> list[dict]:
    """Everything (0), then the event's chapters: each one's card, layers and view, for the panel."""
    event = scene.event
    title, when = title_lines(scene)
    chapters = story.chapters_of(event)
    count = len(chapters)
    drawn = [k for k in frames if registry.LAYERS[k].toggle or k == "places"]
    views = [
        {
            "html": str(markup.chapter_card(title, when, 0, count, "Everything", event.meta.summary, [])),
            "layers": drawn,
            "bounds": story.everything_bounds(event),
        }
    ]
    for chapter in chapters:
        card = markup.chapter_card(
            title,
            when,
            chapter.number,
            count,
            chapter.title,
            chapter.text,
            [chapter.source_url, *chapter.more_sources],
        )
        views.append(
            {
                "html": str(card),
                "layers": [k for k in chapter.layers if k in frames],
                "bounds": chapter.bounds,
                "center": chapter.center,
                "zoom": chapter.zoom,
            }
        )
    return views


def _around(chapter: dict) -> tuple[tuple[float, float], tuple[float, float]]:
    """Bounds for a chapter given as a centre and zoom: the world's extent shrunk by the zoom."""
    lat, lon = chapter["center"]
    half_lon = 180.0 / 2 ** chapter["zoom"]
    half_lat = half_lon / 2
    return (lat - half_lat, lon - half_lon), (lat + half_lat, lon + half_lon)


def frame_group(
    scene: Scene, key: str, frame: gpd.GeoDataFrame, *, picked: bool = False, show: bool = True
) -> folium.FeatureGroup:
    """A layer's frame as one compact GeoJSON layer in a FeatureGroup, styled from the registry.

    Every feature carries the class ``dm-layer-`` and the layer's key, so pages can be styled and tested layer
    by layer. With ``picked`` (the app) features open no popup and a click keeps them marked.
    """
    spec = registry.LAYERS[key]
    group = folium.FeatureGroup(name=layer_title(scene, key), show=show)
    if len(frame):
        tips, popups = captions.captions(scene, key, frame)
        drawn = frame.assign(tip=[str(t) for t in tips], popup=["" if picked else str(p) for p in popups])
        casing = {"color": spec.casing, "extra": spec.casing_extra} if spec.casing else None
        # The exported page's countries too: 240 shapes made some 300 Leaflet objects and SVG
        # paths, a third of the time the page took to draw. The app keeps Leaflet's own layers
        # (``picked``): its map marks a clicked country by restyling that country's path.
        layer = {
            "properties": BROWSER_PROPERTIES,
            "style": STYLES[key],
            "highlight": spec.highlight or None,
            "precision": spec.precision,
            "picked": PICKED if picked else None,
        }
        if casing is None and (drawn_in_batch(drawn) or (key in BATCHED and not picked)):
            BatchLines(drawn, **layer).add_to(group)
        else:
            CompactGeoJson(
                drawn, marker_radius=spec.radius, class_name=f"dm-layer-{key}", casing=casing, **layer
            ).add_to(group)
    return group


PICKED = {"color": "#111111", "weight": 3.5, "opacity": 1.0}
"""How a clicked feature stays marked in the app while its details show beside the map."""


def layer_title(scene: Scene, key: str) -> str:
    """The name a reader sees in the layer control: the trade year, the highlighted traveller."""
    spec = registry.LAYERS[key]
    # Only those who travel: a host who never left home is not on the trip.
    names = [scene.event.person(p).name for p in facts.focus_people(scene.event) if scene.event.legs_of(p)]
    if key == "focus" and names:
        return f"{' & '.join(names)}: trip"
    return f"{spec.title} ({scene.year})" if key == "trade" else spec.title


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
            rows.append(markup.LegendRow("sw", f"background:{registry.ROLE_FILL[role]}", label, "countries"))
    for key in ("focus", "guests"):
        if key in frames:
            spec = registry.LAYERS[key]
            style = f"border-top:{max(spec.weight, 2):.0f}px solid {spec.colour}"
            rows.append(markup.LegendRow("ln", style, layer_title(scene, key), key))
    if "stops" in frames:
        stops = registry.LAYERS["stops"]
        style = f"background:{stops.fill};border:2px solid {stops.colour}"
        rows.append(markup.LegendRow("pt", style, "Station or stop on the trip", "stops"))
    # The app draws the travellers apart from its map (they move with the time): keyed all the same.
    if "positions" in frames or scene.shown("positions"):
        colour = registry.LAYERS["positions"].colour
        event = scene.event
        names = [event.person(p).name for p in facts.focus_people(event) if event.legs_of(p)]
        if names:
            focus = registry.LAYERS["focus"].colour
            style = f"background:{focus};border:2px solid #fff"
            rows.append(markup.LegendRow("pt", style, f"{' & '.join(names)} at the chosen time", "positions"))
        rows.append(
            markup.LegendRow(
                "pt",
                f"background:{colour};border:2px solid #fff",
                "Other travellers at the chosen time" if names else "Traveller at the chosen time",
                "positions",
            )
        )
        rows.append(
            markup.LegendRow(
                "pt", f"background:#fff;border:2px dashed {colour}", "Whereabouts unknown", "positions"
            )
        )
    if "focus" in frames or "guests" in frames:
        rows.append(markup.LegendRow("ln", "border-top:3px dashed #555", "Route not confirmed"))
    trade = frames.get("trade")
    if trade is not None and len(trade):
        colour = registry.LAYERS["trade"].colour
        largest = float(trade["value_usd"].max())
        for share in (1.0, 0.25, 0.01):
            value = text.nice_below(largest * share)
            weight = layers.flow_weight(value, largest)
            rows.append(
                markup.LegendRow(
                    "ln", f"border-top:{weight:.1f}px solid {colour}", text.usd_round(value), "trade"
                )
            )
    return rows


def _midday(scene: Scene) -> datetime:
    return datetime.combine(scene.event.meta.date, time(12))
