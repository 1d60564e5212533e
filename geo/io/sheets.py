"""An event folder as sheets to edit: event.toml's keys and each CSV's rows, every value as the
text a person typed, and back to the folder's files.

The sheets hold what was typed, never what it means: a date that is not a date stays as typed,
and geo.io.events says what is wrong with it, row by row, through the files written here (there
is one validator). Written for checking, a sheet keeps every row, blank ones too, so that a
Problem's row (the header is row 1) is the sheet's row number plus 2.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args, get_origin

from geo.base import settings
from geo.base.errors import Problem
from geo.io.meta import LIST_KEYS, META_FILE, STORY_FILE, EventMeta
from geo.io.schema import FILES, REQUIRED_FILES, columns_of

META_KEYS: tuple[str, ...] = tuple(EventMeta.model_fields)
"""event.toml's keys, in the documented order."""
DATE_KEYS = ("date", "start", "end")
NUMBER_KEYS = ("default_year",)
BOOL_KEYS: tuple[str, ...] = tuple(k for k, f in EventMeta.model_fields.items() if f.annotation is bool)
"""Keys written bare as true or false (``draft = true``, as ``geo draft`` writes it)."""
COLUMNS: dict[str, tuple[str, ...]] = {name: tuple(columns_of(model)) for name, model in FILES.items()}
"""Each CSV's columns, in the documented order."""
FIRST_ROW = 2
"""A sheet's row 0 is the file's row 2: the header is row 1."""
SLUG_LENGTH = 80
TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}

Row = dict[str, str]


@dataclass(frozen=True)
class Draft:
    """An event being written: event.toml's keys, each CSV's rows, story.toml as text."""

    meta: Mapping[str, str] = field(default_factory=lambda: dict.fromkeys(META_KEYS, ""))
    tables: Mapping[str, tuple[Row, ...]] = field(default_factory=lambda: {name: () for name in COLUMNS})
    story: str = ""
    origin: str = ""
    """What the draft started from, in words: "nothing (empty)", "beijing-parade-2025 (a copy)"."""

    @property
    def event_id(self) -> str:
        return self.meta.get("id", "").strip()

    def with_meta(self, key: str, value: str) -> Draft:
        return dataclasses.replace(self, meta={**self.meta, key: value})

    def with_rows(self, name: str, rows: Iterable[Mapping[str, object]]) -> Draft:
        return dataclasses.replace(self, tables={**self.tables, name: tuple(clean_rows(name, rows))})

    def with_story(self, story: str) -> Draft:
        return dataclasses.replace(self, story=story)

    def ids(self, name: str) -> list[str]:
        """The ids typed in a sheet (people.csv or places.csv), in order, once each."""
        return list(dict.fromkeys(r["id"].strip() for r in self.tables[name] if r["id"].strip()))


def clean_rows(name: str, rows: Iterable[Mapping[str, object]]) -> list[Row]:
    """Rows with exactly the sheet's columns, every value text (an empty cell is "")."""
    return [{c: _text(row.get(c)) for c in COLUMNS[name]} for row in rows]


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def choices_of(name: str) -> dict[str, tuple[str, ...]]:
    """The columns of a CSV whose values are one of a few words (role, kind, mode...), with them."""
    found = {}
    for field_name, info in FILES[name].model_fields.items():
        words = _literal(info.annotation)
        if words:
            found[info.alias or field_name] = words
    return found


def _literal(annotation: object) -> tuple[str, ...]:
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    for inner in get_args(annotation):
        words = _literal(inner)
        if words:
            return words
    return ()


def is_blank(row: Mapping[str, str]) -> bool:
    return not any(v.strip() for v in row.values())


