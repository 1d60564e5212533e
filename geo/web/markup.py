"""Every piece of HTML Diplomap makes: tooltips, popups, the details panel, the map's boxes and
the app's cards. No other module writes a tag.

Templates are Jinja with autoescape on, and what they return is ``markupsafe.Markup``: a value
from data is escaped unless it is already Markup made here, so a missed escape cannot be
written by accident. The progression a reader follows is the same everywhere: the tooltip says
what a thing is in one line, the popup and the details panel say what we know as a short list,
with disputes beside the value they dispute, and sources as numbered links named by their site.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup, escape

from geo.model import text
from geo.model.twin import Twin
from geo.web import css

URL = re.compile(r"https?://[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]")
"""An address inside free text (a note, an alternative): it becomes a link named by its site."""
FOLD_AT = 160
"""Notes longer than this many characters fold behind "more"."""
CHAPTER_FOLD_AT = 420
"""A chapter's text is meant to be read: it folds only when it runs long (an event's summary)."""

TEMPLATES = {
    "link": '<a href="{{ url }}" target="_blank" rel="noopener noreferrer">{{ label }}</a>',
    "box_title": "<h1>{{ title }}</h1><div>{{ sub }}</div>",
    "tip": "<b>{{ title }}</b>{% if line %}<br>{{ line }}{% endif %}",
    "lines": "{% for item in items %}{{ item }}{{ '<br>'|safe if not loop.last }}{% endfor %}",
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
    "legend": (
        '<details class="dm-key" open><summary>Key</summary><div class="dm-legend">'
        '{% for kind, style, label, layer in rows %}{% if kind == "hd" %}<div class="dm-head" data-layer="{{ layer }}">'
        '{{ label }}</div>{% else %}<div data-layer="{{ layer }}"><i class="{{ kind }}" '
        'style="{{ style }}"></i>{{ label }}</div>{% endif %}{% endfor %}</div></details>'
    ),
    "chapter": (
        '<div class="dm-chapter"><h1>{{ event }}</h1><p class="dm-when">{{ when }}</p>'
        '{% if number %}<p class="dm-kicker">Chapter {{ number }} of {{ count }}</p>{% endif %}'
        "<h2>{{ title }}</h2>{{ text }}"
        '{% if sources %}<p class="dm-src">{{ "Sources" if sources|length > 1 else "Source" }}: '
        '{% for link in sources %}{{ link }}{{ " · " if not loop.last }}{% endfor %}</p>{% endif %}'
        '<div class="dm-nav"><button type="button" data-go="{{ previous }}" {{ "disabled" if number == 0 }}'
        ' aria-label="Previous chapter">‹ Previous</button>'
        '<button type="button" data-go="{{ next }}" {{ "disabled" if number == count }}'
        ' aria-label="Next chapter">Next ›</button>'
        '<button type="button" data-go="0" {{ "disabled" if number == 0 }}>Everything</button>'
        '<a class="dm-as-text" href="#dm-story-text">As text</a></div></div>'
    ),
    "chapter_text": (
        '<div class="dm-chapter"><p class="dm-kicker" style="margin:0;font-size:.75rem;color:#d81b60;'
        'text-transform:uppercase">Chapter {{ number }} of {{ count }}</p><h3 style="margin:.1em 0 .3em">'
        '{{ title }}</h3><p style="margin:0 0 .3em;font-size:.9rem">{{ text }}</p>'
        '<p style="margin:0;font-size:.75rem;color:#666">Sources: {% for link in sources %}{{ link }}'
        '{{ " · " if not loop.last }}{% endfor %}</p></div>'
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
        '<span style="font-weight:400;font-size:1rem;color:#555">{% if date %}· {{ date }} {% endif %}'
        "{% if place %}· {{ place }}{% endif %}</span></h1>"
    ),
    "summary": '<p class="dm-summary" style="margin:.2em 0;font-size:.9rem;color:#444">{{ text }}</p>',
    "style": "<style>{{ css }}</style>",
    "script": "<script>{{ js }}</script>",
    "details": '<div class="dm-details">{{ body }}</div>',
}
ENV = Environment(loader=DictLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined)


def render(name: str, **values: object) -> Markup:
    fast = FAST.get(name)
    if fast is not None:
        return fast(**values)
    return Markup(ENV.get_template(name).render(**values))


def _fast_link(url: object, label: object) -> Markup:
    return Markup(f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{escape(label)}</a>')


def _fast_tip(title: object, line: object) -> Markup:
    return Markup(f"<b>{escape(title)}</b><br>{escape(line)}" if line else f"<b>{escape(title)}</b>")


def _fast_sources(links: Sequence[object]) -> Markup:
    if not links:
        return Markup("")
    return Markup('<ol class="dm-sources">' + "".join(f"<li>{escape(link)}</li>" for link in links) + "</ol>")


def _fast_card(title: object, sub: object, facts: Sequence, parts: Sequence, sources: object) -> Markup:
    html = [f'<div class="dm-popup"><h3>{escape(title)}</h3>']
    if sub:
        html.append(f'<p class="dm-sub">{escape(sub)}</p>')
    if facts:
        html.append('<ul class="dm-facts">')
        html += (
            f"<li><b>{escape(label)}</b> {escape(value)}</li>" if label else f"<li>{escape(value)}</li>"
            for label, value in facts
        )
        html.append("</ul>")
    html += (escape(part) for part in parts)
    html.append(f"{escape(sources)}</div>")
    return Markup("".join(html))


FAST = {"link": _fast_link, "tip": _fast_tip, "sources": _fast_sources, "card": _fast_card}
"""The templates every feature renders (10,000 trade flows: 40,000 renders) as format strings
over markupsafe.escape: the same HTML, escaped the same way (tests/test_markup.py compares
each with its Jinja template above), without Jinja's per-render context, which was a third
of the 10,000-flow build. Markup.format would escape too, but runs string.Formatter in Python."""


def esc(value: object) -> Markup:
    """Any value as HTML text, quotes included."""
    return escape("" if value is None else value)


@functools.lru_cache(maxsize=4096)
def source_link(url: str, *, label: str | None = None) -> Markup:
    """A link to a source named by its site; anything but an http(s) address stays text.

    The schema refuses other schemes, but escaping cannot defuse ``javascript:`` in an href, so
    this edge checks again. Remembered: 10,000 flows cite a few pages, and reading each
    address's site every time was a tenth of their build.
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


