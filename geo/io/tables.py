"""Reading one CSV file into validated rows, keeping every refused row and why.

Nothing is dropped or changed without a Problem saying so. Accepted without one, on purpose:
a UTF-8 byte order mark (Excel writes one), blank lines, spaces around a value (trimmed), and
columns with neither a name nor a value (Excel's trailing commas). Rows count as a
spreadsheet counts them: the header is row 1, and a quoted cell spanning lines is one row.
"""

from __future__ import annotations

import bisect
import csv
import difflib
import io
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from geo.base import settings
from geo.base.errors import Problem
from geo.io.refused import RefusedRow

OTHER_DELIMITERS = (";", "\t", "|")
M = TypeVar("M", bound=BaseModel)
SHOWN_VALUE = 200
"""Characters of a refused value quoted back in a Problem; the rejected row keeps all of it."""
BYTE_ORDER_MARKS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}
"""Marks of text that is not UTF-8 at all: refused whole, with the way out named."""
UNDECODED = re.compile("[\udc80-\udcff]")
"""What a byte that is not UTF-8 becomes when decoded with surrogateescape."""


@dataclass
class Table(Generic[M]):
    """The rows of one file that passed, and a Problem for each that did not."""

    name: str
    entries: list[tuple[int, M]] = field(default_factory=list)
    """(row, record) for every accepted row; row 1 is the header."""
    problems: list[Problem] = field(default_factory=list)
    rejected: list[Mapping[str, str]] = field(default_factory=list)
    """Refused rows as they were read, with their row and reason, for download."""
    cells: dict[int, dict[str, str]] = field(default_factory=dict, repr=False)
    """Every data row's cells exactly as read, so a row refused later is kept unchanged."""
    _rejected_at: dict[str, Mapping[str, str]] = field(default_factory=dict, repr=False, compare=False)
    """``rejected`` by row, so a row with many problems is found without a search."""
    state: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    """What a reader keeps across the chunks of one file (the flows seen so far)."""

    @property
    def rows(self) -> list[M]:
        return [row for _, row in self.entries]


def decode(name: str, data: bytes, *, limit: int | None = None) -> tuple[str | None, list[Problem]]:
    """UTF-8 text of a whole file, or None with the reason. A leading BOM is accepted and dropped.

    For files read whole (event.toml); CSVs go through read_table, which refuses only the rows
    holding bytes that are not UTF-8.
    """
    text, problems = file_text(name, data, limit=limit)
    if text is None:
        return None, problems
    bad = UNDECODED.search(text)
    if bad is not None:
        line = text[: bad.start()].count("\n") + 1
        reason = f"is not UTF-8 (byte {_byte(bad.group())} on line {line}); save it as UTF-8"
        return None, [Problem(name, line, None, "", reason)]
    return text, []


def read_table(
    name: str,
    data: bytes,
    model: type[M],
    *,
    columns: list[str],
    required: list[str],
    delimiter: str = ",",
    limit: int | None = None,
    max_rows: int | None = None,
) -> Table[M]:
    """Validate every row of a CSV against ``model``; never raises for anything in ``data``.

    A header that cannot be used (no required column, a column twice, the wrong delimiter)
    refuses the whole file; anything else refuses only its row.
    """
    table: Table[M] = Table(name)
    text, problems = file_text(name, data, limit=limit)
    if text is None:
        table.problems.extend(problems)
        return table
    found = records(name, text, delimiter, table)
    first = next(found, None)
    if first is None or first[0] != 1:
        table.problems.append(Problem(name, None, None, "", "no row is read: the header row cannot be read"))
        return table
    header = [h.strip() for h in first[1]]
    fatal, warnings = check_header(name, header, columns, required, delimiter)
    if fatal:
        table.problems.extend(fatal)
        return table
    rows = list(found)
    most = settings.MAX_ROWS if max_rows is None else max_rows
    count = sum(1 for _, values in rows if any(v.strip() for v in values))
    if count > most:
        table.problems = [Problem(name, None, None, "", f"file has {count:,} rows; the limit is {most:,}")]
        table.rejected.clear()
        return table
    table.problems.extend(warnings)
    table.problems.extend(_nameless_columns(name, header, rows))
    for line, values in rows:
        read_row(table, model, header, line, values, delimiter)
    table.problems.sort(key=lambda p: p.row or 0)
    return table


def problems_from(
    exc: ValidationError, *, file: str, row: int | None, values: Mapping[str, object]
) -> list[Problem]:
    """One Problem per error pydantic found in one record (a CSV row, a TOML file, a feature)."""
    return [_problem(file, row, error, values) for error in exc.errors()]


