"""Trade files checked column by column: a million rows in seconds, every refused row still named.

A trade file can be a UN Comtrade bulk file of a million rows and 400 MB, so it is neither held
whole nor validated one pydantic object a row. It is read in blocks (geo.io.stream); each
block's columns are checked whole with pandas on Arrow strings (ISO3 codes, flow, year, value,
status, addresses, the rules across a row's columns), and the rows that pass become records
without a second validation. A row that fails any column check goes through the row's pydantic
model as every other file does, so its problems are named by file, row, column, value and reason
in the same words. The checks are conservative: a row they doubt but the model accepts (a year
written ``2024.0``) still loads.

Every record is made by the format's own ``chunk`` (and ``finish``), never here: a file is
turned into trade flows in one place, whichever way its rows were read.

Problems past the first ``LISTED`` are counted in one last problem, not listed; every refused
row is still kept for download.
"""

from __future__ import annotations

import gc
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel

from geo.base import settings
from geo.base.errors import Problem
from geo.io.blocks import Rows, many
from geo.io.stream import Source, csv_rows, parquet_rows
from geo.io.tables import Table, check_header, file_text, read_row

M = TypeVar("M", bound=BaseModel)
LISTED = 1_000
"""Problems listed one by one; the rest are counted, and their rows kept for download."""
NUMBER = r"^[0-9]{1,30}(\.[0-9]{1,30})?$"
"""A plain non-negative number: anything else (1e5, 1,700, -5) is left to the model to judge."""
TEXT = "string[pyarrow]"
"""Cells held by Arrow: a column's checks run in C++, not one Python call a cell."""

Chunk = Callable[[Table, list[str], pd.DataFrame, list[int], Callable[[int], list[str]]], None]
"""Checks one chunk: the table, the header, the rows' cells by column as read, each row's
number, and a row's cells as read by its position (for the download of refused rows)."""
Finish = Callable[[Table], None]
"""Makes what a format keeps across chunks into records, once every row is read."""


