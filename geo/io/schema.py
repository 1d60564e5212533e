"""The declared schema of an event folder: one pydantic model per file, one per row.

data/README.md documents the same columns for people writing events by hand; a test keeps
the two in step. Each model checks one row on its own; checks that need several rows or files
(unknown ids, times going backwards) live in geo.io.events.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal
from urllib.parse import urlparse

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from geo.ref.countries import country_name, is_iso3, iso3_candidates

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
ALLOWED_CONTROLS = frozenset("\t\n\r")
"""The only control characters text may hold: a note may run over several lines."""


class CellError(ValueError):
    """A row refused for one column's sake, with a replacement to suggest when there is one.

    Raised from a model validator, where pydantic knows no column, it still names the cell.
    """

    def __init__(self, message: str, *, column: str | None = None, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.column = column
        self.suggestion = suggestion


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def _slug(value: str) -> str:
    if not SLUG.match(value):
        msg = "must be a slug: lowercase letters, digits and hyphens, at most 80"
        raise ValueError(msg)
    return value


def _iso3(value: str) -> str:
    if is_iso3(value):
        return value
    found = iso3_candidates(value)
    msg = "is not an ISO 3166-1 alpha-3 country code (three capitals, like CHN)"
    if len(found) == 1:
        raise CellError(f"{msg}; did you mean {found[0]} ({country_name(found[0])})?", suggestion=found[0])
    if found:
        options = " or ".join(f"{code} ({country_name(code)})" for code in found)
        raise CellError(f"{msg}; the name is ambiguous: {options}")
    raise CellError(msg)


def plain(value: str) -> str:
    """Refuse control characters: they are never meant, and can rewrite a terminal's screen."""
    for char in value:
        if unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS:
            msg = f"holds the control character U+{ord(char):04X}; remove it"
            raise ValueError(msg)
    return value


def _url(value: str) -> str:
    msg = "must be an http(s) address, like https://example.org/page"
    try:
        parsed = urlparse(value)
    except ValueError:
        raise ValueError(msg) from None
    if parsed.scheme not in ("http", "https") or not parsed.netloc or any(c.isspace() for c in value):
        raise ValueError(msg)
    return plain(value)


@dataclass(frozen=True)
class When:
    """A reported moment: a time with its UTC offset, or only the day."""

    day: date
    at: datetime | None = None

    @property
    def day_only(self) -> bool:
        return self.at is None

    def isoformat(self) -> str:
        return self.at.isoformat() if self.at is not None else self.day.isoformat()

    def __str__(self) -> str:
        if self.at is None:
            return f"{self.day:%-d %b %Y} (time not reported)"
        offset = self.at.strftime("%z")
        return f"{self.at:%-d %b %Y, %H:%M} UTC{offset[:3]}:{offset[3:]}"


def parse_when(value: object) -> When | None:
    """ISO 8601: ``2025-09-02T16:00+08:00`` or ``2025-09-02``; empty is None."""
    if value is None or isinstance(value, When):
        return value
    text = str(value).strip()
    if not text:
        return None
    if "T" not in text and " " not in text:
        try:
            return When(day=date.fromisoformat(text))
        except ValueError:
            pass
        msg = "must be an ISO 8601 date (2025-09-02) or time with offset (2025-09-02T16:00+08:00)"
        raise ValueError(msg)
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        msg = "must be an ISO 8601 time with offset, like 2025-09-02T16:00+08:00"
        raise ValueError(msg) from None
    if at.tzinfo is None:
        msg = "has no time zone: add a UTC offset such as +08:00"
        raise ValueError(msg)
    return When(day=at.date(), at=at)


Slug = Annotated[str, AfterValidator(_slug)]
Iso3 = Annotated[str, AfterValidator(_iso3)]
Url = Annotated[str, Field(max_length=2000), AfterValidator(_url)]
BlankOrUrl = Annotated[str, Field(max_length=2000), AfterValidator(lambda v: _url(v) if v else v)]
"""A source, or none where no page reports the fact: an inferred leg must not cite a page that
only seems to support it."""
Text = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(plain)]
OptionalText = Annotated[
    Annotated[str, Field(max_length=2000), AfterValidator(plain)] | None, BeforeValidator(_blank_to_none)
]
Moment = Annotated[When | None, BeforeValidator(parse_when)]
Status = Literal["confirmed", "reported", "unconfirmed"]
RouteStatus = Literal["confirmed", "reported", "unconfirmed", "unknown"]
"""A leg's route: as a waypoint's status, or ``unknown`` when the leg is reported but no page says
which way it went (its ends are joined by a faint dotted line, never a line that looks like a fact)."""
TimeStatus = Literal["exact", "approximate", "disputed", "unknown"]
CERTAINTY: tuple[str, ...] = ("exact", "approximate", "disputed")
"""Statuses of a reported time, from the most certain to the least."""


