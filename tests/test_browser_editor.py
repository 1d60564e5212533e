"""The "New event" page in Chromium, network fenced off: an event made end to end (started empty,
its form filled, a person, places and a leg typed into the grids, a problem seen beside its row
and gone once fixed, a place added by clicking the map, the map redrawn, the zip downloaded and
opened by the map's own upload, the folder saved, the draft found again after a reload), and
hostile text in every cell and field shown as text, with nothing run and nothing fetched.

The app runs over a temporary events folder (a copy of the tiny event) with drafts kept in a
temporary folder; the browser reaches it at 127.0.0.1, so the page saves as on the user's own
machine, with no setting.
"""

from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from geo.io import drafts, sheets, uploads
from geo.io.events import load_event
from tests.browser import ARTIFACTS, is_local, open_offline, running_app
from tests.test_app_editor import hostile_draft
from tests.test_browser_app import MAP_FRAME, settled_map
from tests.test_browser_app_hostile import INJECTED, spread_files
from tests.test_hostile import PAYLOADS, shown
from tests.tiny import write_tiny_event
from ui import editor_tables

pytestmark = pytest.mark.browser

EDITOR = "new-event"
WAIT = 90_000
"""Milliseconds to wait for what a step shows: a run that first builds GeoNames' index, or draws
the map, takes seconds on a shared 2-core machine, and tens of seconds when others load it."""
URL = "https://example.org/trip"
ROW_HEIGHT, HEADER_HEIGHT, MARKERS = 35, 35, 44
"""Streamlit's grid: pixels of a row and of the header, and the width of the row numbers."""
FORM = {
    "Id: the folder's name": "trip-2026",
    "Title": "Kim Jong Un's trip to Beijing",
    "Date of the event": "2026-01-07",
    "First day of the time slider": "2026-01-06",
    "Last day of the time slider": "2026-01-09",
    "Host country (a summit)": "CHN",
    "Source: the page that reports the event": URL,
}
KNOWN_404 = "Failed to load resource: the server responded with a status of 404 (Not Found)"
"""A page opened at its own path first asks for /new-event/_stcore/health and host-config,
then the right ones (streamlit/streamlit#7074)."""


@pytest.fixture(scope="module")
def roots(tmp_path_factory) -> tuple[Path, Path]:
    events = tmp_path_factory.mktemp("events")
    write_tiny_event(events, "tiny")
    return events, tmp_path_factory.mktemp("drafts")


@pytest.fixture(scope="module")
def app_url(roots) -> Iterator[str]:
    events, kept = roots
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIPLOMAP_DRAFTS_DIR", str(kept))
        patch.delenv("DIPLOMAP_SAVE_EVENTS", raising=False)
        with running_app(events) as url:
            yield url


def idle(page) -> None:
    """The app has drawn the page for the last change (its running indicator is gone)."""
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT)


def map_holds(page, selector: str) -> None:
    """The map, drawn again (the one it replaces gone), holds what ``selector`` finds."""
    idle(page)
    expect(page.locator(MAP_FRAME)).to_have_count(1, timeout=WAIT)
    expect(page.frame_locator(MAP_FRAME).locator(selector).first).to_be_attached(timeout=WAIT)


