"""An event folder as sheets and back: every bundled event survives the trip whole, text of any
kind survives TOML and CSV, and a problem's row points at the sheet's row it is about."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.base import settings
from geo.base.errors import DataError
from geo.io import sheets
from geo.io.events import event_from_files, list_events, load_event
from geo.io.folders import files_in_folder
from geo.io.sheets import Draft
from tests.test_hostile import PAYLOADS
from tests.tiny import FILES

URL = "https://example.org/source"
PERSON = {"id": "kim", "name": "Kim", "title": "Chairman", "iso3": "PRK", "role": "guest", "note": ""}
PERSON["source_url"] = URL
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
"""Any text a form may hold (lone surrogates aside: they are not text)."""


def tiny_draft() -> Draft:
    draft, notes = sheets.draft_from_files({name: text.encode() for name, text in FILES.items()})
    assert notes == []
    return draft


def checked(draft: Draft):
    return event_from_files(sheets.files_from_draft(draft, for_checking=True))


@pytest.mark.parametrize("event_id", list_events(settings.EVENTS_DIR))
def test_every_bundled_event_comes_back_whole_from_its_sheets(event_id):
    files, refused = files_in_folder(settings.EVENTS_DIR / event_id)
    draft, notes = sheets.draft_from_files(files)
    again = event_from_files(sheets.files_from_draft(draft), expected_id=event_id)
    original = load_event(event_id)
    assert (refused, notes, again.problems) == ([], [], ())
    for part in ("meta", "people", "places", "legs", "trade", "figures", "story"):
        assert getattr(again, part) == getattr(original, part), part


@given(TEXT)
def test_any_text_survives_toml(value):
    assert tomllib.loads(f"x = {sheets.toml_string(value)}")["x"] == value


@given(st.lists(st.fixed_dictionaries({c: TEXT for c in sheets.COLUMNS["people.csv"]}), max_size=4))
def test_any_rows_survive_csv(rows):
    text = sheets.csv_from_rows("people.csv", rows)
    found, notes = sheets.rows_from_csv("people.csv", text)
    assert found == [r for r in rows if not sheets.is_blank(r)]
    assert notes == []


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_hostile_text_in_every_key_and_cell_comes_back_as_typed(payload):
    draft = Draft(
        meta=dict.fromkeys(sheets.META_KEYS, payload),
        tables={name: ({c: payload for c in columns},) for name, columns in sheets.COLUMNS.items()},
        story=payload,
    )
    again, notes = sheets.draft_from_files(sheets.files_from_draft(draft))
    assert notes == []
    for key in sheets.META_KEYS:
        if key not in ("hosts", "highlight", "series_order"):  # lists are split at commas
            assert again.meta[key] == payload.strip(), key
    assert again.tables == draft.tables
    assert again.story == payload


def test_the_form_writes_dates_and_years_bare_and_anything_else_as_text():
    meta = {
        "id": "x",
        "date": "2025-09-03",
        "start": "3 Sep",
        "default_year": "2024",
        "highlight": " PRK,KOR ,",
    }
    raw = tomllib.loads(sheets.toml_from_meta(meta))
    assert raw["date"].isoformat() == "2025-09-03"
    assert raw["start"] == "3 Sep"
    assert raw["default_year"] == 2024
    assert raw["highlight"] == ["PRK", "KOR"]
    assert "title" not in raw


def test_the_loader_says_what_a_mistyped_key_must_be():
    draft = tiny_draft().with_meta("start", "the day before").with_meta("title", "")
    with pytest.raises(DataError) as refused:
        checked(draft)
    problems = {p.column: p.reason for p in refused.value.problems}
    assert problems == {"start": "must be a date, like 2025-09-03", "title": "is required but missing"}


def test_a_problem_points_at_its_row_past_blank_and_multiline_rows():
    rows = [dict(PERSON, note="two\nlines"), dict.fromkeys(PERSON, ""), dict(PERSON, id="zed", iso3="XYZ")]
    draft = tiny_draft().with_rows("people.csv", rows)
    problems = sheets.problems_by_row(checked(draft).problems, "people.csv")
    assert list(problems) == [2]
    assert [p.column for p in problems[2]] == ["iso3"]


def test_files_for_saving_leave_blank_rows_and_empty_sheets_out():
    draft = tiny_draft().with_rows("legs.csv", [{}]).with_rows("people.csv", [PERSON, {}])
    files = sheets.files_from_draft(draft)
    assert "legs.csv" not in files
    assert files["people.csv"].decode().count("\n") == 2
    assert "legs.csv" in sheets.files_from_draft(draft, for_checking=True)


def test_what_the_sheets_cannot_hold_is_named_not_dropped_in_silence():
    files = {
        "event.toml": b'id = "x"\nmood = "sunny"\n',
        "people.csv": b"id,name,colour\nkim,Kim,red,extra\n",
        "notes.txt": b"hello",
        "places.csv": b"id,name\n\xff,x\n",
    }
    draft, notes = sheets.draft_from_files(files)
    said = {(p.file, p.column) for p in notes}
    assert said == {
        ("event.toml", "mood"),
        ("people.csv", "colour"),
        ("people.csv", "cells beyond the header"),
        ("notes.txt", None),
        ("places.csv", None),
    }
    assert draft.tables["people.csv"] == (
        {**dict.fromkeys(sheets.COLUMNS["people.csv"], ""), "id": "kim", "name": "Kim"},
    )
    assert draft.meta["id"] == "x"


def test_a_sheet_past_the_row_limit_keeps_the_limit_and_says_so(monkeypatch):
    monkeypatch.setattr(settings, "MAX_ROWS", 3)
    text = "id,name\n" + "".join(f"p{i},P\n" for i in range(5))
    rows, notes = sheets.rows_from_csv("people.csv", text)
    assert len(rows) == 3
    assert [n.row for n in notes] == [5]


def test_toml_that_does_not_parse_starts_the_form_empty_and_says_why():
    meta, notes = sheets.meta_from_toml('id = "x\n')
    assert meta == {}
    assert "is not valid TOML" in notes[0].reason


def test_grid_edits_apply_as_the_data_editor_reports_them():
    rows = [dict(PERSON, id=f"p{i}") for i in range(3)]
    edits = {
        "edited_rows": {0: {"name": "Ann", "problem": "ignored"}, "2": {"note": None}, 9: {"name": "gone"}},
        "deleted_rows": [1],
        "added_rows": [{"id": "new", "name": None}],
    }
    found = sheets.apply_edits(rows, edits, "people.csv")
    assert [r["id"] for r in found] == ["p0", "p2", "new"]
    assert found[0]["name"] == "Ann"
    assert "problem" not in found[0]
    assert found[2]["name"] == ""
    assert rows[0]["name"] == "Kim"  # the rows handed in are left as they were


def test_problems_by_row_count_from_the_first_row_under_the_header():
    draft = tiny_draft().with_rows("people.csv", [dict(PERSON, iso3="XYZ"), PERSON])
    problems = checked(draft).problems
    found = sheets.problems_by_row(problems, "people.csv")
    assert list(found) == [0]
    assert sheets.problems_by_row(problems, "places.csv") == {}


@pytest.mark.parametrize(
    ("name", "taken", "slug"),
    [
        ("Dandong Station", (), "dandong-station"),
        ("Dandong", ("dandong", "dandong-2"), "dandong-3"),
        ("Sinŭiju", (), "sinuiju"),
        ("平壤", (), "place"),
        ("x" * 200, (), "x" * 76),
    ],
)
def test_a_slug_from_a_name(name, taken, slug):
    assert sheets.slug_from(name, taken=taken) == slug


def test_choices_come_from_the_schema():
    assert sheets.choices_of("legs.csv")["mode"] == ("train", "air", "road")
    assert sheets.choices_of("places.csv") == {
        "kind": ("capital", "city", "station", "airport", "border", "venue")
    }


def test_a_key_that_is_true_or_false_is_written_bare(monkeypatch):
    # geo draft's "draft = true" (a key of event.toml once that branch is in)
    monkeypatch.setattr(sheets, "META_KEYS", tuple(dict.fromkeys((*sheets.META_KEYS, "draft"))))
    monkeypatch.setattr(sheets, "BOOL_KEYS", ("draft",))
    assert tomllib.loads(sheets.toml_from_meta({"draft": "true"}))["draft"] is True
    assert tomllib.loads(sheets.toml_from_meta({"draft": "yes"}))["draft"] == "yes"
    meta, _ = sheets.meta_from_toml("draft = false\n")
    assert meta == {"draft": "false"}
