"""python -m geo: export, check and list, as a user types them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from geo.cli import main
from geo.io.events import list_events


def test_export_writes_the_file_and_says_where_and_how_big(tmp_path, capsys):
    out = tmp_path / "map.html"
    code = main(
        ["export", "--event", "beijing-parade-2025", "--out", str(out), "--year", "2023", "--top", "5"]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert out.exists() and str(out) in printed and "MB" in printed
    assert "Trade flows (2023)" in out.read_text(encoding="utf-8")


def test_unknown_layer_and_unknown_event_fail_clearly(tmp_path, capsys):
    assert (
        main(
            [
                "export",
                "--event",
                "beijing-parade-2025",
                "--out",
                str(tmp_path / "m.html"),
                "--layers",
                "countries,ships",
            ]
        )
        == 2
    )
    assert "unknown layer(s) ships" in capsys.readouterr().err
    assert main(["export", "--event", "atlantis", "--out", str(tmp_path / "m.html")]) == 2
    assert "no event 'atlantis'" in capsys.readouterr().err


def test_check_and_list(capsys):
    assert main(["check", "--event", "beijing-parade-2025"]) == 0
    assert "ok (30 people" in capsys.readouterr().out
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert (
        "beijing-parade-2025  23 August – 6 September 2025  China's Victory Day parade, Beijing, 3 September 2025"
        in lines
    )
    assert "    tour of CHN; people: Kim Jong Un, Xi Jinping, Ri Sol Ju" in lines
    assert len([line for line in lines if not line.startswith(" ")]) >= 9


@pytest.mark.parametrize("event_id", list_events())
def test_every_bundled_event_is_clean(event_id, capsys):
    """No refused row and no warning: each bundled event is checked clean."""
    assert main(["check", "--event", event_id]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert f"{event_id}: ok (" in captured.out


def test_module_entry_point_runs(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "export",
            "--event",
            "beijing-parade-2025",
            "--out",
            str(tmp_path / "m.html"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stdout


@pytest.mark.parametrize(
    ("option", "reason", "what_works"),
    [
        (["--tiles", "Foo"], "unknown tile set 'Foo'", "OpenStreetMap"),
        (["--tiles", "CartoDB.Positron"], "needs an API key", "try OpenStreetMap"),
        (["--top", "-3"], "--top must be 1 or more (got -3)", "leave it out to draw every trade flow"),
        (["--top", "0"], "--top must be 1 or more (got 0)", "leave it out"),
        (["--min-value", "-1"], "--min-value cannot be negative", "0 keeps every trade flow"),
        (["--year", "1999"], "no trade figures for 1999", "years with figures: 2019–2024"),
        (["--layers", ""], "--layers names no layer", "choose from: countries, shares, focus, guests, trade"),
        (["--layers", " , "], "--layers names no layer", "choose from: countries"),
    ],
)
def test_options_it_cannot_honour_are_refused_in_one_line_with_what_works(
    tmp_path, capsys, option, reason, what_works
):
    out = tmp_path / "m.html"
    code = main(["export", "--event", "beijing-parade-2025", "--out", str(out), *option])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: "), err
    assert reason in err and what_works in err
    assert not out.exists(), "nothing is written for a refused command"


def test_the_tile_sets_folium_knows_by_name_are_accepted(tmp_path):
    assert main(["export", "--event", "beijing-parade-2025", "--out", str(tmp_path / "m.html"),
                 "--tiles", "OpenStreetMap", "--top", "1"]) == 0  # fmt: skip
