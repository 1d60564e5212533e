"""Trade files checked column by column: a million rows in seconds, every refused row still named.

A trade file can be a real UN Comtrade download of hundreds of thousands of rows, so it is not
validated one pydantic object a row. The rows are read in chunks; each chunk's columns are
checked whole with pandas (ISO3 codes, flow, year, value, status, addresses, the rules across a
row's columns), and the rows that pass become records without a second validation. A row that
fails any column check goes through the row's pydantic model as every other file does, so its
problems are named by file, row, column, value and reason in the same words. The checks are
conservative: a row they doubt but the model accepts (a year written ``2024.0``) still loads.

Problems past the first ``LISTED`` are counted in one last problem, not listed; every refused
row is still kept for download.
"""

from __future__ import annotations

import csv
import gc
import io
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from pydantic import BaseModel

from geo.base import settings
from geo.base.errors import Problem
from geo.io.tables import BYTE_ORDER_MARKS, UNDECODED, Table, check_header, file_text, read_row, records

M = TypeVar("M", bound=BaseModel)
CHUNK_ROWS = 50_000
"""Rows checked together: a chunk's cells are the only raw text held at once."""
LISTED = 1_000
"""Problems listed one by one; the rest are counted, and their rows kept for download."""
NUMBER = r"^[0-9]{1,30}(\.[0-9]{1,30})?$"
"""A plain non-negative number: anything else (1e5, 1,700, -5) is left to the model to judge."""
TEXT = "string[pyarrow]"
"""Cells held by Arrow: a column's checks run in C++, not one Python call a cell."""

Chunk = Callable[[Table, list[str], pd.DataFrame, list[int], Callable[[int], list[str]]], None]
"""Checks one chunk: the table, the header, the rows' cells by column as read, each row's
number, and a row's cells as read by its position (for the download of refused rows)."""


def read_columns(
    name: str,
    data: bytes | str,
    model: type[BaseModel],
    *,
    columns: list[str],
    required: list[str],
    chunk: Chunk,
    limit: int | None = None,
    delimiter: str = ",",
) -> Table:
    """Read a CSV in chunks of rows, each handed to ``chunk``; never raises for what is in ``data``.

    A file with no quote at all (what statistics portals write) is split by Arrow, line by
    line, so no cell becomes a Python string unless its row is refused. Any other file is read
    with the csv module in strict mode, and after a broken quote again the careful way
    (geo.io.tables.records), so one stray quote costs one row. ``data`` may be text already
    decoded (a Comtrade file read as cp1252). The header is checked as geo.io.tables checks it.
    """
    limit = settings.MAX_TRADE_BYTES if limit is None else limit
    # Millions of new records, none cyclic: the collector would rescan them all. The switch is
    # the whole process's, so a small file (a Comtrade upload of a few rows) leaves it alone.
    collecting = gc.isenabled() and len(data) > settings.MAX_INPUT_BYTES
    if collecting:
        gc.disable()
    try:
        args = (name, model, columns, required, chunk, delimiter)
        if isinstance(data, bytes) and _unquoted(data, limit, delimiter):
            try:
                return _read(*args, _arrow_chunks(data, model, delimiter))
            except (pa.ArrowInvalid, UnicodeDecodeError, csv.Error):
                pass  # not UTF-8 after all: the csv module's way names the rows
        if isinstance(data, str):
            text, problems = data, []
        else:
            text, problems = file_text(name, data, limit=limit)
        if text is None:
            table: Table = Table(name)
            table.problems.extend(problems)
            return table
        try:
            return _read(*args, _csv_chunks(enumerate(_reader(text, delimiter), start=1), model, delimiter))
        except csv.Error:
            careful = Table(name)
            found = records(name, text, delimiter, careful)
            return _read(*args, _csv_chunks(found, model, delimiter), table=careful)
    finally:
        if collecting:
            gc.enable()


Chunks = Iterator["Rows"]


