"""Text that reaches HTML: one escaping helper, and the templates of tooltips and popups.

Every value from data goes through ``esc`` here; templates are trusted and never built by
concatenating data. Keeping both in one module makes "is this escaped?" a one-file question.
Text that reaches Streamlit's Markdown (its messages) goes through ``md_literal``, here too.
"""

from __future__ import annotations

import html
import re
from string import Template
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from geo.countries import country_name
from geo.schema import ExtraPlace, Leg, Person, Place, TradeFlow, When

if TYPE_CHECKING:
    from geo.events import Event
    from geo.trade import DrawnFlow

LINE_BREAKS = re.compile(r"\r\n|\r|\n")
"""Line endings as Markdown reads them."""
BACKTICKS = re.compile(r"`+")


def esc(value: object) -> str:
    """HTML-escape any value, quotes included, so it is text in an element or an attribute."""
    return html.escape("" if value is None else str(value), quote=True)


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


def fill(template: Template, **values: object) -> str:
    """Substitute escaped values into a trusted template. Values named ``*_html`` are not escaped:
    they must come from another ``fill`` call."""
    safe = {k: (v if k.endswith("_html") else esc(v)) for k, v in values.items()}
    return template.substitute(safe)


def source_link(url: str, *, label: str | None = None) -> str:
    """A link to a source; the host name is the label unless one is given.

    Only http(s) addresses become links. The schema refuses any other, but escaping cannot
    defuse ``javascript:`` in an href, so this edge checks again: anything else is shown as text.
    """
    try:
        parsed = urlparse(url)
    except ValueError:
        return esc(url)
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
        return esc(url)
    shown = label or parsed.netloc.removeprefix("www.") or url
    return fill(LINK, url=url, label=shown)


def usd(value: float | None) -> str:
    """$2.18 bn, $341.8 m, $40,569."""
    if value is None:
        return "no figure found"
    if value >= 1e9:
        return f"${value / 1e9:,.2f} bn"
    if value >= 1e6:
        return f"${value / 1e6:,.1f} m"
    return f"${value:,.0f}"


def when(moment: When | None) -> str:
    return "not reported" if moment is None else str(moment)


LINK = Template('<a href="$url" target="_blank" rel="noopener noreferrer">$label</a>')
LINES = Template("<b>$title</b><br>$body_html")
ROW = Template("$label: $value")
STATUS = Template(' <i class="dm-status dm-$status">($status$detail)</i>')


# What each kind of feature says. Tips show on hover and stay short; popups show on click
# and carry every figure with its source.


def _status(status: str, detail: str | None = None) -> str:
    return fill(STATUS, status=status, detail=f": {detail}" if detail else "")


def _rows(pairs: list[tuple[str, str]]) -> str:
    return "<br>".join(fill(ROW, label=k, value=v) for k, v in pairs)


def person_line(person: Person) -> str:
    return f"{esc(person.name)}, {esc(person.title)} ({esc(country_name(person.iso3))})"


def leg_route(event: Event, leg: Leg) -> str:
    return f"{event.places[leg.from_].name} → {event.places[leg.to].name}"


def leg_tip(event: Event, leg: Leg) -> str:
    person = event.person(leg.person)
    times = _rows([("Departs", when(leg.depart)), ("Arrives", when(leg.arrive))])
    status = "" if leg.time_status == "exact" else _status(leg.time_status, leg.alternatives)
    body = f"Leg {leg.seq}: {esc(leg_route(event, leg))} by {esc(leg.mode)}<br>{times}{status}"
    return fill(LINES, title=person.name, body_html=body)


def leg_popup(event: Event, leg: Leg) -> str:
    person = event.person(leg.person)
    lines = [
        person_line(person),
        f"Leg {leg.seq}: {esc(leg_route(event, leg))} by {esc(leg.mode)}",
        _rows([("Departs", when(leg.depart)), ("Arrives", when(leg.arrive))]),
        f"Times: {esc(leg.time_status)}"
        + (f" — also reported: {esc(leg.alternatives)}" if leg.alternatives else ""),
        f"Route: {esc(leg.route_status)}",
    ]
    if leg.waypoints:
        via = ", ".join(
            f"{esc(event.places[w.place].name)}" + (f" ({esc(w.status)})" if w.status != "confirmed" else "")
            for w in leg.waypoints
        )
        lines.append(f"Via: {via}")
    if leg.note:
        lines.append(f"Note: {esc(leg.note)}")
    lines.append("Source: " + source_link(leg.source_url))
    return '<div class="dm-popup">' + "<br>".join(lines) + "</div>"


