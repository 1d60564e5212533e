"""Static maps (geo.static.draw): PNG, SVG and PDF with no browser, names as text, no overlaps, the
reference picture, and characters the font lacks reported rather than drawn as boxes.

The reference image is tests/baseline/tiny-social.png. After a deliberate style change, look at
the new picture and rewrite it with:

    .venv/bin/python -c "from tests.test_static import write_reference; write_reference()"
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import shutil
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.testing.compare import compare_images

from geo.base.settings import EVENTS_DIR, ROOT
from geo.cli import main
from geo.io.events import load_event
from geo.io.meta import Chapter
from geo.model import story
from geo.model.view import Scene, View
from geo.ref.geodesy import distance_km, great_circle_coords, line_from_coords
from geo.static import draw
from geo.static.projection import frame_for
from tests.tiny import FILES, tiny_event, write_tiny_event

BUNDLED = "beijing-parade-2025"
BASELINE = ROOT / "tests" / "baseline" / "tiny-social.png"
REFERENCE_SIZE = "480x270"
GUESTS_SIZE = "2400x1350"
"""The guests chapter at this size places every guest's name; at 1200x675 most, not all, fit."""
SVG_NS = "{http://www.w3.org/2000/svg}"
BROWSERS = ("chrom", "firefox", "webkit", "msedge", "playwright", "headless_shell")

AUDITED = """
import json, os, shutil, sys
started = []
def hook(event, args):
    if event in ("subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.system"):
        started.append(repr(args)[:300])
sys.addaudithook(hook)
from geo.cli import main
codes = [main(argv) for argv in json.loads(sys.argv[1])]
if len(sys.argv) > 2:
    import subprocess
    subprocess.run([sys.argv[2]], check=False)
print(json.dumps({"codes": codes, "started": started, "chromium": shutil.which("chromium"),
                  "playwright": "playwright" in sys.modules}))
"""


