"""Places found in GeoNames and told apart by the article's context (geo.draft.places)."""

from __future__ import annotations

from geo.draft.article import sentences
from geo.draft.places import choose, find_places


def places(text, people=frozenset()):
    return {p.name: p for p in find_places(sentences(text), set(people)).places}


def test_pingxiang_on_the_vietnam_border_is_the_guangxi_town():
    found = places("Kim's train crossed from Lang Son in Vietnam to Pingxiang.")
    city = found["Pingxiang"].city
    assert city is not None and round(float(city["latitude"]), 1) == 22.1
    assert "km from other places" in found["Pingxiang"].why


def test_a_name_the_context_cannot_settle_is_listed_with_its_candidates_not_guessed():
    found = places("He once visited Pingxiang.")["Pingxiang"]
    assert found.city is None
    assert len(found.candidates) == 2
    assert "does not settle" in found.why


def test_the_country_named_settles_washington_and_population_settles_moscow():
    assert places("The U.S. president left Washington.")["Washington"].city["admin1code"] == "DC"
    assert places("He flew to Moscow.")["Moscow"].city["countrycode"] == "RU"


def test_names_that_only_look_like_places_are_not_places():
    found = places(
        "Ministers, including the British Dominic Raab, back the Rome Statute. Kim smiled. It was March."
    )
    assert found == {}


def test_a_person_name_is_never_a_place():
    assert "Kim" not in places("Kim arrived in Pyongyang.", people={"kim"})


def test_a_misspelt_town_is_found_in_the_countries_the_article_names():
    found = places("The train arrived in Przemsl, Poland.")
    assert found["Przemsl"].city["name"] == "Przemyśl"


def test_choose_takes_a_candidate_only_with_a_clear_lead():
    big = {"name": "A", "countrycode": "RU", "population": 1_000_000, "latitude": 55.0, "longitude": 37.0}
    small = {"name": "A", "countrycode": "US", "population": 900_000, "latitude": 46.0, "longitude": -117.0}
    assert choose([big, small], set(), [])[0] is None
    assert choose([big, small], {"RUS"}, [])[0] is big
    assert choose([big, small], {"USA"}, [])[0] is small


def test_a_wire_dateline_and_a_province_are_not_places_of_the_story():
    found = places("BEIJING, April 12 (Xinhua) -- Lula arrived in Shanghai. He saw Guangdong province.")
    assert set(found) == {"Shanghai"}


def test_a_name_before_province_is_a_region_not_a_city():
    assert places("In China, they walked to the governor's residence of Guangdong province.") == {}


def test_a_capital_named_only_as_its_government_is_not_a_place():
    found = places(
        "Belarusian President Alexander Lukashenko arrived in Beijing on Tuesday. "
        "Ahead of the trip, Beijing hailed its partnership with Minsk, and Moscow's war went on."
    )
    assert set(found) == {"Beijing"}


def test_a_capital_after_an_airport_name_is_where_the_story_is():
    text = "The aircraft departed the Nnamdi Azikiwe International Airport Abuja at 9:10 a.m."
    assert places(text)["Abuja"].city["countrycode"] == "NG"


def test_a_country_or_its_adjective_is_no_city_by_an_alternate_name():
    found = places("He will co-host the Forum for India-Pacific Islands Cooperation. An Indian premier came.")
    assert found == {}


def test_the_first_word_of_a_longer_name_is_no_town_of_its_own():
    found = places("Canada Road in San Mateo County will be closed.")
    assert "San" not in found


def test_a_place_named_only_as_a_subject_of_the_talks_is_no_place_of_the_story():
    found = places("In Riyadh they discussed oil prices, the Ukraine conflict and the situation in Gaza.")
    assert "Gaza" not in found and "Riyadh" in found
    assert "Gaza" in places("He flew to Gaza. They discussed the situation in Gaza.")


def test_the_first_word_of_an_airport_named_after_a_person_is_no_town():
    found = places(
        "Xi arrived in the Philippines at the Ninoy Aquino International Airport. "
        "Manila International Airport staff met him."
    )
    assert "Ninoy" not in found and "Manila" in found
    # The same word is a town when the article also names it by itself.
    assert "Beijing" in places("He landed at Beijing Capital International Airport and drove into Beijing.")


def test_a_venue_named_after_a_city_is_not_that_city():
    assert "Hyderabad" not in places("At 1 p.m., Obama is to attend a luncheon with Modi at Hyderabad House.")
    assert "Hyderabad" in places("Later, Obama flew to Hyderabad.")
