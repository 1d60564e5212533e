"""UN Comtrade downloads turned into trade flows: one flow per reporter, partner, direction and year.

A Comtrade+ download (https://comtradeplus.un.org: the portal's CSV, the API's tab-separated bulk
file, plain or gzipped, or the same table as Parquet) has a row per reporter, partner, flow,
period and breakdown. The flows are made in one place (geo.io.comtrade_sums), whichever way a
row was read:

- ``flowCode`` X (the reporter's exports) is a flow from reporter to partner; M (its imports)
  a flow from partner to reporter. Both count as ``exports`` in Diplomap's terms, and the
  series names the reporter, so China's exports to North Korea and North Korea's imports from
  China sit side by side on one arrow, disputed when they differ.
- A flow is its annual all-commodity row (``cmdCode`` TOTAL); in a file without one (a bulk
  file at HS 2-digit detail) it is the sum of its chapters (``cmdCode`` 01 to 99), said so.
- RX and RM (re-exports, re-imports) are refused with the reason: they are parts of X and M,
  and drawing them as well would count the same goods twice. So are finer commodity codes
  (headings, 4 and 6 digits: parts of chapters), rows broken down by second partner, mode of
  transport or customs procedure, monthly rows, and the world (W00) as partner.
- A bulk file names countries by Comtrade's number only (``reporterCode``, ``partnerCode``):
  where the ISO column is missing or blank, the code is read through Comtrade's own table
  (geo.io.comtrade_codes), and a code that is not one country (0, 490 Other Asia, nes, a group,
  an unknown number) is refused with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import numpy as np
import pandas as pd
import pyarrow as pa
from pydantic import BeforeValidator, Field, model_validator

from geo.base.errors import Problem
from geo.io.blocks import Cells, many
from geo.io.columns import NUMBER, getter, read_columns, refuse_rest, years
from geo.io.comtrade_codes import SIDES, countries_from_codes
from geo.io.comtrade_sums import COMTRADE_URL, DIRECTIONS, Passed, Sums, chapter_codes
from geo.io.schema import CellError, Iso3, Row, TradeFlow
from geo.io.stream import Source, delimiter_of, first_not_utf8, header_of
from geo.io.tables import Table, reject
from geo.ref.countries import iso3_codes

__all__ = ["COLUMNS", "COMTRADE_URL", "ComtradeRow", "is_comtrade", "trade_from_comtrade"]

COLUMNS = [
    "typeCode",
    "freqCode",
    "refPeriodId",
    "refYear",
    "refMonth",
    "period",
    "reporterCode",
    "reporterISO",
    "reporterDesc",
    "flowCode",
    "flowDesc",
    "partnerCode",
    "partnerISO",
    "partnerDesc",
    "partner2Code",
    "partner2ISO",
    "partner2Desc",
    "classificationCode",
    "classificationSearchCode",
    "isOriginalClassification",
    "cmdCode",
    "cmdDesc",
    "aggrLevel",
    "isLeaf",
    "customsCode",
    "customsDesc",
    "mosCode",
    "motCode",
    "motDesc",
    "qtyUnitCode",
    "qtyUnitAbbr",
    "qty",
    "isQtyEstimated",
    "altQtyUnitCode",
    "altQtyUnitAbbr",
    "altQty",
    "isAltQtyEstimated",
    "netWgt",
    "isNetWgtEstimated",
    "grossWgt",
    "isGrossWgtEstimated",
    "cifvalue",
    "fobvalue",
    "primaryValue",
    "legacyEstimationFlag",
    "isReported",
    "isAggregate",
    "CIFValue",
    "FOBValue",
]
"""Every column of a Comtrade+ download (the portal's 47; a bulk file writes the two values as
CIFValue and FOBValue). Those the converter does not use are known, not reported as unknown:
the quote of each flow says where in the file it came from."""
REQUIRED = ["reporterISO", "partnerISO", "flowCode", "refYear", "primaryValue"]
USED = [*REQUIRED, *SIDES.values(), "freqCode", "cmdCode", "partner2Code", "motCode", "customsCode"]
"""The columns read; the others are read again only for a refused row, to keep it whole."""

PARTS = {"RX": "re-exports", "RM": "re-imports"}
TOTALS = {"partner2Code": "0", "motCode": "0", "customsCode": "C00"}
"""The value of each breakdown column on an all-routes row."""
BREAKDOWN = {
    "partner2Code": "one second partner",
    "motCode": "one mode of transport",
    "customsCode": "one customs procedure",
}
CHAPTER = re.compile(r"[0-9]{2}")
FINER = r"[0-9]{4}|[0-9]{6}"
"""Headings and subheadings: parts of a chapter, counted in one warning rather than refused row
by row (a bulk file at every level holds millions), and never added to a flow."""


def _not_world(value: str) -> str:
    if value.strip().upper() == "W00":
        msg = "W00 is the world, not a country: only flows between two countries are drawn"
        raise CellError(msg)
    return value


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


Country = Annotated[Iso3, BeforeValidator(_not_world)]
Code = Annotated[str | None, BeforeValidator(_blank_to_none), Field(max_length=20)]


class ComtradeRow(Row):
    """One row of a Comtrade+ download, as far as a flow between two countries needs it."""

    reporterISO: Country
    partnerISO: Country
    flowCode: Annotated[str, Field(max_length=10)]
    refYear: Annotated[int, Field(ge=1900, le=2100)]
    primaryValue: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    freqCode: Code = None
    cmdCode: Code = None
    partner2Code: Code = None
    motCode: Code = None
    customsCode: Code = None

    @model_validator(mode="after")
    def _a_flow_between_two_countries(self) -> ComtradeRow:
        if self.flowCode in PARTS:
            raise CellError(part_of(self.flowCode), column="flowCode")
        if self.flowCode not in DIRECTIONS:
            msg = "must be X (exports) or M (imports); other flows are not drawn"
            raise CellError(msg, column="flowCode")
        if self.freqCode not in (None, "A"):
            msg = "is not an annual figure (freqCode A): only annual figures are drawn"
            raise CellError(msg, column="freqCode")
        _a_total_or_a_chapter(self.cmdCode)
        for column, total in TOTALS.items():
            value = getattr(self, column)
            if value is not None and value != total:
                msg = f"is {BREAKDOWN[column]} of a total ({column} {total}): only totals are drawn"
                raise CellError(msg, column=column)
        if self.reporterISO == self.partnerISO:
            raise CellError("reporter and partner are the same country", column="partnerISO")
        return self


def part_of(flow: str) -> str:
    """Why a re-export or re-import row is refused."""
    whole = "exports (X)" if flow == "RX" else "imports (M)"
    return f"{PARTS[flow]} ({flow}) are part of {whole}: drawing them too would count the same goods twice"


def _a_total_or_a_chapter(cmd: str | None) -> None:
    """A flow is drawn from its TOTAL row, or summed from its 2-digit HS chapters; a finer code
    is part of a chapter, so adding it as well would count the same goods twice."""
    if cmd is None or cmd == "TOTAL" or CHAPTER.fullmatch(cmd):
        return
    if cmd.isdigit() and len(cmd) in (4, 6):
        msg = (
            f"is a {len(cmd)}-digit HS code, part of chapter {cmd[:2]}: a flow is its TOTAL row or the "
            "sum of its 2-digit chapters, so that no goods are counted twice"
        )
    else:
        msg = "is neither TOTAL nor a 2-digit HS chapter: a flow is its TOTAL row or the sum of its chapters"
    raise CellError(msg, column="cmdCode")


def is_comtrade(data: bytes | Source) -> bool:
    """True when a file's header is a Comtrade+ one: it names reporter and partner by ISO code
    (the portal's CSV) or by Comtrade's number (a bulk file)."""
    source = data if isinstance(data, Source) else Source("", data=data)
    names = set(header_of(source))
    return all(iso in names or code in names for iso, code in SIDES.items())


def trade_from_comtrade(name: str, data: bytes | Path) -> Table[TradeFlow]:
    """Flows from a Comtrade+ file (CSV comma- or tab-separated, UTF-8 or the portal's cp1252,
    plain or gzipped, or Parquet; bytes, or a path read as it goes), its columns checked whole
    as trade.csv's are (geo.io.columns); every refused row says why."""
    source = Source(name, path=data) if isinstance(data, Path) else Source(name, data=data)
    delimiter, encoding, read_as = ",", "utf-8", []
    if not source.is_parquet:
        delimiter = delimiter_of(source)
        encoding, read_as = _encoding(source)
    sums = Sums()
    table = read_columns(
        source,
        ComtradeRow,
        columns=COLUMNS,
        required=_required(header_of(source)),
        used=USED,
        chunk=lambda *args: _chunk(sums, *args),
        finish=sums.finish,
        delimiter=delimiter,
        encoding=encoding,
    )
    table.problems[:0] = read_as
    return table


def _required(header: list[str]) -> list[str]:
    """REQUIRED, with Comtrade's number standing in for a country column the file does not have."""
    names = set(header)
    return [SIDES[c] if c in SIDES and c not in names and SIDES[c] in names else c for c in REQUIRED]


def _encoding(source: Source) -> tuple[str, list[Problem]]:
    """UTF-8, or Windows-1252 (what the Comtrade portal writes: "Curaçao" is byte 0xE7) with a
    warning saying so. Bytes neither can read are left for the rows to report."""
    found = first_not_utf8(source)
    if found is None or not found[2]:
        return "utf-8", []
    byte, line, _ = found
    reason = (
        f"is not UTF-8 (byte {byte:#04x} on line {line}), so it was read as Windows-1252 "
        "(cp1252), as the Comtrade portal writes its CSV; a name with an accent, like Curaçao, reads right"
    )
    return "cp1252", [Problem(source.name, None, None, "", reason, level="warning")]


def _chunk(
    sums: Sums,
    table: Table,
    header: list[str],
    frame: pd.DataFrame,
    lines: list[int],
    raw: Callable[[int], list[str]],
) -> None:
    """One chunk of a Comtrade file: its used columns checked whole; a total or a chapter
    between two countries goes to the sums, the rest through ComtradeRow (refused with its
    words, or, where the checks were only cautious, to the sums after all)."""
    get = getter(frame)
    codes = list(iso3_codes())
    countries, refused, header, raw = countries_from_codes(table, header, get, lines, raw)
    reporter, partner, flow, cmd = (
        countries["reporterISO"],
        countries["partnerISO"],
        get("flowCode"),
        get("cmdCode"),
    )
    others = (
        reporter.isin(codes)
        & partner.isin(codes)
        & (reporter != partner)
        & years(frame["refYear"])
        & frame["primaryValue"].str.match(NUMBER)
        & get("freqCode").isin(["", "A"])
        & (cmd.isin(["", "TOTAL"]) | cmd.str.fullmatch(CHAPTER.pattern))
    )
    for column, total in TOTALS.items():
        others &= get(column).isin(["", total])
    ok = (others & flow.isin(list(DIRECTIONS))).to_numpy(dtype=bool, na_value=False) & ~refused
    parts = (others & flow.isin(list(PARTS))).to_numpy(dtype=bool, na_value=False) & ~refused
    _refuse_parts(table, header, raw, lines, parts)
    positions = np.flatnonzero(ok)
    rows = Passed(
        reporter=_arrow(reporter[ok]),
        partner=_arrow(partner[ok]),
        flow=_arrow(flow[ok]),
        year=pa.array(frame["refYear"][ok].array).cast(pa.int64()).to_numpy(zero_copy_only=False),
        code=chapter_codes(_arrow(cmd[ok])),
        value=pa.array(frame["primaryValue"][ok].array).cast(pa.float64()).to_numpy(zero_copy_only=False),
        line=np.asarray(lines, dtype=np.int64)[positions],
    )
    sums.add(table, header, rows, Cells(lambda found: many(raw, positions[found].tolist())))
    finer = cmd.str.fullmatch(FINER).to_numpy(dtype=bool, na_value=False) & ~ok & ~refused
    if finer.any():
        sums.finer(int(finer.sum()), lines[int(np.flatnonzero(finer)[0])])
    # A row refused for its Comtrade number is already named; the model would only add "is empty".
    late = refuse_rest(table, ComtradeRow, header, raw, lines, ok | refused | finer | parts)
    if late:
        _add_late(sums, table, header, raw, lines, late)


def _refuse_parts(table: Table, header: list[str], raw, lines: list[int], parts: np.ndarray) -> None:
    """Re-exports and re-imports whose every other column passed: refused in the model's words
    without the model (a bulk file may hold tens of thousands)."""
    positions = np.flatnonzero(parts).tolist()
    at = header.index("flowCode")
    for position, cells in zip(positions, many(raw, positions), strict=True):
        record = {h: v for h, v in zip(header, cells, strict=False) if h}
        problem = Problem(table.name, lines[position], "flowCode", cells[at], part_of(cells[at].strip()))
        reject(table, problem, record)


def _add_late(sums: Sums, table: Table, header, raw, lines: list[int], late: list) -> None:
    """Rows the checks doubted and the model accepted (a year written 2024.0) join the sums."""
    at = {line: position for position, line in enumerate(lines)}
    rows: list[ComtradeRow] = [row for _, row in late]
    positions = [at[line] for line, _ in late]
    sums.add(
        table,
        header,
        Passed(
            reporter=pa.array([r.reporterISO for r in rows], pa.string()),
            partner=pa.array([r.partnerISO for r in rows], pa.string()),
            flow=pa.array([r.flowCode for r in rows], pa.string()),
            year=np.asarray([r.refYear for r in rows], dtype=np.int64),
            code=chapter_codes([r.cmdCode or "TOTAL" for r in rows]),
            value=np.asarray([r.primaryValue for r in rows], dtype=float),
            line=np.asarray([line for line, _ in late], dtype=np.int64),
        ),
        Cells(lambda found: many(raw, [positions[i] for i in found])),
    )


def _arrow(column: pd.Series) -> pa.Array:
    return pa.chunked_array(column.array.__arrow_array__()).combine_chunks().cast(pa.string())