@dataclass
class Rows:
    """A chunk of rows: the header once, then (the well-formed rows' cells by column, their
    row numbers, their cells as read) or rows that must go the row-by-row way."""

    header: list[str] | None = None
    frame: pd.DataFrame | None = None
    lines: list[int] = field(default_factory=list)
    raw: Callable[[int], list[str]] | None = None
    odd: list[tuple[int, list[str]]] = field(default_factory=list)
    """(row, cells) of rows with the wrong number of cells or bytes that are not UTF-8."""
    count: int = 0


def _unquoted(data: bytes, limit: int, delimiter: str) -> bool:
    """True when Arrow may split the file by lines: no quote, no stray carriage return, and
    nothing geo.io.tables.file_text would refuse (its words then say why)."""
    if len(data) > limit or data.startswith(tuple(BYTE_ORDER_MARKS)) or data.startswith(b"PK\x03\x04"):
        return False
    if data.startswith(b"\xd0\xcf\x11\xe0") or not data[:65536].strip(b"\xef\xbb\xbf \t\r\n"):
        return False
    if b'"' in data or SPLIT.encode() in data or delimiter.encode() == SPLIT.encode():
        return False
    return data.count(b"\r") == data.count(b"\r\n")


SPLIT = "\x01"
"""A byte no text file holds: Arrow reads each line as one cell, split afterwards."""


def _arrow_chunks(data: bytes, model: type[BaseModel], delimiter: str) -> Chunks:
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    end = data.find(b"\n", start)
    first = data[start : len(data) if end < 0 else end].decode("utf-8").rstrip("\r")
    header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]
    yield Rows(header=header)
    if end < 0:
        return
    reader = pacsv.open_csv(
        pa.BufferReader(pa.py_buffer(data)[end + 1 :]),
        read_options=pacsv.ReadOptions(column_names=["line"], block_size=1 << 21),
        parse_options=pacsv.ParseOptions(
            delimiter=SPLIT, quote_char=False, ignore_empty_lines=False, newlines_in_values=False
        ),
        convert_options=pacsv.ConvertOptions(column_types={"line": pa.string()}, strings_can_be_null=False),
    )
    width, row = len(header), 2
    for batch in reader:
        text = batch.column(0)
        parts = pc.split_pattern(text, delimiter)
        wide = pc.equal(pc.list_value_length(parts), width).to_numpy(zero_copy_only=False)
        numbers = range(row, row + len(text))
        row += len(text)
        odd = [(numbers[i], text[i].as_py().split(delimiter)) for i in np.flatnonzero(~wide)]
        kept = parts.filter(pa.array(wide))
        kept_text = text.filter(pa.array(wide))
        lines = list(itertools.compress(numbers, wide.tolist()))
        yield _without_blanks(  # no pandas object is left in this frame's variables (see _read)
            Rows(
                frame=pd.DataFrame(
                    {
                        h or i: pd.arrays.ArrowStringArray(pc.list_element(kept, i))
                        for i, h in enumerate(header)
                    },
                    index=pd.RangeIndex(len(kept)),
                ),
                lines=lines,
                raw=lambda i, t=kept_text: t[int(i)].as_py().split(delimiter),
                odd=odd,
                count=len(text),
            )
        )


def _reader(text: str, delimiter: str) -> Iterator[list[str]]:
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)


def _csv_chunks(rows: Iterator[tuple[int, list[str]]], model: type[BaseModel], delimiter: str) -> Chunks:
    first = next(rows, None)
    if first is None or first[0] != 1:
        return
    header = [h.strip() for h in first[1]]
    yield Rows(header=header)
    width = len(header)
    while batch := list(itertools.islice(rows, CHUNK_ROWS)):
        lines, cells, odd = [], [], []
        for line, values in batch:
            if len(values) != width or UNDECODED.search("".join(values)) is not None:
                odd.append((line, values))
            else:
                lines.append(line)
                cells.append(values)
        by_column = list(zip(*cells, strict=True)) if cells else [() for _ in header]
        frame = {h or i: pd.array(by_column[i], dtype=TEXT) for i, h in enumerate(header)}
        del by_column
        yield _without_blanks(  # no pandas object is left in this frame's variables (see _read)
            Rows(
                frame=pd.DataFrame(frame, index=pd.RangeIndex(len(cells))),
                lines=lines,
                raw=cells.__getitem__,
                odd=odd,
                count=len(batch),
            )
        )


