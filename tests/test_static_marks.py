"""The image's marks in points (geo.static.marks): a head is the same size on paper at every
scale, and a line meets its station's marker, at a city's scale as at a continent's."""

from __future__ import annotations

import dataclasses

import matplotlib
import numpy as np
import pytest

from geo.base import registry
from geo.io.events import load_event
from geo.io.meta import Chapter
from geo.model.scene import scene_of
from geo.model.view import Scene, View
from geo.static import draw, marks
from geo.static.furniture import PT

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
