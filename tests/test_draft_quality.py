"""The Must-show of issue 19 on articles the draft has never seen: on the newest held-out set
(draft_quality.UNSEEN, written and committed before the changes it was to measure, run once
after them) the draft finds 80% of the places within 30 km, 60% of the times, every person, and
every leg quotes the article's own words. benchmarks/draft_quality.py prints the table.

Its first run (README, "Draft an event from a news article") met only the last bar. The three
it missed are marked xfail, strict: they run and assert the bar as the issue sets it, and the
suite fails the day one of them passes, so the mark must then come off (with a new unseen set
to prove it, not this one, which the work after its run has seen)."""

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


MISSED = pytest.mark.xfail(strict=True, reason="missed on the fourth held-out set's first run: README")


def test_every_leg_of_an_unseen_article_quotes_it(unseen):
    assert sum(s.legs for s in unseen) > 0
    assert all(s.legs_quoting == s.legs for s in unseen)


@MISSED
def test_unseen_articles_have_80_percent_of_their_places_within_30_km(unseen):
    assert draft_quality.totals(unseen)["places"].recall >= 0.8


@MISSED
def test_unseen_articles_have_60_percent_of_their_times(unseen):
    assert draft_quality.totals(unseen)["times"].recall >= 0.6


@MISSED
def test_unseen_articles_have_every_person_named(unseen):
    assert [m for s in unseen for m in s.missed_people] == []


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
