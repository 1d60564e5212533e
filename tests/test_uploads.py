"""Uploads: an event as a zip or as its files, trade flows, places from GeoJSON. Hostile zips are
refused before anything is unzipped past its limits; every other fault is a Problem."""

from __future__ import annotations

import io
import json
import struct
import warnings
import zipfile
from pathlib import Path

import pytest

from geo.base import settings
from geo.base.errors import DataError
from geo.io import uploads
from geo.io.events import load_event
from geo.io.schema import ExtraPlace
from geo.model import layers
from geo.model import scene as scenes
from geo.model.view import Scene, View
from geo.web import captions, export, maps

BUNDLED = settings.EVENTS_DIR / "beijing-parade-2025"


def folder_files(folder: Path = BUNDLED) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def zipped(entries: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate names one test writes
        with zipfile.ZipFile(buffer, "w", method) as archive:
            for name, content in entries.items():
                archive.writestr(name.split("\x00")[0], content)
    return buffer.getvalue()


def in_folder(folder: str, files: dict[str, bytes]) -> dict[str, bytes]:
    return {f"{folder}/{name}": content for name, content in files.items()}


@pytest.fixture(scope="module")
def bundled():
    return load_event("beijing-parade-2025")


# An event as a zip.


@pytest.mark.parametrize("layout", ["in one folder", "at the top"])
def test_a_zipped_event_folder_loads_like_the_folder(bundled, layout):
    files = folder_files()
    entries = in_folder("beijing-parade-2025", files) if layout == "in one folder" else files
    event = uploads.event_from_zip(zipped(entries))
    assert event.problems == ()
    assert [p.id for p in event.people] == [p.id for p in bundled.people]
    assert [leg.key for leg in event.legs] == [leg.key for leg in bundled.legs]
    assert len(event.trade) == len(bundled.trade)


def test_what_macos_and_windows_add_to_a_zip_is_not_data():
    entries = in_folder("my-event", folder_files())
    entries |= {
        "__MACOSX/my-event/._people.csv": b"\x00\x05",
        "my-event/.DS_Store": b"\x00",
        "my-event/Thumbs.db": b"x",
    }
    assert uploads.event_from_zip(zipped(entries)).problems == ()


@pytest.mark.parametrize(
    "path",
    [
        "../people.csv",
        "/etc/passwd",
        "event/../../people.csv",
        "C:/people.csv",
        "event\\..\\people.csv",
        "ev\x1bent.csv",
    ],
    ids=["parent", "absolute", "climbing out", "drive", "backslashes", "control character"],
)
def test_a_path_leaving_the_folder_refuses_the_zip(path):
    entries = folder_files() | {path: b"id,name\n"}
    with pytest.raises(DataError) as caught:
        uploads.event_from_zip(zipped(entries), name="upload.zip")
    (problem,) = caught.value.problems
    assert problem.file == "upload.zip" and problem.value == path
    assert "would leave the folder" in problem.reason


def test_two_folders_are_two_events_and_refused():
    entries = in_folder("one", folder_files()) | in_folder("two", folder_files())
    with pytest.raises(DataError, match="more than one folder"):
        uploads.event_from_zip(zipped(entries))


def test_files_beside_a_folder_are_refused_too():
    entries = in_folder("one", folder_files()) | {"people.csv": b""}
    with pytest.raises(DataError, match="files beside them"):
        uploads.event_from_zip(zipped(entries))


def test_a_nested_folder_is_reported_not_read():
    entries = in_folder("event", folder_files()) | {"event/old/people.csv": b"broken"}
    event = uploads.event_from_zip(zipped(entries), name="upload.zip")
    (problem,) = event.problems
    assert (problem.file, problem.value) == ("upload.zip", "event/old/people.csv")
    assert "folder inside" in problem.reason
    assert len(event.people) == 30


def test_a_zip_bomb_is_refused_by_its_header_before_it_unzips():
    entries = folder_files() | {"figures.csv": b"0" * 60_000_000}
    data = zipped(entries)
    assert len(data) < 200_000, "60 MB of zeros zip small: that is the bomb"
    event = uploads.event_from_zip(data, name="upload.zip")
    (problem,) = [p for p in event.problems if p.value == "figures.csv"]
    assert "unzips to 60,000,000 bytes" in problem.reason
    assert event.figures == (), "the file is not read, and the rest of the event is"
    assert len(event.people) == 30


def test_a_zip_that_understates_a_size_is_stopped_at_the_stated_size():
    data = bytearray(zipped(folder_files() | {"figures.csv": b"x" * 1_000_000}))
    _set_sizes(data, "figures.csv", uncompressed=100)
    event = uploads.event_from_zip(bytes(data), name="upload.zip")
    (problem,) = [p for p in event.problems if p.value == "figures.csv"]
    assert "cannot be unzipped" in problem.reason and "CRC" in problem.reason


def test_all_files_together_stay_under_the_unzipped_limit():
    big = b"0" * (settings.MAX_INPUT_BYTES - 10)
    files = folder_files()
    # Only an event's own files are unzipped, so the padding goes into them: event.toml as a
    # comment (still valid), five CSVs as junk; people.csv stays whole and loads.
    toml = files["event.toml"] + b"#" + b"x" * (settings.MAX_INPUT_BYTES - 10 - len(files["event.toml"]))
    padded = ["figures.csv", "legs.csv", "places.csv", "trade.csv", "waypoints.csv"]
    entries = {"event.toml": toml, "people.csv": files["people.csv"]} | dict.fromkeys(padded, big)
    event = uploads.event_from_zip(zipped(entries), name="upload.zip")
    limited = [p for p in event.problems if "the limit is" in p.reason]
    assert [p.value for p in limited] == ["waypoints.csv"], "six files of almost 5 MB pass 30 MB"
    assert len(event.people) == 30


def test_an_encrypted_file_is_a_problem_not_a_crash():
    data = bytearray(zipped(folder_files() | {"figures.csv": b"hidden"}, method=zipfile.ZIP_STORED))
    _set_flag(data, "figures.csv", 0x1)
    event = uploads.event_from_zip(bytes(data), name="upload.zip")
    (problem,) = [p for p in event.problems if p.value == "figures.csv"]
    assert "encrypted" in problem.reason


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"not a zip", "is not a zip file"),
        (b"PK\x03\x04" + bytes(40), "is not a zip file"),
        (b"\x00" * (uploads.MAX_ZIP_BYTES + 1), "the limit is"),
        (zipped({f"f{n}.csv": b"" for n in range(uploads.MAX_ZIP_FILES + 1)}), "at most 50"),
        (zipped({"a/": b""}), "is empty"),
    ],
    ids=["not a zip", "a broken zip", "too big", "too many files", "only a folder"],
)
def test_a_zip_that_is_no_event_folder_is_refused(data, fragment):
    with pytest.raises(DataError) as caught:
        uploads.event_from_zip(data, name="upload.zip")
    assert fragment in str(caught.value)
    assert all(p.file == "upload.zip" for p in caught.value.problems)


