"""Events: find the folders under data/events/ and load one into validated records.

Loading never stops at the first bad row: every row that passes is kept, every row that does
not becomes a Problem naming file, line, column, value and reason. Only an event that cannot
be used at all (no event.toml, no people) raises DataError.
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from geo import settings
from geo.errors import DataError, EventNotFoundError, Problem
from geo.gazetteer import LookupFailed, find_city
from geo.schema import (
    FILES,
    REQUIRED_FILES,
    EventMeta,
    Figure,
    Leg,
    Person,
    Place,
    TradeFlow,
    columns_of,
    is_after,
    required_columns_of,
)
from geo.tables import Table, decode, read_table, reject_row

META_FILE = "event.toml"


@dataclass(frozen=True)
class Event:
    """One event's records, linked and checked, plus what was refused on the way."""

    meta: EventMeta
    people: tuple[Person, ...]
    places: Mapping[str, Place]
    legs: tuple[Leg, ...]
    trade: tuple[TradeFlow, ...]
    figures: tuple[Figure, ...]
    problems: tuple[Problem, ...] = ()
    rejected: tuple[dict[str, str], ...] = field(default=(), repr=False)

    @property
    def id(self) -> str:
        return self.meta.id

    def person(self, person_id: str) -> Person:
        return next(p for p in self.people if p.id == person_id)

    def legs_of(self, person_id: str) -> list[Leg]:
        return sorted((leg for leg in self.legs if leg.person == person_id), key=lambda leg: leg.seq)


def list_events(root: Path | None = None) -> list[str]:
    """Ids of every event folder (one holding an event.toml), sorted."""
    root = root or settings.EVENTS_DIR
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / META_FILE).is_file())


def load_event(event_id: str, *, root: Path | None = None) -> Event:
    """Load ``data/events/<event_id>/``."""
    root = root or settings.EVENTS_DIR
    folder = root / event_id
    if event_id not in list_events(root):
        known = ", ".join(list_events(root)) or "none"
        msg = f"no event {event_id!r} in {root} (known: {known})"
        raise EventNotFoundError(msg)
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    return event_from_files(files, expected_id=event_id)


def event_from_files(files: Mapping[str, bytes], *, expected_id: str | None = None) -> Event:
    """Build an event from file names and contents: a folder on disk or an upload alike."""
    meta = _read_meta(files, expected_id)
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    for name, model in FILES.items():
        if name not in files:
            if name in REQUIRED_FILES:
                problems.append(Problem(name, None, None, "", "file is missing"))
            tables[name] = Table(name)
            continue
        tables[name] = read_table(
            name, files[name], model, columns=columns_of(model), required=required_columns_of(model)
        )
    people, places, legs = _link(meta, tables)
    for table in tables.values():
        problems.extend(table.problems)
    if not people:
        raise DataError(problems or [Problem("people.csv", None, None, "", "no valid person")])
    return Event(
        meta=meta,
        people=tuple(people),
        places=places,
        legs=tuple(legs),
        trade=tuple(tables["trade.csv"].rows),
        figures=tuple(tables["figures.csv"].rows),
        problems=tuple(problems),
        rejected=tuple(r for t in tables.values() for r in t.rejected),
    )


def _read_meta(files: Mapping[str, bytes], expected_id: str | None) -> EventMeta:
    if META_FILE not in files:
        raise DataError([Problem(META_FILE, None, None, "", "file is missing")])
    text, problems = decode(META_FILE, files[META_FILE])
    if text is None:
        raise DataError(problems)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError([Problem(META_FILE, None, None, "", f"is not valid TOML: {exc}")]) from None
    try:
        meta = EventMeta.model_validate(raw)
    except ValidationError as exc:
        raise DataError(
            [
                Problem(
                    META_FILE,
                    None,
                    ".".join(map(str, e["loc"])) or None,
                    _short(e.get("input")),
                    e["msg"].removeprefix("Value error, "),
                )
                for e in exc.errors()
            ]
        ) from None
    if expected_id is not None and meta.id != expected_id:
        reason = f"id must equal the folder name {expected_id!r}"
        raise DataError([Problem(META_FILE, None, "id", meta.id, reason)])
    return meta


