"""geo.model.story: an event's chapters, the one made from its data, and views that frame the subject."""

from __future__ import annotations

import numpy as np
import pytest

from geo.base import registry
from geo.base.errors import Problem
from geo.model import scene as scenes
from geo.model import story
from geo.model.view import Scene
from geo.web import maps
from tests.tiny import tiny_event


def test_the_bundled_event_tells_the_seed_article_in_chapters(event):
    chapters = story.chapters_of(event)
    assert len(chapters) >= 5
    titles = " | ".join(c.title for c in chapters)
    for words in ("Pyongyang", "Dandong", "Beijing", "leaders", "trade"):
        assert words in titles
    for chapter in chapters:
        assert chapter.source_url.startswith("https://")
        assert set(chapter.layers) <= set(registry.TOGGLES)
        assert chapter.bounds is not None or chapter.center is not None
    assert [c.number for c in chapters] == list(range(1, len(chapters) + 1))
    arrival = next(c for c in chapters if "arrives in Beijing" in c.title)
    assert "disputed" in arrival.title and "16:00" in arrival.text and "17:00" in arrival.text


def test_an_event_with_no_story_gets_one_chapter_that_frames_the_trip_not_every_flight():
    tiny = tiny_event()
    (chapter,) = story.chapters_of(tiny)
    assert chapter.title == tiny.meta.title and chapter.layers == registry.DEFAULT_LAYERS
    (south, west), (north, east) = chapter.bounds
    for place in ("pyongyang", "venue"):
        lon, lat = tiny.places[place].lonlat
        assert south < lat < north and west < lon < east
    assert west > tiny.places["moscow"].lon, "Ann's flight from Moscow does not widen the opening view"


def test_an_event_with_no_highlighted_traveller_frames_every_start_and_the_place():
    tiny = tiny_event(event_toml=_toml_without_highlight())
    (_, west), (_, east) = story.opening_bounds(tiny)
    assert west < tiny.places["moscow"].lon and east > tiny.places["pyongyang"].lon


def _toml_without_highlight() -> str:
    from tests.tiny import FILES

    return FILES["event.toml"].replace('highlight = ["PRK"]\n', "")


@pytest.mark.parametrize(
    ("lons", "span"),
    [([170.0, -170.0], 20.0), ([-82.4, 116.4], 161.2), ([10.0, 20.0], 10.0), ([179.0, -179.0, 175.0], 6.0)],
)
def test_a_view_across_the_180th_meridian_stays_narrow(lons, span):
    points = np.array([[lon, 10.0] for lon in lons])
    (_, west), (_, east) = story.bounds_of(points)
    padded = max(span * (1 + 2 * story.PAD_SHARE), story.MIN_SPAN_DEG)
    assert east - west == pytest.approx(padded, abs=0.01)


def test_a_one_place_view_still_shows_its_surroundings():
    (south, west), (north, east) = story.bounds_of(np.array([[116.4, 39.9]]))
    assert north - south == pytest.approx(story.MIN_SPAN_DEG) and east - west == pytest.approx(
        story.MIN_SPAN_DEG
    )


STORY = """
[[chapter]]
title = "One"
text = "The first chapter."
source_url = "https://example.org/one"
layers = ["countries", "focus"]
bounds = [[30.0, 110.0], [45.0, 130.0]]

[[chapter]]
title = "Two"
text = "No view given."
source_url = "https://example.org/two"

[[chapter]]
title = "Three"
text = "A layer the map does not have."
source_url = "https://example.org/three"
layers = ["rivers"]
center = [39.9, 116.4]
zoom = 6
"""


def test_a_wrong_chapter_is_reported_and_the_others_are_told():
    tiny = tiny_event(story_toml=STORY)
    assert [c.title for c in story.chapters_of(tiny)] == ["One"]
    problems = [p for p in tiny.problems if p.file == "story.toml"]
    assert [(p.column, "view" in p.reason or "layer" in p.reason) for p in problems] == [
        ("chapter 2: bounds", True),
        ("chapter 3: layers", True),
    ]
    assert all(isinstance(p, Problem) for p in problems)


def test_a_story_that_is_not_toml_is_refused_with_its_line():
    tiny = tiny_event(story_toml="[[chapter]\ntitle = 'x'\n")
    (problem,) = [p for p in tiny.problems if p.file == "story.toml"]
    assert problem.row == 1 and "TOML" in problem.reason
    assert len(story.chapters_of(tiny)) == 1, "the default chapter stands in"


PHONE_STORY = """
[[chapter]]
title = "Wide"
text = "A view too wide for a phone."
source_url = "https://example.org/wide"
bounds = [[-42.0, -90.0], [64.0, 152.0]]
phone_bounds = [[-20.0, 12.0], [58.0, 143.0]]

[[chapter]]
title = "Off the globe"
text = "A phone's view past the pole."
source_url = "https://example.org/off"
bounds = [[30.0, 100.0], [50.0, 130.0]]
phone_bounds = [[30.0, 100.0], [95.0, 130.0]]
"""


def test_a_chapter_may_give_a_phone_its_own_view_and_the_page_carries_it():
    tiny = tiny_event(story_toml=PHONE_STORY)
    (wide,) = story.chapters_of(tiny)
    assert wide.phone_bounds == ((-20.0, 12.0), (58.0, 143.0))
    assert [p.column for p in tiny.problems if p.file == "story.toml"] == ["chapter 2: phone_bounds.1.0"]
    views = maps.chapter_views(scenes.scene_of(Scene(tiny)))
    assert views[1]["phone"] == wide.phone_bounds and views[1]["bounds"] == wide.bounds
    assert "phone" not in views[0], "everything has no phone view of its own"
