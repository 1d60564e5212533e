"""Plain-text wording shared by every view: money, moments, routes, names of flows.

Nothing here is HTML (geo.web.markup renders that). ``md_literal`` is the one way data reaches
Streamlit's Markdown.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from geo.io.schema import Leg, Person, When
from geo.ref.countries import country_name

if TYPE_CHECKING:
    from geo.io.events import Event
    from geo.model.trade import DrawnFlow

LINE_BREAKS = re.compile(r"\r\n|\r|\n")
"""Line endings as Markdown reads them."""
BACKTICKS = re.compile(r"`+")


def md_literal(value: object) -> str:
    """Any value as Streamlit Markdown that shows it exactly, as text: an inline code span.

    Backslash escapes are not enough there: Streamlit turns ``https://…``, ``www.…`` and e-mail
    addresses into links, and ``:material/…:`` into icons, after the escapes are read. Nothing
    inside a code span is read. Its fence is one backtick longer than any run in the value, and
    line breaks become spaces (a line could start a heading and end the span's paragraph). The
    ``:material/`` rewrite reaches code spans too: a zero-width space before the slash keeps the
    text, as Streamlit does in its own messages.
    """
    text = LINE_BREAKS.sub(" ", "" if value is None else str(value))
    if not text:
        return ""
    text = text.replace(":material/", ":material\u200b/")
    fence = "`" * (max((len(run) for run in BACKTICKS.findall(text)), default=0) + 1)
    # One space inside each fence is dropped by the reader, so a value may start or end in one.
    return f"{fence} {text} {fence}"


def usd(value: float | None) -> str:
    """$2.18 bn, $341.8 m, $40,569."""
    if value is None:
        return "no figure found"
    if value >= 1e9:
        return f"${value / 1e9:,.2f} bn"
    if value >= 1e6:
        return f"${value / 1e6:,.1f} m"
    return f"${value:,.0f}"


def flows_left_out(drawn: Sequence[DrawnFlow], left_out: int) -> str:
    """Why a map of a big trade file shows only its largest flows, and how to choose others."""
    year, smallest = drawn[-1].year, usd(drawn[-1].value)
    return (
        f"the map draws the {len(drawn):,} largest trade flows of {year} (down to {smallest}); "
        f"{left_out:,} smaller ones are left out. Choose with the top-N or minimum-value filter"
    )


def usd_round(value: float) -> str:
    """Two significant figures, as a legend reads: $250 bn, $65 bn, $2.5 bn, $40 m."""
    for unit, size in (("bn", 1e9), ("m", 1e6), ("k", 1e3)):
        if value >= size:
            return f"${float(f'{value / size:.2g}'):g} {unit}"
    return f"${value:.2g}"


def nice_below(value: float) -> float:
    """The largest of 1, 2, 2.5 and 5 times a power of ten that is at most ``value``."""
    if value <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(value))
    return max(step * power for step in (1, 2, 2.5, 5) if step * power <= value)


def when(moment: When | None) -> str:
    return "not reported" if moment is None else str(moment)


def moment(at: datetime) -> str:
    """An aware moment as a reader sees it: ``2 Sep 2025, 16:00 UTC+08:00``."""
    return str(When(day=at.date(), at=at))


def site_name(url: str) -> str | None:
    """The host a source lives on, without www., for a link's text; None unless http(s)."""
    try:
        parsed = urlparse(url)
    except ValueError:
        return None
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
        return None
    return parsed.netloc.removeprefix("www.")


SOURCE_WORDS = 6
"""Words of an article's address that tell it from another page of the same site."""


def source_labels(urls: Sequence[str]) -> list[str]:
    """A link text for each address: its site, and where two share a site, what tells the pages
    apart (the article's slug from its path, "North Koreas Kim daughter welcomed in…", else the
    last part of the path). An address that is not http(s) is itself."""
    sites = [site_name(url) or url for url in urls]
    shared = {site for site in sites if sites.count(site) > 1}
    return [
        f"{site}: {_page_words(url)}" if site in shared else site
        for url, site in zip(urls, sites, strict=True)
    ]


def _page_words(url: str) -> str:
    parts = [unquote(p).rsplit(".", 1)[0] for p in urlparse(url).path.split("/") if p]
    slug = next((p for p in reversed(parts) if re.search(r"[^\W\d_].*[-_].*[^\W\d_]", p)), None)
    if slug is None:
        return parts[-1] if parts else "home page"
    words = re.split(r"[-_]+", slug)
    return " ".join(words[:SOURCE_WORDS]) + ("…" if len(words) > SOURCE_WORDS else "")


def person_line(person: Person) -> str:
    return f"{person.name}, {person.title} ({country_name(person.iso3)})"


def leg_route(event: Event, leg: Leg) -> str:
    return f"{event.places[leg.from_].name} → {event.places[leg.to].name}"


def flow_title(flow: DrawnFlow) -> str:
    arrow = "→" if flow.flow == "exports" else "↔"
    what = "exports" if flow.flow == "exports" else "two-way trade"
    return f"{country_name(flow.exporter)} {arrow} {country_name(flow.importer)}, {what}, {flow.year}"


def day_span(first: date, last: date) -> str:
    """Two days in as few words as they need: 25 to 28 March 2018 is written with an en dash."""
    if first == last:
        return f"{first:%-d %B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%-d}–{last:%-d %B %Y}"
    if first.year == last.year:
        return f"{first:%-d %B} – {last:%-d %B %Y}"
    return f"{first:%-d %B %Y} – {last:%-d %B %Y}"