def _short(value: object) -> str:
    text = "" if isinstance(value, dict) else str(value)
    return text[:80]


def _link(meta: EventMeta, tables: dict[str, Table]) -> tuple[list[Person], dict[str, Place], list[Leg]]:
    """Cross-row checks: unique ids, known references, coordinates, times in order."""
    people_t, places_t = tables["people.csv"], tables["places.csv"]
    legs_t, waypoints_t = tables["legs.csv"], tables["waypoints.csv"]

    _drop_duplicates(people_t, lambda p: p.id, "id")
    _drop_duplicates(places_t, lambda p: p.id, "id")
    _drop_duplicates(legs_t, lambda leg: leg.key, "seq")
    _drop_duplicates(waypoints_t, lambda w: (w.person, w.seq, w.order), "order")
    _locate_places(places_t)

    person_ids = {p.id for p in people_t.rows}
    place_ids = {p.id for p in places_t.rows}
    for line, leg in list(legs_t.entries):
        if leg.person not in person_ids:
            reject_row(
                legs_t, line, f"names person {leg.person!r}, who is not in people.csv", column="person"
            )
        elif leg.from_ not in place_ids or leg.to not in place_ids:
            column = "from" if leg.from_ not in place_ids else "to"
            reject_row(legs_t, line, "is not a place id in places.csv", column=column)
    if meta.place not in place_ids:
        places_t.problems.append(
            Problem("event.toml", None, "place", meta.place, "is not a place id in places.csv")
        )

    leg_keys = {leg.key for leg in legs_t.rows}
    for line, point in list(waypoints_t.entries):
        if (point.person, point.seq) not in leg_keys:
            reject_row(waypoints_t, line, "names a leg (person, seq) not in legs.csv", column="seq")
        elif point.place not in place_ids:
            reject_row(waypoints_t, line, "is not a place id in places.csv", column="place")

    legs = [
        leg.model_copy(
            update={
                "waypoints": tuple(
                    sorted(
                        (w for w in waypoints_t.rows if (w.person, w.seq) == leg.key), key=lambda w: w.order
                    )
                )
            }
        )
        for leg in legs_t.rows
    ]
    _check_order(legs_t, legs)
    kept = {leg.key for leg in legs_t.rows}
    return people_t.rows, {p.id: p for p in places_t.rows}, [leg for leg in legs if leg.key in kept]


def _drop_duplicates(table: Table, key, column: str) -> None:
    seen: dict[object, int] = {}
    for line, row in list(table.entries):
        k = key(row)
        if k in seen:
            reject_row(table, line, f"duplicates line {seen[k]}", column=column)
        else:
            seen[k] = line


def _locate_places(table: Table) -> None:
    """Fill in the coordinates a place left empty from GeoNames, or refuse the row."""
    for line, place in list(table.entries):
        if place.lat is not None:
            continue
        try:
            lon, lat, _ = find_city(place.name, place.iso3)
        except LookupFailed as exc:
            reject_row(table, line, str(exc), column="lat")
            continue
        located = place.model_copy(update={"lat": lat, "lon": lon})
        table.entries = [(n, located if n == line else row) for n, row in table.entries]


def _check_order(table: Table, legs: list[Leg]) -> None:
    """Refuse a leg that departs before the same person's previous leg arrived."""
    line_of = {row.key: n for n, row in table.entries}
    by_person: dict[str, list[Leg]] = {}
    for leg in legs:
        by_person.setdefault(leg.person, []).append(leg)
    for person_legs in by_person.values():
        person_legs.sort(key=lambda leg: leg.seq)
        for before, after in itertools.pairwise(person_legs):
            if before.arrive and after.depart and is_after(before.arrive, after.depart):
                reason = f"departs ({after.depart}) before leg {before.seq} arrives ({before.arrive})"
                reject_row(table, line_of[after.key], reason, column="depart")
