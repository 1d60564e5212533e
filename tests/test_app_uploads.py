"""Uploads in the app, driven through AppTest's file uploader: an event as a zip or as its files,
trade flows, places. Each session sees only its own uploads; a bad upload is reported file, row
and reason, and never costs the events in the list.

The app reads its events from a temporary folder holding only the tiny event of tests/tiny.py.
Uploads reuse its id ("tiny") on purpose: an upload is known by its bytes, never by its id.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from streamlit.testing.v1 import AppTest

from geo.base import settings
from geo.io import uploads
from geo.io.tradeindex import TradeRows
from tests import test_cli_trade, test_comtrade
from tests.test_app import APP, drawn, map_args, ok, page_html
from tests.tiny import FILES, URL, write_tiny_event
from ui import sidebar  # noqa: F401  (its copy of an uploaded file)

TINY = "Tiny summit, 3 September 2025"
"""How the event list names the tiny event: its title and date, not its folder's name."""
TRADE_HEADER = (
    "exporter,importer,flow,year,period,value_usd,series,value_status,alternatives,source_url,quote\n"
)


@pytest.fixture(scope="module", autouse=True)
def events_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("events")
    write_tiny_event(root, "tiny")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIPLOMAP_EVENTS_DIR", str(root))
        yield root


def start() -> AppTest:
    """A new session: a browser tab opening the app."""
    return ok(AppTest.from_file(APP, default_timeout=30).run())


def event_files(**changes: str) -> dict[str, bytes]:
    """The tiny event's files, whole files replaced as in tests.tiny (``people_csv=...``)."""
    files = {**FILES, **{name.replace("_", "."): text for name, text in changes.items()}}
    return {name: text.encode() for name, text in files.items()}


def zipped(files: dict[str, bytes], *, folder: str = "my-event") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(f"{folder}/{name}", content)
    return buffer.getvalue()


def upload(at: AppTest, key: str, *files: tuple[str, bytes]) -> AppTest:
    """Put files in an uploader (``upload_event``, ``upload_trade``, ``upload_places``) and rerun."""
    uploader = at.file_uploader(key=key)
    chosen = [(name, data, "application/octet-stream") for name, data in files]
    uploader.set_value(chosen if uploader.accept_multiple_files else chosen[0])
    return ok(at.run())


def uploaded_summit() -> dict[str, bytes]:
    """The tiny event under its own id, with another title and one more trade flow."""
    return event_files(
        event_toml=FILES["event.toml"].replace("Tiny summit", "Uploaded summit"),
        trade_csv=FILES["trade.csv"] + f"CHN,FRA,exports,2024,,3000000000,GACC,exact,,{URL}/fra,\n",
    )


def problems_shown(at: AppTest):
    """The table of problems in the expander above the map."""
    (expander,) = [e for e in at.expander if "left out" in e.label]
    return expander.dataframe[0].value


def table(at: AppTest, name: str):
    """The table shown under the map after choosing ``name``: the page's last, as problems come
    above the map."""
    ok(at.radio(key="table").set_value(name).run())
    return at.dataframe[-1].value


def sidebar_notes(at: AppTest) -> str:
    return "\n".join(c.value for c in at.sidebar.caption)


def test_an_event_uploaded_as_a_zip_is_shown_and_joins_the_list_marked_as_yours():
    at = start()
    assert at.selectbox(key="event").options == [TINY]
    upload(at, "upload_event", ("summit.zip", zipped(uploaded_summit())))
    chooser = at.selectbox(key="event")
    assert chooser.options == [TINY, "Uploaded summit, 3 September 2025 (your upload)"]
    yours = chooser.value
    assert yours.startswith("upload:"), "a new upload is shown at once"
    assert "Uploaded summit" in page_html(at)
    assert "flow:2024:CHN-FRA:exports" in drawn(at) and "leg:kim:1" in drawn(at)
    assert "opened: it is in the list of events" in sidebar_notes(at)
    assert at.query_params == {}, "a link cannot carry an upload, so it names none"

    ok(chooser.select("tiny").run())
    assert "Tiny summit" in page_html(at) and "Uploaded summit" not in page_html(at)
    assert "flow:2024:CHN-FRA:exports" not in drawn(at), "the listed event keeps its own data"
    assert at.query_params["event"] == "tiny"
    ok(at.selectbox(key="event").select(yours).run())
    assert "Uploaded summit" in page_html(at), "the upload stays in the list for this session"


