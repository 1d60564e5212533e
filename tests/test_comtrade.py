"""A UN Comtrade+ download becomes flows: annual all-commodity totals between two countries, each
citing the portal and its row; every other row is refused with the reason."""

from __future__ import annotations

import pytest

from geo.io import comtrade
from geo.model.trade import flows_for_year

# The columns of a Comtrade+ download, abridged to those that matter plus a few that do not.
HEADER = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,"
    "flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,cmdCode,cmdDesc,"
    "customsCode,motCode,netWgt,cifvalue,fobvalue,primaryValue,isReported,isAggregate"
)


def row(
    *,
    reporter: str = "CHN",
    partner: str = "PRK",
    flow: str = "X",
    year: str = "2024",
    value: str = "1700000000",
    freq: str = "A",
    cmd: str = "TOTAL",
    partner2: str = "0",
    mot: str = "0",
    customs: str = "C00",
) -> str:
    return (
        f"C,{freq},{year}0101,{year},52,{year},156,{reporter},China,{flow},Export,408,{partner},"
        f"Dem. People's Rep. of Korea,{partner2},W00,World,{cmd},All Commodities,{customs},{mot},,,"
        f"{value},{value},True,True"
    )


def download(*rows: str, delimiter: str = ",") -> bytes:
    text = "\n".join([HEADER, *rows]) + "\n"
    return text.replace(",", delimiter).encode()


def test_exports_run_from_reporter_to_partner_and_imports_the_other_way():
    data = download(row(flow="X"), row(reporter="PRK", partner="CHN", flow="M", value="1650000000"))
    table = comtrade.trade_from_comtrade("TradeData.csv", data)
    assert table.problems == []
    exports, imports = table.rows
    assert (exports.exporter, exports.importer, exports.flow, exports.value_usd) == (
        "CHN",
        "PRK",
        "exports",
        1.7e9,
    )
    assert (imports.exporter, imports.importer, imports.flow) == ("CHN", "PRK", "exports")
    assert exports.series == "UN Comtrade (CHN reports)" and imports.series == "UN Comtrade (PRK reports)"
    assert exports.source_url == comtrade.COMTRADE_URL
    assert "TradeData.csv, row 2" in exports.quote and "China reports exports to North Korea" in exports.quote
    assert "North Korea reports imports from China" in imports.quote


def test_mirror_figures_share_one_arrow_and_differ_openly():
    data = download(row(flow="X"), row(reporter="PRK", partner="CHN", flow="M", value="1000000000"))
    (arrow,) = flows_for_year(comtrade.trade_from_comtrade("t.csv", data).rows, year=2024)
    assert len(arrow.figures) == 2 and arrow.disputed


def test_the_bulk_files_tab_separated_form_reads_the_same():
    data = download(row(), delimiter="\t")
    (flow,) = comtrade.trade_from_comtrade("bulk.txt", data).rows
    assert (flow.exporter, flow.importer) == ("CHN", "PRK")


def test_only_the_columns_it_needs_are_required():
    data = b"reporterISO,partnerISO,flowCode,refYear,primaryValue\nRUS,CHN,X,2023,129000000000\n"
    (flow,) = comtrade.trade_from_comtrade("few.csv", data).rows
    assert (flow.exporter, flow.importer, flow.year) == ("RUS", "CHN", 2023)


@pytest.mark.parametrize(
    ("bad", "column", "fragment"),
    [
        (row(flow="RX"), "flowCode", "re-exports (RX) are part of exports (X)"),
        (row(flow="RM"), "flowCode", "re-imports (RM) are part of imports (M)"),
        (row(flow="DX"), "flowCode", "must be X (exports) or M (imports)"),
        (row(partner="W00"), "partnerISO", "W00 is the world"),
        (row(partner="Korea"), "partnerISO", "ambiguous"),
        (row(reporter="chn"), "reporterISO", "did you mean CHN"),
        (row(partner="CHN"), "partnerISO", "same country"),
        (row(cmd="AG2"), "cmdCode", "neither TOTAL nor a 2-digit HS chapter"),
        (row(partner2="156"), "partner2Code", "one second partner"),
        (row(mot="2100"), "motCode", "one mode of transport"),
        (row(customs="C01"), "customsCode", "one customs procedure"),
        (row(freq="M"), "freqCode", "not an annual figure"),
        (row(value="-5"), "primaryValue", "at least 0"),
        (row(value="1.7e9 USD"), "primaryValue", "plain number"),
        (row(value=""), "primaryValue", "is empty"),
        (row(year="24"), "refYear", "at least 1900"),
        (row(), "flowCode", "repeats the flow of row 2"),
    ],
    ids=[
        "re-exports", "re-imports", "another flow", "world", "ambiguous partner", "lowercase", "itself",
        "commodity", "second partner", "transport", "customs", "monthly", "negative", "units", "empty",
        "two-digit year", "duplicate",
    ],
)  # fmt: skip
def test_rows_that_are_not_a_total_between_two_countries_are_refused_with_the_reason(bad, column, fragment):
    data = download(row(), bad, row(reporter="RUS", partner="CHN"))
    table = comtrade.trade_from_comtrade("TradeData.csv", data)
    assert [(t.exporter, t.importer) for t in table.rows] == [("CHN", "PRK"), ("RUS", "CHN")]
    (problem,) = table.problems
    assert (problem.file, problem.row, problem.column) == ("TradeData.csv", 3, column)
    assert fragment in problem.reason
    (rejected,) = table.rejected
    assert rejected["_line"] == "3" and rejected["reporterDesc"] == "China", "kept as downloaded"


