"""Comtrade rows become one flow per reporter, partner, direction and year: the TOTAL row where
there is one, else the sum of the flow's HS chapters, said so wherever the flow is shown."""

from __future__ import annotations

import pytest

from geo.io import blocks, comtrade
from geo.model.trade import flows_for_year
from geo.web import captions
from tests import comtrade_files as files
from tests.comtrade_files import Flow

BILLION = 1_000_000_000
EVERY_CHAPTER = {f"{c:02d}": (c + 1) * BILLION for c in range(1, 98) if c != 77}
"""HS chapters 01 to 97; 77 is reserved and never used."""


def read(data: bytes, name: str = "bulk.txt"):
    return comtrade.trade_from_comtrade(name, data)


def test_a_flow_without_a_total_is_the_sum_of_its_chapters_and_says_so():
    data = files.bulk_txt(
        *files.chapters("USA", "IND", values={"27": 4 * BILLION, "84": 3 * BILLION, "85": 2 * BILLION})
    )
    table = read(data)
    assert table.problems == [] and table.rejected == []
    ((line, flow),) = table.entries
    assert (line, flow.exporter, flow.importer, flow.year, flow.value_usd) == (
        2,
        "USA",
        "IND",
        2023,
        9 * BILLION,
    )
    assert flow.series == "UN Comtrade (USA reports, sum of 3 HS chapters)"
    assert flow.quote == (
        "United States reports exports to India of US$ 9,000,000,000 in 2023, the sum of 3 HS chapters "
        "(Comtrade primaryValue; bulk.txt, 3 rows from row 2 to row 4)"
    )


def test_one_chapter_alone_is_named_as_one():
    (flow,) = read(files.bulk_txt(Flow("USA", "IND", value=5, cmd="27"))).rows
    assert flow.series == "UN Comtrade (USA reports, sum of 1 HS chapter)"
    assert flow.quote.endswith("the sum of 1 HS chapter (Comtrade primaryValue; bulk.txt, row 2)")


def test_a_whole_bulk_file_flow_reads_as_the_sum_of_its_chapters_in_the_tooltip_popup_and_details():
    rows = files.chapters("CHN", "PRK", values=EVERY_CHAPTER)
    table = read(files.bulk_txt(*rows))
    (arrow,) = flows_for_year(table.rows, year=2023)
    assert arrow.value == sum(EVERY_CHAPTER.values())
    for shown in (captions.flow_tip(arrow), captions.flow_popup(arrow)):
        assert "UN Comtrade (CHN reports, sum of 96 HS chapters)" in shown
    assert "the sum of 96 HS chapters" in captions.flow_popup(arrow), "the quote says which rows"


def test_a_total_row_is_the_flow_and_its_chapters_are_not_added_but_counted():
    data = files.bulk_txt(
        Flow("USA", "IND", value=10 * BILLION),
        *files.chapters("USA", "IND", values={"27": 4 * BILLION, "84": 3 * BILLION}),
        *files.chapters("IND", "USA", "M", values={"85": 2 * BILLION}),
    )
    table = read(data)
    assert [(f.exporter, f.importer, f.value_usd, f.series) for f in table.rows] == [
        ("USA", "IND", 10 * BILLION, "UN Comtrade (USA reports)"),
        ("USA", "IND", 2 * BILLION, "UN Comtrade (IND reports, sum of 1 HS chapter)"),
    ]
    (note,) = table.problems
    assert note.is_warning and note.column == "cmdCode"
    assert "2 row(s) of HS chapters, the first at row 3, are not added up" in note.reason
    assert table.rejected == []


def test_mirror_sums_share_one_arrow_and_differ_openly():
    data = files.bulk_txt(
        *files.chapters("USA", "IND", values={"27": 4 * BILLION, "84": 3 * BILLION}),
        *files.chapters("IND", "USA", "M", values={"27": 5 * BILLION}),
    )
    (arrow,) = flows_for_year(read(data).rows, year=2023)
    assert [f.value_usd for f in arrow.figures] == [7 * BILLION, 5 * BILLION] and arrow.disputed