def files_from_draft(draft: Draft, *, for_checking: bool = False) -> dict[str, bytes]:
    """The event folder's files. ``for_checking`` keeps blank rows (so rows keep their numbers)
    and writes every sheet that has rows; otherwise blank rows are left out, and so is an
    optional CSV with no row left."""
    files = {META_FILE: toml_from_meta(draft.meta).encode("utf-8", "surrogatepass")}
    for name in COLUMNS:
        rows = [r for r in draft.tables[name] if for_checking or not is_blank(r)]
        if rows or name in REQUIRED_FILES:
            files[name] = csv_from_rows(name, rows).encode("utf-8", "surrogatepass")
    if draft.story.strip():
        files[STORY_FILE] = draft.story.encode("utf-8", "surrogatepass")
    return files


def csv_from_rows(name: str, rows: Sequence[Mapping[str, str]]) -> str:
    out = io.StringIO(newline="")
    plain, quoted = (
        csv.DictWriter(out, COLUMNS[name], lineterminator="\n", extrasaction="ignore", quoting=quoting)
        for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_ALL)
    )
    plain.writeheader()
    for row in rows:
        # The csv module quotes only what its line ending holds: a lone \r would end the row.
        (quoted if any("\r" in v for v in row.values()) else plain).writerow(row)
    return out.getvalue()


def toml_from_meta(meta: Mapping[str, str]) -> str:
    """event.toml from the form: dates, the year and true or false bare when they read as such
    (quoted otherwise, so the loader says what they must be), lists split at commas, the rest as
    strings.
    An empty key is left out: the loader reports a required one as missing."""
    lines = []
    for key in META_KEYS:
        value = meta.get(key, "").strip()
        if not value:
            continue
        if key in LIST_KEYS:
            items = [item.strip() for item in value.split(",") if item.strip()]
            lines.append(f"{key} = [{', '.join(toml_string(item) for item in items)}]")
        elif (
            (key in DATE_KEYS and _is_date(value))
            or (key in NUMBER_KEYS and value.isascii() and value.isdigit())
            or (key in BOOL_KEYS and value in ("true", "false"))
        ):
            lines.append(f"{key} = {value}")
        else:
            lines.append(f"{key} = {toml_string(value)}")
    return "\n".join(lines) + "\n"


def toml_string(text: str) -> str:
    """A TOML basic string that reads back as ``text``: control characters escaped."""
    out = []
    for char in text:
        if char in TOML_ESCAPES:
            out.append(TOML_ESCAPES[char])
        elif unicodedata.category(char) == "Cc":
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def draft_from_files(files: Mapping[str, bytes | str], *, origin: str = "") -> tuple[Draft, list[Problem]]:
    """Sheets from an event folder's files (a folder, an upload, a drafted article), and what
    could not be carried over: keys and columns the format does not have, files that are not an
    event's, text that is not UTF-8. Nothing else is judged here; rows go over as written."""
    notes: list[Problem] = []
    texts = {name: _decoded(name, data, notes) for name, data in files.items()}
    meta = dict.fromkeys(META_KEYS, "")
    if META_FILE in texts:
        found, meta_notes = meta_from_toml(texts[META_FILE])
        meta.update(found)
        notes += meta_notes
    tables = {}
    for name in COLUMNS:
        rows, table_notes = rows_from_csv(name, texts.get(name, ""))
        tables[name] = tuple(rows)
        notes += table_notes
    for name in texts:
        if name not in (META_FILE, STORY_FILE, *COLUMNS):
            notes.append(
                Problem(name, None, None, "", "is not one of an event's files: left out of the draft")
            )
    return Draft(meta=meta, tables=tables, story=texts.get(STORY_FILE, ""), origin=origin), notes


def _decoded(name: str, data: bytes | str, notes: list[Problem]) -> str:
    if isinstance(data, str):
        return data
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    if "\ufffd" in text and b"\xef\xbf\xbd" not in data:
        notes.append(Problem(name, None, None, "", "is not all UTF-8: bytes that are not became \ufffd"))
    return text


