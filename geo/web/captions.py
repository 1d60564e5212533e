"""What each drawn feature says: its tooltip and its popup, rendered at the map's edge.

Frames hold data (geo.model.layers); this module looks each feature's record up by its id and has
geo.web.markup render it. The map's popups and the app's details panel come from the same
functions, so a click says the same thing in both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

import geopandas as gpd
from markupsafe import Markup

from geo.base import ids, registry
from geo.io.schema import Leg, Person, Share, TradeFlow
from geo.model import facts, shares, text
from geo.model.trade import figures_between, latest_before
from geo.model.view import Scene
from geo.ref.countries import country_name
from geo.web import markup

Caption = tuple[Markup, Markup]
"""(tooltip, popup); an empty popup means the feature opens none."""
EMPTY = Markup("")


# What each kind of feature says, as cards of geo.web.markup.


def person_line(person: Person) -> Markup:
    return markup.esc(text.person_line(person))


def leg_sub(event, leg: Leg) -> str:
    return f"Leg {leg.seq}: {text.leg_route(event, leg)} by {leg.mode}"


def leg_tip(event, leg: Leg) -> Markup:
    line = markup.esc(leg_sub(event, leg))
    if leg.time_status != "exact":
        line += Markup(" · ") + markup.status(leg.time_status)
    if leg.route_status == "unknown":
        line += Markup(" · ") + markup.esc(registry.ROUTE_KEYS["unknown"].label.lower())
    return markup.tip(event.person(leg.person).name, line)


def route_fact(leg: Leg) -> object:
    """A leg's route status, with what it means when the line is not solid."""
    key = registry.ROUTE_KEYS.get(leg.route_status)
    if key is None:
        return leg.route_status
    return markup.status(leg.route_status) + markup.esc(f": {key.caption}")


def _time_fact(moment, value_status: str) -> Markup:
    shown = markup.esc(text.when(moment))
    return shown if value_status == "exact" else shown + Markup(" ") + markup.status(value_status)


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
        facts.append(("Also reported", markup.linkify(leg.alternatives)))
    facts.append(("Route", route_fact(leg)))
    if leg.waypoints:
        via = ", ".join(
            event.places[w.place].name + ("" if w.status == "confirmed" else f" ({w.status})")
            for w in leg.waypoints
        )
        facts.append(("Via", via))
    if not leg.source_url:
        facts.append(("Source", "none: the route is inferred, not reported"))
    urls = [leg.source_url, *(w.source_url for w in leg.waypoints)]
    return markup.card(
        person.name, sub=leg_sub(event, leg), facts=facts, parts=[markup.fold(leg.note)], urls=urls
    )


def _pass_lines(passes: Sequence, *, also: bool = False) -> list[Markup]:
    """Each passing with its time, how sure the source is of it, and of the time when that differs;
    with ``also``, a disputed time gives the other times reported beside it."""
    lines = []
    for p in passes:
        line = markup.esc(f"{p.what}: {text.when(p.when)}")
        for status in dict.fromkeys((p.status, p.time_status) if p.when else (p.status,)):
            if status not in ("confirmed", "exact", "unknown"):
                shown = _pass_status(p, also=also) if status == p.status else markup.status(status)
                line += Markup(" ") + shown
        lines.append(line)
    return lines


def _pass_status(found, *, also: bool) -> Markup:
    """A passing's status; with ``also``, a disputed time gives the other times reported beside it
    (a long account folds behind "more")."""
    if not also or not found.also:
        return markup.status(found.status)
    if len(found.also) <= markup.FOLD_AT:
        return markup.status(found.status, found.also)
    return markup.status(found.status) + markup.fold(f"Also reported: {found.also}")


def stop_tip(name: str, passes: Sequence) -> Markup:
    """A station, with each traveller passing it and when."""
    lines = _pass_lines(passes)
    return markup.tip(name, markup.lines(lines) if lines else "")


def stop_popup(name: str, passes: Sequence, urls: Iterable[str], *, note: str | None = None) -> Markup:
    """A station's card: each passing, and beside a disputed time what else the sources report."""
    facts = [("", line) for line in _pass_lines(passes, also=True)]
    return markup.card(name, facts=facts, parts=[markup.fold(note)], urls=urls)


def _figure(row: TradeFlow) -> Markup:
    period = f" ({row.period})" if row.period else ""
    shown = markup.esc(f"{text.usd(row.value_usd)}{period} — {row.series}")
    if row.value_status != "exact":
        shown += Markup(" ") + markup.status(row.value_status)
    return shown