def reject_row(table: Table, line: int, reason: str, *, column: str | None = None) -> None:
    """Take a row that passed on its own out of the table, for a reason found across rows.

    Entries stay in row order, so the row is found by bisection: a file of thousands of
    duplicates costs thousands of steps, not millions.
    """
    index = bisect.bisect_left(table.entries, line, key=lambda entry: entry[0])
    if index < len(table.entries) and table.entries[index][0] == line:
        del table.entries[index]
    record = table.cells.get(line, {})
    value = record.get(column, "") if column else ""
    reject(table, Problem(table.name, line, column, _shown(value), reason), record)


def file_text(name: str, data: bytes, *, limit: int | None) -> tuple[str | None, list[Problem]]:
    """The file as text, bytes that are not UTF-8 kept as lone surrogates for the rows to report."""
    limit = settings.MAX_INPUT_BYTES if limit is None else limit
    if len(data) > limit:
        reason = f"file is {len(data):,} bytes; the limit is {limit:,}"
        return None, [Problem(name, None, None, "", reason)]
    for mark, encoding in BYTE_ORDER_MARKS.items():
        if data.startswith(mark):
            reason = f"is {encoding} text; save it as UTF-8 (in Excel: CSV UTF-8)"
            return None, [Problem(name, None, None, "", reason)]
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        reason = "is a workbook or an archive, not text; save it as CSV UTF-8"
        return None, [Problem(name, None, None, "", reason)]
    text = data.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    if not text.strip():
        return None, [Problem(name, None, None, "", "file is empty")]
    return text, []


def records(
    name: str, text: str, delimiter: str, table: Table, *, first_row: int = 1
) -> Iterator[tuple[int, list[str]]]:
    """(row, cells) for every record; a record the csv module cannot read becomes a Problem.

    The csv module is strict here: left lenient it would quietly swallow the rest of the file
    into a cell after an unclosed quote, or drop the quotes of ``"a"b``. After a broken record,
    reading starts again on the next line, so one stray quote costs one row. ``first_row`` is
    the row number of the text's first record (a block of a long file starts further down).
    """
    lines = io.StringIO(text, newline="").readlines()
    start, row = 0, first_row - 1
    while start < len(lines):
        reader = csv.reader(lines[start:], delimiter=delimiter, strict=True)
        consumed = 0
        try:
            for values in reader:
                row += 1
                consumed = reader.line_num
                yield row, values
            return
        except csv.Error as exc:
            row += 1
            first = lines[start + consumed].rstrip("\r\n")
            reason = f"cannot be read as CSV ({exc}): check the quotes on this row"
            if str(exc) == "unexpected end of data":
                reason = "opens a quote that is never closed; close it, or double a quote meant as text"
            problem = Problem(name, row, None, _shown(first), reason)
            reject(table, problem, {"_raw": first})
            start += consumed + 1


def check_header(
    name: str, header: list[str], columns: list[str], required: list[str], delimiter: str
) -> tuple[list[Problem], list[Problem]]:
    """(problems that refuse the file, problems that only lose a column)."""
    joined = delimiter.join(header)
    bad = next((h for h in header if UNDECODED.search(h)), None)
    if bad is not None:
        reason = f"the header is not UTF-8 (byte {_byte(UNDECODED.search(bad).group())}); save it as UTF-8"
        return [Problem(name, 1, None, "", reason)], []
    if len(header) == 1 and len(required) > 1:
        for other in OTHER_DELIMITERS:
            if other != delimiter and other in joined:
                reason = f"columns are separated by {other!r}; use {delimiter!r}"
                return [Problem(name, 1, None, _shown(joined), reason)], []
    fatal = [
        Problem(name, 1, column, _shown(joined), f"required column {column!r} is missing from the header")
        for column in required
        if column not in header
    ]
    for column, count in Counter(header).items():
        if column and count > 1:
            reason = f"appears {count} times in the header; which one holds the value is unclear"
            fatal.append(Problem(name, 1, column, "", reason))
    warnings = []
    for column in dict.fromkeys(h for h in header if h and h not in columns):
        close = difflib.get_close_matches(column, columns, n=1, cutoff=0.75)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        reason = f"is not a column of {name}{hint}, so its values are not loaded; known: {', '.join(columns)}"
        warnings.append(Problem(name, 1, column, "", reason, suggestion=close[0] if close else None))
    return fatal, warnings


def _nameless_columns(name: str, header: list[str], rows: list[tuple[int, list[str]]]) -> list[Problem]:
    """A column with no name is harmless while empty; with values in it, they would be lost."""
    problems = []
    for index, column in enumerate(header):
        if column:
            continue
        filled = next((line for line, values in rows if index < len(values) and values[index].strip()), None)
        if filled is not None:
            reason = f"column {index + 1} has values but no name in the header, so they are not loaded"
            problems.append(Problem(name, 1, None, "", reason))
    return problems


def read_row(
    table: Table, model: type[M], header: list[str], line: int, values: list[str], delimiter: str
) -> None:
    record = checked_cells(table, header, line, values, delimiter)
    if record is None:
        return
    table.cells[line] = record
    try:
        table.entries.append((line, model.model_validate(record)))
    except ValidationError as exc:
        for problem in problems_from(exc, file=table.name, row=line, values=record):
            reject(table, problem, record)


