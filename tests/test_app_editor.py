"""The "New event" page, driven through AppTest: a draft started empty, from a copy or from an
upload; its sheets edited (a grid is handed its edits as the browser hands them); each problem
beside its row until it is fixed; places found by name or clicked on the map; the draft kept
across page switches and reloads; saved into the events folder only when asked to replace.

The page runs as app.py runs it (ui.editor.show) over a temporary events folder holding the
bundled event and the tiny one, with drafts kept in a temporary folder of each test's own.
"""

from __future__ import annotations

import re
import shutil
from functools import partial
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.base import settings
from geo.draft import to_confirm
from geo.io import drafts, sheets, uploads
from geo.io.events import event_from_files, load_event
from geo.io.folders import files_in_folder, zip_from_files
from geo.io.sheets import Draft
from tests.test_app_hostile import outside_code_spans
from tests.test_app_uploads import upload
from tests.test_hostile import PAYLOADS
from tests.tiny import FILES, write_tiny_event
from ui import editor_save, editor_state, editor_tables

BUNDLED = "beijing-parade-2025"
URL = "https://example.org/trip"
SCRIPT = f"""
import os, sys
sys.path.insert(0, {str(settings.ROOT)!r})
from pathlib import Path
import streamlit as st
from ui import editor
if st.session_state.get("test_page") == "map":
    st.write("the map's page")
else:
    editor.show(Path(os.environ["DIPLOMAP_EVENTS_DIR"]))
"""
"""The page as app.py's navigation runs it; a test may stand on another page (``test_page``)."""
MEANT = {
    "id": "trip-2026",
    "title": "A trip",
    "date": "2026-01-07",
    "start": "2026-01-06",
    "end": "2026-01-09",
    "host": "CHN",
    "source_url": URL,
}
PERSON = {"id": "kim", "name": "Kim Jong Un", "title": "Chairman", "iso3": "PRKX", "role": "guest"}


@pytest.fixture(scope="module")
def events_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("events")
    shutil.copytree(settings.EVENTS_DIR / BUNDLED, root / BUNDLED)
    write_tiny_event(root, "tiny")
    return root


