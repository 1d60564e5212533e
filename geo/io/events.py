"""Events: find the folders under data/events/ and load one into validated records.

Loading never stops at the first bad row: every row that passes is kept, every row that does
not becomes a Problem naming file, line, column, value and reason. Only an event that cannot
be used at all (no valid event.toml, no valid person) raises DataError, with every problem found.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from geo.base import settings
from geo.base.errors import DataError, EventNotFoundError, Problem
from geo.io.meta import META_FILE, STORY_FILE, Chapter, EventMeta, read_meta, read_story
from geo.io.schema import (
    FILES,
    REQUIRED_FILES,
    Figure,
    Leg,
    Person,
    Place,
    Share,
    TradeFlow,
    Waypoint,
    columns_of,
    is_after,
    required_columns_of,
)
from geo.io.shares import refuse_other_partners
from geo.io.tables import Table, drop_duplicates, read_table, reject_row
from geo.io.tradefile import read_trade
from geo.io.tradeindex import TradeRows
from geo.ref import geodesy
from geo.ref.gazetteer import LookupFailed, find_city

EVENT_FILES = (META_FILE, STORY_FILE, *FILES)
"""Every file an event folder may hold; only these are ever opened."""
JOIN_KM = 1.0
"""A leg starting farther than this from where the traveller's previous leg ended is reported."""


@dataclass(frozen=True)
class Event:
    """One event's records, linked and checked, plus what was refused on the way."""

    meta: EventMeta
    people: tuple[Person, ...]
    places: Mapping[str, Place]
    legs: tuple[Leg, ...]
    trade: tuple[TradeFlow, ...]
    figures: tuple[Figure, ...]
    story: tuple[Chapter, ...] = ()
    shares: tuple[Share, ...] = ()
    """The chapters of story.toml; empty when the event tells none (geo.model.story makes one)."""
    problems: tuple[Problem, ...] = ()
    rejected: tuple[dict[str, str], ...] = field(default=(), repr=False)

    @property
    def id(self) -> str:
        return self.meta.id

    def person(self, person_id: str) -> Person:
        return self._people_by_id[person_id]

    @cached_property
    def _people_by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}

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
    files: dict[str, bytes | Path] = {}
    refused: dict[str, Problem] = {}
    others: list[str] = []
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        if path.name not in EVENT_FILES:
            others.append(path.name)  # named in the report, never opened: it could be a 2 GB video
            continue
        if path.name == "trade.csv":
            files[path.name] = path  # read as it goes, whatever its size (geo.io.stream)
            continue
        content, problem = read_file(path)
        if problem is not None:
            refused[path.name] = problem
        else:
            files[path.name] = content
    return event_from_files(files, expected_id=event_id, refused=refused, others=others)


def read_file(path: Path, *, limit: int | None = None) -> tuple[bytes, Problem | None]:
    """A file's bytes, or the reason it is not read: its size is checked before it is opened,
    so memory follows the limit, not the file."""
    limit = settings.MAX_INPUT_BYTES if limit is None else limit
    size = path.stat().st_size
    if size > limit:
        return b"", Problem(path.name, None, None, "", f"file is {size:,} bytes; the limit is {limit:,}")
    with path.open("rb") as f:
        # Asked for the limit, read() would set aside that much up front.
        content = f.read(size + 1)
        if len(content) > size:  # a file growing after the stat still stops at the limit
            content += f.read(limit + 1 - len(content))
    if len(content) > limit:
        reason = f"file grew past the limit of {limit:,} bytes while it was read"
        return b"", Problem(path.name, None, None, "", reason)
    return content, None


def event_from_files(
    files: Mapping[str, bytes | Path],
    *,
    expected_id: str | None = None,
    refused: Mapping[str, Problem] | None = None,
    others: Iterable[str] = (),
) -> Event:
    """Build an event from file names and contents: a folder on disk or an upload alike.

    Every file is read and every problem collected before anything is refused, so one report
    lists them all. Raises DataError (carrying that report) only when the event cannot be used:
    event.toml missing or invalid, or no valid person. ``refused`` holds an event's files that
    were found but not read (too big), with why; ``others`` names files that are not an event's
    and were not read at all.
    """
    refused = refused or {}
    if META_FILE in refused:
        meta, meta_problems = None, [refused[META_FILE]]
    else:
        meta, meta_problems = read_meta(files, expected_id)
    tables, missing = _read_tables(files, refused)
    people, places, legs = _link(tables)
    if meta is not None:
        meta_problems += _meta_references(meta, tables, {p.id for p in people}, places)
    story, story_problems = read_story(files)
    problems = [*meta_problems, *missing, *story_problems]
    for table in tables.values():
        problems.extend(sorted(table.problems, key=lambda p: p.row or 0))
    problems.extend(unknown_files([*files, *others]))
    if meta is None or not people:
        if not people and "people.csv" in files:
            problems.append(Problem("people.csv", None, None, "", "no valid person: an event needs one"))
        raise DataError(problems)
    return Event(
        meta=meta,
        people=tuple(people),
        places=places,
        legs=tuple(legs),
        trade=TradeRows(tables["trade.csv"].rows),
        figures=tuple(tables["figures.csv"].rows),
        story=story,
        shares=tuple(tables["shares.csv"].rows),
        problems=tuple(problems),
        rejected=tuple(r for t in tables.values() for r in t.rejected),
    )


