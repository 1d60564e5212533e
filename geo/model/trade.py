"""Trade figures grouped into the flows a map draws: one arrow per direction, per year.

Several series often report the same flow (China's customs and KOTRA disagree on North
Korea's trade by hundreds of millions). The arrow's width comes from the first series in the
event's ``series_order``; every figure stays in the arrow's tooltip, and differing figures mark
the flow as disputed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from geo.io.schema import TradeFlow

DISPUTE_TOLERANCE = 0.01
"""Figures more than 1% apart are shown as disputed, not silently reconciled."""


@dataclass(frozen=True)
class DrawnFlow:
    exporter: str
    importer: str
    flow: str
    year: int
    value: float
    figures: tuple[TradeFlow, ...]
    """Every figure for this flow in this year, the one setting the width first."""
    context: tuple[TradeFlow, ...] = ()
    """Two-way totals for the same pair, shown beside directional figures."""

    @property
    def id(self) -> str:
        return f"flow:{self.year}:{self.exporter}-{self.importer}:{self.flow}"

    @property
    def disputed(self) -> bool:
        values = [f.value_usd for f in self.figures if f.value_usd is not None]
        return any(f.value_status == "disputed" for f in self.figures) or (
            len(values) > 1 and (max(values) - min(values)) > DISPUTE_TOLERANCE * max(values)
        )


def trade_years(trade: Iterable[TradeFlow]) -> list[int]:
    """Years with at least one figure, ascending."""
    return sorted({t.year for t in trade if t.value_usd is not None})


def flows_for_year(
    trade: Iterable[TradeFlow],
    *,
    year: int,
    series_order: Sequence[str] = (),
    min_value: float = 0.0,
    top: int | None = None,
) -> list[DrawnFlow]:
    """The arrows for one year, largest first.

    Directional figures (exports) are drawn one arrow per direction; a two-way total is drawn
    only for a pair with no directional figure that year, and is otherwise kept as context.
    """
    rows = [t for t in trade if t.year == year and t.value_usd is not None]
    groups: dict[tuple[str, str, str], list[TradeFlow]] = {}
    for row in rows:
        a, b = (row.exporter, row.importer) if row.flow == "exports" else sorted((row.exporter, row.importer))
        groups.setdefault((a, b, row.flow), []).append(row)
    directional_pairs = {frozenset((a, b)) for a, b, kind in groups if kind == "exports"}
    drawn = []
    for (a, b, kind), figures in groups.items():
        pair = frozenset((a, b))
        totals = tuple(groups.get((*sorted(pair), "total"), ()))
        if kind == "total" and pair in directional_pairs:
            continue
        ranked = sorted(figures, key=lambda f: _rank(f, series_order))
        drawn.append(
            DrawnFlow(
                exporter=a,
                importer=b,
                flow=kind,
                year=year,
                value=float(ranked[0].value_usd or 0.0),
                figures=tuple(ranked),
                context=totals if kind == "exports" else (),
            )
        )
    drawn = [f for f in drawn if f.value >= min_value]
    drawn.sort(key=lambda f: f.value, reverse=True)
    return drawn[:top] if top is not None else drawn


def figures_between(trade: Iterable[TradeFlow], a: str, b: str, *, year: int) -> list[TradeFlow]:
    """Every row between two countries in a year, not-found rows included, either direction."""
    return [t for t in trade if t.year == year and {t.exporter, t.importer} == {a, b}]


def latest_before(trade: Iterable[TradeFlow], a: str, b: str, *, year: int) -> TradeFlow | None:
    """The most recent figure between two countries from before ``year``, for context."""
    earlier = [
        t for t in trade if t.year < year and t.value_usd is not None and {t.exporter, t.importer} == {a, b}
    ]
    return max(earlier, key=lambda t: (t.year, t.flow == "total"), default=None)


def _rank(row: TradeFlow, series_order: Sequence[str]) -> tuple[int, int]:
    order = series_order.index(row.series) if row.series in series_order else len(series_order)
    return (order, 0 if row.value_status == "exact" else 1)
