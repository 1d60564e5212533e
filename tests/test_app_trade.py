"""The trade tables answer "who is the largest partner" in one look: values as a reader reads
them, two-way totals ranked, and the event's countries with no figure that year named above the
table (issue 22, point 4)."""

from __future__ import annotations

import re

import pytest

from geo.base import settings
from tests.test_app import ok, page_html, run

BUNDLED = "beijing-parade-2025"
MONEY = re.compile(r"(at least )?\$[\d,.]+( bn| m)?")


@pytest.fixture(scope="module", autouse=True)
def bundled_events():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIPLOMAP_EVENTS_DIR", str(settings.EVENTS_DIR))
        yield


def shown_table(at, name: str):
    ok(at.radio(key="table").set_value(name).run())
    (shown,) = at.dataframe
    return shown


def test_the_partners_table_ranks_two_way_totals_in_readable_dollars():
    at = run(event=BUNDLED, year="2024")
    partners = shown_table(at, "partners").value
    assert list(partners["rank"]) == list(range(1, len(partners) + 1))
    top = partners.iloc[0]
    assert (top["countries"], top["two-way"]) == ("China – Vietnam", "at least $260.00 bn"), (
        "Vietnam's figure is a lower bound, and says so"
    )
    russia = partners.set_index("countries").loc["China – Russian Federation"]
    assert (russia["rank"], russia["two-way"], russia["counted as"]) == (
        2,
        "$244.81 bn",
        "reported two-way total",
    )
    assert {russia["one way"], russia["other way"]} == {
        "Russian Federation → China: $129.32 bn",
        "China → Russian Federation: $115.49 bn",
    }
    assert all(MONEY.fullmatch(v) for v in partners["two-way"]), "no raw dollars on screen"
    assert partners["two_way_usd"].is_monotonic_decreasing, "the CSV keeps the dollars to sort by"


def test_the_figures_table_shows_each_value_formatted():
    at = run(event=BUNDLED, year="2023")
    flows = shown_table(at, "flows").value
    iran = flows[flows["id"] == "flow:2023:CHN-IRN:exports"].iloc[0]
    assert iran["value"] == "$10.70 bn" and iran["value_usd"] == 10_700_000_000


@pytest.mark.parametrize("name", ["partners", "flows"])
def test_above_the_year_s_trade_tables_the_partners_with_no_figure_are_named(name):
    at = run(event=BUNDLED, year="2023")
    shown_table(at, name)
    html = page_html(at)
    assert "No figure found for 2023 between China and 24 of the event&#39;s countries" in html
    assert "Russian Federation, Cambodia" in html, "Russia has no 2023 figure: largest means largest found"
    ok(at.selectbox(key="year").select(2024).run())
    html = page_html(at)
    assert "No figure found for 2024" in html and "Russian Federation, Cambodia" not in html
