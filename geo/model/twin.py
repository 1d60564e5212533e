"""The map's story as text: its twin for a screen reader, a keyboard, a caption or an article.

Built once, as data, from the scene: the chapters, the highlighted trip leg by leg with its times
(a disputed time says so, and what else was reported), every leader with their country and
where they came from, and the trade flows the map draws with their values; every line with its
sources. geo.web.markup renders it as HTML under the exported map, geo.model.markdown as a file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from geo.io.events import Event
from geo.io.schema import Leg, Person, TradeFlow
from geo.model import facts, featured, text
from geo.model.scene import ChapterFrame, MapScene
from geo.model.trade import DrawnFlow
from geo.model.view import Scene
from geo.ref import geodesy
from geo.ref.countries import country_name

ARRIVED_KM = 60.0
"""A leg ending this close to the event's place has brought its traveller there (a city's station)."""
ROLES = {"host": 0, "guest": 1, "attendee": 2}
"""People in this order: the host, the guests on the official list, anyone else notable (data/README.md)."""


@dataclass(frozen=True)
class Line:
    head: str
    """What the line is about (a chapter's title, a leg, a leader), or empty."""
    text: str
    sources: tuple[str, ...] = ()
    """Addresses, each given once."""


@dataclass(frozen=True)
class Part:
    title: str
    lines: tuple[Line, ...]
    intro: str = ""


@dataclass(frozen=True)
class Twin:
    title: str
    subtitle: str
    parts: tuple[Part, ...]


def twin_of(scene: Scene, drawn: MapScene) -> Twin:
    """The scene's story as text; ``drawn`` is the scene's map (geo.model.scene.scene_of)."""
    event = scene.event
    parts = [chapters_part(drawn.chapters)]
    parts += [trip_part(event, person) for person in facts.focus_people(event) if event.legs_of(person)]
    parts.append(leaders_part(event))
    if "trade" in drawn.layers and scene.flows:
        parts.append(trade_part(scene))
    return Twin(drawn.title, drawn.subtitle, tuple(part for part in parts if part.lines))


def chapters_part(chapters: Iterable[ChapterFrame]) -> Part:
    told = [c for c in chapters if c.number > 0]
    lines = tuple(
        Line(f"Chapter {c.number} of {len(told)}: {c.title}.", c.text, _unique(c.sources)) for c in told
    )
    return Part("The story", lines)


def trip_part(event: Event, person_id: str) -> Part:
    person = event.person(person_id)
    lines = tuple(Line(text.leg_route(event, leg) + f", by {leg.mode}.", leg_times(leg), leg_sources(leg))
                  for leg in event.legs_of(person_id))  # fmt: skip
    return Part(f"{person.name}'s trip, leg by leg", lines, intro=text.person_line(person) + ".")


def leg_times(leg: Leg) -> str:
    """When a leg left and arrived, each time as sure as its source is, and what else was reported."""
    ends = [
        _moment("Departs", leg.depart, leg.depart_status or leg.time_status),
        _moment("arrives", leg.arrive, leg.arrive_status or leg.time_status),
    ]
    said = "; ".join(ends) + "."
    if leg.alternatives:
        said += f" Also reported: {leg.alternatives}."
    if leg.route_status != "confirmed":
        said += f" Route {leg.route_status.replace('_', ' ')}."
    return said


def _moment(what: str, moment: object, status: str) -> str:
    shown = f"{what} {text.when(moment)}"  # type: ignore[arg-type]
    return (
        shown if status in ("exact", "unknown") or moment is None else f"{shown}, {status.replace('_', ' ')}"
    )


def leg_sources(leg: Leg) -> tuple[str, ...]:
    return _unique([leg.source_url, *(w.source_url for w in leg.waypoints)])


def leaders_part(event: Event) -> Part:
    people = sorted(event.people, key=lambda p: ROLES.get(p.role, 3))
    return Part("Who came, and from where", tuple(leader_line(event, p) for p in people))


def leader_line(event: Event, person: Person) -> Line:
    legs = inbound(event, event.legs_of(person.id))
    head = f"{person.name}, {person.title}, {country_name(person.iso3)}."
    if not legs:
        came = "The host." if person.role == "host" else "Where they came from is not reported."
    else:
        stops = [event.places[leg.to].name for leg in legs[:-1]]
        via = f", by way of {', '.join(stops)}" if stops else ""
        came = f"Came from {event.places[legs[0].from_].name}{via}, by {_modes(legs)}."
    if person.role == "attendee":
        came += " Not on the official list of guests."
    return Line(head, came, _unique([person.source_url, *(leg.source_url for leg in legs)]))


def inbound(event: Event, legs: list[Leg]) -> list[Leg]:
    """The legs that bring a traveller to the event: up to the first that ends within ARRIVED_KM of its place."""
    venue = event.places.get(event.meta.place)
    for n, leg in enumerate(legs, start=1):
        end = event.places[leg.to]
        if venue is not None and geodesy.distance_km(end.lonlat, venue.lonlat) <= ARRIVED_KM:
            return legs[:n]
    return legs


def _modes(legs: Iterable[Leg]) -> str:
    return " and ".join(dict.fromkeys(leg.mode for leg in legs))


def trade_part(scene: Scene) -> Part:
    """The flows the map draws: those a chapter features first (story.toml's featured_flows), then
    the highlighted countries', then by value."""
    event = scene.event
    partners = featured.featured_partners(event)
    highlight = set(event.meta.highlight)

    def chapters(flow: DrawnFlow) -> tuple[int, ...]:
        pair = {flow.exporter, flow.importer}
        if event.meta.host not in pair:
            return ()
        return tuple(n for iso3 in pair & set(partners) for n in partners[iso3])

    def order(flow: DrawnFlow) -> tuple[bool, bool, float]:
        return (not chapters(flow), not ({flow.exporter, flow.importer} & highlight), -flow.value)

    flows = sorted(scene.flows, key=order)
    intro = f"Trade the map draws for {scene.year}: what the chapters feature first, then the largest."
    return Part(f"Trade, {scene.year}", tuple(flow_line(flow, chapters(flow)) for flow in flows), intro=intro)


def flow_line(flow: DrawnFlow, chapters: tuple[int, ...] = ()) -> Line:
    values = "; ".join(_figure(row) for row in flow.figures)
    if flow.disputed:
        values += f". Disputed: {len(flow.figures)} figures differ" if len(flow.figures) > 1 else ". Disputed"
    context = "".join(f" Two-way total: {_figure(row)}." for row in flow.context)
    urls = [row.source_url for row in (*flow.figures, *flow.context)]
    said = values + "." + context
    if chapters:
        said += f" Featured in chapter {', '.join(map(str, sorted(set(chapters))))}."
    return Line(text.flow_title(flow) + ":", said, _unique(urls))


def _figure(row: TradeFlow) -> str:
    period = f" ({row.period})" if row.period else ""
    status = "" if row.value_status == "exact" else f", {row.value_status}"
    return f"{text.usd(row.value_usd)}{period} ({row.series}{status})"


def _unique(urls: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(url for url in urls if url))
