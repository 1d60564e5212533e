"""Bad input, case by case: each is reported with its file, row, column and reason, and the good
rows around it still load. The event is a tiny one written here, so row numbers read plainly:
the header is row 1, and a row appended to people.csv is row 4."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest

from geo.base import settings
from geo.base.errors import DataError, Problem
from geo.io.blocks import LONGEST_ROW
from geo.io.events import Event, event_from_files
from geo.io.schema import Person
from geo.io.tables import read_table

URL = "https://example.org/source"
BASE: dict[str, str] = {
    "event.toml": """id = "tiny"
title = "A tiny event"
date = "2025-09-03"
start = "2025-08-30"
end = "2025-09-06"
timezone = "Asia/Shanghai"
host = "CHN"
place = "beijing"
source_url = "https://example.org/event"
default_year = 2024
""",
    "people.csv": f"""id,name,title,iso3,role,note,source_url
xi,Xi Jinping,President,CHN,host,,{URL}
kim,Kim Jong Un,General Secretary,PRK,guest,,{URL}
""",
    "places.csv": f"""id,name,iso3,lat,lon,kind,source_url
beijing,Beijing,CHN,39.9075,116.3972,capital,{URL}
pyongyang,Pyongyang,PRK,39.0339,125.7543,capital,{URL}
dandong,Dandong,CHN,40.1292,124.3947,city,{URL}
shenyang,Shenyang,CHN,41.7922,123.4328,city,{URL}
""",
    "legs.csv": f"""person,seq,from,to,mode,depart,arrive,time_status,alternatives,route_status,note,source_url
kim,1,pyongyang,dandong,train,2025-09-01T15:00+09:00,2025-09-02T02:00+08:00,exact,,confirmed,,{URL}
kim,2,dandong,beijing,train,2025-09-02T03:00+08:00,2025-09-02T16:00+08:00,exact,,confirmed,,{URL}
""",
    "waypoints.csv": f"""person,seq,order,place,time,status,source_url
kim,2,1,shenyang,2025-09-02T08:00+08:00,reported,{URL}
""",
    "trade.csv": f"""exporter,importer,flow,year,period,value_usd,series,value_status,alternatives,source_url,quote
CHN,PRK,exports,2024,,1700000000,GACC,exact,,{URL},exports rose
PRK,CHN,exports,2024,,500000000,GACC,exact,,{URL},imports fell
""",
    "figures.csv": f"""key,label,value,unit,year,value_status,source_url,quote
