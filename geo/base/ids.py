"""Feature ids: what a click on the map reports, made and read in this one place.

An id is ``kind:part[:part...]``: ``country:PRK``, ``leg:kim-jong-un:1``,
``flow:2024:CHN-PRK:exports``, ``stop:dandong``, ``position:kim-jong-un``, ``place:3`` (a place a
user added), ``trip:kim-hanoi-2019-02:kim-jong-un`` (one person's travel in one event, on a
person's map). Slugs hold no colon, so the parts never run into each other.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("position", "person", "trip", "leg", "flow", "country", "stop", "place")
"""Every kind of id a feature carries, in the order a list of features shows them: travellers first."""


@dataclass(frozen=True)
class FeatureId:
    kind: str
    parts: tuple[str, ...]

    def __str__(self) -> str:
        return ":".join((self.kind, *self.parts))


def country_id(iso3: str) -> str:
    return f"country:{iso3}"


def leg_id(person: str, seq: int) -> str:
    return f"leg:{person}:{seq}"


def flow_id(year: int, exporter: str, importer: str, flow: str) -> str:
    return f"flow:{year}:{exporter}-{importer}:{flow}"


def stop_id(place: str) -> str:
    return f"stop:{place}"


def position_id(person: str) -> str:
    return f"position:{person}"


def place_id(number: int) -> str:
    return f"place:{number}"


def trip_id(event_id: str, person: str) -> str:
    return f"trip:{event_id}:{person}"


def parse_trip(feature_id: str) -> tuple[str, str] | None:
    """(event id, person) of a trip id."""
    found = parse(feature_id)
    return (found.parts[0], found.parts[1]) if found and found.kind == "trip" else None


ARITY = {"trip": 2, "country": 1, "leg": 2, "flow": 3, "stop": 1, "position": 1, "person": 1, "place": 1}


def parse(feature_id: object) -> FeatureId | None:
    """The parts of an id, or None when it is not one of ours (a drawing, a typo, a number)."""
    if not isinstance(feature_id, str):
        return None
    kind, *parts = feature_id.split(":")
    if kind not in ARITY or len(parts) != ARITY[kind] or not all(parts):
        return None
    if kind == "leg" and not parts[1].isdigit():
        return None
    if kind == "flow" and (not parts[0].isdigit() or "-" not in parts[1]):
        return None
    return FeatureId(kind, tuple(parts))


def parse_leg(feature_id: str) -> tuple[str, int] | None:
    """(person, seq) of a leg id."""
    found = parse(feature_id)
    return (found.parts[0], int(found.parts[1])) if found and found.kind == "leg" else None


def parse_flow(feature_id: str) -> tuple[int, str, str, str] | None:
    """(year, exporter, importer, flow) of a flow id."""
    found = parse(feature_id)
    if found is None or found.kind != "flow":
        return None
    exporter, _, importer = found.parts[1].partition("-")
    return int(found.parts[0]), exporter, importer, found.parts[2]
