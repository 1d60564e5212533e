"""Grouping trade figures into drawn flows: direction, series order, disputes, filters."""

from __future__ import annotations

import pytest

from geo.io.schema import TradeFlow
from geo.model.trade import (
    TOTAL_BASES,
    figures_between,
    flows_for_year,
    latest_before,
    pair_totals,
    partners_without_figure,
    trade_years,
)

SRC = "https://example.org/source"


def row(exporter, importer, value, *, flow="exports", year=2024, series="GACC", status="exact") -> TradeFlow:
    return TradeFlow(
        exporter=exporter,
        importer=importer,
        flow=flow,
        year=year,
        value_usd=value,
        series=series,
        value_status=status if value is not None else "not_found",
        source_url=SRC,
    )


def test_each_direction_is_its_own_arrow_largest_first():
    flows = flows_for_year([row("CHN", "PRK", 2.3e9), row("PRK", "CHN", 0.34e9)], year=2024)
    assert [(f.exporter, f.importer) for f in flows] == [("CHN", "PRK"), ("PRK", "CHN")]


def test_a_total_is_drawn_only_where_no_direction_is_known_and_kept_as_context():
    trade = [
        row("CHN", "PRK", 2.3e9),
        row("PRK", "CHN", 0.3e9),
        row("CHN", "PRK", 2.18e9, flow="total"),
        row("CHN", "MNG", 18.62e9, flow="total"),
    ]
    flows = flows_for_year(trade, year=2024)
    kinds = {(f.exporter, f.importer, f.flow) for f in flows}
    assert kinds == {("CHN", "PRK", "exports"), ("PRK", "CHN", "exports"), ("CHN", "MNG", "total")}
    chn_prk = next(f for f in flows if f.exporter == "CHN" and f.importer == "PRK")
    assert [c.value_usd for c in chn_prk.context] == [2.18e9]


def test_series_order_chooses_the_width_and_differing_figures_are_disputed():
    trade = [row("CHN", "PRK", 2.43e9, series="KOTRA"), row("CHN", "PRK", 2.0035e9, series="GACC")]
    (flow,) = flows_for_year(trade, year=2024, series_order=["GACC", "KOTRA"])
    assert flow.value == 2.0035e9 and flow.figures[0].series == "GACC"
    assert flow.disputed
    (flow,) = flows_for_year(trade, year=2024, series_order=["KOTRA"])
    assert flow.value == 2.43e9


def test_figures_within_one_percent_are_not_disputed():
    trade = [row("PRK", "CHN", 291.89e6, series="GACC"), row("PRK", "CHN", 290e6, series="KOTRA")]
    assert not flows_for_year(trade, year=2024)[0].disputed


@pytest.mark.parametrize(("kwargs", "expected"), [({"min_value": 1e9}, 2), ({"top": 1}, 1), ({}, 3)])
def test_filters(kwargs, expected):
    trade = [row("CHN", "RUS", 115e9), row("CHN", "PRK", 2.3e9), row("PRK", "CHN", 0.3e9)]
    assert len(flows_for_year(trade, year=2024, **kwargs)) == expected


def test_not_found_rows_are_never_drawn_but_are_listed_for_the_country():
    trade = [row("CHN", "CUB", None, flow="total"), row("CHN", "CUB", 1e9, flow="total", year=2022)]
    assert flows_for_year(trade, year=2024) == []
    assert [t.value_status for t in figures_between(trade, "CUB", "CHN", year=2024)] == ["not_found"]
    assert latest_before(trade, "CHN", "CUB", year=2024).year == 2022
    assert trade_years(trade) == [2022]


@pytest.mark.parametrize(
    ("rows", "value", "basis"),
    [
        (
            [row("CHN", "PRK", 2.3e9), row("PRK", "CHN", 0.3e9), row("CHN", "PRK", 2.2e9, flow="total")],
            2.2e9,
            0,
        ),
        ([row("CHN", "PRK", 2.3e9), row("PRK", "CHN", 0.3e9)], 2.6e9, 1),
        ([row("PRK", "CHN", 0.3e9)], 0.3e9, 2),
    ],
    ids=["a reported total first", "else both directions summed", "else one direction, a lower bound"],
)
def test_a_pair_s_two_way_total_says_how_it_was_found(rows, value, basis):
    (pair,) = pair_totals(flows_for_year(rows, year=2024), first="CHN")
    assert (pair.first, pair.second, pair.rank) == ("CHN", "PRK", 1), "the host is named first"
    assert pair.value == pytest.approx(value) and pair.basis == TOTAL_BASES[basis]
    assert pair.lower_bound == (basis == 2)


def test_pairs_are_ranked_by_their_two_way_total_and_disputes_carry_over():
    trade = [
        row("CHN", "PRK", 2.3e9),
        row("CHN", "PRK", 1.5e9, series="KOTRA"),
        row("CHN", "MNG", 18.62e9, flow="total"),
        row("RUS", "CHN", 129e9),
        row("CHN", "RUS", 115e9),
    ]
    pairs = pair_totals(flows_for_year(trade, year=2024), first="CHN")
    assert [(p.rank, p.second) for p in pairs] == [(1, "RUS"), (2, "MNG"), (3, "PRK")]
    assert [p.disputed for p in pairs] == [False, False, True]


def test_partners_with_no_figure_that_year_are_named_in_order():
    trade = [
        row("CHN", "RUS", 1e9, year=2024),
        row("CHN", "PRK", 1e9, year=2023),
        row("CHN", "IRN", None, year=2023),
    ]
    assert partners_without_figure(trade, "CHN", ["RUS", "PRK", "IRN", "CHN", "RUS"], year=2023) == [
        "RUS",
        "IRN",
    ]
