"""The map on the page: the scene's map through streamlit-folium's component, with the travellers
as a group added to the mounted map, so the time slider moves them without reloading it.

A map is rendered for the component once per thing it draws and kept as text (``Rendered``):
a rerun that draws the same map (a pan, a click, the time slider, a layer toggled back) hands
the component the same strings without building a folium map or rendering its templates. A
folium map itself is never cached: rendering it changes it, so sessions would share changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

import folium
import folium.elements
import geopandas as gpd
import streamlit as st
import streamlit.components.v1 as components
import streamlit_folium

from geo.base import registry
from geo.model import labels
from geo.model.view import Scene
from geo.web import assets, maps, reader, selection
from ui import state

MAP_HEIGHT = 620
"""Most of a 900-pixel window: the map is the page."""
RETURNED_OBJECTS = ["last_clicked", "last_active_drawing", "last_object_clicked", "center", "zoom", "bounds"]
"""Where the reader clicked, anywhere on the map (geo.web.selection finds what the click reaches,
the highlighted trip first, however the layers lie on the page); the feature under the pointer
(its id is in its properties) for a click the map alone reports; and the reader's centre and
zoom, so the next map (a layer toggled, another year) opens where they left it."""
POINT_KEY = "_map_point"
"""Where the reader last clicked a map that reports clicks (the editor's), as (lat, lon)."""
MOVING = "positions"
LEAFLET_FILES = components.declare_component("leaflet", path=str(assets.LEAFLET_DIR))
"""Never drawn: declared so that the server hands out Leaflet's own files (XStatic-Leaflet) beside
streamlit-folium's. The map's frame then loads Leaflet by URL from this server, once per frame,
instead of receiving 200 kB of data: URIs with every new map."""
LEAFLET_URLS = {
    "js": f"../{LEAFLET_FILES.name}/leaflet.js",
    "css": f"../{LEAFLET_FILES.name}/leaflet.css",
}
"""Relative to the map's frame (served under /component/), so a server under a base path works."""
MAPS_KEPT, TRAVELLERS_KEPT = 32, 256
"""Rendered maps (about 0.5 MB each) and travellers' groups (about 10 kB) kept for all sessions."""


@dataclass(frozen=True)
class Rendered:
    """A folium map as streamlit-folium's component takes it: strings only, so sessions share it."""

    script: str
    header: str
    html: str
    map_id: str
    component_key: str
    """streamlit-folium's key for the component: the script's digest. A new one remounts the map."""
    defaults: str
    """The component's value before the reader touches the map (JSON)."""
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


@st.fragment
def show_map(scene: Scene, frames: dict[str, gpd.GeoDataFrame], *, key: tuple, clicks: bool = False) -> None:
    """``key`` names the event and its data (its files' stamp or the uploads' digests): with the
    view, it names what the map draws. With ``clicks``, a click anywhere on the map is kept as
    POINT_KEY and reruns the page (the editor offers a place there).

    A fragment: when the reader pans or zooms, the map reports where it is and only this reruns,
    handing the mounted map what it already has; a click that chooses a feature reruns the page."""
    rendered = rendered_for(scene, frames, key=key)
    # The map's own HTML opens on its chapter; the component then moves it to the reader's view
    # without remounting it, so a pan never rebuilds the page's map.
    center, zoom = state.map_view(rendered.component_key)
    picked = st.session_state.get("selected")
    moving = travellers((*key, repr(scene.view)), scene, frames.get(MOVING), picked)

    def follow() -> None:
        # Whatever map reported, the browser has drawn one: the page may draw what lies under it,
        # in a run of the page's, not of the map's alone.
        if state.map_reported():
            st.session_state[state.PICKED_KEY] = True
        if st.session_state.get(state.DRAWN_KEY) != rendered.component_key:
            return  # a map since replaced, reporting as the page changed: not where the reader is now
        st.session_state[state.MAP_KEY] = st.session_state.get(rendered.component_key, {})
        state.follow_map(lambda click, under: selection.features_at(frames, click, under=under))
        if clicks:
            follow_point(st.session_state[state.MAP_KEY])

    # What streamlit_folium.st_folium hands its component (tests/test_app.py checks the two agree).
    streamlit_folium._component_func(  # st_folium's own component, its arguments rendered once
        script=rendered.script,
        header=rendered.header,
        html=rendered.html,
        id=rendered.map_id,
        key=rendered.component_key,
        height=MAP_HEIGHT,
        width=None,
        returned_objects=RETURNED_OBJECTS,
        default=json.loads(rendered.defaults),
        zoom=zoom,
        center=center,
        feature_group=moving,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(rendered.css_links),
        js_links=list(rendered.js_links),
        on_change=follow,
        wrap_longitude=False,
    )
    if state.picked_since_page_run():
        st.rerun()


def follow_point(value: dict) -> None:
    """A new click on the map: keep where it was, and draw the page again (once per click: every
    later report of a pan repeats the last click)."""
    clicked = value.get("last_clicked")
    if clicked == st.session_state.get(f"{POINT_KEY}_seen"):
        return
    st.session_state[f"{POINT_KEY}_seen"] = clicked
    try:
        st.session_state[POINT_KEY] = (float(clicked["lat"]), float(clicked["lng"]))
    except (KeyError, TypeError, ValueError):
        return
    st.session_state[state.PICKED_KEY] = True


def rendered_for(scene: Scene, frames: dict[str, gpd.GeoDataFrame], *, key: tuple) -> Rendered:
    """The scene's map, the travellers aside, rendered once for what it draws: ``key`` names the
    event and its data, and the view less its moment the rest."""
    drawn = {name: frame for name, frame in frames.items() if name != MOVING}
    return rendered_map((*key, repr(replace(scene.view, at=None))), scene, drawn)


@st.cache_resource(show_spinner=False, max_entries=MAPS_KEPT)
def rendered_map(key: tuple, _scene: Scene, _frames: dict[str, gpd.GeoDataFrame]) -> Rendered:
    return render(build(_scene, _frames))


def build(scene: Scene, frames: dict[str, gpd.GeoDataFrame]) -> folium.Map:
    """The app's map of the scene, the travellers aside."""
    # The app shows a click's facts once, beside the map: no popups, the clicked feature marked.
    fmap = maps.build_map(scene, frames=frames, story=False, picked=True)
    # streamlit-folium loads scripts by URL (a CDN by default): hand it this server's Leaflet.
    fmap.default_js = [("leaflet", LEAFLET_URLS["js"])]
    fmap.default_css = [("leaflet_css", LEAFLET_URLS["css"])]
    reader.OpensInPlace().add_to(fmap)
    reader.KeepInside().add_to(fmap)
    return fmap


def _bounds_dict(bounds: list) -> dict:
    """A map's bounds as st_folium reports them."""
    (south, west), (north, east) = bounds
    return {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}


def render(fmap: folium.Map) -> Rendered:
    """The component's arguments for ``fmap``, made as streamlit_folium.st_folium (0.27) makes
    them for a map without a layer control or hover events."""
    sf = streamlit_folium
    fmap.get_root().render()
    fmap.render()
    # Before the script: making the script renames the map's elements.
    html, header = sf._get_html(fmap), sf._get_header(fmap)
    script = sf._get_map_string(fmap)
    # st_folium's starting value, less what the app does not ask back (RETURNED_OBJECTS).
    defaults = {
        "last_clicked": None,
        "last_object_clicked": None,
        "last_active_drawing": None,
        "zoom": fmap.options.get("zoom"),
        # What the reader sees, drawn by "This view as PNG" (ui.state.reader_bounds).
        "bounds": _bounds_dict(fmap.get_bounds()),
    }
    return Rendered(
        script=script,
        header=header,
        html=html,
        map_id=sf.get_full_id(fmap),
        component_key=sf.generate_js_hash(script, state.MAP_KEY, False),
        defaults=json.dumps(defaults),
        css_links=tuple(
            dict.fromkeys(href for e in _elements(fmap) for _, href in getattr(e, "default_css", []))
        ),
        js_links=tuple(
            dict.fromkeys(src for e in _elements(fmap) for _, src in getattr(e, "default_js", []))
        ),
    )


def _elements(element):
    """The map's elements that bring scripts or stylesheets, in st_folium's order (none of ours
    is a colour map, for which st_folium would add d3 from a CDN)."""
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _elements(child)


@st.cache_resource(show_spinner=False, max_entries=TRAVELLERS_KEPT)
def travellers(key: tuple, _scene: Scene, _frame: gpd.GeoDataFrame | None, picked: str | None) -> str:
    """The travellers' group as the script the component adds to the mounted map."""
    group = travellers_group(_scene, _frame, picked)
    # A map to hang the group on while it renders: the script names the mounted one (map_div).
    host = folium.Map(tiles=None)
    host._id = "div"  # the name streamlit-folium gives the mounted map
    return streamlit_folium._get_feature_group_string(group, map=host, idx=0)


def travellers_group(scene: Scene, frame: gpd.GeoDataFrame | None, picked: str | None) -> folium.FeatureGroup:
    """The travellers at the view's moment, drawn as geo.web.maps draws every layer, the
    highlighted ones named; with them, the mark of the feature whose details are shown
    (``picked``), so the map marks what the panel describes however it was chosen."""
    if frame is None:
        group = folium.FeatureGroup(name=registry.LAYERS[MOVING].title, control=False)
    else:
        group = maps.frame_group(scene, MOVING, frame, picked=True)
        records = frame.drop(columns="geometry").assign(lon=frame.geometry.x, lat=frame.geometry.y)
        reader.TravellerNames(labels.position_labels(records.to_dict("records"))).add_to(group)
    reader.PickedMark(picked).add_to(group)
    return group