def fold(note: str | None, *, at: int = FOLD_AT) -> Markup:
    """A note as a paragraph, or its first words with the rest behind "more"."""
    if not note:
        return Markup("")
    if len(note) <= at:
        return render("note", short=linkify(note), head="", body="")
    cut = note.rfind(" ", 0, at)
    head = note[: cut if cut > 0 else at]
    return render("note", short="", head=linkify(head), body=linkify(note))


def sources(urls: Iterable[str]) -> Markup:
    """Numbered links, one per distinct source, named by their site."""
    return render("sources", links=source_links(urls))


def source_links(urls: Iterable[str]) -> list[Markup]:
    """One link per distinct source, named by its site; pages of one site told apart by their
    address (geo.model.text.source_labels)."""
    unique = [u for u in dict.fromkeys(urls) if u]
    if len({text.site_name(u) for u in unique}) == len(unique):  # the common case, kept quick
        return [source_link(u) for u in unique]
    return [source_link(u, label=label) for u, label in zip(unique, text.source_labels(unique), strict=True)]


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


def lines(items: Sequence[object]) -> Markup:
    """Items one to a line."""
    return render("lines", items=items)


def note(value: str) -> Markup:
    """A short note, never folded."""
    return render("note", short=linkify(value), head="", body="")


def section(title: str, lines: Sequence[object]) -> Markup:
    return render("section", title=title, lines=lines)


# The map's boxes, and the app's cards.


def box_title(title: str, sub: str) -> Markup:
    return render("box_title", title=title, sub=sub)


@dataclass(frozen=True)
class LegendRow:
    kind: str
    """``sw`` (a swatch), ``ln`` (a line), ``pt`` (a point) or ``hd`` (a heading, no mark)."""
    style: str
    """CSS from the registry's colours and widths, never from data."""
    label: str
    layer: str = ""
    """The layers it keys, space-separated: the row hides while they are all off."""


def legend(rows: Sequence[LegendRow]) -> Markup:
    return render("legend", rows=[(r.kind, r.style, r.label, r.layer) for r in rows])


def chapter_card(
    event: str, when: str, number: int, count: int, title: str, body: str, urls: Sequence[str]
) -> Markup:
    """A chapter of the story (number 0: everything), with the buttons that move between them."""
    return render(
        "chapter",
        event=event,
        when=when,
        number=number,
        count=count,
        title=title,
        text=fold(body, at=CHAPTER_FOLD_AT),
        sources=source_links(urls),
        previous=max(number - 1, 0),
        next=min(number + 1, count),
    )


