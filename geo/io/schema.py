"""The declared schema of an event folder: one pydantic model per file, one per row.

data/README.md documents the same columns for people writing events by hand; a test keeps
the two in step. Each model checks one row on its own; checks that need several rows or files
(unknown ids, times going backwards) live in geo.io.events.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal
from urllib.parse import urlparse

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from geo.io.moments import When, is_after, parse_when
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


class Share(Row):
    """A share of ``iso3``'s external trade that is with ``partner``: stated by the page, or the
    two figures it divides (one page, one series and one period: never a partner's total over
    China's customs)."""

    iso3: Iso3
    partner: Iso3
    year: Annotated[int, Field(ge=1900, le=2100)]
    period: OptionalText = None
    share_pct: Annotated[Annotated[float, Field(ge=0, le=100)] | None, BeforeValidator(_blank_to_none)] = None
    partner_trade: Annotated[Annotated[float, Field(ge=0)] | None, BeforeValidator(_blank_to_none)] = None
    total_trade: Annotated[Annotated[float, Field(gt=0)] | None, BeforeValidator(_blank_to_none)] = None
    unit: Annotated[str, Field(max_length=20), AfterValidator(plain)] = ""
    series: Text
    value_status: ValueStatus
    alternatives: OptionalText = None
    source_url: Url
    quote: OptionalText = None
    note: OptionalText = None

    @model_validator(mode="after")
    def _one_share(self) -> Share:
        pair = (self.partner_trade, self.total_trade)
        if self.iso3 == self.partner:
            raise CellError("iso3 and partner are the same country", column="partner")
        if self.value_status == "not_found" and (self.share_pct is not None or pair != (None, None)):
            raise CellError("value_status is not_found but a figure is given", column="value_status")
        if self.value_status != "not_found" and self.share_pct is None and None in pair:
            msg = "give share_pct, or partner_trade and total_trade, or set value_status to not_found"
            raise CellError(msg, column="share_pct" if pair == (None, None) else "total_trade")
        if None not in pair and (pair[0] > pair[1] or not self.unit):  # type: ignore[operator]
            msg = (
                "partner_trade is more than total_trade" if self.unit else "give the figures' unit (USD, JPY)"
            )
            raise CellError(msg, column="partner_trade" if self.unit else "unit")
        if None not in pair and self.share_pct is not None and abs(self.computed - self.share_pct) > 0.5:
            msg = f"share_pct {self.share_pct:g} is not partner_trade / total_trade ({self.computed:.1f})"
            raise CellError(msg, column="share_pct")
        return self

    @property
    def computed(self) -> float:
        return 100 * (self.partner_trade or 0.0) / (self.total_trade or 1.0)

    @property
    def share(self) -> float | None:
        """The share in per cent: as the page states it, else its two figures divided."""
        return self.share_pct if self.share_pct is not None or self.total_trade is None else self.computed


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


FILES: dict[str, type[Row]] = {
    "people.csv": Person,
    "places.csv": Place,
    "legs.csv": Leg,
    "waypoints.csv": Waypoint,
    "trade.csv": TradeFlow,
    "figures.csv": Figure,
    "shares.csv": Share,
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