def run_audited(tmp_path: Path, argvs: list[list[str]], *also: str) -> dict:
    """The CLI in a fresh interpreter that records every process it starts, with no browser on PATH."""
    empty = tmp_path / "bin"
    empty.mkdir(exist_ok=True)
    env = {**os.environ, "PATH": str(empty), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", AUDITED, json.dumps(argvs), *also],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]


@pytest.mark.parametrize("which", ["bundled", "no story"])
def test_three_formats_are_written_and_no_browser_is_started(tmp_path, which):
    if which == "bundled":
        args = ["--event", BUNDLED]
        event = load_event(BUNDLED)
    else:
        write_tiny_event(tmp_path / "events")
        args = ["--event", "tiny", "--root", str(tmp_path / "events")]
        event = tiny_event()
        assert not event.story and len(story.chapters_of(event)) == 1
    outs = [tmp_path / f"map.{fmt}" for fmt in draw.FORMATS]
    report = run_audited(tmp_path, [["export", *args, "--out", str(out)] for out in outs])
    assert report["codes"] == [0, 0, 0]
    assert report["chromium"] is None and report["playwright"] is False
    assert not [s for s in report["started"] if any(b in s.lower() for b in BROWSERS)], report["started"]
    magic = {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}
    for out in outs:
        assert out.read_bytes().startswith(magic[out.suffix[1:]]), out
    texts = svg_texts(tmp_path / "map.svg")
    assert event.meta.title in texts
    for name in ("Pyongyang", "Beijing") if which == "no story" else ("Pyongyang", "Dandong", "Beijing"):
        assert any(name in t for t in texts), (name, texts)
    pdf = (tmp_path / "map.pdf").read_bytes()
    assert b"/FontFile2" in pdf and b"DejaVuSans" in pdf  # TrueType (fonttype 42): text, not outlines


def test_the_audit_sees_a_browser_being_started(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    report = run_audited(tmp_path, [], str(fake))
    assert any("chromium" in s for s in report["started"])


def story_event(tmp_path: Path) -> Path:
    """The bundled event with a story: Kim's trip, and the guests (all their starts in view)."""
    root = tmp_path / "events"
    shutil.copytree(EVENTS_DIR / BUNDLED, root / BUNDLED)
    event = load_event(BUNDLED)
    starts = [event.places[event.legs_of(p.id)[0].from_].lonlat for p in event.people if event.legs_of(p.id)]
    (south, west), (north, east) = story.bounds_of(np.array(starts))
    (root / BUNDLED / "story.toml").write_text(
        f"""
[[chapter]]
title = "Kim Jong Un leaves Pyongyang by train"
text = "The armoured train crosses at Dandong."
source_url = "https://example.org/kim"
layers = ["countries", "focus"]
bounds = [[37.5, 114.0], [42.5, 127.0]]

[[chapter]]
title = "The 26 leaders and where they came from"
text = "Most came on from the SCO summit in Tianjin."
source_url = "https://example.org/guests"
layers = ["countries", "guests", "focus"]
bounds = [[{south}, {west}], [{north}, {east}]]
""",
        encoding="utf-8",
    )
    return root


def test_the_guests_chapter_names_all_26_leaders_as_text(tmp_path):
    root = story_event(tmp_path)
    out = tmp_path / "guests.svg"
    argv = ["export", "--event", BUNDLED, "--root", str(root), "--chapter", "2", "--size", GUESTS_SIZE]
    assert main([*argv, "--out", str(out)]) == 0
    texts = svg_texts(out)
    leaders = [p.name for p in load_event(BUNDLED).people if p.role == "guest"]
    assert len(leaders) == 26
    assert [name for name in leaders if not any(name in t for t in texts)] == []
    assert "2. The 26 leaders and where they came from · 3 September 2025 · trade year 2024" in texts


def test_chapters_write_one_image_each(tmp_path, capsys):
    root = story_event(tmp_path)
    assert (
        main(
            [
                "export",
                "--event",
                BUNDLED,
                "--root",
                str(root),
                "--chapters",
                "--out",
                str(tmp_path / "m.png"),
            ]
        )
        == 0
    )
    assert sorted(p.name for p in tmp_path.glob("m-chapter-*.png")) == ["m-chapter-1.png", "m-chapter-2.png"]
    assert capsys.readouterr().out.count("wrote ") == 2


def overlapping(drawing: draw.Drawing) -> list[tuple[str, str]]:
    renderer = drawing.figure.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in drawing.labels]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2) if box_a.overlaps(box_b)]


def guests_scene(event) -> Scene:
    starts = [event.places[event.legs_of(p.id)[0].from_].lonlat for p in event.people if event.legs_of(p.id)]
    (south, west), (north, east) = story.bounds_of(np.array(starts))
    chapter = Chapter(
        title="Guests",
        text="Guests.",
        source_url="https://example.org/guests",
        layers=("countries", "guests", "focus"),
        bounds=((south, west), (north, east)),
    )
    return Scene(dataclasses.replace(event, story=(chapter,)), View(chapter=1))


@pytest.mark.parametrize("view", ["default", "guests, social", "guests, large"])
def test_no_two_labels_overlap_and_all_lie_on_the_map(event, view):
    scene = Scene(event) if view == "default" else guests_scene(event)
    size = draw.size_from(GUESTS_SIZE if view.endswith("large") else "social")
    with matplotlib.rc_context(draw.RC):
        drawing = draw.draw(scene, size=size)
        renderer = drawing.figure.canvas.get_renderer()
        on_map = drawing.map_axes.get_window_extent(renderer)
        assert len(drawing.labels) >= 8
        assert overlapping(drawing) == []
        for label in drawing.labels:
            box = label.get_window_extent(renderer)
            assert on_map.x0 <= box.x0 and box.x1 <= on_map.x1 and on_map.y0 <= box.y0 and box.y1 <= on_map.y1


