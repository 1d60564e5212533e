"""``--trade FILE`` on check and export: our trade.csv format or a Comtrade download, told apart by
its header, drawn on the event."""

from __future__ import annotations

import re

from geo.base import settings
from geo.base.ids import flow_id
from geo.cli import main
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


def test_a_trade_file_past_the_limit_is_refused_before_it_is_read(tmp_path, capsys):
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.truncate(settings.MAX_TRADE_BYTES + 1)
    assert main(["check", "--event", EVENT, "--trade", str(big)]) == 1
    assert f"the limit is {settings.MAX_TRADE_BYTES:,}" in capsys.readouterr().err


def test_export_of_more_flows_than_a_map_draws_says_how_many_are_left_out(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(settings, "MAX_DRAWN_FLOWS", 3)
    out = tmp_path / "map.html"
    assert main(["export", "--event", EVENT, "--out", str(out), "--year", "2024"]) == 0
    err = capsys.readouterr().err
    assert "note: the map draws the 3 largest trade flows of 2024 (down to $" in err
    assert "smaller ones are left out" in err
    drawn = set(re.findall(r"flow:2024:[A-Z]{3}-[A-Z]{3}:\w+", out.read_text(encoding="utf-8")))
    assert len(drawn) == 3  # the bundled event has 27 that year
