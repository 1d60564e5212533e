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

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from geo.io import sheets, uploads
from geo.io.events import load_event
from tests.browser import open_offline, running_app
from tests.test_browser_app import MAP_FRAME, settled_map
from tests.tiny import write_tiny_event
from ui import editor_tables

pytestmark = pytest.mark.browser

EDITOR = "new-event"
WAIT = 30_000
"""Milliseconds to wait for what a step shows: a run that first builds GeoNames' index, or draws
the map, takes seconds on a shared 2-core machine."""
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


def choose(page, label: str, option: str) -> None:
    """Choose in a selectbox as a person does with a long list: type to filter, then click."""
    box = page.get_by_label(label, exact=True)
    box.click()
    box.press_sequentially(option)
    page.get_by_role("option", name=option, exact=True).click()
    expect(page.get_by_role("option", name=option, exact=True)).to_have_count(0, timeout=WAIT)


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
    page.get_by_role("button", name="Add a row").click()
    expect(numbered_rows(page)).to_have_count(rows + 1, timeout=WAIT)
    return rows + 1


def find_place(page, name: str, country: str) -> None:
    field(page, "Find a place by name (GeoNames)", name)
    field(page, "Country (ISO3)", country)
    expect(page.get_by_test_id("stRadio").get_by_text(re.compile(f"^{name}, "))).to_have_count(
        1, timeout=WAIT
    )
    page.get_by_role("button", name="Add to places").click()
    expect(
        grid(page).locator("[role=gridcell]").filter(has_text=re.compile(f"^{name.lower()}$"))
    ).to_have_count(1, timeout=WAIT)


def map_frame(page):
    return page.locator(MAP_FRAME).element_handle().content_frame()


def test_an_event_made_end_to_end_in_the_browser(app_url, roots, browser):
    events, _ = roots
    offline = open_offline(browser)
    page = offline.page
    page.goto(app_url + EDITOR)
    page.get_by_role("button", name="Start empty").click()
    expect(page.get_by_text("id: is required but missing")).to_be_visible(timeout=WAIT)
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
    expect(page.frame_locator(MAP_FRAME).locator("path.dm-layer-guests").first).to_be_attached(timeout=WAIT)

    # A place where the map is clicked: the middle of the map, between Pyongyang and Beijing.
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.get_by_text(re.compile(r"A place at -?\d+\.\d{4}, -?\d+\.\d{4}"))).to_be_visible(timeout=WAIT)
    page.get_by_label("Name", exact=True).fill("Clicked spot")
    page.get_by_label("Country", exact=True).fill("CHN")  # the middle of the map may be the sea
    page.get_by_role("button", name="Add to places").click()
    expect(grid(page).locator("[role=gridcell]").filter(has_text="clicked-spot")).to_have_count(
        1, timeout=WAIT
    )
    expect(page.frame_locator(MAP_FRAME).locator("path.dm-layer-places")).to_have_count(3, timeout=WAIT)

    offline.screenshot("editor-made.png")
    with page.expect_download() as started:
        page.get_by_role("button", name="Download trip-2026.zip").click()
    data = Path(started.value.path()).read_bytes()
    opened = uploads.event_from_uploads({"trip-2026.zip": data})
    assert [p.id for p in opened.people] == ["kim"]
    assert list(opened.places) == ["pyongyang", "beijing", "clicked-spot"]
    assert [(leg.from_, leg.to) for leg in opened.legs] == [("pyongyang", "beijing")]

    page.get_by_role("button", name="Save into the events folder").click()
    expect(page.get_by_text("Saved in")).to_be_visible(timeout=WAIT)
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
