"""geo.model.featured and the trade chapter's scene: the flows a chapter features are drawn visible
and on top with their values written beside them, the shares shade the countries with a key that
says of what, and the picture (PNG and SVG) says what the web map says."""

from __future__ import annotations

import matplotlib
import pytest

from geo.model import featured, labels, story
from geo.model.layers import FEATURED_MIN_WEIGHT
from geo.model.scene import scene_of
from geo.model.view import Scene, View
from geo.static import draw
from tests.tiny import tiny_event

PRK_VALUE = "North Korea ↔ China $2.2 bn\n98% of its trade"
RUS_VALUE = "Russia ↔ China $245 bn"


def trade_chapter(event) -> int:
    return next(c.number for c in story.chapters_of(event) if c.featured_flows)


@pytest.fixture(scope="module")
def trade_scene(event):
    return scene_of(story.chapter_scene(Scene(event, View(chapter=trade_chapter(event)))))


def test_the_trade_chapter_shades_the_shares_and_keys_them(trade_scene):
    assert list(trade_scene.layers) == ["shares", "trade"]
    frame = trade_scene.layers["shares"].frame.set_index("iso3")
    assert frame.loc["PRK", "share"] == 98, "as KOTRA states it (2,640.87 of 2,696.11: 97.95)"
    assert frame.loc["RUS", "status"] == "disputed" and frame.loc["KAZ", "status"] == "no figure"
    assert frame.loc["PRK", "fill"] != frame.loc["ARM", "fill"] != frame.loc["KAZ", "fill"]
    texts = [row.text for row in trade_scene.key]
    assert texts[:5] == [
        "Share of its trade with China, 2024",
        "40% or more",
        "25–40%",
        "10–25%",
        "Under 10%",
    ]
    assert {"Sources disagree", "No figure found", "China"} <= set(texts)


def test_the_featured_flows_are_drawn_visible_on_top_with_their_values(trade_scene):
    layer = trade_scene.layers["trade"]
    frame = layer.frame
    chosen = frame[frame["featured"]]
    pairs = {frozenset((e, i)) for e, i in zip(chosen["exporter"], chosen["importer"], strict=True)}
    assert pairs == {frozenset(("CHN", "PRK")), frozenset(("CHN", "RUS"))}
    assert (chosen["weight"] >= FEATURED_MIN_WEIGHT).all()
    assert frame["featured"].tolist() == sorted(frame["featured"].tolist()), "featured last: drawn on top"
    styles = [style for style, on in zip(layer.styles, frame["featured"], strict=True) if on]
    assert min(s.opacity for s in styles) > max(
        s.opacity for s, on in zip(layer.styles, frame["featured"], strict=True) if not on
    )
    values = {label.text: label for label in trade_scene.labels if label.kind == "flow"}
    assert set(values) == {PRK_VALUE, RUS_VALUE}
    assert values[PRK_VALUE].chapters == (5,) and values[PRK_VALUE].priority == labels.FLOW


def test_the_values_are_the_event_s_figures_for_the_year(event):
    scene = Scene(event)
    assert featured.two_way(scene, "PRK")[1] == 2_180_000_000, "GACC's total, first in series_order"
    assert featured.two_way(scene, "RUS")[1] == 244_810_000_000
    assert featured.usd_short(2_180_000_000) == "$2.2 bn" and featured.usd_short(244_810_000_000) == "$245 bn"
    assert featured.two_way(Scene(event, View(year=2021)), "RUS") is None, "no figure, no value"
    assert featured.two_way(Scene(event, View(top=1)), "PRK") is None, "no arrow drawn, no value beside it"


def test_a_chapter_with_featured_flows_must_show_trade():
    tiny = tiny_event(
        story_toml='[[chapter]]\ntitle = "T"\ntext = "T."\nsource_url = "https://example.org/s"\n'
        'layers = ["countries"]\nfeatured_flows = ["PRK"]\nbounds = [[30, 100], [50, 130]]\n'
    )
    assert any(p.column and "featured_flows" in p.column for p in tiny.problems)


def image_labels(scene: Scene) -> dict[str, tuple[float, float, float, float]]:
    """Each name the image places, with its box in pixels (y down)."""
    with matplotlib.rc_context(draw.RC):
        drawing = draw.draw(scene, size=draw.SOCIAL)
    renderer = drawing.figure.canvas.get_renderer()
    height = drawing.figure.bbox.height
    boxes = {}
    for text in drawing.labels:
        box = text.get_window_extent(renderer)
        boxes[text.get_text()] = (box.x0, height - box.y1, box.x1, height - box.y0)
    return boxes


def test_the_image_writes_the_values_and_no_name_covers_the_china_north_korea_arrow(event):
    scene = Scene(event, View(chapter=trade_chapter(event)))
    boxes = image_labels(scene)
    assert {PRK_VALUE, RUS_VALUE} <= set(boxes)
    with matplotlib.rc_context(draw.RC):
        drawing = draw.draw(scene, size=draw.SOCIAL)
    from geo.static.projection import frame_for  # the image's own projection, as draw uses it

    drawn = scene_of(story.chapter_scene(scene))
    ax = drawing.map_axes
    aspect = (
        ax.get_position().width
        * drawing.figure.get_figwidth()
        / (ax.get_position().height * drawing.figure.get_figheight())
    )
    view = frame_for(drawn.bounds, aspect=aspect)
    line = next(lab for lab in drawn.labels if lab.text == PRK_VALUE).clear
    height = drawing.figure.bbox.height
    points = [ax.transData.transform(view.project_point(lon, lat)) for lon, lat in line]
    covered = [
        text
        for text, (left, top, right, bottom) in boxes.items()
        for x, y in points
        if left < x < right and top < height - y < bottom
    ]
    assert covered == []


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_the_picture_carries_the_values_and_the_key_title(event, tmp_path, fmt):
    path = tmp_path / f"trade.{fmt}"
    draw.save(Scene(event, View(chapter=trade_chapter(event))), path)
    if fmt == "svg":
        text = path.read_text(encoding="utf-8")
        assert "North Korea ↔ China $2.2 bn" in text and "98% of its trade" in text
        assert "Russia ↔ China $245 bn" in text and "Share of its trade with China, 2024" in text
    else:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 50_000


def test_the_app_s_map_writes_the_values_only_in_the_chapter_that_features_them(event):
    # The app's map has no story panel to hide a chapter's labels: on "Everything" the values were
    # written over the whole trip (seen at 1400 by 900), as if every view featured them.
    from geo.base import registry
    from geo.web import maps

    def page(view: View) -> str:
        return maps.build_map(Scene(event, view), story=False).get_root().render()

    everything = page(View(layers=registry.TOGGLES))
    trade = page(View(layers=registry.TOGGLES, chapter=5))
    # A label of the rule is JSON in the page's dmMapLabels call; the arrow's own tooltip names the pair too.
    assert '"kind":"flow"' not in everything and '"kind":"flow"' in trade
