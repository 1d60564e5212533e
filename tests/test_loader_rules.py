"""The loader's rules a newcomer meets writing an event by hand: a place name GeoNames holds
more than once, legs that do not join up, and event.toml's problems in plain words, reported
with every other problem in one pass."""

from __future__ import annotations

import pytest

from geo.base.errors import DataError
from geo.cli import main
from geo.io.events import JOIN_KM
from geo.ref.gazetteer import LookupFailed, find_city
from tests.tiny import FILES, URL, tiny_event, write_tiny_event

PLACES_HEADER = "id,name,iso3,lat,lon,kind,admin1,source_url\n"


def test_a_name_of_several_cities_is_refused_with_every_candidate():
    with pytest.raises(LookupFailed) as refused:
        find_city("Pingxiang", "CHN")
    reason = str(refused.value)
    assert "2 cities called 'Pingxiang' in CHN" in reason
    assert "Jiangxi (population 893,550; 27.6° N, 113.9° E)" in reason
    assert "Guangxi (population 129,843; 22.1° N, 106.8° E)" in reason
    assert "admin1" in reason


@pytest.mark.parametrize("region", ["Guangxi", "guangxi", "16"])
def test_a_region_picks_the_one_city(region):
    lon, lat, url = find_city("Pingxiang", "CHN", region)
    assert (round(lat, 1), round(lon, 1)) == (22.1, 106.8)
    assert url == "https://www.geonames.org/1798655"


def test_a_region_with_no_such_city_says_where_the_cities_are():
    with pytest.raises(
        LookupFailed, match=r"no city called 'Pingxiang' in 'Hunan' \(CHN\) in GeoNames; it is in Jiangxi"
    ):
        find_city("Pingxiang", "CHN", "Hunan")


def test_the_loader_refuses_the_row_and_takes_the_region_when_given():
    places = FILES["places.csv"].replace("id,name,iso3,lat,lon,kind,source_url\n", "")
    rows = "".join(
        line.replace(",city,", ",city,,").replace(",capital,", ",capital,,").replace(",venue,", ",venue,,")
        + "\n"
        for line in places.splitlines()
    )
    given = (
        PLACES_HEADER
        + rows
        + f"px,Pingxiang,CHN,,,city,,{URL}/px\npx2,Pingxiang,CHN,,,city,Guangxi,{URL}/px2\n"
    )
    event = tiny_event(places_csv=given)
    refused = [p for p in event.problems if p.file == "places.csv"]
    assert len(refused) == 1 and refused[0].row == 7 and "Guangxi (population" in refused[0].reason
    assert "px" not in event.places
    assert event.places["px2"].lonlat == pytest.approx((106.757, 22.097), abs=0.001)


def test_a_leg_starting_away_from_the_last_is_a_warning_not_a_refusal(tmp_path, capsys):
    # Bob lands at Tianjin, then sets off from Beijing's venue: about 110 km apart.
    legs = FILES["legs.csv"].replace("bob,2,tianjin,venue", "bob,2,venue,tianjin")
    event = tiny_event(legs_csv=legs)
    [warning] = [p for p in event.problems if p.is_warning]
    assert (warning.file, warning.row, warning.column, warning.suggestion) == (
        "legs.csv",
        6,
        "from",
        "tianjin",
    )
    assert "km from where leg 1 ended" in warning.reason
    assert len(event.legs_of("bob")) == 2, "the leg is still drawn"
    assert str(warning).startswith("warning: legs.csv, row 6")
    write_tiny_event(tmp_path, legs_csv=legs)
    assert main(["check", "--event", "tiny", "--root", str(tmp_path)]) == 0, "a warning does not fail check"
    captured = capsys.readouterr()
    assert "tiny: ok (" in captured.out and "1 warning(s)" in captured.out
    assert "warning: legs.csv, row 6" in captured.err


def test_legs_that_join_up_or_nearly_raise_no_warning():
    assert not [p for p in tiny_event().problems if p.is_warning]
    near = FILES["places.csv"] + f"tianjin-east,Tianjin east,CHN,39.13,117.205,city,{URL}/te\n"
    legs = FILES["legs.csv"].replace("bob,2,tianjin,venue", "bob,2,tianjin-east,venue")
    assert JOIN_KM == 1.0
    assert not [p for p in tiny_event(places_csv=near, legs_csv=legs).problems if p.is_warning]


