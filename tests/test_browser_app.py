"""The app itself: `streamlit run app.py` on a free local port, opened in Chromium with the
network fenced off. The map must draw, nothing may try to leave the machine, clicking a country
or a trade arrow must show its details beside the map, and the downloads must arrive."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from geo.base import settings
from geo.web import export
from tests.browser import ARTIFACTS, running_app

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

# A pixel of the feature with this id that a click would really hit: scan the feature's parts
# on a grid from their centre outwards and keep the first point whose topmost element is one
# of its paths (a part covered by another feature there is skipped).
POINT_OF = """(id) => {
    const map = window.map;
    const takesClicks = l => l.getLayers ? l.getLayers().some(takesClicks) : l.options.interactive !== false;
    // The whole feature: a line and its arrowhead are parts of one group, each carrying the
    // feature too; the group is the one with layers of its own.
    let feature = null;
    map.eachLayer(l => {
        // Not a mark drawn over a batch on the canvas (it takes no clicks).
        if (!l.feature || l.feature.properties.id !== id || !takesClicks(l)) return;
        if (!feature || (l.getLayers && !feature.getLayers)) feature = l;
    });
    const size = map.getSize();
    if (!feature) {
        // A feature of a batch on the canvas (the countries): a pixel the batch finds it at, where
        // the canvas itself is on top.
        let batch = null, item = null;
        map.eachLayer(l => {
            const found = l.dmItems && l.dmItems.find(i => i.props.id === id);
            if (found) { batch = l; item = found; }
        });
        if (!item || !item.box) return null;
        const a = map.layerPointToContainerPoint(L.point(item.box[0], item.box[1]));
        const b = map.layerPointToContainerPoint(L.point(item.box[2], item.box[3]));
        const cx = (a.x + b.x) / 2, cy = (a.y + b.y) / 2, points = [];
        for (let x = Math.max(a.x, 0); x <= Math.min(b.x, size.x); x += 3)
            for (let y = Math.max(a.y, 0); y <= Math.min(b.y, size.y); y += 3)
                points.push([x, y]);
        points.sort((p, q) => Math.hypot(p[0] - cx, p[1] - cy) - Math.hypot(q[0] - cx, q[1] - cy));
        for (const [x, y] of points) {
            if (batch._itemAt(map.containerPointToLayerPoint(L.point(x, y))) !== item) continue;
            if (document.elementFromPoint(x, y) === batch._renderer._container) return [x, y];
        }
        return null;
    }
    const parts = feature.getLayers ? feature.getLayers() : [feature];
    for (const part of parts) {
        if (!part._path) continue;
        const box = part._path.getBoundingClientRect();
        const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
        const points = [];
        for (let x = Math.max(box.left, 0); x <= Math.min(box.right, size.x); x += 3)
            for (let y = Math.max(box.top, 0); y <= Math.min(box.bottom, size.y); y += 3)
                points.push([x, y]);
        points.sort((a, b) => Math.hypot(a[0] - cx, a[1] - cy) - Math.hypot(b[0] - cx, b[1] - cy));
        for (const [x, y] of points) {
            if (document.elementFromPoint(x, y) === part._path) return [x, y];
        }
    }
    return null;
}"""
FIT = """(id) => {
    window.map.closePopup();
    const takesClicks = l => l.getLayers ? l.getLayers().some(takesClicks) : l.options.interactive !== false;
    let feature = null;
    window.map.eachLayer(l => {
        // Not a mark drawn over a batch on the canvas (it takes no clicks).
        if (!l.feature || l.feature.properties.id !== id || !takesClicks(l)) return;
        if (!feature || (l.getLayers && !feature.getLayers)) feature = l;
    });
    if (!feature) {  // a feature of a batch on the canvas: its rings' bounds
        window.map.eachLayer(l => {
            const item = l.dmItems && l.dmItems.find(i => i.props.id === id);
            if (!item) return;
            const points = [];
            for (const flat of item.rings.concat(item.lines))
                for (let k = 0; k < flat.length; k += 2) points.push([flat[k + 1], flat[k]]);
            window.map.fitBounds(points, {animate: false});
        });
    }
    if (feature && feature.getBounds) window.map.fitBounds(feature.getBounds(), {animate: false});
    else if (feature && feature.getLatLng) window.map.setView(feature.getLatLng(), 7, {animate: false});
}"""


BATCH_ITEMS = (
    """() => { let n = 0; window.map.eachLayer(l => { if (l.dmItems) n += l.dmItems.length; }); return n; }"""
)
# A country's tooltip, the hover mark and the picked mark drawn over the canvas (batch_layer.js).
BATCH_MARKS = ".leaflet-dm-batch-marks-pane path"


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with running_app(settings.EVENTS_DIR) as url:
        yield url


SETTLED = """(selector) => {
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
    const frames = document.querySelectorAll(selector);
    return frames.length === 1 && Boolean(frames[0].contentWindow && frames[0].contentWindow.map);
}"""


SETTLED_PAGE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


def settled_map(page):
    """The map's frame once the app is idle and one map is mounted: moving the map reruns the
    app (it remembers the reader's view), and a rerun may show the old map beside the new one."""
    page.wait_for_function(SETTLED, arg=MAP_FRAME, timeout=60_000)
    return page.locator(MAP_FRAME).element_handle().content_frame()


def click_feature(page, feature_id: str) -> None:
    """Zoom to the feature, then click it with the mouse like a reader would: at a pixel where it
    is drawn on top, once the map shows it. A map replaced meanwhile (the app following an
    upload mounts a new one) is found again and zoomed again."""
    for attempt in range(3):
        frame = settled_map(page)
        try:
            frame.evaluate(FIT, feature_id)
            point = frame.wait_for_function(POINT_OF, arg=feature_id, timeout=10_000).json_value()
            break
        except PlaywrightError:
            if attempt == 2:
                raise
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])


