"""A person's travels in the app: choose someone who travels in several events, see every trip
of theirs on one map (geo.web.atlas) and in a table, and open a trip's event by clicking its line
or choosing it from the list."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.base import ids
from geo.base.errors import DiplomapError
from geo.io.events import Event
from geo.model import text, trips, view
from geo.web import atlas, reader, selection
from ui import cache, mapview, state

PERSON_KEY, TRIP_KEY, MAP_KEY = "person", "person_trip", "person_map"
NOBODY = ""
"""The person selector's first option: no person, the event view."""
MAP_HEIGHT = 560
TRIP_COLUMNS = {
    "km travelled": st.column_config.TextColumn(help=f"km: {trips.KM_RULE}"),
    "hours travelling": st.column_config.TextColumn(help=f"Hours: {trips.HOURS_RULE}"),
}


def events_of(root: Path, event_ids: Sequence[str]) -> dict[tuple[str, int], Event]:
    """Every event that opens (the cached loader), by its folder and its files' stamp; one that
    does not is left out here and shows its problems when chosen as an event."""
    found = {}
    for event_id in event_ids:
        try:
            stamp = cache.folder_stamp(root, event_id)
            found[event_id, stamp] = cache.event(str(root), event_id, stamp)
        except (DiplomapError, OSError):
            continue
    return found


@st.cache_resource(show_spinner=False, max_entries=16)
def travellers(
    root: str, stamps: tuple[tuple[str, int], ...], _events: Sequence[Event]
) -> list[trips.Traveller]:
    """Who travels in several of the events, by the events' folders and their files' stamps."""
    return trips.travellers(_events)


def choose_person(box, people: Sequence[trips.Traveller]) -> str:
    """The person selector, in the sidebar above the event's: empty for the event view."""
    names = {p.id: f"{p.name} ({len(p.events)} events)" for p in people}
    options = [NOBODY, *names]
    state.keep_valid(PERSON_KEY, options, default=NOBODY)
    return box.selectbox(
        "Person's travels",
        options,
        format_func=lambda option: names.get(option, "None: show one event"),
        key=PERSON_KEY,
        help="Someone who travels in several events: every trip of theirs on one map.",
    )


def show(root: Path, event_ids: Sequence[str], box) -> bool:
    """The chosen person's trips instead of an event; False when no person is chosen."""
    opened = events_of(root, event_ids)
    events = list(opened.values())
    person_id = choose_person(box, travellers(str(root), tuple(opened), events))
    if person_id == NOBODY:
        return False
    found = trips.trips_of(person_id, events)
    state.write_url(view.params_from_person(person_id))
    name = text.md_literal(found[0].name)  # Markdown: a name holding ![](…) would be fetched
    st.subheader(f"{name}: {len(found)} trips, {atlas.trips_span(found)}")
    fmap = atlas.build_atlas(person_id, events)
    fmap.default_js = [("leaflet", mapview.LEAFLET_URLS["js"])]
    fmap.default_css = [("leaflet_css", mapview.LEAFLET_URLS["css"])]
    reader.KeepInside().add_to(fmap)  # the key of nine trips folds: it would cover the map
    st_folium(
        fmap,
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
        on_change=open_clicked_trip,
    )
    st.dataframe(trip_table(found), hide_index=True, use_container_width=True, column_config=TRIP_COLUMNS)
    st.caption(
        f"km travelled: {trips.KM_RULE}. Hours travelling: {trips.HOURS_RULE}. The event's page shows the same figures."
    )
    titles = {t.event_id: f"{t.dates}: {t.destination}" for t in found}
    st.selectbox(
        "Open a trip's event",
        [NOBODY, *titles],
        format_func=lambda option: titles.get(option, "Choose a trip…"),
        key=TRIP_KEY,
        on_change=open_chosen_trip,
    )
    return True


def trip_table(found: Sequence[trips.Trip]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "dates": [t.dates for t in found],
            "destination": [t.destination for t in found],
            "modes": [", ".join(t.modes) for t in found],
            "km travelled": [t.travelled.km_value for t in found],
            "hours travelling": [t.travelled.hours_value for t in found],
            "legs timed": [t.travelled.timed_note for t in found],
            "sources": [len(t.sources) for t in found],
            "event": [t.event_id for t in found],
        }
    )


def open_event(event_id: str) -> None:
    """Leave the person's view for one of their events (a callback: it runs before the rerun)."""
    st.session_state["event"] = event_id
    st.session_state[PERSON_KEY] = NOBODY
    if TRIP_KEY in st.session_state:
        del st.session_state[TRIP_KEY]
    state.forget_event_choices()


def open_chosen_trip() -> None:
    if st.session_state.get(TRIP_KEY):
        open_event(st.session_state[TRIP_KEY])


def open_clicked_trip() -> None:
    event_id = clicked_event(st.session_state.get(MAP_KEY))
    if event_id is not None:
        open_event(event_id)


def clicked_event(value) -> str | None:
    """The event of the trip clicked on the person's map (st_folium's return value), if any."""
    clicked = selection.clicked_from_return(value)
    found = ids.parse_trip(clicked.id) if clicked is not None else None
    return found[0] if found is not None else None
