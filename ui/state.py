"""Session state: set up from the link once, kept valid before each widget reads it, written
back to the link after each run. Callbacks here only write state."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence

import streamlit as st

from geo.base import registry
from geo.model import view
from geo.web import selection

LOG = logging.getLogger("diplomap.app")
MAP_KEY = "map"
VIEW_KEY = "_map_view"
"""The reader's centre and zoom, as the map last reported them: the next map opens there."""
CLICK_KEY = "_map_click"
DRAWN_KEY, HANDED_KEY = "_map_drawn", "_map_handed"
STALE_KEY = "_map_stale_report"
"""Set while a new map is being moved to the reader's view: the one report it may send from its
own opening view first must not replace the reader's."""
HERE_KEY = "_map_here"
"""The features the last click reached, best first: the details panel lists them to choose from."""
PICKED_KEY = "_map_picked"
"""Set when a click on the map chose a feature: a rerun of the map alone must become the page's,
as the details beside the map change too."""
BELOW_KEY = "_below_map"
"""Set once the map has reported from the reader's browser: from then on the page draws what lies
under the map (below_map_now)."""
FIRST_PAGE_KEY = "_first_page_drawn"
"""Set when a first page has been drawn: a map that never reports (its scripts failed) must not
keep the figures, tables and downloads away for good; the reader's next action brings them."""
LAYER_KEYS = {layer: f"layer_{layer}" for layer in registry.TOGGLES}
UPLOAD_LAYER_KEYS = {layer: f"layer_{layer}" for layer in registry.UPLOADED}
"""The toggles of what a reader uploads (their places): offered once there is an upload."""
URL_KEYS = {"year": "year", "min": "min_value", "top": "top", "time": "time", "chapter": "chapter"}
"""Link parameter -> the session-state key of its widget."""


def read_url(event_ids: Sequence[str]) -> None:
    """The view in the link becomes the session's first state, once per session."""
    if "_from_url" in st.session_state:
        return
    st.session_state["_from_url"] = True
    values = view.values_from_params(st.query_params.to_dict())
    if values.get("event") in event_ids:
        st.session_state["event"] = values["event"]
    if "person" in values:  # kept valid by the person selector, which knows who travels
        st.session_state["person"] = values["person"]
    if "layers" in values:
        for layer, key in LAYER_KEYS.items():
            st.session_state[key] = layer in values["layers"]
    for name, key in URL_KEYS.items():
        if name in values:
            st.session_state[key] = values[name]
    if "chapter" in values and "layers" not in values:
        # A link to a chapter alone opens it as choosing it would: its layers and its moment.
        st.session_state["_open_chapter"] = True
    if "selected" in values:
        st.session_state["selected"] = values["selected"]


def keep_valid(key: str, options, *, default) -> None:
    """Reset a widget's state to its default when it is not one of the options (before the widget)."""
    if key not in st.session_state or st.session_state[key] not in options:
        st.session_state[key] = default


def forget_event_choices() -> None:
    """Another event has other years, days, chapters and features: start those from its defaults."""
    for key in ("year", "time", "selected", "chapter", HERE_KEY):
        st.session_state.pop(key, None)
    forget_map_view()


def forget_map_view() -> None:
    """The next map opens on its chapter's view (an event or a chapter was chosen)."""
    st.session_state.pop(VIEW_KEY, None)


def map_view(drawn: object) -> tuple[list[float] | None, float | None]:
    """The centre ([lat, lon]) and zoom for the map, or (None, None) for its chapter's view.

    ``drawn`` stands for what the map draws. While it is unchanged the map stays mounted and is
    handed the same view as before, which streamlit-folium leaves alone: handing it each move the
    reader made would pull the map back to a view they have since left. A new map opens where
    the reader last was."""
    if st.session_state.get(DRAWN_KEY) != drawn:
        st.session_state[DRAWN_KEY] = drawn
        st.session_state[HANDED_KEY] = st.session_state.get(VIEW_KEY)
        st.session_state[STALE_KEY] = st.session_state[HANDED_KEY] is not None
    handed = st.session_state.get(HANDED_KEY)
    return (list(handed[0]), handed[1]) if handed else (None, None)


def follow_new_upload(digest: str, option: str | None) -> None:
    """A newly uploaded event is shown at once; once only, so the user may then choose another."""
    if st.session_state.get("_event_upload") == digest:
        return
    st.session_state["_event_upload"] = digest
    if option is not None:
        st.session_state["event"] = option
        forget_event_choices()


def follow_new_places(digest: str) -> None:
    """Newly uploaded places are shown, and the next map opens on them with the subject
    (geo.model.scene.MapScene.fit); once, so the reader's later pans are kept."""
    if st.session_state.get("_places_upload", "") == digest:
        return
    st.session_state["_places_upload"] = digest
    if digest:
        for key in UPLOAD_LAYER_KEYS.values():
            st.session_state[key] = True
        forget_map_view()


