"""geo.model.scene: one description of a map that the web map and the image both draw, so the two
cannot drift: the same styles, the same key, the same view of every chapter."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from datetime import datetime

import matplotlib
import pytest
from matplotlib.colors import to_hex

from geo.base import registry
from geo.base.settings import ROOT
from geo.model import scene as scenes
from geo.model import story
from geo.model.view import Scene, View
from geo.ref import geodesy
from geo.static import draw
from geo.web import maps
from tests.tiny import URL, tiny_event

TRAVELLERS = (*registry.DEFAULT_LAYERS, "positions")
STORY_AT_A_CENTRE = f"""
[[chapter]]
title = "Beijing, from close"
text = "The venue, at city zoom."
source_url = "{URL}/story"
layers = ["countries", "focus"]
center = [39.9, 116.4]
zoom = 9
"""


def image_key(scene: Scene) -> list[str]:
    """The texts of the image's key, top to bottom: the figure's texts right of the map."""
    with matplotlib.rc_context(draw.RC):
        drawing = draw.draw(scene, size=draw.SOCIAL)
    edge = drawing.map_axes.get_position().x1
    # The key's rows: not the scale, nor the list of names called out under it (geo.static.callouts).
    beside = [t for t in drawing.figure.texts if t.get_position()[0] > edge]
    texts = [t for t in beside if t.get_gid() != "scale" and not (t.get_gid() or "").startswith("callout")]
    # A row too long for the key wraps in the image: the same words.
    return [" ".join(t.get_text().split()) for t in sorted(texts, key=lambda t: -t.get_position()[1])]


def web_key(scene: Scene) -> list[str]:
    """The texts of the web map's key, top to bottom, from the HTML its script writes."""
    page = maps.build_map(scene).get_root().render()
    string = r'"(?:[^"\\]|\\.)*"'
    calls = re.findall(rf"= dmBox\(map_\w+, {string}, {string}, ({string})\)", page)
    legend = next(json.loads(call) for call in calls if "dm-legend" in call)
    rows = re.findall(r'(?:</i>|<div class="dm-head" data-layer="[^"]*">)(.*?)</div>', legend)
    return [html.unescape(row) for row in rows]


@pytest.mark.parametrize(
    "view",
    [View(), View(chapter=4), View(chapter=5), View(layers=TRAVELLERS, at=datetime(2025, 9, 2, 17))],
    ids=["opening", "guests", "trade", "travellers"],
)
def test_the_image_and_the_web_map_show_the_same_key(event, view):
    scene = Scene(event, view)
    drawn = scenes.scene_of(story.chapter_scene(scene))
    expected = [row.text for row in drawn.key]
    assert image_key(scene) == expected
    if view.chapter is None:
        # The web map keys every layer it draws, the story's too (a chapter hides the rows of the
        # layers it hides).
        assert web_key(scene) == [row.text for row in scenes.scene_of(story.with_story_layers(scene)).key]


def test_the_key_keys_travellers_whose_whereabouts_are_unknown_in_the_image(event):
    scene = Scene(event, View(layers=TRAVELLERS, at=datetime(2025, 9, 2, 17)))
    assert "Whereabouts unknown" in image_key(scene)


def test_a_traveller_whose_whereabouts_are_unknown_is_hollow_in_the_image_as_on_the_web():
    scene = Scene(tiny_event(), View(layers=TRAVELLERS, at=datetime(2025, 9, 2, 10)))
    layer = scenes.scene_of(scene).layers["positions"]
    unknown = [
        s for s, status in zip(layer.styles, layer.frame["status"], strict=True) if status == "unknown"
    ]
    assert unknown, "the tiny event has travellers nobody places at 10:00"
    web = [maps.leaflet_style(s) for s in unknown]
    assert all(w["fillColor"] == "#ffffff" and w["dashArray"] == "2 3" for w in web)
    with matplotlib.rc_context(draw.RC):
        drawing = draw.draw(scene)
    marks = [c for c in drawing.map_axes.collections if c.get_zorder() == max(
        c.get_zorder() for c in drawing.map_axes.collections
    )]  # fmt: skip
    faces = [(to_hex(face, keep_alpha=True)) for mark in marks for face in mark.get_facecolors()]
    hollow = [face for face in faces if face == to_hex((1, 1, 1, 0.6), keep_alpha=True)]
    assert len(hollow) == len(unknown), faces
    dashed = [mark for mark in marks if any(offsets is not None for offsets, _ in [mark.get_linestyle()[0]])]
    assert dashed, "their rings are dashed"


