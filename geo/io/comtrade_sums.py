"""Comtrade's rows gathered into one flow per reporter, partner, direction and year.

A flow's figure is its TOTAL row when the file has one. A bulk file at HS 2-digit detail has
none: the flow is then the sum of its chapters, and says so in its series and its quote ("sum
of 97 HS chapters"), so a reader never takes a sum of three chapters for the whole trade.

Nothing is counted twice. A second TOTAL row for a flow, or a chapter given twice, is refused
naming the row it repeats; the chapters of a flow that has a TOTAL row are not added to it, and
one warning counts them. Rows are gathered a chunk at a time with numpy, so a million rows cost
a few arrays a flow, not an object a row.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from geo.base.errors import Problem
from geo.io.blocks import many
from geo.io.columns import construct_all
from geo.io.schema import TradeFlow
from geo.io.tables import Table, reject
from geo.ref.countries import country_name

COMTRADE_URL = "https://comtradeplus.un.org/"
"""Every converted row cites the portal: the download itself has no address of its own."""
DIRECTIONS = {"X": "exports to", "M": "imports from"}
TOTAL = 0
"""A TOTAL row's place among a flow's codes; chapters 01 to 99 take 1 to 99."""
CODES = 100
SEP = "\x1f"


NONE = np.iinfo(np.int64).max
"""A flow's first chapter row before it has one."""


@dataclass
class Passed:
    """A chunk's rows that passed every check, by column: codes as text, numbers as arrays."""

    reporter: pa.Array
    partner: pa.Array
    flow: pa.Array
    year: np.ndarray
    code: np.ndarray
    """TOTAL (or no cmdCode column) as 0, a chapter ("27") as its number: see chapter_codes."""
    value: np.ndarray
    line: np.ndarray


@dataclass
class Sums:
    """Each flow met so far (numbered as first met): its TOTAL row, and its chapters' sum."""

    ids: dict[tuple[str, str, str, int], int] = field(default_factory=dict)
    keys: list[tuple[str, str, str, int]] = field(default_factory=list)
    total: np.ndarray = field(default_factory=lambda: np.zeros(0))
    total_line: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    summed: np.ndarray = field(default_factory=lambda: np.zeros(0))
    chapters: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    first: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    last: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    seen: np.ndarray | None = None
    """Which chapters each flow has, made once a chapter is met (a file of totals needs none)."""
    finer_rows: int = 0
    finer_first: int = 0

    def finer(self, count: int, first: int) -> None:
        """Rows of 4- and 6-digit codes: counted, never added (they are parts of chapters)."""
        self.finer_rows += count
        self.finer_first = self.finer_first or first

    def add(self, table: Table, header: list[str], rows: Passed, cells: Callable[[int], list[str]]) -> None:
        """Gather one chunk's rows: a repeat is refused, a TOTAL kept, a chapter added."""
        ids, code = self._ids(rows), rows.code
        totals = code == TOTAL
        if self.seen is None and not totals.all():
            self.seen = np.zeros((len(self.total), CODES), dtype=bool)
        _, firsts, inverse = np.unique(ids * CODES + code, return_index=True, return_inverse=True)
        earliest = firsts[inverse.ravel()]
        before = np.where(totals, self.total_line[ids] > 0, False)
        if self.seen is not None:
            before |= self.seen[ids, code] & ~totals
        repeated = before | (earliest != np.arange(len(ids)))
        positions = np.flatnonzero(repeated).tolist()
        for position, found in zip(positions, many(cells, positions), strict=True):
            flow = int(ids[position])
            if before[position]:
                earlier = self.total_line[flow] if totals[position] else self.first[flow]
            else:
                earlier = rows.line[earliest[position]]
            self._refuse(table, header, rows, position, flow, int(earlier), found)
        keep = ~repeated
        ids, code, value, line, totals = (
            ids[keep],
            code[keep],
            rows.value[keep],
            rows.line[keep],
            totals[keep],
        )
        self.total[ids[totals]] = value[totals]
        self.total_line[ids[totals]] = line[totals]
        parts = ids[~totals]
        if len(parts):
            self.seen[parts, code[~totals]] = True
            np.add.at(self.summed, parts, value[~totals])
            np.add.at(self.chapters, parts, 1)
            np.minimum.at(self.first, parts, line[~totals])
            np.maximum.at(self.last, parts, line[~totals])
        table.state["kept"] = len(self.keys)

    def finish(self, table: Table) -> None:
        """Every flow met, made a TradeFlow: its TOTAL row, or the sum of its chapters."""
        count = len(self.keys)
        has_total = self.total_line[:count] > 0
        starts = np.where(has_total, self.total_line[:count], self.first[:count])
        lines, values = [], []
        for i in np.argsort(starts, kind="stable").tolist():
            if has_total[i]:
                rows, chapters, value = (int(self.total_line[i]),), 0, float(self.total[i])
            else:
                rows = (int(self.first[i]), int(self.last[i]))
                chapters, value = int(self.chapters[i]), float(self.summed[i])
            lines.append(rows[0])
            values.append(_flow_values(*self.keys[i], value, table.name, rows, chapters))
        table.entries.extend(zip(lines, construct_all(TradeFlow, values), strict=True))
        unsummed = has_total & (self.chapters[:count] > 0)
        if unsummed.any():
            rows, first = int(self.chapters[:count][unsummed].sum()), int(self.first[:count][unsummed].min())
            reason = (
                f"{rows:,} row(s) of HS chapters, the first at row {first}, are not added up: "
                "their flows have a TOTAL row in the file, and the TOTAL is drawn"
            )
            table.problems.append(Problem(table.name, None, "cmdCode", "", reason, level="warning"))
        if self.finer_rows:
            reason = (
                f"{self.finer_rows:,} row(s) of 4- or 6-digit HS codes, the first at row {self.finer_first}, "
                "are not added up: a flow is its TOTAL row or the sum of its 2-digit chapters, and "
                "finer codes are parts of those"
            )
            # Alone in a file, they leave nothing to draw: then it is the file's problem, not a note.
            level = "warning" if count else "error"
            table.problems.append(Problem(table.name, None, "cmdCode", "", reason, level=level))
        table.state["kept"] = 0

    def _ids(self, rows: Passed) -> np.ndarray:
        """Each row's flow, by number; a flow met for the first time is numbered and given room."""
        year = pc.cast(pa.array(rows.year), pa.string())
        joined = pc.binary_join_element_wise(rows.reporter, rows.partner, rows.flow, year, SEP)
        encoded = joined.dictionary_encode()
        found = []
        for text in encoded.dictionary.to_pylist():
            reporter, partner, flow, year_text = text.split(SEP)
            key = (reporter, partner, flow, int(year_text))
            if key not in self.ids:
                self.ids[key] = len(self.keys)
                self.keys.append(key)
            found.append(self.ids[key])
        self._grow(len(self.keys))
        return np.asarray(found, dtype=np.int64)[encoded.indices.to_numpy(zero_copy_only=False)]

    def _grow(self, size: int) -> None:
        if size <= len(self.total):
            return
        more = max(size, 2 * len(self.total), 1024) - len(self.total)
        for name, fill in (("total", 0.0), ("summed", 0.0), ("total_line", 0), ("chapters", 0), ("last", 0)):
            old = getattr(self, name)
            setattr(self, name, np.concatenate([old, np.full(more, fill, dtype=old.dtype)]))
        self.first = np.concatenate([self.first, np.full(more, NONE, dtype=np.int64)])
        if self.seen is not None:
            self.seen = np.concatenate([self.seen, np.zeros((more, CODES), dtype=bool)])

    def _refuse(
        self,
        table: Table,
        header: list[str],
        rows: Passed,
        position: int,
        flow: int,
        earlier: int,
        cells: list[str],
    ) -> None:
        code = int(rows.code[position])
        if code == TOTAL:
            reason = (
                f"repeats the flow of row {earlier} (same reporter, partner, flow and year): "
                "a breakdown, or the file joined twice? Only one total per flow is drawn"
            )
            column, value = "flowCode", self.keys[flow][2]
        else:
            reason = (
                f"repeats chapter {code:02d} of a flow already read (the same reporter, partner, "
                f"flow and year as row {earlier}): the file joined twice? Each chapter is added once"
            )
            column, value = "cmdCode", f"{code:02d}"
        record = {h: v for h, v in zip(header, cells, strict=False) if h}
        reject(table, Problem(table.name, int(rows.line[position]), column, value, reason), record)


