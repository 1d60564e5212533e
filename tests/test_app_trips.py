"""One trip, one set of figures: the event page's key figures and the person's table of trips
show the same km, hours and legs timed for every bundled event (issue 22, point 2)."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from geo.base import settings
from geo.io.events import list_events
from tests.test_app import ok, page_html, run

FIGURE = re.compile(
    r'<div class="dm-label">(?P<label>[^<]*?)\s*(?:<span class="dm-mark">[^<]*</span>)?</div>'
    r'<div class="dm-value">(?P<value>[^<]*)</div><div class="dm-note">(?P<note>[^<]*)'
)


@pytest.fixture(scope="module", autouse=True)
def bundled_events():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIPLOMAP_EVENTS_DIR", str(settings.EVENTS_DIR))
        yield


def key_figures(html: str) -> dict[str, tuple[str, str]]:
    """Each key figure on the page by its label: (value, note), as a reader sees them."""
    return {
        html_lib.unescape(m["label"]): (html_lib.unescape(m["value"]), html_lib.unescape(m["note"]))
        for m in FIGURE.finditer(html)
    }


def test_every_trip_shows_the_same_figures_on_its_event_page_and_in_the_person_s_table():
    at = run()
    ok(at.selectbox(key="person").select("kim-jong-un").run())
    (shown,) = at.dataframe
    trips = shown.value.set_index("event")
    assert set(trips.index) == set(list_events(settings.EVENTS_DIR)), "Kim travels in every bundled event"
    for event_id, row in trips.iterrows():
        figures = key_figures(page_html(run(event=event_id)))
        (km,) = [v for label, v in figures.items() if label.startswith("Kim Jong Un, distance")]
        (hours,) = [v for label, v in figures.items() if label.startswith("Kim Jong Un, hours")]
        assert km[0] == row["km travelled"], event_id
        assert hours[0] == row["hours travelling"], event_id
        assert hours[1].startswith(row["legs timed"] + ";"), event_id
        assert "every leg as drawn" in km[1] and "departure to arrival" in hours[1], "each rule is stated"
    assert any("every leg as drawn" in c.value for c in at.caption), (
        "the table says how its figures are counted"
    )


def test_the_hanoi_trip_counts_its_road_legs_and_the_parade_its_estimated_times():
    """The figures the issue found disagreeing: 6,630 km (the train alone) against 6,902 km, and
    "≈ 42 h, 4 of 4 legs timed" against "at least 14 h (2 of 4 … timed)"."""
    hanoi = key_figures(page_html(run(event="kim-hanoi-2019-02")))
    # 6,902 km before the audit put the road legs' waypoints in (every leg counted, as drawn).
    assert hanoi["Kim Jong Un, distance travelled"][0] == "7,004 km"
    parade = key_figures(page_html(run(event="beijing-parade-2025")))
    value, note = parade["Kim Jong Un, hours on the rails"]
    assert value == "≈ 42 h" and note.startswith("2 of 4 legs timed at both ends, 2 estimated;")
