"""The exported file, opened in Chromium from file:// with the network off, as a reader would."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COUNT_BY_KIND = """() => {
    const map = window[document.querySelector('.folium-map').id];
    const ids = new Set();
    map.eachLayer(l => {
        const id = l.feature && l.feature.properties && l.feature.properties.id;
        if (id) { ids.add(id); }
        // A layer drawn as one batch (geo.web.compact.BatchLines) holds its features as records.
        if (l.dmItems) { l.dmItems.forEach(item => ids.add(item.props.id)); }
    });
    const counts = {};
    ids.forEach(id => { const kind = id.split(':')[0]; counts[kind] = (counts[kind] || 0) + 1; });
    return counts;
}"""

BATCHED = """() => {
    const map = window[document.querySelector('.folium-map').id];
    const found = {};
    map.eachLayer(l => {
        if (l.dmItems && l.dmItems.length) {
            const kind = l.dmItems[0].props.id.split(':')[0] === 'country' ? 'countries' : 'other';
            found[kind] = (found[kind] || 0) + l.dmItems.length;
        }
    });
    return found;
}"""

SCREEN_POINT = """([lat, lon]) => {
    const map = window[document.querySelector('.folium-map').id];
    const p = map.latLngToContainerPoint([lat, lon]);
    const box = map.getContainer().getBoundingClientRect();
    return [p.x + box.left, p.y + box.top];
}"""


MAP_IDLE = """() => {
    const el = document.querySelector('.folium-map');
    const map = el && window[el.id];
    return Boolean(map && map._loaded && !map._animatingZoom && el.clientHeight > 0);
}"""


def show(opened, lat: float, lon: float, zoom: int) -> None:
    """Put the map at a known view, with no animation left to move things under the mouse."""
    opened.page.evaluate(
        "([lat, lon, zoom]) => window[document.querySelector('.folium-map').id]"
        ".setView([lat, lon], zoom, {animate: false})",
        [lat, lon, zoom],
    )
    opened.page.wait_for_function(MAP_IDLE)


@pytest.fixture
def opened(exported, offline_page):
    # Everything (chapter 0): every layer on, as these tests look at all of them.
    offline_page.page.goto(exported.as_uri() + "#chapter=0")
    expect(offline_page.page.locator(".dm-story h2")).to_have_text("Everything")
    offline_page.page.wait_for_function(MAP_IDLE)
    return offline_page


def test_map_draws_offline_with_no_errors(opened):
    opened.screenshot("export-default.png")
    assert opened.blocked == [], "nothing may try to leave the machine"
    assert opened.failed == []
    assert opened.console_errors == []
    batched = opened.page.evaluate(BATCHED)
    assert batched.get("countries", 0) >= 240, "the countries, drawn on a canvas in one batch"
    assert opened.page.locator("path.leaflet-interactive").count() + sum(batched.values()) > 300


def test_every_layer_is_drawn(opened, event):
    counts = opened.page.evaluate(COUNT_BY_KIND)
    assert counts["country"] >= 240
    assert counts["leg"] == len(event.legs), "every leg of every traveller"
    assert counts["flow"] >= 20
    assert counts["stop"] >= 5


def test_hovering_a_country_shows_its_tooltip(opened):
    show(opened, 35, 105, 4)
    x, y = opened.page.evaluate(SCREEN_POINT, [34.0, 104.0])  # central China
    opened.page.mouse.move(x, y)
    tooltip = opened.page.locator(".leaflet-tooltip")
    tooltip.first.wait_for(state="visible", timeout=5000)
    assert "China" in tooltip.first.inner_text()


def test_clicking_north_korea_opens_its_popup_with_sources(opened):
    opened.page.evaluate(
        "() => { const m = window[document.querySelector('.folium-map').id]; m.setView([40, 127], 6, {animate: false}); }"
    )
    x, y = opened.page.evaluate(SCREEN_POINT, [40.6, 127.3])
    opened.page.mouse.click(x, y)
    popup = opened.page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible", timeout=5000)
    text = popup.inner_text()
    assert "Kim Jong Un" in text and "KOTRA" in text
    assert popup.locator("a[href^='https://']").count() >= 1
    opened.screenshot("export-north-korea-popup.png")


def test_layer_control_hides_a_layer(opened):
    before = opened.page.locator("path.leaflet-interactive").count()
    opened.page.locator(".leaflet-control-layers").hover()  # the control stays folded until pointed at
    opened.page.get_by_label("Trade flows (2024)").uncheck()
    after = opened.page.locator("path.leaflet-interactive").count()
    assert after < before


@pytest.mark.browser
@pytest.mark.parametrize("width, height", [(360, 640), (320, 480)], ids=["phone", "small phone"])
def test_on_a_phone_the_map_opens_on_the_trip_with_no_script_error(exported, browser, width, height):
    from tests.browser import open_offline

    # The opening view's paddings leave room for the panels of a wide screen: on a narrow one
    # they used to leave none, and Leaflet's zoom became infinite (the map was lost, with a
    # script error).
    offline = open_offline(browser, width=width, height=height)
    try:
        offline.page.goto(exported.as_uri())
        offline.page.wait_for_function(MAP_IDLE)
        zoom, inside = offline.page.evaluate(
            """() => {
                const map = window[document.querySelector('.folium-map').id];
                return [map.getZoom(), map.getBounds().contains([39.9, 116.4])];
            }"""
        )
        assert 1 <= zoom <= 10, f"zoom {zoom}"
        assert inside, "Beijing is on the map"
        assert offline.console_errors == []
    finally:
        offline.context.close()


def test_any_map_through_the_page_template_fills_the_window(browser, tmp_path):
    """The template puts the map in a main landmark: a map sized 100% of it, as folium's own are
    (the benchmarks' baseline), must still fill the page, not have no height at all."""
    import folium

    from geo.web import export
    from tests.browser import open_offline

    path = tmp_path / "bare.html"
    fmap = folium.Map(location=[40, 120], zoom_start=3, tiles=None)
    fmap.default_js, fmap.default_css = [], []  # the page inlines Leaflet; folium's CDN files refused
    path.write_text(export.html_from_map(fmap), encoding="utf-8")
    offline = open_offline(browser, width=800, height=600)
    offline.page.goto(path.as_uri())
    size = offline.page.evaluate(
        "() => { const el = document.querySelector('.folium-map'); return [el.offsetWidth, el.offsetHeight]; }"
    )
    offline.context.close()
    assert size == [800, 600]
