"""The bundled event says what its sources say, no more: each test here is one finding of the
audit of data/events/beijing-parade-2025 (issue 12, point 8), read through load_event as the
map reads it."""

from __future__ import annotations

import pytest

from geo.model.trade import flows_for_year
from geo.web import captions, markup

TIANJIN_LEGS_WITHOUT_A_SOURCE = ["shavkat-mirziyoyev", "sadyr-japarov", "alexander-lukashenko"]


def rows(event, a: str, b: str, *, year: int, flow: str | None = None):
    return [
        t
        for t in event.trade
        if {t.exporter, t.importer} == {a, b} and t.year == year and (flow is None or t.flow == flow)
    ]


def drawn(event, year: int):
    return flows_for_year(event.trade, year=year, series_order=event.meta.series_order)


def test_kims_train_speed_gives_both_reported_values(event):
    speeds = [f for f in event.figures if f.key == "kim-train-speed"]
    assert sorted(f.value for f in speeds) == [50, 60]
    assert {f.value_status for f in speeds} == {"disputed"}
    assert len({f.source_url for f in speeds}) == 2


def test_vietnam_is_one_lower_bound_the_stronger_one_not_a_dispute(event):
    (flow,) = [f for f in drawn(event, 2024) if {f.exporter, f.importer} == {"CHN", "VNM"}]
    assert [(r.value_usd, r.value_status) for r in flow.figures] == [(260e9, "lower_bound")]
    assert not flow.disputed
    assert "lower bound" in captions.flow_tip(flow)


def test_tajikistan_figures_are_disputed_each_naming_the_other(event):
    by_series = {r.series: r for r in rows(event, "CHN", "TJK", year=2024)}
    assert {r.value_status for r in by_series.values()} == {"disputed"}
    assert "$1.96 bn" in by_series["GACC"].alternatives
    assert "$3.86 bn" in by_series["Tajik statistics"].alternatives


def test_kotra_and_china_customs_2024_figures_are_disputed_each_naming_the_other(event):
    found = rows(event, "CHN", "PRK", year=2024)
    kotra = [r for r in found if r.series == "KOTRA"]
    gacc = [r for r in found if r.series == "GACC"]
    assert len(kotra) == 3 and len(gacc) == 1
    assert {r.value_status for r in found} == {"disputed"}
    for row in kotra:
        assert "GACC" in row.alternatives and "$2.18 bn" in row.alternatives
    assert "KOTRA" in gacc[0].alternatives and "2,640.87" in gacc[0].alternatives
    assert all(f.disputed for f in drawn(event, 2024) if {f.exporter, f.importer} == {"CHN", "PRK"})


def test_iran_2023_exports_are_disputed_with_the_arithmetic(event):
    (row,) = [r for r in rows(event, "CHN", "IRN", year=2023, flow="exports") if r.exporter == "CHN"]
    assert row.value_status == "disputed"
    for figure in ("$10.07 bn", "$14.65 bn", "$4.58 bn", "8.6%", "$9.27 bn"):
        assert figure in row.alternatives


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2022, 2023, 2024])
def test_a_partial_one_way_figure_never_hides_a_larger_total(event, year):
    """Where a series gives a pair's undisputed two-way total and a one-way figure, both
    directions are drawn and add up to the total; a direction derived from it is marked."""
    flows = drawn(event, year)
    for total in (t for t in event.trade if t.year == year and t.flow == "total" and t.value_usd):
        pair = {total.exporter, total.importer}
        arrows = [f for f in flows if {f.exporter, f.importer} == pair and f.flow == "exports"]
        if total.period or total.value_status == "disputed" or not arrows:
            continue
        assert len(arrows) == 2, (
            f"{total.series} {sorted(pair)} {year}: one direction drawn, the total hidden"
        )
        assert sum(f.value for f in arrows) >= 0.99 * total.value_usd
        for flow in arrows:
            row = flow.figures[0]
            if row.alternatives and row.alternatives.startswith("derived"):
                assert row.value_status == "approximate"


def test_azerbaijans_two_way_total_is_drawn_not_hidden_behind_its_exports(event):
    arrows = {(f.exporter, f.importer): f for f in drawn(event, 2024) if "AZE" in (f.exporter, f.importer)}
    assert sum(f.value for f in arrows.values()) == pytest.approx(3.744e9)
    derived = arrows["CHN", "AZE"].figures[0]
    assert derived.value_status == "approximate" and derived.alternatives.startswith("derived, not reported")
    assert "approximate" in captions.flow_tip(arrows["CHN", "AZE"])


@pytest.mark.parametrize(
    ("partner", "period"),
    [
        ("PAK", "Jul 2023–Jun 2024, Pakistan's fiscal year FY2023-24"),
        ("ARM", "Jan–Nov 2024 only (11 months)"),
        ("ZWE", "Jan–Sep 2024 only (9 months)"),
    ],
)
def test_a_part_year_arrow_says_its_period(event, partner, period):
    arrows = [f for f in drawn(event, 2024) if partner in (f.exporter, f.importer)]
    assert arrows
    for flow in arrows:
        assert flow.figures[0].period == period
        assert markup.esc(period) in captions.flow_tip(flow)


@pytest.mark.parametrize("person", TIANJIN_LEGS_WITHOUT_A_SOURCE)
def test_unreported_tianjin_legs_stay_unconfirmed_and_cite_nothing(event, person):
    legs = [leg for leg in event.legs_of(person) if "tianjin" in (leg.from_, leg.to)]
    assert len(legs) == 2
    for leg in legs:
        assert leg.route_status == "unconfirmed"
        assert leg.source_url == "", "a page that does not mention the leg would seem to support it"
        assert leg.note.startswith("Inferred, not reported")
