"""Hostile text in the running app, in Chromium: nothing runs, nothing is injected, all of it
shows as text.

One app server, pointed at one event holding tests/test_hostile.py's payloads spread over its
text fields (row by row, so every payload is somewhere and each feature holds several). The
test opens it, clicks a country, a leg, a trade arrow and a traveller so their details show,
uploads places and trade flows through the real uploaders (a refused row among the flows,
downloaded back as CSV), then a broken event whose report quotes a payload. No dialog may fire;
no element may carry an event handler, load ``x`` or come from data; the texts must read as
they were written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from geo.io.events import Event, load_event
from tests.browser import running_app
from tests.test_browser_app import MAP_FRAME, click_feature, download, settled_map
from tests.test_hostile import PAYLOADS, SLY_URL, URL_FIELDS, hostile_files, shown, toml_string, write_event

pytestmark = pytest.mark.browser

EVENT = "hostile"
TITLE = PAYLOADS["img onerror"]
BROKEN_TIMEZONE = PAYLOADS["quotes"]
INJECTED = """(content) => {
    const found = [];
    for (const e of document.querySelectorAll('*')) {
        for (const a of e.attributes) if (a.name.startsWith('on')) found.push(e.tagName + ' ' + a.name);
    }
    const sneaky = 'img[src="x"], svg[onload], iframe[srcdoc], object, embed, ' + content + ' script';
    for (const e of document.querySelectorAll(sneaky)) found.push(e.tagName + ' ' + e.outerHTML.slice(0, 80));
    return found;
}"""
"""Anything a payload could have put into a document: a handler, an element loading ``x``, a
frame, or a script inside the drawn content (``content``: Streamlit's root, Leaflet's map)."""


def spread_files() -> dict[str, bytes]:
    """The bundled event with a payload in every text field: row i of a file holds payload i
    (counting on from file to file); the title and summary hold TITLE."""
    variants = [hostile_files(payload) for payload in PAYLOADS.values()]
    files = hostile_files(TITLE)
    start = 0
    for name in sorted(URL_FIELDS):
        tables = [list(csv.reader(io.StringIO(v[name].decode("utf-8"), newline=""))) for v in variants]
        rows = [tables[0][0]] + [tables[(start + i) % len(tables)][i] for i in range(1, len(tables[0]))]
        start += len(rows) - 1
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        files[name] = out.getvalue().encode("utf-8")
    return files


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile-app")
    write_event(root, EVENT, spread_files())
    return root


@pytest.fixture(scope="module")
def event(hostile_root) -> Event:
    return load_event(EVENT, root=hostile_root)


@pytest.fixture(scope="module")
def app_url(hostile_root) -> Iterator[str]:
    with running_app(hostile_root) as url:
        yield url


def wait_for_text(locator, expected: str, *, timeout: float = 30) -> str:
    """Wait until the element's text, as a browser shows it, holds ``expected``; return the text."""
    expect(locator.first).to_contain_text(expected, timeout=timeout * 1000, use_inner_text=True)
    return shown(locator.first.inner_text())


HAS_FEATURE = """([selector, id]) => {
    const frames = document.querySelectorAll(selector);
    const map = frames.length === 1 && frames[0].contentWindow && frames[0].contentWindow.map;
    let found = false;
    if (map) map.eachLayer(l => { found = found || (l.feature && l.feature.properties.id === id); });
    return found;
}"""


def wait_for_feature(page, feature_id: str, *, timeout: float = 30) -> None:
    """Wait until the map, drawn again after an upload, holds the feature (and the map it
    replaces, kept while the new one mounts, is gone), and the app is idle again."""
    page.wait_for_function(HAS_FEATURE, arg=[MAP_FRAME, feature_id], timeout=timeout * 1000)
    settled_map(page)


def click(page, feature_id: str) -> None:
    """Click a feature with the map wholly in view: clicking focuses the map, and a map partly
    out of view would scroll between the press and the release (a warning above it after an
    upload pushes it down)."""
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    click_feature(page, feature_id)


def upload(page, key: str, name: str, data: bytes, mime: str) -> None:
    uploader = page.locator(f".st-key-{key} input[type=file]")
    uploader.set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}])


