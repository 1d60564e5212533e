"""A CSV cut into blocks of whole rows, each read into columns: by Arrow when the block is plain,
by the csv module when it is not.

Arrow is fast, but it does not judge a broken row as the csv module does (it reads ``"a"b`` as
``ab``, and skips a row with the wrong number of cells without saying which). So a block Arrow
cannot read as written (a row with too many or too few cells, bytes that are not UTF-8, a quote
in the middle of a cell, a carriage return alone) is read again by the csv module in strict
mode, row by row, and every row is named by its number as geo.io.tables names it. Only the
columns the checks use are read; the cells of a row refused later are read again from its
block, in full, so a refused row is kept as it was written.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from geo.base.errors import Problem
from geo.io.tables import Table, checked_cells, records

BLOCK_BYTES = 4 << 20
"""Bytes of CSV parsed at once: large enough that Arrow's per-block cost is nothing, small
enough that a block's columns stay a few tens of MB."""
LONGEST_ROW = 1 << 20
"""Bytes a row may take: a file with no line break in a megabyte (a sparse or binary file
named .csv) is refused there, not held whole while the end of its first row is looked for."""
QUOTE_TRIES = 64
"""Line breaks tried, from a block's end back, for one outside quotes. When none is, more is read,
up to LONGEST_ROW; past it (a quote left open) the block ends at its last line break, and the
csv module names the broken row."""
TEXT = "string[pyarrow]"


class NotRows(ValueError):
    """The file does not break into rows (no line break in LONGEST_ROW bytes)."""


class Cells:
    """Rows' cells in full, by position in their block: fetched when first asked, many rows at
    once (a refused row's cells are read again from its block; one at a time costs ten times more)."""

    def __init__(self, fetch: Callable[[list[int]], list[list[str]]]) -> None:
        self._fetch = fetch
        self._found: dict[int, list[str]] = {}

    def __call__(self, position: int) -> list[str]:
        return self.rows([position])[0]

    def rows(self, positions: Sequence[int]) -> list[list[str]]:
        missing = [int(p) for p in dict.fromkeys(positions) if int(p) not in self._found]
        if missing:
            self._found.update(zip(missing, self._fetch(missing), strict=True))
        return [self._found[int(p)] for p in positions]


def many(raw: Callable[[int], list[str]], positions: Sequence[int]) -> list[list[str]]:
    """The cells of many rows: at once from Cells, else one by one."""
    return raw.rows(positions) if isinstance(raw, Cells) else [raw(int(p)) for p in positions]


def taken(columns: Sequence[pa.Array | pa.ChunkedArray], positions: list[int]) -> list[list[str]]:
    """Rows of columns, by position, as lists of text."""
    index = pa.array(positions, type=pa.int64())
    picked = [column.take(index).to_pylist() for column in columns]
    return [list(row) for row in zip(*picked, strict=True)] if picked else [[] for _ in positions]


@dataclass
class Rows:
    """The header once (``header`` as written, ``names`` the cells a row's ``raw`` gives), then
    blocks: the used columns' cells as read, each row's number, and a row's cells in full."""

    header: list[str] | None = None
    names: list[str] | None = None
    frame: pd.DataFrame | None = None
    lines: list[int] = field(default_factory=list)
    raw: Cells | None = None
    count: int = 0
    problem: Problem | None = None
    """Why the rest of the file cannot be read (a gzip cut short): the rows before it stand."""


def blocks(f: BinaryIO) -> Iterator[bytes]:
    """The file in blocks of about BLOCK_BYTES, each ending where a row ends."""
    tail = b""
    while chunk := f.read(BLOCK_BYTES):
        data = tail + chunk
        cut = _row_end(data)
        if cut < 0 and len(data) > LONGEST_ROW:
            cut = data.rfind(b"\n") + 1  # a quote left open: the csv module names the row
        if cut <= 0:
            if len(data) > LONGEST_ROW:
                msg = f"a row runs past {LONGEST_ROW:,} bytes with no line break, so this is no CSV of rows"
                raise NotRows(msg)
            tail = data
            continue
        tail = data[cut:]
        yield data[:cut]
    if tail:
        yield tail


def _row_end(data: bytes) -> int:
    """Just past the last line break outside quotes (quotes are counted from the block's start,
    which is outside quotes); -1 when the last QUOTE_TRIES line breaks are all inside quotes."""
    last = data.rfind(b"\n")
    if last < 0 or b'"' not in data:
        return last + 1
    end, quotes = last, data.count(b'"', 0, last)
    for _ in range(QUOTE_TRIES):
        if quotes % 2 == 0:
            return end + 1
        previous = data.rfind(b"\n", 0, end)
        if previous < 0:
            break
        quotes -= data.count(b'"', previous, end)
        end = previous
    return -1


def header_cells(line: bytes, delimiter: str, *, errors: str = "surrogateescape") -> list[str]:
    """A header or first row's cells, stripped; a line the csv module cannot read is split."""
    text = line.decode("utf-8", errors=errors).lstrip("\ufeff")
    try:
        cells = next(csv.reader([text], delimiter=delimiter), [])
    except csv.Error:
        cells = text.split(delimiter)
    return [c.strip() for c in cells]


