"""Guests named where their lines come into a chapter's view: a chapter that frames East Asia
draws the flights from Belgrade or Harare in from its edge, and a name at their start, off the
map, names nothing the reader sees. News maps write it where the line enters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

import shapely
from shapely.geometry import LineString

from geo.base import ids
from geo.model import facts, story
from geo.model.labels import GUEST, Label
from geo.model.view import Scene

INSET = 0.04
"""The name sits this share of the view's width (and height) inside its edge, on the line, so
its label has room on the map beside it."""


def entry_labels(
    scene: Scene, chapters: Iterable[story.ChapterView], *, layer: Callable[[story.ChapterView], str]
) -> list[Label]:
    """For each chapter showing the guests, each guest whose line starts outside its view and
    comes into it, named (shown in that chapter only) where it enters. The label has the id of the
    guest's name at the start (geo.model.labels.guest_labels), so where that is on the map too, the
    label rule names the guest there, once."""
    event = scene.event
    made = []
    for chapter in chapters:
        if chapter.layers and "guests" not in chapter.layers:
            continue
        box = _inner(story.view_bounds(chapter))
        for person in event.people:
            if facts.is_focus(event, person.id):
                continue
            for leg in _drawn_legs(scene, person.id, last=chapter.legs == "last"):
                point = _entry(facts.drawn_coords(event, leg), box)
                if point is not None:
                    leg_id = ids.leg_id(person.id, leg.seq)
                    name = Label(leg_id, person.name, *point, layer(chapter), GUEST, "guest")
                    made.append(replace(name, chapters=(chapter.number,)))
                    break
    return made


def _drawn_legs(scene: Scene, person_id: str, *, last: bool) -> list:
    if not last:
        return scene.event.legs_of(person_id)
    leg = facts.last_leg_in(scene.event, person_id)
    return [] if leg is None else [leg]


def _inner(bounds: tuple[tuple[float, float], tuple[float, float]]) -> shapely.Polygon:
    (south, west), (north, east) = bounds
    dx, dy = (east - west) * INSET, (north - south) * INSET
    return shapely.box(west + dx, south + dy, east - dx, north - dy)


def _entry(coords, box: shapely.Polygon) -> tuple[float, float] | None:
    """Where a path that starts outside the box first crosses into it; None for one that starts
    inside it or never comes in."""
    line = LineString(coords)
    start = shapely.Point(coords[0])
    if box.covers(start) or not line.intersects(box):
        return None
    crossing = line.intersection(box.exterior)
    points = [p for part in getattr(crossing, "geoms", [crossing]) for p in _points(part)]
    if not points:
        return None
    first = min(points, key=line.project)
    return (first.x, first.y)


def _points(part) -> list[shapely.Point]:
    if isinstance(part, shapely.Point):
        return [part]
    return [shapely.Point(xy) for xy in getattr(part, "coords", [])]