def test_the_overlap_check_finds_an_overlap(event):
    with matplotlib.rc_context(draw.RC):
        drawing = draw.draw(Scene(event))
        first = drawing.labels[0]
        drawing.labels[1].set_position(first.get_position())
        assert overlapping(drawing) != []


def draw_reference(path: Path) -> None:
    draw.save(Scene(tiny_event()), path, size=draw.size_from(REFERENCE_SIZE))


def write_reference() -> None:
    BASELINE.parent.mkdir(parents=True, exist_ok=True)
    draw_reference(BASELINE)
    print(f"wrote {BASELINE} ({BASELINE.stat().st_size:,} bytes)")


def test_the_picture_matches_the_reviewed_reference(tmp_path):
    actual = tmp_path / "tiny.png"
    draw_reference(actual)
    assert compare_images(str(BASELINE), str(actual), tol=3) is None


def test_the_reference_comparison_sees_a_style_change(tmp_path, monkeypatch):
    monkeypatch.setitem(draw.LABEL_STYLES, 0, draw.LabelStyle(14.0, "#ff0000", "bold"))
    actual = tmp_path / "tiny.png"
    draw_reference(actual)
    assert compare_images(str(BASELINE), str(actual), tol=3) is not None


def test_characters_the_font_lacks_are_reported_and_never_drawn(tmp_path, capsys):
    people = FILES["people.csv"].replace("Bob,President", "Bob 包柏,President")
    write_tiny_event(
        tmp_path / "events", people_csv=people, places_csv=FILES["places.csv"].replace("Beijing", "北京")
    )
    out = tmp_path / "map.svg"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib's "Glyph … missing from font" would fail here
        assert main(["export", "--event", "tiny", "--root", str(tmp_path / "events"), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "warning: DejaVu Sans has no glyph for 包 (U+5305" in err and "'Bob 包柏'" in err
    assert "in '北京'; the text is left out" in err
    text = out.read_text(encoding="utf-8")
    assert "包" not in text and "北" not in text


def test_sizes():
    assert draw.size_from("social").pixels == (1200, 675)
    assert draw.size_from("print").pixels == (3508, 2480) and draw.size_from("print").dpi == 300
    assert draw.size_from("1600x900").pixels == (1600, 900)
    for bad in ("huge", "12x12", "1600x"):
        with pytest.raises(ValueError, match="unknown size"):
            draw.size_from(bad)


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--out", "m.jpg"], "cannot draw a .jpg image"),
        (["--out", "m.html", "--size", "print"], "--size draw images"),
        (["--out", "m.png", "--chapter", "9"], "no chapter 9; beijing-parade-2025 has 6"),
        (["--out", "m.png", "--size", "big"], "unknown size 'big'"),
        (["--out", "m.png", "--chapter", "1", "--chapters"], "not both"),
    ],
)
def test_image_options_that_cannot_be_honoured_are_refused(tmp_path, capsys, argv, says):
    argv = [a if not a.startswith("m.") else str(tmp_path / a) for a in argv]
    assert main(["export", "--event", BUNDLED, *argv]) == 2
    assert says in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_regional_view_keeps_true_distances_and_shapes():
    frame = frame_for(((36.0, 114.0), (43.0, 127.0)), aspect=16 / 9)
    assert not frame.world
    beijing, pyongyang = (116.4, 39.9), (125.75, 39.03)
    on_map = np.hypot(*np.subtract(frame.project_point(*beijing), frame.project_point(*pyongyang))) / 1000
    assert on_map == pytest.approx(distance_km(beijing, pyongyang), rel=0.01)
    # A degree of longitude at 40°N is cos(40°) of a degree of latitude, as on the globe.
    east = np.subtract(frame.project_point(121.0, 40.0), frame.project_point(120.0, 40.0))[0]
    north = np.subtract(frame.project_point(120.5, 40.5), frame.project_point(120.5, 39.5))[1]
    assert east / north == pytest.approx(np.cos(np.radians(40.0)), rel=0.02)