def download(page, label: str) -> bytes:
    """Click a download button and return the file: the app builds it only when asked.

    The map reports where the reader moved it, and the app reruns then: a click that lands
    while the page redraws its buttons is lost, as it would be for a reader, who clicks again.
    """
    for attempt in range(3):
        settled_map(page)
        try:
            with page.expect_download(timeout=30_000) as started:
                page.get_by_role("button", name=label).click()
            return Path(started.value.path()).read_bytes()
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    raise AssertionError(label)


def test_the_app_draws_its_map_offline_and_clicks_show_details(app_url, offline_page):
    page = offline_page.page
    started = time.perf_counter()
    page.goto(app_url + "?time=2025-09-02T09:00")  # a link: Kim's train between Shenyang and Beijing
    page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive").first.wait_for(
        state="attached", timeout=60_000
    )
    first_map = time.perf_counter() - started
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "app-first-map-seconds.txt").write_text(f"{first_map:.2f}\n", encoding="utf-8")
    paths = page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive").count()
    assert paths + settled_map(page).evaluate(BATCH_ITEMS) > 300

    details = page.locator(".dm-details")
    click_feature(page, "country:PRK")
    details.filter(has_text="Highlighted").wait_for(timeout=30_000)
    assert "North Korea" in details.inner_text() and "Kim Jong Un" in details.inner_text()

    click_feature(page, "position:kim-jong-un")  # the travellers are added to the mounted map
    details.filter(has_text="2 Sep 2025, 09:00 UTC+08:00: travelling").wait_for(timeout=30_000)
    offline_page.screenshot("app-details.png")

    click_feature(page, "flow:2024:CHN-RUS:exports")
    details.filter(has_text="China → Russian Federation, exports, 2024").wait_for(timeout=30_000)

    html = download(page, "Map as one HTML file").decode("utf-8")
    export.check_self_contained(html)
    assert "L.map(" in html and "position:kim-jong-un" in html and "flow:2024:CHN-RUS:exports" in html
    assert download(page, "This view as PNG").startswith(b"\x89PNG"), "the view drawn without a browser"
    svg = download(page, "This view as SVG").decode("utf-8")
    assert "<svg" in svg and "Pyongyang" in svg, "names kept as text"
    features = json.loads(download(page, "Every drawn feature"))["features"]
    assert {f["properties"]["layer"] for f in features} == {
        "countries",
        "focus",
        "stops",
        "guests",
        "trade",
        "positions",
    }

    assert offline_page.blocked == []
    assert offline_page.failed == []
    assert offline_page.console_errors == []
    assert offline_page.dialogs == []