def chapter_codes(cmd: Sequence[str] | pa.Array) -> np.ndarray:
    """TOTAL (or no cmdCode column) as 0, a chapter ("27") as its number."""
    cells = cmd if isinstance(cmd, pa.Array | pa.ChunkedArray) else pa.array(cmd, type=pa.string())
    numbers = pc.if_else(pc.match_substring_regex(cells, r"^[0-9]{2}$"), cells, "0")
    return np.asarray(pc.cast(numbers, pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)


def _flow_values(
    reporter: str,
    partner: str,
    flow: str,
    year: int,
    value: float,
    file: str,
    lines: tuple[int, ...],
    chapters: int,
) -> tuple:
    """A TradeFlow's fields in order: the flow from its reporter's words, citing the rows."""
    exporter, importer = (reporter, partner) if flow == "X" else (partner, reporter)
    said = f"{country_name(reporter)} reports {DIRECTIONS[flow]} {country_name(partner)} of US$ {value:,.0f} in {year}"
    if not chapters:
        quote = f"{said} (Comtrade primaryValue; {file}, row {lines[0]})"
    else:
        where = (
            f"row {lines[0]}" if chapters == 1 else f"{chapters} rows from row {lines[0]} to row {lines[1]}"
        )
        quote = f"{said}, the sum of {_chapters(chapters)} (Comtrade primaryValue; {file}, {where})"
    return (
        exporter,
        importer,
        "exports",
        year,
        None,
        value,
        series(reporter, chapters),
        "exact",
        None,
        COMTRADE_URL,
        quote,
    )


def _chapters(count: int) -> str:
    return f"{count} HS chapter" + ("" if count == 1 else "s")


@functools.lru_cache(maxsize=4096)
def series(reporter: str, chapters: int = 0) -> str:
    """One string per reporter and count, however many flows share it."""
    if not chapters:
        return f"UN Comtrade ({reporter} reports)"
    return f"UN Comtrade ({reporter} reports, sum of {_chapters(chapters)})"
