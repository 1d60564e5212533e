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
from geo.static import callouts, draw

NEAR_PX = 3.0
"""How far past the placement's gap (geo.model.labels.GAP) a label's box may stand from its point."""


def distance_to_box(point: tuple[float, float], box) -> float:
    """Pixels from a point to the nearest point of a box (0 inside it)."""
    dx = max(box.x0 - point[0], 0.0, point[0] - box.x1)
    dy = max(box.y0 - point[1], 0.0, point[1] - box.y1)
    return float(np.hypot(dx, dy))


def strays(drawing: draw.Drawing) -> list[tuple[str, float]]:
    """Each label standing further from its place than the gap the placement leaves, with no
    leader line from its place to its box, and how far, measured on the finished picture (the
    figure drawn, so the axes are where they end up)."""
    fig, ax = drawing.figure, drawing.map_axes
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    height = fig.bbox.height
    found = []
    for made, (lon, lat) in zip(drawing.labels, drawing.anchors, strict=True):
        point = ax.transData.transform(drawing.view.project_point(lon, lat))
        box = made.get_window_extent(renderer)
        gap = distance_to_box(tuple(point), box)
        led = any(
            np.hypot(*(np.subtract(start, (point[0], height - point[1])))) <= 1.0
            and distance_to_box((end[0], height - end[1]), box) <= 1.0
            for start, end in drawing.leaders
        )
        # The rule's gap is in CSS pixels: device pixels at the figure's resolution.
        if gap > (draw.labels.GAP + NEAR_PX) * fig.dpi / draw.CSS_DPI and not led:
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
        ("beijing-parade-2025", 4, "print"),
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
    # Every layer, so an event with no guests' legs draws an empty layer (KeyError 'route_status'
    # once); its chapters in PNG only, as the formats share everything but the writer.
    views = [View(), View(layers=tuple(draw.registry.LAYERS))]
    chapters = [View(chapter=c.number) for c in story.chapters_of(event)] if event.story else []
    views += chapters if fmt == "png" else []
    for number, view in enumerate(views):
        out = tmp_path / f"{number}.{fmt}"
        size, _ = draw.save(Scene(event, view), out)
        assert size > 1000 and out.read_bytes()[:5] in (b"\x89PNG\r", b"<?xml")


GUESTS_CHAPTER = 4


@pytest.mark.parametrize("size", ["social", "print"])
def test_every_guest_is_named_in_the_guests_chapter(tmp_path, size):
    event = load_event("beijing-parade-2025")
    guests = [p.name for p in event.people if p.role == "guest"]
    assert len(guests) == 26
    out = tmp_path / "guests.svg"
    draw.save(Scene(event, View(chapter=GUESTS_CHAPTER)), out, size=draw.size_from(size))
    texts = svg_texts(out)
    assert [name for name in guests if not any(name in t for t in texts)] == []


def test_a_name_with_no_room_is_called_out_by_a_number_by_its_mark():
    drawing = drawn("beijing-parade-2025", chapter=GUESTS_CHAPTER)
    assert drawing.callouts, "at 1200 by 675 some leaders have no room for a label"
    on_map = {t.get_text() for t in drawing.labels}
    numbers = {n for text in on_map for n in text.split(", ") if n.isdigit()}
    assert {number for number, _ in drawing.callouts} - {callouts.OFF_MAP} == numbers
    listed = {t.get_text() for t in drawing.figure.texts if (t.get_gid() or "").startswith("callout-list")}
    assert listed == {f"{number}  {name}" for number, name in drawing.callouts}
    # The list stays in the column beside the map, over the figure's foot.
    renderer = drawing.figure.canvas.get_renderer()
    map_box = drawing.map_axes.get_window_extent(renderer)
    for made in drawing.figure.texts:
        if (made.get_gid() or "").startswith("callout-list"):
            box = made.get_window_extent(renderer)
            assert box.x0 >= map_box.x1 and box.y0 >= map_box.y0 and box.x1 <= drawing.figure.bbox.width


def svg_texts(path) -> list[str]:
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
