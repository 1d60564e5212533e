"""Setting the time as a reader would: typed, stepped by the hour, or jumped to the highlighted
traveller's next departure or arrival; and the map naming and keying who is where (issue 22,
point 5)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from geo.base import settings
from tests.test_app import map_args, ok, page_html, run, table

BUNDLED = "beijing-parade-2025"


@pytest.fixture(scope="module", autouse=True)
def bundled_events():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIPLOMAP_EVENTS_DIR", str(settings.EVENTS_DIR))
        yield


def kim(at) -> str:
    return table(at, "positions").set_index("name").loc["Kim Jong Un", "status"]


def test_a_time_typed_to_the_minute_moves_the_travellers_and_the_link():
    at = run(event=BUNDLED)
    ok(at.date_input(key="time_day").set_value(date(2025, 9, 2)).run())
    ok(at.time_input(key="time_clock").set_value(time(17, 20)).run())
    assert at.slider(key="time").value == datetime(2025, 9, 2, 17, 20)
    assert at.query_params["time"] == "2025-09-02T17:20"
    assert kim(at) == "at Beijing Railway Station"
    assert "Kim Jong Un: at Beijing Railway Station" in page_html(at)


def test_steps_of_an_hour_and_jumps_to_the_next_and_previous_move():
    at = run(event=BUNDLED, time="2025-09-02T09:00")
    ok(at.button(key="time_+1 hour").click().run())
    assert at.slider(key="time").value == datetime(2025, 9, 2, 10)
    assert "Next: Kim Jong Un arrives at Beijing Railway Station, 2 Sep 16:00" in page_html(at)
    ok(at.button(key="time_Next").click().run())
    assert at.slider(key="time").value == datetime(2025, 9, 2, 16)
    assert kim(at) == "at Beijing Railway Station"
    ok(at.button(key="time_Previous").click().run())
    assert at.slider(key="time").value == datetime(2025, 9, 2, 6), "Shenyang, passed at about 06:00"
    ok(at.button(key="time_−1 hour").click().run())
    assert at.slider(key="time").value == datetime(2025, 9, 2, 5)
    assert kim(at) == "travelling"


def test_the_highlighted_traveller_is_named_on_the_map_and_keyed():
    at = run(event=BUNDLED, time="2025-09-02T09:00")
    args = map_args(at)
    travellers = args["feature_group"]
    assert '"text":"Kim Jong Un"' in travellers, "named at their dot, moving with the time"
    assert '"text":"Woo Won-shik"' not in travellers, "guests stay unnamed: the highlighted trip is the story"
    assert "Kim Jong Un at the chosen time" in args["script"], "the key has a row for them"
    assert "Other travellers at the chosen time" in args["script"]
    before = travellers
    ok(at.time_input(key="time_clock").set_value(time(15, 0)).run())
    assert map_args(at)["feature_group"] != before and map_args(at)["script"] == args["script"]


def test_the_highlighted_traveller_s_dot_is_drawn_over_the_guests_beside_it():
    """Hovering Beijing's dot showed Woo Won-shik, not Kim: the last drawn is on top."""
    at = run(event=BUNDLED, time="2025-09-03T12:00")
    travellers = map_args(at)["feature_group"]
    assert travellers.rindex("position:kim-jong-un") > travellers.rindex("position:woo-won-shik")
