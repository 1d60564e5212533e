"""A trade file is read a block at a time, whatever its size: rows are cut where they end (never
inside quotes), numbered as a spreadsheet numbers them across blocks, and a file that cannot be
read on is named, keeping the rows before."""

from __future__ import annotations

import csv
import gzip
import io

import pytest

from geo.io import blocks, stream
from geo.io.columns import read_columns
from geo.io.comtrade import trade_from_comtrade
from geo.io.schema import TradeFlow
from geo.io.stream import Source, first_not_utf8
from geo.io.tables import Table
from geo.io.tradefile import read_trade
from tests import comtrade_files as files


def rows_of(
    data: bytes, *, used: list[str], name: str = "t.csv"
) -> tuple[list[tuple[int, list[str]]], Table]:
    """Every row the stream hands on, by number, with its cells in full."""
    table: Table = Table(name)
    found = []
    for rows in stream.csv_rows(table, Source(name, data=data), used):
        if rows.frame is None:
            continue
        for position, line in enumerate(rows.lines):
            found.append((line, rows.raw(position)))
    return found, table


def by_csv_module(data: bytes) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(data.decode(), newline=""), strict=True)
    return [(n, row) for n, row in enumerate(reader, start=1) if n > 1 and row]


QUOTED = (
    b'a,b,c\n1,"two\nlines",3\n"4,5",6,"seven ""quoted"""\n'
    + b"".join(b'%d,"x\r\ny\r\nz",%d\n' % (i, i) for i in range(40))
    + b'last,"",\n'
)


@pytest.mark.parametrize("block", [7, 16, 33, 64, 1 << 20])
def test_rows_are_cut_where_they_end_never_inside_quotes(monkeypatch, block):
    monkeypatch.setattr(blocks, "BLOCK_BYTES", block)
    found, table = rows_of(QUOTED, used=["a", "b", "c"])
    assert table.problems == []
    assert found == by_csv_module(QUOTED)


@pytest.mark.parametrize("block", [64, 1 << 20])
def test_a_broken_row_in_a_later_block_is_named_by_its_row_and_the_next_rows_still_read(monkeypatch, block):
    monkeypatch.setattr(blocks, "BLOCK_BYTES", block)
    lines = [b"a,b,c"] + [b"%d,x,y" % i for i in range(30)]
    lines[20] = b'19,"oops,y'  # a quote never closed
    lines[25] = b"24,x,y,surprise"  # a cell past the header
    found, table = rows_of(b"\n".join(lines) + b"\n", used=["a", "b", "c"])
    assert [(p.row, p.reason[:30]) for p in table.problems] == [
        (21, "opens a quote that is never cl"),
        (26, "has 4 cells; the header has 3 "),
    ]
    assert [line for line, _ in found] == [n for n in range(2, 32) if n not in (21, 26)]
    assert found[-1] == (31, ["29", "x", "y"])


def test_a_gzipped_file_cut_short_keeps_the_rows_before_and_says_so(monkeypatch):
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 4096)
    text = files.ours(*[files.Flow("USA", "IND", value=i + 1) for i in range(2000)])
    data = gzip.compress(text, mtime=0)
    table = read_ours(data[: len(data) * 2 // 3])
    assert 0 < len(table.rows) < 2000
    assert "the rest of the file cannot be read" in table.problems[-1].reason


def test_a_file_with_no_line_break_is_refused_at_its_first_block_not_held_whole():
    table = read_ours(b"x" * (blocks.LONGEST_ROW + blocks.BLOCK_BYTES))
    assert [p.reason for p in table.problems] == [
        f"no row is read: a row runs past {blocks.LONGEST_ROW:,} bytes with no line break, so this is no CSV of rows"
    ]


def test_parquet_rows_are_numbered_as_the_same_table_written_as_csv():
    rows = [files.Flow("USA", "IND", cmd="27"), files.Flow("W00", "IND", cmd="27")]
    text = files.bulk_txt(*rows)
    table = read_bulk(files.bulk_parquet(*rows), "bulk.parquet")
    (problem,) = table.problems
    assert (problem.row, problem.column) == (3, "reporterCode") == (by_csv_module(text)[1][0], "reporterCode")


@pytest.mark.parametrize("block", [5, 1 << 20])
def test_the_first_byte_that_is_not_utf8_is_found_across_blocks(monkeypatch, block):
    monkeypatch.setattr(blocks, "BLOCK_BYTES", block)
    utf8 = "a,b\nCuraçao,香港\n".encode()
    assert first_not_utf8(Source("t", data=utf8)) is None, "a character cut by a block's end is whole"
    cp1252 = "a,b\n1,2\nCuraçao,3\n".encode("cp1252")
    assert first_not_utf8(Source("t", data=cp1252)) == (0xE7, 3, True)
    assert first_not_utf8(Source("t", data=b"a\n\x81\xe7\n")) == (0x81, 2, False), "0x81 is no cp1252"


def read_ours(data: bytes):
    return read_trade("trade.csv", data, by="columns")


def read_bulk(data: bytes, name: str):
    return trade_from_comtrade(name, data)


def test_only_the_used_columns_are_read_and_a_refused_row_is_read_again_whole():
    data = b"exporter,importer,flow,year,period,value_usd,series,value_status,alternatives,source_url,quote,mine\n"
    data += b"USA,IND,exports,2024,,5,S,exact,,https://a.org/x,,note one\n"
    data += b"USA,Viet Nam,exports,2024,,5,S,exact,,https://a.org/x,,note two\n"
    seen: list = []
    table = read_columns(
        Source("t.csv", data=data),
        TradeFlow,
        columns=["exporter", "importer"],
        required=["exporter"],
        used=["exporter", "importer"],
        chunk=lambda table, header, frame, lines, raw: seen.append((list(frame.columns), raw(1))),
    )
    assert table.rows == []
    ((columns, cells),) = seen
    assert columns == ["exporter", "importer"]
    assert cells[1] == "Viet Nam" and cells[-1] == "note two"