def read_columns(
    source: Source,
    model: type[BaseModel],
    *,
    columns: list[str],
    required: list[str],
    chunk: Chunk,
    used: Sequence[str] | None = None,
    finish: Finish | None = None,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> Table:
    """Read a trade file (CSV, gzipped CSV or Parquet) a block at a time, each block's rows
    handed to ``chunk``; never raises for what is in the file.

    ``used`` names the columns the checks read (by default ``columns``): only they are read,
    and a refused row's other cells are read again from its block. The header is checked as
    geo.io.tables checks it. ``encoding`` is the file's (a Comtrade download may be cp1252).
    """
    table: Table = Table(source.name)
    head = source.head()
    if not source.is_parquet:
        text, problems = file_text(source.name, head, limit=len(head))
        if text is not None and "\x00" in text:
            problems = [
                Problem(
                    source.name, None, None, "", "holds NUL bytes, so it is no text: save it as CSV UTF-8"
                )
            ]
        if text is None or problems:
            table.problems.extend(problems)
            return table
    used = list(columns if used is None else used)
    # Millions of new records, none cyclic: the collector would rescan them all. The switch is
    # the whole process's, so a small file (a Comtrade upload of a few rows) leaves it alone.
    collecting = gc.isenabled() and source.size > settings.MAX_INPUT_BYTES
    if collecting:
        gc.disable()
    try:
        if source.is_parquet:
            rows = parquet_rows(source, used)
        else:
            rows = csv_rows(table, source, used, delimiter=delimiter, encoding=encoding)
        return _read(table, model, columns, required, chunk, finish, delimiter, rows)
    finally:
        if collecting:
            gc.enable()


def _read(
    table: Table,
    model: type[BaseModel],
    columns: list[str],
    required: list[str],
    chunk: Chunk,
    finish: Finish | None,
    delimiter: str,
    chunks: Iterator[Rows],
) -> Table:
    name = table.name
    first = next(chunks, None)
    if first is None or first.header is None:
        problem = first.problem if first and first.problem else None
        reason = "no row is read: the header row cannot be read"
        table.problems.append(problem or Problem(name, None, None, "", reason))
        return table
    header, names = first.header, first.names or first.header
    fatal, warnings = check_header(name, header, columns, required, delimiter)
    if fatal:
        table.problems.extend(fatal)
        return table
    table.problems.extend(warnings)
    nameless = [i for i, h in enumerate(header) if not h]
    filled: set[int] = set()
    for rows in chunks:
        if rows.problem is not None:
            table.problems.append(rows.problem)
            break
        for index in nameless:
            if rows.frame is not None and (rows.frame[index].str.strip() != "").any():
                filled.add(index)
        if rows.lines:
            chunk(table, names, rows.frame, rows.lines, rows.raw)
        del rows
        _set_aside(table)
        if _kept(table) > settings.MAX_TRADE_ROWS:
            return _too_many(name)
        # The chunk's frames hold cycles (pandas caches its accessors), freed only by the collector.
        # The youngest generation alone holds them, as the collector is off: what survives (the
        # records) moves up, so the next chunk's collection does not rescan every record made so
        # far. (gc.freeze would do the same, but the freeze is the whole server's, and the app
        # freezes its imports.) A small file is one chunk: the collector, left on, takes its garbage.
        if not gc.isenabled():
            gc.collect(0)
        pa.default_memory_pool().release_unused()  # and Arrow gives the chunk's memory back
    if finish is not None:
        finish(table)
        if _kept(table) > settings.MAX_TRADE_ROWS:
            return _too_many(name)
    for index in sorted(filled):
        reason = f"column {index + 1} has values but no name in the header, so they are not loaded"
        table.problems.append(Problem(name, 1, None, "", reason))
    if any(a[0] > b[0] for a, b in itertools.pairwise(table.entries)):  # a doubted row accepted late
        table.entries.sort(key=lambda entry: entry[0])
    table.problems.sort(key=lambda p: p.row or 0)
    table.rejected.sort(key=lambda r: int(r["_line"]) if r["_line"].isdigit() else 0)
    _count_the_rest(table)
    return table


REFUSED_COST = 2
"""A refused row is kept whole for download (geo.io.refused): about 0.5 kB for a Comtrade row of
47 cells, as much as two flows."""


def _kept(table: Table) -> int:
    """What a file keeps in memory, in flows: its records, its refused rows, and what a format
    holds between chunks (Comtrade's flows being summed)."""
    return len(table.entries) + REFUSED_COST * len(table.rejected) + int(table.state.get("kept", 0))


def _too_many(name: str) -> Table:
    limit = settings.MAX_TRADE_ROWS
    reason = (
        f"file holds more than {limit:,} flows (a refused row, kept whole, counts as {REFUSED_COST}); "
        f"the limit is {limit:,}, so that one file cannot take the server's memory"
    )
    refused: Table = Table(name)
    refused.problems.append(Problem(name, None, None, "", reason))
    return refused


def refuse_rest(
    table: Table,
    model: type[BaseModel],
    header: list[str],
    raw: Callable[[int], list[str]],
    lines: list[int],
    ok: np.ndarray,
) -> list[tuple[int, BaseModel]]:
    """The rows the column checks doubt, judged by the model one by one: refused with its words,
    or (when the checks were only cautious) accepted; returns those accepted."""
    accepted = []
    positions = (~ok).nonzero()[0].tolist()
    for position, cells in zip(positions, many(raw, positions), strict=True):
        before = len(table.entries)
        read_row(table, model, header, lines[position], cells, ",")
        table.cells.pop(lines[position], None)  # kept for cross-row checks of event files only
        if len(table.entries) > before:
            accepted.append(table.entries.pop())
    return accepted


def construct_all(model: type[M], rows: Iterable[tuple]) -> Iterator[M]:
    """Records from values already checked, without validating them again.

    Attributes are set one by one, as pydantic's own ``__init__`` leaves them: CPython then
    shares one key table across instances, and a record costs about 200 bytes, not 600.
    """
    names = list(model.model_fields)
    fields_set = set(names)
    setattr_ = object.__setattr__
    for values in rows:
        record = model.__new__(model)
        for field_name, value in zip(names, values, strict=True):
            setattr_(record, field_name, value)
        setattr_(record, "__pydantic_fields_set__", fields_set)
        setattr_(record, "__pydantic_extra__", None)
        setattr_(record, "__pydantic_private__", None)
        yield record


def _set_aside(table: Table) -> None:
    """Problems past the first LISTED (by row) are counted, not kept: a file of a hundred thousand
    refused rows would otherwise hold a hundred thousand problems only to drop them at the end.
    Chunks come in row order, so those kept are the file's first."""
    if len(table.problems) <= LISTED:
        return
    table.problems.sort(key=lambda p: p.row or 0)
    rest = table.problems[LISTED:]
    del table.problems[LISTED:]
    table.state["unlisted"] = int(table.state.get("unlisted", 0)) + len(rest)
    table.state.setdefault("unlisted_rows", set()).update(p.row for p in rest)  # type: ignore[union-attr]


def _count_the_rest(table: Table) -> None:
    _set_aside(table)
    count, rows = int(table.state.get("unlisted", 0)), table.state.get("unlisted_rows", set())
    if not count:
        return
    reason = (
        f"{count:,} more problem(s) in {len(rows):,} more row(s) are not listed here; "  # type: ignore[arg-type]
        f"every refused row ({len(table.rejected):,} in all) is in the download of refused rows, with its reason"
    )
    table.problems.append(Problem(table.name, None, None, "", reason))


def interned(column: pd.Series) -> list[str]:
    """Values repeated down a column (codes, series, addresses) held once, not once a row."""
    encoded = pa.chunked_array(column.array.__arrow_array__()).dictionary_encode().combine_chunks()
    values = encoded.dictionary.to_pylist()
    return [values[i] for i in encoded.indices.to_numpy(zero_copy_only=False)]


def numbers(column: pd.Series) -> list[float | None]:
    """Plain numbers already checked, converted by Arrow; empty is None."""
    cells = pa.chunked_array(column.array.__arrow_array__())
    return pc.cast(pc.if_else(pc.equal(cells, ""), None, cells), pa.float64()).to_pylist()


def whole(column: pd.Series) -> list[int]:
    """Whole numbers, each distinct one made once."""
    texts = interned(column)
    numbers = {text: int(text) for text in set(texts)}
    return [numbers[text] for text in texts]


def optional(column: pd.Series) -> list[str | None]:
    return [v or None for v in interned(column)]


def getter(frame: pd.DataFrame) -> Callable[[str], pd.Series]:
    """A column's cells with the spaces around them trimmed (as the row models trim text)."""
    empty = pd.Series("", index=frame.index, dtype=TEXT)
    trimmed: dict[str, pd.Series] = {}

    def get(column: str) -> pd.Series:
        if column not in frame.columns:
            return empty
        if column not in trimmed:
            trimmed[column] = frame[column].str.strip()
        return trimmed[column]

    return get


def column_or_blank(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column] if column in frame.columns else pd.Series("", index=frame.index, dtype=TEXT)


def years(year: pd.Series) -> pd.Series:
    return year.str.fullmatch(r"(19[0-9][0-9]|20[0-9][0-9]|2100)")
