"""One folium map from an event: the layers, a title, a legend and the attribution.

The same map serves the export (geo.export inlines Leaflet) and the app (which hands Leaflet to
streamlit-folium as data: URIs). Neither asks the network for anything: no tiles unless a
caller passes ``tiles``, and folium's default CDN scripts are dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from string import Template

import folium
import geopandas as gpd

from geo import layers, styles
from geo.compact import CompactGeoJson
from geo.countries import country_name, load_countries
from geo.elements import Attribution, Box, LayerControl, Raw
from geo.events import Event
from geo.labels import esc, fill, usd
from geo.settings import COORD_DECIMALS

DEFAULT_LAYERS: tuple[str, ...] = tuple(k for k, spec in styles.LAYERS.items() if spec.default)
CANVAS_THRESHOLD = 1500
"""Above this many features Leaflet draws on a canvas: SVG slows down with thousands of paths."""

CSS = Template(
    """<style>
.leaflet-container { background: $sea; font-family: system-ui, sans-serif; line-height: 1.4; }
.dm-box { background: rgba(255,255,255,.92); padding: 6px 10px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 340px; }
.dm-box h1 { font-size: 15px; margin: 0 0 2px; }
.dm-legend i.sw { display: inline-block; width: 14px; height: 10px; margin-right: 6px; border: 1px solid #888; }
.dm-legend i.ln { display: inline-block; width: 24px; margin: 0 6px 3px 0; vertical-align: middle; }
.dm-status { color: #a6611a; }
.dm-disputed { color: #d01c8b; font-weight: 600; }
.dm-popup q { color: #555; font-size: 12px; }
.leaflet-interactive:focus { outline: none; }
</style>"""
)


def build_layers(
    event: Event,
    *,
    layers_on: Iterable[str] = DEFAULT_LAYERS,
    year: int | None = None,
    min_value: float = 0.0,
    top: int | None = None,
    countries: gpd.GeoDataFrame | None = None,
) -> dict[str, gpd.GeoDataFrame]:
    """The frames of the chosen layers, in drawing order (countries first)."""
    chosen = set(layers_on)
    unknown = chosen - styles.LAYERS.keys()
    if unknown:
        msg = f"unknown layer(s) {sorted(unknown)}; known: {', '.join(styles.LAYERS)}"
        raise ValueError(msg)
    year = event.meta.default_year if year is None else year
    builders: dict[str, Callable[[], gpd.GeoDataFrame]] = {
        "countries": lambda: layers.build_country_layer(
            event, load_countries() if countries is None else countries, year=year
        ),
        "trade": lambda: layers.build_trade_layer(event, year=year, min_value=min_value, top=top),
        "guests": lambda: layers.build_travel_layer(event, focus=False),
        "focus": lambda: layers.build_travel_layer(event, focus=True),
    }
    frames = {key: builders[key]() for key in styles.LAYERS if key in chosen}
    if "focus" in frames:
        frames["stops"] = layers.build_stop_layer(event)
    return frames


def build_map(
    event: Event,
    *,
    layers_on: Iterable[str] = DEFAULT_LAYERS,
    year: int | None = None,
    title: str | None = None,
    min_value: float = 0.0,
    top: int | None = None,
    tiles: str | None = None,
    frames: Mapping[str, gpd.GeoDataFrame] | None = None,
) -> folium.Map:
    """The event's map. Pass ``frames`` from build_layers to reuse layers already built."""
    year = event.meta.default_year if year is None else year
    if frames is None:
        frames = build_layers(event, layers_on=layers_on, year=year, min_value=min_value, top=top)
    feature_count = sum(len(f) for f in frames.values())
    place = event.places.get(event.meta.place)
    centre = [place.lat, place.lon] if place else [30.0, 100.0]
    fmap = folium.Map(
        location=centre,
        zoom_start=3,
        min_zoom=1,
        tiles=tiles,
        prefer_canvas=feature_count > CANVAS_THRESHOLD,
        world_copy_jump=False,
        control_scale=True,
        font_size="13px",
    )
    # folium's defaults add jQuery, Bootstrap and Font Awesome from CDNs; nothing here uses them.
    fmap.default_js = []
    fmap.default_css = []
    fmap.get_root().header.add_child(Raw(fill(CSS, sea=styles.SEA_COLOUR)), name="dm-css")
    focus = [event.person(p).name for p in layers.focus_people(event)]
    for key, frame in frames.items():
        add_frame(fmap, key, frame, title=layer_title(key, year=year, focus_names=focus))
    _fit(fmap, frames)
    Box(title_html(event, title=title, year=year), position="topleft").add_to(fmap)
    highlighted = [country_name(iso3) for iso3 in event.meta.highlight]
    legend = legend_html(frames, focus_names=focus, highlight_names=highlighted)
    Box(legend, position="bottomleft").add_to(fmap)
    Attribution(ATTRIBUTION).add_to(fmap)
    LayerControl(collapsed=False).add_to(fmap)
    return fmap


def add_frame(fmap: folium.Map, key: str, frame: gpd.GeoDataFrame, *, title: str) -> None:
    """One layer in its own FeatureGroup (what the layer control toggles)."""
    frame_group(key, frame, title=title).add_to(fmap)


def frame_group(key: str, frame: gpd.GeoDataFrame, *, title: str) -> folium.FeatureGroup:
    """A layer's frame as one compact GeoJSON layer in a FeatureGroup, styled by its key."""
    group = folium.FeatureGroup(name=title, show=True)
    if len(frame):
        CompactGeoJson(
            frame,
            properties=BROWSER_PROPERTIES,
            style=STYLE_FUNCTIONS[key],
            highlight=HIGHLIGHT.get(key),
            precision=2 if key == "countries" else COORD_DECIMALS,
            marker_radius=MARKER_RADIUS.get(key),
        ).add_to(group)
    return group


MARKER_RADIUS = {"stops": 5, "positions": 7, "places": 6}
"""Point layers are drawn as circle markers of this radius in pixels."""


EXTRA_TITLES = {
    "stops": "Stations",
    "positions": "Travellers at the chosen time",
    "places": "Your places",
}
"""Layers that are not toggles of their own: stations go with the focus trip, positions with
the app's time slider."""


def layer_title(key: str, *, year: int, focus_names: Sequence[str] = ()) -> str:
    """The name a reader sees in the layer control: the trade year, the highlighted traveller."""
    if key in EXTRA_TITLES:
        return EXTRA_TITLES[key]
    if key == "focus" and focus_names:
        return f"{' & '.join(focus_names)}: trip"
    spec = styles.LAYERS[key]
    return f"{spec.title} ({year})" if key == "trade" else spec.title


BROWSER_PROPERTIES = ["id", "tip", "popup"]
"""All a feature carries to the browser: what a click reports, and the escaped texts."""


def _country_style(feature: dict) -> dict:
    role = feature["properties"].get("role", "other")
    return {
        "fillColor": styles.ROLE_FILL[role],
        "color": styles.BORDER_COLOUR,
        "weight": 0.5,
        "fillOpacity": 1.0,
    }


def _travel_style(key: str, weight: float) -> Callable[[dict], dict]:
    colour = styles.LAYERS[key].colour

    def style(feature: dict) -> dict:
        dash = styles.STATUS_DASH.get(feature["properties"].get("route_status", "confirmed"))
        return {
            "color": colour,
            "weight": weight,
            "opacity": 0.9,
            "fillColor": colour,
            "fillOpacity": 0.9,
            "dashArray": dash,
        }

    return style


def _trade_style(feature: dict) -> dict:
    colour = styles.LAYERS["trade"].colour
    weight = feature["properties"].get("weight", styles.FLOW_MIN_WEIGHT)
    return {"color": colour, "weight": weight, "opacity": 0.6, "fillColor": colour, "fillOpacity": 0.7}


def _stop_style(feature: dict) -> dict:
    return {"color": styles.LAYERS["focus"].colour, "weight": 2, "fillColor": "#ffffff", "fillOpacity": 1.0}


def _position_style(feature: dict) -> dict:
    focus = feature["properties"].get("focus", False)
    colour = styles.LAYERS["focus" if focus else "guests"].colour
    if feature["properties"].get("status") == "unknown":
        # Hollow: a traveller the sources do not place at this time is not drawn like a fact.
        return {"color": colour, "weight": 2, "dashArray": "2 3", "fillColor": "#ffffff", "fillOpacity": 0.6}
    return {"color": "#ffffff", "weight": 2, "fillColor": colour, "fillOpacity": 1.0}


def _place_style(feature: dict) -> dict:
    # Places a user added (geo.uploads) are drawn apart from the event's own facts.
    return {"color": "#333333", "weight": 1.5, "fillColor": "#fdb863", "fillOpacity": 1.0}


STYLE_FUNCTIONS: dict[str, Callable[[dict], dict]] = {
    "countries": _country_style,
    "focus": _travel_style("focus", styles.FOCUS_WEIGHT),
    "guests": _travel_style("guests", styles.TRAVEL_WEIGHT),
    "trade": _trade_style,
    "stops": _stop_style,
    "positions": _position_style,
    "places": _place_style,
}
HIGHLIGHT: dict[str, dict] = {
    "countries": {"weight": 2, "color": "#333333"},
    "trade": {"opacity": 1.0},
}


def _fit(fmap: folium.Map, frames: Mapping[str, gpd.GeoDataFrame]) -> None:
    """Frame what the event is about: the travel and trade, not the whole basemap."""
    drawn = [f for k, f in frames.items() if k != "countries" and len(f)]
    if not drawn:
        return
    xmin, ymin, xmax, ymax = gpd.GeoSeries(
        [g for f in drawn for g in f.geometry], crs="EPSG:4326"
    ).total_bounds
    fmap.fit_bounds([[max(ymin, -60), xmin], [min(ymax, 75), xmax]], padding=(20, 20))


def title_html(event: Event, *, title: str | None, year: int) -> str:
    heading = title or event.meta.title
    return f"<h1>{esc(heading)}</h1><div>{esc(f'{event.meta.date:%-d %B %Y}')} · trade year {year}</div>"


def legend_html(
    frames: Mapping[str, gpd.GeoDataFrame],
    *,
    focus_names: Sequence[str] = (),
    highlight_names: Sequence[str] = (),
) -> str:
    """Colours of the roles present, the travel lines, and three reference trade widths."""
    rows = ['<div class="dm-legend">']
    if "countries" in frames:
        present = set(frames["countries"]["role"])
        for role in (r for r in styles.ROLE_FILL if r in present):
            label = styles.ROLE_LABEL[role]
            if role == "highlight" and highlight_names:
                label = ", ".join(highlight_names)
            swatch = f'<i class="sw" style="background:{styles.ROLE_FILL[role]}"></i>'
            rows.append(f"{swatch}{esc(label)}<br>")
    for key in ("focus", "guests"):
        if key in frames:
            line = f'<i class="ln" style="border-top:3px solid {styles.LAYERS[key].colour}"></i>'
            rows.append(f"{line}{esc(layer_title(key, year=0, focus_names=focus_names))}<br>")
    if "focus" in frames or "guests" in frames:
        rows.append('<i class="ln" style="border-top:3px dashed #555"></i>Route not confirmed<br>')
    trade = frames.get("trade")
    if trade is not None and len(trade):
        colour = styles.LAYERS["trade"].colour
        largest = float(trade["value_usd"].max())
        for share in (1.0, 0.25, 0.01):
            weight = layers.flow_weight(largest * share, largest)
            line = f'<i class="ln" style="border-top:{weight:.1f}px solid {colour}"></i>'
            rows.append(f"{line}{esc(usd(largest * share))}<br>")
    rows.append("</div>")
    return "".join(rows)


ATTRIBUTION = (
    "Countries: Natural Earth · Places: GeoNames · Facts: the source in each popup · "
    '<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>'
)