@pytest.fixture(autouse=True)
def folders(events_root, tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("DIPLOMAP_EVENTS_DIR", str(events_root))
    monkeypatch.setenv("DIPLOMAP_DRAFTS_DIR", str(tmp_path / "drafts"))
    monkeypatch.setenv("DIPLOMAP_SAVE_EVENTS", "off")
    return tmp_path / "drafts"


def ok(at: AppTest) -> AppTest:
    assert list(at.exception) == []
    return at


def start(**params: str) -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    at.query_params.update(params)
    return ok(at.run())


def begin_empty() -> AppTest:
    return ok(start().button(key="start_empty").click().run())


def begin_copy(event_id: str) -> AppTest:
    at = start()
    at.selectbox(key="start_event").set_value(event_id)
    return ok(at.button(key="start_copy").click().run())


def sheet(at: AppTest, name: str) -> AppTest:
    return ok(at.radio(key="editor_sheet").set_value(name).run())


def grid(at: AppTest, name: str):
    (found,) = [d for d in at.dataframe if d.key == f"grid_{name}"]
    return found.value


def edit(at: AppTest, name: str, rows: dict[int, dict[str, str]]) -> AppTest:
    """Edit cells of a grid, as the browser reports a grid's edits."""
    at.session_state[f"grid_{name}"] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    return ok(at.run())


def add_row(at: AppTest, name: str, cells: dict[str, str]) -> AppTest:
    ok(at.button(key=f"grid_add_{name}").click().run())
    return edit(at, name, {len(grid(at, name)) - 1: cells})


def fill_meta(at: AppTest, values: dict[str, str]) -> AppTest:
    for key, value in values.items():
        at.text_input(key=f"meta_{key}").set_value(value)
    return ok(at.run())


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def map_drawn(at: AppTest) -> bool:
    return len(at.get("component_instance")) == 1


def kept_ids(folder: Path) -> list[str]:
    return [p.stem for p in folder.glob("*.json")]


def test_the_page_starts_with_four_ways_to_a_draft():
    at = start()
    assert [b.key for b in at.button] == ["start_article", "start_empty", "start_copy", "start_upload"]
    assert at.selectbox(key="start_event").options == [BUNDLED, "tiny"]
    assert not map_drawn(at)


def test_an_empty_draft_says_beside_each_field_what_it_still_needs(folders):
    at = begin_empty()
    shown = captions(at)
    for key in ("id", "title", "date", "start", "end", "timezone", "place", "source_url"):
        assert f":material/error: ` {key}: is required but missing `" in shown
    assert not map_drawn(at)
    assert "The map is drawn once the event's form and one person are valid" in at.info[0].value
    assert at.get("download_button")[0].proto.disabled
    assert kept_ids(folders) == [at.query_params["draft"]]


def test_a_person_typed_in_shows_its_problem_beside_its_row_until_it_is_fixed():
    at = fill_meta(begin_empty(), MEANT)
    at.selectbox(key="meta_timezone").set_value("Asia/Shanghai")
    assert not [c for c in captions(ok(at.run())) if "timezone" in c]
    at = add_row(sheet(at, "people.csv"), "people.csv", {**PERSON, "source_url": URL})
    problem = grid(at, "people.csv").loc[1, "problem"]
    assert problem.startswith("iso3: is not an ISO 3166-1 alpha-3 country code")
    assert "(value 'PRKX')" in problem
    assert "Row 1: ` iso3: is not an ISO" in at.markdown[-1].value
    at = edit(at, "people.csv", {0: {"iso3": "PRK"}})
    assert grid(at, "people.csv").loc[1, "problem"] == ""
    assert ":material/check_circle: No problem in people.csv." in captions(at)
    assert not map_drawn(at)  # the event's place is still to be named

    at = sheet(at, "places.csv")
    at.text_input(key="find_query").set_value("Beijing")
    at.text_input(key="find_country").set_value("CHN")
    ok(at.run().button(key="find_add").click().run())
    assert grid(at, "places.csv").loc[1, "id"] == "beijing"
    at = sheet(at, "event.toml")
    at.selectbox(key="meta_place").set_value("beijing")
    at = ok(at.run())
    assert map_drawn(at)
    assert "No problem: every row is on the map." in at.success[0].value


def test_a_copy_of_an_event_opens_every_row_and_draws_its_map():
    at = sheet(begin_copy(BUNDLED), "people.csv")
    people = load_event(BUNDLED).people
    assert list(grid(at, "people.csv")["id"]) == [p.id for p in people]
    assert set(grid(at, "people.csv")["problem"]) == {""}
    assert map_drawn(at)
    assert f"Started from ` {BUNDLED} (a copy) `." in captions(at)


def test_an_upload_opens_as_a_copy_and_a_broken_one_says_why():
    files, _ = files_in_folder(settings.EVENTS_DIR / BUNDLED)
    at = upload(start(), "start_files", ("mine.zip", zip_from_files(BUNDLED, files)))
    at = ok(at.button(key="start_upload").click().run())
    assert map_drawn(at)
    assert len(grid(sheet(at, "legs.csv"), "legs.csv")) == len(load_event(BUNDLED).legs)

    at = upload(start(), "start_files", ("broken.zip", b"not a zip"))
    at = ok(at.button(key="start_upload").click().run())
    assert "That cannot be opened as a draft" in at.error[0].value
    assert "is not a zip file that can be read" in at.error[0].value


def test_loose_files_open_as_a_copy_with_what_was_left_out_said():
    named = [(name, text.encode()) for name, text in FILES.items()] + [("notes.csv", b"hello")]
    at = ok(upload(start(), "start_files", *named).button(key="start_upload").click().run())
    assert map_drawn(at)
    assert "Not carried over into the draft" in at.warning[0].value
    assert "notes.csv" in at.warning[0].value


def test_a_draft_opened_again_from_its_link_keeps_its_edits(folders):
    at = fill_meta(begin_copy("tiny"), {"title": "Edited title"})
    draft_id = at.query_params["draft"]
    again = start(draft=draft_id)
    assert again.text_input(key="meta_title").value == "Edited title"
    assert again.query_params["draft"] == draft_id

    gone = start(draft="0" * 32)
    assert "No draft is kept under this link" in gone.warning[0].value
    assert [b.key for b in gone.button] == ["start_article", "start_empty", "start_copy", "start_upload"]


def test_a_draft_survives_a_visit_to_another_page():
    at = fill_meta(begin_copy("tiny"), {"title": "Edited title"})
    at.session_state["test_page"] = "map"
    assert "the map's page" in ok(at.run()).markdown[0].value
    at.session_state["test_page"] = "editor"
    assert ok(at.run()).text_input(key="meta_title").value == "Edited title"


def test_a_place_found_by_name_is_one_of_its_candidates_with_region_and_source():
    at = sheet(begin_copy("tiny"), "places.csv")
    at.text_input(key="find_query").set_value("Pingxiang")
    at = ok(at.run())
    options = at.radio(key="find_choice").options
    assert len(options) == 2
    assert [re.match(r"Pingxiang, (\w+), China", o).group(1) for o in options] == ["Jiangxi", "Guangxi"]
    at.radio(key="find_choice").set_value(options[1])
    at = ok(at.run().button(key="find_add").click().run())
    added = grid(at, "places.csv").iloc[-1]
    assert (added["id"], added["admin1"], added["kind"]) == ("pingxiang", "Guangxi", "city")
    assert round(float(added["lat"]), 1) == 22.1
    assert added["source_url"].startswith("https://www.geonames.org/")
    assert added["problem"] == ""


def test_a_click_on_the_map_offers_a_place_there_named_from_the_nearest_city():
    at = begin_copy("tiny")
    at.session_state["_map_point"] = (40.13, 124.39)
    at = ok(at.run())
    key = "click_40.13000_124.39000"
    assert at.text_input(key=f"{key}_name").value == "Dandong"
    assert any("(in CHN)" in m.value for m in at.markdown)
    at.selectbox(key=f"{key}_kind").set_value("border")
    at = ok(at.button(key=f"{key}_add").click().run())
    added = grid(at, "places.csv").iloc[-1]
    assert (added["id"], added["iso3"], added["kind"], added["lat"], added["lon"]) == (
        "dandong",
        "CHN",
        "border",
        "40.13000",
        "124.39000",
    )
    assert added["source_url"].startswith("https://www.openstreetmap.org/?mlat=40.13000&mlon=124.39000")
    assert at.session_state["editor_sheet"] == "places.csv"


def test_saving_asks_before_replacing_an_event_and_then_replaces_it(tmp_path, monkeypatch):
    events_root = tmp_path / "events"
    write_tiny_event(events_root, "tiny")
    monkeypatch.setenv("DIPLOMAP_EVENTS_DIR", str(events_root))
    monkeypatch.setenv("DIPLOMAP_SAVE_EVENTS", "on")
    at = fill_meta(begin_copy("tiny"), {"title": "Saved over"})
    assert "is already in" in at.warning[-1].value
    assert at.button(key="save_event").disabled
    at.checkbox(key="save_replace").check()
    at = ok(at.run())
    at = ok(at.button(key="save_event").click().run())
    assert load_event("tiny", root=events_root).meta.title == "Saved over"
    assert "Saved in" in at.success[-1].value

    at = fill_meta(at, {"id": "tiny-copy"})
    assert not at.button(key="save_event").disabled
    ok(at.button(key="save_event").click().run())
    assert load_event("tiny-copy", root=events_root).meta.title == "Saved over"


def test_away_from_the_users_machine_the_event_is_downloaded_not_saved():
    at = begin_copy("tiny")
    assert not [b for b in at.button if b.key == "save_event"]
    assert any("works when the app runs on your own machine" in c for c in captions(at))
    assert not at.get("download_button")[0].proto.disabled


def test_a_discarded_draft_is_gone_from_disk(folders):
    at = begin_copy("tiny")
    assert len(kept_ids(folders)) == 1
    at = ok(at.button(key="discard_draft").click().run())
    assert kept_ids(folders) == []
    assert [b.key for b in at.button] == ["start_article", "start_empty", "start_copy", "start_upload"]


def test_a_draft_too_big_to_keep_says_so(monkeypatch):
    monkeypatch.setattr(drafts, "MAX_DRAFT_BYTES", 100)
    at = begin_copy("tiny")
    assert any("This draft is not kept under its link" in c for c in captions(at))


def hostile_draft() -> Draft:
    """tests/test_hostile.py's payloads in every key of the form, and in every column of every
    sheet (row i holds payload i), the story made of all of them."""
    payloads = list(PAYLOADS.values())
    tables = {
        name: tuple(
            {c: payloads[(i + j) % len(payloads)] for j, c in enumerate(columns)}
            for i in range(len(payloads))
        )
        for name, columns in sheets.COLUMNS.items()
    }
    meta = {key: payloads[i % len(payloads)] for i, key in enumerate(sheets.META_KEYS)}
    return Draft(meta=meta, tables=tables, story="\n".join(payloads), origin=payloads[0])


def test_hostile_text_in_every_cell_and_field_is_shown_as_text(folders):
    draft_id = drafts.new_draft_id()
    drafts.save_draft(folders, draft_id, hostile_draft())
    at = start(draft=draft_id)
    for name in editor_tables.SHEETS:
        at = sheet(at, name)
        for element in at.markdown:
            assert not element.proto.allow_html
        for element in [*at.markdown, *at.caption, *at.error, *at.warning, *at.info, *at.success]:
            outside = outside_code_spans(element.value)
            assert "alert(" not in outside and "<" not in outside, element.value
            assert not [p for p in PAYLOADS.values() if p.strip() in outside], element.value
        labels = [w.label for w in [*at.text_input, *at.selectbox, *at.radio, *at.checkbox, *at.button]]
        labels += [str(o) for r in at.radio for o in r.options]
        # Labels and a radio's options are Markdown too.
        for label in map(outside_code_spans, labels):
            assert "alert(" not in label and "<" not in label, label
            assert not [p for p in PAYLOADS.values() if p.strip() in label], label
        if name in sheets.COLUMNS:
            shown = grid(at, name)
            assert list(shown[sheets.COLUMNS[name][0]]) == [
                r[sheets.COLUMNS[name][0]] for r in hostile_draft().tables[name]
            ]
    assert at.text_area(key="story_text").value == "\n".join(PAYLOADS.values())


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://localhost:8501/new-event", True),
        ("http://127.0.0.1:8501/", True),
        ("http://[::1]:8501/", True),
        ("https://maps.example.org/new-event", False),
        ("http://10.0.0.5:8501/", False),
        ("http://localhost.example.org/", False),
        (None, False),
        ("http://[bad", False),
    ],
)
def test_the_users_own_machine_is_a_loopback_address(url, local):
    assert editor_save.is_loopback(url) is local


