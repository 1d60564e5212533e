"""Every piece of HTML Diplomap makes: tooltips, popups, the details panel, the map's boxes and
the app's cards. No other module writes a tag.

Templates are Jinja with autoescape on, and what they return is ``markupsafe.Markup``: a value
from data is escaped unless it is already Markup made here, so a missed escape cannot be
written by accident. The progression a reader follows is the same everywhere: the tooltip says
what a thing is in one line, the popup and the details panel say what we know as a short list,
with disputes beside the value they dispute, and sources as numbered links named by their site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup, escape

from geo import css, text
from geo.countries import country_name
from geo.schema import Leg, Person, TradeFlow

URL = re.compile(r"https?://[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]")
"""An address inside free text (a note, an alternative): it becomes a link named by its site."""
FOLD_AT = 160
"""Notes longer than this many characters fold behind "more"."""

TEMPLATES = {
    "link": '<a href="{{ url }}" target="_blank" rel="noopener noreferrer">{{ label }}</a>',
    "tip": "<b>{{ title }}</b>{% if line %}<br>{{ line }}{% endif %}",
    "status": '<span class="dm-status dm-{{ key }}">{{ status }}</span>',
    "sources": (
        '{% if links %}<ol class="dm-sources">{% for link in links %}<li>{{ link }}</li>{% endfor %}'
        "</ol>{% endif %}"
    ),
    "note": (
        '{% if short %}<p class="dm-note">{{ short }}</p>{% else %}'
        '<details class="dm-note"><summary>{{ head }}… more</summary>{{ body }}</details>{% endif %}'
    ),
    "card": (
        '<div class="dm-popup"><h3>{{ title }}</h3>{% if sub %}<p class="dm-sub">{{ sub }}</p>{% endif %}'
        '{% if facts %}<ul class="dm-facts">{% for label, value in facts %}'
        "<li>{% if label %}<b>{{ label }}</b> {% endif %}{{ value }}</li>{% endfor %}</ul>{% endif %}"
        "{% for part in parts %}{{ part }}{% endfor %}{{ sources }}</div>"
    ),
    "section": '<p class="dm-section"><b>{{ title }}</b></p><ul class="dm-facts">'
    "{% for line in lines %}<li>{{ line }}</li>{% endfor %}</ul>",
    "box_title": "<h1>{{ title }}</h1><div>{{ sub }}</div>",
    "legend": (
        '<div class="dm-legend">{% for kind, style, label in rows %}'
        '<div><i class="{{ kind }}" style="{{ style }}"></i>{{ label }}</div>{% endfor %}</div>'
    ),
    "figure": (
        '<div class="dm-figure"><div class="dm-label">{{ label }}{% if mark %} '
        '<span class="dm-mark">({{ mark }})</span>{% endif %}</div><div class="dm-value">{{ value }}</div>'
        '<div class="dm-note">{{ note }}{% if source %} Source: {{ source }}{% endif %}</div></div>'
    ),
    "figures": '<div class="dm-figures">{% for card in cards %}{{ card }}{% endfor %}</div>',
    "title_line": (
        '<h1 class="dm-titleline" style="margin:0;padding:0;font-size:1.35rem;font-weight:650;'
        'white-space:nowrap;overflow:hidden;text-overflow:ellipsis"><span class="dm-title">{{ title }}</span> '
        '<span style="font-weight:400;font-size:1rem;color:#555">· {{ date }}{% if place %} · {{ place }}'
        "{% endif %}</span></h1>"
    ),
    "summary": '<p class="dm-summary" style="margin:.2em 0;font-size:.9rem;color:#444">{{ text }}</p>',
    "style": "<style>{{ css }}</style>",
    "script": "<script>{{ js }}</script>",
    "details": '<div class="dm-details">{{ body }}</div>',
}
ENV = Environment(loader=DictLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined)


def render(name: str, **values: object) -> Markup:
    return Markup(ENV.get_template(name).render(**values))


def esc(value: object) -> Markup:
    """Any value as HTML text, quotes included."""
    return escape("" if value is None else value)


def source_link(url: str, *, label: str | None = None) -> Markup:
    """A link to a source named by its site; anything but an http(s) address stays text.

    The schema refuses other schemes, but escaping cannot defuse ``javascript:`` in an href, so
    this edge checks again.
    """
    site = text.site_name(url)
    if site is None:
        return esc(url)
    return render("link", url=url, label=label or site)


def linkify(value: str | None) -> Markup:
    """Free text with each address in it turned into a link named by its site."""
    if not value:
        return Markup("")
    out, last = [], 0
    for match in URL.finditer(value):
        out.append(esc(value[last : match.start()]))
        out.append(source_link(match.group()))
        last = match.end()
    out.append(esc(value[last:]))
    return Markup("").join(out)


def fold(note: str | None) -> Markup:
    """A note as a paragraph, or its first words with the rest behind "more"."""
    if not note:
        return Markup("")
    if len(note) <= FOLD_AT:
        return render("note", short=linkify(note), head="", body="")
    cut = note.rfind(" ", 0, FOLD_AT)
    head = note[: cut if cut > 0 else FOLD_AT]
    return render("note", short="", head=linkify(head), body=linkify(note))


def sources(urls: Iterable[str]) -> Markup:
    """Numbered links, one per distinct source, named by their site."""
    return render("sources", links=[source_link(u) for u in dict.fromkeys(urls) if u])


def status(value: str, detail: str | None = None) -> Markup:
    mark = render("status", key=value, status=value.replace("_", " "))
    return mark + (Markup(" — also reported: ") + linkify(detail) if detail else Markup(""))


def tip(title: str, line: object = "") -> Markup:
    return render("tip", title=title, line=line)


def card(
    title: str,
    *,
    sub: object = "",
    facts: Sequence[tuple[str, object]] = (),
    parts: Sequence[Markup] = (),
    urls: Iterable[str] = (),
) -> Markup:
    return render("card", title=title, sub=sub, facts=facts, parts=parts, sources=sources(urls))


def section(title: str, lines: Sequence[object]) -> Markup:
    return render("section", title=title, lines=lines)


# What each kind of feature says.


def person_line(person: Person) -> Markup:
    return esc(text.person_line(person))


def leg_sub(event, leg: Leg) -> str:
    return f"Leg {leg.seq}: {text.leg_route(event, leg)} by {leg.mode}"


def leg_tip(event, leg: Leg) -> Markup:
    line = esc(leg_sub(event, leg))
    if leg.time_status != "exact":
        line += Markup(" · ") + status(leg.time_status)
    return tip(event.person(leg.person).name, line)


def _time_fact(moment, value_status: str) -> Markup:
    shown = esc(text.when(moment))
    return shown if value_status == "exact" else shown + Markup(" ") + status(value_status)


def leg_popup(event, leg: Leg) -> Markup:
    depart_status = getattr(leg, "depart_status", None) or leg.time_status
    arrive_status = getattr(leg, "arrive_status", None) or leg.time_status
    person = event.person(leg.person)
    facts: list[tuple[str, object]] = [
        ("", person_line(person)),
        ("Departs", _time_fact(leg.depart, depart_status)),
        ("Arrives", _time_fact(leg.arrive, arrive_status)),
    ]
    if leg.alternatives:
        facts.append(("Also reported", linkify(leg.alternatives)))
    facts.append(
        ("Route", status(leg.route_status) if leg.route_status == "unconfirmed" else leg.route_status)
    )
    if leg.waypoints:
        via = ", ".join(
            event.places[w.place].name + ("" if w.status == "confirmed" else f" ({w.status})")
            for w in leg.waypoints
        )
        facts.append(("Via", via))
    if not leg.source_url:
        facts.append(("Source", "none: the route is inferred, not reported"))
    urls = [leg.source_url, *(w.source_url for w in leg.waypoints)]
    return card(person.name, sub=leg_sub(event, leg), facts=facts, parts=[fold(leg.note)], urls=urls)


def stop_tip(name: str, passes: Sequence) -> Markup:
    """A station, with each traveller passing it and when."""
    lines = [
        esc(f"{p.what}: {text.when(p.when)}")
        + (Markup("") if p.status in ("confirmed", "exact") else Markup(" ") + status(p.status))
        for p in passes
    ]
    return tip(name, Markup("<br>").join(lines) if lines else "")


def stop_popup(name: str, passes: Sequence, urls: Iterable[str]) -> Markup:
    lines = [
        esc(f"{p.what}: {text.when(p.when)}")
        + (Markup("") if p.status in ("confirmed", "exact") else Markup(" ") + status(p.status))
        for p in passes
    ]
    return card(name, facts=[("", line) for line in lines], urls=urls)


def _figure(row: TradeFlow) -> Markup:
    period = f" ({row.period})" if row.period else ""
    shown = esc(f"{text.usd(row.value_usd)}{period} — {row.series}")
    if row.value_status != "exact":
        shown += Markup(" ") + status(row.value_status)
    return shown


def flow_tip(flow) -> Markup:
    line = _figure(flow.figures[0])
    if flow.disputed:
        line += Markup(" ") + status("disputed", None) + esc(f" ({len(flow.figures)} figures differ)")
    return tip(text.flow_title(flow), line)


def flow_popup(flow) -> Markup:
    facts: list[tuple[str, object]] = [("", _figure(row)) for row in flow.figures]
    if flow.disputed:
        facts.append(("", status("disputed") + esc(f": {len(flow.figures)} figures differ")))
    for row in flow.context:
        facts.append(("Two-way total", _figure(row)))
    quotes = [fold(f"“{row.quote}”") for row in flow.figures if row.quote]
    urls = [row.source_url for row in (*flow.figures, *flow.context)]
    return card(text.flow_title(flow), facts=facts, parts=quotes, urls=urls)


def country_tip(name: str, role_label: str, people: Sequence[Person]) -> Markup:
    return tip(name, Markup("<br>").join([esc(role_label), *(person_line(p) for p in people)]))


def country_popup(
    name: str,
    role_label: str,
    people: Sequence[Person],
    host_name: str,
    year: int,
    figures: Sequence[TradeFlow],
    earlier: TradeFlow | None,
    *,
    travel: Sequence[Markup] = (),
) -> Markup:
    facts: list[tuple[str, object]] = [("", person_line(p)) for p in people]
    found = [f for f in figures if f.value_usd is not None]
    for row in found:
        arrow = "→" if row.flow == "exports" else "↔"
        facts.append((f"{country_name(row.exporter)} {arrow} {country_name(row.importer)}", _figure(row)))
    if not found:
        facts.append((f"Trade with {host_name}, {year}", "no figure found"))
        if earlier is not None:
            facts.append((f"Latest earlier ({earlier.year})", _figure(earlier)))
    parts = [fold(p.note) for p in people if p.note]
    if travel:
        parts.append(section("Travel", travel))
    urls = [p.source_url for p in people] + [f.source_url for f in figures]
    if earlier is not None and not found:
        urls.append(earlier.source_url)
    return card(name, sub=role_label, facts=facts, parts=parts, urls=urls)


def leg_line(event, leg: Leg) -> Markup:
    """One leg on one line, times as reported, with its status."""
    line = esc(f"{leg_sub(event, leg)}, {text.when(leg.depart)} → {text.when(leg.arrive)}")
    if leg.time_status != "exact":
        line += Markup(" ") + status(leg.time_status, leg.alternatives)
    return line


def position_line(moment: str, where: str, note: str) -> Markup:
    line = esc(f"{moment}: {where}")
    return line + (Markup("<br>") + render("note", short=esc(note), head="", body="") if note else Markup(""))


def position_tip(person: Person, moment: str, where: str, note: str) -> Markup:
    return tip(person.name, position_line(moment, where, note))


def person_popup(
    event, person: Person, *, position: Markup | None = None, legs: Sequence[Leg] = ()
) -> Markup:
    parts = [fold(person.note)]
    if position is not None:
        parts.append(position)
    if legs:
        parts.append(section("Travel", [leg_line(event, leg) for leg in legs]))
    urls = [person.source_url, *(leg.source_url for leg in legs)]
    return card(person.name, sub=text.person_line(person), parts=parts, urls=urls)


def place_tip(name: str, category: str) -> Markup:
    return tip(name, category or "your place")


def place_popup(place: dict) -> Markup:
    """A place a user added, from its row in the places layer."""
    facts: list[tuple[str, object]] = [("", "Added from your file")]
    if place["country"]:
        facts.append(("", place["country"]))
    facts.append(("", f"{place['lat']:.4f}, {place['lon']:.4f}"))
    parts = [fold(place["note"])]
    if not place["source_url"]:
        parts.append(esc("Source: not given"))
    urls = [place["source_url"]] if place["source_url"] else []
    return card(place["name"], sub=place["category"], facts=facts, parts=parts, urls=urls)


# The map's boxes, and the app's cards.


def box_title(title: str, sub: str) -> Markup:
    return render("box_title", title=title, sub=sub)


@dataclass(frozen=True)
class LegendRow:
    kind: str
    """``sw`` (a swatch) or ``ln`` (a line)."""
    style: str
    """CSS from the registry's colours and widths, never from data."""
    label: str