def test_a_name_twice_refuses_the_zip():
    files = folder_files()
    entries = files | {"people.csv\x00again": files["people.csv"]}
    with pytest.raises(DataError, match="in the zip twice"):
        uploads.event_from_zip(zipped(entries))


def test_an_unusable_zipped_event_reports_the_zip_and_the_files_together():
    files = folder_files()
    files["event.toml"] = files["event.toml"].replace(b'host = "CHN"', b'host = "China"')
    entries = in_folder("event", files) | {"event/deep/x.csv": b""}
    with pytest.raises(DataError) as caught:
        uploads.event_from_zip(zipped(entries), name="upload.zip")
    assert [(p.file, p.column) for p in caught.value.problems] == [
        ("upload.zip", None),
        ("event.toml", "host"),
    ]


# An event as its separate files.


def test_separate_files_load_like_the_folder(bundled):
    event = uploads.event_from_uploads(folder_files())
    assert event.problems == () and len(event.legs) == len(bundled.legs)


def test_one_zip_among_the_uploads_is_read_as_the_event():
    event = uploads.event_from_uploads({"parade.zip": zipped(folder_files())})
    assert len(event.people) == 30


@pytest.mark.parametrize(
    ("files", "fragment"),
    [
        ({"parade.zip": b"", "people.csv": b""}, "not both"),
        ({"../people.csv": b""}, "may not hold a folder"),
    ],
    ids=["zip and files", "a path as a name"],
)
def test_uploads_that_mix_things_up_are_refused(files, fragment):
    with pytest.raises(DataError, match=fragment):
        uploads.event_from_uploads(files)


