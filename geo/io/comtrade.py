"""UN Comtrade downloads turned into trade flows: one flow per reporter, partner, direction and year.

A Comtrade+ download (https://comtradeplus.un.org, the portal's CSV or the API's tab-separated
bulk file) has a row per reporter, partner, flow, period and breakdown. A row becomes a
TradeFlow when it is an annual all-commodity total between two countries:

- ``flowCode`` X (the reporter's exports) is a flow from reporter to partner; M (its imports)
  a flow from partner to reporter. Both count as ``exports`` in Diplomap's terms, and the
  series names the reporter, so China's exports to North Korea and North Korea's imports from
  China sit side by side on one arrow, disputed when they differ.
- RX and RM (re-exports, re-imports) are refused with the reason: they are parts of X and M,
  and drawing them as well would count the same goods twice.
- Rows broken down by commodity (``cmdCode`` other than TOTAL), second partner, mode of
  transport or customs procedure, monthly rows, and the world (W00) as partner are refused
  with the reason, never summed or picked from.
- A bulk file names countries by Comtrade's number only (``reporterCode``, ``partnerCode``):
  where the ISO column is missing or blank, the code is read through Comtrade's own table
  (geo.io.comtrade_codes), and a code that is not one country (0, 490 Other Asia, nes, a group,
  an unknown number) is refused with the reason.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from typing import Annotated

import pandas as pd
from pydantic import BeforeValidator, Field, model_validator

from geo.base import settings
from geo.base.errors import Problem
from geo.io.columns import (
    NUMBER,
    construct_all,
    getter,
    interned,
    numbers,
    read_columns,
    refuse_rest,
    whole,
    years,
)
from geo.io.comtrade_codes import SIDES, countries_from_codes
from geo.io.schema import CellError, Iso3, Row, TradeFlow
from geo.io.tables import Table, reject
from geo.ref.countries import country_name, iso3_codes

COMTRADE_URL = "https://comtradeplus.un.org/"
"""Every converted row cites the portal: the download itself has no address of its own."""

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
]
"""Every column of a Comtrade+ download. Those the converter does not use are known, not
reported as unknown: the quote of each flow says where in the file it came from."""
REQUIRED = ["reporterISO", "partnerISO", "flowCode", "refYear", "primaryValue"]

DIRECTIONS = {"X": "exports to", "M": "imports from"}
PARTS = {"RX": "re-exports", "RM": "re-imports"}
TOTALS = {"cmdCode": "TOTAL", "partner2Code": "0", "motCode": "0", "customsCode": "C00"}
"""The value of each breakdown column on an all-commodity, all-routes total row."""
BREAKDOWN = {
    "cmdCode": "one commodity",
    "partner2Code": "one second partner",
    "motCode": "one mode of transport",
    "customsCode": "one customs procedure",
}


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
    def _a_total_between_two_countries(self) -> ComtradeRow:
        if self.flowCode in PARTS:
            msg = (
                f"{PARTS[self.flowCode]} ({self.flowCode}) are part of "
                f"{'exports (X)' if self.flowCode == 'RX' else 'imports (M)'}: drawing them too "
                "would count the same goods twice"
            )
            raise CellError(msg, column="flowCode")
        if self.flowCode not in DIRECTIONS:
            msg = "must be X (exports) or M (imports); other flows are not drawn"
            raise CellError(msg, column="flowCode")
        if self.freqCode not in (None, "A"):
            msg = "is not an annual figure (freqCode A): only annual figures are drawn"
            raise CellError(msg, column="freqCode")
        for column, total in TOTALS.items():
            value = getattr(self, column)
            if value is not None and value != total:
                msg = f"is {BREAKDOWN[column]} of a total ({column} {total}): only totals are drawn"
                raise CellError(msg, column=column)
        if self.reporterISO == self.partnerISO:
            raise CellError("reporter and partner are the same country", column="partnerISO")
        return self

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.reporterISO, self.partnerISO, self.flowCode, self.refYear)


def is_comtrade(data: bytes) -> bool:
    """True when the first line is a Comtrade+ header: it names reporter and partner by ISO
    code (the portal's CSV) or by Comtrade's number (a bulk file)."""
    first = data[:4096].split(b"\n", 1)[0]
    return all(iso.encode() in first or code.encode() in first for iso, code in SIDES.items())


def trade_from_comtrade(name: str, data: bytes) -> Table[TradeFlow]:
    """Flows from a Comtrade+ CSV (comma- or tab-separated, UTF-8 or the portal's cp1252), its
    columns checked whole as trade.csv's are (geo.io.columns); every refused row says why."""
    data, read_as = as_utf8(name, data)
    first = data[:4096].split(b"\n", 1)[0]
    delimiter = "\t" if b"\t" in first and b"," not in first else ","
    table = read_columns(
        name,
        data,
        ComtradeRow,
        columns=COLUMNS,
        required=_required(first.decode("utf-8", errors="replace"), delimiter),
        chunk=_chunk,
        delimiter=delimiter,
        limit=settings.MAX_TRADE_BYTES,
    )
    table.problems[:0] = read_as
    return table


def _required(first: str, delimiter: str) -> list[str]:
    """REQUIRED, with Comtrade's number standing in for a country column the file does not have."""
    header = {h.strip().strip('"').lstrip("\ufeff") for h in first.rstrip("\r").split(delimiter)}
    return [SIDES[c] if c in SIDES and c not in header and SIDES[c] in header else c for c in REQUIRED]


def as_utf8(name: str, data: bytes) -> tuple[bytes, list[Problem]]:
    """The file as UTF-8: as it is, or read as Windows-1252 (what the Comtrade portal writes:
    "Curaçao" is byte 0xE7), with a warning saying so. Bytes neither can read are left for the
    rows to report."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return data, []
        line = data.count(b"\n", 0, exc.start) + 1
        reason = (
            f"is not UTF-8 (byte {data[exc.start]:#04x} on line {line}), so it was read as Windows-1252 "
            "(cp1252), as the Comtrade portal writes its CSV; a name with an accent, like Curaçao, reads right"
        )
        return text.encode("utf-8"), [Problem(name, None, None, "", reason, level="warning")]
    return data, []


def _chunk(
    table: Table, header: list[str], frame: pd.DataFrame, lines: list[int], raw: Callable[[int], list[str]]
) -> None:
    """One chunk of a Comtrade file: its used columns checked whole; a total between two
    countries becomes a flow, a repeat of one is refused, the rest go through ComtradeRow."""
    get = getter(frame)
    codes = list(iso3_codes())
    countries, refused, header, raw = countries_from_codes(table, header, get, lines, raw)
    reporter, partner, flow = countries["reporterISO"], countries["partnerISO"], get("flowCode")
    passed = (
        reporter.isin(codes)
        & partner.isin(codes)
        & (reporter != partner)
        & flow.isin(list(DIRECTIONS))
        & years(frame["refYear"])
        & frame["primaryValue"].str.match(NUMBER)
        & get("freqCode").isin(["", "A"])
    )
    for column, total in TOTALS.items():
        passed &= get(column).isin(["", total])
    ok = passed.to_numpy(dtype=bool, na_value=False) & ~refused
    found = zip(
        ok.nonzero()[0].tolist(),
        itertools.compress(lines, ok.tolist()),
        interned(reporter[ok]),
        interned(partner[ok]),
        interned(flow[ok]),
        whole(frame["refYear"][ok]),
        numbers(frame["primaryValue"][ok]),
        strict=True,
    )
    kept: list[tuple[int, tuple]] = []
    for position, line, *key in found:
        if _repeated(table, header, line, tuple(key[:4]), lambda p=position: raw(p)):
            continue
        kept.append((line, _flow_values(*key, file=table.name, line=line)))
    table.entries.extend(
        zip([k[0] for k in kept], construct_all(TradeFlow, [k[1] for k in kept]), strict=True)
    )
    # A row refused for its Comtrade number is already named; the model would only add "is empty".
    for line, row in refuse_rest(table, ComtradeRow, header, raw, lines, ok | refused):
        if not _repeated(table, header, line, row.key, None):
            table.entries.append((line, flow_from_row(row, file=table.name, line=line)))


def _repeated(table: Table, header: list[str], line: int, key: tuple, cells) -> bool:
    """True, and the row refused, when an earlier row holds the same flow."""
    seen = table.state.setdefault("seen", {})
    if key not in seen:
        seen[key] = line
        return False
    reason = (
        f"repeats the flow of row {seen[key]} (same reporter, partner, flow and year): "
        "a breakdown, or the file joined twice? Only one total per flow is drawn"
    )
    record = {h: v for h, v in zip(header, cells(), strict=False) if h} if cells else {}
    reject(table, Problem(table.name, line, "flowCode", str(key[2]), reason), record)
    return True


def _flow_values(
    reporter: str, partner: str, flow: str, year: int, value: float, *, file: str, line: int
) -> tuple:
    """A TradeFlow's fields in order, for a row whose columns passed (see flow_from_row)."""
    exporter, importer = (reporter, partner) if flow == "X" else (partner, reporter)
    quote = (
        f"{country_name(reporter)} reports {DIRECTIONS[flow]} {country_name(partner)} "
        f"of US$ {value:,.0f} in {year} (Comtrade primaryValue; {file}, row {line})"
    )
    return (
        exporter,
        importer,
        "exports",
        year,
        None,
        value,
        _series(reporter),
        "exact",
        None,
        COMTRADE_URL,
        quote,
    )


@functools.lru_cache(maxsize=512)
def _series(reporter: str) -> str:
    """One string per reporter, however many rows it reports."""
    return f"UN Comtrade ({reporter} reports)"


def flow_from_row(row: ComtradeRow, *, file: str, line: int) -> TradeFlow:
    """The flow one Comtrade row reports, citing the portal and the row it came from."""
    if row.flowCode == "X":
        exporter, importer = row.reporterISO, row.partnerISO
    else:
        exporter, importer = row.partnerISO, row.reporterISO
    partner = row.partnerISO
    quote = (
        f"{country_name(row.reporterISO)} reports {DIRECTIONS[row.flowCode]} {country_name(partner)} "
        f"of US$ {row.primaryValue:,.0f} in {row.refYear} (Comtrade primaryValue; {file}, row {line})"
    )
    return TradeFlow(
        exporter=exporter,
        importer=importer,
        flow="exports",
        year=row.refYear,
        value_usd=row.primaryValue,
        series=f"UN Comtrade ({row.reporterISO} reports)",
        value_status="exact",
        source_url=COMTRADE_URL,
        quote=quote,
    )