def test_an_event_uploaded_as_its_files_opens_the_same_way():
    at = start()
    upload(at, "upload_event", *uploaded_summit().items())
    assert at.selectbox(key="event").value.startswith("upload:")
    assert "Uploaded summit" in page_html(at)
    assert "flow:2024:CHN-FRA:exports" in drawn(at)


def test_removing_the_files_removes_the_event_from_the_list():
    at = start()
    upload(at, "upload_event", ("summit.zip", zipped(uploaded_summit())))
    ok(at.file_uploader(key="upload_event").clear().run())
    assert at.selectbox(key="event").options == [TINY]
    assert at.selectbox(key="event").value == "tiny"
    assert "Tiny summit" in page_html(at)


def test_a_broken_upload_names_file_row_and_reason_and_the_listed_events_still_work():
    at = start()
    broken = event_files(
        event_toml=FILES["event.toml"].replace("Asia/Shanghai", "Mars/Olympus"),
        people_csv=FILES["people.csv"].replace(
            "kim,Kim Jong Un,Chairman,PRK", "kim,Kim Jong Un,Chairman,DPRK"
        ),
    )
    upload(at, "upload_event", ("broken.zip", zipped(broken)))
    (error,) = at.error
    assert "Your upload ` broken.zip ` cannot be opened as an event" in error.value
    assert "event.toml, key 'timezone'" in error.value
    assert "people.csv, row 3, column 'iso3'" in error.value and "(value 'DPRK')" in error.value
    problems = at.dataframe[0]  # under the message, above the map
    assert problems.value.set_index("value").loc["DPRK", "suggestion"] == "PRK", "the near miss is named"
    assert "cannot be opened: the reasons are above the map" in sidebar_notes(at)

    assert at.selectbox(key="event").options == [TINY], "a broken upload joins no list"
    assert "Tiny summit" in page_html(at) and "leg:kim:1" in drawn(at), "the listed event still draws"
    ok(at.selectbox(key="year").select(2023).run())
    assert "flow:2023:" in drawn(at)

    upload(at, "upload_event", ("fixed.zip", zipped(uploaded_summit())))
    assert list(at.error) == []
    assert "Uploaded summit" in page_html(at)


@pytest.mark.parametrize(
    ("files", "fragment"),
    [
        ([("a.zip", zipped(event_files())), ("people.csv", b"id\n")], "either one zip"),
        ([("people.csv", b"id\n"), ("people.csv", b"id\n"), ("event.toml", b"")], "is uploaded twice"),
        ([("empty.zip", b"")], "is not a zip file"),
        ([("people.csv", FILES["people.csv"].encode())], "event.toml: file is missing"),
    ],
    ids=["zip and files", "a name twice", "not a zip", "no event.toml"],
)
def test_files_that_are_no_event_are_refused_with_the_reason(files, fragment):
    at = upload(start(), "upload_event", *files)
    (error,) = at.error
    assert fragment in error.value
    assert at.selectbox(key="event").options == [TINY]


def test_trade_flows_with_one_bad_row_draw_the_good_ones_and_report_the_bad_one():
    at = start()
    flows = (
        TRADE_HEADER
        + f"CHN,KAZ,exports,2024,,5000000000,Mine,exact,,{URL}/kaz,\n"
        + f"KAZ,CHN,exports,2024,,4000000000,Mine,exact,,{URL}/kaz,\n"
        + f"CHN,ZZZ,exports,2024,,7000000000,Mine,exact,,{URL}/zzz,\n"
    )
    upload(at, "upload_trade", ("my-trade.csv", flows.encode()))
    assert "flow:2024:CHN-KAZ:exports" in drawn(at) and "flow:2024:KAZ-CHN:exports" in drawn(at)
    assert "flow:2024:CHN-PRK:exports" in drawn(at), "added to the event's own flows"
    assert "Mine" in set(table(at, "flows")["series"])
    assert "1 problem(s) in this event's files or your uploads" in at.warning[0].value
    bad = problems_shown(at).to_dict("records")
    assert [(p["file"], p["row"], p["column"], p["value"]) for p in bad] == [
        ("my-trade.csv", 4, "importer", "ZZZ")
    ]
    refused = at.download_button(key="download_refused")
    assert not refused.proto.disabled, "the bad row is offered as CSV"
    assert "2 trade figure(s) added to the event shown; 1 problem(s)" in sidebar_notes(at)

    ok(at.file_uploader(key="upload_trade").clear().run())
    assert "flow:2024:CHN-KAZ:exports" not in drawn(at) and list(at.warning) == []


