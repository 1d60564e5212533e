"""An event's trade rows with what a map asks of them indexed once: by year, by pair of
countries, and whatever the model derives from them (``memo``).

A million-row upload is read once, but the app asks of it on every rerun: the years in the
sidebar, the year's arrows, a country's figures in the details panel. Scanning every row for
each costs seconds; a ``TradeRows`` answers from its indexes, built the first time they are
asked for and kept as long as the rows are (the app keeps them once per upload).

It is a tuple: everything that iterates, counts or compares an event's trade works unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import cached_property
from typing import TypeVar

from geo.io.schema import TradeFlow

T = TypeVar("T")


class TradeRows(tuple[TradeFlow, ...]):
    """Trade rows, in their order, indexed on first use. Treat it as read-only, as a tuple is."""

    def __reduce__(self):
        # A copy carries the rows, not the indexes: they are rebuilt when asked for.
        return (TradeRows, (tuple(self),))

    @cached_property
    def by_year(self) -> dict[int, tuple[TradeFlow, ...]]:
        """Every row of each year, in the rows' order."""
        found: dict[int, list[TradeFlow]] = {}
        for row in self:
            found.setdefault(row.year, []).append(row)
        return {year: tuple(rows) for year, rows in found.items()}

    @cached_property
    def by_pair(self) -> dict[frozenset[str], tuple[TradeFlow, ...]]:
        """Every row between two countries, either direction, in the rows' order."""
        found: dict[frozenset[str], list[TradeFlow]] = {}
        for row in self:
            found.setdefault(frozenset((row.exporter, row.importer)), []).append(row)
        return {pair: tuple(rows) for pair, rows in found.items()}

    @cached_property
    def years(self) -> list[int]:
        """Years with at least one figure, ascending."""
        return sorted(
            year for year, rows in self.by_year.items() if any(r.value_usd is not None for r in rows)
        )

    @cached_property
    def source_urls(self) -> frozenset[str]:
        return frozenset(row.source_url for row in self)

    def of_year(self, year: int) -> tuple[TradeFlow, ...]:
        return self.by_year.get(year, ())

    def between(self, a: str, b: str) -> tuple[TradeFlow, ...]:
        return self.by_pair.get(frozenset((a, b)), ())

    def memo(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, kept under ``key`` as long as these rows: what the model derives from them
        (a year's arrows) is made once, however many reruns and sessions ask for it."""
        memos = self.__dict__.setdefault("_memos", {})
        if key not in memos:
            memos[key] = make()
        return memos[key]


def indexed(rows: tuple[TradeFlow, ...] | list[TradeFlow]) -> TradeRows:
    return rows if isinstance(rows, TradeRows) else TradeRows(rows)