def checked_cells(
    table: Table, header: list[str], line: int, values: list[str], delimiter: str
) -> dict[str, str] | None:
    """A row's cells by column, ready for its model; None for a blank row (not a row at all) or
    one refused for its shape (too few cells, values past the header) or its bytes (not UTF-8).
    Empty cells past the header (Excel's trailing commas) are no values, so they are allowed."""
    if not any(v.strip() for v in values):
        return None
    record = {h: v for h, v in zip(header, values, strict=False) if h}
    extra = values[len(header) :]
    if any(v.strip() for v in extra):
        out = io.StringIO(newline="")
        csv.writer(out, delimiter=delimiter, lineterminator="").writerow(extra)
        record["_extra"] = out.getvalue()
    if len(values) < len(header) or "_extra" in record:
        reason = f"has {len(values)} cells; the header has {len(header)} (a stray comma or quote?)"
        reject(table, Problem(table.name, line, None, "", reason), record)
        return None
    undecodable = [(h, v) for h, v in record.items() if UNDECODED.search(v)]
    for column, value in undecodable:
        reason = f"is not UTF-8 (byte {_byte(UNDECODED.search(value).group())}); save the file as UTF-8"
        shown = value.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")
        reject(table, Problem(table.name, line, column, _shown(shown), reason), record)
    return None if undecodable else record


def _problem(name: str, line: int | None, error: dict, values: Mapping[str, object]) -> Problem:
    cause = (error.get("ctx") or {}).get("error")
    column = ".".join(map(str, error["loc"])) if error["loc"] else getattr(cause, "column", None)
    value = values.get(column, error.get("input", "")) if column else ""
    shown = "" if value is None or isinstance(value, dict | list) else str(value)
    suggestion = getattr(cause, "suggestion", None)
    return Problem(name, line, column, _shown(shown), _reason(error, value), suggestion=suggestion)


def reject(table: Table, problem: Problem, record: Mapping[str, str]) -> None:
    """Record the problem, and the row once however many problems it has."""
    table.problems.append(problem)
    if len(table._rejected_at) != len(table.rejected):  # a Table built with rows already refused
        table._rejected_at = {r["_line"]: r for r in table.rejected}
    existing = table._rejected_at.get(str(problem.row))
    if existing is None:
        existing = RefusedRow(problem.file, str(problem.row), record)
        table.rejected.append(existing)
        table._rejected_at[existing["_line"]] = existing
    existing["_reason"] = "; ".join(filter(None, [existing["_reason"], _short(problem)]))


def _short(problem: Problem) -> str:
    return f"{problem.column}: {problem.reason}" if problem.column else problem.reason


def _shown(value: str) -> str:
    return value if len(value) <= SHOWN_VALUE else value[:SHOWN_VALUE] + "…"


def _byte(char: str) -> str:
    """The byte a lone surrogate stands for, as surrogateescape decoding kept it."""
    return f"{ord(char) - 0xDC00:#04x}"


FRIENDLY: dict[str, str] = {
    "missing": "is required but missing",
    "int_parsing": "must be a whole number, like 2024",
    "int_parsing_size": "is too large a number",
    "int_from_float": "must be a whole number, like 2024",
    "float_parsing": "must be a plain number like 1234.5: no thousands separators, currency or units",
    "finite_number": "must be a finite number",
    "string_type": "must be text",
    "float_type": "must be a number",
    "int_type": "must be a whole number",
}
"""Pydantic's messages in the words of someone fixing a spreadsheet."""


def _reason(error: dict, value: object) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    blank = isinstance(value, str) and not value.strip()
    if blank and kind in ("string_too_short", "int_parsing", "float_parsing", "literal_error", "missing"):
        return "is empty; a value is required"
    if isinstance(value, str) and value.strip().lower().lstrip("+-") in ("nan", "inf", "infinity"):
        return "must be a finite number"
    if kind == "greater_than_equal":
        return f"must be at least {ctx['ge']:g}"
    if kind == "less_than_equal":
        return f"must be at most {ctx['le']:g}"
    if kind == "string_too_long":
        return f"is longer than {ctx['max_length']} characters"
    if kind == "literal_error":
        return f"must be one of {ctx['expected']}"
    if kind in FRIENDLY:
        return FRIENDLY[kind]
    return str(error["msg"]).removeprefix("Value error, ")


def drop_duplicates(table: Table, key, column: str) -> None:
    """Refuse a row whose ``key`` an earlier row of the table has, naming that row."""
    seen: dict[object, int] = {}
    for line, row in list(table.entries):
        k = key(row)
        if k in seen:
            reject_row(table, line, f"duplicates row {seen[k]}", column=column)
        else:
            seen[k] = line