def legend(rows: Sequence[LegendRow]) -> Markup:
    return render("legend", rows=[(r.kind, r.style, r.label) for r in rows])


def figure_cards(cards: Sequence[tuple[str, str | None, str, str, str | None]]) -> Markup:
    """(label, mark, value, note, source url) per figure."""
    rendered = [
        render(
            "figure",
            label=label,
            mark=mark,
            value=value,
            note=note + ("." if note and url else ""),
            source=source_link(url) if url else "",
        )
        for label, mark, value, note, url in cards
    ]
    return style(css.FIGURES) + render("figures", cards=rendered)


def title_line(title: str, date: str, place: str) -> Markup:
    """The app's title: one line, so the map starts near the top of the page."""
    return render("title_line", title=title, date=date, place=place)


def summary(value: str) -> Markup:
    return render("summary", text=value)


def details(body: Markup) -> Markup:
    return style(css.DETAILS) + render("details", body=body)


def style(css: str) -> Markup:
    """CSS that is ours (never data) as a style element; ``</`` cannot close it early."""
    return render("style", css=Markup(css.replace("</", "<\\/")))


def script(js: str) -> Markup:
    """A script that is ours (a vendored library) as a script element."""
    return render("script", js=Markup(js.replace("</script", "<\\/script")))


ATTRIBUTION = (
    "Countries: Natural Earth · Places: GeoNames · Facts: the sources in each popup · "
    '<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>'
)
TEMPLATES.update(  # A person's map (geo.atlas): each destination's label, and the table of trips.
    trip_label='{% for c, line in rows %}<div style="color:{{ c }}">{{ line }}</div>{% endfor %}',
    trip_table='<details class="dm-trips" open><summary>{{ title }}</summary><table><tr>{% for h in head %}'
    '<th>{{ h }}</th>{% endfor %}</tr>{% for c, cells in rows %}<tr><td><i style="background:{{ c }}"></i></td>'
    "{% for cell in cells %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</table></details>",
)


def trip_label(rows: Sequence[tuple[str, str]]) -> Markup:  # (colour from geo.trips, text) per trip
    return render("trip_label", rows=rows)


def trip_table(title: str, head: Sequence[str], rows: Sequence[tuple[str, Sequence[object]]]) -> Markup:
    return style(css.ATLAS) + render("trip_table", title=title, head=head, rows=rows)