def press(page, button: str, shows, *, times: int = 1) -> None:
    """Press a button until the page ``shows`` it worked (``shows``: a locator, to be attached, or
    to be there ``times`` times). A press that lands while the page redraws its buttons is lost,
    as it would be for a reader, who presses again (tests/test_browser_app.py's download)."""
    for attempt in range(3):
        idle(page)
        page.get_by_role("button", name=button, exact=True).click()
        try:
            expect(shows).to_have_count(times, timeout=WAIT // 2)
            return
        except AssertionError:
            if attempt == 2:
                raise


def sheet(page, name: str) -> None:
    """Choose a sheet, and wait for its grid (alone: the last sheet's is gone) or its form."""
    page.get_by_test_id("stRadio").first.get_by_text(name, exact=True).click()
    file = {title: file for file, title in editor_tables.SHEETS.items()}[name]
    if file in sheets.COLUMNS:
        expect(page.get_by_test_id("stDataFrame")).to_have_count(1, timeout=WAIT)
        header = grid(page).locator("thead [role=columnheader]")
        expect(header.nth(2)).to_have_text(sheets.COLUMNS[file][0], timeout=WAIT)
    else:
        expect(page.get_by_test_id("stDataFrame")).to_have_count(0, timeout=WAIT)


def grid(page):
    return page.get_by_test_id("stDataFrame")


def cells(page) -> list[str]:
    """The grid's cells as its accessible table holds them, row by row (the row number first)."""
    return grid(page).locator("[role=gridcell]").all_inner_texts()


def row_of(page, row: int) -> list[str]:
    width = len(grid(page).locator("thead [role=columnheader]").all())
    return cells(page)[(row - 1) * width : row * width]


def field(page, label: str, value: str) -> None:
    """Type into a text field of the form, as a person does: the page checks it on Enter."""
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")
    expect(box).to_have_value(value, timeout=WAIT)
    idle(page)


def choose(page, label: str, option: str) -> None:
    """Choose in a selectbox as a person does with a long list: type to filter, then click."""
    box = page.get_by_label(label, exact=True)
    box.click()
    box.press_sequentially(option)
    page.get_by_role("option", name=option, exact=True).click()
    expect(page.get_by_role("option", name=option, exact=True)).to_have_count(0, timeout=WAIT)
    idle(page)


def type_cell(page, row: int, column: int, value: str) -> None:
    """Type ``value`` into a grid's cell (column 1 is the first after the problem column): select
    the row's problem cell, move across, open the cell's editor, fill it, press Enter."""
    box = grid(page).bounding_box()
    page.mouse.click(
        box["x"] + MARKERS + 20, box["y"] + HEADER_HEIGHT + ROW_HEIGHT * (row - 1) + ROW_HEIGHT / 2
    )
    selected = grid(page).locator("[role=gridcell][aria-selected=true]")
    # The grid's accessible table marks the selected cell: column 1 holds the row numbers.
    expect(selected).to_have_attribute("aria-colindex", "2", timeout=WAIT)
    for step in range(column):
        page.keyboard.press("ArrowRight")
        expect(selected).to_have_attribute("aria-colindex", str(3 + step), timeout=WAIT)
    page.keyboard.press("Enter")
    editor = page.locator("#portal textarea, #portal input").first
    expect(editor).to_be_visible(timeout=WAIT)
    editor.fill(value)
    page.keyboard.press("Enter")
    expect(page.locator("#portal textarea")).to_have_count(0, timeout=WAIT)
    idle(page)


def fill_row(page, row: int, values: dict[str, str], columns: tuple[str, ...]) -> None:
    for name, value in values.items():
        type_cell(page, row, columns.index(name) + 1, value)
        expect(grid(page).locator("[role=gridcell]").filter(has_text=value).first).to_be_attached(
            timeout=WAIT
        )


def numbered_rows(page):
    """The grid's rows, by their numbers (an empty grid's accessible table holds one blank row)."""
    return grid(page).locator('[role=gridcell][aria-colindex="1"]').filter(has_text=re.compile(r"^\d+$"))


def add_row(page, rows: int) -> int:
    """Add a row under a grid of ``rows`` rows; returns its number."""
    expect(numbered_rows(page)).to_have_count(rows, timeout=WAIT)
    press(page, "Add a row", numbered_rows(page), times=rows + 1)
    return rows + 1


def find_place(page, name: str, country: str) -> None:
    field(page, "Find a place by name (GeoNames)", name)
    field(page, "Country (ISO3)", country)
    expect(page.get_by_test_id("stRadio").get_by_text(re.compile(f"^{name}, "))).to_have_count(
        1, timeout=WAIT
    )
    press(
        page,
        "Add to places",
        grid(page).locator("[role=gridcell]").filter(has_text=re.compile(f"^{name.lower()}$")),
    )


def download(page, label: str) -> bytes:
    """Press a download button once the page is drawn and its map settled: a press on a button
    the page is redrawing fetches a file that is gone (and a reader presses again)."""
    for attempt in range(3):
        idle(page)
        if page.locator(MAP_FRAME).count():
            settled_map(page)
        try:
            with page.expect_download(timeout=WAIT // 2) as started:
                page.get_by_role("button", name=label, exact=True).click()
            return Path(started.value.path()).read_bytes()
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    raise AssertionError(label)


def latest_draft(kept: Path) -> sheets.Draft:
    """The draft the server wrote last."""
    newest = max(kept.glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
    return drafts.load_draft(kept, newest.stem)


def wait_until(condition, *, seconds: float = WAIT / 1000) -> None:
    """For what the server does out of the page's sight (a file it writes)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("the server never got there")
        time.sleep(0.2)


def map_frame(page):
    return page.locator(MAP_FRAME).element_handle().content_frame()


def test_an_event_made_end_to_end_in_the_browser(app_url, roots, browser):
    events, _ = roots
    offline = open_offline(browser)
    page = offline.page
    page.goto(app_url + EDITOR)
    press(page, "Start empty", page.get_by_text("id: is required but missing"))
    for label, value in FORM.items():
        field(page, label, value)
    choose(page, "Time zone", "Asia/Shanghai")
    expect(page.get_by_text("place: is required but missing")).to_be_visible(timeout=WAIT)  # still to come
    expect(page.get_by_text(re.compile(r"^(id|title|date|start|end|timezone|source_url): "))).to_have_count(
        0, timeout=WAIT
    )

    sheet(page, "People")
    row = add_row(page, 0)
    person = {"id": "kim", "name": "Kim Jong Un", "title": "Chairman", "iso3": "PRKX", "source_url": URL}
    fill_row(page, row, person, sheets.COLUMNS["people.csv"])
    problem = grid(page).locator("[role=gridcell]").filter(has_text="iso3: is not an ISO 3166-1 alpha-3")
    expect(problem).to_have_count(1, timeout=WAIT)
    expect(page.get_by_text("Row 1: iso3: is not an ISO 3166-1 alpha-3", exact=False)).to_be_visible(
        timeout=WAIT
    )
    type_cell(page, row, sheets.COLUMNS["people.csv"].index("iso3") + 1, "PRK")
    expect(problem).to_have_count(0, timeout=WAIT)
    type_cell(page, row, sheets.COLUMNS["people.csv"].index("role") + 1, "guest")
    expect(page.get_by_text("No problem in people.csv.")).to_be_visible(timeout=WAIT)

    sheet(page, "Places")
    find_place(page, "Pyongyang", "PRK")
    find_place(page, "Beijing", "CHN")
    sheet(page, "Event")
    choose(page, "Where the event is: a place's id", "beijing")
    expect(page.get_by_text("No problem: every row is on the map.")).to_be_visible(timeout=WAIT)
    frame = settled_map(page)
    assert frame.locator("path.dm-layer-guests").count() == 0

    sheet(page, "Legs")
    row = add_row(page, 0)
    leg = {"person": "kim", "seq": "1", "from": "pyongyang", "to": "beijing", "mode": "train"}
    leg |= {"time_status": "unknown", "route_status": "reported", "source_url": URL}
    fill_row(page, row, leg, sheets.COLUMNS["legs.csv"])
    expect(page.get_by_text("No problem: every row is on the map.")).to_be_visible(timeout=WAIT)
    map_holds(page, "path.dm-layer-guests")

    # A place where the map is clicked: the middle of the map, between Pyongyang and Beijing.
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.get_by_text(re.compile(r"A place at -?\d+\.\d{4}, -?\d+\.\d{4}"))).to_be_visible(timeout=WAIT)
    page.get_by_label("Name", exact=True).fill("Clicked spot")
    page.get_by_label("Country", exact=True).fill("CHN")  # the middle of the map may be the sea
    press(page, "Add to places", grid(page).locator("[role=gridcell]").filter(has_text="clicked-spot"))
    map_holds(page, "path.dm-layer-places >> nth=2")

    offline.screenshot("editor-made.png")
    data = download(page, "Download trip-2026.zip")
    opened = uploads.event_from_uploads({"trip-2026.zip": data})
    assert [p.id for p in opened.people] == ["kim"]
    assert list(opened.places) == ["pyongyang", "beijing", "clicked-spot"]
    assert [(leg.from_, leg.to) for leg in opened.legs] == [("pyongyang", "beijing")]

    press(page, "Save into the events folder", page.get_by_text("Saved in"))
    assert load_event("trip-2026", root=events).meta.title == FORM["Title"]

    page.reload()  # a new session: the link names the draft, kept on disk
    expect(page.get_by_text("No problem: every row is on the map.")).to_be_visible(timeout=WAIT)
    sheet(page, "Places")
    expect(grid(page).locator("[role=gridcell]").filter(has_text="clicked-spot")).to_have_count(
        1, timeout=WAIT
    )

    # The zip through the map's own upload: the event joins the list, marked as yours.
    page.get_by_role("link", name="Map").click()
    uploader = page.locator(".st-key-upload_event input[type=file]")
    uploader.set_input_files(files=[{"name": "trip-2026.zip", "mimeType": "application/zip", "buffer": data}])
    expect(page.get_by_text("Event trip-2026 opened", exact=False)).to_be_visible(timeout=WAIT)
    expect(page.get_by_text(FORM["Title"]).first).to_be_visible(timeout=WAIT)

    assert offline.dialogs == [] and offline.blocked == []
    assert set(offline.console_errors) <= {KNOWN_404}
    offline.context.close()


def no_harm(offline) -> None:
    """Nothing a payload could do happened: no element from data, no dialog, nothing fetched."""
    page = offline.page
    assert page.evaluate(INJECTED, "#root") == []
    if page.locator(MAP_FRAME).count() == 1:
        assert map_frame(page).evaluate(INJECTED, ".leaflet-container") == []
    assert offline.dialogs == []
    assert offline.blocked == []
    assert [r for r in offline.requests if r.rstrip("/").endswith("/x")] == []


def test_hostile_text_in_every_cell_and_field_shows_as_text_and_nothing_runs(app_url, roots, browser):
    _, kept = roots
    offline = open_offline(browser)
    offline.requests = []
    offline.page.on("request", lambda r: offline.requests.append(r.url))
    page = offline.page

    # Every key of the form and every cell of every sheet: a payload (tests/test_app_editor.py).
    draft = hostile_draft()
    draft_id = drafts.new_draft_id()
    drafts.save_draft(kept, draft_id, draft)
    page.goto(f"{app_url}{EDITOR}?draft={draft_id}")
    expect(page.get_by_text("Not yet an event")).to_be_visible(timeout=WAIT)
    expect(page.get_by_label("Title", exact=True)).to_have_value(draft.meta["title"], timeout=WAIT)
    for file, title in editor_tables.SHEETS.items():
        sheet(page, title)
        if file in sheets.COLUMNS:
            first = sheets.COLUMNS[file][0]
            for row in draft.tables[file][:5]:  # the rows in view
                column = grid(page).locator(
                    '[role=gridcell][aria-colindex="3"]'
                )  # the first after the problem
                found = column.filter(has_text=shown(row[first])[:30])
                expect(found.first).to_have_text(shown(row[first]), timeout=WAIT)
        no_harm(offline)
    # A browser's text area holds line breaks as \n.
    story = re.sub(r"\r\n?", "\n", draft.story)
    expect(page.get_by_label("story.toml", exact=True)).to_have_value(story, timeout=WAIT)
    offline.screenshot("editor-hostile-every-cell.png")

    # A real event with a payload in every text field (the map draws it), then payloads typed in.
    files = spread_files()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        for name, data in files.items():
            out.writestr(f"hostile/{name}", data)
    page.get_by_text("Start another draft").click()
    uploader = page.locator(".st-key-start_files input[type=file]")
    uploader.set_input_files(
        files=[{"name": "hostile.zip", "mimeType": "application/zip", "buffer": archive.getvalue()}]
    )
    expect(page.get_by_text("hostile.zip", exact=True)).to_be_visible(timeout=WAIT)
    idle(page)
    press(page, "Open a copy of the upload", page.get_by_text("No problem: every row is on the map."))
    settled_map(page)
    no_harm(offline)

    sheet(page, "People")
    typed = {
        "name": PAYLOADS["script"],
        "title": "<b>long</b> " * 300,
        "note": '=HYPERLINK("https://evil.example/x","click") ' + PAYLOADS["right to left"],
    }
    for column, value in typed.items():
        type_cell(page, 1, sheets.COLUMNS["people.csv"].index(column) + 1, value)
        expect(grid(page).locator("[role=gridcell]").filter(has_text=value[:40]).first).to_be_attached(
            timeout=WAIT
        )
    problem = grid(page).locator("[role=gridcell]").filter(has_text="title: is longer than 500 characters")
    expect(problem).to_have_count(1, timeout=WAIT)
    expect(page.get_by_text("Row 1: title: is longer than 500 characters", exact=False)).to_be_visible(
        timeout=WAIT
    )
    no_harm(offline)

    # The server has the last cell (its draft, kept on disk, holds it) and has drawn the page since.
    wait_until(lambda: latest_draft(kept).tables["people.csv"][0]["note"] == typed["note"])
    idle(page)
    with zipfile.ZipFile(io.BytesIO(download(page, "Download beijing-parade-2025.zip"))) as out:
        people = out.read("beijing-parade-2025/people.csv").decode()
    (first, *_) = csv.DictReader(io.StringIO(people))
    assert {c: first[c] for c in typed} == typed, "the event's own files keep what was typed, as typed"
    offline.screenshot("editor-hostile-typed.png")
    no_harm(offline)
    offline.context.close()


def test_the_page_reads_on_a_phone(app_url, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.route("**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort())
    page = context.new_page()
    page.goto(app_url + EDITOR)
    page.get_by_role("button", name="Start empty").tap()
    expect(page.get_by_label("Id: the folder's name", exact=True)).to_be_visible(timeout=WAIT)
    labels = [page.get_by_label(label, exact=True) for label in FORM]
    tops = [label.bounding_box()["y"] for label in labels]
    assert tops == sorted(tops), "the form's fields in their order, one under another"
    assert all(label.bounding_box()["width"] > 300 for label in labels), "each field the phone's width"
    page.screenshot(path=str(ARTIFACTS / "editor-phone.png"))
    context.close()