def test_a_misnamed_upload_is_reported_with_the_name_meant():
    files = folder_files()
    files["Trade (1).csv"] = files.pop("trade.csv")
    event = uploads.event_from_uploads(files)
    (problem,) = event.problems
    assert (problem.file, problem.suggestion) == ("Trade (1).csv", "trade.csv")
    assert event.trade == ()


# Trade flows.

TRADE = b"""exporter,importer,flow,year,period,value_usd,series,value_status,alternatives,source_url,quote
CHN,ISL,exports,2024,,24000000000,GACC,exact,,https://example.org/is,China's exports to Iceland
ISL,CHN,exports,2024,,-1,GACC,exact,,https://example.org/is,
"""


def test_trade_in_our_format_is_read_row_by_row():
    table = uploads.trade_from_upload("my-trade.csv", TRADE)
    assert [(t.exporter, t.importer, t.value_usd) for t in table.rows] == [("CHN", "ISL", 24e9)]
    (problem,) = table.problems
    assert (problem.file, problem.row, problem.column) == ("my-trade.csv", 3, "value_usd")


def test_uploaded_trade_joins_a_copy_of_the_event_and_never_the_original(bundled):
    table = uploads.trade_from_upload("my-trade.csv", TRADE)
    mine = uploads.add_trade(bundled, table)
    assert len(mine.trade) == len(bundled.trade) + 1
    assert mine.problems[-1].file == "my-trade.csv"
    assert mine.rejected[-1]["_file"] == "my-trade.csv"
    assert all(t.exporter != "ISL" and t.importer != "ISL" for t in bundled.trade)
    assert all(t.importer != "ISL" for t in load_event("beijing-parade-2025").trade), "no state is shared"


def test_a_comtrade_download_is_recognised_by_its_header():
    data = b"refYear,reporterISO,partnerISO,flowCode,primaryValue\n2024,CHN,PRK,X,5\n"
    (flow,) = uploads.trade_from_upload("TradeData.csv", data).rows
    assert flow.series.startswith("UN Comtrade")


# Places from GeoJSON.


def feature(coordinates, **properties) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": coordinates},
        "properties": properties,
    }


def geojson(*features: dict) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def test_points_with_a_name_become_places():
    data = geojson(
        feature(
            [116.4, 39.9], name="Embassy", kind="embassy", iso3="PRK", source_url="https://example.org/e"
        ),
        feature([125.75, 39.03, 20.0], name="Kim Il Sung Square"),
    )
    table = uploads.places_from_geojson("mine.geojson", data)
    assert table.problems == []
    assert [(n, p.name, p.lat, p.lon) for n, p in table.entries] == [
        (1, "Embassy", 39.9, 116.4),
        (2, "Kim Il Sung Square", 39.03, 125.75),
    ]