def summary_status(depart: str, arrive: str) -> str:
    """A leg's ``time_status`` when its ends differ: the less certain of the ends that were
    reported (an ``unknown`` end is left aside), or ``unknown`` when neither was."""
    known = [s for s in (depart, arrive) if s != "unknown"]
    return max(known, key=CERTAINTY.index) if known else "unknown"


ValueStatus = Literal["exact", "approximate", "lower_bound", "disputed", "not_found"]


class Row(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, extra="ignore")


class Person(Row):
    id: Slug
    name: Text
    title: Text
    iso3: Iso3
    role: Literal["host", "guest", "attendee"]
    note: OptionalText = None
    source_url: Url


class Place(Row):
    id: Slug
    name: Text
    iso3: Iso3
    lat: Annotated[Annotated[float, Field(ge=-90, le=90)] | None, BeforeValidator(_blank_to_none)] = None
    lon: Annotated[Annotated[float, Field(ge=-180, le=180)] | None, BeforeValidator(_blank_to_none)] = None
    kind: Literal["capital", "city", "station", "airport", "border", "venue"]
    admin1: OptionalText = None
    """The first-level region (province, state, oblast) as GeoNames names it: picks one city
    when several share the name."""
    source_url: Url
    note: OptionalText = None
    """What the coordinates rest on, what is uncertain (a point only approximate) or left to confirm
    (a draft lists a name's candidates); shown in the place's details."""

    @model_validator(mode="after")
    def _both_or_neither(self) -> Place:
        if (self.lat is None) != (self.lon is None):
            msg = "give both lat and lon, or leave both empty for a GeoNames look-up"
            raise CellError(msg, column="lat" if self.lat is None else "lon")
        return self

    @property
    def lonlat(self) -> tuple[float, float]:
        if self.lat is None or self.lon is None:
            msg = f"place {self.id!r} has no coordinates"
            raise ValueError(msg)
        return (self.lon, self.lat)


class Waypoint(Row):
    person: Slug
    seq: Annotated[int, Field(ge=1)]
    order: Annotated[int, Field(ge=1)]
    place: Slug
    time: Moment = None
    time_status: Annotated[Literal["exact", "approximate"] | None, BeforeValidator(_blank_to_none)] = None
    """``approximate`` for an "about" time; empty is exact. A waypoint has no alternatives column,
    so a disputed passing time goes in its leg's note."""
    status: Status
    source_url: Url

    @model_validator(mode="after")
    def _time_given(self) -> Waypoint:
        if self.time_status and self.time is None:
            msg = "time_status is given but time is empty: give the time, or leave time_status empty"
            raise CellError(msg, column="time_status")
        return self

    @property
    def time_certainty(self) -> str:
        return self.time_status or "exact"