def test_a_chapter_given_as_a_centre_and_zoom_is_drawn_at_that_view_in_the_image():
    tiny = tiny_event(story_toml=STORY_AT_A_CENTRE)
    chapter = Scene(tiny, View(chapter=1))
    expected = story.bounds_around((39.9, 116.4), 9)
    assert scenes.scene_of(story.chapter_scene(chapter)).bounds == expected
    with matplotlib.rc_context(draw.RC):
        near = draw.draw(chapter).map_axes
        opening = draw.draw(Scene(tiny)).map_axes
    width_km = (near.get_xlim()[1] - near.get_xlim()[0]) / 1000
    # 1280 pixels at zoom 9 are 3.5 degrees of longitude, 300 km at Beijing's latitude (a little
    # more in an image a little wider than the page).
    assert 290 < width_km < 360
    assert (opening.get_xlim()[1] - opening.get_xlim()[0]) / 1000 > 1000, "the opening view is the whole trip"


def test_a_centre_and_zoom_is_what_the_page_shows_at_1280_by_800():
    (south, west), (north, east) = story.bounds_around((0.0, 0.0), 2)
    assert (west, east) == (-225.0, 225.0), "1280 pixels of a 1024-pixel world: 450 degrees"
    (south, west), (north, east) = story.bounds_around((39.9, 116.4), 9)
    assert east - west == pytest.approx(360 * 1280 / (256 * 2**9), abs=0.002)
    # 400 pixels each way: fewer degrees to the north, where Web Mercator stretches the map.
    assert south < 39.9 < north and (north - 39.9) < (39.9 - south) < 1.02 * (north - 39.9)


def test_the_web_page_opens_a_centre_and_zoom_chapter_where_the_image_frames_it():
    tiny = tiny_event(story_toml=STORY_AT_A_CENTRE)
    html = maps.build_map(Scene(tiny, View(chapter=1))).get_root().render()
    opening = re.search(r"dmOpeningView\(map_\w+, (\[\[.*?\]\])", html)
    assert opening is not None
    assert json.loads(opening.group(1)) == [list(c) for c in story.bounds_around((39.9, 116.4), 9)]
    chapters = maps.chapter_views(scenes.scene_of(Scene(tiny)))
    assert (
        chapters[1]["center"] == (39.9, 116.4) and chapters[1]["zoom"] == 9 and chapters[1]["bounds"] is None
    )


def test_every_feature_has_its_style_and_every_layer_its_title(event):
    drawn = scenes.scene_of(Scene(event))
    kinds = [layer.key for layer in drawn.layers.values()]
    assert kinds == sorted(kinds, key=lambda k: registry.LAYERS[k].order)
    for key, layer in drawn.layers.items():
        assert len(layer.styles) == len(layer.frame), key
        assert layer.title == scenes.layer_title(Scene(event), layer.key)
    roles = dict(zip(drawn.layers["countries"].frame["iso3"], drawn.layers["countries"].styles, strict=True))
    assert (
        roles["PRK"].fill == registry.ROLE_FILL["highlight"]
        and roles["CHN"].fill == registry.ROLE_FILL["host"]
    )
    statuses = drawn.layers["guests"].frame["route_status"]
    dashed = [s.dash for s, status in zip(drawn.layers["guests"].styles, statuses, strict=True)]
    assert {d for d, s in zip(dashed, statuses, strict=True) if s == "unconfirmed"} == {(6.0, 6.0)}
    assert {d for d, s in zip(dashed, statuses, strict=True) if s != "unconfirmed"} == {()}


def test_the_image_never_reaches_folium_through_any_import():
    probe = "import sys, geo.static.draw; print(sorted(m for m in ('folium', 'branca', 'geo.web') if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"


def test_the_import_probe_sees_folium_when_it_is_imported():
    probe = "import sys, geo.web.maps; print(sorted(m for m in ('folium', 'branca') if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "['branca', 'folium']"


def tokyo_places():
    from geo.io.schema import ExtraPlace
    from geo.model import layers

    return layers.build_place_layer(
        [
            (1, ExtraPlace(name="Imperial Palace", lat=35.6852, lon=139.7528)),
            (2, ExtraPlace(name="Tokyo Tower", lat=35.6586, lon=139.7454)),
        ],
        file="tokyo.geojson",
    )


def holds(bounds, lon: float, lat: float) -> bool:
    (south, west), (north, east) = bounds
    return south <= lat <= north and west <= lon <= east