def _read_tables(
    files: Mapping[str, bytes], refused: Mapping[str, Problem]
) -> tuple[dict[str, Table], list[Problem]]:
    """Every table of an event, read (a file refused unread or missing is an empty table), and
    the required files that are missing."""
    tables: dict[str, Table] = {}
    missing: list[Problem] = []
    for name, model in FILES.items():
        tables[name] = Table(name)
        if name in refused:
            tables[name].problems.append(refused[name])
        elif name not in files:
            if name in REQUIRED_FILES:
                missing.append(Problem(name, None, None, "", "file is missing"))
        elif model is TradeFlow:
            tables[name] = read_trade(name, files[name])
        else:
            columns, required = columns_of(model), required_columns_of(model)
            tables[name] = read_table(name, files[name], model, columns=columns, required=required)
    return tables, missing


def _meta_references(
    meta: EventMeta, tables: Mapping[str, Table], people: set[str], places: Mapping[str, object]
) -> list[Problem]:
    """event.toml's place and traveller, each one the event's files hold."""
    problems = []
    if meta.place not in places:
        problems.append(Problem(META_FILE, None, "place", meta.place, _missing_place(meta.place, tables)))
    if meta.traveller is not None and meta.traveller not in people:
        reason = _unknown(meta.traveller, "person", "people.csv", _refused(tables["people.csv"], "id"))
        problems.append(Problem(META_FILE, None, "traveller", meta.traveller, reason))
    refuse_other_partners(tables["shares.csv"], meta.hosts)
    return problems


def unknown_files(names: Iterable[str]) -> list[Problem]:
    """A file the loader does not read is reported, not skipped in silence. Hidden files
    (.DS_Store and the like) are the system's, not the event's."""
    known = list(EVENT_FILES)
    problems = []
    for name in names:
        if name in known or name.startswith("."):
            continue
        close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else ""
        reason = f"is not one of an event's files ({', '.join(known)}), so it is not read{hint}"
        problems.append(Problem(name, None, None, "", reason, suggestion=close[0] if close else None))
    return problems


def _link(tables: dict[str, Table]) -> tuple[list[Person], dict[str, Place], list[Leg]]:
    """Cross-row checks: unique ids, known references, coordinates, times in order.

    A row referring to a refused row is refused in turn, and says which row that was.
    """
    people_t, places_t = tables["people.csv"], tables["places.csv"]
    legs_t, waypoints_t = tables["legs.csv"], tables["waypoints.csv"]

    drop_duplicates(people_t, lambda p: p.id, "id")
    drop_duplicates(places_t, lambda p: p.id, "id")
    drop_duplicates(legs_t, lambda leg: leg.key, "seq")
    drop_duplicates(waypoints_t, lambda w: (w.person, w.seq, w.order), "order")
    _locate_places(places_t)

    person_ids = {p.id for p in people_t.rows}
    place_ids = {p.id for p in places_t.rows}
    refused_people, refused_places = _refused(people_t, "id"), _refused(places_t, "id")
    for line, leg in list(legs_t.entries):
        if leg.person not in person_ids:
            reason = _unknown(leg.person, "person", people_t.name, refused_people)
            reject_row(legs_t, line, reason, column="person")
            continue
        for column, place in (("from", leg.from_), ("to", leg.to)):
            if place not in place_ids:
                reject_row(
                    legs_t, line, _unknown(place, "place", places_t.name, refused_places), column=column
                )
                break
    _check_order(legs_t)

    _link_waypoints(waypoints_t, legs_t, places_t, refused_places)
    _check_passing_times(waypoints_t, {leg.key: leg for leg in legs_t.rows})
    _check_joins(legs_t, {p.id: p for p in places_t.rows})

    passed: dict[tuple[str, int], list[Waypoint]] = {}
    for point in waypoints_t.rows:
        passed.setdefault((point.person, point.seq), []).append(point)
    legs = [
        leg.model_copy(update={"waypoints": tuple(sorted(passed.get(leg.key, []), key=lambda w: w.order))})
        for leg in legs_t.rows
    ]
    return people_t.rows, {p.id: p for p in places_t.rows}, legs