def test_a_comtrade_download_becomes_flows_on_the_map():
    at = start()
    data = test_comtrade.download(
        test_comtrade.row(reporter="CHN", partner="KAZ", value="5000000000"),
        test_comtrade.row(reporter="CHN", partner="KAZ", flow="RX", value="10"),
    )
    upload(at, "upload_trade", ("TradeData.csv", data))
    assert "flow:2024:CHN-KAZ:exports" in drawn(at)
    assert "UN Comtrade (CHN reports)" in set(table(at, "flows")["series"])
    (bad,) = problems_shown(at).to_dict("records")
    assert bad["file"] == "TradeData.csv" and bad["row"] == 3


@pytest.mark.parametrize("name", test_cli_trade.SOURCES)
def test_every_trade_source_uploaded_draws_its_flows_and_says_what_they_are(tmp_path, name):
    at = start()
    path = test_cli_trade.write_source(tmp_path, name)
    upload(at, "upload_trade", (name, path.read_bytes()))
    map_ = drawn(at)
    assert "flow:2024:USA-IND:exports" in map_ and "flow:2024:IND-CHN:exports" in map_
    series = set(table(at, "flows")["series"])
    if test_cli_trade.SOURCES[name][0] == "bulk":
        assert "UN Comtrade (USA reports, sum of 3 HS chapters)" in series, series
    assert "4 trade figure(s) added" in sidebar_notes(at) or "6 trade figure(s) added" in sidebar_notes(at)
    ok(at.selectbox(key="selected").select("flow:2024:USA-IND:exports").run())
    details = page_html(at)
    assert "$900.00 bn" in details, "the details give the flow's figure"
    if test_cli_trade.SOURCES[name][0] == "bulk":
        assert "sum of 3 HS chapters" in details, "and say it is a sum of chapters"


def place(lon: float, lat: float, **properties: object) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }


def test_places_from_geojson_are_drawn_tabled_and_detailed_and_a_bad_one_is_reported():
    at = start()
    features = [
        place(116.39, 39.91, name="Tiananmen", kind="square", source_url=f"{URL}/square"),
        place(116.4, 100.0, name="Nowhere"),
        place(125.75, 39.03, name="Kim Il Sung Square"),
    ]
    geojson = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    upload(at, "upload_places", ("mine.geojson", geojson))
    assert "place:1" in drawn(at) and "place:3" in drawn(at) and "place:2" not in drawn(at)
    assert "Your places" in drawn(at), "a layer of their own in the layer control"
    assert list(table(at, "places")["name"]) == ["Tiananmen", "Kim Il Sung Square"]
    (bad,) = problems_shown(at).to_dict("records")
    assert (bad["file"], bad["row"], bad["column"]) == ("mine.geojson", 2, "geometry")
    assert "2 place(s) added to the map; 1 problem(s)" in sidebar_notes(at)

    ok(at.selectbox(key="selected").select("place:1").run())
    html = page_html(at)
    assert "<h3>Tiananmen</h3>" in html and ">square<" in html and "From your file" in html
    assert at.query_params["selected"] == "place:1"


TOKYO = [
    place(139.7528, 35.6852, name="Imperial Palace", kind="palace"),
    place(139.7454, 35.6586, name="Tokyo Tower", source="Asahi Shimbun, 3 September"),
    place(139.7, 35.69, name="Shinjuku", source="https://www.asahi.com/tokyo"),
    place(139.77, 35.68, name="Tokyo Station"),
]
"""Places far from the tiny event's subject (Pyongyang to Beijing): off screen until brought in."""