def test_comtrades_own_columns_are_known_and_others_are_reported():
    data = (
        download(row())
        .replace(b"isAggregate\n", b"isAggregate,myNote\n")
        .replace(b"True,True\n", b"True,True,hi\n")
    )
    table = comtrade.trade_from_comtrade("t.csv", data)
    assert len(table.rows) == 1
    (problem,) = table.problems
    assert (problem.row, problem.column) == (1, "myNote")


def test_a_download_missing_a_needed_column_is_refused_whole():
    data = b"reporterISO,partnerISO,flowCode,refYear\nCHN,PRK,X,2024\n"
    table = comtrade.trade_from_comtrade("t.csv", data)
    assert table.rows == []
    assert [(p.row, p.column) for p in table.problems] == [(1, "primaryValue")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (download(row()), True),
        (b"\xef\xbb\xbfreporterISO,partnerISO,flowCode,refYear,primaryValue\n", True),
        (b"exporter,importer,flow,year\n", False),
        (b"", False),
    ],
    ids=["portal csv", "with a bom", "our trade.csv", "empty"],
)
def test_a_comtrade_download_is_told_from_ours_by_its_header(data, expected):
    assert comtrade.is_comtrade(data) is expected


def test_the_portals_windows_1252_file_is_read_and_the_encoding_named():
    curacao = row(partner="CUW").replace("Dem. People's Rep. of Korea", "Curaçao")
    data = download(curacao, row()).decode().encode("cp1252")
    assert b"Cura\xe7ao" in data
    table = comtrade.trade_from_comtrade("TradeData.csv", data)
    assert [(f.exporter, f.importer) for f in table.rows] == [("CHN", "CUW"), ("CHN", "PRK")]
    assert table.rejected == []
    (warning,) = table.problems
    assert warning.is_warning and warning.row is None
    assert "read as Windows-1252 (cp1252)" in warning.reason and "byte 0xe7 on line 2" in warning.reason


def test_a_file_that_is_utf_8_is_read_as_utf_8_without_a_word():
    data = download(row(partner="CUW").replace("Dem. People's Rep. of Korea", "Curaçao"))
    table = comtrade.trade_from_comtrade("TradeData.csv", data)
    assert table.problems == [] and len(table.rows) == 1


def test_a_download_of_tens_of_thousands_of_rows_is_read_whole():
    from geo.ref.countries import iso3_codes

    partners = sorted(c for c in iso3_codes() if c not in ("CHN",))[:200]
    rows = [
        row(partner=p, flow=f, year=str(y), value=str(1000 + i))
        for i, (p, f, y) in enumerate((p, f, y) for p in partners for f in "XM" for y in range(1995, 2025))
    ]
    assert len(rows) == 12_000
    table = comtrade.trade_from_comtrade("TradeData.csv", download(*rows))
    assert table.problems == [] and len(table.rows) == 12_000
    assert table.rows[-1].quote.endswith("row 12001)")


# A bulk file (the API's tab-separated download) names countries by Comtrade's number only.
BULK_HEADER = (
    "typeCode\tfreqCode\trefPeriodId\trefYear\trefMonth\tperiod\treporterCode\tflowCode\tpartnerCode\t"
    "partner2Code\tclassificationCode\tcmdCode\tcustomsCode\tmosCode\tmotCode\tnetWgt\tprimaryValue\tisReported"
)


def bulk_row(reporter: str, partner: str, *, flow: str = "X", value: str = "1000", cmd: str = "TOTAL") -> str:
    return f"C\tA\t20240101\t2024\t52\t2024\t{reporter}\t{flow}\t{partner}\t0\tH6\t{cmd}\tC00\t0\t0\t\t{value}\t1"


def bulk(*rows: str) -> bytes:
    return ("\n".join([BULK_HEADER, *rows]) + "\n").encode()


