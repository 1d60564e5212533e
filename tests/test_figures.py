"""geo.model.figures: the key figures beside the map, counted or read with their sources."""

from __future__ import annotations

import pytest

from geo.model import facts, figures
from tests.tiny import URL, tiny_event


@pytest.fixture(scope="module")
def tiny():
    return tiny_event()


def by_key(items: list[figures.KeyFigure]) -> dict[str, figures.KeyFigure]:
    return {f.key: f for f in items}


def test_counted_figures(tiny):
    counted = by_key(figures.counted_figures(tiny))
    assert counted["leaders"].value == "3"  # kim, ann, bob: role guest
    assert counted["countries"].value == "4"  # PRK, RUS, KAZ, FRA; the host is not counted
    assert counted["leaders"].source_url is None


def test_the_focus_trip_in_km_and_hours(tiny):
    counted = by_key(figures.counted_figures(tiny))
    assert counted["kim-km"].label == "Kim Jong Un, distance by rail"
    km = sum(facts.leg_km(tiny, leg) for leg in tiny.legs_of("kim"))
    assert counted["kim-km"].value == f"{km:,.0f} km"
    assert "every leg as drawn" in counted["kim-km"].note, "the rule is said where the figure is"
    # leg 1: 06:00 -> 16:00 reported; leg 2: only the days, midday to midday
    assert counted["kim-hours"].value == "≈ 34 h"
    assert counted["kim-hours"].status == "approximate"
    assert counted["kim-hours"].note.startswith(
        "1 of 2 legs timed at both ends, 1 estimated; departure to arrival"
    )


def test_a_trip_by_several_modes_counts_every_leg(event):
    """Hanoi 2019: train to Dong Dang, then the road to Hanoi; the figures count both, as the
    person's table of trips does (they once counted the train alone: 6,630 km against 6,902)."""
    from geo.io.events import load_event

    hanoi = load_event("kim-hanoi-2019-02")
    counted = by_key(figures.counted_figures(hanoi))
    assert counted["kim-jong-un-km"].label == "Kim Jong Un, distance travelled"
    assert counted["kim-jong-un-km"].note.startswith("6 legs by train and road")
    assert counted["kim-jong-un-hours"].label == "Kim Jong Un, hours travelling"


def test_a_reported_figure_for_the_year_with_its_source_and_dispute(tiny):
    share = by_key(figures.reported_figures(tiny, year=2024))["share"]
    assert (share.value, share.source_url, share.status) == ("98%", f"{URL}/share-2024", "disputed")
    assert "also reported: 97% (disputed)" in share.note
    assert share.label.endswith("(2024)")


def test_a_year_without_a_figure_falls_back_to_the_latest_before(tiny):
    share = by_key(figures.reported_figures(tiny, year=2025))["share"]
    assert share.value == "98%"
    assert "no figure for 2025; this is 2024" in share.note
    earliest = by_key(figures.reported_figures(tiny, year=2000))["share"]
    assert earliest.label.endswith("(2024)")  # nothing before: the latest


def test_a_one_off_figure_does_not_follow_the_trade_year(tiny):
    speed = by_key(figures.reported_figures(tiny, year=2024))["speed"]
    assert speed.value == "50 km/h"
    assert speed.note == ""


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [(98, "%", "98%"), (2.696e9, "USD", "$2.70 bn"), (50, "km/h", "50 km/h"), (26, "leaders", "26 leaders")],
)
def test_format_value(tiny, value, unit, shown):
    figure = tiny.figures[0].model_copy(update={"value": value, "unit": unit})
    assert figures.format_value(figure) == shown


def test_the_bundled_event_names_kims_rail_trip_and_chinas_share(event):
    found = by_key(figures.key_figures(event, year=2024))
    assert found["kim-jong-un-km"].value.endswith(" km")
    assert found["kim-jong-un-hours"].value.startswith("≈ ")
    assert found["china-share-of-prk-trade"].value == "98%"
    assert found["china-share-of-prk-trade"].source_url.startswith("https://")


def test_a_disputed_lower_bound_keeps_its_bound_and_a_value_repeated_with_another_qualifier_is_listed():
    rows = (
        "key,label,value,unit,year,value_status,source_url,quote\n"
        f"talks,Length of the talks,5,hours,2023,lower_bound,{URL}/tass,more than five hours\n"
        f"talks,Length of the talks,6,hours,2023,approximate,{URL}/ria,about six hours\n"
        f"talks,Length of the talks,5,hours,2023,approximate,{URL}/other,almost five hours\n"
        f"talks,Length of the talks,5,hours,2023,lower_bound,{URL}/again,more than five hours\n"
    )
    (shown,) = figures.reported_figures(tiny_event(figures_csv=rows), year=2023)
    assert shown.status == "disputed" and shown.value == "at least 5 hours"
    assert shown.note == "also reported: 6 hours (approximate), 5 hours (approximate)"