def test_a_place_s_source_is_read_and_a_web_address_there_is_its_link():
    data = geojson(
        feature([139.75, 35.69], name="Palace", source="Asahi Shimbun, 3 September"),
        feature([139.74, 35.66], name="Tower", source=" https://www.asahi.com/tower "),
        feature([139.7, 35.69], name="Both", source="https://a.example/x", source_url="https://b.example/y"),
    )
    table = uploads.places_from_geojson("tokyo.geojson", data)
    assert table.problems == [], "source is a property Diplomap reads"
    assert [(p.source, p.source_url) for _, p in table.entries] == [
        ("Asahi Shimbun, 3 September", None),
        (None, "https://www.asahi.com/tower"),
        ("https://a.example/x", "https://b.example/y"),
    ]


def test_a_single_feature_is_a_collection_of_one():
    data = json.dumps(feature([1.0, 2.0], name="Here")).encode()
    assert len(uploads.places_from_geojson("one.geojson", data).rows) == 1


@pytest.mark.parametrize(
    ("bad", "column", "fragment"),
    [
        ({"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}, "properties": {"name": "x"}},
         "geometry", "only Point features"),
        ({"type": "Feature", "geometry": None, "properties": {"name": "x"}}, "geometry", "without a geometry"),
        (feature([200, 10], name="x"), "geometry", "longitude must be at most 180"),
        (feature([10, -91], name="x"), "geometry", "latitude must be at least -90"),
        (feature(["10", "20"], name="x"), "geometry", "in numbers"),
        (feature([10], name="x"), "geometry", "in numbers"),
        (feature([10, 20]), "name", "required but missing"),
        (feature([10, 20], name=""), "name", "is empty"),
        (feature([10, 20], name=["a list"]), "name", "must be text"),
        (feature([10, 20], name="x", source_url="javascript:alert(1)"), "source_url", "http(s) address"),
        (feature([10, 20], name="x", iso3="Viet Nam"), "iso3", "did you mean VNM"),
        ({"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": "name"}, "properties", "object"),
        ("not a feature", None, "not a GeoJSON Feature"),
    ],
    ids=[
        "a line", "no geometry", "longitude", "latitude", "strings", "one coordinate", "no name",
        "empty name", "name not text", "javascript url", "country name", "properties not an object",
        "not a feature",
    ],
)  # fmt: skip
def test_a_bad_feature_is_reported_by_number_and_the_others_load(bad, column, fragment):
    data = geojson(feature([1, 2], name="good"), bad, feature([3, 4], name="also good"))
    table = uploads.places_from_geojson("mine.geojson", data)
    assert [n for n, _ in table.entries] == [1, 3]
    (problem,) = [p for p in table.problems if p.row == 2]
    assert (problem.file, problem.column) == ("mine.geojson", column)
    assert fragment in problem.reason
    assert [r["_line"] for r in table.rejected] == ["2"]


def test_properties_nobody_reads_are_reported_once_each():
    data = geojson(
        feature([1, 2], name="a", **{"marker-color": "#f00"}),
        feature([3, 4], name="b", **{"marker-color": "#0f0", "lat": 5}),
    )
    table = uploads.places_from_geojson("mine.geojson", data)
    assert len(table.rows) == 2
    assert sorted((p.row, p.column) for p in table.problems) == [(1, "marker-color"), (2, "lat")]


@pytest.mark.parametrize(
    ("data", "column", "fragment"),
    [
        (b"", None, "file is empty"),
        (b"{not json", None, "is not valid JSON"),
        (b'{"type": "FeatureCollection", "features": [NaN]}', None, "NaN is not a number JSON allows"),
        (b'{"type": "FeatureCollection", "type": "Topology", "features": []}', None, "appears twice"),
        (b"[" * 100_000 + b"]" * 100_000, None, "nested too deeply"),
        (b'{"type": "Topology"}', "type", "not a GeoJSON FeatureCollection"),
        (b'{"type": "FeatureCollection", "features": {}}', "features", "must be a list"),
        (json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:3857"}},
                     "features": []}).encode(), "crs", "WGS84"),
        (geojson(*[feature([1, 2], name="x")] * (uploads.MAX_PLACES + 1)), None, "at most 2,000 places"),
        (b"\xff\xfe{}", None, "UTF-16"),
        (b'{"type": "FeatureCollection", "features": [], "name": "caf\xe9"}', 1, "is not UTF-8"),
    ],
    ids=["empty", "not json", "nan", "a key twice", "deep", "topojson", "features not a list", "web mercator",
         "too many", "utf-16", "latin-1"],
)  # fmt: skip
def test_a_file_that_is_no_geojson_is_one_problem(data, column, fragment):
    table = uploads.places_from_geojson("mine.geojson", data)
    assert table.rows == []
    (problem,) = table.problems
    assert problem.file == "mine.geojson" and fragment in problem.reason
    assert problem.column == column or problem.row == column


