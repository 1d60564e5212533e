"""The map on the page: the scene's map through streamlit-folium, with the travellers as a group
added to the mounted map, so the time slider moves them without reloading it."""

from __future__ import annotations

import dataclasses

import folium
import geopandas as gpd
from streamlit_folium import st_folium

from geo import assets, maps
from geo.view import Scene
from ui import state

MAP_HEIGHT = 620
"""Most of a 900-pixel window: the map is the page."""
RETURNED_OBJECTS = ["last_active_drawing", "last_object_clicked", "center", "zoom"]
"""The clicked feature (its id is in its properties), and where the click was, so that clicking
the same feature again after choosing another from the list still selects it; and the reader's
centre and zoom, so the next map (a layer toggled, another year) opens where they left it."""
MOVING = "positions"


def show_map(scene: Scene, frames: dict[str, gpd.GeoDataFrame]) -> None:
    drawn = {key: frame for key, frame in frames.items() if key != MOVING}
    # The app shows a click's facts once, beside the map: no popups, the clicked feature marked.
    fmap = maps.build_map(scene, frames=drawn, story=False, picked=True)
    # streamlit-folium loads scripts by URL (a CDN by default): hand it Leaflet as data: URIs.
    fmap.default_js = [("leaflet", assets.leaflet_js_uri())]
    fmap.default_css = [("leaflet_css", assets.leaflet_css_uri())]
    # The map's own HTML opens on its chapter; streamlit-folium then moves it to the reader's
    # view without remounting it, so a pan never rebuilds the page's map.
    center, zoom = state.map_view(
        (scene.event.id, dataclasses.replace(scene.view, at=None), [(k, len(f)) for k, f in drawn.items()])
    )
    st_folium(
        fmap,
        center=center,
        zoom=zoom,
        key=state.MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=RETURNED_OBJECTS,
        feature_group_to_add=travellers(scene, frames[MOVING]) if MOVING in frames else None,
        on_change=state.follow_map,
    )


def travellers(scene: Scene, frame: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """The travellers, drawn as geo.maps draws every layer."""
    return maps.frame_group(scene, MOVING, frame, picked=True)
