"""A leg's mode from its words (geo.draft.mode)."""

from __future__ import annotations

from geo.draft.legs import DraftLeg
from geo.draft.mode import mode_of


def leg_saying(*words):
    return DraftLeg(None, None, words=list(words))  # type: ignore[arg-type]


def test_the_mode_comes_from_the_words():
    assert mode_of(leg_saying("He arrived by armoured train."), "")[0] == "train"
    assert mode_of(leg_saying("Putin flew on."), "")[0] == "air"
    assert mode_of(leg_saying("The motorcade left."), "")[0] == "road"
    assert mode_of(leg_saying("He arrived."), "") == ("", "")
    assert mode_of(leg_saying("He arrived."), "His plane was late.")[0] == "air"


def test_a_leg_by_boat_takes_no_mode_from_a_plane_elsewhere_in_the_article():
    leg = leg_saying("Pope Francis arrived at the island of Lampedusa by boat on Monday.")
    assert mode_of(leg, "A ship touched down at the island before the plane.") == ("", "")
    assert mode_of(leg_saying("He arrived."), "His plane landed.")[0] == "air"
