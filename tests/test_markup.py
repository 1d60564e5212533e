"""Text reaching HTML is escaped in one place (geo.web.markup); formats read like a newspaper's (geo.model.text)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from markupsafe import Markup

from geo.io.schema import When
from geo.model import text
from geo.web import captions, markup

PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "it's", "a & b", "{{ 7*7 }}"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_esc_leaves_no_markup(payload):
    out = markup.esc(payload)
    assert "<" not in out and ">" not in out and '"' not in out and "'" not in out
    assert markup.esc(None) == ""


def test_templates_escape_data_but_not_markup_made_here():
    inner = markup.tip("<i>")
    outer = markup.tip("<u>", inner)
    assert outer == "<b>&lt;u&gt;</b><br><b>&lt;i&gt;</b>"
    assert isinstance(outer, Markup)


def test_a_url_in_a_note_becomes_a_link_named_by_its_site():
    note = markup.linkify("about 07:00 per MBC (https://imnews.imbc.com/a/b.html); see www.x.org")
    assert 'href="https://imnews.imbc.com/a/b.html"' in note
    assert ">imnews.imbc.com</a>" in note
    assert "https://imnews" not in note.striptags()


def test_a_long_note_folds_behind_more():
    folded = markup.fold("word " * 60)
    assert "<details" in folded and "more" in folded
    assert "<details" not in markup.fold("short")


def test_source_link_shows_the_host_and_escapes_the_url():
    link = markup.source_link('https://www.example.org/a?b=1&c="2"')
    assert ">example.org<" in link
    assert "&amp;c=&#34;2&#34;" in link and 'rel="noopener noreferrer"' in link


@pytest.mark.parametrize(
    ("value", "shown"),
    [(2.18e9, "$2.18 bn"), (341.82e6, "$341.8 m"), (40569, "$40,569"), (None, "no figure found")],
)
def test_usd(value, shown):
    assert text.usd(value) == shown


def test_times_say_their_offset_or_that_only_the_day_is_known():
    at = datetime(2025, 9, 2, 16, 0, tzinfo=timezone(timedelta(hours=8)))
    assert text.when(When(day=at.date(), at=at)) == "2 Sep 2025, 16:00 UTC+08:00"
    assert text.when(When(day=date(2025, 9, 1))) == "1 Sep 2025 (time not reported)"
    assert text.when(None) == "not reported"


def test_leg_tip_marks_a_disputed_time_with_its_alternative(event):
    leg = next(leg for leg in event.legs_of("kim-jong-un") if leg.time_status == "disputed" and leg.arrive.at)
    tip = captions.leg_tip(event, leg)
    assert "Kim Jong Un" in tip and "disputed" in tip
    popup = captions.leg_popup(event, leg)
    assert "Also reported" in popup and "http" not in popup.striptags()


def _code_span_text(markdown: str) -> str:
    """What CommonMark shows for one code span: the text between the fences, one space trimmed
    from each side when both sides have one."""
    fence = re.match(r"`+", markdown).group()
    assert markdown.endswith(fence) and len(markdown) > 2 * len(fence)
    inner = markdown[len(fence) : -len(fence)]
    assert not re.search(rf"(?<!`){fence}(?!`)", inner), "the fence never closes early"
    return inner[1:-1] if inner.startswith(" ") and inner.endswith(" ") and inner.strip() else inner


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("people.csv, row 2", "people.csv, row 2"),
        ("[x](javascript:alert(1)) ![i](https://e.org/t.png) *b* _i_ <b>x</b> &lt; $x$ :red[x] :smile:",
         "[x](javascript:alert(1)) ![i](https://e.org/t.png) *b* _i_ <b>x</b> &lt; $x$ :red[x] :smile:"),
        ("`${alert(3)}` ``x``", "`${alert(3)}` ``x``"),
        ("`", "`"),
        (" padded ", " padded "),
        ("line one\n# two\r\n- three\rfour", "line one # two - three four"),
        ("https://example.org www.example.org a@b.com", "https://example.org www.example.org a@b.com"),
        (":material/home:", ":material\u200b/home:"),
        (7, "7"),
    ],
)  # fmt: skip
def test_md_literal_is_one_code_span_showing_the_text(value, shown):
    markdown = text.md_literal(value)
    assert "\n" not in markdown and "\r" not in markdown
    assert ":material/" not in markdown, "Streamlit rewrites it anywhere, code spans included"
    assert _code_span_text(markdown) == shown


def test_md_literal_of_nothing_is_nothing():
    assert text.md_literal("") == text.md_literal(None) == ""


HOSTILE = "<script>alert(\"x\")</script> & 'q'"


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("link", {"url": 'https://e.org/?a=1&b="2"', "label": HOSTILE}),
        ("tip", {"title": HOSTILE, "line": HOSTILE}),
        ("tip", {"title": HOSTILE, "line": ""}),
        ("tip", {"title": 3, "line": markup.esc(HOSTILE)}),
        ("sources", {"links": []}),
        ("sources", {"links": [HOSTILE, markup.source_link("https://e.org/x")]}),
        ("card", {"title": HOSTILE, "sub": "", "facts": [], "parts": [], "sources": ""}),
        (
            "card",
            {
                "title": HOSTILE,
                "sub": HOSTILE,
                "facts": [("", HOSTILE), (HOSTILE, markup.esc(HOSTILE)), ("a", None)],
                "parts": [markup.fold(HOSTILE), HOSTILE],
                "sources": HOSTILE,
            },
        ),
    ],
)
def test_fast_renders_match_their_jinja_templates(name, values):
    assert name in markup.FAST
    fast = markup.render(name, **values)
    assert isinstance(fast, Markup)
    assert str(fast) == markup.ENV.get_template(name).render(**values)
    assert "<script>" not in str(fast)


def test_two_sources_from_one_site_are_told_apart_by_their_page():
    urls = [
        "https://koreajoongangdaily.joins.com/news/2025-09-02/national/northKorea/"
        "North-Koreas-Kim-daughter-welcomed-in-Beijing-by-top-Chinese-officials-KCNA-reports/2389780",
        "https://koreajoongangdaily.joins.com/news/2025-09-02/national/northKorea/"
        "North-Korean-leaders-daughter-appears-to-have-joined-him-in-Beijing-NIS-says/2389771",
        "https://dailian.co.kr/news/view/1543556",
    ]
    assert text.source_labels(urls) == [
        "koreajoongangdaily.joins.com: North Koreas Kim daughter welcomed in…",
        "koreajoongangdaily.joins.com: North Korean leaders daughter appears to…",
        "dailian.co.kr",
    ]
    assert text.source_labels(["https://a.org/news/view/1", "https://a.org/news/view/2"]) == [
        "a.org: 1",
        "a.org: 2",
    ]
    html = str(markup.chapter_text(3, 6, "t", "b", urls))
    assert html.count("koreajoongangdaily.joins.com: North Korea") == 2


def test_a_station_s_disputed_time_gives_the_other_time_reported(event):
    from geo.model.view import Scene
    from geo.web import captions

    _, popup = captions.stop_caption(Scene(event), "dandong")
    assert "disputed</span>" in str(popup) and "Also reported: Border crossing about 07:00 per MBC" in str(
        popup
    )
    tip, _ = captions.stop_caption(Scene(event), "dandong")
    assert "07:00" not in str(tip), "the tooltip stays one line a passing"