def flow_tip(flow) -> Markup:
    line = _figure(flow.figures[0])
    if flow.disputed:
        line += (
            Markup(" ")
            + markup.status("disputed", None)
            + markup.esc(f" ({len(flow.figures)} figures differ)")
        )
    return markup.tip(text.flow_title(flow), line)


def flow_popup(flow) -> Markup:
    facts: list[tuple[str, object]] = [("", _figure(row)) for row in flow.figures]
    if flow.disputed:
        facts.append(("", markup.status("disputed") + markup.esc(f": {len(flow.figures)} figures differ")))
    for row in flow.context:
        facts.append(("Two-way total", _figure(row)))
    quotes = [markup.fold(f"“{row.quote}”") for row in flow.figures if row.quote]
    urls = [row.source_url for row in (*flow.figures, *flow.context)]
    return markup.card(text.flow_title(flow), facts=facts, parts=quotes, urls=urls)


def country_tip(name: str, role_label: str, people: Sequence[Person]) -> Markup:
    return markup.tip(name, markup.lines([markup.esc(role_label), *(person_line(p) for p in people)]))


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
    parts = [markup.fold(p.note) for p in people if p.note]
    if travel:
        parts.append(markup.section("Travel", travel))
    urls = [p.source_url for p in people] + [f.source_url for f in figures]
    if earlier is not None and not found:
        urls.append(earlier.source_url)
    return markup.card(name, sub=role_label, facts=facts, parts=parts, urls=urls)


def _share_figure(row: Share) -> Markup:
    """A share with what it rests on: the two figures divided, or the page's own words."""
    share = row.share
    shown = shares.percent(share) if share is not None else "no figure found"
    if row.partner_trade is not None and row.total_trade is not None:
        shown += f" ({row.partner_trade:,.0f} of {row.total_trade:,.0f} {row.unit})"
    period = f", {row.period}" if row.period else ""
    line = markup.esc(f"{shown} — {row.series}, {row.year}{period}")
    return line if row.value_status == "exact" else line + Markup(" ") + markup.status(row.value_status)


def share_tip(name: str, title: str, found: shares.CountryShare) -> Markup:
    value = found.value
    line = "no figure found" if value is None else f"{shares.percent(value)} ({found.rows[0].year})"
    shown = markup.esc(f"{title}: {line}")
    if found.disputed:
        shown += Markup(" ") + markup.status("disputed")
    return markup.tip(name, shown)


def share_popup(name: str, title: str, found: shares.CountryShare) -> Markup:
    facts: list[tuple[str, object]] = [("", _share_figure(row)) for row in found.rows]
    facts += [("Also reported", markup.linkify(row.alternatives)) for row in found.rows if row.alternatives]
    if not found.rows:
        facts.append(("", "no figure found in the pages searched"))
    parts = [markup.fold(f"“{row.quote}”") for row in found.rows if row.quote]
    parts += [markup.fold(row.note) for row in found.rows if row.note]
    urls = [row.source_url for row in found.rows]
    return markup.card(name, sub=title, facts=facts, parts=parts, urls=urls)


def leg_line(event, leg: Leg) -> Markup:
    """One leg on one line, times as reported, with its status."""
    line = markup.esc(f"{leg_sub(event, leg)}, {text.when(leg.depart)} → {text.when(leg.arrive)}")
    if leg.time_status != "exact":
        line += Markup(" ") + markup.status(leg.time_status, leg.alternatives)
    return line


def position_line(moment: str, where: str, note: str) -> Markup:
    line = markup.esc(f"{moment}: {where}")
    return markup.lines([line, markup.note(note)]) if note else line


def person_popup(
    event, person: Person, *, position: Markup | None = None, legs: Sequence[Leg] = ()
) -> Markup:
    parts = [markup.fold(person.note)]
    if position is not None:
        parts.append(position)
    if legs:
        parts.append(markup.section("Travel", [leg_line(event, leg) for leg in legs]))
    urls = [person.source_url, *(leg.source_url for leg in legs)]
    return markup.card(person.name, sub=text.person_line(person), parts=parts, urls=urls)


def place_tip(name: str, category: str) -> Markup:
    return markup.tip(name, category or "your place")


def place_popup(place: dict) -> Markup:
    """A place a user added, from its row in the places layer: where it came from first (the file
    it was uploaded in, and the source the file gives for it, a link when it is an address)."""
    file, number = place.get("file", ""), place.get("number")
    where = f"{file}, feature {number}" if file and number else file
    facts: list[tuple[str, object]] = [("From your file", where)] if where else [("", "From your file")]
    if place.get("source"):
        facts.append(("Source in the file", place["source"]))
    if place["country"]:
        facts.append(("", place["country"]))
    facts.append(("", f"{place['lat']:.4f}, {place['lon']:.4f}"))
    parts = [markup.fold(place["note"])]
    urls = [place["source_url"]] if place["source_url"] else []
    return markup.card(place["name"], sub=place["category"], facts=facts, parts=parts, urls=urls)


