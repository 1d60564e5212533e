"""A person's trips across events: the facts behind a person's map and its table of trips.

A trip is one person's legs in one event. Pure functions over loaded events: lengths come from
geo.model.facts.leg_km (as drawn), times from geo.model.timeline.resolve_leg_times. How far and
how long someone travelled is computed here once (``travelled``), by one rule, for the event
page's key figures and the person's table of trips alike.
"""

from __future__ import annotations

import colorsys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from geo.base import ids
from geo.io.events import Event
from geo.io.schema import Leg
from geo.model import facts, text, timeline
from geo.ref.countries import country_name
from geo.ref.gazetteer import nearest_city

KM_RULE = "every leg as drawn (flights as great circles, trains and roads through their stations)"
HOURS_RULE = (
    "departure to arrival, every leg; ≈: a day reported without a time taken as midday, "
    "a missing time estimated from the leg's length"
)
"""The rules behind a trip's km and hours, said wherever the figures are shown."""
CITY_KM = 40.0
CITY_PEOPLE = 300_000
"""A trip's destination is named by a city of this many people within CITY_KM of the event's place."""


@dataclass(frozen=True)
class Travelled:
    """How far and how long one person travelled in one event, by KM_RULE and HOURS_RULE."""

    km: float
    legs: int
    hours: float
    """Over the legs with both times, reported or estimated (``timed + estimated``)."""
    timed: int
    """Legs whose departure and arrival are both reported to the minute."""
    estimated: int
    """Legs timed by estimate: a day without a time, or one end not reported."""
    modes: tuple[str, ...]

    @property
    def untimed(self) -> int:
        """Legs with neither time reported: left out of the hours."""
        return self.legs - self.timed - self.estimated

    @property
    def km_value(self) -> str:
        return f"{self.km:,.0f} km"

    @property
    def hours_value(self) -> str:
        """The hours: 130 h, ≈ 42 h when a leg's time was estimated, at least … when a leg has none."""
        if not self.timed and not self.estimated:
            return "not known"
        value = ("≈ " if self.estimated else "") + f"{self.hours:,.0f} h"
        return f"at least {value}" if self.untimed else value

    @property
    def timed_note(self) -> str:
        """How many legs the hours rest on: "2 of 4 legs timed at both ends, 2 estimated"."""
        parts = [f"{self.timed} of {self.legs} legs timed at both ends"]
        if self.estimated:
            parts.append(f"{self.estimated} estimated")
        if self.untimed:
            parts.append(f"{self.untimed} with no time, not counted")
        return ", ".join(parts)


def travelled(event: Event, person_id: str) -> Travelled:
    """The km and hours of a person's legs in an event: the one computation behind both the
    event's key figures and the person's table of trips."""
    legs = event.legs_of(person_id)
    hours, timed, estimated = 0.0, 0, 0
    for leg in legs:
        times = timeline.resolve_leg_times(event, leg)
        if not times.timed:
            continue
        hours += (times.arrive - times.depart).total_seconds() / 3600
        if times.approximate:
            estimated += 1
        else:
            timed += 1
    return Travelled(
        km=sum(facts.leg_km(event, leg) for leg in legs),
        legs=len(legs),
        hours=hours,
        timed=timed,
        estimated=estimated,
        modes=tuple(dict.fromkeys(leg.mode for leg in legs)),
    )


