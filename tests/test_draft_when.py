"""Dates and clock times read against the dateline, in the place's own zone (geo.draft.when)."""

from __future__ import annotations

from datetime import date, time

from geo.draft.when import find_moments, weekday_date

WEDNESDAY = date(2023, 2, 22)


def moments(text, dateline=WEDNESDAY, story_day=None, last_clock=None):
    return find_moments(text, dateline, story_day, last_clock)


def test_a_weekday_is_the_latest_on_or_before_the_dateline_or_the_next_in_a_plan():
    assert weekday_date("Sunday", WEDNESDAY) == date(2023, 2, 19)
    assert weekday_date("wednesday", WEDNESDAY) == WEDNESDAY
    assert weekday_date("Friday", WEDNESDAY, future=True) == date(2023, 2, 24)
    assert moments("He will arrive on Friday")[0].day == date(2023, 2, 24)


def test_a_clock_time_takes_the_date_beside_it():
    found = moments("at 5 p.m. on Saturday, Feb. 23 he flew", dateline=date(2019, 2, 26))
    assert [(m.day, m.clock) for m in found] == [(date(2019, 2, 23), time(17, 0))]


def test_the_next_morning_follows_the_story_not_the_dateline():
    assert moments("The next morning he left", story_day=date(2023, 2, 19))[0].day == date(2023, 2, 20)


def test_a_clock_earlier_than_the_last_one_has_passed_midnight():
    found = moments("At 08:00 he arrived", story_day=date(2023, 2, 19), last_clock=time(21, 37))
    assert found[0].day == date(2023, 2, 20)
    later = moments("At 23:00 he arrived", story_day=date(2023, 2, 19), last_clock=time(21, 37))
    assert later[0].day == date(2023, 2, 19)


def test_about_and_around_mark_a_time_approximate():
    assert moments("landed around 1:50 a.m.")[0].approximate
    assert moments("landed about noon")[0].approximate
    assert not moments("landed at 1:50 a.m.")[0].approximate


def test_a_time_is_written_in_the_place_zone_unless_the_text_names_one():
    local = moments("landed at 1:50 a.m.", dateline=date(2024, 6, 20))[0]
    assert local.at_place("Asia/Bangkok") == "2024-06-20T01:50+07:00"
    gmt = moments("the train pulled in at around 1945 GMT", dateline=date(2023, 2, 20))[0]
    assert gmt.at_place("Europe/Warsaw") == "2023-02-20T20:45+01:00"


def test_a_time_in_parentheses_is_the_same_moment_on_another_clock():
    found = moments("At 19:57 (20:57) the plane landed", story_day=date(2023, 2, 19))
    assert [m.clock for m in found] == [time(19, 57)]


def test_a_month_and_day_without_a_year_never_lands_months_ahead():
    assert moments("on Dec. 30", dateline=date(2024, 1, 3))[0].day == date(2023, 12, 30)
    assert moments("on the 28th", dateline=date(2024, 6, 2))[0].day == date(2024, 5, 28)
    assert moments("on the 20th", dateline=date(2024, 6, 20))[0].day == date(2024, 6, 20)


def test_a_part_of_the_day_is_the_story_day_only_when_no_date_is_named():
    assert moments("Arrived in the early afternoon", story_day=date(2023, 4, 7))[0].day == date(2023, 4, 7)
    found = moments("on the morning of the 19th", dateline=date(2024, 6, 20))
    assert [m.day for m in found] == [date(2024, 6, 19)]


def test_numbers_that_are_not_clocks_are_left_alone():
    assert moments("the crowd stretched over 12.43 miles") == []


def test_a_24_hour_clock_with_a_needless_pm_is_read_as_the_24_hour_clock():
    assert [m.clock for m in moments("landed around 17:00 p.m. local time")] == [time(17, 0)]
    assert moments("landed at 17:00 a.m.") == []


def test_earlier_in_the_day_is_the_day_the_story_is_at():
    found = moments("Earlier in the day, Putin visited the UAE", story_day=date(2023, 2, 20))
    assert [m.day for m in found] == [date(2023, 2, 20)]
    assert moments("Later that day he left", story_day=date(2023, 2, 20))[0].day == date(2023, 2, 20)


def test_a_day_later_moves_the_story_on_and_a_four_digit_local_clock_is_read():
    assert moments("A day later he left", story_day=date(2023, 2, 20))[0].day == date(2023, 2, 21)
    assert moments("Two days later he left", story_day=date(2023, 2, 20))[0].day == date(2023, 2, 22)
    assert [m.clock for m in moments("landing at 1430 local time")] == [time(14, 30)]
    assert [m.clock for m in moments("at 0915 hrs")] == [time(9, 15)]


def test_a_zone_named_by_its_abbreviation_or_a_city_clock():
    assert [m.zone for m in moments("landed at 10:40 am IST on Monday")] == ["Asia/Kolkata"]
    assert [m.zone for m in moments("arrived at 9 p.m. Beijing time")] == ["Asia/Shanghai"]
    assert [m.zone for m in moments("arrived at 9 p.m. local time")] == [None]


def test_a_live_blog_entry_opens_with_its_clock_written_with_a_dot():
    assert [m.clock for m in moments("16.55: Narendra Modi lands in Lahore")] == [time(16, 55)]
    assert [m.clock for m in moments("17:07 IST - Modi is received by Sharif")] == [time(17, 7)]
    assert moments("He spent 16.55 hours in the air") == []


def test_a_page_publishing_stamp_is_no_moment_of_the_trip():
    assert moments("Modi stuns all with surprise stopover in Lahore 25-12-2015 17:49") == []
