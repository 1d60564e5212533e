"""Legs in story order, their modes and times (geo.draft.legs), through the whole draft."""

from __future__ import annotations

import csv
import io
from datetime import date

from geo.draft import draft_event

URL = "https://example.org/story"


def legs(text, dateline=date(2024, 6, 20)):
    return list(csv.DictReader(io.StringIO(draft_event(text, url=URL, dateline=dateline)["legs.csv"])))


def test_a_departure_and_the_next_arrival_make_one_leg_with_both_times():
    found = legs(
        "Russian President Vladimir Putin left Pyongyang around midnight on the 20th. "
        "Then Putin arrived at Noi Bai International Airport in Hanoi around 1:50 a.m."
    )
    assert len(found) == 1
    leg = found[0]
    assert (leg["from"], leg["to"]) == ("pyongyang", "hanoi")
    assert (leg["depart"], leg["arrive"]) == ("2024-06-20T00:00+09:00", "2024-06-20T01:50+07:00")
    assert leg["time_status"] == "approximate" and leg["route_status"] == "reported"


def test_a_leg_the_text_gives_no_time_for_has_none():
    leg = legs("Belarusian President Alexander Lukashenko flew from Minsk to Moscow.")[0]
    assert (leg["depart"], leg["arrive"], leg["time_status"]) == ("", "", "unknown")
    assert "To confirm: the article gives no time for this leg" in leg["note"]


def test_a_place_in_parentheses_is_not_a_stop():
    found = legs(
        "On Sunday at 04:15 (11:15 Kyiv time), US President Joe Biden left Washington. "
        "The plane took off again at 18:29 CET (19:29 Kyiv time). "
        "At 19:57 the plane landed in Rzeszow, Poland.",
        dateline=date(2023, 2, 22),
    )
    assert [(leg["from"], leg["to"]) for leg in found] == [("washington", "rzeszow")]


def test_a_departure_told_twice_is_quoted_sentence_by_sentence():
    note = legs(
        "Russian President Vladimir Putin left Pyongyang after 21 hours. "
        "Putin left Pyongyang around midnight on the 20th. "
        "Then Putin arrived in Hanoi around 1:50 a.m."
    )[0]["note"]
    assert "“Russian President Vladimir Putin left Pyongyang after 21 hours.”" in note
    assert "“Putin left Pyongyang around midnight on the 20th.”" in note


def test_an_arrival_with_no_start_starts_from_the_capital_marked_unconfirmed():
    leg = legs("Chinese President Xi Jinping landed in Moscow around 1:30 p.m. local time.")[0]
    assert (leg["from"], leg["route_status"]) == ("beijing", "unconfirmed")
    assert leg["arrive"] == "2024-06-20T13:30+03:00" and leg["time_status"] == "approximate"
    assert "Beijing is assumed" in leg["note"]


def test_boarding_a_flight_from_a_city_departs_from_it():
    leg = legs(
        "Indian Prime Minister Narendra Modi, who boarded a flight from Delhi at 10.30 am today, "
        "arrived at the airport in Moscow at 5.10 pm.",
        dateline=date(2024, 7, 8),
    )[0]
    assert (leg["from"], leg["depart"]) == ("delhi", "2024-07-08T10:30+05:30")
    assert leg["arrive"] == "2024-07-08T17:10+03:00"


def test_a_first_destination_is_an_arrival_on_the_day_the_country_was_reached():
    leg = legs(
        "German Chancellor Olaf Scholz arrived in China on Sunday. "
        "Scholz's first destination was the industrial center of Chongqing.",
        dateline=date(2024, 4, 14),
    )[0]
    assert (leg["from"], leg["to"], leg["arrive"]) == ("berlin", "chongqing", "2024-04-14")


def draft(text, dateline=date(2024, 6, 20)):
    files = draft_event(text, url=URL, dateline=dateline)
    return {name: list(csv.DictReader(io.StringIO(files[name]))) for name in ("places.csv", "legs.csv")}


