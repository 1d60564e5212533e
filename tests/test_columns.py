"""Trade files checked column by column give what row-by-row validation gives, at any size."""

from __future__ import annotations

import pytest

from benchmarks.trade_file import HEADER, trade_csv
from geo.base import settings
from geo.io import blocks, comtrade
from geo.io.columns import LISTED, REFUSED_COST
from geo.io.schema import TradeFlow, columns_of, required_columns_of
from geo.io.tables import read_table
from geo.io.tradefile import read_trade
from tests import comtrade_files as files
from tests.test_validation import files as event_files

ROWS = 20_000


def row_by_row(data: bytes):
    """The same file through geo.io.tables, one pydantic object a row: the words people know."""
    return read_table(
        "trade.csv",
        data,
        TradeFlow,
        columns=columns_of(TradeFlow),
        required=required_columns_of(TradeFlow),
        max_rows=10**7,
        limit=10**9,
    )


def assert_same(data: bytes) -> None:
    ours, theirs = read_trade("trade.csv", data, by="columns"), row_by_row(data)
    assert ours.entries == theirs.entries
    assert ours.problems == theirs.problems
    assert ours.rejected == sorted(theirs.rejected, key=lambda r: int(r["_line"]))


QUOTED = (
    HEADER.encode()
    + b'CHN,PRK,exports,2024,"Jan\xe2\x80\x93Sep 2024, 9 months",100,GACC,exact,,https://a.org/x,\n'
)
ODDITIES = {
    "unquoted": b"",
    "quoted": QUOTED[len(HEADER) :],
    "not utf-8": b"CHN,PRK,exports,2024,,100,GACC,exact,,https://a.org/x,Cura\xe7ao\n",
    "too few cells": b"CHN,PRK,exports,2024\n",
    "too many cells": b"CHN,PRK,exports,2024,,100,GACC,exact,,https://a.org/x,,surprise\n",
    "blank lines and empty rows": b"\n,,,,,,,,,,\n   \n",
    "spaces around values": b" CHN , PRK ,exports, 2024 ,, 100 ,GACC, exact ,,https://a.org/x,\n",
    "year with a decimal": b"CHN,PRK,exports,2024.0,,100,GACC,exact,,https://a.org/x,\n",
    "value in exponent form": b"CHN,PRK,exports,2024,,1e9,GACC,exact,,https://a.org/x,\n",
    "not found without value": b"CHN,PRK,exports,2024,,,GACC,not_found,,https://a.org/x,\n",
    "not found with value": b"CHN,PRK,exports,2024,,5,GACC,not_found,,https://a.org/x,\n",
    "control character": b"CHN,PRK,exports,2024,\x07,5,GACC,exact,,https://a.org/x,\n",
    "lowercase code": b"chn,PRK,exports,2024,,5,GACC,exact,,https://a.org/x,\n",
    "itself": b"CHN,CHN,exports,2024,,5,GACC,exact,,https://a.org/x,\n",
    "script address": b"CHN,PRK,exports,2024,,5,GACC,exact,,javascript:alert(1),\n",
    "uppercase scheme": b"CHN,PRK,exports,2024,,5,GACC,exact,,HTTPS://a.org/x,\n",
    "negative": b"CHN,PRK,exports,2024,,-5,GACC,exact,,https://a.org/x,\n",
    "infinite": b"CHN,PRK,exports,2024,,inf,GACC,exact,,https://a.org/x,\n",
    "year out of range": b"CHN,PRK,exports,2101,,5,GACC,exact,,https://a.org/x,\n",
    "empty series": b"CHN,PRK,exports,2024,,5, ,exact,,https://a.org/x,\n",
    "unclosed quote": b'CHN,PRK,exports,2024,"oops,5,GACC,exact,,https://a.org/x,\n',
}


@pytest.fixture(params=[blocks.BLOCK_BYTES, 997], ids=["one block", "blocks of 997 bytes"])
def block_size(request, monkeypatch):
    """The file read in one block, or in many: a row's judgement and number never depend on it."""
    monkeypatch.setattr(blocks, "BLOCK_BYTES", request.param)


