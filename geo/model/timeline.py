"""Where each traveller was at one moment: the positions layer behind the app's time slider.

Sources rarely give both ends of a trip to the minute, so reported times become a position by
these rules, and every tip says which ones it used:

- An exact time is used as reported.
- A day without a time (``When.day_only``) stands for midday of that day in the event's time
  zone, moved within that day if midday would contradict the leg's other end. Approximate.
- A leg with one end not reported gets it from the leg's length at a typical speed for its
  mode (TYPICAL_KMH). Approximate.
- A leg with neither end reported is untimed. From the last moment the data places someone
  until the next, they are "unknown": drawn hollow at the last place the data puts them.
- Someone whose trip ends in the event's city with an untimed leg is taken to be there from
  the start of the event day, because they attended. Approximate.

Between two legs a traveller is "at" the place the first one ended; before a timed first leg,
"not yet departed". A position within GUESS_MARGIN of an estimated time is approximate too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from geo.io.events import Event
from geo.io.schema import Leg, When
from geo.model import facts, text
from geo.ref import geodesy

TYPICAL_KMH: Final[dict[str, float]] = {"air": 750.0, "train": 60.0, "road": 60.0}
"""Speeds that turn a leg's length into a duration when one of its times is not reported."""
EVENT_CITY_KM: Final = 50.0
"""A trip ending this close to the event's place ends in the event's city."""
GUESS_MARGIN: Final = timedelta(hours=12)
"""How far a day-only or estimated time may be off: half a day either way."""

TRAVELLING, NOT_YET, UNKNOWN = "travelling", "not yet departed", "unknown"


@dataclass(frozen=True)
class LegTimes:
    """A leg's departure and arrival as moments to interpolate between, and how they were found."""

    leg: Leg
    depart: datetime | None
    arrive: datetime | None
    depart_estimated: bool
    arrive_estimated: bool
    basis: str
    """Plain text: how the times were found ("times as reported", "departure not reported, ...")."""

    @property
    def timed(self) -> bool:
        return self.depart is not None and self.arrive is not None

    @property
    def approximate(self) -> bool:
        return self.depart_estimated or self.arrive_estimated


@dataclass(frozen=True)
class Whereabouts:
    """Where one person was at one moment."""

    status: str
    lonlat: tuple[float, float]
    approximate: bool
    place: str = ""
    leg: Leg | None = None
    note: str = ""


def resolve_leg_times(event: Event, leg: Leg) -> LegTimes:
    """The moments a leg departs and arrives, by the rules in this module's docstring."""
    zone = ZoneInfo(event.meta.timezone)
    duration = timedelta(hours=facts.leg_km(event, leg) / TYPICAL_KMH[leg.mode])
    depart, arrive = _moment(leg.depart, zone), _moment(leg.arrive, zone)
    if depart is None and arrive is None:
        return LegTimes(
            leg, None, None, depart_estimated=True, arrive_estimated=True, basis="times not reported"
        )
    notes = []
    if depart is None:
        depart = arrive - duration
        notes.append(f"departure not reported, estimated at {_speed(leg)}")
    elif arrive is None:
        arrive = depart + duration
        notes.append(f"arrival not reported, estimated at {_speed(leg)}")
    depart, arrive = _keep_order(leg, depart, arrive, duration, zone)
    for name, when in (("departure", leg.depart), ("arrival", leg.arrive)):
        if when is not None and when.day_only:
            notes.append(f"only the day of {name} reported, taken as about midday")
    return LegTimes(
        leg,
        depart,
        arrive,
        depart_estimated=leg.depart is None or leg.depart.day_only,
        arrive_estimated=leg.arrive is None or leg.arrive.day_only,
        basis="; ".join(notes) or "times as reported",
    )


def _moment(when: When | None, zone: ZoneInfo) -> datetime | None:
    if when is None:
        return None
    return when.at if when.at is not None else datetime.combine(when.day, time(12), tzinfo=zone)


def _keep_order(
    leg: Leg, depart: datetime, arrive: datetime, duration: timedelta, zone: ZoneInfo
) -> tuple[datetime, datetime]:
    """Move a midday guess within its day when it would put arrival before departure."""
    if arrive > depart:
        return depart, arrive
    depart_day_only = leg.depart is not None and leg.depart.day_only
    arrive_day_only = leg.arrive is not None and leg.arrive.day_only
    if depart_day_only and not arrive_day_only:
        return max(_day_start(leg.depart.day, zone), arrive - duration), arrive
    if arrive_day_only and not depart_day_only:
        return depart, max(
            depart, min(_day_start(leg.arrive.day, zone) + timedelta(days=1), depart + duration)
        )
    if depart_day_only and arrive_day_only:
        start = max(_day_start(leg.depart.day, zone), depart - duration / 2)
        return start, start + duration
    return depart, arrive