@pytest.mark.parametrize("block", [blocks.BLOCK_BYTES, 700], ids=["one block", "many blocks"])
def test_a_chapter_given_twice_is_refused_naming_the_row_it_repeats(monkeypatch, block):
    monkeypatch.setattr(blocks, "BLOCK_BYTES", block)
    twice = files.chapters("USA", "IND", values={"27": 4 * BILLION, "84": 3 * BILLION})
    data = files.bulk_txt(*twice, *[Flow("CHN", "PRK", value=1, cmd=f"{c:02d}") for c in range(1, 9)], *twice)
    table = read(data)
    (flow, _) = table.rows
    assert flow.value_usd == 7 * BILLION, "each chapter added once"
    assert [(p.row, p.column, p.value) for p in table.problems] == [
        (12, "cmdCode", "27"),
        (13, "cmdCode", "84"),
    ]
    assert "the same reporter, partner, flow and year as row" in table.problems[0].reason
    assert [r["_line"] for r in table.rejected] == ["12", "13"]
    assert table.rejected[0]["FOBValue"] == "" and table.rejected[0]["isAggregate"] == "0", "kept whole"
    assert table.rejected[0]["primaryValue"] == str(4 * BILLION)


def test_finer_codes_are_parts_of_chapters_counted_once_not_refused_row_by_row():
    data = files.bulk_txt(
        Flow("USA", "IND", value=4, cmd="27"),
        Flow("USA", "IND", value=3, cmd="2709"),
        Flow("USA", "IND", value=1, cmd="270900"),
    )
    table = read(data)
    (flow,) = table.rows
    assert flow.value_usd == 4
    (note,) = table.problems
    assert note.is_warning
    assert "2 row(s) of 4- or 6-digit HS codes, the first at row 3, are not added up" in note.reason
    assert table.rejected == []


def test_a_file_of_only_finer_codes_draws_nothing_and_says_why_as_an_error():
    table = read(
        files.bulk_txt(Flow("USA", "IND", value=3, cmd="2709"), Flow("USA", "IND", value=1, cmd="8542"))
    )
    assert table.rows == []
    (problem,) = table.problems
    assert (
        not problem.is_warning
        and "a flow is its TOTAL row or the sum of its 2-digit chapters" in problem.reason
    )


def test_the_portals_own_csv_with_chapters_sums_them_too():
    data = files.portal_csv(
        *files.chapters("CHN", "CUW", values={"27": 2 * BILLION, "84": BILLION}), Flow("RUS", "CHN", value=5)
    )
    assert b"Cura\xe7ao" in data and b',"false",\r\n' in data, "cp1252, trailing commas, Windows line ends"
    table = read(data, "TradeData.csv")
    assert [(f.exporter, f.importer, f.value_usd) for f in table.rows] == [
        ("CHN", "CUW", 3 * BILLION),
        ("RUS", "CHN", 5),
    ]
    assert [p.is_warning for p in table.problems] == [True], "only the note that it was read as cp1252"


@pytest.mark.parametrize("make", [files.bulk_gz, files.bulk_parquet], ids=["gzipped", "parquet"])
def test_a_gzipped_or_parquet_bulk_file_gives_what_the_text_gives(make):
    rows = [
        *files.chapters("USA", "IND", values={"27": 4, "84": 3}),
        Flow("W00", "IND"),
        Flow("CHN", "PRK", "RX"),
    ]
    text, other = read(files.bulk_txt(*rows)), read(make(*rows), "bulk.other")
    assert [(line, f.model_dump(exclude={"quote"})) for line, f in other.entries] == [
        (line, f.model_dump(exclude={"quote"})) for line, f in text.entries
    ]
    assert [(p.row, p.column, p.reason) for p in other.problems] == [
        (p.row, p.column, p.reason) for p in text.problems
    ]
    assert [r["_line"] for r in other.rejected] == ["4", "5"]


def test_a_row_the_checks_doubt_but_the_model_accepts_joins_the_sum():
    data = files.bulk_txt(*files.chapters("USA", "IND", values={"27": 4, "84": 3})).replace(
        b"\t2023\t52", b"\t2023.0\t52", 1
    )
    (flow,) = read(data).rows
    assert flow.value_usd == 7 and flow.series.endswith("sum of 2 HS chapters)")
