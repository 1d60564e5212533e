"""Places in the editor: found by name in GeoNames (the user picks among the candidates, each
with its region and country), or added where the map was clicked; and the draft's map, drawn as
the app draws any event's, with every place of the draft as a point."""

from __future__ import annotations

import math
from collections.abc import Sequence

import streamlit as st

from geo.base.errors import Problem
from geo.io.schema import ExtraPlace, Place
from geo.io.sheets import Draft, slug_from
from geo.model import layers, text, view
from geo.ref import placenames
from geo.ref.gazetteer import nearest_city
from geo.ref.placenames import Candidate
from ui import cache, editor_state, mapview

CANDIDATES = 8
NEAR_KM = 30
"""A click this close to a GeoNames city (15,000 people or more) is offered that city's name."""
OSM_POINT = "https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=12/{lat:.5f}/{lon:.5f}"
"""A clicked place's first source: the point on OpenStreetMap, where the user can check what is
there (and then cite the page that names the place)."""
KINDS = ("city", "capital", "station", "airport", "border", "venue")
BLOCKING = 4
"""Problems named when the draft cannot open yet; the sheets list them all."""


def show_find(draft: Draft) -> None:
    """Find a place by name: the candidates with region, country and size, one added on request."""
    with st.container(border=True):
        name_column, country_column = st.columns([3, 1])
        query = name_column.text_input(
            "Find a place by name (GeoNames)", key="find_query", placeholder="Dandong"
        )
        country = country_column.text_input(
            "Country (ISO3)", key="find_country", placeholder="CHN", max_chars=3
        )
        if not query.strip():
            st.caption("Cities of 15,000 people or more, offline. Or click the map to add a place there.")
            return
        found = placenames.find_places(query, iso3=country.strip().upper() or None, limit=CANDIDATES)
        if not found:
            st.caption(
                f"No GeoNames city called {text.md_literal(query)}: click the map where it is, "
                "or add a row with its lat and lon."
            )
            return
        # A radio's value is its option's text: the label names the candidate, whatever the query.
        st.radio("Candidates", [c.label for c in found], key="find_choice")
        st.button("Add to places", key="find_add", on_click=add_found, icon=":material/add_location:")


def add_found() -> None:
    """The candidate chosen, found again from the fields as they are now (typed since the button
    was drawn, perhaps); none when the choice is not among them."""
    query, country = st.session_state.get("find_query", ""), st.session_state.get("find_country", "")
    found = placenames.find_places(query, iso3=country.strip().upper() or None, limit=CANDIDATES)
    labels, choice = [c.label for c in found], st.session_state.get("find_choice")
    if choice in labels:
        add_candidate(found[labels.index(choice)])
    elif len(found) == 1:
        add_candidate(found[0])
    else:
        st.toast("Choose the place among the candidates again: they changed.")


def add_candidate(candidate: Candidate) -> None:
    region = "" if candidate.region.startswith("region code") else candidate.region
    add_place(
        {
            "name": candidate.name,
            "iso3": candidate.iso3,
            "lat": f"{candidate.lat:.5f}",
            "lon": f"{candidate.lon:.5f}",
            "kind": "capital" if candidate.capital else "city",
            "admin1": region,
            "source_url": candidate.source_url,
        }
    )


def add_place(cells: dict[str, str]) -> None:
    """A row at the end of places.csv, its id made from its name (a callback)."""
    draft = editor_state.current()
    if draft is None:
        return
    row = {"id": slug_from(cells["name"], taken=draft.ids("places.csv")), **cells}
    editor_state.update(draft.with_rows("places.csv", [*draft.tables["places.csv"], row]))
    st.session_state["editor_sheet"] = "places.csv"
    st.toast(f"Added {row['id']} to the places: row {len(draft.tables['places.csv']) + 1}.")


def show_map(checked: editor_state.Checked) -> None:
    """The draft's map, redrawn from its files on every change; while it cannot open, why."""
    event = checked.event
    if event is None:
        blocking = [
            p for p in checked.problems if p.file in ("event.toml", "people.csv") and not p.is_warning
        ]
        names = "\n".join(f"- {text.md_literal(p)}" for p in blocking[:BLOCKING])
        st.info(
            "The map is drawn once the event's form and one person are valid. Still to fix:\n\n"
            + (names or "- the event's form (the Event sheet) and people.csv")
        )
        return
    scene = view.Scene(event, view.View())
    shown = cache.Shown(event, ("draft", checked.digest))
    frames: dict = {}
    for layer in scene.view.layers:
        frames.update(cache.layer_of(shown, scene, layer))
    frames["places"] = layers.build_place_layer(
        (number, point_of(place)) for number, place in enumerate(event.places.values(), start=1)
    )
    mapview.show_map(scene, frames, key=shown.key, clicks=True)


def point_of(place: Place) -> ExtraPlace:
    return ExtraPlace(
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        kind=place.kind,
        iso3=place.iso3,
        source_url=place.source_url,
    )


def show_click(problems: Sequence[Problem]) -> None:
    """A place where the map was clicked: its name offered from the nearest city, its country from
    the shapes; added on request."""
    point = st.session_state.get(mapview.POINT_KEY)
    if point is None or editor_state.current() is None:
        if not problems:
            st.caption("Click the map to add a place there.")
        return
    lat, lon = point[0], (point[1] + 180) % 360 - 180
    if not (math.isfinite(lat) and -90 <= lat <= 90):
        return
    iso3 = placenames.country_at(lon, lat) or ""
    near = nearest_city((lon, lat), iso3, min_population=0, within_km=NEAR_KM) if iso3 else None
    key = f"click_{lat:.5f}_{lon:.5f}"
    with st.container(border=True):
        st.markdown(f"**A place at {lat:.4f}, {lon:.4f}**" + (f" (in {iso3})" if iso3 else " (at sea)"))
        name, country, kind = st.columns([2, 1, 1])
        name.text_input("Name", value=near or "", key=f"{key}_name", placeholder="the place's name")
        country.text_input("Country", value=iso3, key=f"{key}_iso3", placeholder="CHN", max_chars=3)
        kind.selectbox("Kind", KINDS, key=f"{key}_kind")
        st.caption(
            "Its source is this point on OpenStreetMap: check it there, then cite the page that names the place."
        )
        cells = {"lat": f"{lat:.5f}", "lon": f"{lon:.5f}", "admin1": ""}
        cells["source_url"] = OSM_POINT.format(lat=lat, lon=lon)
        add, dismiss = st.columns(2)
        add.button(
            "Add to places",
            key=f"{key}_add",
            on_click=add_clicked,
            args=(key, cells),
            icon=":material/add_location:",
        )
        dismiss.button("Dismiss", key=f"{key}_dismiss", on_click=forget_point)


def add_clicked(key: str, cells: dict[str, str]) -> None:
    """Read the fields as they are now: typed since the button was drawn, perhaps."""
    typed = {field: st.session_state[f"{key}_{field}"] for field in ("name", "iso3", "kind")}
    add_place({**typed, **cells})
    forget_point()


def forget_point() -> None:
    st.session_state.pop(mapview.POINT_KEY, None)
