"""What an event is (event.toml) and the story it tells (story.toml): their models, and reading
them with every problem in plain words, as someone writing the file by hand would fix it.

geo.io.events reads the CSVs and links everything; data/README.md documents the keys, and a test
keeps the two in step.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from geo.base import settings
from geo.base.errors import Problem
from geo.base.registry import LAYERS, TOGGLES
from geo.io.schema import CellError, Iso3, Moment, OptionalText, Slug, Text, Url, plain
from geo.io.tables import decode, problems_from

META_FILE = "event.toml"
STORY_FILE = "story.toml"
TOML_LINE = re.compile(r"\(at line (\d+)")
LIST_KEYS = {
    "highlight": 'a list of country codes, like ["PRK"]',
    "hosts": 'a list of country codes in the order visited, like ["CHN", "VNM"]',
    "series_order": 'a list of series names, like ["GACC", "KOTRA"]',
}
"""event.toml keys that hold lists, and how one is written."""
META_REASONS = {
    "date_from_datetime_parsing": "must be a date, like 2025-09-03",
    "date_parsing": "must be a date, like 2025-09-03",
    "date_type": "must be a date, like 2025-09-03 (no quotes needed)",
    "string_type": 'must be text in quotes, like "..."',
    "int_type": "must be a whole number, like 2024",
    "int_parsing": "must be a whole number, like 2024",
}
"""pydantic's messages about event.toml, in the words of someone writing it by hand."""


def _zone(value: str) -> str:
    msg = "is not an IANA time zone such as Asia/Shanghai"
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # zoneinfo opens a file named by the key: "Asia" is a directory, a long key too long a name.
        raise ValueError(msg) from None
    return value


class EventMeta(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, extra="forbid")

    id: Slug
    title: Text
    date: date
    start: date
    end: date
    timezone: Annotated[str, AfterValidator(_zone)]
    shape: Literal["summit", "tour"] = "summit"
    """``summit``: guests come to one ``host``. ``tour``: one ``traveller`` visits ``hosts`` in turn."""
    host: Iso3 | None = None
    """The host country; for a tour, the first of ``hosts`` (filled in by the loader)."""
    hosts: tuple[Iso3, ...] = ()
    """Every host country, in the order visited; for a summit, ``(host,)`` (filled in)."""
    traveller: Slug | None = None
    """A tour's traveller: a people.csv id."""
    place: Slug
    highlight: tuple[Iso3, ...] = ()
    summary: Annotated[str, Field(max_length=4000), AfterValidator(plain)] = ""
    seed: OptionalText = None
    source_url: Url
    default_year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    series_order: tuple[Text, ...] = ()
    draft: bool = False
    """Written by ``geo draft``: ``geo check`` lists every row note saying "To confirm:"."""

    @model_validator(mode="after")
    def _window(self) -> EventMeta:
        if not self.start <= self.date <= self.end:
            msg = f"date {self.date} must fall between start {self.start} and end {self.end}"
            raise CellError(msg, column="date")
        return self

    @model_validator(mode="after")
    def _shape(self) -> EventMeta:
        if self.shape == "summit":
            if self.host is None:
                raise CellError('a summit needs its host country, like host = "CHN"', column="host")
            if self.traveller is not None:
                msg = 'traveller is for a tour: add shape = "tour" and hosts = [...], or remove it'
                raise CellError(msg, column="traveller")
            if self.hosts and self.hosts != (self.host,):
                msg = 'a summit has one host, given as host = "CHN"; for several, make it a tour'
                raise CellError(msg, column="hosts")
            object.__setattr__(self, "hosts", (self.host,))
            return self
        if not self.hosts:
            raise CellError('a tour needs its host countries in order, like hosts = ["RUS"]', column="hosts")
        if self.traveller is None:
            msg = 'a tour needs its traveller, a people.csv id, like traveller = "kim-jong-un"'
            raise CellError(msg, column="traveller")
        if self.host is not None and self.host != self.hosts[0]:
            raise CellError("a tour names its hosts in hosts = [...], not host", column="host")
        object.__setattr__(self, "host", self.hosts[0])
        return self


Lat = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Lon = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]