def _day_start(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def _speed(leg: Leg) -> str:
    return f"a typical {leg.mode} speed of {TYPICAL_KMH[leg.mode]:.0f} km/h"


def locate(event: Event, person_id: str, at: datetime) -> Whereabouts:
    """Where a person with at least one leg was at ``at`` (an aware datetime)."""
    legs = event.legs_of(person_id)
    if not legs:
        msg = f"{person_id!r} has no legs: there is nowhere to place them"
        raise ValueError(msg)
    place, known, last = legs[0].from_, True, None
    for times in (resolve_leg_times(event, leg) for leg in legs):
        if not times.timed:
            known = False
            continue
        if at < times.depart:
            if not known:
                return _unknown(event, place, legs)
            guessed = times.depart_estimated and _near(at, times.depart)
            if last is None:
                note = f"departs {_clock(times.depart, event)} ({times.basis})"
                return _at(event, place, guessed, note, status=NOT_YET)
            guessed = guessed or (last.arrive_estimated and _near(at, last.arrive))
            return _at(event, place, guessed, f"next departure {_clock(times.depart, event)}")
        if at < times.arrive:
            return _travelling(event, times, at)
        place, known, last = times.leg.to, True, times
    if known:
        return _at(event, place, last.arrive_estimated and _near(at, last.arrive), "")
    if _attends(event, legs) and at >= _day_start(event.meta.date, ZoneInfo(event.meta.timezone)):
        note = "attended the event; when they arrived was not reported"
        return _at(event, legs[-1].to, True, note)
    return _unknown(event, place, legs)


def _near(at: datetime, guess: datetime) -> bool:
    """Within GUESS_MARGIN of an estimated time, a position may be wrong: mark it approximate."""
    return abs(at - guess) < GUESS_MARGIN


def _travelling(event: Event, times: LegTimes, at: datetime) -> Whereabouts:
    leg = times.leg
    # On the drawn line: the highlighted trip is drawn beside its corridor.
    coords = facts.drawn_coords(event, leg)
    span = (times.arrive - times.depart).total_seconds()
    fraction = (at - times.depart).total_seconds() / span if span > 0 else 1.0
    route = text.leg_route(event, leg)
    note = f"{route} by {leg.mode}, {_clock(times.depart, event)} → {_clock(times.arrive, event)}"
    if times.approximate:
        note += f" ({times.basis})"
    # A route no page reports is drawn straight between its ends: a point on it is not where they were.
    unrouted = leg.route_status == "unknown"
    if unrouted:
        note += " (route not reported: placed on the straight line between its ends)"
    return Whereabouts(
        TRAVELLING, geodesy.point_along(coords, fraction), times.approximate or unrouted, leg=leg, note=note
    )


def _at(
    event: Event, place_id: str, approximate: bool, note: str, *, status: str | None = None
) -> Whereabouts:
    place = event.places[place_id]
    return Whereabouts(status or f"at {place.name}", place.lonlat, approximate, place=place_id, note=note)


def _unknown(event: Event, place_id: str, legs: list[Leg]) -> Whereabouts:
    trip = " → ".join([event.places[legs[0].from_].name, *(event.places[leg.to].name for leg in legs)])
    place = event.places[place_id]
    note = (
        f"not reported at this time (trip {trip}); shown at {place.name}, the last place the data puts them"
    )
    return Whereabouts(UNKNOWN, place.lonlat, True, place=place_id, note=note)


def _attends(event: Event, legs: list[Leg]) -> bool:
    """True when the trip ends in the event's city: the person was there for the event."""
    venue = event.places.get(event.meta.place)
    if venue is None or event.person(legs[0].person).role == "host":
        return False
    return geodesy.distance_km(event.places[legs[-1].to].lonlat, venue.lonlat) <= EVENT_CITY_KM


def _clock(moment: datetime, event: Event) -> str:
    return text.moment(moment.astimezone(ZoneInfo(event.meta.timezone)))


def local_moment(event: Event, at: datetime) -> datetime:
    """``at`` as an aware datetime: a naive one is read as the event's local time."""
    zone = ZoneInfo(event.meta.timezone)
    return at.replace(tzinfo=zone) if at.tzinfo is None else at


def where_text(found: Whereabouts) -> str:
    """Where someone was, in words: "travelling (approximate)", "whereabouts unknown"."""
    status = found.status if found.status != UNKNOWN else "whereabouts unknown"
    return status + (" (approximate)" if found.approximate and found.status != UNKNOWN else "")


@dataclass(frozen=True)
class Move:
    """A departure, a passing or an arrival: a moment a reader may want to step to."""

    at: datetime
    what: str
    """Plain text: "Kim Jong Un arrives at Beijing Railway Station"."""
    estimated: bool


def moves(event: Event, person_ids: Iterable[str]) -> list[Move]:
    """Every departure, passing and arrival of these people that has a time, reported or found by
    this module's rules (marked ``estimated``), in order."""
    found = []
    for person_id in person_ids:
        name = event.person(person_id).name
        for leg in event.legs_of(person_id):
            times = resolve_leg_times(event, leg)
            start, end = event.places[leg.from_].name, event.places[leg.to].name
            if times.depart is not None:
                found.append(Move(times.depart, f"{name} departs {start}", times.depart_estimated))
            for point in leg.waypoints:
                if point.time is not None and point.time.at is not None:
                    found.append(
                        Move(point.time.at, f"{name} passes {event.places[point.place].name}", False)
                    )
            if times.arrive is not None:
                found.append(Move(times.arrive, f"{name} arrives at {end}", times.arrive_estimated))
    return sorted(found, key=lambda move: move.at)
