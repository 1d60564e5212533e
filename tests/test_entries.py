"""Guests named where their lines enter a chapter's view (geo.model.entries): chapter 4 frames East
Asia, and the flights from Belgrade, Bratislava, Brazzaville and Harare run in from its edge."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, Point

from geo.base import ids
from geo.io.events import load_event
from geo.model import facts, story
from geo.model.scene import scene_of
from geo.model.view import Scene, View

EVENT = "beijing-parade-2025"
FAR = {
    "aleksandar-vucic": "Aleksandar Vučić",
    "robert-fico": "Robert Fico",
    "denis-sassou-nguesso": "Denis Sassou Nguesso",
    "emmerson-mnangagwa": "Emmerson Mnangagwa",
}


@pytest.fixture(scope="module")
def event():
    return load_event(EVENT)


def named(event, view: View, *, one_chapter: bool) -> dict[str, list]:
    scene = Scene(event, view)
    # A picture draws its chapter's layers (geo.static.draw), the web map every layer.
    labels = scene_of(story.chapter_scene(scene) if one_chapter else scene, one_chapter=one_chapter).labels
    found: dict[str, list] = {}
    for label in labels:
        if label.in_chapter(view.chapter if one_chapter else 4):
            for line in label.text.splitlines():
                found.setdefault(line, []).append(label)
    return found


@pytest.mark.parametrize("one_chapter", [True, False], ids=["image", "web map"])
def test_the_far_guests_are_named_on_their_lines_inside_chapter_4s_view(event, one_chapter):
    chapter = story.chapters_of(event)[3]
    (south, west), (north, east) = story.view_bounds(chapter)
    found = named(event, View(chapter=4) if one_chapter else View(), one_chapter=one_chapter)
    for person, name in FAR.items():
        inside = [lab for lab in found.get(name, []) if west < lab.lon < east and south < lab.lat < north]
        assert len(inside) == 1, f"{name} is named once inside the view"
        label = inside[0]
        leg = facts.last_leg_in(event, person)
        assert label.id == ids.leg_id(person, leg.seq)
        assert label.chapters == (4,), "named there in chapter 4 only"
        path = LineString(facts.drawn_coords(event, leg))
        assert path.distance(Point(label.lon, label.lat)) < 0.01, "on the guest's line"
        assert Point(path.coords[0]).distance(Point(label.lon, label.lat)) > 10, "not at the start"


def test_guests_whose_lines_start_inside_the_view_get_no_second_name(event):
    found = named(event, View(chapter=4), one_chapter=True)
    assert len(found["Vladimir Putin"]) == 1 and len(found["Prabowo Subianto"]) == 1


def test_a_chapter_without_the_guests_names_none_at_its_edge(event):
    found = named(event, View(chapter=1), one_chapter=True)
    assert not any(name in found for name in FAR.values())
