"""Legs in story order, their modes and times (geo.draft.legs), through the whole draft."""

from __future__ import annotations

import csv
import io
from datetime import date

from geo.draft import draft_event
from geo.draft.legs import DraftLeg, mode_of

URL = "https://example.org/story"


def legs(text, dateline=date(2024, 6, 20)):
    return list(csv.DictReader(io.StringIO(draft_event(text, url=URL, dateline=dateline)["legs.csv"])))


def leg_saying(*words):
    return DraftLeg(None, None, words=list(words))  # type: ignore[arg-type]


def test_the_mode_comes_from_the_words():
    assert mode_of(leg_saying("He arrived by armoured train."), "")[0] == "train"
    assert mode_of(leg_saying("Putin flew on."), "")[0] == "air"
    assert mode_of(leg_saying("The motorcade left."), "")[0] == "road"
    assert mode_of(leg_saying("He arrived."), "") == ("", "")
    assert mode_of(leg_saying("He arrived."), "His plane was late.")[0] == "air"


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