def test_a_departure_no_arrival_follows_ends_at_an_end_to_confirm():
    found = draft(
        "US President Joe Biden arrived in Kyiv at 8 a.m. on Monday. "
        "At 1:10 p.m., Joe Biden left Kyiv on the same train he arrived on.",
        dateline=date(2023, 2, 20),
    )
    last = found["legs.csv"][-1]
    assert (last["from"], last["depart"]) == ("kyiv", "2023-02-20T13:10+02:00")
    end = next(p for p in found["places.csv"] if p["id"] == last["to"])
    assert (end["lat"], end["lon"]) == ("", "")
    assert "To confirm: the article does not name where this leg ends" in end["note"]


def test_a_departure_that_names_no_place_leaves_from_where_the_story_is():
    found = legs(
        "Russian President Vladimir Putin arrived in Pyongyang at 2:22 a.m. on the 19th. "
        "Putin's plane took off at 11 p.m. on the 19th. "
        "Then Putin arrived in Hanoi around 1:50 a.m."
    )
    assert [(leg["from"], leg["to"], leg["depart"]) for leg in found][-1] == (
        "pyongyang",
        "hanoi",
        "2024-06-19T23:00+09:00",
    )


def test_a_venue_geonames_lacks_is_placed_at_its_city_and_marked_approximate():
    found = draft(
        "At 08:00 on Monday, US President Joe Biden arrived in Kyiv. "
        "At 08:18, the presidential motorcade moved to the Mariinsky Palace.",
        dateline=date(2023, 2, 20),
    )
    venue = next(p for p in found["places.csv"] if p["name"] == "Mariinsky Palace")
    kyiv = next(p for p in found["places.csv"] if p["id"] == "kyiv")
    assert venue["kind"] == "venue" and (venue["lat"], venue["lon"]) == (kyiv["lat"], kyiv["lon"])
    assert "Approximate" in venue["note"] and "To confirm:" in venue["note"]
    leg = found["legs.csv"][-1]
    assert (leg["from"], leg["to"], leg["mode"]) == ("kyiv", venue["id"], "road")
    assert leg["depart"] == "2023-02-20T08:18+02:00"


def test_a_time_at_a_place_with_no_travel_verb_dates_the_arrival_in_its_country():
    leg = legs(
        "Russian President Vladimir Putin arrived in North Korea early Wednesday morning. "
        "TASS reported that Putin met with Kim at Pyongyang airport around 3 a.m. on the 19th."
    )[-1]
    assert (leg["to"], leg["arrive"]) == ("pyongyang", "2024-06-19T03:00+09:00")
    assert leg["time_status"] == "approximate"
    assert "not when they arrived" in leg["note"]


def test_a_traveller_whose_country_is_not_given_keeps_the_leg_from_a_start_to_confirm():
    found = draft(
        "Emmanuel Macron arrived in Canton on April 7, in the early afternoon. "
        "Emmanuel Macron joined the students.",
        dateline=date(2023, 4, 8),
    )
    leg = found["legs.csv"][0]
    assert (leg["to"], leg["arrive"]) == ("canton", "2023-04-07")
    start = next(p for p in found["places.csv"] if p["id"] == leg["from"])
    assert (
        start["lat"] == "" and "To confirm: the article does not name where this leg starts" in start["note"]
    )


def test_a_later_sentence_naming_the_start_replaces_the_assumed_capital():
    found = draft(
        "Indian Prime Minister Narendra Modi on Monday arrived in Moscow for a two-day visit. "
        "PM Modi, who boarded a flight from Delhi at 10.30 am today, arrived at the Vnukovo-II "
        "International Airport in Moscow at 5.10 pm.",
        dateline=date(2024, 7, 8),
    )
    assert [(leg["from"], leg["depart"]) for leg in found["legs.csv"]] == [
        ("delhi", "2024-07-08T10:30+05:30")
    ]
    assert "new-delhi" not in {p["id"] for p in found["places.csv"]}


def test_a_day_named_in_a_sentence_with_no_travel_does_not_move_the_story_back():
    leg = legs(
        "French President Emmanuel Macron spoke in Canton on April 7. "
        "He had called on China on Thursday to act. "
        "Arrived in the early afternoon in Canton, Macron went to the students.",
        dateline=date(2023, 4, 8),
    )[0]
    assert (leg["to"], leg["arrive"]) == ("canton", "2023-04-07")