def first_line(data: bytes) -> tuple[bytes, bytes]:
    """(the first line, the rest), the line ending at a line feed, a carriage return or both,
    as the csv module ends it."""
    ends = [i for i in (data.find(b"\r"), data.find(b"\n")) if i >= 0]
    if not ends:
        return data, b""
    end = min(ends)
    step = 2 if data[end : end + 2] == b"\r\n" else 1
    return data[:end], data[end + step :]


def trailing(rest: bytes, header: list[str], delimiter: str) -> int:
    """How many empty cells the first row has past the header: the Comtrade portal ends every
    row with a comma its header lacks."""
    cells = header_cells(first_line(rest)[0], delimiter, errors="replace")
    extra = cells[len(header) :]
    return len(extra) if extra and not any(c.strip() for c in extra) else 0


class BlockReader:
    """Reads the blocks of one file into columns: Arrow's way when a block is plain, the csv
    module's when not (see the module's docstring)."""

    def __init__(self, table: Table, header: list[str], used: Sequence[str], delimiter: str, trailing: int):
        self.table, self.header, self.delimiter = table, header, delimiter
        self.names = [h or f"\x00{i}" for i, h in enumerate(header)] + [f"\x00+{i}" for i in range(trailing)]
        self.extra = self.names[len(header) :]
        # Nameless columns are read too, so values in them are reported (geo.io.columns).
        self.positions = [i for i, h in enumerate(header) if h in used or not h]
        self.used = [self.names[i] for i in self.positions]
        self.keys = [header[i] or i for i in self.positions]
        d = re.escape(delimiter.encode())
        self.odd_quote = re.compile(rb"(?<![" + d + rb'\n])"[^' + d + rb'\r\n"]')

    def read(self, block: bytes, row: int) -> Rows:
        parsed = self._arrow(block, self.used + self.extra) if self._plain(block) else None
        if parsed is None or any(pc.any(pc.not_equal(parsed[n], "")).as_py() for n in self.extra):
            return self._careful(block, row)
        frame = pd.DataFrame(
            {
                k: pd.arrays.ArrowStringArray(parsed[n].combine_chunks())
                for k, n in zip(self.keys, self.used, strict=True)
            },
            index=pd.RangeIndex(parsed.num_rows),
        )
        lines = list(range(row, row + parsed.num_rows))
        return Rows(frame=frame, lines=lines, raw=self._cells_of(block), count=parsed.num_rows)

    def _plain(self, block: bytes) -> bool:
        """False when Arrow would not read the block as the csv module does: a quote inside a
        cell, a carriage return alone (a line end to csv), bytes that are not UTF-8."""
        if b'"' in block and self.odd_quote.search(block) is not None:
            return False
        if b"\r" in block and block.count(b"\r") != block.count(b"\r\n"):
            return False
        try:
            block.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True

    def _arrow(self, block: bytes, columns: list[str] | None) -> pa.Table | None:
        """The block's columns (all of them for None), or None when Arrow skips a row (one with
        too many or too few cells)."""
        quoted = b'"' in block
        skipped: list[object] = []
        try:
            parsed = pacsv.read_csv(
                pa.py_buffer(block),
                read_options=pacsv.ReadOptions(column_names=self.names, use_threads=False),
                parse_options=pacsv.ParseOptions(
                    delimiter=self.delimiter,
                    quote_char='"' if quoted else False,
                    newlines_in_values=quoted,
                    ignore_empty_lines=False,
                    invalid_row_handler=lambda bad: skipped.append(bad) or "skip",
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types=dict.fromkeys(self.names, pa.string()),
                    include_columns=columns,
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
        except pa.ArrowInvalid:
            return None
        return None if skipped else parsed

    def _cells_of(self, block: bytes) -> Cells:
        """Rows' cells in full, read again from their block the first time a row of it is refused."""
        full: list[pa.Table] = []

        def fetch(positions: list[int]) -> list[list[str]]:
            if not full:
                full.append(self._arrow(block, None))
            return taken(full[0].columns, positions)

        return Cells(fetch)

    def _careful(self, block: bytes, row: int) -> Rows:
        """The block read by the csv module, row by row: a row refused for its shape or its bytes
        is named here (geo.io.tables.checked_cells); the others go on to the column checks."""
        text = block.decode("utf-8", errors="surrogateescape")
        width, before = len(self.header), len(self.table.problems)
        lines, kept, last = [], [], row - 1
        for line, values in records(self.table.name, text, self.delimiter, self.table, first_row=row):
            last = line
            if checked_cells(self.table, self.header, line, values, self.delimiter) is not None:
                lines.append(line)
                kept.append(values[:width] + [""] * (width - len(values)))
        # A broken last row is named, not yielded: it still counts.
        last = max([last, *(p.row or 0 for p in self.table.problems[before:])])
        columns = list(zip(*kept, strict=True)) if kept else [() for _ in self.header]
        frame = pd.DataFrame(
            {k: pd.array(columns[i], dtype=TEXT) for k, i in zip(self.keys, self.positions, strict=True)},
            index=pd.RangeIndex(len(kept)),
        )
        raw = Cells(lambda positions: [kept[p] for p in positions])
        return Rows(frame=frame, lines=lines, raw=raw, count=last - row + 1)