def tokyo_geojson() -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": TOKYO}).encode()


def opening_bounds(at: AppTest) -> list[list[float]]:
    """The view the map opens on by itself, before the app hands it a reader's centre and zoom."""
    (found,) = re.findall(r"dmOpeningView\(\s*[\w.]+\s*,\s*(\[\[[^\]]*\],\[[^\]]*\]\])", drawn(at))
    return json.loads(found)


def holds(bounds: list[list[float]], lon: float, lat: float) -> bool:
    (south, west), (north, east) = bounds
    return south <= lat <= north and west <= lon <= east


def test_uploaded_places_are_brought_into_view_with_the_subject_once_then_the_reader_leads():
    at = start()
    at.session_state["_map_view"] = ((10.0, 10.0), 6.0)  # where the reader had moved the map
    ok(at.checkbox(key="layer_trade").uncheck().run())
    assert map_args(at)["center"] == [10.0, 10.0], "a new map opens where the reader was"

    upload(at, "upload_places", ("tokyo.geojson", tokyo_geojson()))
    assert map_args(at)["center"] is None, "after the upload the map opens on its own view, not the old one"
    bounds = opening_bounds(at)
    assert all(holds(bounds, *p["geometry"]["coordinates"]) for p in TOKYO), "the places are in view"
    assert holds(bounds, 116.4, 39.9) and holds(bounds, 125.75, 39.03), "with the subject"

    at.session_state["_map_view"] = ((35.0, 135.0), 7.0)  # the reader pans and zooms since
    ok(at.checkbox(key="layer_trade").check().run())
    assert map_args(at)["center"] == [35.0, 135.0], "once: the reader's view is kept from then on"
    ok(at.run())
    assert map_args(at)["center"] == [35.0, 135.0]


def test_uploaded_places_are_named_as_places_keyed_and_toggled():
    at = start()
    upload(at, "upload_places", ("tokyo.geojson", tokyo_geojson()))
    script = drawn(at)
    named = re.findall(
        r'"text":"([^"]*)","lon":[\d.]+,"lat":[\d.]+,"layer":"places","priority":\d+,"kind":"your-place"',
        script,
    )
    assert sorted(named) == sorted(p["properties"]["name"] for p in TOKYO), "each named, a kind of its own"
    # The key's HTML, as the map's script carries it: a point row keying the places layer.
    assert re.search(r'data-layer=\\"places\\">\\u003ci class=\\"pt\\".{0,120}?Your places', script), "keyed"
    toggle = at.checkbox(key="layer_places")
    assert toggle.label == "Your places" and toggle.value

    ok(toggle.uncheck().run())
    assert "place:1" not in drawn(at) and '"kind":"your-place"' not in drawn(at)
    assert "places" not in at.query_params.get("layers", ""), "a link never names an upload"
    ok(at.checkbox(key="layer_places").check().run())
    assert "place:1" in drawn(at)


def test_an_uploaded_place_s_card_names_its_file_and_the_source_the_file_gives():
    at = start()
    upload(at, "upload_places", ("tokyo.geojson", tokyo_geojson()))

    def card(feature_id: str) -> str:
        ok(at.selectbox(key="selected").select(feature_id).run())
        return page_html(at)

    palace = card("place:1")
    assert "tokyo.geojson, feature 1" in palace and "not given" not in palace
    tower = card("place:2")
    assert "tokyo.geojson, feature 2" in tower and "Asahi Shimbun, 3 September" in tower
    shinjuku = card("place:3")
    assert 'href="https://www.asahi.com/tokyo"' in shinjuku, "a source that is an address is a link"
    assert not [p for p in problems_of(at) if p["column"] == "source"], "source is a property Diplomap reads"


def problems_of(at: AppTest) -> list[dict]:
    found = [e for e in at.expander if "left out" in e.label]
    return found[0].dataframe[0].value.to_dict("records") if found else []