def toml_with(**changes: str) -> str:
    text = FILES["event.toml"]
    for key, line in changes.items():
        text = "\n".join(line if row.startswith(f"{key} =") else row for row in text.splitlines()) + "\n"
    return text


@pytest.mark.parametrize(
    ("line", "key", "reason"),
    [
        ('highlight = "PRK"', "highlight", 'must be a list of country codes, like ["PRK"]'),
        ('highlight = ["PRK", "Korea"]', "highlight", "item 2 is not an ISO 3166-1 alpha-3"),
        ('date = "3 Sep 2025"', "date", "must be a date, like 2025-09-03"),
        ("host = 5", "host", 'must be text in quotes, like "..."'),
        ('seed = "seeds/nowhere.txt"', "seed", "names no file: seeds/nowhere.txt is not in the repository"),
        ('seed = "/etc/passwd"', "seed", "must be a path relative to the repository's root"),
    ],
)
def test_event_toml_problems_are_in_plain_words(line, key, reason):
    text = (
        toml_with(**{line.split(" =")[0]: line})
        if not line.startswith("seed")
        else FILES["event.toml"] + line + "\n"
    )
    try:
        event = tiny_event(event_toml=text)
        problems = event.problems
    except DataError as exc:
        problems = exc.problems
    found = [p for p in problems if p.file == "event.toml" and p.column == key]
    assert found and reason in found[0].reason, problems
    assert "Input should be" not in found[0].reason


def test_event_toml_is_reported_in_the_same_pass_as_the_rows():
    legs = FILES["legs.csv"] + "kim,3,nowhere,venue,train,,,unknown,,unconfirmed,,\n"
    with pytest.raises(DataError) as refused:
        tiny_event(event_toml=toml_with(highlight='highlight = "PRK"'), legs_csv=legs)
    files = {p.file for p in refused.value.problems}
    assert files == {"event.toml", "legs.csv"}
    assert "event.toml, key 'highlight': must be a list" in str(refused.value)


def test_a_tour_names_a_traveller_from_people_csv():
    toml = toml_with(host='shape = "tour"\nhosts = ["CHN"]\ntraveller = "nobody"')
    event = tiny_event(event_toml=toml)
    [problem] = [p for p in event.problems if p.column == "traveller"]
    assert problem.reason == "names person 'nobody', which is not in people.csv"


LEGS_HEADER = "person,seq,from,to,mode,depart,arrive,time_status,alternatives,route_status,note,source_url\n"
WAYPOINTS_HEADER = "person,seq,order,place,time,time_status,status,source_url\n"


def test_a_leg_with_no_reported_route_loads_and_its_waypoints_are_refused_with_the_fix():
    legs = LEGS_HEADER + f"kim,1,pyongyang,venue,train,,,unknown,,unknown,,{URL}/kim-1\n"
    points = WAYPOINTS_HEADER + f"kim,1,1,tianjin,,,reported,{URL}/tianjin\n"
    event = tiny_event(legs_csv=legs, waypoints_csv=points)
    (kim,) = event.legs_of("kim")
    assert kim.route_status == "unknown" and kim.waypoints == ()
    (refused,) = [p for p in event.problems if p.file == "waypoints.csv"]
    assert refused.row == 2 and refused.column == "seq"
    assert "route_status is 'unknown'" in refused.reason and "'unconfirmed'" in refused.reason


def test_a_waypoint_s_time_status_needs_a_time_and_takes_only_exact_or_approximate():
    points = (
        WAYPOINTS_HEADER
        + f"kim,1,1,tianjin,2025-09-02T10:00+08:00,approximate,reported,{URL}/a\n"
        + f"kim,1,2,tianjin,,approximate,reported,{URL}/b\n"
        + f"kim,1,3,tianjin,2025-09-02T11:00+08:00,disputed,reported,{URL}/c\n"
    )
    event = tiny_event(waypoints_csv=points)
    (kept,) = event.legs_of("kim")[0].waypoints
    assert kept.time_certainty == "approximate"
    refused = sorted((p.row, p.column) for p in event.problems if p.file == "waypoints.csv")
    assert refused == [(3, "time_status"), (4, "time_status")]
