"""geo.io.tradeindex: indexed trade rows answer every question of geo.model.trade exactly as the
same rows in a plain tuple do, and a copy carries the rows, not the indexes."""

from __future__ import annotations

import pickle
import random

import pytest

from geo.io.tradeindex import TradeRows
from geo.model import trade
from tests.test_trade import row

CODES = ("CHN", "PRK", "RUS", "KAZ", "FRA")


def some_rows(n: int = 400, seed: int = 3) -> tuple:
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        a, b = rng.sample(CODES, 2)
        rows.append(
            row(
                a,
                b,
                rng.choice([None, rng.randint(1, 10**9)]),
                flow=rng.choice(["exports", "total"]),
                year=rng.randint(2019, 2024),
                series=rng.choice(["GACC", "KOTRA", "UN"]),
                status=rng.choice(["exact", "disputed"]),
            )
        )
    return tuple(rows)


@pytest.mark.parametrize("year", [2019, 2022, 2024, 1990])
@pytest.mark.parametrize(("min_value", "top"), [(0.0, None), (5e8, None), (0.0, 3)])
def test_indexed_rows_draw_the_same_arrows(year, min_value, top):
    plain = some_rows()
    indexed = TradeRows(plain)
    for _ in range(2):  # the second call answers from the memo
        asked = {"year": year, "series_order": ("KOTRA", "GACC"), "min_value": min_value, "top": top}
        assert trade.flows_for_year(indexed, **asked) == trade.flows_for_year(plain, **asked)
    assert trade.trade_years(indexed) == trade.trade_years(plain)


@pytest.mark.parametrize(("a", "b"), [("CHN", "PRK"), ("PRK", "CHN"), ("RUS", "FRA"), ("CHN", "USA")])
def test_indexed_rows_find_the_same_figures_of_a_pair(a, b):
    plain = some_rows()
    indexed = TradeRows(plain)
    for year in (2020, 2024):
        assert trade.figures_between(indexed, a, b, year=year) == trade.figures_between(
            plain, a, b, year=year
        )
        assert trade.latest_before(indexed, a, b, year=year) == trade.latest_before(plain, a, b, year=year)
        assert trade.partners_without_figure(indexed, a, CODES, year=year) == trade.partners_without_figure(
            plain, a, CODES, year=year
        )


def test_a_copy_carries_the_rows_and_builds_its_indexes_again():
    indexed = TradeRows(some_rows())
    assert indexed.by_year and indexed.memo("k", lambda: 1) == 1
    copy = pickle.loads(pickle.dumps(indexed))
    assert isinstance(copy, TradeRows) and copy == indexed
    assert "by_year" not in copy.__dict__ and "_memos" not in copy.__dict__