share,China's share of North Korea's trade,98,%,2024,exact,{URL},
""",
}
BASELINE = {"people": 2, "places": 4, "legs": 2, "waypoints": 1, "trade": 2, "figures": 1}
"""What the tiny event loads when nothing is wrong."""

Files = dict[str, bytes]


def files() -> Files:
    return {name: text.encode() for name, text in BASE.items()}


def counts(event: Event) -> dict[str, int]:
    return {
        "people": len(event.people),
        "places": len(event.places),
        "legs": len(event.legs),
        "waypoints": sum(len(leg.waypoints) for leg in event.legs),
        "trade": len(event.trade),
        "figures": len(event.figures),
    }


def add(name: str, row: str) -> Callable[[Files], None]:
    """Append a row (as CSV text) to a file."""

    def edit(f: Files) -> None:
        f[name] += row.encode() + b"\n"

    return edit


def cell(name: str, row: int, column: str, value: str) -> Callable[[Files], None]:
    """Set one cell, by spreadsheet row (header = 1)."""

    def edit(f: Files) -> None:
        rows = list(csv.reader(io.StringIO(f[name].decode())))
        rows[row - 1][rows[0].index(column)] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        f[name] = out.getvalue().encode()

    return edit


def raw(name: str, data: bytes) -> Callable[[Files], None]:
    def edit(f: Files) -> None:
        f[name] = data

    return edit


def recode(name: str, change: Callable[[bytes], bytes]) -> Callable[[Files], None]:
    def edit(f: Files) -> None:
        f[name] = change(f[name])

    return edit


PERSON = "{id},{name},President,{iso3},guest,,{url}"


def person(*, id: str = "lula", name: str = "Lula", iso3: str = "BRA", url: str = URL) -> str:
    return PERSON.format(id=id, name=name, iso3=iso3, url=url)


def leg(
    *,
    person: str = "kim",
    seq: str = "3",
    frm: str = "beijing",
    to: str = "pyongyang",
    depart: str = "2025-09-04T10:00+08:00",
    arrive: str = "2025-09-05T10:00+09:00",
    status: str = "exact",
    alternatives: str = "",
) -> str:
    return f"{person},{seq},{frm},{to},train,{depart},{arrive},{status},{alternatives},confirmed,,{URL}"


def trade(*, value: str = "100", exporter: str = "CHN", importer: str = "RUS", status: str = "exact") -> str:
    return f"{exporter},{importer},exports,2024,,{value},GACC,{status},,{URL},"


# Each case: what is done to the tiny event, then the one Problem it must produce (file, row,
# column, a fragment of the reason), then what the event still loads if not its baseline.
CASES = [
    # Required columns: a file without one cannot be read at all; the rest of the event can.
    (
        "missing required column",
        raw("trade.csv", b"exporter,importer,flow,year\nCHN,PRK,exports,2024\n"),
        ("trade.csv", 1, "series", "required column 'series' is missing"),
        {"trade": 0},
    ),
    (
        "column twice",
        recode("figures.csv", lambda b: b.replace(b",quote\n", b",label\n", 1)),
        ("figures.csv", 1, "label", "appears 2 times"),
        {"figures": 0},
    ),
    # Types.
    ("seq not a number", add("legs.csv", leg(seq="three")), ("legs.csv", 4, "seq", "whole number"), None),
    (
        "year with a fraction",
        add("trade.csv", trade().replace("2024", "2024.5")),
        ("trade.csv", 4, "year", "whole number"),
        None,
    ),
    (
        "role not allowed",
        add("people.csv", person().replace("guest", "king")),
        ("people.csv", 4, "role", "must be one of 'host', 'guest' or 'attendee'"),
        None,
    ),
    ("required cell empty", add("people.csv", person(name="")), ("people.csv", 4, "name", "is empty"), None),
    ("id not a slug", add("people.csv", person(id="Lula da Silva")), ("people.csv", 4, "id", "slug"), None),
    (
        "control character in a name",
        add("people.csv", person(name="Lu\x1bla")),
        ("people.csv", 4, "name", "control character U+001B"),
        None,
    ),
    (
        "text too long",
        add("people.csv", person(name="x" * 501)),
        ("people.csv", 4, "name", "longer than 500"),
        None,
    ),
    # Times: ISO 8601, with a zone.
    (
        "time without a zone",
        add("legs.csv", leg(depart="2025-09-04T10:00")),
        ("legs.csv", 4, "depart", "has no time zone"),
        None,
    ),
    (
        "time not ISO 8601",
        add("legs.csv", leg(arrive="5 Sep 2025 10:00")),
        ("legs.csv", 4, "arrive", "ISO 8601"),
        None,
    ),
    (
        "date not ISO 8601",
        add("legs.csv", leg(arrive="05/09/2025")),
        ("legs.csv", 4, "arrive", "ISO 8601"),
        None,
    ),
    # Coordinates.
    (
        "latitude over 90",
        add("places.csv", f"x,X,CHN,91,116,city,{URL}"),
        ("places.csv", 6, "lat", "at most 90"),
        None,
    ),
    (
        "longitude under -180",
        add("places.csv", f"x,X,CHN,39,-181,city,{URL}"),
        ("places.csv", 6, "lon", "at least -180"),
        None,
    ),
    (
        "latitude not a number",
        add("places.csv", f"x,X,CHN,39°54'N,116,city,{URL}"),
        ("places.csv", 6, "lat", "plain number"),
        None,
    ),
    (
        "latitude nan",
        add("places.csv", f"x,X,CHN,nan,116,city,{URL}"),
        ("places.csv", 6, "lat", "finite"),
        None,
    ),
    (
        "lat without lon",
        add("places.csv", f"x,X,CHN,39,,city,{URL}"),
        ("places.csv", 6, "lon", "both lat and lon"),
        None,
    ),
    (
        "city not in GeoNames",
        add("places.csv", f"x,Nowhereville,CHN,,,city,{URL}"),
        ("places.csv", 6, "lat", "no city called 'Nowhereville'"),
        None,
    ),
    # Countries: codes that exist; names and near misses get a suggestion.
    (
        "ISO3 that does not exist",
        add("people.csv", person(iso3="XYZ")),
        ("people.csv", 4, "iso3", "not an ISO 3166-1 alpha-3"),
        None,
    ),
    (
        "ISO3 in lowercase",
        add("people.csv", person(iso3="bra")),
        ("people.csv", 4, "iso3", "did you mean BRA"),
        None,
    ),
    (
        "country name",
        add("people.csv", person(iso3="Viet Nam")),
        ("people.csv", 4, "iso3", "did you mean VNM"),
        None,
    ),
    ("DPRK", add("people.csv", person(iso3="DPRK")), ("people.csv", 4, "iso3", "did you mean PRK"), None),
    (
        "North Korea",
        add("people.csv", person(iso3="North Korea")),
        ("people.csv", 4, "iso3", "did you mean PRK"),
        None,
    ),
    (
        "misspelt name",
        add("people.csv", person(iso3="Russa")),
        ("people.csv", 4, "iso3", "did you mean RUS"),
        None,
    ),
    (
        "ambiguous name",
        add("people.csv", person(iso3="Korea")),
        ("people.csv", 4, "iso3", "ambiguous: KOR (South Korea) or PRK (North Korea)"),
        None,
    ),
    # Times going backwards.
    (
        "leg arrives before it departs",
        add("legs.csv", leg(depart="2025-09-05T10:00+08:00", arrive="2025-09-04T10:00+08:00")),
        ("legs.csv", 4, "arrive", "before it departs"),
        None,
    ),
    (
        "leg departs before the last arrives",
        add("legs.csv", leg(depart="2025-09-02T12:00+08:00")),
        ("legs.csv", 4, "depart", "before leg 2 arrives"),
        None,
    ),
    (
        "waypoint passed before the last",
        add("waypoints.csv", f"kim,2,2,dandong,2025-09-02T07:00+08:00,reported,{URL}"),
        ("waypoints.csv", 3, "time", "before waypoint 1"),
        None,
    ),
    (
        "waypoint passed after arrival",
        add("waypoints.csv", f"kim,2,2,dandong,2025-09-02T18:00+08:00,reported,{URL}"),
        ("waypoints.csv", 3, "time", "after the leg arrives"),
        None,
    ),
    (
        "disputed time, no alternatives",
        add("legs.csv", leg(status="disputed")),
        ("legs.csv", 4, "alternatives", "disputed time needs"),
        None,
    ),
    ("leg going nowhere", add("legs.csv", leg(to="beijing")), ("legs.csv", 4, "to", "same place"), None),
    # Duplicate ids.
    (
        "duplicate person",
        add("people.csv", person(id="kim")),
        ("people.csv", 4, "id", "duplicates row 3"),
        None,
    ),
    (
        "duplicate place",
        add("places.csv", f"beijing,Peking,CHN,39.9,116.4,capital,{URL}"),
        ("places.csv", 6, "id", "duplicates row 2"),
        None,
    ),
    (
        "duplicate leg",
        add("legs.csv", leg(seq="2", frm="dandong", to="beijing", depart="", arrive="")),
        ("legs.csv", 4, "seq", "duplicates row 3"),
        None,
    ),
    (
        "duplicate waypoint",
        add("waypoints.csv", f"kim,2,1,dandong,,reported,{URL}"),
        ("waypoints.csv", 3, "order", "duplicates row 2"),
        None,
    ),
    # References.
    (
        "leg of an unknown person",
        add("legs.csv", leg(person="putin", seq="1")),
        ("legs.csv", 4, "person", "names person 'putin', which is not in people.csv"),
        None,
    ),
    (
        "leg of a refused person",
        lambda f: (add("people.csv", person(iso3="XYZ"))(f), add("legs.csv", leg(person="lula", seq="1"))(f)),
        ("legs.csv", 4, "person", "refused in people.csv (row 4)"),
        None,
    ),
    (
        "leg to an unknown place",
        add("legs.csv", leg(to="tokyo")),
        ("legs.csv", 4, "to", "names place 'tokyo', which is not in places.csv"),
        None,
    ),
    (
        "waypoint of an unknown leg",
        add("waypoints.csv", f"kim,7,1,dandong,,reported,{URL}"),
        ("waypoints.csv", 3, "seq", "not in legs.csv"),
        None,
    ),
    (
        "waypoint of a refused leg",
        lambda f: (
            add("legs.csv", leg(seq="three"))(f),
            add("waypoints.csv", f"kim,3,1,dandong,,reported,{URL}")(f),
        ),
        ("waypoints.csv", 3, "seq", "names leg 3 of 'kim', which is not in legs.csv"),
        None,
    ),
    # Values.
    (
        "negative value",
        add("trade.csv", trade(value="-5")),
        ("trade.csv", 4, "value_usd", "at least 0"),
        None,
    ),
    (
        "value with thousands separators",
        add("trade.csv", trade(value='"1,700"')),
        ("trade.csv", 4, "value_usd", "no thousands separators"),
        None,
    ),
    (
        "value with currency and unit",
        add("trade.csv", trade(value="$1.7bn")),
        ("trade.csv", 4, "value_usd", "plain number"),
        None,
    ),
    ("value infinite", add("trade.csv", trade(value="inf")), ("trade.csv", 4, "value_usd", "finite"), None),
    (
        "value missing",
        add("trade.csv", trade(value="")),
        ("trade.csv", 4, "value_usd", "value_usd is empty"),
        None,
    ),
    (
        "value when not found",
        add("trade.csv", trade(status="not_found")),
        ("trade.csv", 4, "value_usd", "not_found but value_usd is given"),
        None,
    ),
    (
        "trade with itself",
        add("trade.csv", trade(importer="CHN")),
        ("trade.csv", 4, "importer", "same country"),
        None,
    ),
    (
        "figure not a number",
        add("figures.csv", f"share,Share,ninety,%,2024,exact,{URL},"),
        ("figures.csv", 3, "value", "plain number"),
        None,
    ),
    (
        "figure year out of range",
        add("figures.csv", f"share,Share,97,%,1066,exact,{URL},"),
        ("figures.csv", 3, "year", "at least 1900"),
        None,
    ),
    # Addresses.
    (
        "javascript: URL",
        add("people.csv", person(url="javascript:alert(1)")),
        ("people.csv", 4, "source_url", "http(s) address"),
        None,
    ),
    (
        "data: URL",
        add("people.csv", person(url='"data:text/html,<script>alert(1)</script>"')),
        ("people.csv", 4, "source_url", "http(s) address"),
        None,
    ),
    (
        "ftp URL",
        add("people.csv", person(url="ftp://example.org/x")),
        ("people.csv", 4, "source_url", "http(s)"),
        None,
    ),
    (
        "URL without a host",
        add("people.csv", person(url="https:///path")),
        ("people.csv", 4, "source_url", "http(s)"),
        None,
    ),
    (
        "URL with a space",
        add("people.csv", person(url="https://example.org/a b")),
        ("people.csv", 4, "source_url", "http(s)"),
        None,
    ),
    # Files as a whole.
    ("empty file", raw("trade.csv", b""), ("trade.csv", None, None, "file is empty"), {"trade": 0}),
    ("blank file", raw("trade.csv", b" \n\n"), ("trade.csv", None, None, "file is empty"), {"trade": 0}),
    (
        "semicolons",
        recode("trade.csv", lambda b: b.replace(b",", b";")),
        ("trade.csv", 1, None, "separated by ';'"),
        {"trade": 0},
    ),
    (
        "tabs",
        recode("trade.csv", lambda b: b.replace(b",", b"\t")),
        ("trade.csv", 1, None, "separated by '\\t'"),
        {"trade": 0},
    ),
    (
        "a Latin-1 byte in one row",
        recode("people.csv", lambda b: b + person(name="José").encode("latin-1") + b"\n"),
        ("people.csv", 4, "name", "is not UTF-8 (byte 0xe9)"),
        None,
    ),
    (
        "UTF-16",
        recode("trade.csv", lambda b: b.decode().encode("utf-16")),
        ("trade.csv", None, None, "UTF-16"),
        {"trade": 0},
    ),
    (
        "a workbook",
        raw("trade.csv", b"PK\x03\x04" + bytes(100)),
        ("trade.csv", None, None, "workbook"),
        {"trade": 0},
    ),
    (
        "over the size limit",
        raw("figures.csv", b"x" * (settings.MAX_INPUT_BYTES + 1)),
        ("figures.csv", None, None, f"the limit is {settings.MAX_INPUT_BYTES:,}"),
        {"figures": 0},
    ),
    (
        "too many rows",
        add("waypoints.csv", "\n".join([f"kim,2,1,shenyang,,reported,{URL}"] * settings.MAX_ROWS)),
        (
            "waypoints.csv",
            None,
            None,
            f"file has {settings.MAX_ROWS + 1:,} rows; the limit is {settings.MAX_ROWS:,}",
        ),
        {"waypoints": 0},
    ),
    (
        "a trade file with no line break (read a block at a time, it is refused at its first block)",
        raw("trade.csv", b"x" * (settings.MAX_INPUT_BYTES + 1)),
        (
            "trade.csv",
            None,
            None,
            f"no row is read: a row runs past {LONGEST_ROW:,} bytes with no line break",
        ),
        {"trade": 0},
    ),
    (
        "a file the event does not have",
        raw("notes.txt", b"hello"),
        ("notes.txt", None, None, "not read"),
        None,
    ),
    # Rows broken as CSV.
    (
        "too many cells",
        add("people.csv", person() + ",extra"),
        ("people.csv", 4, None, "has 8 cells; the header has 7"),
        None,
    ),
    ("too few cells", add("people.csv", "lula,Lula,President"), ("people.csv", 4, None, "has 3 cells"), None),
    (
        "unclosed quote",
        lambda f: (
            add("people.csv", '"lula,Lula')(f),
            add("people.csv", person(id="modi", name="Modi", iso3="IND"))(f),
        ),
        ("people.csv", 4, None, "never closed"),
        {"people": 3},
    ),
    (
        "quote inside a quoted cell",
        add("people.csv", '"lula"x,Lula,President,BRA,guest,,' + URL),
        ("people.csv", 4, None, "cannot be read as CSV"),
        None,
    ),
    # Columns nobody reads: reported, the rows still load.
    (
        "unknown column",
        recode(
            "people.csv",
            lambda b: b.replace(b"source_url\n", b"source_url,nickname\n").replace(
                URL.encode() + b"\n", URL.encode() + b",Big Brother\n"
            ),
        ),
        ("people.csv", 1, "nickname", "its values are not loaded"),
        None,
    ),
    (
        "misspelt column",
        recode("people.csv", lambda b: b.replace(b",note,", b",notes,")),
        ("people.csv", 1, "notes", "did you mean 'note'"),
        None,
    ),
]


@pytest.mark.parametrize(("edit", "expected", "loads"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_reported_where_it_is_and_the_rest_loads(edit, expected, loads):
    given = files()
    edit(given)
    event = event_from_files(given)
    file, row, column, fragment = expected
    found = [p for p in event.problems if (p.file, p.row, p.column) == (file, row, column)]
    assert found, f"no problem at {file}, row {row}, column {column!r}; got:\n" + "\n".join(
        map(str, event.problems)
    )
    assert any(fragment in p.reason for p in found), [p.reason for p in found]
    assert counts(event) == {**BASELINE, **(loads or {})}, "good rows load; bad ones do not"
    if row is not None and row > 1:
        kept = [r for r in event.rejected if (r["_file"], r["_line"]) == (file, str(row))]
        assert len(kept) == 1, "a refused row is kept, once, for download"


def test_the_tiny_event_loads_clean():
    event = event_from_files(files())
    assert event.problems == ()
    assert counts(event) == BASELINE


def test_every_problem_is_reported_at_once():
    given = files()
    for edit in (
        add("people.csv", person(iso3="Viet Nam")),
        add("places.csv", f"x,X,CHN,91,116,city,{URL}"),
        add("legs.csv", leg(depart="2025-09-04T10:00")),
        add("trade.csv", trade(value="-1")),
        raw("figures.csv", b""),
    ):
        edit(given)
    event = event_from_files(given)
    where = {(p.file, p.row, p.column) for p in event.problems}
    assert where == {
        ("people.csv", 4, "iso3"),
        ("places.csv", 6, "lat"),
        ("legs.csv", 4, "depart"),
        ("trade.csv", 4, "value_usd"),
        ("figures.csv", None, None),
    }


def test_a_row_with_several_bad_cells_reports_each_and_is_kept_once():
    given = files()
    add("people.csv", "Bad Id,,President,Narnia,king,," + "javascript:x")(given)
    event = event_from_files(given)
    columns = {p.column for p in event.problems if p.row == 4}
    assert columns == {"id", "name", "iso3", "role", "source_url"}
    (row,) = event.rejected
    assert row["iso3"] == "Narnia" and row["_line"] == "4"
    assert (
        row["_reason"].startswith("id: must be a slug") and "source_url: must be an http(s)" in row["_reason"]
    )


def test_a_near_miss_carries_its_suggestion_for_the_app_to_offer():
    given = files()
    add("people.csv", person(iso3="Viet Nam"))(given)
    (problem,) = event_from_files(given).problems
    assert problem == Problem(
        "people.csv",
        4,
        "iso3",
        "Viet Nam",
        "is not an ISO 3166-1 alpha-3 country code (three capitals, like CHN); did you mean VNM (Vietnam)?",
        suggestion="VNM",
    )
    assert str(problem).startswith("people.csv, row 4, column 'iso3': is not an ISO")


def test_an_unknown_column_is_reported_and_its_values_never_land_elsewhere():
    """The decision: a column the loader does not know is worth a Problem (its values are lost),
    not a refusal (the rows are fine). A misspelt optional column is the real danger: its values
    would silently go missing, so the Problem names the column it probably meant."""
    given = files()
    recode(
        "people.csv", lambda b: b.replace(b",note,", b",notes,").replace(b"host,,", b"host,met everyone,")
    )(given)
    event = event_from_files(given)
    (problem,) = event.problems
    assert (problem.row, problem.column, problem.suggestion) == (1, "notes", "note")
    assert event.person("xi").note is None
    assert counts(event) == BASELINE


def test_a_bom_trailing_commas_blank_lines_and_spaces_are_accepted_as_harmless():
    """Lenient on purpose: Excel writes a BOM and may pad rows with empty columns; blank lines and
    spaces around values carry nothing. Each is accepted without a Problem."""
    given = files()
    given["people.csv"] = b"\xef\xbb\xbf" + given["people.csv"].replace(b"\n", b",,\n").replace(
        b"Xi Jinping", b" Xi Jinping "
    )
    given["trade.csv"] += b"\n\n"
    event = event_from_files(given)
    assert event.problems == ()
    assert event.person("xi").name == "Xi Jinping"
    assert counts(event) == BASELINE


def test_a_nameless_column_with_values_is_reported():
    given = files()
    given["people.csv"] = (
        given["people.csv"]
        .replace(b"\n", b",\n")
        .replace(b"host,,", b"host,,")
        .replace(URL.encode() + b",\n", URL.encode() + b",oops\n", 1)
    )
    event = event_from_files(given)
    assert any(p.row == 1 and "no name" in p.reason for p in event.problems)


def test_rows_count_as_a_spreadsheet_does_across_a_cell_with_line_breaks():
    given = files()
    add("people.csv", 'lula,"Luiz Inácio\nLula da Silva",President,BRA,guest,,' + URL)(given)
    add("people.csv", person(id="modi", iso3="Nowhere"))(given)
    event = event_from_files(given)
    (problem,) = event.problems
    assert (problem.row, problem.column) == (5, "iso3")
    assert event.person("lula").name == "Luiz Inácio\nLula da Silva"


def test_an_unusable_event_raises_with_every_problem_found():
    given = files()
    given["event.toml"] = (
        given["event.toml"].replace(b"Asia/Shanghai", b"Asia/Pyongyangg").replace(b'"CHN"', b'"China"')
    )
    add("trade.csv", trade(value="-1"))(given)
    with pytest.raises(DataError) as caught:
        event_from_files(given)
    where = {(p.file, p.row, p.column) for p in caught.value.problems}
    assert where == {
        ("event.toml", None, "timezone"),
        ("event.toml", None, "host"),
        ("trade.csv", 4, "value_usd"),
    }
    host = next(p for p in caught.value.problems if p.column == "host")
    assert host.suggestion == "CHN"


@pytest.mark.parametrize(
    ("toml", "row", "column", "fragment"),
    [
        (b'id = "tiny"\ntitle = "unclosed\n', 2, None, "is not valid TOML"),
        (b"\xff\xfe", None, None, "UTF-16"),
        (
            BASE["event.toml"].replace('date = "2025-09-03"', 'date = "2025-10-03"').encode(),
            None,
            "date",
            "must fall between",
        ),
        (BASE["event.toml"].encode() + b'colour = "red"\n', None, "colour", "is not a key of event.toml"),
        (
            BASE["event.toml"].replace("https://example.org/event", "javascript:alert(1)").encode(),
            None,
            "source_url",
            "http(s)",
        ),
    ],
    ids=["syntax", "utf-16", "date outside the window", "unknown key", "javascript url"],
)
def test_a_bad_event_toml_is_reported_with_the_csv_problems(toml, row, column, fragment):
    given = files()
    given["event.toml"] = toml
    with pytest.raises(DataError) as caught:
        event_from_files(given)
    found = [p for p in caught.value.problems if p.file == "event.toml"]
    assert [(p.row, p.column) for p in found][:1] == [(row, column)]
    assert fragment in found[0].reason


def test_no_person_no_event():
    given = files()
    given["people.csv"] = b"id,name,title,iso3,role,note,source_url\nxi,Xi,President,XX,host,,https://x.org\n"
    with pytest.raises(DataError) as caught:
        event_from_files(given)
    problems = caught.value.problems
    assert (problems[0].column, problems[0].value) == ("iso3", "XX")
    assert "names person 'kim', refused" not in str(problems), "kim was never in this people.csv"
    assert any(p.file == "legs.csv" and "which is not in people.csv" in p.reason for p in problems)
    assert "no valid person" in problems[-1].reason


def test_a_missing_required_column_in_people_makes_the_event_unusable_and_says_which():
    given = files()
    given["people.csv"] = given["people.csv"].replace(b",role,", b",rank,")
    with pytest.raises(DataError) as caught:
        event_from_files(given)
    assert ("people.csv", 1, "role") in {(p.file, p.row, p.column) for p in caught.value.problems}


def test_the_map_place_must_exist():
    given = files()
    given["event.toml"] = given["event.toml"].replace(b'place = "beijing"', b'place = "tiananmen"')
    event = event_from_files(given)
    (problem,) = event.problems
    assert (problem.file, problem.column, problem.value) == ("event.toml", "place", "tiananmen")


def test_rejected_rows_are_kept_exactly_as_they_were_written():
    given = files()
    add("people.csv", 'lula,"=HYPERLINK(""x"")",President,Brasil,guest,,' + URL)(given)
    add("people.csv", person(id="modi", iso3="IND") + ",surplus")(given)
    event = event_from_files(given)
    first, second = event.rejected
    assert (first["_file"], first["_line"], second["_line"]) == ("people.csv", "4", "5")
    assert first["name"] == '=HYPERLINK("x")' and first["iso3"] == "Brasil"
    assert "did you mean BRA" in first["_reason"]
    assert second["_extra"] == "surplus", "a cell past the header is kept, not dropped"


def test_a_row_refused_across_rows_is_downloaded_as_written_not_as_parsed():
    given = files()
    add("legs.csv", leg(depart=" 2025-09-02T12:00+08:00 "))(given)
    event = event_from_files(given)
    (row,) = event.rejected
    assert row["depart"] == " 2025-09-02T12:00+08:00 "


def test_read_table_alone_never_raises_and_names_its_file():
    table = read_table("who.csv", b'id,name\n"a', Person, columns=["id", "name"], required=["id", "name"])
    assert table.rows == []
    assert {p.file for p in table.problems} == {"who.csv"}
