"""The exported map read as a reader reads it, in Chromium at 1280 by 800 with no network: the story
opens on the trip, names are written on the map without overlapping, chapters follow the keys
and the address, and popups are short, link their sources and sit clear of every control."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from geo.model import story
from geo.model.view import Scene
from geo.web import export, maps
from tests.tiny import tiny_event

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTH = 1280  # the width of conftest's page
LABELS = """() => Array.from(document.querySelectorAll('.dm-label'))
    .filter(e => e.style.display !== 'none')
    .map(e => { const r = e.getBoundingClientRect(); return {text: e.textContent, box: [r.left, r.top, r.right, r.bottom]}; })"""
VIEW = """() => { const map = window[document.querySelector('.folium-map').id];
    return {zoom: map.getZoom(), center: map.getCenter()}; }"""
POPUPS = """async () => {
    const map = window[document.querySelector('.folium-map').id];
    const controls = () => Array.from(document.querySelectorAll('.leaflet-control'))
        .map(c => c.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);
    const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const out = {texts: {}, covered: []};
    const layers = [];
    map.eachLayer(l => { if (l.feature && l.getPopup && l.getPopup()) layers.push(l); });
    for (const l of layers) {
        const id = l.feature.properties.id;
        if (id in out.texts) continue;
        const at = l.getLatLng ? l.getLatLng() : l.getBounds().getCenter();
        l.openPopup(at);
        await new Promise(r => setTimeout(r, 0));
        const popup = l.getPopup().getElement();
        out.texts[id] = popup.querySelector('.leaflet-popup-content').innerText;
        const box = popup.getBoundingClientRect();
        if (controls().some(c => overlap(box, c))) out.covered.push(id);
        l.closePopup();
    }
    // A layer drawn as one batch (geo.web.compact.BatchLines): each feature's popup, opened on its middle.
    const batches = [];
    map.eachLayer(l => { if (l.dmItems) batches.push(l); });
    for (const b of batches) {
        for (const item of b.dmItems) {
            const id = item.props.id;
            if (id in out.texts || !item.props.popup) continue;
            const flat = item.rings.concat(item.lines).flat();
            const corners = [];
            for (let k = 0; k < flat.length; k += 2) corners.push([flat[k + 1], flat[k]]);
            const popup = b.dmOpenPopup(item, L.latLngBounds(corners).getCenter());
            await new Promise(r => setTimeout(r, 0));
            const el = popup.getElement();
            out.texts[id] = el.querySelector('.leaflet-popup-content').innerText;
            const box = el.getBoundingClientRect();
            if (controls().some(c => overlap(box, c))) out.covered.push(id);
            map.closePopup(popup);
        }
    }
    return out;
}"""


BATCHED_COUNTRIES = """() => {
    // The countries are drawn on a canvas in one batch (geo.web.compact.BatchLines): count the ones on the map.
    const map = window[document.querySelector('.folium-map').id];
    let count = 0;
    map.eachLayer(l => { if (l.dmItems) { count += l.dmItems.filter(i => i.props.id.startsWith('country:')).length; } });
    return count;
}"""


def open_map(page, url: str) -> None:
    page.goto(url)
    expect(page.locator(".dm-story h2")).to_be_visible()
    expect(page.locator(".dm-label").first).to_be_attached()
    page.wait_for_function("() => document.querySelector('.dm-story').dataset.chapter !== undefined")


def visible_labels(page) -> list[dict]:
    return page.evaluate(LABELS)


def assert_no_overlap(found: list[dict]) -> None:
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            ax, ay, ar, ab = a["box"]
            bx, by, br, bb = b["box"]
            assert not (ax < br and bx < ar and ay < bb and by < ab), f"{a['text']!r} overlaps {b['text']!r}"


def test_the_map_opens_on_the_whole_trip_with_its_places_named(exported, page):
    open_map(page, exported.as_uri())
    found = {label["text"]: label["box"] for label in visible_labels(page)}
    assert {"Pyongyang", "Dandong", "Beijing Railway Station"} <= set(found)
    pyongyang, beijing = found["Pyongyang"][0], found["Beijing Railway Station"][0]
    assert abs(pyongyang - beijing) >= 0.4 * WIDTH, "the trip spans the map, not a corner of the world"
    assert_no_overlap(visible_labels(page))
    assert page.title() == "China's Victory Day parade, Beijing, 3 September 2025"
    assert page.locator("path.dm-layer-focus").count() > 0 and page.evaluate(BATCHED_COUNTRIES) > 200


def test_every_chapter_names_its_places_without_overlap_and_the_keys_move_between_them(exported, event, page):
    chapters = story.chapters_of(event)
    open_map(page, exported.as_uri())
    panel = page.locator(".dm-story")
    expect(panel.locator("h2")).to_have_text(chapters[0].title)
    for chapter in chapters[1:]:
        before = page.evaluate(VIEW)
        page.keyboard.press("ArrowRight")
        expect(panel.locator("h2")).to_have_text(chapter.title)
        assert page.url.endswith(f"#chapter={chapter.number}")
        # The map moves to the chapter's view (waited for: a loaded machine may lag a frame).
        page.wait_for_function(
            f"(before) => JSON.stringify(({VIEW})()) !== JSON.stringify(before)", arg=before
        )
        found = visible_labels(page)
        assert found, f"chapter {chapter.number} names something"
        assert_no_overlap(found)
    page.keyboard.press("ArrowLeft")
    expect(panel.locator("h2")).to_have_text(chapters[-2].title)
    assert page.url.endswith(f"#chapter={chapters[-2].number}")
    panel.get_by_role("button", name="Everything").click()
    expect(panel.locator("h2")).to_have_text("Everything")
    assert (
        page.locator("path.dm-layer-trade").count() > 0 and page.locator("path.dm-layer-guests").count() > 0
    )


def test_a_link_to_a_chapter_opens_it(exported, event, page):
    open_map(page, exported.as_uri() + "#chapter=3")
    expect(page.locator(".dm-story h2")).to_have_text(story.chapters_of(event)[2].title)
    assert page.locator("path.dm-layer-trade").count() == 0, "the chapter's layers only"
    assert_no_overlap(visible_labels(page))


def test_popups_write_no_address_and_sit_clear_of_the_controls(exported, page):
    open_map(page, exported.as_uri() + "#chapter=0")
    found = page.evaluate(POPUPS)
    assert len(found["texts"]) > 100
    for feature_id, text in found["texts"].items():
        assert not re.search(r"https?:|www\.", text), f"{feature_id} writes out an address"
    assert found["covered"] == []


def test_an_event_with_no_story_and_one_traveller_opens_on_its_trip(tmp_path, page):
    tiny = tiny_event(
        people_csv="id,name,title,iso3,role,note,source_url\nkim,Kim Jong Un,Chairman,PRK,guest,,https://example.org/k\n",
        legs_csv="person,seq,from,to,mode,depart,arrive,time_status,alternatives,route_status,note,source_url\n"
        "kim,1,pyongyang,venue,train,,,unknown,,confirmed,,https://example.org/l\n",
    )
    path = tmp_path / "tiny.html"
    export.save_html(maps.build_map(Scene(tiny)), path)
    open_map(page, path.as_uri())
    found = {label["text"]: label["box"] for label in visible_labels(page)}
    assert {"Pyongyang", "Beijing"} <= set(found)
    assert abs(found["Pyongyang"][0] - found["Beijing"][0]) >= 0.4 * WIDTH
    expect(page.locator(".dm-story h2")).to_have_text(tiny.meta.title)


NAMES = """() => Array.from(document.querySelectorAll('.dm-label'))
    .filter(e => e.style.display !== 'none')
    .map(e => { const r = e.getBoundingClientRect();
        return {text: e.innerText, kind: e.className, box: [r.left, r.top, r.right, r.bottom]}; })"""


def test_everything_names_countries_and_lets_one_station_speak_for_its_crowd(exported, page):
    open_map(page, exported.as_uri() + "#chapter=0")
    expect(page.locator(".dm-story h2")).to_have_text("Everything")
    expect(page.locator(".dm-kind-country:visible").first).to_be_visible()
    assert page.evaluate(VIEW)["zoom"] <= 4, "a view of the world's half"
    found = page.evaluate(NAMES)
    assert_no_overlap(found)
    countries = {
        n["text"].upper() for n in found if "dm-kind-country" in n["kind"] or "host-country" in n["kind"]
    }
    assert {"CHINA", "RUSSIA", "KAZAKHSTAN", "INDONESIA"} <= countries
    texts = {n["text"] for n in found}
    assert {"Beijing Railway Station", "Pyongyang"} <= texts, "the trip's two ends"
    assert "Tiananmen Square" not in texts, "a few pixels from the station: the station speaks for it"


def test_the_leaders_chapter_names_those_who_came_on_from_tianjin_there(exported, page):
    open_map(page, exported.as_uri() + "#chapter=4")
    expect(page.locator(".dm-story h2")).to_have_text(re.compile("from Tianjin"))
    found = page.evaluate(NAMES)
    assert_no_overlap(found)
    (tianjin,) = [n["text"].split("\n") for n in found if n["text"].startswith("From Tianjin")]
    assert len(tianjin) == 17 and "Vladimir Putin" in tianjin
    assert any("Miguel Díaz-Canel" in n["text"] for n in found)
    assert page.locator("path.dm-layer-guests").count() > 0


FAR_GUESTS = ("Aleksandar Vučić", "Robert Fico", "Denis Sassou Nguesso", "Emmerson Mnangagwa")
"""Chapter 4's guests who fly in from beyond East Asia: their arcs come in from the view's edge."""


def test_the_leaders_chapter_names_the_far_guests_where_their_arcs_come_in(exported, page):
    open_map(page, exported.as_uri() + "#chapter=4")
    expect(page.locator(".dm-story h2")).to_have_text(re.compile("from Tianjin"))
    for name in FAR_GUESTS:
        expect(page.locator(".dm-label:visible", has_text=name)).to_be_in_viewport()
    assert_no_overlap(page.evaluate(NAMES))
    page.keyboard.press("ArrowRight")
    expect(page.locator(".dm-story h2")).to_have_text(re.compile("98%"))
    for name in FAR_GUESTS:
        expect(page.locator(".dm-label:visible", has_text=name)).to_have_count(0)


def test_the_first_link_leads_to_the_story_as_text_and_the_map_keeps_its_chapter(exported, event, page):
    open_map(page, exported.as_uri() + "#chapter=2")
    page.keyboard.press("Tab")
    expect(page.locator(".dm-skip")).to_be_focused()
    expect(page.locator(".dm-skip")).to_be_in_viewport()
    page.keyboard.press("Enter")
    text = page.locator("section#dm-story-text")
    expect(text.locator("h2")).to_be_in_viewport()
    assert text.get_by_text("Who came, and from where").is_visible()
    assert page.locator(".dm-story").get_attribute("data-chapter") == "2"
    expect(page.locator(".dm-story h2")).to_have_text(story.chapters_of(event)[1].title)