def test_the_zip_is_made_from_the_draft_as_it_is_when_the_button_is_pressed():
    latest = editor_state.Latest(sheets.draft_from_files({n: t.encode() for n, t in FILES.items()})[0])
    pressed = partial(editor_save.zip_of, latest, "tiny")
    latest.draft = latest.draft.with_meta("title", "Typed just before the press")
    opened = uploads.event_from_uploads({"tiny.zip": pressed()})
    assert opened.meta.title == "Typed just before the press"


ARTICLES = settings.ROOT / "tests" / "fixtures" / "articles"


def begin_article(name: str, *, url: str = URL) -> AppTest:
    at = start()
    at.text_area(key="start_article_text").set_value((ARTICLES / f"{name}.txt").read_text(encoding="utf-8"))
    at.text_input(key="start_article_url").set_value(url)
    return ok(at.button(key="start_article").click().run())


def test_an_article_pasted_with_its_address_becomes_a_draft_citing_it_on_every_row(folders):
    at = begin_article("biden-kyiv-2023")
    draft = drafts.load_draft(folders, at.query_params["draft"])
    names = " ".join(row["name"] for row in draft.tables["places.csv"])
    assert "Kyiv" in names and "Rzesz" in names and "Przemy" in names
    for name in ("people.csv", "places.csv", "legs.csv"):
        rows = draft.tables[name]
        assert rows and {row["source_url"] for row in rows} == {URL}, name
    assert any(row["name"] == "Joe Biden" for row in draft.tables["people.csv"])
    assert f"{URL} (a draft from the article)" in draft.origin
    assert map_drawn(at), "the draft draws as it is"


