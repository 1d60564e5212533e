"""Facts about an event's records that every view needs: roles, the highlighted travellers, the
route and length of each leg, and when each station was passed.

Layers, figures, the timeline and the details panel all read these; none of them reads facts
back from a drawn layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from geo.io.events import Event
from geo.io.schema import Leg, Person, When
from geo.ref import geodesy

FOCUS_OFFSET_KM = 12.0
"""Outbound and return trains share a corridor: each is drawn this far to the right of it."""
RAIL_STEP_KM = 50.0
"""Trains and roads are drawn through their waypoints, a point at least this often."""


def country_roles(event: Event) -> dict[str, str]:
    """iso3 -> role for every country the event names: host, highlight, transit, guest, attendee.

    Every host of a tour is a host. A country the highlighted trip passes through that is
    neither a host nor the traveller's own is ``transit`` (transit_countries).
    """
    roles: dict[str, str] = {}
    for person in event.people:
        if person.role in ("guest", "attendee"):
            roles.setdefault(person.iso3, person.role)
            if person.role == "guest":
                roles[person.iso3] = "guest"
    for iso3 in transit_countries(event):
        roles[iso3] = "transit"
    for iso3 in event.meta.highlight:
        roles[iso3] = "highlight"
    for iso3 in event.meta.hosts:
        roles[iso3] = "host"
    return roles


def transit_countries(event: Event) -> list[str]:
    """Countries the highlighted trip passes through on the way (a tour's traveller, or a
    summit's highlighted travellers): places on their legs, waypoints included, in a country
    that is neither a host nor the traveller's own."""
    found: dict[str, None] = {}
    for person_id in focus_people(event):
        own = event.person(person_id).iso3
        for leg in event.legs_of(person_id):
            for place in (leg.from_, *(w.place for w in leg.waypoints), leg.to):
                iso3 = event.places[place].iso3
                if iso3 != own and iso3 not in event.meta.hosts:
                    found[iso3] = None
    return list(found)


def traveller(event: Event) -> Person | None:
    """A tour's traveller; None for a summit (or a traveller refused in people.csv)."""
    if event.meta.shape != "tour":
        return None
    return next((p for p in event.people if p.id == event.meta.traveller), None)


def focus_people(event: Event) -> list[str]:
    """Ids of the travellers whose trip is the map's subject: a tour's traveller, or at a summit
    the people of the highlighted countries who are not hosts."""
    person = traveller(event)
    if person is not None:
        return [person.id]
    return [p.id for p in event.people if p.iso3 in event.meta.highlight and p.role != "host"]


def is_focus(event: Event, person_id: str) -> bool:
    return person_id in focus_people(event)


def leg_coords(event: Event, leg: Leg) -> np.ndarray:
    """The path a leg took: a great circle by air, through its waypoints otherwise."""
    start, end = event.places[leg.from_].lonlat, event.places[leg.to].lonlat
    if leg.mode == "air" or not leg.waypoints:
        return geodesy.great_circle_coords(start, end)
    via = [event.places[w.place].lonlat for w in leg.waypoints]
    return geodesy.path_coords([start, *via, end], step_km=RAIL_STEP_KM)


def drawn_coords(event: Event, leg: Leg) -> np.ndarray:
    """The path as drawn: the highlighted trip runs beside its corridor, so out and back both show."""
    coords = leg_coords(event, leg)
    if is_focus(event, leg.person):
        coords = geodesy.offset_coords(coords, km=FOCUS_OFFSET_KM)
    return coords


def leg_km(event: Event, leg: Leg) -> float:
    """The leg's length as drawn (the offset changes a train's length by well under a percent)."""
    return geodesy.path_length_km(drawn_coords(event, leg))


@dataclass(frozen=True)
class Pass:
    """A traveller at a station: what they did there, when, and how sure the time is."""

    what: str
    when: When | None
    status: str
    """A departure's or arrival's time status, or a waypoint's (confirmed, reported, unconfirmed)."""
    time_status: str = "exact"
    """How sure a waypoint's time is: ``approximate`` for an "about" time."""
    also: str | None = None
    """What else the sources report for this time, when it is disputed (the leg's alternatives)."""


def stop_passes(event: Event) -> dict[str, list[Pass]]:
    """place id -> each departure, passage and arrival of the highlighted travellers, in order."""
    chosen = set(focus_people(event))
    passes: dict[str, list[Pass]] = {}
    for leg in sorted(event.legs, key=lambda leg: (leg.person, leg.seq)):
        if leg.person not in chosen:
            continue
        who = event.person(leg.person).name
        depart, arrive = leg.depart_certainty, leg.arrive_certainty
        passes.setdefault(leg.from_, []).append(
            Pass(f"{who} departs", leg.depart, depart, also=_also(leg, depart))
        )
        for w in leg.waypoints:
            passes.setdefault(w.place, []).append(Pass(f"{who} passes", w.time, w.status, w.time_certainty))
        passes.setdefault(leg.to, []).append(
            Pass(f"{who} arrives", leg.arrive, arrive, also=_also(leg, arrive))
        )
    return passes


def _also(leg: Leg, status: str) -> str | None:
    return leg.alternatives if status == "disputed" else None


def legs_through(event: Event, place_id: str) -> list[Leg]:
    """Every leg that starts, ends or passes at a place."""
    return [leg for leg in event.legs if place_id in (leg.from_, leg.to, *(w.place for w in leg.waypoints))]


def last_leg_in(event: Event, person_id: str) -> Leg | None:
    """A traveller's last leg into the event: the last, in order, that does not leave after the
    event's day (a leg with no departure time is taken to be on the way there). None for someone
    who does not travel."""
    on_the_way = [leg for leg in event.legs_of(person_id) if not _leaves_after(leg, event.meta.date)]
    return on_the_way[-1] if on_the_way else None


def _leaves_after(leg: Leg, day: date) -> bool:
    if leg.depart is None:
        return False
    # A time's own day, in its own offset: the day the traveller's sources give.
    return leg.depart.day > day