def meta_from_toml(text: str) -> tuple[dict[str, str], list[Problem]]:
    """event.toml's keys as the form's text: dates as 2025-09-03, lists joined by commas."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return {}, [Problem(META_FILE, None, None, "", f"is not valid TOML ({exc}): the form starts empty")]
    meta, notes = {}, []
    for key, value in raw.items():
        if key not in META_KEYS:
            reason = "is not a key of event.toml: left out of the draft"
            notes.append(Problem(META_FILE, None, key, _shown(value), reason))
        elif isinstance(value, list | tuple):
            meta[key] = ", ".join(_shown(v) for v in value)
        else:
            meta[key] = _shown(value)
    return meta, notes


def _shown(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def rows_from_csv(name: str, text: str) -> tuple[list[Row], list[Problem]]:
    """A CSV's rows by column, every cell as written; blank rows dropped. Columns the sheet does
    not have, and cells beyond the header, are named in a note."""
    if not text.strip():
        return [], []
    rows, notes, dropped = [], [], {}
    records = _records(name, text, notes)
    header = [h.strip() for h in next(records, [])]
    for number, values in enumerate(records, start=FIRST_ROW):
        if not any(v.strip() for v in values):
            continue
        if len(rows) == settings.MAX_ROWS:
            reason = f"holds more than {settings.MAX_ROWS:,} rows, the most a file may: the rest are left out"
            notes.append(Problem(name, number, None, "", reason))
            break
        record = dict(zip(header, values, strict=False))
        for column, value in record.items():
            if column not in COLUMNS[name] and value.strip():
                dropped.setdefault(column or f"column {header.index(column) + 1}", number)
        if len(values) > len(header) and any(v.strip() for v in values[len(header) :]):
            dropped.setdefault("cells beyond the header", number)
        rows.append({c: record.get(c, "") for c in COLUMNS[name]})
    for column, number in dropped.items():
        reason = (
            f"is not a column of {name}: its values (the first in row {number}) are left out of the draft"
        )
        notes.append(Problem(name, number, column, "", reason))
    return rows, notes


def _records(name: str, text: str, notes: list[Problem]) -> Iterator[list[str]]:
    """The CSV's records; one the csv module cannot read ends the sheet, said in a note."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        yield from reader
    except csv.Error as exc:
        reason = f"cannot be read as CSV from here on ({exc}): the rest is left out of the draft"
        notes.append(Problem(name, reader.line_num, None, "", reason))


def apply_edits(rows: Sequence[Row], edits: Mapping[str, object], name: str) -> list[Row]:
    """Rows after a grid's edits: ``edited_rows`` ({position: {column: value}}), then
    ``deleted_rows`` (positions), then ``added_rows`` (rows) appended, as Streamlit's data editor
    reports them. Columns the sheet does not have (a problem column shown beside it) are ignored."""
    changed = [dict(r) for r in rows]
    for position, cells in (edits.get("edited_rows") or {}).items():
        index = int(position)
        if 0 <= index < len(changed):
            changed[index].update({c: _text(v) for c, v in cells.items() if c in COLUMNS[name]})
    deleted = {int(p) for p in edits.get("deleted_rows") or ()}
    kept = [r for i, r in enumerate(changed) if i not in deleted]
    return clean_rows(name, [*kept, *(edits.get("added_rows") or ())])


def problems_by_row(problems: Iterable[Problem], name: str) -> dict[int, list[Problem]]:
    """A sheet's problems by the position of the row they are about (rows written for checking)."""
    found: dict[int, list[Problem]] = {}
    for problem in problems:
        if problem.file == name and problem.row is not None and problem.row >= FIRST_ROW:
            found.setdefault(problem.row - FIRST_ROW, []).append(problem)
    return found


def slug_from(text: str, *, taken: Iterable[str] = ()) -> str:
    """A slug for an id, from a name ("Dandong Station" -> "dandong-station"), not one of ``taken``."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[: SLUG_LENGTH - 4].strip("-") or "place"
    used = set(taken)
    slug, number = base, 2
    while slug in used:
        slug, number = f"{base}-{number}", number + 1
    return slug