def test_hostile_text_in_the_running_app_never_runs_and_reads_as_text(app_url, event, offline_page):
    page = offline_page.page
    page.goto(app_url + "?time=2025-09-02T09:00")
    map_frame = page.frame_locator(MAP_FRAME)
    map_frame.locator("path.leaflet-interactive").first.wait_for(state="attached", timeout=60_000)
    assert shown(page.locator("h1 .dm-title").first.inner_text()) == shown(TITLE), "the title, as text"

    kim = event.person("kim-jong-un")
    leg = event.legs_of(kim.id)[0]
    details = page.locator(".dm-details")
    click(page, "country:PRK")
    wait_for_text(details, shown(kim.name))
    click(page, f"leg:{kim.id}:1")
    text = wait_for_text(details, shown(leg.note))
    assert shown(event.places[leg.from_].name) in text and shown(kim.title) in text
    click(page, "flow:2024:CHN-RUS:exports")
    series = {t.series for t in event.trade if (t.exporter, t.importer, t.year) == ("CHN", "RUS", 2024)}
    text = wait_for_text(details, shown(sorted(series)[0]))
    assert all(shown(s) in text for s in series), "every series of the flow, as text"
    click(page, f"position:{kim.id}")
    wait_for_text(details, f"{shown(kim.name)}, {shown(kim.title)}")
    map_frame.locator(".leaflet-control-layers").hover()  # folded until pointed at
    assert shown(kim.name) in shown(map_frame.locator(".leaflet-control-layers").inner_text())

    # Places and flows through the real uploaders: a payload in each text field, one refused row.
    place = {"name": PAYLOADS["style and iframe"], "kind": "<b>k</b>", "note": PAYLOADS["javascript link"],
             "source_url": SLY_URL}  # fmt: skip
    geojson = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [129.0, 41.0]},
        "properties": place,
    }
    upload(page, "upload_places", "places.geojson", json.dumps(geojson).encode(), "application/geo+json")
    wait_for_text(page.locator('[data-testid="stSidebar"]'), "1 place(s) added to the map")
    wait_for_feature(page, "place:1")
    click(page, "place:1")
    # The file and feature are the place's own card: the payloads also fill the fields of the legs.
    text = wait_for_text(details, "From your file places.geojson, feature 1")
    assert shown(place["name"]) in text and shown(place["note"]) in text

    bad = PAYLOADS["close script"]
    flows = io.StringIO()
    csv.writer(flows, lineterminator="\n").writerows(
        [
            ["exporter", "importer", "flow", "year", "value_usd", "series", "value_status", "source_url"],
            ["CHN", "ISL", "exports", "2024", "5000000000", PAYLOADS["backticks"], "exact", SLY_URL],
            ["CHN", bad, "exports", "2024", "7000000000", "Mine", "exact", "https://example.org/x"],
        ]
    )
    upload(page, "upload_trade", "my-trade.csv", flows.getvalue().encode(), "text/csv")
    wait_for_text(
        page.locator('[data-testid="stSidebar"]'), "1 trade figure(s) added to the event shown; 1 problem"
    )
    wait_for_feature(page, "flow:2024:CHN-ISL:exports")
    click(page, "flow:2024:CHN-ISL:exports")
    wait_for_text(details, shown(PAYLOADS["backticks"]))
    page.get_by_text("What was left out, and why").click()
    refused = download(page, "Refused rows (CSV)").decode("utf-8-sig")
    (row,) = [r for r in csv.DictReader(io.StringIO(refused)) if r["_file"] == "my-trade.csv"]
    assert row["_line"] == "3" and row["importer"] == bad, "the refused row, as it was written"

    # A broken event: its report quotes the payload as text.
    broken = hostile_files("Plain")
    broken["event.toml"] = broken["event.toml"].replace(
        b'timezone = "Asia/Shanghai"', f"timezone = {toml_string(BROKEN_TIMEZONE)}".encode()
    )
    upload(page, "upload_event", "event.toml", broken["event.toml"], "application/toml")
    error = page.locator('[data-testid="stAlertContentError"]')
    wait_for_text(error, f"(value {BROKEN_TIMEZONE!r})")
    assert "event.toml, key 'timezone'" in shown(error.first.inner_text())
    assert error.first.locator("a, img, svg, span[role=img]").count() == 0, "no link, image or icon from data"

    error.first.scroll_into_view_if_needed()
    offline_page.screenshot("app-hostile.png")
    assert page.evaluate(INJECTED, "#root") == []
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    assert frame.evaluate(INJECTED, ".leaflet-container") == []
    assert offline_page.dialogs == [], "no dialog fired"
    assert offline_page.blocked == [] and offline_page.failed == []
    assert offline_page.console_errors == []