def follow_map(reached: Callable[[selection.Click, str | None], list[str]]) -> None:
    """The map reported a click or a move: keep where the reader is, and select what they
    clicked, once per click (a later move reports the same click, and must not undo a feature
    chosen from the list since). ``reached`` names the features a click reaches, best first
    (geo.web.selection.features_at): the first is selected, all are offered beside it."""
    value = st.session_state.get(MAP_KEY) or {}
    reader = reader_view(value)
    handed = st.session_state.get(HANDED_KEY)
    stale = st.session_state.pop(STALE_KEY, False) and reader is not None and not _same_view(reader, handed)
    if reader is not None and not stale:
        st.session_state[VIEW_KEY] = reader
    click = (value.get("last_clicked"), value.get("last_object_clicked"), value.get("last_active_drawing"))
    if click == st.session_state.get(CLICK_KEY):
        return
    st.session_state[CLICK_KEY] = click
    where = selection.click_from_return(value)
    under = selection.clicked_from_return(value)
    here = reached(where, under.id if under is not None else None) if where is not None else []
    if not here and (clicked := selection.clicked_from_return(value)) is not None:
        here = [clicked.id]  # a map that reports the feature alone (an older frame)
    if here:
        st.session_state["selected"] = here[0]
        st.session_state[HERE_KEY] = here
        st.session_state[PICKED_KEY] = True


def below_map_now() -> bool:
    """Whether this run draws what lies under the map (figures, tables, downloads). A browser's
    first page sends the map alone and the rest once the map has reported that it is drawn
    (map_reported): React rendering the tables' grid and a dozen buttons took the main thread
    that the map's frame shares, before the map was drawn. A run no browser asked for (AppTest, a
    script) has no map to wait for."""
    return bool(
        st.session_state.get(BELOW_KEY) or st.session_state.get(FIRST_PAGE_KEY) or not st.context.headers
    )


def first_page_drawn() -> None:
    """The end of a page's run: any later run draws what lies under the map, reported or not."""
    st.session_state[FIRST_PAGE_KEY] = True


def map_reported() -> bool:
    """The map reported from the browser for the first time in this session: True once, when
    the page must run again to draw what lies under the map."""
    if st.session_state.get(BELOW_KEY):
        return False
    st.session_state[BELOW_KEY] = True
    return True


def page_run() -> None:
    """This run draws the whole page, so it shows whatever a click chose."""
    st.session_state.pop(PICKED_KEY, None)


def picked_since_page_run() -> bool:
    """A click chose a feature after the page was last drawn (the map alone reran since)."""
    return st.session_state.pop(PICKED_KEY, False)


def _same_view(a: tuple | None, b: tuple | None) -> bool:
    """Two views within a hair of each other (a new frame settles its size by a fraction of a pixel)."""
    if a is None or b is None:
        return a is b
    (lat_a, lon_a), zoom_a = a
    (lat_b, lon_b), zoom_b = b
    return zoom_a == zoom_b and abs(lat_a - lat_b) < 0.05 and abs(lon_a - lon_b) < 0.05


def reader_view(value: dict) -> tuple[tuple[float, float], float] | None:
    """((lat, lon), zoom) from st_folium's return value, or None when it holds no usable view."""
    center, zoom = value.get("center"), value.get("zoom")
    try:
        lat, lon, zoom = float(center["lat"]), float(center["lng"]), float(zoom)
    except (KeyError, TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and math.isfinite(lon) and 0 <= zoom <= 30):
        return None
    return (lat, lon), zoom


def reader_bounds() -> tuple[tuple[float, float], tuple[float, float]] | None:
    """What the reader sees on the map, ((south, west), (north, east)), once they have moved it;
    None while it shows its chapter's view (an image then draws that view)."""
    if st.session_state.get(VIEW_KEY) is None:
        return None
    return bounds_from(st.session_state.get(MAP_KEY) or {})


def bounds_from(value: dict) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """((south, west), (north, east)) from st_folium's return value, or None when it holds none usable."""
    try:
        south_west, north_east = value["bounds"]["_southWest"], value["bounds"]["_northEast"]
        south, west = float(south_west["lat"]), float(south_west["lng"])
        north, east = float(north_east["lat"]), float(north_east["lng"])
    except (KeyError, TypeError, ValueError):
        return None
    numbers = (south, west, north, east)
    if not all(math.isfinite(n) for n in numbers) or not (-90 <= south < north <= 90 and west < east):
        return None
    return (south, west), (north, east)


def write_url(params: dict[str, str]) -> None:
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