class Leg(Row):
    person: Slug
    seq: Annotated[int, Field(ge=1)]
    from_: Annotated[Slug, Field(alias="from")]
    to: Slug
    mode: Literal["train", "air", "road"]
    depart: Moment = None
    arrive: Moment = None
    time_status: TimeStatus
    alternatives: OptionalText = None
    route_status: RouteStatus
    note: OptionalText = None
    source_url: BlankOrUrl
    depart_status: Annotated[TimeStatus | None, BeforeValidator(_blank_to_none)] = None
    """How sure the departure is, when the two ends differ ("departure approximate, arrival
    disputed"); empty when it is ``time_status``."""
    arrive_status: Annotated[TimeStatus | None, BeforeValidator(_blank_to_none)] = None
    waypoints: tuple[Waypoint, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Leg:
        ends = (self.depart_status or self.time_status, self.arrive_status or self.time_status)
        if (self.depart_status or self.arrive_status) and self.time_status != summary_status(*ends):
            least = summary_status(*ends)
            msg = (
                f"time_status must sum up the two ends ({ends[0]} departure, {ends[1]} arrival): "
                f"the less certain end that is not unknown, so {least}"
            )
            raise CellError(msg, column="time_status", suggestion=least)
        if "disputed" in ends and not self.alternatives:
            msg = "a disputed time needs the other reported values in 'alternatives'"
            raise CellError(msg, column="alternatives")
        if not self.source_url and self.route_status != "unconfirmed":
            msg = "source_url is empty: a leg needs the page that reports it, unless its route is unconfirmed"
            raise CellError(msg, column="source_url")
        if self.from_ == self.to:
            msg = "a leg must go somewhere: 'from' and 'to' are the same place"
            raise CellError(msg, column="to")
        if self.depart and self.arrive and is_after(self.depart, self.arrive):
            msg = f"arrives ({self.arrive}) before it departs ({self.depart})"
            raise CellError(msg, column="arrive")
        return self

    @property
    def key(self) -> tuple[str, int]:
        return (self.person, self.seq)

    @property
    def depart_certainty(self) -> str:
        return self.depart_status or self.time_status

    @property
    def arrive_certainty(self) -> str:
        return self.arrive_status or self.time_status


class TradeFlow(Row):
    exporter: Iso3
    importer: Iso3
    flow: Literal["exports", "total"]
    year: Annotated[int, Field(ge=1900, le=2100)]
    period: OptionalText = None
    value_usd: Annotated[
        Annotated[float, Field(ge=0, allow_inf_nan=False)] | None, BeforeValidator(_blank_to_none)
    ] = None
    series: Text
    value_status: ValueStatus
    alternatives: OptionalText = None
    source_url: Url
    quote: OptionalText = None

    @model_validator(mode="after")
    def _value_present(self) -> TradeFlow:
        if self.value_status == "not_found" and self.value_usd is not None:
            msg = "value_status is not_found but value_usd is given"
            raise CellError(msg, column="value_usd")
        if self.value_status != "not_found" and self.value_usd is None:
            msg = "value_usd is empty: give the value, or set value_status to not_found"
            raise CellError(msg, column="value_usd")
        if self.exporter == self.importer:
            msg = "exporter and importer are the same country"
            raise CellError(msg, column="importer")
        return self


class Figure(Row):
    key: Slug
    label: Text
    value: Annotated[float, Field(allow_inf_nan=False)]
    unit: Annotated[str, Field(max_length=20), AfterValidator(plain)] = ""
    year: Annotated[Annotated[int, Field(ge=1900, le=2100)] | None, BeforeValidator(_blank_to_none)] = None
    value_status: ValueStatus
    source_url: Url
    quote: OptionalText = None


class ExtraPlace(Row):
    """A point a user brings as a GeoJSON Point feature: where it is and what it is called.

    ``lat`` and ``lon`` come from the geometry; the rest from the feature's properties.
    """

    name: Text
    lat: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
    lon: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
    kind: Annotated[
        Annotated[str, Field(max_length=40), AfterValidator(plain)] | None, BeforeValidator(_blank_to_none)
    ] = None
    iso3: Annotated[Iso3 | None, BeforeValidator(_blank_to_none)] = None
    note: OptionalText = None
    source_url: Annotated[Url | None, BeforeValidator(_blank_to_none)] = None
    source: OptionalText = None
    """Where the place comes from, in the file's own words (a newspaper, a survey); a web address
    given here is read as ``source_url`` (geo.io.uploads)."""


def is_after(first: When, second: When) -> bool:
    """True when ``first`` is certainly later than ``second`` (day-only values compare by day)."""
    if first.at is not None and second.at is not None:
        return first.at > second.at
    return first.day > second.day


FILES: dict[str, type[Row]] = {
    "people.csv": Person,
    "places.csv": Place,
    "legs.csv": Leg,
    "waypoints.csv": Waypoint,
    "trade.csv": TradeFlow,
    "figures.csv": Figure,
}
"""Every CSV an event folder may hold, with the model of its rows."""

REQUIRED_FILES = ("people.csv", "places.csv")


def columns_of(model: type[Row]) -> list[str]:
    """The CSV header a model reads, in order: aliases where a name is a Python keyword."""
    return [f.alias or name for name, f in model.model_fields.items() if name != "waypoints"]


def required_columns_of(model: type[Row]) -> list[str]:
    return [
        f.alias or name for name, f in model.model_fields.items() if f.is_required() and name != "waypoints"
    ]
