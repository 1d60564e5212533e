"""The image's names (geo.static.draw): each one beside the place it names, every guest named at
print and social sizes (a label, or a numbered call-out and the list beside the map), a source
line a reader can follow, and every bundled event drawn in every format."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

from geo.io.events import list_events, load_event
from geo.model import story, text
from geo.model.view import Scene, View
from geo.static import draw

NEAR_PX = 3.0
"""How far past the placement's gap (geo.model.labels.GAP) a label's box may stand from its point."""


def distance_to_box(point: tuple[float, float], box) -> float:
    """Pixels from a point to the nearest point of a box (0 inside it)."""
    dx = max(box.x0 - point[0], 0.0, point[0] - box.x1)
    dy = max(box.y0 - point[1], 0.0, point[1] - box.y1)
    return float(np.hypot(dx, dy))


def strays(drawing: draw.Drawing) -> list[tuple[str, float]]:
    """Each label standing further from its place than the gap the placement leaves, and how far,
    measured on the finished picture (the figure drawn, so the axes are where they end up)."""
    fig, ax = drawing.figure, drawing.map_axes
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    found = []
    for made, (lon, lat) in zip(drawing.labels, drawing.anchors, strict=True):
        point = ax.transData.transform(drawing.view.project_point(lon, lat))
        gap = distance_to_box(tuple(point), made.get_window_extent(renderer))
        if gap > draw.labels.GAP + NEAR_PX:
            found.append((made.get_text(), round(gap)))
    return found


def drawn(event_id: str, *, chapter: int | None = None, size: str = "social") -> draw.Drawing:
    with matplotlib.rc_context(draw.RC):
        return draw.draw(Scene(load_event(event_id), View(chapter=chapter)), size=draw.size_from(size))


@pytest.mark.parametrize(
    ("event_id", "chapter", "size"),
    [
        ("kim-hanoi-2019-02", None, "social"),
        ("kim-hanoi-2019-02", None, "print"),
        ("beijing-parade-2025", 3, "social"),
        ("beijing-parade-2025", 4, "social"),
        ("kim-russia-2023-09", None, "social"),
    ],
)
def test_every_label_stands_by_its_place(event_id, chapter, size):
    drawing = drawn(event_id, chapter=chapter, size=size)
    assert len(drawing.labels) >= 5
    assert strays(drawing) == []


def test_the_check_sees_a_label_moved_away():
    drawing = drawn("kim-hanoi-2019-02")
    x, y = drawing.labels[0].get_position()
    drawing.labels[0].set_position((x + 0.05, y))
    assert [name for name, _ in strays(drawing)] == [drawing.labels[0].get_text()]


def test_the_source_line_names_the_sites_a_reader_can_follow():
    drawing = drawn("kim-hanoi-2019-02")
    line = next(t for t in drawing.figure.texts if t.get_gid() == "source").get_text()
    assert "seeds/" not in line and ".txt" not in line
    event = load_event("kim-hanoi-2019-02")
    assert text.site_name(event.meta.source_url) in line
    sites = line.split(" sources on ")[1].split(" and ")[0].split(", ")
    assert len(sites) >= 3 and all("." in site and " " not in site for site in sites)
    width = next(t for t in drawing.figure.texts if t.get_gid() == "source").get_window_extent().width
    assert width <= drawing.figure.bbox.width


EVERY_EVENT = list_events()


@pytest.mark.parametrize("event_id", EVERY_EVENT)
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_every_bundled_event_draws_with_every_layer_and_chapter(tmp_path, event_id, fmt):
    event = load_event(event_id)
    views = [View(), View(layers=tuple(draw.registry.LAYERS))]
    views += [View(chapter=c.number) for c in story.chapters_of(event)] if event.story else []
    for number, view in enumerate(views):
        out = tmp_path / f"{number}.{fmt}"
        size, _ = draw.save(Scene(event, view), out)
        assert size > 1000 and out.read_bytes()[:5] in (b"\x89PNG\r", b"<?xml")