def stop_tip(event: Event, place: Place, passes: list[tuple[str, When | None, str]]) -> str:
    """A station or waypoint, with each (what, when, status) of the travellers passing it."""
    body = "<br>".join(
        f"{esc(what)}: {esc(when(moment))}" + ("" if status in ("confirmed", "exact") else _status(status))
        for what, moment, status in passes
    )
    return fill(LINES, title=place.name, body_html=body or "")


def flow_title(flow: DrawnFlow) -> str:
    arrow = "→" if flow.flow == "exports" else "↔"
    what = "exports" if flow.flow == "exports" else "two-way trade"
    return f"{country_name(flow.exporter)} {arrow} {country_name(flow.importer)}, {what}, {flow.year}"


def _figure(row: TradeFlow) -> str:
    period = f" ({esc(row.period)})" if row.period else ""
    status = "" if row.value_status == "exact" else _status(row.value_status.replace("_", " "))
    return f"{esc(usd(row.value_usd))}{period} — {esc(row.series)}{status}"


def flow_tip(flow: DrawnFlow) -> str:
    body = _figure(flow.figures[0])
    if flow.disputed:
        body += _status("disputed", f"{len(flow.figures)} figures differ")
    return fill(LINES, title=flow_title(flow), body_html=body)


def flow_popup(flow: DrawnFlow) -> str:
    lines = [f"<b>{esc(flow_title(flow))}</b>"]
    for row in flow.figures:
        lines.append(_figure(row) + " · " + source_link(row.source_url))
        if row.quote:
            lines.append(f"<q>{esc(row.quote)}</q>")
    for row in flow.context:
        lines.append("Two-way total: " + _figure(row) + " · " + source_link(row.source_url))
    return '<div class="dm-popup">' + "<br>".join(lines) + "</div>"


def country_tip(name: str, role_label: str, people: list[Person]) -> str:
    who = "<br>".join(person_line(p) for p in people)
    body = esc(role_label) + (f"<br>{who}" if who else "")
    return fill(LINES, title=name, body_html=body)


def country_popup(
    name: str,
    role_label: str,
    people: list[Person],
    host_name: str,
    year: int,
    figures: list[TradeFlow],
    earlier: TradeFlow | None,
) -> str:
    lines = [f"<b>{esc(name)}</b> — {esc(role_label)}"]
    for p in people:
        lines.append(person_line(p) + " · " + source_link(p.source_url))
        if p.note:
            lines.append(f"<i>{esc(p.note)}</i>")
    lines.append(f"<b>Trade with {esc(host_name)}, {year}</b>")
    found = [f for f in figures if f.value_usd is not None]
    for row in found:
        arrow = "→" if row.flow == "exports" else "↔"
        pair = f"{country_name(row.exporter)} {arrow} {country_name(row.importer)}"
        lines.append(f"{esc(pair)}: {_figure(row)} · {source_link(row.source_url)}")
    if not found:
        searched = [source_link(f.source_url) for f in figures]
        lines.append("no figure found" + (" (looked in " + ", ".join(searched) + ")" if searched else ""))
        if earlier is not None:
            lines.append(
                f"Latest earlier: {earlier.year}: {_figure(earlier)} · {source_link(earlier.source_url)}"
            )
    return '<div class="dm-popup">' + "<br>".join(lines) + "</div>"


def place_tip(place: ExtraPlace) -> str:
    """A place the user added: its name, and what it is when they said."""
    return fill(LINES, title=place.name, body_html=esc(place.kind or "your place"))


def place_popup(place: ExtraPlace) -> str:
    heading = f"<b>{esc(place.name)}</b>" + (f" — {esc(place.kind)}" if place.kind else "")
    lines = [heading, "Added from your file"]
    if place.iso3:
        lines.append(esc(country_name(place.iso3)))
    lines.append(esc(f"{place.lat:.4f}, {place.lon:.4f}"))
    if place.note:
        lines.append(esc(place.note))
    lines.append("Source: " + (source_link(place.source_url) if place.source_url else "not given"))
    return '<div class="dm-popup">' + "<br>".join(lines) + "</div>"
