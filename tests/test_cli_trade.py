"""``--trade FILE`` on check and export: our trade.csv format or a Comtrade download, told apart by
its header, drawn on the event."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from geo.base import settings
from geo.base.ids import flow_id
from geo.cli import main
from tests import comtrade_files as files
from tests.test_comtrade import download, row

EVENT = "beijing-parade-2025"
URL = "https://example.org/trade"


def test_export_draws_a_comtrade_files_flows_on_the_event(tmp_path, capsys):
    comtrade = tmp_path / "comtrade.csv"
    comtrade.write_bytes(
        download(
            row(reporter="NOR", partner="ISL", year="2024"), row(reporter="NOR", partner="ISL", flow="M")
        )
    )
    out = tmp_path / "map.html"
    code = main(["export", "--event", EVENT, "--trade", str(comtrade), "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    html = out.read_text(encoding="utf-8")
    assert flow_id(2024, "NOR", "ISL", "exports") in html
    assert flow_id(2024, "ISL", "NOR", "exports") in html


def test_check_counts_the_rows_of_a_trade_file_in_our_format(tmp_path, capsys):
    ours = tmp_path / "more-trade.csv"
    header = "exporter,importer,flow,year,period,value_usd,series,value_status,alternatives,source_url,quote"
    ours.write_text(f"{header}\nNOR,ISL,exports,2024,,5,Statistics Norway,exact,,{URL},\n", encoding="utf-8")
    assert main(["check", "--event", EVENT]) == 0
    before = capsys.readouterr().out
    assert main(["check", "--event", EVENT, "--trade", str(ours)]) == 0
    after = capsys.readouterr().out
    count = int(before.split(" trade rows")[0].rsplit(" ", 1)[1])
    assert f" {count + 1} trade rows" in after


def test_a_bad_row_of_the_trade_file_is_named_and_check_exits_1(tmp_path, capsys):
    comtrade = tmp_path / "comtrade.csv"
    comtrade.write_bytes(download(row(partner="Korea")))
    assert main(["check", "--event", EVENT, "--trade", str(comtrade)]) == 1
    err = capsys.readouterr().err
    assert "comtrade.csv, row 2, column 'partnerISO'" in err


def test_a_missing_trade_file_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["check", "--event", EVENT, "--trade", str(tmp_path / "nope.csv")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"error: --trade {tmp_path / 'nope.csv'}: no such file"


def test_a_huge_file_that_is_no_text_is_refused_from_its_first_bytes(tmp_path, capsys):
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.truncate(2 * 1024**3)  # sparse: 2 GB of NUL bytes, no disk used
    assert main(["check", "--event", EVENT, "--trade", str(big)]) == 1
    assert "big.csv: holds NUL bytes, so it is no text" in capsys.readouterr().err


# Every source a trade file comes from, through every command-line path. The files are shaped as
# real ones are (tests/comtrade_files.py); each holds a largest flow, USA -> India, and a second,
# India -> China, in 2023 and 2024 (the event's own trade year), pairs the event has no figure for.
LARGEST, SECOND = 900_000_000_000, 800_000_000_000


def flows_of(year: int) -> dict[str, list[files.Flow]]:
    return {
        "ours": [
            files.Flow("USA", "IND", value=LARGEST, year=year),
            files.Flow("IND", "CHN", value=SECOND, year=year),
        ],
        "portal": [
            files.Flow("USA", "IND", "X", LARGEST, year),
            files.Flow("CHN", "IND", "M", SECOND, year),  # China reports its imports from India
            files.Flow("CHN", "CUW", "X", 1_000, year),  # Curaçao: the file is cp1252
        ],
        "bulk": [
            *files.chapters(
                "USA",
                "IND",
                values={"27": 400_000_000_000, "84": 300_000_000_000, "85": 200_000_000_000},
                year=year,
            ),
            *files.chapters(
                "CHN", "IND", "M", values={"27": 500_000_000_000, "85": 300_000_000_000}, year=year
            ),
        ],
    }


def with_year(flows: list[files.Flow], year: int) -> list[files.Flow]:
    return [dataclasses.replace(f, year=year) for f in flows]


SOURCES = {
    "ours.csv": ("ours", files.ours),
    "TradeData.csv": ("portal", files.portal_csv),
    "bulk.txt": ("bulk", files.bulk_txt),
    "bulk.txt.gz": ("bulk", files.bulk_gz),
    "bulk.parquet": ("bulk", files.bulk_parquet),
}
PATHS = {
    "check": ["check"],
    "export": ["export"],
    "export --year 2023": ["export", "--year", "2023"],
    "export --top 1": ["export", "--top", "1"],
    "export --min-value": ["export", "--min-value", str(LARGEST - 1)],
    "export --layers trade": ["export", "--layers", "trade"],
    "export --year 2023 --top 1 --layers trade": [
        "export",
        "--year",
        "2023",
        "--top",
        "1",
        "--layers",
        "trade",
    ],
    "export to png": ["export", "--year", "2023"],
}


def write_source(tmp_path: Path, name: str) -> Path:
    kind, write = SOURCES[name]
    path = tmp_path / name
    path.write_bytes(write(*flows_of(2024)[kind], *with_year(flows_of(2024)[kind], 2023)))
    return path


@pytest.mark.parametrize("how", PATHS.values(), ids=PATHS.keys())
@pytest.mark.parametrize("name", SOURCES)
def test_every_trade_source_goes_through_every_path(tmp_path, capsys, name, how):
    trade = write_source(tmp_path, name)
    out = tmp_path / ("map.png" if how is PATHS["export to png"] else "map.html")
    args = [how[0], "--event", EVENT, "--trade", str(trade)] + (
        ["--out", str(out)] if how[0] == "export" else []
    )
    code = main(args + how[1:])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Traceback" not in captured.err
    if how[0] == "check":
        assert f"{EVENT}: ok (" in captured.out
        return
    assert out.is_file() and out.stat().st_size > 10_000
    if out.suffix == ".png":
        return
    html = out.read_text(encoding="utf-8")
    year = 2023 if "2023" in how else 2024
    largest, second = flow_id(year, "USA", "IND", "exports"), flow_id(year, "IND", "CHN", "exports")
    assert largest in html, f"{name}: the largest flow of {year} is drawn"
    if "--top" in how or "--min-value" in how:
        assert second not in html, "only the largest passes the filter"
    else:
        assert second in html
    if "--layers" in how:
        assert "leg:kim-jong-un:1" not in html, "the trade layer alone"
    else:
        assert "leg:kim-jong-un:1" in html


@pytest.mark.parametrize("name", SOURCES)
def test_check_counts_every_flow_of_every_source(tmp_path, capsys, name):
    assert main(["check", "--event", EVENT]) == 0
    before = int(capsys.readouterr().out.split(" trade rows")[0].rsplit(" ", 1)[1])
    assert main(["check", "--event", EVENT, "--trade", str(write_source(tmp_path, name))]) == 0
    after = int(capsys.readouterr().out.split(" trade rows")[0].rsplit(" ", 1)[1])
    kind = SOURCES[name][0]
    expected = 6 if kind == "portal" else 4  # a flow a year each; the portal's third is Curaçao's
    assert after - before == expected


def test_export_of_more_flows_than_a_map_draws_says_how_many_are_left_out(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(settings, "MAX_DRAWN_FLOWS", 3)
    out = tmp_path / "map.html"
    assert main(["export", "--event", EVENT, "--out", str(out), "--year", "2024"]) == 0
    err = capsys.readouterr().err
    assert "note: the map draws the 3 largest trade flows of 2024 (down to $" in err
    assert "smaller ones are left out" in err
    drawn = set(re.findall(r"flow:2024:[A-Z]{3}-[A-Z]{3}:\w+", out.read_text(encoding="utf-8")))
    assert len(drawn) == 3  # the bundled event has 27 that year