def test_the_apps_countries_are_drawn_on_a_canvas_and_still_answer_the_pointer(app_url, offline_page):
    """Some 240 countries as one canvas layer, not an SVG path each (they were a third of the
    time the map took to draw): the one under the pointer still shows its tooltip and its hover
    mark, and a click still chooses it for the details panel and keeps it marked."""
    page = offline_page.page
    page.goto(app_url)
    frame = settled_map(page)
    frame.locator("canvas").first.wait_for(state="attached", timeout=60_000)
    assert frame.locator("path.dm-layer-countries").count() == 0, "no SVG path per country"
    assert frame.evaluate(BATCH_ITEMS) > 200, "the countries are on the canvas"

    click_feature(page, "country:PRK")
    details = page.locator(".dm-details")
    details.filter(has_text="Highlighted").wait_for(timeout=30_000)
    assert "North Korea" in details.inner_text()
    frame = settled_map(page)
    # The picked mark: North Korea's outline over the canvas, whatever the pointer does next.
    page.mouse.move(1, 1)
    marked = frame.locator(BATCH_MARKS)
    expect(marked).not_to_have_count(0)
    assert frame.evaluate("() => window.dmPicked") == "country:PRK"

    point = frame.wait_for_function(POINT_OF, arg="country:PRK", timeout=10_000).json_value()
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.move(box["x"] + point[0] - 20, box["y"] + point[1], steps=2)
    tooltip = frame.locator(".leaflet-tooltip.dm-tip")
    # Leaflet's canvas looks under the pointer at most every 32 ms: nudge until it has looked.
    for nudge in range(20):
        page.mouse.move(box["x"] + point[0], box["y"] + point[1] + (0.5 if nudge % 2 else 0))
        try:
            expect(tooltip).to_contain_text("North Korea", timeout=250)
            break
        except AssertionError:
            pass
    expect(tooltip).to_contain_text("North Korea")
    assert offline_page.console_errors == [] and offline_page.blocked == []
    offline_page.screenshot("app-country-on-canvas.png")


# What the page held when the map's frame first appeared in it (the top page only).
FIRST_PAGE = """(() => {
    if (window.top !== window) return;
    window.__dmFirst = null;
    new MutationObserver((_, observer) => {
        if (!document.querySelector('iframe[title="streamlit_folium.st_folium"]')) return;
        const below = '[data-testid="stDataFrame"], [data-testid="stDownloadButton"], .dm-figures, h2';
        window.__dmFirst = document.querySelectorAll(below).length;
        observer.disconnect();
    }).observe(document, {childList: true, subtree: true});
})();"""


def test_a_first_page_sends_the_map_before_the_figures_tables_and_downloads(app_url, offline_page):
    """Nothing under the map is sent with it (the grid and the buttons took the main thread the
    map's frame shares); all of it follows once the map has reported that it is drawn."""
    page = offline_page.page
    page.add_init_script(FIRST_PAGE)
    page.goto(app_url)
    settled_map(page)
    assert page.evaluate("window.__dmFirst") == 0, "the map came alone"
    expect(page.get_by_role("button", name="Map as one HTML file (works offline)")).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_role("heading", name="The map as tables")).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(1)
    expect(page.get_by_text("Leaders attending", exact=True)).to_be_visible()
    assert offline_page.console_errors == []


