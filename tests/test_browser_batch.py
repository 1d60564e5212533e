"""A map of many flows, drawn as one batch on a canvas (geo.web.compact.BatchLines): every flow is still there,
cut at the 180th meridian with its head, and the one under the pointer shows its tooltip, its
hover style and, on a click, its popup."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from benchmarks.builds import synthetic_event
from geo.model.view import Scene, View
from geo.web import compact, export, maps

pytestmark = pytest.mark.browser
FLOWS = compact.MANY_FEATURES + 100

BATCH = """() => {
    const map = window[document.querySelector('.folium-map').id];
    let found = null;
    map.eachLayer(l => { if (l.dmItems) { found = l; } });
    window.__batch = found;
    return found ? found.dmItems.length : 0;
}"""

SHAPES = """() => {
    const items = window.__batch.dmItems;
    const cut = items.filter(i => i.lines.length > 1).length;
    // Heads are drawn in pixels at each zoom (marks.js): a head is a projected ring, on every
    // flow long enough on the screen to carry one (a head is at most 0.4 of its line).
    const long = i => i.lp.reduce((n, l) => n + Math.hypot(l[l.length - 2] - l[0], l[l.length - 1] - l[1]), 0) > 5;
    const headless = items.filter(i => i.rp.length === 0 && long(i)).length;
    const texts = items.filter(i => i.props.tip && i.props.popup && i.props.id).length;
    return {cut, headless, texts};
}"""

# A point on the middle of a flow's line that is on the screen, in page pixels, and the flow the
# batch finds there (the topmost one: another flow may cross it).
ON_A_LINE = """() => {
    const layer = window.__batch, map = layer._map, size = map.getSize();
    const box = map.getContainer().getBoundingClientRect();
    for (const item of layer.dmItems) {
        const line = item.lp[0];
        const k = 2 * Math.floor(line.length / 4);
        const p = map.layerPointToContainerPoint(L.point(line[k], line[k + 1]));
        if (p.x < 200 || p.y < 100 || p.x > size.x - 200 || p.y > size.y - 150) { continue; }
        const hit = layer._itemAt(map.containerPointToLayerPoint(p));
        // A spot where one flow alone is under the pointer, a pixel or two either way: the
        // mouse lands on whole pixels, and a flow crossing there would answer instead.
        const around = [[-2, 0], [2, 0], [0, -2], [0, 2], [0.5, 0.5], [-0.5, -0.5]].map(
            d => layer._itemAt(map.containerPointToLayerPoint(L.point(p.x + d[0], p.y + d[1]))));
        if (hit && around.every(h => h === hit)) { return {x: p.x + box.left, y: p.y + box.top, id: hit.props.id}; }
    }
    return null;
}"""


@pytest.fixture(scope="module")
def page_of_flows(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("batch") / "flows.html"
    scene = Scene(synthetic_event(FLOWS), View(layers=("trade",)))
    export.save_html(maps.build_map(scene, story=False), path)
    return path


@pytest.fixture
def opened(page_of_flows, offline_page):
    offline_page.page.goto(page_of_flows.as_uri())
    offline_page.page.locator(".leaflet-overlay-pane canvas").wait_for(state="attached")
    return offline_page


def test_every_flow_is_drawn_with_its_head_and_its_texts(opened):
    assert opened.page.evaluate(BATCH) == FLOWS
    shapes = opened.page.evaluate(SHAPES)
    assert shapes["headless"] == 0, "every flow has its arrowhead"
    assert shapes["cut"] > 0, "flows that cross the 180th meridian are drawn in pieces"
    assert shapes["texts"] == FLOWS
    assert opened.console_errors == [] and opened.blocked == []
    opened.screenshot("batch-flows.png")


def test_the_flow_under_the_pointer_has_its_tooltip_hover_and_popup(opened):
    opened.page.evaluate(BATCH)
    spot = opened.page.evaluate(ON_A_LINE)
    assert spot is not None, "some flow crosses the screen"
    tip = opened.page.evaluate(
        "(id) => window.__batch.dmItems.find(i => i.props.id === id).props.tip", spot["id"]
    )
    opened.page.mouse.move(spot["x"] - 30, spot["y"] - 30)
    opened.page.mouse.move(spot["x"], spot["y"], steps=3)
    # Leaflet's canvas looks under the pointer at most every 32 ms, and a busy machine can
    # swallow the last look: nudge the pointer (half a pixel, still on the line) until it has.
    tooltip = opened.page.locator(".leaflet-tooltip.dm-tip")
    # The pointer crossed other flows on its way: wait for the tooltip of the one it rests on.
    for nudge in range(20):
        try:
            expect(tooltip).to_be_visible(timeout=250)
            if tooltip.inner_html() == tip:
                break
        except AssertionError:
            pass
        opened.page.mouse.move(spot["x"], spot["y"] + (0.5 if nudge % 2 else 0))
    expect(tooltip).to_be_visible()
    assert tooltip.inner_html() == tip
    # The hover style: the flow drawn again over the batch, on its own (its line, pieces and head).
    parts = opened.page.evaluate(
        "(id) => { const i = window.__batch.dmItems.find(x => x.props.id === id); return i.lines.length + i.rings.length; }",
        spot["id"],
    )
    expect(opened.page.locator(".leaflet-dm-batch-marks-pane path")).to_have_count(parts)
    opened.page.mouse.click(spot["x"], spot["y"])
    popup = opened.page.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    popup_html = opened.page.evaluate(
        "(id) => window.__batch.dmItems.find(i => i.props.id === id).props.popup", spot["id"]
    )
    assert popup.inner_html() == popup_html
    # Away from every flow: no tooltip, no hover mark.
    opened.page.mouse.move(5, 450)
    expect(tooltip).to_have_count(0)
    expect(opened.page.locator(".leaflet-dm-batch-marks-pane path")).to_have_count(0)
