"""Reading one CSV file into validated rows, keeping every refused row and why."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from geo import settings
from geo.errors import Problem

OTHER_DELIMITERS = (";", "\t", "|")
M = TypeVar("M", bound=BaseModel)


@dataclass
class Table(Generic[M]):
    """The rows of one file that passed, and a Problem for each that did not."""

    name: str
    entries: list[tuple[int, M]] = field(default_factory=list)
    """(line, row) for every accepted row; line 1 is the header."""
    problems: list[Problem] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)
    """Refused rows as they were read, with their line and reason, for download."""

    @property
    def rows(self) -> list[M]:
        return [row for _, row in self.entries]


def decode(name: str, data: bytes, *, limit: int | None = None) -> tuple[str | None, list[Problem]]:
    """UTF-8 text of a file, or None with the reason. A leading BOM is accepted and dropped."""
    limit = settings.MAX_INPUT_BYTES if limit is None else limit
    if len(data) > limit:
        reason = f"file is {len(data):,} bytes; the limit is {limit:,}"
        return None, [Problem(name, None, None, "", reason)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reason = f"is not UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start}); save it as UTF-8"
        return None, [Problem(name, line, None, "", reason)]
    if not text.strip():
        return None, [Problem(name, None, None, "", "file is empty")]
    return text, []


def read_table(
    name: str, data: bytes, model: type[M], *, columns: list[str], required: list[str]
) -> Table[M]:
    """Validate every row of a CSV against ``model``; line numbers count the header as line 1."""
    table: Table[M] = Table(name)
    text, problems = decode(name, data)
    if text is None:
        table.problems.extend(problems)
        return table
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in required if c not in header]
    if missing:
        table.problems.append(_header_problem(name, header, missing))
        return table
    seen_extra = [h for h in header if h not in columns]
    if seen_extra:
        reason = f"unknown column(s) {', '.join(map(repr, seen_extra))}, ignored; known: {', '.join(columns)}"
        table.problems.append(Problem(name, 1, None, "", reason))
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        record = dict(zip(header, values, strict=False))
        if len(values) != len(header):
            reason = f"has {len(values)} fields; the header has {len(header)} (a stray comma or quote?)"
            _reject(table, Problem(name, line, None, "", reason), record)
            continue
        try:
            table.entries.append((line, model.model_validate(record)))
        except ValidationError as exc:
            for error in exc.errors():
                column = ".".join(str(p) for p in error["loc"]) or None
                value = record.get(column, "") if column else ""
                _reject(table, Problem(name, line, column, str(value), _reason(error)), record)
    return table


def reject_row(table: Table, line: int, reason: str, *, column: str | None = None) -> None:
    """Take a row that passed on its own out of the table, for a reason found across rows."""
    row = next(r for n, r in table.entries if n == line)
    table.entries = [(n, r) for n, r in table.entries if n != line]
    dumped = row.model_dump(by_alias=True, exclude={"waypoints"})
    record = {k: "" if v is None else str(v) for k, v in dumped.items()}
    value = record.get(column, "") if column else ""
    _reject(table, Problem(table.name, line, column, value, reason), record)


def _reject(table: Table, problem: Problem, record: dict[str, str]) -> None:
    """Record the problem, and the row once however many problems it has."""
    table.problems.append(problem)
    existing = next((r for r in table.rejected if r["_line"] == str(problem.row)), None)
    if existing is None:
        existing = {"_file": problem.file, "_line": str(problem.row), "_reason": "", **record}
        table.rejected.append(existing)
    existing["_reason"] = "; ".join(filter(None, [existing["_reason"], _short(problem)]))


def _short(problem: Problem) -> str:
    return f"{problem.column}: {problem.reason}" if problem.column else problem.reason


def _reason(error: dict) -> str:
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def _header_problem(name: str, header: list[str], missing: list[str]) -> Problem:
    joined = ",".join(header)
    for delimiter in OTHER_DELIMITERS:
        if len(header) == 1 and delimiter in joined:
            reason = f"columns are separated by {delimiter!r}; use commas"
            return Problem(name, 1, None, joined[:80], reason)
    reason = f"missing required column(s): {', '.join(missing)}"
    return Problem(name, 1, None, joined[:80], reason)