def test_a_map_that_never_reports_keeps_nothing_away_after_the_readers_next_action(app_url, offline_page):
    """The page waits for the map to say it is drawn; if its scripts fail it never will, and the
    figures, tables and downloads come with whatever the reader does next."""
    page = offline_page.page
    page.route("**/leaflet.js", lambda route: route.abort())
    page.goto(app_url)
    expect(page.locator(MAP_FRAME)).to_be_attached(timeout=60_000)
    page.wait_for_function(SETTLED_PAGE, timeout=60_000)
    expect(page.get_by_role("heading", name="The map as tables")).to_have_count(0)
    page.get_by_role("checkbox", name="Trade flows", exact=True).locator("xpath=ancestor::label").click()
    expect(page.get_by_role("heading", name="The map as tables")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Map as one HTML file (works offline)")).to_be_visible()


def test_the_map_comes_first_and_a_chosen_chapter_moves_it_and_stays_in_the_link(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url)
    frame = page.locator(MAP_FRAME)
    expect(frame).to_be_visible(timeout=60_000)
    frame.element_handle().content_frame().wait_for_selector("path.dm-layer-focus", state="attached")
    box = frame.bounding_box()
    assert box["y"] <= 250, "the map starts near the top of the page"
    assert box["height"] >= 0.6 * 900, "and fills most of the window's height"
    view = "() => [window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]"
    before = frame.element_handle().content_frame().evaluate(view)

    for attempt in range(3):  # a choice made while the app reruns (the map reported a move) is lost
        settled_map(page)
        page.get_by_role("combobox", name="Chapter").click()
        page.get_by_role("option", name="4. Twenty-six leaders", exact=False).click()
        try:
            page.wait_for_url("**chapter=4**", timeout=20_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    expect(page.get_by_text("Chapter 4 of", exact=False)).to_be_visible(timeout=30_000)
    frame = page.locator(MAP_FRAME)
    expect(frame).to_be_visible(timeout=60_000)
    content = frame.element_handle().content_frame()
    content.wait_for_selector("path.dm-layer-guests", state="attached", timeout=60_000)
    assert content.evaluate(view) != before, "the map moved to the chapter's view"
    assert content.locator("path.dm-layer-trade").count() == 0, "and shows the chapter's layers"


VIEW = "() => [window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]"
SLID = "() => [Boolean(window.map._panAnim && window.map._panAnim._duration), window.map._animateToZoom !== undefined]"
REMOUNTED = """(selector) => {
    const frame = document.querySelector(selector);
    const inner = frame && frame.contentWindow;
    return Boolean(inner && !inner.__dmOld && inner.map && inner.document.querySelector('path.dm-layer-focus'));
}"""


def after_new_map(page, act) -> list[float]:
    """Do ``act``, wait until the app has drawn a new map in place of the one shown, and return
    that map's centre and zoom, which it must have jumped to."""
    page.locator(MAP_FRAME).element_handle().content_frame().evaluate("() => { window.__dmOld = true; }")
    act()
    page.wait_for_function(REMOUNTED, arg=MAP_FRAME, timeout=60_000)
    content = page.locator(MAP_FRAME).element_handle().content_frame()
    # It jumped there: Leaflet runs a pan animation (which then has a duration), or notes the
    # zoom it animates to, only when it slides.
    assert content.evaluate(SLID) == [False, False], (
        "the new map slid from its chapter's view to the reader's"
    )
    return content.evaluate(VIEW)


def test_the_map_keeps_the_readers_place_across_layers_years_and_top_flows(app_url, offline_page):
    page = offline_page.page
    page.goto(app_url)
    page.frame_locator(MAP_FRAME).locator("path.dm-layer-focus").first.wait_for(
        state="attached", timeout=60_000
    )
    content = page.locator(MAP_FRAME).element_handle().content_frame()
    # The map has opened on its chapter and told the app so.
    content.wait_for_function("() => Boolean((window.__GLOBAL_DATA__.previous_data || {}).center)")
    opening = content.evaluate(VIEW)
    content.evaluate("() => window.map.setView([47.5, 112.25], 5.25, {animate: false})")
    place = content.evaluate(VIEW)
    assert abs(place[0] - opening[0]) > 1 and place[2] != opening[2], "the reader moved the map"
    # The map tells the app where it is (debounced in the browser): wait until it has.
    content.wait_for_function("() => (window.__GLOBAL_DATA__.previous_data || {}).zoom === 5.25")

    def same_place(found: list[float], after: str) -> None:
        assert found[2] == place[2], f"after {after} the zoom is {found[2]}, not {place[2]}"
        # Within a pixel (0.04 degrees at this zoom): the new frame settles its size by a fraction of one.
        assert found[:2] == pytest.approx(place[:2], abs=0.04), f"after {after} the centre moved"

    trade = page.get_by_role("checkbox", name="Trade flows", exact=True).locator("xpath=ancestor::label")
    same_place(after_new_map(page, trade.click), "a layer toggled off")
    assert page.frame_locator(MAP_FRAME).locator("path.dm-layer-trade").count() == 0
    same_place(after_new_map(page, trade.click), "a layer toggled on")

    def choose(box: str, option: str) -> None:
        page.get_by_role("combobox", name=box).click()
        page.get_by_role("combobox", name=box).fill(option)
        page.get_by_role("option", name=option, exact=True).click()

    same_place(after_new_map(page, lambda: choose("Trade year", "2023")), "another trade year")
    page.wait_for_url("**year=2023**", timeout=30_000)
    same_place(after_new_map(page, lambda: choose("Largest flows only", "the 3 largest")), "a top-N change")
    page.wait_for_url("**top=3**", timeout=30_000)
    assert offline_page.console_errors == []


TOKYO_PLACES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [139.7528, 35.6852]},
            "properties": {"name": "Imperial Palace", "kind": "palace"},
        }
    ],
}
NAMED = """([selector, text]) => {
    const frames = document.querySelectorAll(selector);
    const doc = frames.length === 1 && frames[0].contentDocument;
    return Boolean(doc) && Array.from(doc.querySelectorAll('.dm-label.dm-kind-your-place')).some(
        e => e.textContent === text && e.style.display !== 'none' && e.getBoundingClientRect().width > 0);
}"""
"""A reader's own place named on the one map of the page, a label shown (not hidden for lack of room)."""
IN_VIEW = """([lat, lon]) => {
    const p = window.map.latLngToContainerPoint([lat, lon]), size = window.map.getSize();
    return p.x >= 0 && p.y >= 0 && p.x <= size.x && p.y <= size.y;
}"""


