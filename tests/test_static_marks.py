"""The image's marks in points (geo.static.marks): a head is the same size on paper at every
scale, and a line meets its station's marker, at a city's scale as at a continent's."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from shapely.geometry import LineString

from geo.base import registry
from geo.io.events import load_event
from geo.io.meta import Chapter
from geo.model.scene import scene_of
from geo.model.style import Style, line_style
from geo.model.view import Scene, View
from geo.static import draw, marks
from geo.static.furniture import PT
from tests import node

TOUR = "kim-singapore-2018-06"
AIRPORT = "pyongyang-airport"
VIEWS = {
    "city": ((39.17, 125.60), (39.28, 125.74)),
    "trip": ((-5.0, 95.0), (45.0, 135.0)),
}
"""Around Pyongyang's airport, a few km across; the whole flight from Singapore."""
NEAR_PX = 3.0


def tour_scene(bounds) -> Scene:
    event = load_event(TOUR)
    chapter = Chapter(
        title="Home",
        text="Home.",
        source_url="https://example.org/",
        layers=("countries", "focus"),
        bounds=bounds,
    )
    return Scene(dataclasses.replace(event, story=(chapter,)), View(chapter=1))


def measured(bounds) -> dict:
    """The arriving flight's head (length in CSS pixels) and how far its tip lies from the
    airport's marker's edge, on the drawn picture."""
    scene = tour_scene(bounds)
    with matplotlib.rc_context(draw.RC):
        drawing = draw.draw(scene, size=draw.size_from("social"))
        ax, view = drawing.map_axes, drawing.view
        drawn = scene_of(scene.with_view(layers=("countries", "focus")))
        layer = drawn.layers["focus"]
        _, heads = marks.marked_lines(ax, view, layer)
        flight = int(np.flatnonzero(layer.frame["id"] == "leg:kim-jong-un:10")[0])
        head = heads[heads.index == flight].iloc[0]
        tip, left, right = (ax.transData.transform(p) for p in np.asarray(head.exterior.coords)[:3])
        px = drawing.figure.dpi * PT / 72  # display pixels in a CSS pixel
        airport = scene.event.places[AIRPORT]
        marker = ax.transData.transform(view.project_point(airport.lon, airport.lat))
    radius = registry.LAYERS["stops"].radius * px
    return {
        "length": float(np.hypot(*(tip - (left + right) / 2))) / px,
        "width": float(np.hypot(*(left - right))) / px,
        "gap": (float(np.hypot(*(tip - marker))) - radius) / px,
    }


@pytest.fixture(scope="module")
def sizes() -> dict[str, dict]:
    return {name: measured(bounds) for name, bounds in VIEWS.items()}


def test_a_head_is_the_same_size_in_points_at_every_scale(sizes):
    head = registry.LAYERS["focus"].head
    for found in sizes.values():
        assert found["length"] == pytest.approx(head, abs=0.1)
    assert sizes["city"]["width"] == pytest.approx(sizes["trip"]["width"], abs=0.1)


@pytest.mark.parametrize("name", list(VIEWS))
def test_the_flight_meets_the_airports_marker(sizes, name):
    assert sizes[name]["gap"] <= NEAR_PX


def browser_marks(cases: list[tuple[list[tuple[float, float]], Style]]) -> list[dict]:
    """marks.js's dmMarkFlat, run by node on lines in screen pixels (y down)."""
    payload = {
        "script": str(Path(draw.__file__).parent.parent / "web" / "js" / "marks.js"),
        "cases": [
            {
                "flat": [c for point in points for c in point],
                "style": {
                    "dmOffset": style.offset,
                    "dmHeads": style.heads,
                    "dmHead": style.head,
                    "dmHeadRoom": style.head_room,
                },
            }
            for points, style in cases
        ],
    }
    return node.run("mark_rule.js", payload)


SHORT_AND_LONG = [
    # (line in pixels, heads each renderer must draw): a 20 px leg with a 12 px head has none.
    ([(0.0, 0.0), (20.0, 0.0)], 0),
    ([(0.0, 0.0), (12.0, 9.0), (20.0, 0.0)], 0),
    ([(0.0, 0.0), (35.0, 0.0)], 0),
    ([(0.0, 0.0), (40.0, 0.0)], 1),
    ([(0.0, 0.0), (60.0, 20.0), (120.0, 0.0)], 1),
]


@pytest.mark.parametrize(("points", "wanted"), SHORT_AND_LONG)
def test_a_line_too_short_on_the_screen_has_no_head_in_either_renderer(points, wanted):
    style = line_style("focus")
    assert style.head == 12.0 and style.heads == 1
    _, image_heads = marks.marked(LineString([(x, -y) for x, y in points]), style, 1.0)
    (web,) = browser_marks([(points, style)])
    assert len(image_heads) == wanted
    assert (web["end"] is not None) == bool(wanted)


@pytest.mark.parametrize(("points", "wanted"), SHORT_AND_LONG)
def test_a_trade_arrow_keeps_its_heads_however_short_in_either_renderer(points, wanted):
    """Its heads say which way the goods go, or that the figure is both ways (North Korea ↔ China,
    a few pixels long on a phone): they shrink to fit instead."""
    style = line_style("trade", width=4.0, two_way=True)
    _, image_heads = marks.marked(LineString([(x, -y) for x, y in points]), style, 1.0)
    (web,) = browser_marks([(points, style)])
    assert len(image_heads) == 2
    assert web["end"] is not None and web["start"] is not None


def test_the_browser_and_the_image_draw_the_same_heads():
    cases = [(points, line_style("focus")) for points, _ in SHORT_AND_LONG]
    cases += [(points, line_style("trade", width=4.0, two_way=True)) for points, _ in SHORT_AND_LONG]
    for (points, style), web in zip(cases, browser_marks(cases), strict=True):
        _, image_heads = marks.marked(LineString([(x, -y) for x, y in points]), style, 1.0)
        web_heads = [web[end] for end in ("end", "start") if web[end] is not None]
        assert len(web_heads) == len(image_heads)
        for web_head, image_head in zip(web_heads, image_heads, strict=True):
            tip = np.asarray(image_head.exterior.coords)[0]
            assert web_head[:2] == pytest.approx([tip[0], -tip[1]], abs=1e-6)


def test_the_train_points_once_each_way_at_east_asias_scale():
    """Chapter 4 frames East Asia: the trip's two short legs to the border (Pyongyang to Dandong,
    Dandong to Shenyang) are a few pixels long there, and their heads piled into a knot."""
    scene = Scene(load_event("beijing-parade-2025"), View(chapter=4))
    with matplotlib.rc_context(draw.RC):
        drawing = draw.draw(scene, size=draw.size_from("social"))
        layer = scene_of(scene).layers["focus"]
        _, heads = marks.marked_lines(drawing.map_axes, drawing.view, layer)
    pointed = set(layer.frame["id"].iloc[sorted(set(heads.index))])
    assert pointed == {"leg:kim-jong-un:3", "leg:kim-jong-un:4"}
