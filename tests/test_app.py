"""The Streamlit app, driven through AppTest: every widget by its key, and what each one changes.

The app reads its events from DIPLOMAP_EVENTS_DIR, here a temporary folder holding a copy of the
bundled event, the tiny event of tests/tiny.py, one with a refused row and one that cannot open.
"""

from __future__ import annotations

import html as html_lib
import json
import shutil
from datetime import datetime

import pytest
from streamlit.testing.v1 import AppTest

from geo.base import registry, settings
from geo.model import scene as scenes
from geo.model import text
from tests.tiny import write_tiny_event

APP = str(settings.ROOT / "app.py")
BUNDLED = "beijing-parade-2025"
PEOPLE_HEADER = "id,name,title,iso3,role,note,source_url\n"


@pytest.fixture(scope="module", autouse=True)
def events_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("events")
    shutil.copytree(settings.EVENTS_DIR / BUNDLED, root / BUNDLED)
    write_tiny_event(root, "tiny")
    write_tiny_event(
        root,
        "tiny-refused",
        people_csv=PEOPLE_HEADER
        + "kim,Kim Jong Un,Chairman,PRK,guest,,https://example.org/kim\n"
        + "ann,Ann,President,RUS,guest,,https://example.org/ann\n"
        + "zed,Zed,King,XYZ,guest,,https://example.org/zed\n",
        legs_csv="person,seq,from,to,mode,depart,arrive,time_status,alternatives,route_status,note,source_url\n",
    )
    write_tiny_event(
        root, "broken", people_csv=PEOPLE_HEADER + "kim,Kim,Chairman,XXX,guest,,https://example.org/kim\n"
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIPLOMAP_EVENTS_DIR", str(root))
        yield root


def run(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params.update(params)
    return ok(at.run())


def ok(at: AppTest) -> AppTest:
    """No traceback on the page, whatever happened."""
    assert list(at.exception) == []
    return at


def map_args(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


def drawn(at: AppTest) -> str:
    """The map's script and the travellers' group the component adds to it."""
    args = map_args(at)
    return args["script"] + (args["feature_group"] or "")


def page_html(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


def table(at: AppTest, name: str):
    """The table shown under the map after choosing ``name`` (people, legs, flows, positions)."""
    ok(at.radio(key="table").set_value(name).run())
    (shown,) = at.dataframe
    return shown.value


def test_opens_on_the_first_event_with_its_title_figures_and_an_offline_map():
    at = run()
    assert at.selectbox(key="event").value == BUNDLED
    html = page_html(at)
    assert "Victory Day parade" in html
    assert "Leaders attending" in html and "hours on the rails" in html
    assert "China's share of North Korea's external trade" in html_lib.unescape(html)
    args = map_args(at)
    # Leaflet comes from the app's own server, beside the map's frame: never from another host.
    assert args["js_links"] == ["../ui.mapview.leaflet/leaflet.js"]
    assert args["css_links"] == ["../ui.mapview.leaflet/leaflet.css"]
    assert args["returned_objects"] == [
        "last_clicked",
        "last_active_drawing",
        "last_object_clicked",
        "center",
        "zoom",
    ]
    assert "tile.openstreetmap" not in args["script"]
    assert at.query_params["event"] == BUNDLED
    assert at.query_params["layers"] == "countries,focus,guests,trade,positions"
    assert at.query_params["time"] == "2025-09-03T12:00"


@pytest.mark.parametrize(
    ("key", "layer", "drawn_id"),
    [
        ("layer_countries", "countries", "country:PRK"),
        ("layer_focus", "focus", "leg:kim-jong-un:1"),
        ("layer_guests", "guests", "leg:vladimir-putin:1"),
        ("layer_trade", "trade", "flow:2024:"),
        ("layer_positions", "positions", "position:kim-jong-un"),
    ],
)
def test_each_layer_toggle_removes_its_layer_from_the_map_and_the_link(key, layer, drawn_id):
    at = run()
    assert drawn_id in drawn(at)
    ok(at.checkbox(key=key).uncheck().run())
    assert drawn_id not in drawn(at)
    assert layer not in at.query_params["layers"].split(",")
    ok(at.checkbox(key=key).check().run())
    assert drawn_id in drawn(at)


def test_the_trade_year_changes_the_flows_figures_and_link():
    at = run()
    ok(at.selectbox(key="year").select(2023).run())
    script = drawn(at)
    assert "flow:2023:" in script and "flow:2024:" not in script
    assert set(table(at, "flows")["year"]) == {2023}
    assert "external trade (2023)" in page_html(at)
    assert at.query_params["year"] == "2023"


def test_the_flow_filter_keeps_the_largest_flows():
    at = run()
    every = table(at, "flows")["id"].nunique()
    ok(at.selectbox(key="top").select(3).run())
    assert table(at, "flows")["id"].nunique() == 3 < every
    assert at.query_params["top"] == "3"
    ok(at.selectbox(key="top").select(0).run())
    ok(at.select_slider(key="min_value").set_value(1e11).run())
    flows = table(at, "flows")
    assert flows.loc[flows["sets_width"], "value_usd"].min() >= 1e11
    assert at.query_params["min"] == "100000000000"


def test_the_time_slider_moves_the_travellers_without_reloading_the_map():
    at = run()
    before = map_args(at)
    ok(at.slider(key="time").set_value(datetime(2025, 9, 2, 9)).run())
    after = map_args(at)
    assert after["script"] == before["script"]  # the same map stays mounted, zoom and all
    assert after["feature_group"] != before["feature_group"]
    assert "position:kim-jong-un" in after["feature_group"]
    positions = table(at, "positions").set_index("name")
    assert positions.loc["Kim Jong Un", "status"] == "travelling"
    assert at.query_params["time"] == "2025-09-02T09:00"
    ok(at.slider(key="time").set_value(datetime(2025, 8, 24)).run())
    positions = table(at, "positions").set_index("name")
    assert positions.loc["Kim Jong Un", "status"] == "not yet departed"


def test_switching_events_starts_from_the_new_event_s_defaults():
    at = run()
    ok(at.selectbox(key="year").select(2023).run())
    ok(at.selectbox(key="selected").select("country:PRK").run())
    ok(at.selectbox(key="event").select("tiny").run())
    assert "Tiny summit" in page_html(at)
    assert at.selectbox(key="year").value == 2024
    assert at.slider(key="time").value == datetime(2025, 9, 3, 12)
    assert at.selectbox(key="selected").value is None
    assert at.query_params["event"] == "tiny"
    assert "leg:kim:1" in drawn(at)


def test_a_broken_event_says_file_row_and_problem_and_the_others_still_open():
    at = run(event="broken")
    (error,) = at.error
    assert "people.csv, row 2, column 'iso3'" in error.value.replace("\\", "")
    assert "ISO 3166" in error.value
    assert at.get("component_instance") == []
    assert at.query_params == {"event": "broken"}
    ok(at.selectbox(key="event").select("tiny").run())
    assert list(at.error) == []
    assert "leg:kim:1" in drawn(at)


def test_a_badly_broken_event_names_ten_problems_and_tables_them_all(events_root):
    rows = "".join(f"p{i},P,T,XX{i % 10},guest,,https://example.org/p\n" for i in range(25))
    write_tiny_event(events_root, "very-broken", people_csv=PEOPLE_HEADER + rows)
    at = run(event="very-broken")
    (error,) = at.error
    problems = at.dataframe[0].value
    assert set(range(2, 27)) <= set(problems.loc[problems["file"] == "people.csv", "row"])  # every bad row
    assert error.value.replace("\\", "").count("people.csv, row") == 10
    assert f"and {len(problems) - 10} more" in error.value


def test_refused_rows_are_listed_and_offered_as_csv():
    at = run(event="tiny-refused")
    assert "left out of the map" in at.warning[0].value
    (expander,) = [e for e in at.expander if "left out" in e.label]
    assert "XYZ" in expander.dataframe[0].value["value"].tolist()
    assert at.download_button(key="download_refused") is not None
    assert "country:PRK" in drawn(at)


def test_a_link_reproduces_the_view():
    params = {
        "event": "tiny",
        "layers": "countries,trade",
        "year": "2023",
        "min": "0",
        "top": "0",
        "time": "2025-09-02T11:00",
        "selected": "country:PRK",
    }
    at = run(**params)
    assert [at.checkbox(key=f"layer_{layer}").value for layer in ("countries", "focus", "trade")] == [
        True,
        False,
        True,
    ]
    assert at.selectbox(key="year").value == 2023
    assert at.slider(key="time").value == datetime(2025, 9, 2, 11)
    assert "North Korea" in page_html(at)
    assert at.query_params == params


def test_a_hand_edited_link_falls_back_to_defaults():
    at = run(event="nope", year="last", time="yesterday", top="many", selected="country:ZZZ")
    assert at.selectbox(key="event").value == BUNDLED
    assert at.selectbox(key="year").value == 2024
    assert at.selectbox(key="top").value == 0
    assert at.selectbox(key="selected").value is None


def test_choosing_a_feature_shows_its_details_and_marks_disputes():
    at = run(event="tiny")
    ok(at.selectbox(key="selected").select("flow:2024:CHN-PRK:exports").run())
    html = page_html(at)
    assert "China → North Korea, exports, 2024" in html
    assert "KOTRA" in html and "GACC" in html
    assert any("disagree" in w.value for w in at.warning)
    assert at.query_params["selected"] == "flow:2024:CHN-PRK:exports"
    ok(at.selectbox(key="selected").select("leg:kim:1").run())
    assert not any("disagree" in w.value for w in at.warning)


def test_online_tiles_are_opt_in():
    at = run(event="tiny")
    assert "tile.openstreetmap" not in drawn(at)
    ok(at.checkbox(key="tiles").check().run())
    assert "tile.openstreetmap" in drawn(at)
    assert "tiles" not in at.query_params  # a shared link never turns the network on


def test_every_download_is_offered():
    at = run(event="tiny")
    keys = {
        "download_html",
        "download_geojson",
        "download_png",
        "download_svg",
        "download_people",
        "download_legs",
        "download_flows",
    }
    assert keys | {"download_positions"} <= {b.key for b in at.download_button}


def test_a_chapter_chosen_in_the_sidebar_sets_its_layers_and_moment_and_is_kept_in_the_link():
    at = run()
    ok(at.selectbox(key="chapter").select(3).run())
    assert [at.checkbox(key=f"layer_{k}").value for k in ("countries", "focus", "guests", "trade")] == [
        True,
        True,
        False,
        False,
    ]
    assert at.slider(key="time").value == datetime(2025, 9, 2, 17)
    assert at.query_params["chapter"] == "3"
    assert "Chapter 3 of" in page_html(at) and "at a disputed hour" in page_html(at)
    assert "flow:2024:" not in drawn(at)


def test_a_link_to_a_chapter_opens_it_with_its_layers():
    at = run(event=BUNDLED, chapter="5")
    assert at.selectbox(key="chapter").value == 5
    assert at.checkbox(key="layer_trade").value and not at.checkbox(key="layer_focus").value
    assert "flow:2024:" in drawn(at) and "leg:kim-jong-un:1" not in drawn(at)
    assert at.query_params["chapter"] == "5"


@pytest.fixture
def kim_root(tmp_path, monkeypatch):
    """Three bundled events in which Kim Jong Un travels, and the tiny one where he does too."""
    for event_id in (BUNDLED, "kim-hanoi-2019-02", "kim-vladivostok-2019-04"):
        shutil.copytree(settings.EVENTS_DIR / event_id, tmp_path / event_id)
    monkeypatch.setenv("DIPLOMAP_EVENTS_DIR", str(tmp_path))
    return tmp_path


def test_a_person_s_trips_and_opening_one_of_their_events(kim_root):
    at = run()
    person = at.selectbox(key="person")
    assert person.value == ""
    assert person.options == [
        "None: show one event",
        "Kim Jong Un (3 events)",
        "Vladimir Putin (2 events)",
    ], "Putin travels in the parade and in Vladivostok; Xi, a host who never travels, has no trips"
    ok(person.select("kim-jong-un").run())
    assert f"{text.md_literal('Kim Jong Un')}: 3 trips" in at.subheader[0].value, "the name as text"
    (shown,) = at.dataframe
    assert list(shown.value["event"]) == ["kim-hanoi-2019-02", "kim-vladivostok-2019-04", BUNDLED]
    assert list(shown.value["destination"]) == [
        "Hanoi, Vietnam",
        "Vladivostok, Russian Federation",
        "Beijing, China",
    ]
    script = map_args(at)["script"]
    for event_id in shown.value["event"]:
        assert f"trip:{event_id}:kim-jong-un" in script, "each trip is drawn, and a click on it names it"
    assert "event" not in [box.key for box in at.selectbox], "the person's view replaces the event's"
    ok(at.selectbox(key="person_trip").select("kim-hanoi-2019-02").run())
    assert at.selectbox(key="person").value == ""
    assert at.selectbox(key="event").value == "kim-hanoi-2019-02"
    assert "Hanoi summit" in page_html(at)


def test_a_click_on_a_trip_names_its_event():
    from ui import person

    clicked = {"last_active_drawing": {"properties": {"id": "trip:kim-vladivostok-2019-04:kim-jong-un"}}}
    assert person.clicked_event(clicked) == "kim-vladivostok-2019-04"
    assert person.clicked_event({"last_active_drawing": {"properties": {"id": "country:PRK"}}}) is None
    assert person.clicked_event(None) is None


def test_a_warning_is_told_apart_from_a_refused_row(kim_root):
    legs = (
        "person,seq,from,to,mode,depart,arrive,time_status,alternatives,route_status,note,source_url\n"
        "bob,1,astana,tianjin,air,,,unknown,,unconfirmed,,https://example.org/bob-1\n"
        "bob,2,venue,tianjin,road,,,unknown,,unconfirmed,,https://example.org/bob-2\n"
    )
    write_tiny_event(kim_root, "tiny-gap", legs_csv=legs)
    at = ok(run().selectbox(key="event").select("tiny-gap").run())
    assert [i.value for i in at.info] == [
        "This event's files have 1 warning(s), which leave nothing out: worth a look."
    ]
    assert not [w for w in at.warning if "left out" in w.value]


def test_the_map_reaches_streamlit_folium_as_st_folium_would_hand_it(monkeypatch):
    """The app renders each map for streamlit-folium's component once and keeps the text
    (ui.mapview): what it hands the component must be what st_folium hands it for that map."""
    import streamlit_folium

    from geo.io.events import load_event
    from geo.model import view
    from ui import mapview, state

    event = load_event(BUNDLED, root=settings.EVENTS_DIR)
    scene = view.Scene(event, view.View(layers=registry.TOGGLES, at=datetime(2025, 9, 2, 9)))
    frames = scenes.frames_of(scene)
    drawn = {k: f for k, f in frames.items() if k != mapview.MOVING}
    handed = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: handed.update(kwargs))
    streamlit_folium.st_folium(
        mapview.build(scene, drawn),
        key=state.MAP_KEY,
        height=mapview.MAP_HEIGHT,
        use_container_width=True,
        returned_objects=mapview.RETURNED_OBJECTS,
        feature_group_to_add=mapview.travellers_group(scene, frames[mapview.MOVING], "stop:dandong"),
    )
    ours = mapview.render(mapview.build(scene, drawn))
    assert ours.script == handed["script"] and "position:kim-jong-un" not in ours.script
    assert (ours.header, ours.html, ours.map_id) == (handed["header"], handed["html"], handed["id"])
    assert ours.component_key == handed["key"], "the same map stays mounted; another one remounts"
    assert json.loads(ours.defaults) == handed["default"]
    assert (list(ours.css_links), list(ours.js_links)) == (handed["css_links"], handed["js_links"])
    moving = mapview.travellers(("test", BUNDLED), scene, frames[mapview.MOVING], "stop:dandong")
    assert moving == handed["feature_group"] and "position:kim-jong-un" in moving


def test_a_map_once_drawn_is_handed_over_again_not_built_again(monkeypatch):
    from geo.web import maps
    from ui import mapview

    mapview.rendered_map.clear()
    built = []
    build_map = maps.build_map
    monkeypatch.setattr(
        maps, "build_map", lambda *args, **kwargs: built.append(1) or build_map(*args, **kwargs)
    )
    at = run(event="tiny")
    first = map_args(at)
    ok(at.checkbox(key="layer_trade").uncheck().run())
    assert len(built) == 2 and "flow:2024:" not in drawn(at)
    ok(at.checkbox(key="layer_trade").check().run())
    ok(at.run())
    assert len(built) == 2, "the map with trade on was kept from the first run"
    assert map_args(at)["script"] == first["script"] and "flow:2024:" in drawn(at)
