"""Comtrade's numeric codes read through its own table, shipped with where it came from; a code
that is not one country is refused with the reason, never guessed."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from geo.io import comtrade_codes
from geo.io.columns import TEXT
from geo.io.comtrade_codes import AREAS_FILE, iso3_from_codes, refusal


@pytest.mark.parametrize(
    ("code", "iso3"),
    [
        ("842", "USA"),
        ("699", "IND"),
        ("251", "FRA"),
        ("757", "CHE"),
        ("579", "NOR"),
        ("156", "CHN"),
        ("0842", "USA"),
    ],
    ids=[
        "USA is 842, not 840",
        "India 699, not 356",
        "France 251",
        "Switzerland 757",
        "Norway 579",
        "China",
        "zeros",
    ],
)
def test_comtrades_numbers_are_not_m49(code, iso3):
    found, reasons = iso3_from_codes(pd.Series([code], dtype=TEXT))
    assert (found[0], reasons[0]) == (iso3, "")


@pytest.mark.parametrize(
    ("code", "fragments"),
    [
        ("490", ["Other Asia, nes (Comtrade 490), commonly Taiwan, is not a country code the map can place"]),
        ("0", ["World (Comtrade 0)", "not a country"]),
        ("97", ["EU-27 (Comtrade 97)", "a group of countries"]),
        ("810", ["Fmr USSR (Comtrade 810)", "a former one"]),
        ("837", ["Bunkers (Comtrade 837)", "no ISO3 code"]),
        ("9999", ["'9999' is not a code"]),
        ("USA", ["'USA' is not a code"]),
    ],
    ids=["other asia", "world", "group", "former country", "special category", "unknown", "not a number"],
)
def test_a_code_that_is_not_one_country_says_why(code, fragments):
    reason = refusal(code)
    assert reason is not None and all(f in reason for f in fragments), reason
    found, reasons = iso3_from_codes(pd.Series([code, "156"], dtype=TEXT))
    assert found.tolist() == ["", "CHN"] and reasons[0] == reason and reasons[1] == ""


def test_other_asia_is_in_comtrades_table_without_an_iso_code():
    assert comtrade_codes.load_areas()["490"] == comtrade_codes.Area("Other Asia, nes", "")


def test_the_table_is_a_cut_of_unsds_file_and_says_where_it_came_from():
    with AREAS_FILE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == [
        "ctyCode",
        "cty Name English",
        "ISO3-digit Alpha",
        "Start Valid Year",
        "End Valid Year",
    ]
    assert len(rows) == 1 + 293 and len({r[0] for r in rows[1:]}) == 293
    provenance = (AREAS_FILE.parent / "README.md").read_text(encoding="utf-8")
    for source in (
        "ejokeeffe/tradedownloader",
        "UN Comtrade Country List.csv",
        "8be30aca8b524852debe47885548c6fd3ceace27",
        "unstats.un.org/unsd/tradekb/Knowledgebase/Comtrade-Country-Code-and-Name",
        "Only columns were dropped",
    ):
        assert source in provenance


def test_a_different_table_is_read_when_given(tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text("ctyCode,cty Name English,ISO3-digit Alpha\n842,USA,USA\n", encoding="utf-8")
    assert refusal("842", path=path) is None and "'699' is not a code" in refusal("699", path=path)