def chapter_text(number: int, count: int, title: str, body: str, urls: Sequence[str]) -> Markup:
    """A chapter beside the app's map: the sidebar moves between chapters, so no buttons."""
    links = source_links(urls)
    return render("chapter_text", number=number, count=count, title=title, text=linkify(body), sources=links)


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


POPUP_SOURCES = "Facts: the sources in each popup"
LEAFLET_LINK = '<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>'


def attribution(credits: Sequence[str]) -> Markup:
    """The credits (geo.model.scene.CREDITS), where the facts' sources are, and Leaflet."""
    return Markup(" · ").join([*credits, POPUP_SOURCES, Markup(LEAFLET_LINK)])


TEMPLATES.update(  # A person's map (geo.web.atlas): each destination's label, and the table of trips.
    trip_label='{% for c, line in rows %}<div style="color:{{ c }}">{{ line }}</div>{% endfor %}',
    trip_table='<details class="dm-trips"><summary>{{ title }}</summary><table><tr>{% for h in head %}'
    '<th>{{ h }}</th>{% endfor %}</tr>{% for c, cells in rows %}<tr><td><i style="background:{{ c }}"></i></td>'
    "{% for cell in cells %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</table>"
    '{% if note %}<p class="dm-note">{{ note }}</p>{% endif %}</details>',
)


def trip_label(rows: Sequence[tuple[str, str]]) -> Markup:  # (colour from geo.model.trips, text) per trip
    return render("trip_label", rows=rows)


def trip_table(
    title: str, head: Sequence[str], rows: Sequence[tuple[str, Sequence[object]]], *, note: str = ""
) -> Markup:
    return style(css.ATLAS) + render("trip_table", title=title, head=head, rows=rows, note=note)


TEMPLATES.update(  # The map's story as text (geo.model.twin), under the exported map, and the link to it.
    twin='<section class="dm-twin" id="dm-story-text" aria-labelledby="dm-story-text-title">'
    '<h2 id="dm-story-text-title">{{ title }}: the story as text</h2><p>{{ subtitle }}</p>'
    "{% for part in parts %}<h3>{{ part.title }}</h3>{% if part.intro %}<p>{{ part.intro }}</p>{% endif %}<ul>"
    "{% for head, text, links in part.lines %}<li>{% if head %}<b>{{ head }}</b> {% endif %}{{ text }}"
    '{% if links %} <span class="dm-src">{{ "Sources" if links|length > 1 else "Source" }}: '
    '{% for link in links %}{{ link }}{{ ", " if not loop.last }}{% endfor %}</span>{% endif %}</li>'
    "{% endfor %}</ul>{% endfor %}</section>",
    skip='<a class="dm-skip" href="#dm-story-text">Skip to the story as text</a>',
)


def twin(twin: Twin) -> Markup:
    """The story as text (geo.model.twin.Twin): headings, lists, each line's sources as links."""
    parts = [
        {
            "title": part.title,
            "intro": part.intro,
            "lines": [(line.head, line.text, [source_link(u) for u in line.sources]) for line in part.lines],
        }
        for part in twin.parts
    ]
    return render(
        "twin", title=twin.title, subtitle=twin.subtitle, parts=parts
    )  # styled by css.MAP, in the head


def skip_link() -> Markup:
    return render("skip")


PAGE = (  # A branca Figure's template (geo.web.export): the page's language, and the map in its main landmark,
    # as tall as the page, or a map sized 100% of it (folium's own) has no height at all.
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n{% if this.title %}<title>{{ this.title }}</title>{% endif %}'
    '\n{{ this.header.render(**kwargs) }}\n</head>\n<body>\n<main style="height: 100%">\n'
    "{{ this.html.render(**kwargs) }}\n</main>\n"
    "</body>\n<script>\n{{ this.script.render(**kwargs) }}\n</script>\n</html>\n"
)
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1.0">'
FOLIUM_VIEWPORT = re.compile(r"<meta name=\"viewport\"[^>]*>")


def zoomable(page: str) -> str:
    """A page a reader may zoom (folium's viewport forbids it): the map keeps its own pinch."""
    return FOLIUM_VIEWPORT.sub(VIEWPORT, page, count=1)