def test_two_sessions_never_see_each_others_uploads():
    mine, theirs = start(), start()
    upload(mine, "upload_event", ("summit.zip", zipped(uploaded_summit())))
    upload(
        mine,
        "upload_trade",
        ("t.csv", (TRADE_HEADER + f"CHN,KAZ,exports,2024,,5e9,Mine,exact,,{URL},\n").encode()),
    )
    upload(mine, "upload_places", ("p.geojson", json.dumps(place(1.0, 2.0, name="Mine")).encode()))
    assert "Uploaded summit" in page_html(mine)
    assert "flow:2024:CHN-KAZ:exports" in drawn(mine) and "place:1" in drawn(mine)

    ok(theirs.run())
    assert theirs.selectbox(key="event").options == [TINY]
    assert "Tiny summit" in page_html(theirs)
    assert "flow:2024:CHN-KAZ:exports" not in drawn(theirs) and "place:1" not in drawn(theirs)
    assert all(u.value in (None, []) for u in theirs.file_uploader)

    # The other session uploads an event under the same id: each still sees only its own.
    other = event_files(event_toml=FILES["event.toml"].replace("Tiny summit", "Their summit"))
    upload(theirs, "upload_event", ("summit.zip", zipped(other)))
    ok(mine.run())
    assert "Uploaded summit" in page_html(mine) and "Their summit" not in page_html(mine)
    assert "Their summit" in page_html(theirs) and "Uploaded summit" not in page_html(theirs)
    assert "flow:2024:CHN-KAZ:exports" not in drawn(theirs)


def test_past_the_arrows_one_map_draws_the_largest_are_drawn_and_the_rest_counted(monkeypatch):
    monkeypatch.setattr(settings, "MAX_DRAWN_FLOWS", 3)  # of 7: Russia's, these four and North Korea's two
    at = start()
    flows = TRADE_HEADER + "".join(
        f"CHN,{iso},exports,2024,,{n}000000000,Mine,exact,,{URL}/{iso},\n"
        for n, iso in enumerate(("KAZ", "FRA", "DEU", "ITA"), start=5)
    )
    upload(at, "upload_trade", ("my-trade.csv", flows.encode()))
    shown = drawn(at)
    assert "flow:2024:CHN-ITA:exports" in shown and "flow:2024:CHN-DEU:exports" in shown
    assert "flow:2024:CHN-KAZ:exports" not in shown
    note = " ".join(c.value for c in at.caption)
    assert (
        "The map draws the 3 largest trade flows of 2024 (down to \\$7.00 bn); 4 smaller ones are left out"
        in note
    )
    assert len(table(at, "flows")) == 3, "the table lists what the map draws"


def test_a_rerun_after_a_trade_upload_reads_none_of_it_again(monkeypatch):
    """Issue 20: an upload is read once and kept, its rows indexed, for as long as it is in the
    uploader: a rerun (a layer toggled, a country or an arrow picked) reads no file, adds no
    flows to the event again and walks no table row by row."""
    at = start()
    flows = TRADE_HEADER + "".join(
        f"CHN,{iso},exports,{year},,{n}000000000,Mine,exact,,{URL}/{iso},\n"
        for n, iso in enumerate(("KAZ", "FRA", "DEU", "ITA"), start=5)
        for year in (2023, 2024)
    )
    upload(at, "upload_trade", ("my-trade.csv", flows.encode()))

    def rerun() -> None:
        for value in (False, True):
            ok(at.checkbox(key="layer_countries").set_value(value).run())
        for picked in ("country:KAZ", "flow:2024:CHN-ITA:exports", "country:PRK"):
            ok(at.selectbox(key="selected").select(picked).run())

    rerun()  # the indexes these reruns ask for are built by the first of them
    called = []
    for name in ("trade_from_upload", "add_trade"):
        real = getattr(uploads, name)
        monkeypatch.setattr(
            uploads, name, lambda *args, name=name, real=real, **kw: called.append(name) or real(*args, **kw)
        )
    walked = []
    monkeypatch.setattr(TradeRows, "__iter__", lambda rows: walked.append(len(rows)) or tuple.__iter__(rows))
    rerun()
    assert "flow:2024:CHN-ITA:exports" in drawn(at) and at.selectbox(key="selected").value == "country:PRK"
    assert called == [], "the upload was read, or added to the event, again"
    assert walked == [], "a rerun went through every trade row"