def test_the_place_layer_is_like_the_other_layers():
    places = [
        (1, ExtraPlace(name="Embassy <b>bold</b>", lat=39.9, lon=116.4, kind="embassy")),
        (3, ExtraPlace(name="Square", lat=39.0, lon=125.7, source_url="https://example.org/s")),
    ]
    frame = layers.build_place_layer(places)
    assert frame.crs == "EPSG:4326"
    assert list(frame["id"]) == ["place:1", "place:3"], "ids are feature numbers, gaps kept"
    assert set(frame["kind"]) == {"place"}
    assert {"id", "kind", "name", "source_url"} <= set(frame.columns)
    rows = frame.drop(columns="geometry").to_dict("records")
    (tip, popup), (_, other) = captions.place_caption(rows[0]), captions.place_caption(rows[1])
    assert "Embassy &lt;b&gt;bold&lt;/b&gt;" in tip
    assert "<b>bold" not in popup
    assert 'href="https://example.org/s"' in other
    assert list(frame.geometry.x) == [116.4, 125.7]


def test_an_empty_place_layer_still_has_its_columns():
    frame = layers.build_place_layer([])
    assert len(frame) == 0 and {"id", "kind", "name"} <= set(frame.columns)


def _central_entries(data: bytearray):
    """(offset of the central directory header, offset of the local header) of every member."""
    end = data.rfind(b"PK\x05\x06")
    count, _, start = struct.unpack("<HII", data[end + 10 : end + 20])
    at = start
    for _ in range(count):
        name_len, extra_len, comment_len = struct.unpack("<HHH", data[at + 28 : at + 34])
        (local,) = struct.unpack("<I", data[at + 42 : at + 46])
        name = bytes(data[at + 46 : at + 46 + name_len]).decode()
        yield name, at, local
        at += 46 + name_len + extra_len + comment_len


def _set_sizes(data: bytearray, member: str, *, uncompressed: int) -> None:
    for name, central, local in _central_entries(data):
        if name == member:
            data[central + 24 : central + 28] = struct.pack("<I", uncompressed)
            data[local + 22 : local + 26] = struct.pack("<I", uncompressed)


def _set_flag(data: bytearray, member: str, flag: int) -> None:
    for name, central, local in _central_entries(data):
        if name == member:
            for at in (central + 8, local + 6):
                (flags,) = struct.unpack("<H", data[at : at + 2])
                data[at : at + 2] = struct.pack("<H", flags | flag)


def test_added_places_draw_on_the_map_as_their_own_layer(bundled):
    table = uploads.places_from_geojson(
        "mine.geojson", geojson(feature([129.0, 41.0], name="Rason {{ 7*7 }}"))
    )
    frames = {
        **scenes.frames_of(Scene(bundled, View(layers=("focus",)))),
        "places": layers.build_place_layer(table.entries),
    }
    html = export.html_from_map(maps.build_map(Scene(bundled), frames=frames))
    assert "Your places" in html and '"place:1"' in html
    assert "Rason {{ 7*7 }}" in html and "Rason 49" not in html