class Chapter(BaseModel):
    """One step of an event's story (story.toml): a view, the layers that matter in it, and
    two or three sentences with their source."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, extra="forbid")

    title: Text
    text: Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(plain)]
    source_url: Url
    more_sources: tuple[Url, ...] = ()
    """Other pages the text rests on, when one is not enough."""
    layers: tuple[Slug, ...] = ()
    """Layer keys shown (the registry's toggles); empty for the reader's own choice."""
    bounds: tuple[tuple[Lat, Lon], tuple[Lat, Lon]] | None = None
    """[[south, west], [north, east]]; or give center and zoom."""
    center: tuple[Lat, Lon] | None = None
    zoom: Annotated[int, Field(ge=1, le=18)] | None = None
    phone_bounds: tuple[tuple[Lat, Lon], tuple[Lat, Lon]] | None = None
    """The view on a phone held upright, when the chapter's own is too wide to read there."""
    time: Moment = None
    """The moment the travellers are shown at, for the app's time slider."""
    featured_flows: tuple[Iso3, ...] = ()
    """Countries whose trade with the host the chapter is about: drawn visible and on top, with
    their value (and share) written beside them."""
    legs: Literal["all", "last"] = "all"
    """``last``: the other travellers' lines are each one's last leg into the event only (the
    leaders who came on from a summit drawn from it, not from home)."""

    @model_validator(mode="after")
    def _one_view(self) -> Chapter:
        if self.featured_flows and "trade" not in self.layers:
            msg = "featured_flows are trade flows: add trade to the chapter's layers"
            raise CellError(msg, column="featured_flows")
        unknown = [k for k in self.layers if k not in TOGGLES]
        if unknown:
            # Layers that are no toggle come with one, or from a reader's upload: say which.
            why = [_not_a_toggle(k) for k in unknown if k in LAYERS]
            msg = f"unknown layer(s) {', '.join(unknown)}; a chapter shows some of: {', '.join(TOGGLES)}"
            if why:
                msg = f"{'; '.join(why)}; a chapter shows some of: {', '.join(TOGGLES)}"
            raise CellError(msg, column="layers")
        if self.bounds is None and (self.center is None or self.zoom is None):
            msg = "give the chapter's view: bounds = [[south, west], [north, east]], or center and zoom"
            raise CellError(msg, column="bounds")
        if self.bounds is not None and self.center is not None:
            msg = "give bounds or center and zoom, not both"
            raise CellError(msg, column="center")
        return self


def _not_a_toggle(key: str) -> str:
    spec = LAYERS[key]
    if spec.with_layer is not None:
        return f"{key} ({spec.title}) come with {spec.with_layer}: name {spec.with_layer}"
    return f"{key} ({spec.title}) show when a reader adds them in the app, not by chapter"


class Story(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    chapter: tuple[Chapter, ...] = ()


def read_story(files: Mapping[str, bytes]) -> tuple[tuple[Chapter, ...], list[Problem]]:
    """The chapters of story.toml; a chapter that is wrong is left out and said why."""
    if STORY_FILE not in files:
        return (), []
    text, problems = decode(STORY_FILE, files[STORY_FILE])
    if text is None:
        return (), problems
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = TOML_LINE.search(str(exc))
        return (), [
            Problem(STORY_FILE, int(at.group(1)) if at else None, None, "", f"is not valid TOML: {exc}")
        ]
    chapters, problems = [], []
    entries = raw.get("chapter", [])
    if set(raw) - {"chapter"} or not isinstance(entries, list):
        return (), [Problem(STORY_FILE, None, None, "", "holds [[chapter]] tables and nothing else")]
    for number, entry in enumerate(entries, start=1):
        try:
            chapters.append(Chapter.model_validate(entry))
        except ValidationError as exc:
            found = problems_from(
                exc, file=STORY_FILE, row=None, values=entry if isinstance(entry, dict) else {}
            )
            problems.extend(
                replace(p, column=f"chapter {number}: {p.column or ''}".rstrip(": ")) for p in found
            )
    return tuple(chapters), problems


def read_meta(files: Mapping[str, bytes], expected_id: str | None) -> tuple[EventMeta | None, list[Problem]]:
    if META_FILE not in files:
        return None, [Problem(META_FILE, None, None, "", "file is missing")]
    text, problems = decode(META_FILE, files[META_FILE])
    if text is None:
        return None, problems
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = TOML_LINE.search(str(exc))
        row = int(at.group(1)) if at else None
        return None, [Problem(META_FILE, row, None, "", f"is not valid TOML: {exc}")]
    try:
        meta = EventMeta.model_validate(raw)
    except ValidationError as exc:
        return None, _meta_problems(exc, raw)
    if expected_id is not None and meta.id != expected_id:
        reason = f"id must equal the folder name {expected_id!r}"
        return None, [Problem(META_FILE, None, "id", meta.id, reason, suggestion=expected_id)]
    return meta, _check_seed(meta.seed)


def _meta_problems(exc: ValidationError, raw: Mapping[str, object]) -> list[Problem]:
    """Each of event.toml's problems in plain words: which key, what it must be, an example."""
    problems = []
    for error, problem in zip(
        exc.errors(), problems_from(exc, file=META_FILE, row=None, values=raw), strict=True
    ):
        loc = error["loc"]
        key = str(loc[0]) if loc else problem.column
        reason = problem.reason
        if error["type"] == "extra_forbidden":
            known = ", ".join(EventMeta.model_fields)
            close = difflib.get_close_matches(str(key), list(EventMeta.model_fields), n=1, cutoff=0.7)
            hint = f"; did you mean {close[0]}?" if close else ""
            reason = f"is not a key of event.toml{hint} (known: {known})"
        elif key in LIST_KEYS and (len(loc) == 1 or error["type"] in ("tuple_type", "list_type")):
            reason = f"must be {LIST_KEYS[key]}"
        elif key in LIST_KEYS:
            reason = f"item {int(loc[1]) + 1} {reason}; {key} must be {LIST_KEYS[key]}"
        elif error["type"] in META_REASONS:
            reason = META_REASONS[error["type"]]
        value = raw.get(key, "") if key else ""
        shown = "" if isinstance(value, dict) else (str(value) if value is not None else "")
        problems.append(replace(problem, column=key, value=shown[:200], reason=reason))
    return problems


def _check_seed(seed: str | None) -> list[Problem]:
    """The seed is a file of the repository: a path relative to its root that exists."""
    if not seed:
        return []
    path = Path(seed)
    if path.is_absolute() or ".." in path.parts:
        reason = "must be a path relative to the repository's root, like seeds/<event-id>.txt"
        return [Problem(META_FILE, None, "seed", seed, reason)]
    if not (settings.ROOT / path).is_file():
        reason = f"names no file: {seed} is not in the repository (put the source document there)"
        return [Problem(META_FILE, None, "seed", seed, reason)]
    return []
