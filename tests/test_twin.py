"""The map's story as text (geo.model.twin): the chapters, the highlighted trip's legs with their
times (disputed ones said so), every person with their country and where they came from, the
trade with its values, each line with its sources; the same text in the page and in Markdown."""

from __future__ import annotations

import html
import re

from geo.cli import main
from geo.model import markdown, twin
from geo.model import scene as scenes
from geo.model.view import Scene
from geo.web import export, maps, markup
from tests.tiny import URL, tiny_event


def tiny_twin() -> twin.Twin:
    scene = Scene(tiny_event())
    return twin.twin_of(scene, scenes.scene_of(scene))


def lines_of(found: twin.Twin, title_starts: str) -> list[twin.Line]:
    (part,) = [p for p in found.parts if p.title.startswith(title_starts)]
    return list(part.lines)


def test_the_trip_gives_each_legs_times_and_says_which_are_disputed():
    legs = lines_of(tiny_twin(), "Kim Jong Un's trip")
    assert [line.head for line in legs] == [
        "Pyongyang → Beijing, by train.",
        "Beijing → Pyongyang, by train.",
    ]
    assert "Departs 2 Sep 2025, 06:00 UTC+08:00; arrives 2 Sep 2025, 16:00 UTC+08:00." in legs[0].text
    assert "disputed" not in legs[0].text
    assert "4 Sep 2025 (time not reported), disputed" in legs[1].text
    assert "Also reported: Back on 6 Sep per another source." in legs[1].text
    assert legs[1].sources == (f"{URL}/kim-2",)


def test_every_person_is_named_with_their_country_and_where_they_came_from():
    people = {line.head: line for line in lines_of(tiny_twin(), "Who came")}
    assert list(people) == [
        "Xi Jinping, President, China.",
        "Kim Jong Un, Chairman, North Korea.",
        "<b>Ann</b> & Co, President, Russian Federation.",
        "Bob, President, Kazakhstan.",
        "Eve, Former minister, France.",
    ]
    assert people["Kim Jong Un, Chairman, North Korea."].text == "Came from Pyongyang, by train."
    assert (
        people["Bob, President, Kazakhstan."].text == "Came from Astana, by way of Tianjin, by air and road."
    )
    assert "not reported" in people["Eve, Former minister, France."].text
    assert people["Bob, President, Kazakhstan."].sources == (f"{URL}/bob", f"{URL}/bob-1", f"{URL}/bob-2")


def test_the_trade_gives_values_every_figure_of_a_dispute_and_the_sources():
    flows = lines_of(tiny_twin(), "Trade, 2024")
    first = flows[0]
    assert first.head.startswith("China → North Korea, exports, 2024")
    assert "$1.00 bn (GACC)" in first.text and "$1.50 bn (KOTRA)" in first.text and "Disputed" in first.text
    assert first.sources == (f"{URL}/gacc", f"{URL}/kotra")
    assert all(line.sources for line in flows)


def test_the_page_and_the_markdown_say_the_same_and_escape_what_they_say(tmp_path):
    found = tiny_twin()
    page = str(markup.twin(found))
    written = markdown.markdown(found)
    assert "<b>Ann</b>" not in page and "&lt;b&gt;Ann&lt;/b&gt; &amp; Co" in page
    assert r"\<b\>Ann\</b\> \& Co" in written
    for part in found.parts:
        for line in part.lines:
            assert html.escape(line.text, quote=True) in page.replace("&#39;", "&#x27;")
            assert markdown.md_text(line.text) in written
            for url in line.sources:
                assert f'href="{url}"' in page and f"(<{url}>)" in written


def test_markdown_never_lets_a_value_start_a_block_or_a_link():
    for value, shown in [
        ("1. first", r"1\. first"),
        ("- item", r"\- item"),
        ("# head", r"\# head"),
        ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),
        ("a\n# b", "a # b"),
        ("$5 & *more*", r"\$5 \& \*more\*"),
    ]:
        assert markdown.md_text(value) == shown
    assert markdown.md_link("javascript:alert(1)") == "javascript:alert(1)"
    assert markdown.md_link("https://example.org/a b>c") == "[example.org](<https://example.org/a%20b%3Ec>)"


def test_the_exported_page_carries_the_text_a_language_and_a_zoomable_viewport(tmp_path):
    path = tmp_path / "map.html"
    export.save_html(maps.build_map(Scene(tiny_event())), path)
    page = path.read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert re.findall(r'<meta name="viewport"[^>]*>', page) == [markup.VIEWPORT]
    main_part = page[page.index("<main") : page.index("</main>")]
    assert 'class="folium-map"' in main_part and 'id="dm-story-text"' in main_part
    assert main_part.index("folium-map") < main_part.index('id="dm-story-text"'), (
        "the text comes after the map"
    )
    assert 'href="#dm-story-text"' in page[: page.index("folium-map")], "a link to it comes first"


def test_export_writes_the_story_as_markdown(tmp_path, capsys):
    out = tmp_path / "story.md"
    assert main(["export", "--event", "beijing-parade-2025", "--out", str(out)]) == 0
    written = out.read_text(encoding="utf-8")
    assert "Markdown" in capsys.readouterr().out
    assert written.startswith("# China's Victory Day parade")
    assert written.count("\n- **") >= 6 + 4 + 29, "six chapters, four legs, every person"
    assert (
        "Kim Jong Un, General Secretary" in written
        and "Vladimir Putin, President, Russian Federation." in written
    )
    assert "disputed" in written
    trade = written.split("## Trade, 2024", 1)[1]
    assert trade.index("Featured in chapter 5") < trade.index("Vietnam"), "a chapter's featured flows first"