# Each feature of a frame, looked up by its id.


def captions(scene: Scene, key: str, frame: gpd.GeoDataFrame) -> tuple[list[Markup], list[Markup]]:
    """The tooltip and popup of every feature of one layer's frame, in its row order."""
    if not len(frame):
        return [], []
    make = MAKERS[key](scene, frame)
    pairs = [make(row) for row in frame.drop(columns=frame.geometry.name).to_dict("records")]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def country_caption(scene: Scene, iso3: str, *, travel: bool = False) -> Caption:
    event = scene.event
    role = facts.country_roles(event).get(iso3, "other")
    name = country_name(iso3)
    if role == "other":
        return markup.tip(name), EMPTY
    people = [p for p in event.people if p.iso3 == iso3]
    host = event.meta.host
    figures = figures_between(event.trade, host, iso3, year=scene.year)
    earlier = latest_before(event.trade, host, iso3, year=scene.year)
    label = registry.ROLE_LABEL[role]
    legs = [leg_line(event, leg) for p in people for leg in event.legs_of(p.id)] if travel else []
    popup = country_popup(name, label, people, country_name(host), scene.year, figures, earlier, travel=legs)
    return country_tip(name, label, people), popup


def leg_caption(scene: Scene, leg: Leg) -> Caption:
    return leg_tip(scene.event, leg), leg_popup(scene.event, leg)


def stop_caption(scene: Scene, place_id: str) -> Caption:
    event = scene.event
    passes = facts.stop_passes(event).get(place_id, [])
    place = event.places[place_id]
    urls = [place.source_url, *(leg.source_url for leg in facts.legs_through(event, place_id))]
    return stop_tip(place.name, passes), stop_popup(place.name, passes, urls, note=place.note)


def flow_caption(scene: Scene, flow_id: str) -> Caption | None:
    flow = scene.all_flows.get(flow_id)
    return None if flow is None else (flow_tip(flow), flow_popup(flow))


def position_caption(scene: Scene, row: dict, *, travel: bool = False) -> Caption:
    event = scene.event
    person = event.person(row["person"])
    where = position_line(text.moment(datetime.fromisoformat(row["at"])), row["where"], row["note"])
    leg = ids.parse_leg(row["leg"]) if row["leg"] else None
    legs = (
        event.legs_of(person.id) if travel else [leg_ for leg_ in event.legs_of(person.id) if leg_.key == leg]
    )
    popup = person_popup(event, person, position=where, legs=legs)
    return markup.tip(person.name, where), popup


def place_caption(row: dict) -> Caption:
    return place_tip(row["name"], row["category"]), place_popup(row)


def _countries(scene: Scene, frame) -> Callable[[dict], Caption]:
    return lambda row: country_caption(scene, row["iso3"])


def _shares(scene: Scene, frame) -> Callable[[dict], Caption]:
    found = shares.shares_of(scene.event, year=scene.year)
    host = country_name(scene.event.meta.host)
    title = f"Share of its trade with {host}"

    def caption(row: dict) -> Caption:
        if row["iso3"] not in found:  # the host, or a country the event does not name
            return country_caption(scene, row["iso3"])
        name = country_name(row["iso3"])
        return share_tip(name, title, found[row["iso3"]]), share_popup(name, title, found[row["iso3"]])

    return caption


def _legs(scene: Scene, frame) -> Callable[[dict], Caption]:
    legs = {leg.key: leg for leg in scene.event.legs}
    return lambda row: leg_caption(scene, legs[(row["person"], row["seq"])])


def _stops(scene: Scene, frame) -> Callable[[dict], Caption]:
    return lambda row: stop_caption(scene, row["place"])


def _flows(scene: Scene, frame) -> Callable[[dict], Caption]:
    return lambda row: flow_caption(scene, row["id"]) or (EMPTY, EMPTY)


def _positions(scene: Scene, frame) -> Callable[[dict], Caption]:
    return lambda row: position_caption(scene, row)


def _places(scene: Scene, frame) -> Callable[[dict], Caption]:
    return place_caption


MAKERS: dict[str, Callable[[Scene, gpd.GeoDataFrame], Callable[[dict], Caption]]] = {
    "countries": _countries,
    "shares": _shares,
    "focus": _legs,
    "guests": _legs,
    "stops": _stops,
    "trade": _flows,
    "positions": _positions,
    "places": _places,
}