@pytest.mark.parametrize("extra", ODDITIES.values(), ids=ODDITIES.keys())
def test_every_row_is_judged_as_row_by_row_validation_judges_it(block_size, extra):
    data = trade_csv(300, bad_every=7)
    cut = len(HEADER) + 40 * 60
    at = data.index(b"\n", cut) + 1
    assert_same(data[:at] + extra + data[at:] + extra)


@pytest.mark.parametrize("ending", [b"\n", b"\r\n"], ids=["LF", "CRLF"])
@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"], ids=["no BOM", "BOM"])
def test_line_endings_and_a_byte_order_mark_change_nothing(block_size, ending, mark):
    data = mark + trade_csv(200, bad_every=9).replace(b"\n", ending)
    assert_same(data)


def test_twenty_thousand_rows_with_bad_ones_sprinkled_in():
    data = trade_csv(ROWS, bad_every=97)
    table = read_trade("trade.csv", data, by="columns")
    bad = ROWS // 97
    assert len(table.entries) == ROWS - bad
    assert len(table.rejected) == bad
    assert [e[0] for e in table.entries] == sorted(e[0] for e in table.entries)
    first = table.problems[0]
    assert (first.file, first.row, first.column, first.value) == ("trade.csv", 98, "exporter", "Viet Nam")
    assert "did you mean VNM" in first.reason
    assert {p.column for p in table.problems} == {
        "exporter",
        "year",
        "value_usd",
        "value_status",
        "source_url",
    }
    assert table.rejected[0]["_line"] == "98" and table.rejected[0]["exporter"] == "Viet Nam"
    assert_same(data)


def test_past_a_thousand_problems_the_rest_are_counted_and_every_row_kept():
    data = trade_csv(ROWS, bad_every=5)
    table = read_trade("trade.csv", data, by="columns")
    bad = ROWS // 5
    assert len(table.problems) == LISTED + 1
    assert all(p.row is not None for p in table.problems[:LISTED])
    last = table.problems[-1]
    assert last.row is None
    assert f"{bad - LISTED:,} more problem(s) in {bad - LISTED:,} more row(s)" in last.reason
    assert f"{bad:,} in all" in last.reason
    assert len(table.rejected) == bad
    assert len(table.entries) == ROWS - bad


def test_a_trade_file_is_not_capped_at_the_rows_of_other_files():
    from geo.io.events import event_from_files

    given = event_files()
    given["trade.csv"] = trade_csv(settings.MAX_ROWS * 2)
    event = event_from_files(given)
    assert len(event.trade) == settings.MAX_ROWS * 2
    assert not [p for p in event.problems if p.file == "trade.csv"]


def test_what_a_file_keeps_past_the_memory_bound_refuses_the_file(monkeypatch):
    monkeypatch.setattr(settings, "MAX_TRADE_ROWS", 100)
    table = read_trade("trade.csv", trade_csv(101), by="columns")
    assert [p.reason for p in table.problems] == [
        f"file holds more than 100 flows (a refused row, kept whole, counts as {REFUSED_COST}); "
        "the limit is 100, so that one file cannot take the server's memory"
    ]
    assert table.entries == []
    assert read_trade("trade.csv", trade_csv(100), by="columns").problems == []
    refused = read_trade("trade.csv", trade_csv(100, bad_every=4), by="columns")
    assert refused.entries == [] and "file holds more than 100 flows" in refused.problems[0].reason


def test_rows_summed_into_one_flow_keep_nothing_so_any_number_is_read(monkeypatch):
    monkeypatch.setattr(settings, "MAX_TRADE_ROWS", 100)
    rows = [
        files.Flow("USA", "IND", value=1, cmd=f"{c % 97 + 1:02d}", year=1950 + c // 97) for c in range(970)
    ]
    table = comtrade.trade_from_comtrade("bulk.txt", files.bulk_txt(*rows))
    assert table.problems == [] and len(table.rows) == 10


def test_a_short_file_read_row_by_row_is_read_as_the_columns_read_it():
    data = (settings.EVENTS_DIR / "beijing-parade-2025" / "trade.csv").read_bytes()
    assert data.count(b"\n") <= settings.MAX_ROWS  # so read_trade takes the rows' way
    rows, columns = read_trade("trade.csv", data), read_trade("trade.csv", data, by="columns")
    assert len(rows.entries) > 50
    assert rows.entries == columns.entries
    assert rows.problems == columns.problems
