"""Small things a newcomer trips on (issue 22, point 7): events listed by title and date, the
person's view kept in the link, two sources of one site told apart, a station's disputed time
given with the other time reported, and the details list matching what was typed. The map's own
parts (tooltips, the key, a click, the search as typed) are in tests/test_browser_reader.py."""

from __future__ import annotations

import html as html_lib

import pytest

from geo.base import settings
from geo.model import text
from tests.test_app import ok, page_html, run

BUNDLED = "beijing-parade-2025"


@pytest.fixture(scope="module", autouse=True)
def bundled_events():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIPLOMAP_EVENTS_DIR", str(settings.EVENTS_DIR))
        yield


def test_the_event_list_names_each_event_by_its_title_and_date_newest_first():
    at = run()
    events = at.selectbox(key="event")
    assert events.options[0] == "China's Victory Day parade, Beijing, 3 September 2025"
    assert "Kim Jong Un and Donald Trump: Singapore summit, 12 June 2018" in events.options
    assert not any(option.startswith("kim-") for option in events.options), "no folder names"
    assert events.value == BUNDLED, "the link still names the folder"
    ok(events.select("kim-hanoi-2019-02").run())
    assert at.query_params["event"] == "kim-hanoi-2019-02"


def test_the_person_s_view_is_kept_in_the_link_and_opened_by_it():
    at = run()
    ok(at.selectbox(key="person").select("kim-jong-un").run())
    assert dict(at.query_params) == {"person": "kim-jong-un"}
    shared = run(person="kim-jong-un")
    assert shared.selectbox(key="person").value == "kim-jong-un"
    assert f"{text.md_literal('Kim Jong Un')}: 9 trips" in shared.subheader[0].value
    assert run(person="nobody-at-all").selectbox(key="person").value == "", "an unknown person: the event"


def test_a_chapter_s_two_sources_from_one_site_are_told_apart():
    at = run(event=BUNDLED, chapter="3")
    shown = html_lib.unescape(page_html(at))
    assert "koreajoongangdaily.joins.com: North Koreas Kim daughter welcomed in…" in shown
    assert "koreajoongangdaily.joins.com: North Korean leaders daughter appears to…" in shown


def test_a_station_s_card_gives_the_other_time_beside_a_disputed_one():
    at = run(event=BUNDLED)
    ok(at.selectbox(key="selected").select("stop:dandong").run())
    shown = html_lib.unescape(page_html(at))
    assert "Also reported: Border crossing about 07:00 per MBC" in shown
    ok(at.selectbox(key="selected").select("stop:beijing-station").run())
    assert "Arrival about 17:00 per NIS" in html_lib.unescape(page_html(at))


def test_the_details_list_matches_typed_letters_as_written():
    """Streamlit filters the list in the browser: "contains", not the default fuzzy match that
    listed United Kingdom for "Kim" (k, i, m in order)."""
    from streamlit.proto.SelectWidgetFilterMode_pb2 import FILTER_MODE_CONTAINS

    at = run(event=BUNDLED)
    assert at.selectbox(key="selected").proto.filter_mode == FILTER_MODE_CONTAINS
