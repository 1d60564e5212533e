"""The trade chapter read as a reader reads it, in Chromium at 1280 by 800 with no network: the
countries shaded by their dependence on China with a key that says so, the featured flows' values
written on the map, and the arrows between China and North Korea under no name."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from geo.model import story

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FLOW_LABELS = "() => Array.from(document.querySelectorAll('.dm-label.dm-kind-flow')).filter(e => e.style.display !== 'none').map(e => e.textContent)"
ARROW_UNDER_LABELS = """(pair) => {
    // Points along each SVG path of the pair's arrows, and the visible names that cover any.
    const map = window[document.querySelector('.folium-map').id];
    // The arrow's own value, written at its end, may touch its head (drawn in pixels past the
    // line the rule keeps clear): every other name must keep off it.
    const labels = Array.from(document.querySelectorAll('.dm-label'))
        .filter(e => e.style.display !== 'none')
        .filter(e => !(e.classList.contains('dm-kind-flow') && pair.every(c => e.textContent.includes(c === 'PRK' ? 'North Korea' : 'China'))))
        .map(e => ({text: e.textContent, box: e.getBoundingClientRect()}));
    const out = {points: 0, covered: []};
    map.eachLayer(l => {
        const id = l.feature && l.feature.properties.id;
        if (!id || !id.startsWith('flow:') || !pair.every(c => id.includes(c)) || !l._path) return;
        const path = l._path, length = path.getTotalLength(), matrix = path.getScreenCTM();
        for (let k = 0; k <= 40; k++) {
            const p = path.getPointAtLength(length * k / 40).matrixTransform(matrix);
            out.points += 1;
            for (const label of labels) {
                const b = label.box;
                if (p.x > b.left && p.x < b.right && p.y > b.top && p.y < b.bottom) out.covered.push(label.text);
            }
        }
    });
    return out;
}"""


def trade_chapter(event) -> int:
    return next(c.number for c in story.chapters_of(event) if c.featured_flows)


def test_the_trade_chapter_writes_its_flows_values_and_keys_the_shares(exported, event, page):
    page.goto(exported.as_uri() + f"#chapter={trade_chapter(event)}")
    expect(page.locator(".dm-story h2")).to_have_text("Why it matters: China is 98% of North Korea's trade")
    flows = page.locator(".dm-label.dm-kind-flow", has_text="North Korea ↔ China $2.2 bn")
    expect(flows).to_be_visible()
    expect(flows).to_contain_text("98% of its trade")
    expect(page.locator(".dm-label.dm-kind-flow", has_text="Russia ↔ China $245 bn")).to_be_visible()
    expect(
        page.locator(".dm-legend .dm-head", has_text="Share of its trade with China, 2024")
    ).to_be_visible()
    expect(page.locator(".dm-legend", has_text="No figure found")).to_be_visible()
    expect(page.locator(".dm-legend", has_text="Sources disagree")).to_be_visible()


def test_the_china_north_korea_arrow_is_under_no_name(exported, event, page):
    page.goto(exported.as_uri() + f"#chapter={trade_chapter(event)}")
    expect(page.locator(".dm-label.dm-kind-flow").first).to_be_visible()
    found = page.evaluate(ARROW_UNDER_LABELS, ["CHN", "PRK"])
    assert found["points"] > 40, "the China–North Korea arrows are drawn"
    assert found["covered"] == [], f"names over the arrow: {sorted(set(found['covered']))}"


def test_the_values_are_the_trade_chapter_s_only(exported, event, page):
    page.goto(exported.as_uri() + "#chapter=0")
    expect(page.locator(".dm-story h2")).to_have_text("Everything")
    expect(page.locator("path.dm-layer-trade").first).to_be_attached()
    assert page.evaluate(FLOW_LABELS) == []
    expect(page.locator(".dm-legend .dm-head", has_text="Share of its trade")).to_be_hidden()


SHARE_POPUP = """async (iso3) => {
    // The shares are drawn as one batch on a canvas (geo.web.compact.BatchLines): open one's popup.
    const map = window[document.querySelector('.folium-map').id];
    let found = null;
    map.eachLayer(l => { if (l.dmItems) for (const i of l.dmItems) if (i.props.id === 'country:' + iso3 && i.props.popup.includes('trade with')) found = [l, i]; });
    if (!found) return null;
    const [layer, item] = found;
    const flat = item.rings.flat(), corners = [];
    for (let k = 0; k < flat.length; k += 2) corners.push([flat[k + 1], flat[k]]);
    const popup = layer.dmOpenPopup(item, L.latLngBounds(corners).getCenter());
    await new Promise(r => setTimeout(r, 0));
    return {text: popup.getElement().innerText, tip: item.props.tip};
}"""


def test_each_country_s_share_says_its_figure_year_and_source(exported, event, page):
    page.goto(exported.as_uri() + f"#chapter={trade_chapter(event)}")
    expect(page.locator(".dm-label.dm-kind-flow").first).to_be_visible()
    north_korea = page.evaluate(SHARE_POPUP, "PRK")
    assert "98% (2,640,870,000 of 2,696,110,000 USD) — KOTRA, 2024" in north_korea["text"]
    assert (
        "segye.com" in north_korea["text"]
        and "Share of its trade with China: 98% (2024)" in north_korea["tip"]
    )
    russia = page.evaluate(SHARE_POPUP, "RUS")
    assert "disputed" in russia["text"] and "35–40%" in russia["text"]
    assert "no figure found" in page.evaluate(SHARE_POPUP, "KAZ")["text"]