def test_an_arrival_from_the_city_of_a_place_names_the_leg_start():
    found = draft(
        "Chinese President Xi Jinping touched down at 9:35 p.m. at Belgrade Airport. "
        "The Chinese leader arrived in Belgrade from the city of Tarbes in southwestern France.",
        dateline=date(2024, 5, 7),
    )
    assert [(leg["from"], leg["to"]) for leg in found["legs.csv"]] == [("tarbes", "belgrade")]


def test_a_small_island_a_country_named_holds_is_found_after_a_cue():
    found = draft(
        "Pope Francis arrived at the tiny Italian island of Lampedusa by boat on Monday.", date(2013, 7, 8)
    )
    lampedusa = next(p for p in found["places.csv"] if p["name"] == "Lampedusa")
    assert (round(float(lampedusa["lat"]), 1), lampedusa["iso3"]) == (35.5, "ITA")


def test_a_small_town_near_the_story_beats_a_bigger_one_far_away():
    found = draft(
        "Biden flew into San Francisco on Tuesday. He met Chinese President Xi Jinping at an estate in "
        "Woodside, near San Francisco, in the U.S. state of California. Edgewood Road was closed.",
        date(2023, 11, 15),
    )
    names = {p["name"]: p for p in found["places.csv"]}
    assert round(float(names["Woodside"]["lon"])) == -122 and "Edgewood" not in names


def test_a_country_visited_earlier_in_the_day_is_a_stop_at_its_one_place_before_the_next():
    found = draft(
        "Russian President Vladimir Putin landed in Riyadh on Wednesday. "
        "Earlier in the day, Putin visited the United Arab Emirates and met its leader. "
        "According to the Kremlin, the talks in Abu Dhabi focused on trade.",
        dateline=date(2023, 12, 7),
    )
    assert [(leg["from"], leg["to"], leg["arrive"]) for leg in found["legs.csv"]] == [
        ("moscow", "abu-dhabi", "2023-12-06"),
        ("abu-dhabi", "riyadh", "2023-12-06"),
    ]


def test_a_visit_told_as_past_history_is_no_stop():
    found = draft(
        "Russian President Vladimir Putin landed in Riyadh on Wednesday. "
        "Putin last visited the United Arab Emirates in 2019, holding talks in Abu Dhabi.",
        dateline=date(2023, 12, 7),
    )
    assert [leg["to"] for leg in found["legs.csv"]] == ["riyadh"]


def test_news_verbs_of_arrival_beyond_arrived_and_landed():
    cases = {
        "Japanese Prime Minister Fumio Kishida made a stopover in Warsaw on Monday.": "warsaw",
        "Chinese President Xi Jinping began a state visit to Vietnam, landing in Hanoi on Tuesday.": "hanoi",
        "French President Emmanuel Macron was greeted at the airport in Nairobi on Tuesday.": "nairobi",
        "Ukrainian President Volodymyr Zelensky made a surprise visit to Washington on Wednesday.": "washington",
        "Polish President Andrzej Duda crossed the border into Lithuania, reaching Vilnius on Monday.": "vilnius",
    }
    for text, end in cases.items():
        assert [leg["to"] for leg in draft(text, dateline=date(2023, 11, 6))["legs.csv"]] == [end], text


def test_flying_out_of_a_city_starts_the_leg_there():
    found = draft(
        "Chinese President Xi Jinping flew out of Paris on Tuesday morning and landed in Belgrade at 9:35 p.m.",
        dateline=date(2024, 5, 7),
    )
    assert [(leg["from"], leg["to"]) for leg in found["legs.csv"]] == [("paris", "belgrade")]


def test_a_capital_named_only_as_a_destination_is_a_place_and_the_assumed_start_is_not_listed_twice():
    found = draft(
        "Indian Prime Minister Narendra Modi arrived in Athens on Friday. "
        "He departed for New Delhi the same evening.",
        dateline=date(2023, 8, 26),
    )
    ends = [(leg["from"], leg["to"]) for leg in found["legs.csv"]]
    ids = [p["id"] for p in found["places.csv"]]
    assert ends == [("new-delhi", "athens"), ("athens", "new-delhi")] and ids == ["athens", "new-delhi"]
    athens = next(p for p in found["places.csv"] if p["id"] == "athens")
    assert athens["iso3"] == "GRC"


