"""Officials listed with their offices, and a spouse by first name (geo.draft.lists)."""

from __future__ import annotations

from geo.draft.article import sentences
from geo.draft.lists import listed_people, spouses
from geo.draft.people import find_people


def names(text):
    return {p.name for p in find_people(sentences(text))}


def test_a_list_of_officials_after_welcomed_by_gives_each_whole_name():
    text = (
        "President Xi was welcomed by Finance Secretary Carlos Dominguez III, Philippine Ambassador "
        "to China Jose Santiago Sta. Romana, Chinese Ambassador to the Philippines Zhao Jianhua and "
        "Manila International Airport Authority General Manager Ed Monreal."
    )
    found = names(text)
    assert {"Carlos Dominguez III", "Jose Santiago Sta. Romana", "Zhao Jianhua", "Ed Monreal"} <= found


def test_initials_a_one_word_name_and_an_office_in_initials_or_lower_case():
    text = (
        "Xi was seen off at the airport, among others by Assembly Speaker P Dhanapal, Chief Secretary "
        "Shanmugham, DGP J K Tripathy and other officials."
    )
    assert [name for name, _ in listed_people(text)] == ["P Dhanapal", "Shanmugham", "J K Tripathy"]
    assert "P J K Tripathy" not in names(text) and "J K Tripathy" in names(text)
    party = "The welcoming party was made up only of Modi, minister-in-waiting Piyush Goyal and US ambassador Richard Verma."
    assert [name for name, _ in listed_people(party)] == ["Piyush Goyal", "Richard Verma"]


def test_a_list_item_is_a_name_only_right_after_its_office():
    text = (
        "Xi was greeted by Foreign Minister Prince Faisal bin Farhan Al Saud and senior officials "
        "at the King Khalid International Airport in Riyadh."
    )
    assert [name for name, _ in listed_people(text)] == ["Faisal bin Farhan Al Saud"]


def test_a_spouse_by_first_name_takes_the_family_name_of_the_person_before():
    text = "US President Barack Obama, accompanied by his wife Michelle, arrived here."
    assert spouses(text, ["Barack Obama"]) == [("Michelle Obama", "wife")]
    assert "Michelle Obama" in names(text)
    assert spouses("Obama came with his wife Michelle Obama.", ["Barack Obama"]) == []


def test_a_name_beginning_with_a_building_word_is_still_a_name():
    assert "Park Geun-hye" in names("Xi met South Korean President Park Geun-hye in Washington.")


def test_the_short_forms_inside_a_name_do_not_end_its_sentence():
    text = "He met Jose Santiago Sta. Romana and Ma. Cristina Arayata. They talked."
    assert [s.text for s in sentences(text)] == [
        "He met Jose Santiago Sta. Romana and Ma. Cristina Arayata.",
        "They talked.",
    ]
