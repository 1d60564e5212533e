"""Trade figures grouped into the flows a map draws: one arrow per direction, per year.

Several series often report the same flow (China's customs and KOTRA disagree on North
Korea's trade by hundreds of millions). The arrow's width comes from the first series in the
event's ``series_order``; every figure stays in the arrow's tooltip, and differing figures mark
the flow as disputed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from geo.io.schema import TradeFlow
from geo.io.tradeindex import TradeRows

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

    @cached_property
    def disputed(self) -> bool:
        """Kept once asked: the arrows of an indexed year (geo.io.tradeindex) outlive the run."""
        values = [f.value_usd for f in self.figures if f.value_usd is not None]
        return any(f.value_status == "disputed" for f in self.figures) or (
            len(values) > 1 and (max(values) - min(values)) > DISPUTE_TOLERANCE * max(values)
        )


def trade_years(trade: Iterable[TradeFlow]) -> list[int]:
    """Years with at least one figure, ascending."""
    if isinstance(trade, TradeRows):
        return list(trade.years)
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
    Indexed rows (TradeRows) make a year's arrows once and filter them on every call after.
    """
    if isinstance(trade, TradeRows):
        every = trade.memo(
            ("flows", year, tuple(series_order)), lambda: _year_flows(trade.of_year(year), year, series_order)
        )
    else:
        every = _year_flows(trade, year, series_order)
    drawn = [f for f in every if f.value >= min_value]
    return drawn[:top] if top is not None else drawn


def _year_flows(trade: Iterable[TradeFlow], year: int, series_order: Sequence[str]) -> list[DrawnFlow]:
    """Every arrow of a year, largest first."""
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
    drawn.sort(key=lambda f: f.value, reverse=True)
    return drawn


def figures_between(trade: Iterable[TradeFlow], a: str, b: str, *, year: int) -> list[TradeFlow]:
    """Every row between two countries in a year, not-found rows included, either direction."""
    if isinstance(trade, TradeRows):
        return [t for t in trade.between(a, b) if t.year == year]
    return [t for t in trade if t.year == year and {t.exporter, t.importer} == {a, b}]


def latest_before(trade: Iterable[TradeFlow], a: str, b: str, *, year: int) -> TradeFlow | None:
    """The most recent figure between two countries from before ``year``, for context."""
    rows = trade.between(a, b) if isinstance(trade, TradeRows) else trade
    earlier = [
        t for t in rows if t.year < year and t.value_usd is not None and {t.exporter, t.importer} == {a, b}
    ]
    return max(earlier, key=lambda t: (t.year, t.flow == "total"), default=None)


def _rank(row: TradeFlow, series_order: Sequence[str]) -> tuple[int, int]:
    order = series_order.index(row.series) if row.series in series_order else len(series_order)
    return (order, 0 if row.value_status == "exact" else 1)


TOTAL_BASES = ("reported two-way total", "sum of both directions", "one direction only")
"""How a pair's two-way total was found, best first: a reported total is a fact of its own; the
sum of both directions is our arithmetic; one direction alone is a lower bound."""


@dataclass(frozen=True)
class PairTotal:
    """Two countries' trade in one year, both ways, ranked among the year's pairs."""

    rank: int
    first: str
    second: str
    year: int
    value: float
    basis: str
    """One of TOTAL_BASES."""
    ways: tuple[DrawnFlow, ...]
    """The directional flows (exports) of the pair, largest first."""
    total: TradeFlow | None
    """The reported two-way figure, when there is one (the first in the series order)."""
    disputed: bool

    @property
    def lower_bound(self) -> bool:
        return self.basis == TOTAL_BASES[2] or (
            self.total is not None and self.total.value_status == "lower_bound"
        )

    @property
    def figures(self) -> tuple[TradeFlow, ...]:
        return (*([self.total] if self.total else []), *(f for way in self.ways for f in way.figures))


def pair_totals(
    flows: Iterable[DrawnFlow], *, series_order: Sequence[str] = (), first: str | None = None
) -> list[PairTotal]:
    """Each pair's two-way trade from one year's flows (flows_for_year, unfiltered), largest
    first and ranked; ``first`` (the host) is named first in its pairs."""
    pairs: dict[frozenset[str], list[DrawnFlow]] = {}
    for flow in flows:
        pairs.setdefault(frozenset((flow.exporter, flow.importer)), []).append(flow)
    found = []
    for pair, members in pairs.items():
        ways = tuple(sorted((f for f in members if f.flow == "exports"), key=lambda f: -f.value))
        totals = [t for f in members for t in (f.figures if f.flow == "total" else f.context)]
        total = min(totals, key=lambda t: _rank(t, series_order)) if totals else None
        if total is not None and total.value_usd is not None:
            value, basis = float(total.value_usd), TOTAL_BASES[0]
        else:
            value, basis = sum(f.value for f in ways), TOTAL_BASES[1 if len(ways) > 1 else 2]
        a, b = sorted(pair, key=lambda iso3: (iso3 != first, iso3))
        disputed = any(f.disputed for f in members) or any(t.value_status == "disputed" for t in totals)
        found.append(PairTotal(0, a, b, members[0].year, value, basis, ways, total, disputed))
    found.sort(key=lambda p: (-p.value, p.first, p.second))
    return [replace(p, rank=rank) for rank, p in enumerate(found, start=1)]


def partners_without_figure(
    trade: Iterable[TradeFlow], country: str, partners: Iterable[str], *, year: int
) -> list[str]:
    """Of ``partners``, those with no figure of trade with ``country`` in ``year``, in the order given."""
    rows = trade.of_year(year) if isinstance(trade, TradeRows) else trade
    found = {
        other
        for t in rows
        if t.year == year and t.value_usd is not None and country in (t.exporter, t.importer)
        for other in (t.exporter, t.importer)
    }
    return [p for p in dict.fromkeys(partners) if p != country and p not in found]
