"""The folium map: rendered once, then checked for a few stable tokens."""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest

from geo.model import scene as scenes
from geo.model.view import Scene, View
from geo.web import compact, maps


def readable(page: str) -> str:
    """The page's text as a reader sees it: JSON \\uXXXX escapes and HTML entities undone."""
    unescaped = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), page)
    return html_lib.unescape(unescaped)


@pytest.fixture(scope="module")
def html(event) -> str:
    return readable(maps.build_map(Scene(event)).get_root().render())


def layer_control(page: str) -> list[str]:
    """The names in the layer control, in its order, from the control's own script (folium's
    ``overlays`` object: each name as JSON, HTML-escaped for Leaflet's innerHTML)."""
    found = re.search(r"overlays\s*:\s*\{(.*?)\}", page, re.S)
    assert found is not None, "the page has a layer control"
    names = re.findall(r'("(?:[^"\\]|\\.)*")\s*:\s*feature_group_\w+', found.group(1))
    return [html_lib.unescape(json.loads(name)) for name in names]


def test_every_default_layer_is_in_the_layer_control(event):
    page = maps.build_map(Scene(event)).get_root().render()
    assert layer_control(page) == [
        "Countries",
        "Share of its trade with China, 2024",
        "Trade flows (2024)",
        "Other travellers",
        "Kim Jong Un: trip",
        "Places on the trip",
    ]


def test_no_tiles_and_no_cdn_by_default(html):
    assert "tileLayer" not in html
    assert "cdn.jsdelivr" not in html and "code.jquery" not in html and "bootstrap" not in html


def test_title_date_and_attribution(event):
    page = maps.build_map(Scene(event)).get_root().render()
    assert (
        re.search(r"<title>(.*?)</title>", page).group(1)
        == "China&#39;s Victory Day parade, Beijing, 3 September 2025"
    )
    string = r'"(?:[^"\\]|\\.)*"'
    credits = json.loads(re.search(rf"= dmAttribution\(map_\w+, ({string})\)", page).group(1))
    assert credits.startswith(
        "Countries: Natural Earth · Places: GeoNames · Facts: the sources in each popup"
    )
    card = json.loads(
        re.search(r"= dmStoryPanel\(map_\w+, \{.*?\}, \{.*?\}, (\[.*?\]), 1, 364\)", page).group(1)
    )
    assert '<p class="dm-when">3 September 2025 · trade year 2024</p>' in card[1]["html"]


def test_caller_title_is_escaped(event):
    scene = Scene(event, View(title="<b>{{ 7*7 }}</b>", layers=("countries",)))
    out = maps.build_map(scene).get_root().render()
    title = re.search(r"<title>(.*?)</title>", out)
    assert title is not None and title.group(1) == "&lt;b&gt;{{ 7*7 }}&lt;/b&gt;", (
        "escaped, never run as a template"
    )
    # Once the JSON string is decoded, the chapter card's heading is HTML text: escaped markup, braces intact.
    decoded = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), out)
    assert "<h1>&lt;b&gt;{{ 7*7 }}&lt;/b&gt;</h1>" in decoded


def test_layers_can_be_chosen(event):
    out = maps.build_map(Scene(event, View(layers=("countries", "guests")))).get_root().render()
    assert layer_control(out) == ["Countries", "Other travellers"]
    only = maps.build_map(Scene(event, View(layers=("countries",)))).get_root().render()
    assert layer_control(only) == ["Countries"]


def test_unknown_layer_is_refused(event):
    with pytest.raises(ValueError, match="unknown layer"):
        View(layers=("countries", "nope"))


def test_legend_shows_roles_and_trade_widths(event):
    scene = Scene(event)
    legend = " ".join(row.label for row in maps.legend_rows(scenes.scene_of(scene).key))
    assert "Host" in legend and "Guest leader" in legend
    assert "$250 bn" in legend and "$2.5 bn" in legend, "round values below the largest 2024 flow (Vietnam's)"


def test_many_features_switch_to_canvas(event):
    scene = Scene(event, View(layers=("countries",)))
    frames = scenes.frames_of(scene)
    assert '"preferCanvas": false' in maps.build_map(scene, frames=frames).get_root().render()
    big = {"countries": frames["countries"].loc[frames["countries"].index.repeat(8)]}
    assert '"preferCanvas": true' in maps.build_map(scene, frames=big).get_root().render()


def test_many_lines_are_drawn_as_one_batch_and_few_as_geojson(event):
    from benchmarks.builds import synthetic_event

    few = maps.build_map(Scene(event, View(layers=("trade",))), story=False).get_root().render()
    assert "= dmBatchLayer(" not in few and "= dmCompactLayer(" in few
    many = synthetic_event(compact.MANY_FEATURES + 100)
    html = maps.build_map(Scene(many, View(layers=("trade",))), story=False).get_root().render()
    assert "= dmBatchLayer(" in html
    assert '"preferCanvas": true' in html
    # Every flow ships its tooltip and popup to the batch, escaped as the GeoJSON layer's are.
    assert html.count('"tip":') == compact.MANY_FEATURES + 100
    assert html.count('"popup":') == compact.MANY_FEATURES + 100
