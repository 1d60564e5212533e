"""trade.csv's rows checked column by column (geo.io.columns reads them in chunks).

Each check is a whole column at once, with pandas on Arrow strings; the rows that pass every
check become TradeFlows without a second validation, the others go through TradeFlow itself,
so they are refused in the words of row-by-row validation (or accepted, where a check was
only cautious: ``2024.0``, ``1e9``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pandas as pd

from geo.base import settings
from geo.io.columns import (
    NUMBER,
    column_or_blank,
    construct_all,
    getter,
    interned,
    numbers,
    optional,
    read_columns,
    refuse_rest,
    whole,
    years,
)
from geo.io.schema import TradeFlow, columns_of, required_columns_of
from geo.io.stream import GZIP, Source
from geo.io.tables import Table, read_table
from geo.ref.countries import iso3_codes

CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
"""Control characters other than tab and line breaks (geo.io.schema.plain refuses them)."""
URL = r"^https?://[A-Za-z0-9._~%!$&'()*+,;=:@-]+([/?#][^\s]*)?$"
TRADE_STATUSES = ("exact", "approximate", "lower_bound", "disputed")


def read_trade(
    name: str, data: bytes | Path, *, by: Literal["rows", "columns"] | None = None
) -> Table[TradeFlow]:
    """The flows of a file in trade.csv's format: bytes, or a file on disk read as it goes.

    A file of up to MAX_ROWS lines (every event's own trade.csv) is read row by row: pandas
    costs more to set up than TradeFlow costs for a few thousand rows, and an app loading nine
    events felt it. Longer files, gzipped ones and Parquet are checked column by column, a block
    at a time, whatever their size. Both ways judge every row alike (tests/test_columns.py holds
    them to it); ``by`` forces one.
    """
    source = Source(name, path=data) if isinstance(data, Path) else Source(name, data=data)
    if by != "columns" and source.size <= settings.MAX_INPUT_BYTES and not source.is_parquet:
        small = data.read_bytes() if isinstance(data, Path) else data
        if by == "rows" or (small[:2] != GZIP and small.count(b"\n") <= settings.MAX_ROWS):
            columns, required = columns_of(TradeFlow), required_columns_of(TradeFlow)
            return read_table(name, small, TradeFlow, columns=columns, required=required, limit=len(small))
    return read_columns(
        source,
        TradeFlow,
        columns=columns_of(TradeFlow),
        required=required_columns_of(TradeFlow),
        chunk=trade_chunk,
    )


def trade_chunk(
    table: Table, header: list[str], frame: pd.DataFrame, lines: list[int], raw: Callable[[int], list[str]]
) -> None:
    """One chunk of trade.csv rows: columns checked whole, the rows that pass made TradeFlows."""
    get = getter(frame)
    codes = list(iso3_codes())
    value = column_or_blank(frame, "value_usd")  # a number as written: " 100" is refused by the model too
    status = get("value_status")
    found = value.str.match(NUMBER) & status.isin(TRADE_STATUSES)
    passed = (
        get("exporter").isin(codes)
        & get("importer").isin(codes)
        & (get("exporter") != get("importer"))
        & get("flow").isin(("exports", "total"))
        & years(frame["year"])
        & (found | ((value == "") & (status == "not_found")))
        & _text(get("series"), 500, required=True)
        & _text(get("period"), 2000)
        & _text(get("alternatives"), 2000)
        & _text(get("quote"), 2000)
        & get("source_url").str.match(URL)
        & (get("source_url").str.len() <= 2000)
    )
    ok = passed.to_numpy(dtype=bool, na_value=False)
    records = zip(
        interned(get("exporter")[ok]),
        interned(get("importer")[ok]),
        interned(get("flow")[ok]),
        whole(frame["year"][ok]),
        optional(get("period")[ok]),
        numbers(value[ok]),
        interned(get("series")[ok]),
        interned(status[ok]),
        optional(get("alternatives")[ok]),
        interned(get("source_url")[ok]),
        optional(get("quote")[ok]),
        strict=True,
    )
    kept = list(itertools.compress(lines, ok.tolist()))
    table.entries.extend(zip(kept, construct_all(TradeFlow, records), strict=True))
    table.entries.extend(refuse_rest(table, TradeFlow, header, raw, lines, ok))


def _text(column: pd.Series, most: int, *, required: bool = False) -> pd.Series:
    ok = (column.str.len() <= most) & ~column.str.contains(CONTROL, regex=True)
    return ok & (column != "") if required else ok
