"""The app as a reader on a deadline uses it, in Chromium with the network off (issue 22): a
click reaches what they aim at (point 3), the trade CSV names its year (4), the highlighted
traveller is named on the map and the time jumps to their next move (5), and the details search,
the tooltips and the person's key behave (7)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from geo.base import settings
from tests.browser import running_app
from tests.test_browser_app import MAP_FRAME, settled_map

pytestmark = pytest.mark.browser

PARADE = "?event=beijing-parade-2025"
STATION = (39.9029, 116.4279)
"""Beijing Railway Station (places.csv)."""
POINT_OF_LATLNG = (
    "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }"
)
BESIDE_LEG = """([id, away]) => {
    // A pixel ``away`` pixels to the side of the middle of the leg's line: beside it, off its
    // stroke and its white casing, where a reader's click on a thin line often lands.
    let line = null;
    window.map.eachLayer(l => {
        if (l.feature && l.feature.properties.id === id && l.getLatLngs && !line) line = l;
    });
    // The middle of its longest segment: a vertex may be a station (Qinhuangdao), whose marker a
    // click beside it reaches first, as it should.
    const points = line.getLatLngs().map(ll => window.map.latLngToContainerPoint(ll));
    let i = 0;
    for (let j = 1; j < points.length - 1; j++) {
        if (points[j].distanceTo(points[j + 1]) > points[i].distanceTo(points[i + 1])) i = j;
    }
    const a = points[i], b = points[i + 1];
    const length = Math.hypot(b.x - a.x, b.y - a.y), mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
    return [mx - (b.y - a.y) / length * away, my + (b.x - a.x) / length * away];
}"""


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with running_app(settings.EVENTS_DIR) as url:
        yield url


def open_map(page, url: str):
    page.goto(url)
    return settled_map(page)


def move_map(page, lat: float, lon: float, zoom: float):
    """Move the map as a reader would, and wait for the app to hear of it."""
    frame = settled_map(page)
    frame.evaluate(f"() => window.map.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
    frame.wait_for_function(f"() => (window.__GLOBAL_DATA__.previous_data || {{}}).zoom === {zoom}")
    return settled_map(page)


def click_at(page, point: list[float]) -> None:
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])


def test_a_click_on_the_station_opens_it_and_lists_the_guests_on_the_same_spot(app_url, offline_page):
    page = offline_page.page
    open_map(page, app_url + PARADE + "&time=2025-09-02T09:00&layers=countries,focus,guests,positions")
    frame = move_map(page, *STATION, 8)
    click_at(page, frame.evaluate(POINT_OF_LATLNG, list(STATION)))
    details = page.locator(".dm-details")
    expect(details.locator("h3")).to_have_text("Beijing Railway Station", timeout=30_000)
    here = page.get_by_role("radiogroup").filter(has=page.get_by_text("Vladimir Putin (traveller)"))
    expect(here).to_be_visible()
    offline_page.screenshot("reader-click-station.png")
    frame = settled_map(page)
    assert frame.evaluate("() => window.dmPicked") == "stop:beijing-station", "the map marks it too"
    here.get_by_text("Vladimir Putin (traveller)").click()
    expect(details.locator("h3")).to_have_text("Vladimir Putin", timeout=30_000)
    frame = settled_map(page)
    frame.wait_for_function("() => window.dmPicked === 'position:vladimir-putin'")
    assert offline_page.console_errors == []


def test_a_click_beside_the_thin_train_line_opens_the_leg_not_the_country_under_it(app_url, offline_page):
    page = offline_page.page
    open_map(page, app_url + PARADE + "&layers=countries,focus")
    frame = move_map(page, 40.6, 119.6, 7)
    beside = frame.evaluate(BESIDE_LEG, ["leg:kim-jong-un:3", 7])
    click_at(page, beside)
    details = page.locator(".dm-details")
    expect(details).to_contain_text(re.compile(r"Leg [34]: "), timeout=30_000)
    expect(details).not_to_contain_text("Host")
    offline_page.screenshot("reader-click-line.png")
    frame = settled_map(page)
    picked = frame.evaluate("() => window.dmPicked")
    assert picked.startswith("leg:kim-jong-un:"), "the map marks the leg the panel shows"
    # The same click again: the country under the pointer must not take the mark back.
    click_at(page, beside)
    assert frame.evaluate("() => window.dmPicked") == picked


def test_the_trade_tables_download_with_their_year_in_the_name(app_url, offline_page):
    page = offline_page.page
    open_map(page, app_url + PARADE + "&year=2023")
    settled_map(page)
    with page.expect_download(timeout=30_000) as started:
        page.get_by_role("button", name="Trade partners (CSV)").click()
    download = started.value
    assert download.suggested_filename == "beijing-parade-2025-partners-2023.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "1,China – Iran,$14.65 bn," in text


def test_the_highlighted_traveller_is_named_by_their_dot_and_the_time_jumps_to_the_next_move(
    app_url, offline_page
):
    page = offline_page.page
    frame = open_map(page, app_url + PARADE + "&time=2025-09-02T09:00&layers=countries,focus,positions")
    name = frame.locator(".dm-traveller-name span")
    expect(name).to_have_text("Kim Jong Un")
    label, dot = name.bounding_box(), frame.locator("path.dm-layer-positions").last.bounding_box()
    x, y = dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2
    gap = max(
        label["x"] - x, x - label["x"] - label["width"], label["y"] - y, y - label["y"] - label["height"]
    )
    assert gap <= 12, "beside the dot"
    covered = frame.evaluate(
        """() => {
            const box = document.querySelector('.dm-traveller-name span').getBoundingClientRect();
            return Array.from(document.querySelectorAll('.dm-label'))
                .filter(el => el.offsetParent !== null).map(el => el.getBoundingClientRect())
                .filter(t => box.left < t.right && t.left < box.right && box.top < t.bottom && t.top < box.bottom)
                .length;
        }"""
    )
    assert covered == 0, "over none of the map's names"
    offline_page.screenshot("reader-named.png")
    page.get_by_role("button", name="Next").click()
    page.wait_for_url("**time=2025-09-02T16%3A00**", timeout=30_000)
    frame = settled_map(page)
    # Kim is at the station at 16:00: his name follows his dot there, on the first side of it
    # where it covers none of the map's names (above it lay on "Beijing Railway Station").
    frame.wait_for_function(
        """([lat, lon]) => {
            const name = document.querySelector('.dm-traveller-name span');
            if (!name || name.textContent !== 'Kim Jong Un') return false;
            const box = name.getBoundingClientRect(), p = window.map.latLngToContainerPoint([lat, lon]);
            const near = Math.max(box.left - p.x, p.x - box.right, box.top - p.y, p.y - box.bottom) <= 12;
            const covers = Array.from(document.querySelectorAll('.dm-label'))
                .filter(el => el.offsetParent !== null)
                .map(el => el.getBoundingClientRect())
                .some(t => box.left < t.right && t.left < box.right && box.top < t.bottom && t.top < box.bottom);
            return near && !covers;
        }""",
        arg=list(STATION),
        timeout=30_000,
    )


def test_the_details_search_matches_what_was_typed_not_any_letters_in_order(app_url, offline_page):
    page = offline_page.page
    open_map(page, app_url + PARADE)
    search = page.get_by_role("combobox", name="Details of")
    search.click()
    search.fill("Kim")
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    listed = options.all_inner_texts()
    assert listed and all("kim" in option.lower() for option in listed), listed
    assert not any("Kingdom" in option for option in listed)


def test_a_tooltip_at_the_map_s_edge_stays_inside_it(app_url, offline_page):
    page = offline_page.page
    open_map(page, app_url + PARADE + "&layers=countries")
    frame = move_map(page, 34.0, 104.0, 5)
    box = page.locator(MAP_FRAME).bounding_box()
    size = frame.evaluate("() => [window.map.getSize().x, window.map.getSize().y]")
    # Along the top edge, clear of the controls: Leaflet centres a tooltip on the pointer's height.
    for x, y in ((size[0] / 2, 3), (size[0] * 0.7, 2)):
        page.mouse.move(box["x"] + x - 2, box["y"] + y)
        page.mouse.move(box["x"] + x, box["y"] + y)
        tip = frame.locator(".leaflet-tooltip")
        expect(tip).to_be_visible()
        inside = frame.evaluate(
            """() => {
                const t = document.querySelector('.leaflet-tooltip').getBoundingClientRect();
                const m = window.map.getContainer().getBoundingClientRect();
                return t.left >= m.left && t.right <= m.right && t.top >= m.top && t.bottom <= m.bottom;
            }"""
        )
        assert inside, f"the tooltip at ({x:.0f}, {y:.0f}) is cut by the map's edge"


def test_the_person_s_key_folds_instead_of_covering_their_map(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url + "?person=kim-jong-un")
    expect(page.get_by_text("Kim Jong Un: 9 trips", exact=False)).to_be_visible(timeout=60_000)
    frame = page.frame_locator(MAP_FRAME)
    key = frame.locator("details.dm-key")
    expect(key).to_be_attached(timeout=60_000)
    expect(key).not_to_have_attribute("open", "")
    assert "person=kim-jong-un" in page.url
    offline_page.screenshot("reader-person.png")
