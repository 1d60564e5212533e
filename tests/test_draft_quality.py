"""The Must-show of issue 19 on the test articles: on the held-out articles (written before a
run, never tuned on) the draft finds 80% of the places within 30 km, 60% of the times, every
person, and every leg quotes the article's own words. benchmarks/draft_quality.py prints the table."""

from __future__ import annotations

import pytest

from benchmarks import draft_quality


@pytest.fixture(scope="module")
def scores():
    return [draft_quality.score(name) for name in draft_quality.fixtures()]


def test_there_are_five_articles_or_more_and_two_held_out(scores):
    assert len(scores) >= 5
    assert sum(s.set.startswith("held-out") for s in scores) >= 2


def test_held_out_articles_meet_the_must_show(scores):
    held = [s for s in scores if s.set.startswith("held-out")]
    totals = draft_quality.totals(held)
    assert totals["places"].recall >= 0.8
    assert totals["times"].recall >= 0.6
    assert [m for s in held for m in s.missed_people] == []
    assert all(s.legs_quoting == s.legs for s in held)


def test_the_draft_beats_the_baseline_on_places(scores):
    totals = draft_quality.totals(scores)
    assert totals["places"].precision > totals["base_places"].precision
    assert totals["places"].recall >= totals["base_places"].recall


def test_the_table_has_a_row_per_set(scores):
    text = draft_quality.table(scores)
    assert text.count("\n| ") == 4 and "held out, first set" in text and "development" in text