@dataclass(frozen=True)
class Trip:
    """One person's travel in one event, summed up."""

    event_id: str
    event_title: str
    person: str
    name: str
    home: str
    """The traveller's country (ISO3)."""
    first: date
    last: date
    destination: str
    """The city the trip went to, with its country: ``Beijing, China``."""
    lonlat: tuple[float, float]
    """Where the destination is, for its label."""
    hosts: tuple[str, ...]
    transit: tuple[str, ...]
    """Countries passed through on the way (geo.model.facts.transit_countries)."""
    modes: tuple[str, ...]
    travelled: Travelled
    sources: tuple[str, ...]
    legs: tuple[Leg, ...]

    @property
    def id(self) -> str:
        return ids.trip_id(self.event_id, self.person)

    @property
    def year(self) -> int:
        return self.first.year

    @property
    def dates(self) -> str:
        return text.day_span(self.first, self.last)

    @property
    def km(self) -> float:
        return self.travelled.km

    @property
    def hours_text(self) -> str:
        """The hours and, in brackets, how they were counted: "≈ 42 h (2 of 4 legs timed at both ends)"."""
        return f"{self.travelled.hours_value} ({self.travelled.timed_note})"


def trip_of(event: Event, person_id: str) -> Trip | None:
    """The person's trip in this event; None when they have no legs in it."""
    legs = event.legs_of(person_id)
    if not legs:
        return None
    days = [when.day for leg in legs for when in (leg.depart, leg.arrive) if when is not None]
    where, lonlat = destination(event)
    sources = [event.meta.source_url, *(leg.source_url for leg in legs if leg.source_url)]
    focus = person_id in facts.focus_people(event)
    return Trip(
        event_id=event.id,
        event_title=event.meta.title,
        person=person_id,
        name=event.person(person_id).name,
        home=event.person(person_id).iso3,
        first=min(days, default=event.meta.start),
        last=max(days, default=event.meta.end),
        destination=where,
        lonlat=lonlat,
        hosts=tuple(event.meta.hosts),
        transit=tuple(facts.transit_countries(event)) if focus else (),
        modes=tuple(dict.fromkeys(leg.mode for leg in legs)),
        travelled=travelled(event, person_id),
        sources=tuple(dict.fromkeys(sources)),
        legs=tuple(legs),
    )


def destination(event: Event) -> tuple[str, tuple[float, float]]:
    """The city the event was in, with its country, and where its place is: a hall, a station or
    an island campus is named by the large city it is in (GeoNames); a place far from any (a
    cosmodrome) by its own name."""
    place = event.places[event.meta.place]
    city = place.name if place.kind in ("city", "capital") else None
    city = city or nearest_city(place.lonlat, place.iso3, min_population=CITY_PEOPLE, within_km=CITY_KM)
    name = city or place.name.split(" (")[0]
    return f"{name}, {country_name(place.iso3)}", place.lonlat


def trips_of(person_id: str, events: Iterable[Event]) -> list[Trip]:
    """Every trip of one person, in the order they set off."""
    found = [trip for event in events if (trip := trip_of(event, person_id)) is not None]
    return sorted(found, key=lambda trip: (trip.first, trip.event_id))


@dataclass(frozen=True)
class Traveller:
    id: str
    name: str
    events: tuple[str, ...]


def travellers(events: Iterable[Event], *, at_least: int = 2) -> list[Traveller]:
    """People (by id) who travel in ``at_least`` events, most events first."""
    names: dict[str, str] = {}
    seen: dict[str, list[str]] = {}
    for event in events:
        for person in event.people:
            if event.legs_of(person.id):
                names.setdefault(person.id, person.name)
                seen.setdefault(person.id, []).append(event.id)
    found = [Traveller(pid, names[pid], tuple(ev)) for pid, ev in seen.items() if len(ev) >= at_least]
    return sorted(found, key=lambda t: (-len(t.events), t.name))


def trip_colours(trips: Sequence[Trip]) -> dict[str, str]:
    """Trip id -> a colour of its own, running from blue (the first) through green and orange to
    red (the latest), so the years read in order; dark enough to read on the pale countries."""
    count = len(trips)
    colours = {}
    for index, trip in enumerate(sorted(trips, key=lambda t: t.first)):
        hue = (230 - 230 * index / max(count - 1, 1)) / 360
        red, green, blue = colorsys.hls_to_rgb(hue, 0.40, 0.75)
        colours[trip.id] = f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"
    return colours