def _without_blanks(rows: Rows) -> Rows:
    """Rows whose every cell is empty (Excel's ``,,,,``) are not rows: left out, as blank lines are."""
    frame = rows.frame
    if frame is None or not len(frame.columns):
        return rows
    blank = np.ones(len(frame), dtype=bool)
    for name in frame.columns:
        blank &= (frame[name].str.strip() == "").to_numpy(dtype=bool)
    if not blank.any():
        return rows
    positions = np.flatnonzero(~blank)
    raw = rows.raw
    return Rows(
        frame=frame.iloc[positions].reset_index(drop=True),
        lines=[rows.lines[i] for i in positions],
        raw=lambda i: raw(positions[i]),
        odd=rows.odd,
        count=rows.count - int(blank.sum()),
    )


def _read(
    name: str,
    model: type[BaseModel],
    columns: list[str],
    required: list[str],
    chunk: Chunk,
    delimiter: str,
    chunks: Chunks,
    *,
    table: Table | None = None,
) -> Table:
    table = Table(name) if table is None else table
    first = next(chunks, None)
    if first is None or first.header is None:
        table.problems.append(Problem(name, None, None, "", "no row is read: the header row cannot be read"))
        return table
    header = first.header
    fatal, warnings = check_header(name, header, columns, required, delimiter)
    if fatal:
        table.problems.extend(fatal)
        return table
    table.problems.extend(warnings)
    nameless = [i for i, h in enumerate(header) if not h]
    filled: set[int] = set()
    count = 0
    for rows in chunks:
        count += rows.count
        if count > settings.MAX_TRADE_ROWS:
            reason = f"file has more than {settings.MAX_TRADE_ROWS:,} rows; the limit is {settings.MAX_TRADE_ROWS:,}"
            refused: Table = Table(name)
            refused.problems.append(Problem(name, None, None, "", reason))
            return refused
        for line, values in rows.odd:
            read_row(table, model, header, line, values, delimiter)
        for index in nameless:
            if rows.frame is not None and (rows.frame[index].str.strip() != "").any():
                filled.add(index)
        if rows.lines:
            chunk(table, header, rows.frame, rows.lines, rows.raw)
        del rows
        # The chunk's frames hold cycles (pandas caches its accessors), freed only by the collector.
        # The youngest generation alone holds them, as the collector is off: what survives (the
        # records) moves up, so the next chunk's collection does not rescan every record made so
        # far. (gc.freeze would do the same, but the freeze is the whole server's, and the app
        # freezes its imports.) A small file is one chunk: the collector, left on, takes its garbage.
        if count >= CHUNK_ROWS and not gc.isenabled():
            gc.collect(0)
        pa.default_memory_pool().release_unused()  # and Arrow gives the chunk's memory back
    for index in sorted(filled):
        reason = f"column {index + 1} has values but no name in the header, so they are not loaded"
        table.problems.append(Problem(name, 1, None, "", reason))
    if any(a[0] > b[0] for a, b in itertools.pairwise(table.entries)):  # a doubted row accepted late
        table.entries.sort(key=lambda entry: entry[0])
    table.problems.sort(key=lambda p: p.row or 0)
    table.rejected.sort(key=lambda r: int(r["_line"]) if r["_line"].isdigit() else 0)
    _count_the_rest(table)
    return table


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
    for position in (~ok).nonzero()[0]:
        before = len(table.entries)
        read_row(table, model, header, lines[position], raw(position), ",")
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


def _count_the_rest(table: Table) -> None:
    if len(table.problems) <= LISTED:
        return
    rest = table.problems[LISTED:]
    rows = len({p.row for p in rest})
    del table.problems[LISTED:]
    reason = (
        f"{len(rest):,} more problem(s) in {rows:,} more row(s) are not listed here; "
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