def test_what_the_article_leaves_open_is_shown_as_geo_check_lists_it_not_as_no_problem(folders):
    at = begin_article("biden-kyiv-2023")
    draft = drafts.load_draft(folders, at.query_params["draft"])
    files = sheets.files_from_draft(draft, for_checking=True)
    left_open = to_confirm(files)
    assert left_open, "the draft leaves something to confirm (else this test proves nothing)"
    assert not any("No problem: every row is on the map" in s.value for s in at.success)
    loaders = sum(p.is_warning for p in event_from_files(files).problems)
    verdict = " ".join(i.value for i in at.info) + " ".join(w.value for w in at.warning)
    assert f"{loaders + len(left_open)} warning(s)" in verdict
    for problem in left_open:  # beside its row, as geo check names it
        at = sheet(at, problem.file)
        assert problem.reason in grid(at, problem.file).loc[problem.row - sheets.FIRST_ROW + 1, "problem"]


def test_an_article_without_its_address_or_text_is_refused_with_what_to_give():
    at = ok(start().button(key="start_article").click().run())
    shown = " ".join(e.value for e in at.error) + " ".join(m.value for m in at.markdown)
    assert "paste the article's text" in shown and "give the article's address" in shown
    assert "draft" not in at.query_params
    at = begin_article("biden-kyiv-2023", url="not a url")
    shown = " ".join(e.value for e in at.error) + " ".join(m.value for m in at.markdown)
    assert "the URL must be the article's http(s) address" in shown
    assert "draft" not in at.query_params