def test_uploaded_places_come_into_view_named_and_then_stay_where_the_reader_puts_them(app_url, offline_page):

    page = offline_page.page
    page.goto(app_url)
    page.frame_locator(MAP_FRAME).locator("path.dm-layer-focus").first.wait_for(
        state="attached", timeout=60_000
    )
    content = page.locator(MAP_FRAME).element_handle().content_frame()
    content.wait_for_function("() => Boolean((window.__GLOBAL_DATA__.previous_data || {}).center)")
    content.evaluate("() => window.map.setView([47.5, 100.0], 6, {animate: false})")  # Mongolia, say
    content.wait_for_function("() => (window.__GLOBAL_DATA__.previous_data || {}).zoom === 6")

    uploader = page.locator(".st-key-upload_places input[type=file]")
    data = json.dumps(TOKYO_PLACES).encode()
    uploader.set_input_files(
        files=[{"name": "tokyo.geojson", "mimeType": "application/geo+json", "buffer": data}]
    )
    # The map drawn again holds the name (while the new map mounts, the old one is still there).
    page.wait_for_function(NAMED, arg=[MAP_FRAME, "Imperial Palace"], timeout=60_000)
    content = settled_map(page)
    label = content.locator(".dm-label.dm-kind-your-place", has_text="Imperial Palace")
    expect(label).to_be_visible()
    assert content.evaluate(IN_VIEW, [35.6852, 139.7528]), "Tokyo is brought into the map's view"
    assert content.evaluate(IN_VIEW, [39.9, 116.4]), "with the event's subject (Beijing)"
    frame_box, box = page.locator(MAP_FRAME).bounding_box(), label.bounding_box()
    assert frame_box["x"] <= box["x"] and box["x"] + box["width"] <= frame_box["x"] + frame_box["width"]
    assert frame_box["y"] <= box["y"] and box["y"] + box["height"] <= frame_box["y"] + frame_box["height"]
    offline_page.screenshot("app-your-places.png")

    # Once: from then on the view is the reader's, through a new map (a layer toggled).
    content.evaluate("() => window.map.setView([30.0, 110.0], 5, {animate: false})")
    # The map tells the app where it is (debounced): wait for the centre too, as the fit may be at 5.
    content.wait_for_function(
        "() => { const d = window.__GLOBAL_DATA__.previous_data || {};"
        " return d.zoom === 5 && d.center && Math.abs(d.center.lat - 30) < 0.1; }"
    )
    trade = page.get_by_role("checkbox", name="Trade flows", exact=True).locator("xpath=ancestor::label")
    found = after_new_map(page, trade.click)
    assert found[2] == 5 and found[:2] == pytest.approx([30.0, 110.0], abs=0.1), "not fitted again"
    assert offline_page.console_errors == []