def test_a_line_cut_at_180_is_drawn_whole_and_far_countries_are_clipped(event):
    import geopandas as gpd

    tokyo, honolulu = (139.7, 35.7), (-157.8, 21.3)
    cut = line_from_coords(great_circle_coords(tokyo, honolulu))
    assert cut.geom_type == "MultiLineString"
    frame = frame_for(((15.0, 130.0), (45.0, 210.0)), aspect=16 / 9)
    lines, _ = frame.lines_and_heads(gpd.GeoDataFrame(geometry=[cut], crs="EPSG:4326"))
    assert lines.iloc[0].geom_type == "LineString"
    steps = np.hypot(*np.diff(np.asarray(lines.iloc[0].coords), axis=0).T) / 1000
    assert steps.max() < 300  # no streak across the map
    from geo.ref.countries import load_countries

    countries = load_countries()
    east_asia = frame_for(((36.0, 114.0), (43.0, 127.0)), aspect=16 / 9)
    clipped = east_asia.clip_areas(countries)
    assert "ARG" not in set(clipped["iso3"]) and {"CHN", "PRK"} <= set(clipped["iso3"])
    width = east_asia.xlim[1] - east_asia.xlim[0]
    assert clipped.total_bounds[2] - clipped.total_bounds[0] < 4 * width


def test_the_image_names_the_countries_and_not_at_city_zoom(event):
    with matplotlib.rc_context(draw.RC):
        opening = {t.get_text() for t in draw.draw(Scene(event, View(chapter=1))).labels}
        leaders = {t.get_text() for t in draw.draw(Scene(event, View(chapter=4))).labels}
        close = draw.draw(Scene(tiny_event(story_toml=CITY_STORY), View(chapter=1)))
    assert {"CHINA", "NORTH KOREA"} <= opening
    assert {"NORTH KOREA", "INDONESIA", "MONGOLIA"} <= leaders
    (tianjin,) = [t for t in leaders if t.startswith("From Tianjin\n")]
    assert "Vladimir Putin" in tianjin.split("\n"), "the leaders who came on from the summit, named there"
    assert "Beijing" in {t.get_text() for t in close.labels}
    assert not {"CHINA", "NORTH KOREA"} & {t.get_text() for t in close.labels}, "at city zoom places speak"


CITY_STORY = """
[[chapter]]
title = "Beijing, from close"
text = "The venue, at city zoom."
source_url = "https://example.org/story"
layers = ["countries", "focus"]
center = [39.9, 116.4]
zoom = 11
"""


def reader_places():
    from geo.io.schema import ExtraPlace
    from geo.model import layers

    return layers.build_place_layer(
        [
            (1, ExtraPlace(name="Our office in Dandong", lat=40.13, lon=124.39)),
            (2, ExtraPlace(name="Busan port", lat=35.10, lon=129.04)),
        ]
    )


def test_a_readers_own_places_are_drawn_named_and_keyed_in_the_image(event, tmp_path):
    """As the web map draws an upload (kind "your-place"): a mark each, named in brown italics,
    a key row, and the first view brings them in (Busan lies outside the trip's opening view);
    a chapter keeps its own view, as on the web map."""
    with matplotlib.rc_context(draw.RC):
        in_chapter = {
            t.get_text() for t in draw.draw(Scene(event, View(chapter=2)), places=reader_places()).labels
        }
        drawing = draw.draw(Scene(event), places=reader_places())
        named = {t.get_text(): t for t in drawing.labels}
        texts = [t.get_text() for t in drawing.figure.texts]
    for name in ("Our office in Dandong", "Busan port"):
        assert name in named, f"{name} is named on the map"
        assert named[name].get_fontstyle() == "italic"
    assert "Your places" in texts, "the key names them"
    assert (129.04, 35.10) in drawing.anchors
    assert "Our office in Dandong" in in_chapter and "Busan port" not in in_chapter
    svg, _ = draw.image_bytes(Scene(event), "svg", places=reader_places())
    assert b"Busan port" in svg
