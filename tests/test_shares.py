"""shares.csv and geo.model.shares: each country's share of its trade with the host, every row
checked (a bad one named by file, row, column and reason while the good ones load), classes chosen
for the data and rounded, disputes and countries with no figure kept visible."""

from __future__ import annotations

import pytest

from geo.model import shares
from geo.model.scene import scene_of
from geo.model.view import Scene
from tests.tiny import URL, tiny_event

HEADER = "iso3,partner,year,period,share_pct,partner_trade,total_trade,unit,series,value_status,alternatives,source_url,quote,note\n"
GOOD = (
    f"PRK,CHN,2024,,98,2640870000,2696110000,USD,KOTRA,exact,,{URL}/kotra,98%,\n"
    f"RUS,CHN,2024,,34,,,,Russian customs,disputed,35–40% (an expert),{URL}/rus,34 percent,\n"
    f"RUS,CHN,2024,,38,,,,An expert,exact,,{URL}/rus-2,,\n"
)


def loaded(rows: str):
    return tiny_event(shares_csv=HEADER + rows)


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (
            f"KAZ,CHN,2024,,,1,,USD,X,exact,,{URL}/a,,",
            "total_trade",
            "give share_pct, or partner_trade and total_trade",
        ),
        (f"KAZ,CHN,2024,,,5,4,USD,X,exact,,{URL}/a,,", "partner_trade", "more than total_trade"),
        (f"KAZ,CHN,2024,,,1,4,,X,exact,,{URL}/a,,", "unit", "unit"),
        (f"KAZ,CHN,2024,,50,1,4,USD,X,exact,,{URL}/a,,", "share_pct", "is not partner_trade / total_trade"),
        (f"KAZ,CHN,2024,,120,,,,X,exact,,{URL}/a,,", "share_pct", "at most 100"),
        (f"KAZ,CHN,2024,,,,,,X,exact,,{URL}/a,,", "share_pct", "give share_pct"),
        (f"KAZ,CHN,2024,,12,,,,X,not_found,,{URL}/a,,", "value_status", "not_found but a figure"),
        (f"KAZ,KAZ,2024,,12,,,,X,exact,,{URL}/a,,", "partner", "same country"),
        (f"KAZ,RUS,2024,,12,,,,X,exact,,{URL}/a,,", "partner", "shades shares of trade with a host"),
        ("KAZ,CHN,2024,,12,,,,X,exact,,not a page,,", "source_url", "http(s) address"),
        (f"Kazakstan,CHN,2024,,12,,,,X,exact,,{URL}/a,,", "iso3", "ISO 3166-1 alpha-3"),
    ],
)
def test_a_bad_row_is_named_by_file_row_and_column_and_the_good_rows_load(row, column, reason):
    event = loaded(GOOD + row + "\n")
    found = [p for p in event.problems if p.file == "shares.csv"]
    assert [(p.row, p.column) for p in found] == [(5, column)]
    assert reason in found[0].reason
    assert [s.iso3 for s in event.shares] == ["PRK", "RUS", "RUS"], "the good rows still load"


def test_the_bundled_shares_load_without_a_problem_and_each_cites_its_page(event):
    assert [p for p in event.problems if p.file == "shares.csv"] == []
    assert {s.iso3 for s in event.shares} >= {"PRK", "RUS", "JPN", "KHM", "MYS"}
    assert all(s.source_url.startswith("http") and s.quote for s in event.shares)


def test_a_share_is_the_page_s_or_its_two_figures_divided():
    event = loaded(GOOD + f"KHM,CHN,2024,,,15180000000,54740000000,USD,GDCE,exact,,{URL}/khm,,\n")
    found = shares.shares_of(event, year=2024)
    assert found["PRK"].value == 98
    assert found["KHM"].value == pytest.approx(27.73, abs=0.01)


def test_disputed_shares_and_countries_with_no_figure_stay_visible():
    found = shares.shares_of(loaded(GOOD), year=2024)
    assert found["PRK"].status == "figure"
    assert found["RUS"].status == "disputed" and [r.share for r in found["RUS"].rows] == [34, 38]
    assert found["KAZ"].status == "no figure", "a guest's country with no row"
    assert "CHN" not in found and "FRA" in found, "the host is not its own partner; an attendee's country is"
    assert shares.shares_of(loaded(GOOD), year=2023)["PRK"].status == "no figure"


@pytest.mark.parametrize(
    ("values", "breaks"),
    [
        # North Korea alone in the top class: rounded to the nearest, Russia's 34% joined it.
        ([98, 27.7, 20.1, 19.2, 18.8, 17.4, 16.8, 7.6, 7.9, 34], (10.0, 25.0, 40.0, 100.0)),
        ([2.0, 3.0, 60.0, 61.0], (5.0, 60.0, 100.0)),
        ([42.0], (100.0,)),
        ([], ()),
    ],
)
def test_classes_are_fisher_jenks_breaks_rounded_for_the_key(values, breaks):
    assert shares.class_breaks(values) == breaks
    if breaks:
        assert shares.class_of(max(values), breaks) == len(breaks) - 1
        assert len(shares.colours(len(breaks))) == len(breaks)


def test_the_key_says_share_of_what_with_whom_and_which_year():
    assert shares.class_texts((10.0, 20.0, 30.0, 100.0)) == ["Under 10%", "10–20%", "20–30%", "30% or more"]
    drawn = scene_of(Scene(loaded(GOOD)).with_view(layers=("shares",)))
    texts = [row.text for row in drawn.key]
    assert texts[0] == "Share of its trade with China, 2024"
    assert {"Sources disagree", "No figure found", "China"} <= set(texts)


def test_the_colours_are_a_sequential_scheme_light_to_dark():
    from matplotlib.colors import to_rgb

    lightness = [sum(to_rgb(c)) for c in shares.colours(4)]
    assert lightness == sorted(lightness, reverse=True)
    assert shares.NO_FIGURE not in shares.SCHEME