def test_arrived_here_is_the_city_of_the_wire_dateline():
    found = draft(
        "WASHINGTON, June 20 (Reuters) - Indian Prime Minister Narendra Modi arrived here on Tuesday at 4:30 p.m.",
        dateline=date(2023, 6, 21),
    )
    assert [(leg["to"], leg["arrive"]) for leg in found["legs.csv"]] == [
        ("washington", "2023-06-20T16:30-04:00")
    ]
    kathmandu = draft(
        "Kathmandu [Nepal], May 31 (ANI): Prime Minister Narendra Modi arrived here on Wednesday."
    )
    assert [leg["to"] for leg in kathmandu["legs.csv"]] == ["kathmandu"]
    assert draft("Meanwhile, Prime Minister Narendra Modi arrived here on Wednesday.")["legs.csv"] == []


def test_a_trip_in_an_earlier_year_is_history_not_a_leg():
    found = draft(
        "Chinese President Xi Jinping landed in Belgrade on Tuesday. Xi visited Paris in 2019 as well.",
        dateline=date(2024, 5, 7),
    )
    assert [leg["to"] for leg in found["legs.csv"]] == ["belgrade"]


def test_an_arrival_at_an_airport_named_after_a_person_ends_at_the_dateline_city():
    found = draft(
        "MANILA — Chinese President Xi Jinping arrived at the Ninoy Aquino International Airport "
        "at around 11:30 a.m. Tuesday.",
        dateline=date(2018, 11, 20),
    )
    assert [(leg["to"], leg["arrive"]) for leg in found["legs.csv"]] == [("manila", "2018-11-20T11:30+08:00")]


def test_a_departure_told_first_in_the_lead_leaves_from_where_the_story_later_arrives():
    found = draft(
        "Chinese President Xi Jinping wrapped up his trip and departed for home on Friday evening. "
        "Xi arrived in Washington on Wednesday evening from Prague.",
        dateline=date(2016, 4, 1),
    )
    legs = [(leg["from"], leg["depart"], leg["arrive"]) for leg in found["legs.csv"]]
    assert legs == [("prague", "", "2016-03-30"), ("washington", "2016-04-01", "")]


def test_a_visit_s_scheduled_departure_is_kept_but_a_planned_arrival_is_not():
    found = draft(
        "Xi Jinping arrived in Manila on Tuesday. President Xi will leave Manila on Wednesday afternoon.",
        dateline=date(2018, 11, 20),
    )
    assert [(leg["from"], leg["depart"]) for leg in found["legs.csv"]][-1] == ("manila", "2018-11-21")
    planned = draft("Xi Jinping arrived in Manila on Tuesday. Xi will arrive in Davao on Wednesday.")
    assert [leg["to"] for leg in planned["legs.csv"]] == ["manila"]


def test_a_leg_with_no_time_takes_the_day_the_sentence_before_told():
    found = draft(
        "Prime Minister Narendra Modi arrived in Chennai on Friday. "
        "On Saturday morning, the two leaders held talks for an hour. "
        "After lunch, Narendra Modi left for Delhi.",
        dateline=date(2019, 10, 12),
    )
    last = found["legs.csv"][-1]
    assert (last["to"], last["depart"], last["time_status"]) == ("delhi", "2019-10-12", "approximate")
    # A line opening with its date is the page's stamp, no day of the story.
    stamp = draft(
        "Narendra Modi arrived in Chennai on Friday. 12th October 2019 By A Reporter. Narendra Modi left for Delhi.",
        dateline=date(2019, 10, 12),
    )
    assert stamp["legs.csv"][-1]["depart"] == ""


def test_an_arrival_at_the_airport_is_at_the_airport_the_story_named():
    found = draft(
        "After lunch, Chinese President Xi Jinping left for Chennai Airport. "
        "A red carpet welcome was accorded when Xi Jinping arrived at the airport yesterday.",
        dateline=date(2019, 10, 12),
    )
    assert ("chennai", "2019-10-11") in [(leg["to"], leg["arrive"]) for leg in found["legs.csv"]]
