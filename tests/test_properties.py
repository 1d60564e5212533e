"""Properties that hold for any input, checked with hypothesis.

The loaders: whatever bytes arrive, they answer with records and Problems, or DataError when
nothing can be used; never another exception. Valid rows always load unchanged. The geodesy:
an arc between any two points is continuous and as long as pyproj's geodesic.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import string
import warnings
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pyproj import Geod

from geo.base.errors import DataError, DiplomapError, Problem
from geo.cli import main
from geo.io import uploads
from geo.io.comtrade import trade_from_comtrade
from geo.io.events import Event, event_from_files
from geo.io.schema import FILES, columns_of, required_columns_of
from geo.io.tables import Table, read_table
from geo.io.uploads import event_from_zip, places_from_geojson
from geo.ref.geodesy import great_circle
from tests.test_validation import BASE, files

# Quick enough for every run (the module takes well under 30 s); CI may raise the examples.
PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
GEOD = Geod(ellps="WGS84")

CSV_ALPHABET = st.sampled_from([*string.ascii_letters, *string.digits, ",", ";", "\t", '"', "\n", "\r", " ",
                                "-", ":", "+", ".", "é", "北", "\u202e", "\x00", "\ufeff", "{", "<"])  # fmt: skip
csv_text = st.text(alphabet=CSV_ALPHABET, max_size=400)
any_bytes = st.one_of(
    st.binary(max_size=400),
    csv_text.map(lambda t: t.encode("utf-8")),
    st.tuples(csv_text, st.binary(max_size=8)).map(lambda p: p[0].encode("utf-8") + p[1]),
)


def check_problems(problems) -> None:
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.file and problem.reason
        assert problem.row is None or problem.row >= 1


def load(given_files: dict[str, bytes]) -> Event | None:
    """The event, or None when DataError says it cannot be used; anything else fails the test."""
    try:
        event = event_from_files(given_files)
    except DataError as exc:
        check_problems(exc.problems)
        return None
    check_problems(event.problems)
    return event


@pytest.mark.parametrize("name", list(FILES))
@PROPERTY
@given(data=any_bytes)
def test_read_table_answers_any_bytes_with_rows_and_problems(name, data):
    model = FILES[name]
    table = read_table(name, data, model, columns=columns_of(model), required=required_columns_of(model))
    assert isinstance(table, Table)
    check_problems(table.problems)
    assert {r["_file"] for r in table.rejected} <= {name}


@PROPERTY
@given(name=st.sampled_from(list(BASE)), data=any_bytes)
def test_any_bytes_in_any_file_leave_an_event_or_a_data_error(name, data):
    given_files = files()
    given_files[name] = data
    load(given_files)


@PROPERTY
@given(
    name=st.sampled_from([n for n in BASE if n.endswith(".csv")]),
    row=st.integers(min_value=1, max_value=3),
    column=st.integers(min_value=0, max_value=12),
    value=st.text(max_size=60),
)
def test_any_text_in_any_cell_leaves_an_event_or_a_data_error(name, row, column, value):
    rows = list(csv.reader(io.StringIO(BASE[name])))
    assume(row < len(rows) and column < len(rows[row]))
    rows[row][column] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    given_files = files()
    given_files[name] = out.getvalue().encode("utf-8", errors="surrogatepass")
    load(given_files)


@PROPERTY
@given(data=st.text(max_size=300))
def test_any_text_as_event_toml_leaves_an_event_or_a_data_error(data):
    given_files = files()
    given_files["event.toml"] = data.encode("utf-8", errors="surrogatepass")
    load(given_files)


SLUG = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,20}\Z")
NAME = (
    st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"]), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)
PEOPLE = st.lists(
    st.tuples(
        SLUG,
        NAME,
        NAME,
        st.sampled_from(["CHN", "PRK", "RUS", "XKX"]),
        st.sampled_from(["guest", "attendee"]),
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda p: p[0],
)


@PROPERTY
@given(people=PEOPLE)
def test_valid_people_all_load_exactly_as_written(people):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["id", "name", "title", "iso3", "role", "note", "source_url"])
    writer.writerow(["xi", "Xi Jinping", "President", "CHN", "host", "", "https://example.org/a"])
    people = [p for p in people if p[0] != "xi"]
    for pid, name, title, iso3, role in people:
        writer.writerow([pid, name, title, iso3, role, "", "https://example.org/b?q=1&r=2"])
    given_files = files()
    given_files["people.csv"] = out.getvalue().encode()
    given_files["legs.csv"] = BASE["legs.csv"].splitlines()[0].encode() + b"\n"
    given_files["waypoints.csv"] = BASE["waypoints.csv"].splitlines()[0].encode() + b"\n"
    event = event_from_files(given_files)
    assert event.problems == ()
    assert [(p.id, p.name, p.title, p.iso3) for p in event.people[1:]] == [p[:4] for p in people]


@PROPERTY
@given(
    data=st.one_of(st.binary(max_size=300), st.builds(lambda b: b"PK\x03\x04" + b, st.binary(max_size=300)))
)
def test_any_bytes_as_a_zip_leave_an_event_or_a_data_error(data):
    try:
        event_from_zip(data)
    except DataError as exc:
        check_problems(exc.problems)


@PROPERTY
@given(
    entries=st.dictionaries(
        st.text(alphabet="abc./\\_-:é\x00", min_size=1, max_size=12), st.binary(max_size=50), max_size=5
    )
)
def test_any_zip_of_anything_leaves_an_event_or_a_data_error(entries):
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")  # a name twice is one of the things tried
        for name, content in entries.items():
            archive.writestr(name.replace("\x00", "_"), content)
    try:
        event_from_zip(buffer.getvalue())
    except DataError as exc:
        check_problems(exc.problems)


JSON = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
FEATURE = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["Feature", "Point", None]),
        "geometry": st.one_of(
            JSON,
            st.fixed_dictionaries(
                {"type": st.just("Point"), "coordinates": st.lists(st.floats() | st.integers() | JSON, max_size=4)}
            ),
        ),
        "properties": st.one_of(st.dictionaries(st.sampled_from(["name", "kind", "iso3", "note", "source_url", "x"]), JSON), JSON),
    }
)  # fmt: skip


@PROPERTY
@given(data=st.one_of(
    any_bytes,
    JSON.map(lambda j: json.dumps(j).encode()),
    st.lists(FEATURE, max_size=5).map(lambda fs: json.dumps({"type": "FeatureCollection", "features": fs}).encode()),
))  # fmt: skip
def test_places_from_any_geojson_are_rows_and_problems(data):
    table = places_from_geojson("mine.geojson", data)
    check_problems(table.problems)
    for _, place in table.entries:
        assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180


# The members of a GeoJSON document a file may get wrong, each in every JSON shape: "crs" as null,
# text, a list, a number, an object whose "properties" is null, text, a list or an object whose
# "name" is anything; "type" as anything; features whose "type", "properties" and "geometry" are
# anything. Only DataError may leave the reader (test_the_project_error_is_the_only_one_...).
ODD = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8), JSON
)
CRS = st.one_of(
    ODD,
    st.fixed_dictionaries({"type": ODD, "properties": ODD}),
    st.fixed_dictionaries(
        {"properties": st.fixed_dictionaries({"name": st.one_of(ODD, st.sampled_from(uploads.WGS84_NAMES))})}
    ),
)
ODD_FEATURE = st.fixed_dictionaries(
    {
        "type": st.one_of(st.just("Feature"), ODD),
        "geometry": st.one_of(FEATURE.map(lambda f: f["geometry"]), ODD),
    },
    optional={"properties": st.one_of(st.none(), ODD, st.fixed_dictionaries({"name": ODD}))},
)
GEOJSON_TYPE = st.sampled_from(["FeatureCollection", "Feature"])
ODD_DOCUMENT = st.fixed_dictionaries(
    {
        # Mostly a type the reader goes on with, so the members after it are reached.
        "type": st.one_of(GEOJSON_TYPE, GEOJSON_TYPE, GEOJSON_TYPE, ODD),
        "crs": CRS,
        "features": st.one_of(st.lists(ODD_FEATURE, max_size=3), ODD),
    },
    optional={"properties": ODD, "geometry": ODD},
)


@PROPERTY
@given(document=ODD_DOCUMENT)
def test_odd_members_of_a_geojson_file_are_problems_never_a_crash(document):
    table = places_from_geojson("mine.geojson", json.dumps(document).encode())
    check_problems(table.problems)
    assert {r["_file"] for r in table.rejected} <= {"mine.geojson"}


@pytest.mark.parametrize(
    "crs",
    [{"properties": None}, {"properties": "EPSG:4326"}, {"properties": ["EPSG:4326"]}, {"properties": 4326},
     "EPSG:4326", ["EPSG:4326"], 4326, {"properties": {"name": None}}, {"properties": {"name": ["x"]}}],
    ids=["properties null", "properties text", "properties list", "properties number", "text", "list",
         "number", "name null", "name list"],
)  # fmt: skip
def test_a_crs_of_any_shape_is_named_as_the_problem(crs):
    document = {"type": "FeatureCollection", "crs": crs, "features": []}
    table = places_from_geojson("mine.geojson", json.dumps(document).encode())
    (problem,) = table.problems
    assert (problem.row, problem.column) == (None, "crs") and "WGS84" in problem.reason


@PROPERTY
@given(data=any_bytes)
def test_any_bytes_as_comtrade_are_rows_and_problems(data):
    table = trade_from_comtrade("t.csv", b"reporterISO,partnerISO,flowCode,refYear,primaryValue\n" + data)
    check_problems(table.problems)


@pytest.mark.parametrize(
    ("broken", "says"),
    [
        ({"event.toml": b'id = "broken"\n'}, "title"),
        ({"event.toml": b"\xff\xfe{{"}, "event.toml"),
        ({"event.toml": BASE["event.toml"].encode(), "people.csv": b"id,name\n"}, "no valid person"),
    ],
    ids=["no-title", "not-toml", "nobody"],
)
def test_an_event_that_cannot_be_used_is_a_data_error_the_command_line_reports(
    tmp_path, capsys, broken, says
):
    """What the properties above catch: the one error a loader raises is DataError, a
    DiplomapError carrying every problem, which the command line lists and exits on, no traceback."""
    with pytest.raises(DataError) as refused:
        event_from_files(broken)
    assert isinstance(refused.value, DiplomapError)
    assert any(says in str(problem) for problem in refused.value.problems), refused.value.problems
    folder = tmp_path / "events" / "broken"
    folder.mkdir(parents=True)
    for name, content in broken.items():
        (folder / name).write_bytes(content)
    assert main(["check", "--event", "broken", "--root", str(tmp_path / "events")]) == 2
    err = capsys.readouterr().err
    assert "the event cannot be used" in err and says in err and "Traceback" not in err


# Geodesy. Latitudes stop short of the poles, where every longitude names the same point and a
# "jump" in longitude means nothing; the pole itself is checked on its own below. Coordinates
# have 6 decimals (10 cm), finer than any data: within 1e-13 degrees of the 180th meridian,
# float noise can still put a 360-degree step in a line (geo.ref.geodesy.line_from_coords).

LON = st.floats(min_value=-180, max_value=180, allow_nan=False).map(lambda x: round(x, 6))
LAT = st.floats(min_value=-89.9, max_value=89.9, allow_nan=False).map(lambda x: round(x, 6))
POINT = st.tuples(LON, LAT)
ARC = settings(max_examples=400, deadline=None)


def parts(line) -> list[np.ndarray]:
    return [np.asarray(part.coords) for part in getattr(line, "geoms", [line])]


@ARC
@given(start=POINT, end=POINT)
def test_an_arc_never_jumps_and_its_parts_meet_at_the_antimeridian(start, end):
    pieces = parts(great_circle(start, end))
    for piece in pieces:
        assert np.all(np.abs(np.diff(piece[:, 0])) <= 180), "no jump over 180 degrees inside a part"
        assert np.all(np.abs(piece[:, 0]) <= 180)
    for before, after in itertools.pairwise(pieces):
        assert abs(before[-1, 0]) == 180 and after[0, 0] == -before[-1, 0], "parts meet on the 180th meridian"
        assert abs(float(before[-1, 1]) - float(after[0, 1])) <= 1e-9, "at the same latitude"
    assert same_point(pieces[0][0], start) and same_point(pieces[-1][-1], end), "from start to end"


@ARC
@given(start=POINT, end=POINT)
def test_an_arc_is_as_long_as_the_geodesic(start, end):
    length = sum(GEOD.line_length(piece[:, 0], piece[:, 1]) for piece in parts(great_circle(start, end)))
    _, _, expected = GEOD.inv(start[0], start[1], end[0], end[1])
    assert length == pytest.approx(expected, abs=0.01, rel=1e-9), "within a centimetre"


@pytest.mark.parametrize("pole", [90.0, -90.0])
def test_an_arc_to_a_pole_reaches_it_at_the_geodesic_length(pole):
    line = great_circle((-180.0, 0.0), (2.0, pole))
    length = sum(GEOD.line_length(piece[:, 0], piece[:, 1]) for piece in parts(line))
    assert length == pytest.approx(GEOD.inv(-180.0, 0.0, 2.0, pole)[2], abs=0.01)
    assert parts(line)[-1][-1, 1] == pole


def same_point(drawn: np.ndarray, given: tuple[float, float]) -> bool:
    """Longitudes compare round the globe: -180 and 180 are one meridian."""
    (lon, lat), (x, y) = given, (float(drawn[0]), float(drawn[1]))
    return abs((x - lon + 180) % 360 - 180) <= 1e-9 and abs(y - lat) <= 1e-9
