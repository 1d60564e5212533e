"""Text reaching HTML is escaped in one place; formats read like a newspaper's."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from string import Template

import pytest

from geo import labels
from geo.schema import When

PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "it's", "a & b", "{{ 7*7 }}"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_esc_leaves_no_markup(payload):
    out = labels.esc(payload)
    assert "<" not in out and ">" not in out and '"' not in out and "'" not in out
    assert labels.esc(None) == ""


def test_fill_escapes_values_but_not_html_from_another_fill():
    inner = labels.fill(Template("<b>$x</b>"), x="<i>")
    outer = labels.fill(Template("<p>$text $body_html</p>"), text="<u>", body_html=inner)
    assert outer == "<p>&lt;u&gt; <b>&lt;i&gt;</b></p>"


def test_source_link_shows_the_host_and_escapes_the_url():
    link = labels.source_link('https://www.example.org/a?b=1&c="2"')
    assert ">example.org<" in link
    assert "&amp;c=&quot;2&quot;" in link and 'rel="noopener noreferrer"' in link


@pytest.mark.parametrize(
    ("value", "text"),
    [(2.18e9, "$2.18 bn"), (341.82e6, "$341.8 m"), (40569, "$40,569"), (None, "no figure found")],
)
def test_usd(value, text):
    assert labels.usd(value) == text


def test_times_say_their_offset_or_that_only_the_day_is_known():
    at = datetime(2025, 9, 2, 16, 0, tzinfo=timezone(timedelta(hours=8)))
    assert labels.when(When(day=at.date(), at=at)) == "2 Sep 2025, 16:00 UTC+08:00"
    assert labels.when(When(day=date(2025, 9, 1))) == "1 Sep 2025 (time not reported)"
    assert labels.when(None) == "not reported"


def test_leg_tip_marks_a_disputed_time_with_its_alternative(event):
    leg = next(leg for leg in event.legs_of("kim-jong-un") if leg.time_status == "disputed" and leg.arrive.at)
    tip = labels.leg_tip(event, leg)
    assert "Kim Jong Un" in tip and "disputed" in tip
    assert labels.esc(leg.alternatives) in tip


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
    markdown = labels.md_literal(value)
    assert "\n" not in markdown and "\r" not in markdown
    assert ":material/" not in markdown, "Streamlit rewrites it anywhere, code spans included"
    assert _code_span_text(markdown) == shown


def test_md_literal_of_nothing_is_nothing():
    assert labels.md_literal("") == labels.md_literal(None) == ""
