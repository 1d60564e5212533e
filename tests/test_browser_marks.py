"""Marks in screen pixels (geo/web/js/marks.js), in Chromium with the network off: a tour's
arriving flight ends in a head of one size at world and at city zoom, its tip on the airport's
marker, and road legs across a city start and end on their places' markers."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from geo.base import registry
from geo.io.events import load_event
from geo.model.view import Scene
from geo.web import export, maps
from tests.test_browser_export import MAP_IDLE

pytestmark = pytest.mark.browser

TOUR = "kim-singapore-2018-06"
FLIGHT = ("leg:kim-jong-un:10", "stop:changi-airport", "stop:pyongyang-airport")
ROADS = [
    ("leg:kim-jong-un:2", "stop:changi-airport", "stop:st-regis-singapore"),
    ("leg:kim-jong-un:5", "stop:st-regis-singapore", "stop:gardens-by-the-bay"),
    ("leg:kim-jong-un:9", "stop:st-regis-singapore", "stop:changi-airport"),
]
NEAR_PX = 3.0

MEASURE = """([legId, fromId, toId]) => {
    const map = window[document.querySelector('.folium-map').id];
    let head = null, line = null;
    const markers = {};
    map.eachLayer(l => {
        const id = l.feature && l.feature.properties && l.feature.properties.id;
        if (!id) { return; }
        if (id === legId && l instanceof L.Polygon) { head = l; }
        else if (id === legId && l instanceof L.Polyline && !line) { line = l; }
        if (l instanceof L.CircleMarker && (id === fromId || id === toId)) { markers[id] = l; }
    });
    const at = p => map.layerPointToContainerPoint(p);
    const [tip, left, right] = head._rings[0].map(at);
    const start = at(line._rings[0][0]);
    // How far a point lies outside a marker's circle (0 or less: on it).
    const off = (p, id) => {
        const m = markers[id], c = map.latLngToContainerPoint(m.getLatLng());
        return Math.hypot(p.x - c.x, p.y - c.y) - m.getRadius();
    };
    return {
        length: Math.hypot(tip.x - (left.x + right.x) / 2, tip.y - (left.y + right.y) / 2),
        width: Math.hypot(left.x - right.x, left.y - right.y),
        end: off(tip, toId),
        start: markers[fromId] ? off(start, fromId) : null,
    };
}"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("marks") / "tour.html"
    export.save_html(maps.build_map(Scene(load_event(TOUR))), path)
    return path


@pytest.fixture
def tour(exported, browser):
    from tests.browser import open_offline

    offline = open_offline(browser, width=1280, height=800)
    offline.page.goto(exported.as_uri() + "#chapter=0")
    expect(offline.page.locator(".dm-story h2")).to_have_text("Everything")
    offline.page.wait_for_function(MAP_IDLE)
    yield offline
    offline.context.close()


def measure_at(tour, lat: float, lon: float, zoom: float, leg: tuple[str, str, str]) -> dict:
    tour.page.evaluate(
        "([lat, lon, zoom]) => window[document.querySelector('.folium-map').id]"
        ".setView([lat, lon], zoom, {animate: false})",
        [lat, lon, zoom],
    )
    tour.page.wait_for_function(MAP_IDLE)
    return tour.page.evaluate(MEASURE, list(leg))


def test_the_page_opens_with_its_marks_in_pixels(tour):
    # No move first: the marks are there when the page draws, not only after a zoom.
    found = tour.page.evaluate(MEASURE, list(FLIGHT))
    assert found["length"] == pytest.approx(registry.LAYERS["focus"].head, abs=0.5)
    assert found["end"] <= NEAR_PX


def test_the_flight_home_ends_on_the_airport_in_a_head_of_one_size(tour):
    world = measure_at(tour, 20.0, 115.0, 3, FLIGHT)
    city = measure_at(tour, 39.2242, 125.67, 14, FLIGHT)
    tour.screenshot("marks-pyongyang-airport.png")
    head = registry.LAYERS["focus"].head
    assert world["length"] == pytest.approx(head, abs=0.5)
    assert city["length"] == pytest.approx(head, abs=0.5)
    assert city["width"] == pytest.approx(world["width"], abs=0.5)
    assert world["end"] <= NEAR_PX and city["end"] <= NEAR_PX
    assert tour.console_errors == [] and tour.blocked == []


@pytest.mark.parametrize("leg", ROADS, ids=[leg[0] for leg in ROADS])
def test_road_legs_across_the_city_start_and_end_on_their_markers(tour, leg):
    found = measure_at(tour, 1.30, 103.87, 13, leg)
    assert found["start"] <= NEAR_PX
    assert found["end"] <= NEAR_PX
