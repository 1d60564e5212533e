"""Titled names and known leaders (geo.draft.people)."""

from __future__ import annotations

from geo.draft.article import sentences
from geo.draft.people import find_people


def people(text):
    return {p.name: p for p in find_people(sentences(text))}


def test_a_title_before_a_name_gives_the_title_and_its_country():
    found = people("Russian President Vladimir Putin arrived in Hanoi.")["Vladimir Putin"]
    assert (found.title, found.iso3) == ("Russian President", "RUS")


def test_a_title_after_a_name_in_apposition():
    found = people("Dmitry Peskov, the Kremlin spokesperson, said so.")["Dmitry Peskov"]
    assert (found.title, found.iso3) == ("Kremlin spokesperson", "RUS")


def test_a_title_naming_its_country():
    found = people("He was to meet the President of Ukraine Volodymyr Zelensky.")
    assert found["Volodymyr Zelensky"].title == "President of Ukraine"


def test_a_name_given_again_short_is_the_same_person():
    found = people("Leader Kim Jong Un waited. Chairman Kim smiled. President Putin landed.")
    assert set(found) == {"Kim Jong Un", "Putin"}
    assert found["Kim Jong Un"].sentences == [0, 1]


def test_a_known_leader_without_a_title_takes_the_bundled_events_title():
    found = people("Kim Jong Un arrived by train.")["Kim Jong Un"]
    assert found.known_from and found.title and found.iso3 == "PRK"


def test_a_name_with_no_title_counts_when_the_article_repeats_it_as_a_subject():
    text = "Emmanuel Macron arrived. Emmanuel Macron spoke. Sun Yat-sen University cheered."
    assert set(people(text)) == {"Emmanuel Macron"}
    assert people("Mahatma Gandhi was honoured.") == {}


def test_a_courtesy_title_makes_a_person_whose_office_is_to_confirm():
    found = people("He has not spoken to Mr Volodymyr Zelensky since the war began.")
    assert set(found) == {"Volodymyr Zelensky"} and found["Volodymyr Zelensky"].title == ""


def test_an_abbreviated_country_before_a_title():
    found = people("The U.S. President Joe Biden left Washington.")["Joe Biden"]
    assert (found.title, found.iso3) == ("U.S. President", "USA")


def test_a_full_name_that_speaks_is_a_person_whose_title_is_to_confirm():
    found = people('"We waited all day," 52-year-old fisherman Giorgio Russo told Reuters.')
    assert found["Giorgio Russo"].title == ""


def test_honorifics_and_offices_beyond_heads_of_government_are_titles():
    found = people(
        "Pope Leo arrived. Parliament Speaker Anna Novak and Sheikh Tamim bin Hamad Al Thani waited."
    )
    assert found["Leo"].title == "Pope"
    assert found["Anna Novak"].title == "Parliament Speaker"
    assert found["Tamim bin Hamad Al Thani"].title == "Sheikh"


def test_a_title_between_commas_before_the_name_with_a_rank_between():
    found = people("The President, Major General Muhammadu Buhari (retd.), has arrived in Madinah.")
    assert set(found) == {"Muhammadu Buhari"} and found["Muhammadu Buhari"].title == "President"


def test_a_counterpart_is_a_title_whose_adjective_gives_the_country():
    found = people("In Delhi he met his Indian counterpart, Narendra Modi, NHK reported.")
    assert (found["Narendra Modi"].title, found["Narendra Modi"].iso3) == ("Indian counterpart", "IND")


def test_a_long_arabic_name_is_kept_whole():
    text = "Putin met UAE Leader Sheikh Mohamed bin Zayed Al Nahyan. Foreign Minister Prince Faisal bin Farhan Al Saud came."
    assert {"Mohamed bin Zayed Al Nahyan", "Faisal bin Farhan Al Saud"} <= set(people(text))


def test_an_honorific_is_no_part_of_the_name():
    found = people("Malam Garba Shehu, the president’s spokesman, had on Monday revealed it.")
    assert set(found) == {"Garba Shehu"}


def test_a_titled_name_that_names_an_airport_is_no_person():
    found = people("He landed at Prince Mohammed Bin Abdulaziz International Airport in Madinah.")
    assert found == {}


def test_a_titled_name_that_names_a_body_is_no_person_and_leaves_its_city_a_place():
    found = people("Also present was Ahmed Al Mazrouei, Chairman of the Abu Dhabi Executive Office.")
    assert set(found) == {"Ahmed Al Mazrouei"}


def test_his_highness_is_a_courtesy_not_a_name():
    found = people("UAE President His Highness Sheikh Mohamed bin Zayed Al Nahyan welcomed him.")
    assert set(found) == {"Mohamed bin Zayed Al Nahyan"}


def test_a_title_naming_a_country_of_several_words_keeps_them_all():
    found = people("He was received by Prime Minister of Papua New Guinea James Marape on Sunday.")
    assert found["James Marape"].title == "Prime Minister of Papua New Guinea"
    assert found["James Marape"].iso3 == "PNG"


def test_a_person_arriving_at_a_building_is_still_a_person():
    found = people("Chinese President Xi Jinping arrived at the Palace of Serbia.")
    assert set(found) == {"Xi Jinping"}


def test_a_title_followed_by_another_name_gives_no_country_to_this_one():
    text = "Prime Minister Narendra Modi landed. Papua New Guinea Prime Minister James Marape touched the feet of Modi."
    assert people(text)["Narendra Modi"].iso3 is None


def test_accented_letters_are_part_of_a_name():
    found = people("Turkish President Recep Tayyip Erdoğan met Hungarian Prime Minister Viktor Orbán.")
    assert set(found) == {"Recep Tayyip Erdoğan", "Viktor Orbán"}


def test_el_joins_an_arabic_name():
    assert set(people("Egypt's President Abdel Fattah el-Sisi received him.")) == {"Abdel Fattah el-Sisi"}


def test_a_country_possessive_and_a_title_in_lower_case_before_a_comma():
    found = people("Brazil's foreign minister, Mauro Vieira, told reporters the trip was a success.")
    assert (found["Mauro Vieira"].title, found["Mauro Vieira"].iso3) == ("Brazil's foreign minister", "BRA")


def test_a_person_named_by_a_tie_to_another_but_not_a_deputy_title_cut_short():
    found = people("Kenya's President William Ruto and his wife, Rachel Ruto, flew in.")
    assert found["Rachel Ruto"].title == "wife"
    found = people("First Deputy Prime Minister Denis Manturov accompanied him.")
    assert found["Denis Manturov"].title == "First Deputy Prime Minister"


def test_a_two_letter_family_name_written_alone_names_the_person():
    found = find_people(sentences("Chinese President Xi Jinping arrived. Later Xi left. The xi river."))
    assert [p.sentences for p in found if p.name == "Xi Jinping"] == [[0, 1]]
