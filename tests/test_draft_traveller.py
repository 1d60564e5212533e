"""Who travels (geo.draft.traveller)."""

from __future__ import annotations

from geo.draft.article import sentences
from geo.draft.people import find_people
from geo.draft.traveller import choose_traveller


def traveller(text):
    found = sentences(text)
    return choose_traveller(find_people(found), found).name


def test_the_traveller_is_the_subject_of_travel_named_by_office_and_country():
    text = (
        "Serbian President Aleksandar Vucic welcomed visiting Chinese President Xi Jinping in Belgrade. "
        "The plane carrying the Chinese leader touched down at Belgrade Airport, where Vucic waited. "
        "Vucic said it was a great day. Vucic thanked the crowd."
    )
    assert traveller(text) == "Xi Jinping"


def test_a_host_who_greets_on_arrival_is_not_the_subject_of_the_arrival():
    text = (
        "Chinese President Xi Jinping is greeted upon his arrival by Foreign Minister Prince Faisal bin Farhan Al Saud. "
        "Prince Faisal bin Farhan Al Saud spoke. Prince Faisal bin Farhan Al Saud smiled."
    )
    assert traveller(text) == "Xi Jinping"


def test_visiting_names_the_traveller_when_no_verb_of_travel_does():
    text = "Serbian President Aleksandar Vucic welcomed visiting Chinese President Xi Jinping on Tuesday."
    assert traveller(text) == "Xi Jinping"
