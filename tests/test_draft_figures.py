"""Figures the article states with what they measure (geo.draft.figures)."""

from __future__ import annotations

from geo.draft.article import sentences
from geo.draft.figures import find_figures


def figures(text):
    return [(f.label, f.value, f.unit, f.status, f.year) for f in find_figures(sentences(text))]


def test_money_with_its_measure():
    assert figures("Biden announced $500 million in military aid to Ukraine.") == [
        ("Military aid", 500_000_000, "USD", "exact", None)
    ]
    assert figures("Bilateral trade reached $34.4 million in 2023.") == [
        ("Bilateral trade", 34_400_000, "USD", "exact", 2023)
    ]


def test_a_share_says_what_it_is_a_share_of():
    assert figures("China accounts for 97% of its external trade.") == [
        ("Share of its external trade", 97, "%", "exact", None)
    ]


def test_more_than_and_about_are_kept():
    assert figures("Aid of more than $2 billion was pledged.")[0][3] == "lower_bound"
    assert figures("Trade was about $1.5 billion.")[0][3] == "approximate"


def test_a_number_whose_measure_is_not_said_is_left_out():
    assert figures("It rose 5%. About 1,000 people waved.") == []