def test_a_bulk_file_with_only_comtrades_numbers_draws_the_right_countries():
    data = bulk(
        bulk_row("842", "699"),
        bulk_row("699", "251", flow="M"),
        bulk_row("251", "757"),
        bulk_row("757", "579", flow="M"),
        bulk_row("579", "156"),
        bulk_row("156", "842"),
    )
    assert comtrade.is_comtrade(data)
    table = comtrade.trade_from_comtrade("bulk.txt", data)
    assert table.problems == []
    assert [(f.exporter, f.importer) for f in table.rows] == [
        ("USA", "IND"),
        ("FRA", "IND"),
        ("FRA", "CHE"),
        ("NOR", "CHE"),
        ("NOR", "CHN"),
        ("CHN", "USA"),
    ]
    assert [f.series for f in table.rows][:2] == ["UN Comtrade (USA reports)", "UN Comtrade (IND reports)"]
    assert "India reports imports from France" in table.rows[1].quote


@pytest.mark.parametrize(
    ("reporter", "partner", "column", "fragments"),
    [
        (
            "842",
            "490",
            "partnerCode",
            ["Other Asia, nes (Comtrade 490), commonly Taiwan", "not a country code"],
        ),
        ("490", "842", "reporterCode", ["Other Asia, nes (Comtrade 490)"]),
        ("842", "0", "partnerCode", ["World (Comtrade 0) is the world, not a country"]),
        ("842", "97", "partnerCode", ["EU-27 (Comtrade 97)", "group of countries"]),
        ("842", "837", "partnerCode", ["Bunkers (Comtrade 837) has no ISO3 code"]),
        ("842", "9999", "partnerCode", ["'9999' is not a code in Comtrade's table"]),
    ],
    ids=["Other Asia as partner", "Other Asia as reporter", "world", "group", "no ISO3", "unknown"],
)
def test_a_number_that_is_not_one_country_is_refused_naming_the_code(reporter, partner, column, fragments):
    data = bulk(bulk_row("842", "699"), bulk_row(reporter, partner), bulk_row("156", "842"))
    table = comtrade.trade_from_comtrade("bulk.txt", data)
    assert [(f.exporter, f.importer) for f in table.rows] == [("USA", "IND"), ("CHN", "USA")]
    (problem,) = table.problems
    assert (problem.file, problem.row, problem.column) == ("bulk.txt", 3, column)
    assert problem.value == (partner if column == "partnerCode" else reporter)
    assert all(f in problem.reason for f in fragments), problem.reason
    (rejected,) = table.rejected
    assert rejected["_line"] == "3" and rejected["partnerCode"] == partner, "kept as downloaded"


def test_other_asia_never_becomes_taiwan():
    table = comtrade.trade_from_comtrade("bulk.txt", bulk(bulk_row("490", "156"), bulk_row("156", "490")))
    assert table.rows == []
    assert "TWN" not in str(table.problems) and len(table.rejected) == 2


def test_both_numbers_refused_are_both_named_on_one_refused_row():
    table = comtrade.trade_from_comtrade("bulk.txt", bulk(bulk_row("0", "490")))
    assert [(p.row, p.column) for p in table.problems] == [(2, "reporterCode"), (2, "partnerCode")]
    assert len(table.rejected) == 1


def test_a_row_read_through_its_number_is_still_judged_on_its_other_columns():
    data = bulk(bulk_row("842", "699", cmd="AG2"), bulk_row("842", "699", value="-5"), bulk_row("842", "699"))
    table = comtrade.trade_from_comtrade("bulk.txt", data)
    assert [(f.exporter, f.importer) for f in table.rows] == [("USA", "IND")]
    assert [(p.row, p.column) for p in table.problems] == [(2, "cmdCode"), (3, "primaryValue")]
    assert "2-digit HS chapter" in table.problems[0].reason and "at least 0" in table.problems[1].reason


def test_a_blank_iso_cell_is_read_from_the_number_beside_it():
    blank_partner = row(partner="").replace(",408,,", ",757,,")
    table = comtrade.trade_from_comtrade("TradeData.csv", download(blank_partner, row(partner="PRK")))
    assert table.problems == []
    assert [(f.exporter, f.importer) for f in table.rows] == [("CHN", "CHE"), ("CHN", "PRK")]


def test_a_file_with_neither_iso_nor_number_for_a_side_is_refused_whole():
    data = b"reporterCode,flowCode,refYear,primaryValue\n842,X,2024,5\n"
    table = comtrade.trade_from_comtrade("t.csv", data)
    assert table.rows == []
    assert [(p.row, p.column) for p in table.problems] == [(1, "partnerISO")]
