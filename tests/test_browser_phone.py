"""The exported map on a phone held upright (390 by 844, touch), as a reader holds it: the chapter is
a sheet along the bottom that leaves most of the screen to the map, each chapter's subject is
framed in the part left free, a swipe steps through the chapters, and nothing covers the scale."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from geo.model import story
from tests.browser import open_offline

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 3,
}
CONTROLS = """() => Array.from(document.querySelectorAll('.leaflet-control'))
    .map(c => c.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0)
    .map(r => [r.left, r.top, r.right, r.bottom])"""
FREE_SHARE = """() => {
    // The share of the screen where what a finger would touch is the map itself (a label is part
    // of it): sampled every 5 pixels.
    const map = document.querySelector('.folium-map');
    const pane = map.querySelector('.leaflet-map-pane');
    let free = 0, all = 0;
    for (let y = 2; y < innerHeight; y += 5) {
        for (let x = 2; x < innerWidth; x += 5) {
            all += 1;
            const hit = document.elementFromPoint(x, y);
            if (hit === map || pane.contains(hit)) { free += 1; }
        }
    }
    return free / all;
}"""
POINT = """([lat, lon]) => { const map = window[document.querySelector('.folium-map').id];
    const p = map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }"""
LABELS = """() => Array.from(document.querySelectorAll('.dm-label'))
    .filter(e => e.style.display !== 'none')
    .map(e => { const r = e.getBoundingClientRect();
        return {text: e.innerText, layer: e.className, box: [r.left, r.top, r.right, r.bottom]}; })"""
VIEW = """() => { const map = window[document.querySelector('.folium-map').id];
    return JSON.stringify([map.getZoom(), map.getCenter()]); }"""
SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside_free(page, box) -> bool:
    """Within the screen and under no control (the chapter's sheet is one)."""
    within = box[0] >= 0 and box[1] >= 0 and box[2] <= 390 and box[3] <= 844
    return within and not any(overlaps(box, c) for c in page.evaluate(CONTROLS))


@pytest.fixture
def phone(browser):
    offline = open_offline(browser, phone=True)
    yield offline.page
    assert offline.blocked == [] and offline.console_errors == []
    offline.context.close()


def open_chapter(page, url: str, number: int) -> None:
    page.goto(f"{url}#chapter={number}")
    expect(page.locator(f".dm-story[data-chapter='{number}']")).to_be_attached()
    page.evaluate(SETTLED)


def test_on_a_phone_the_map_keeps_most_of_the_screen_and_the_whole_trip_is_in_sight(exported, event, phone):
    open_chapter(phone, exported.as_uri(), 1)
    sheet = phone.locator(".dm-story")
    expect(sheet.locator("h2")).to_have_text(story.chapters_of(event)[0].title)
    box = sheet.bounding_box()
    assert box["y"] + box["height"] == pytest.approx(844, abs=1), "the chapter is a sheet along the bottom"
    assert box["height"] <= 0.45 * 844
    # Nothing on the page (the story as text under the map) is wider than the phone, which would
    # have it shrink the whole page to fit.
    assert phone.evaluate("[innerWidth, document.documentElement.scrollWidth]") == [390, 390]
    assert phone.evaluate(FREE_SHARE) >= 0.60
    for place in ("pyongyang", "beijing-station"):
        x, y = phone.evaluate(POINT, [event.places[place].lat, event.places[place].lon])
        assert inside_free(phone, [x - 4, y - 4, x + 4, y + 4]), f"{place} is under a control or off the map"


def test_on_a_phone_the_leaders_chapter_names_at_least_twelve_of_them_where_they_can_be_read(exported, phone):
    open_chapter(phone, exported.as_uri(), 4)
    found = phone.evaluate(LABELS)
    readable = [
        name
        for label in found
        if "dm-layer-guests" in label["layer"]
        and inside_free(phone, label["box"])
        and not any(overlaps(label["box"], other["box"]) for other in found if other is not label)
        # A list of those who came on from one place ("From Tianjin", then a name a line) names each.
        for name in label["text"].split("\n")
        if name and not name.startswith("From ")
    ]
    assert len(readable) >= 12, readable
    assert phone.evaluate(FREE_SHARE) >= 0.60


def test_on_a_phone_nothing_covers_the_scale_and_the_key_is_folded_but_opens(exported, phone):
    open_chapter(phone, exported.as_uri(), 2)
    scale = phone.locator(".leaflet-control-scale").bounding_box()
    boxes = [
        c
        for c in phone.evaluate(CONTROLS)
        if c != [scale["x"], scale["y"], scale["x"] + scale["width"], scale["y"] + scale["height"]]
    ]
    scale_box = [scale["x"], scale["y"], scale["x"] + scale["width"], scale["y"] + scale["height"]]
    assert not any(overlaps(scale_box, c) for c in boxes), "a control covers the scale bar"
    key = phone.locator("details.dm-key")
    expect(key).not_to_have_attribute("open", "")
    key.locator("summary").tap()
    expect(key.locator(".dm-legend")).to_be_in_viewport()


def swipe(page, selector: str, dx: float, dy: float = 0) -> None:
    """A finger put down on the element and moved by (dx, dy): touch events as a phone sends them."""
    box = page.locator(selector).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + 40
    session = page.context.new_cdp_session(page)
    steps = 6
    session.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, steps + 1):
        point = {"x": x + dx * i / steps, "y": y + dy * i / steps}
        session.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    session.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    session.detach()


def test_on_a_phone_a_swipe_along_the_sheet_changes_chapter_and_moves_the_map(exported, event, phone):
    titles = [chapter.title for chapter in story.chapters_of(event)]
    open_chapter(phone, exported.as_uri(), 1)
    heading = phone.locator(".dm-story h2")
    before = phone.evaluate(VIEW)
    swipe(phone, ".dm-story", -160)
    expect(heading).to_have_text(titles[1])
    assert phone.url.endswith("#chapter=2")
    phone.wait_for_function(f"(before) => ({VIEW})() !== before", arg=before)
    swipe(phone, ".dm-story", 160)
    expect(heading).to_have_text(titles[0])
    swipe(phone, ".dm-story", 10, -120)  # scrolling the card is no step
    phone.evaluate(SETTLED)
    expect(heading).to_have_text(titles[0])
    phone.get_by_role("button", name="Next chapter").tap()
    expect(heading).to_have_text(titles[1])


def test_on_a_phone_every_chapter_leaves_most_of_the_screen_to_the_map(exported, event, phone):
    for number in range(len(story.chapters_of(event)) + 1):
        open_chapter(phone, exported.as_uri(), number)
        assert phone.evaluate(FREE_SHARE) >= 0.60, f"chapter {number}"
        assert phone.locator(".dm-story").bounding_box()["height"] <= 0.45 * 844