def test_a_reader_s_own_places_are_named_keyed_and_framed_with_the_subject():
    tiny = Scene(tiny_event(), View(layers=(*registry.DEFAULT_LAYERS, "places")))
    frames = {**scenes.frames_of(tiny), "places": tokyo_places()}
    drawn = scenes.scene_of(tiny, frames=frames)
    yours = [label for label in drawn.labels if label.layer == "places"]
    assert [(label.text, label.kind) for label in yours] == [
        ("Imperial Palace", "your-place"),
        ("Tokyo Tower", "your-place"),
    ]
    guests = [label for label in drawn.labels if label.kind == "guest"]
    assert guests and all(label.priority > yours[0].priority for label in guests), "named before guests"
    assert [row.text for row in drawn.key if row.layers == ("places",)] == ["Your places"]
    assert drawn.fit is not None and not holds(drawn.bounds, 139.75, 35.69), (
        "the opening view leaves Tokyo out"
    )
    assert holds(drawn.fit, 139.7528, 35.6852) and holds(drawn.fit, 139.7454, 35.6586)
    assert holds(drawn.fit, 116.4, 39.9) and holds(drawn.fit, 125.75, 39.03), "with the subject"
    assert scenes.scene_of(Scene(tiny.event), frames=scenes.frames_of(Scene(tiny.event))).fit is None


def test_a_chapter_keeps_its_own_view_with_a_reader_s_places_drawn():
    tiny = tiny_event(story_toml=STORY_AT_A_CENTRE)
    scene = Scene(tiny, View(chapter=1))
    drawn = scenes.scene_of(scene, frames={**scenes.frames_of(scene), "places": tokyo_places()})
    assert drawn.fit is None, "a chapter is the story's view"


def test_a_place_the_map_names_already_is_not_named_twice():
    from geo.io.schema import ExtraPlace
    from geo.model import layers

    tiny = Scene(tiny_event(), View(layers=(*registry.DEFAULT_LAYERS, "places")))
    places = layers.build_place_layer([(1, ExtraPlace(name="Pyongyang", lat=39.03, lon=125.75))])
    drawn = scenes.scene_of(tiny, frames={**scenes.frames_of(tiny), "places": places})
    assert [label.text for label in drawn.labels].count("Pyongyang") == 1, "the editor draws a draft's places"


def guests_lines(layer: scenes.SceneLayer) -> dict[str, tuple[tuple[float, float], tuple[float, float]]]:
    """Each drawn guest's line, by person: where it starts and where it ends."""
    ends = {}
    for feature_id, geometry in zip(layer.frame["id"], layer.frame.geometry, strict=True):
        lines = [g for g in geometry.geoms if g.geom_type == "LineString"]
        ends[feature_id.split(":")[1]] = (lines[0].coords[0], lines[-1].coords[-1])
    return ends


def summit_goers(event) -> set[str]:
    """Who, by the legs, came to Beijing from the summit in Tianjin."""
    return {leg.person for leg in event.legs if leg.from_ == "tianjin" and leg.to.startswith("beijing")}


@pytest.mark.parametrize("picture", ["image", "web"])
def test_the_leaders_chapter_draws_each_guest_s_last_leg_into_beijing(event, picture):
    chapter = next(c for c in story.chapters_of(event) if "Tianjin" in c.title)
    assert chapter.legs == "last"
    if picture == "image":
        drawn = scenes.scene_of(
            story.chapter_scene(Scene(event, View(chapter=chapter.number))), one_chapter=True
        )
        layer = drawn.layers["guests"]
    else:
        drawn = scenes.scene_of(Scene(event))
        assert drawn.chapters[chapter.number].layers == ("countries", scenes.LAST_LEGS, "focus")
        assert "guests" in drawn.chapters[0].layers, "everything still draws every leg"
        layer = drawn.layers[scenes.LAST_LEGS]
    lines = guests_lines(layer)
    beijing = event.places["beijing"].lonlat
    came_on = summit_goers(event)
    assert len(came_on) >= 14 and came_on <= set(lines)
    for person, (start, end) in lines.items():
        assert geodesy.distance_km(end, beijing) < 25, f"{person}'s line ends in Beijing"
        if person in came_on:
            assert geodesy.distance_km(start, event.places["tianjin"].lonlat) < 1, (
                f"{person} starts at Tianjin"
            )
    assert geodesy.distance_km(lines["miguel-diaz-canel"][0], event.places["hanoi"].lonlat) < 1
    assert len(lines) == len({leg.person for leg in event.legs} - {"kim-jong-un"}), "one line a guest"


def test_a_story_can_show_only_the_last_legs_and_a_wrong_value_is_refused():
    good = STORY_AT_A_CENTRE + 'legs = "last"\n'
    assert [c.legs for c in story.chapters_of(tiny_event(story_toml=good))] == ["last"]
    bad = tiny_event(story_toml=STORY_AT_A_CENTRE + 'legs = "first"\n')
    (problem,) = [p for p in bad.problems if p.file == "story.toml"]
    assert problem.column == "chapter 1: legs"
