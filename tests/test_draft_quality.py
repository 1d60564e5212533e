"""The Must-show of issue 19 on articles the draft has never seen: on the newest held-out set
(draft_quality.UNSEEN, written and committed before the changes it was to measure, run once
after them) the draft finds 80% of the places within 30 km, 60% of the times, every person, and
every leg quotes the article's own words. benchmarks/draft_quality.py prints the table."""

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


def test_unseen_articles_meet_the_must_show(unseen):
    totals = draft_quality.totals(unseen)
    assert totals["places"].recall >= 0.8
    assert totals["times"].recall >= 0.6
    assert [m for s in unseen for m in s.missed_people] == []
    assert all(s.legs_quoting == s.legs for s in unseen)


def test_the_draft_beats_the_baseline_on_places(scores):
    totals = draft_quality.totals(scores)
    assert totals["places"].precision > totals["base_places"].precision
    assert totals["places"].recall >= totals["base_places"].recall


def test_the_table_has_a_row_per_set(scores):
    text = draft_quality.table(scores)
    assert text.count("\n| ") == 5 and "held out, fourth set" in text and "development" in text


def test_a_person_is_found_by_any_of_their_names():
    wanted = [["Salman bin Abdulaziz Al Saud", "King Salman bin Abdulaziz Al Saud"], ["Xi Jinping"]]
    tally, missed = draft_quality._match_names(wanted, ["King Salman bin Abdulaziz Al Saud", "Li Qiang"])
    assert (tally.found, tally.right, tally.proposed) == (1, 1, 2)
    assert missed == ["Xi Jinping"]
