"""The Must-show of issue 19 on articles the draft has never seen: on the newest held-out set
(draft_quality.UNSEEN, written and committed before the changes it was to measure, run once
after them) the draft finds 80% of the places within 30 km, 60% of the times, every person, and
every leg quotes the article's own words. benchmarks/draft_quality.py prints the table.

Its first run (README, "Draft an event from a news article") met only the last bar. Goals are
reported (draft_quality.goals, printed by the benchmark), never asserted: these tests check that
the report tells the truth about each bar, that the quoting bar holds, and that recall never falls
below that first run (a new unseen set must prove a bar met: this one the later work has seen)."""

from __future__ import annotations

import pytest

from benchmarks import draft_quality


@pytest.fixture(scope="module")
def scores():
    return [draft_quality.score(name) for name in draft_quality.fixtures()]


@pytest.fixture(scope="module")
def unseen(scores):
    return [s for s in scores if s.set == draft_quality.UNSEEN]


def test_the_unseen_set_has_five_articles_or_more(unseen):
    assert len(unseen) >= 5


def test_every_leg_of_an_unseen_article_quotes_it(unseen):
    assert sum(s.legs for s in unseen) > 0
    assert all(s.legs_quoting == s.legs for s in unseen)


def test_unseen_recall_never_falls_below_the_first_run(unseen):
    """The first run is a floor, so later work cannot quietly lose ground."""
    found = draft_quality.totals(unseen)
    for key in ("places", "times", "people"):
        hit, of = draft_quality.FIRST_RUN[key]
        assert found[key].expected == of, f"the set's {key} changed since its first run"
        assert found[key].found >= hit, key


def test_the_report_judges_each_bar_on_the_first_run_and_shows_today_beside_it(unseen):
    rows = {what: (first, now, met) for what, first, now, _, met in draft_quality.goals(unseen)}
    first = draft_quality.FIRST_RUN
    assert rows["places found within 30 km"][2] == (first["places"][0] / first["places"][1] >= 0.8)
    assert rows["times found"][2] == (first["times"][0] / first["times"][1] >= 0.6)
    assert rows["people named"][2] == (first["people"][0] == first["people"][1])
    found = draft_quality.totals(unseen)
    assert rows["people named"][1] == f"{found['people'].found}/{found['people'].expected}"
    assert f"({found['times'].found}/{found['times'].expected})" in rows["times found"][1]
    legs = sum(s.legs for s in unseen)
    assert rows["legs quoting the article"][1] == f"{legs}/{legs}"
    table = draft_quality.goals_table(unseen)
    assert table.count("\n| ") == 4 and ("**no**" in table) == (not all(met for *_, met in rows.values()))


def test_the_draft_beats_the_baseline_on_places(scores):
    totals = draft_quality.totals(scores)
    assert totals["places"].precision > totals["base_places"].precision
    assert totals["places"].recall >= totals["base_places"].recall


def test_the_table_has_a_row_per_set(scores):
    text = draft_quality.table(scores)
    assert text.count("\n| ") == 7 and "held out, sixth set" in text and "development" in text


def test_a_person_is_found_by_any_of_their_names():
    wanted = [["Salman bin Abdulaziz Al Saud", "King Salman bin Abdulaziz Al Saud"], ["Xi Jinping"]]
    tally, missed = draft_quality._match_names(wanted, ["King Salman bin Abdulaziz Al Saud", "Li Qiang"])
    assert (tally.found, tally.right, tally.proposed) == (1, 1, 2)
    assert missed == ["Xi Jinping"]


SEEN = {"places": 29 / 29, "times": 26 / 26, "people": 52 / 52}
"""Sets 1-4 after the work on their misses (draft5, README): every place, time and person. A floor
for rules written later, which must not lose what these articles taught."""


def test_the_seen_sets_keep_their_recall(scores):
    seen = [s for s in scores if s.set in ("held-out", "held-out-2", "held-out-3", "held-out-4")]
    found = draft_quality.totals(seen)
    assert sum(found[key].expected for key in SEEN) == 29 + 26 + 52
    for key, floor in SEEN.items():
        assert found[key].recall >= floor - 1e-9, key