def _link_waypoints(
    waypoints_t: Table, legs_t: Table, places_t: Table, refused_places: dict[str, str]
) -> None:
    """A waypoint names a leg that was kept, whose route is known, and a place that was kept."""
    place_ids = {p.id for p in places_t.rows}
    leg_keys = {leg.key for leg in legs_t.rows}
    unknown_routes = {leg.key for leg in legs_t.rows if leg.route_status == "unknown"}
    refused_legs = {
        (r.get("person", "").strip(), r.get("seq", "").strip()): r["_line"] for r in legs_t.rejected
    }
    for line, point in list(waypoints_t.entries):
        if (point.person, point.seq) not in leg_keys:
            refused = refused_legs.get((point.person, str(point.seq)))
            reason = (
                f"belongs to leg {point.seq} of {point.person!r}, refused in legs.csv (row {refused})"
                if refused
                else f"names leg {point.seq} of {point.person!r}, which is not in legs.csv"
            )
            reject_row(waypoints_t, line, reason, column="seq")
        elif (point.person, point.seq) in unknown_routes:
            reason = (
                f"belongs to leg {point.seq} of {point.person!r}, whose route_status is 'unknown': a leg "
                "passing known points has a route; make it 'unconfirmed' (inferred) or 'reported'"
            )
            reject_row(waypoints_t, line, reason, column="seq")
        elif point.place not in place_ids:
            reason = _unknown(point.place, "place", places_t.name, refused_places)
            reject_row(waypoints_t, line, reason, column="place")


def _refused(table: Table, column: str) -> dict[str, str]:
    """The value of ``column`` in each refused row -> that row, to say why a reference fails."""
    refused: dict[str, str] = {}
    for row in table.rejected:
        refused.setdefault(row.get(column, "").strip(), row["_line"])
    return refused


def _unknown(value: str, what: str, file: str, refused: Mapping[str, str]) -> str:
    """Why a reference does not resolve: no such row, or a row that was refused."""
    if value in refused:
        return f"names {what} {value!r}, refused in {file} (row {refused[value]})"
    return f"names {what} {value!r}, which is not in {file}"


def _missing_place(place: str, tables: dict[str, Table]) -> str:
    return _unknown(place, "place", "places.csv", _refused(tables["places.csv"], "id"))


def _locate_places(table: Table) -> None:
    """Fill in the coordinates a place left empty from GeoNames, or refuse the row."""
    located: dict[int, Place] = {}
    for line, place in list(table.entries):
        if place.lat is not None:
            continue
        try:
            lon, lat, _ = find_city(place.name, place.iso3, place.admin1)
        except LookupFailed as exc:
            reject_row(table, line, str(exc), column="lat")
            continue
        located[line] = place.model_copy(update={"lat": lat, "lon": lon})
    table.entries = [(line, located.get(line, place)) for line, place in table.entries]


def _consecutive_legs(table: Table) -> list[tuple[Leg, int, Leg]]:
    """(leg, row of the next leg, next leg) for each person's legs in order."""
    by_person: dict[str, list[tuple[int, Leg]]] = {}
    for line, leg in table.entries:
        by_person.setdefault(leg.person, []).append((line, leg))
    pairs = []
    for person_legs in by_person.values():
        person_legs.sort(key=lambda entry: entry[1].seq)
        pairs += [(before, line, after) for (_, before), (line, after) in itertools.pairwise(person_legs)]
    return pairs


def _check_order(table: Table) -> None:
    """Refuse a leg that departs before the same person's previous leg arrived."""
    for before, line, after in _consecutive_legs(table):
        if before.arrive and after.depart and is_after(before.arrive, after.depart):
            reason = f"departs ({after.depart}) before leg {before.seq} arrives ({before.arrive})"
            reject_row(table, line, reason, column="depart")


def _check_passing_times(table: Table, legs: Mapping[tuple[str, int], Leg]) -> None:
    """Refuse a waypoint passed before the one before it, before its leg departs or after it arrives."""
    by_leg: dict[tuple[str, int], list[tuple[int, Waypoint]]] = {}
    for line, point in table.entries:
        by_leg.setdefault((point.person, point.seq), []).append((line, point))
    for key, points in by_leg.items():
        leg = legs[key]
        previous, what = leg.depart, "the leg departs"
        for line, point in sorted(points, key=lambda entry: entry[1].order):
            if point.time is None:
                continue
            if previous is not None and is_after(previous, point.time):
                reject_row(table, line, f"is passed ({point.time}) before {what} ({previous})", column="time")
                continue
            if leg.arrive is not None and is_after(point.time, leg.arrive):
                reason = f"is passed ({point.time}) after the leg arrives ({leg.arrive})"
                reject_row(table, line, reason, column="time")
                continue
            previous, what = point.time, f"waypoint {point.order}"


def _check_joins(table: Table, places: Mapping[str, Place]) -> None:
    """Warn when a leg starts away from where the same person's previous leg ended: a journey
    with a gap (a car ride missing between the airport and the city) is drawn, but said."""
    for before, line, after in _consecutive_legs(table):
        if before.to == after.from_:
            continue
        end, start = places[before.to], places[after.from_]
        km = geodesy.distance_km(end.lonlat, start.lonlat)
        if km <= JOIN_KM:
            continue
        reason = (
            f"starts at {start.name} ({after.from_!r}), {km:,.0f} km from where leg {before.seq} "
            f"ended, {end.name} ({before.to!r}); add the leg between them, or start here from {before.to!r}"
        )
        table.problems.append(
            Problem(table.name, line, "from", after.from_, reason, suggestion=before.to, level="warning")
        )
