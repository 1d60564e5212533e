"""geo.model.timeline: where each traveller was at a moment, by the rules in its docstring."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import geopandas as gpd
import pytest

from geo.base import registry
from geo.model import facts, layers, style, timeline
from geo.model import scene as scenes
from geo.model.view import Scene
from geo.ref import geodesy
from geo.web import captions, maps
from tests.tiny import tiny_event

BEIJING = timezone(timedelta(hours=8))


@pytest.fixture(scope="module")
def tiny():
    return tiny_event()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BEIJING)


def positions(event, moment):
    """The travellers' layer with the tooltip and popup the map renders for each."""
    frame = layers.build_position_layer(event, moment)
    tips, popups = captions.captions(Scene(event), "positions", frame)
    return frame.assign(tip=[str(t) for t in tips], popup=[str(p) for p in popups])


def row(frame, person: str):
    return frame.set_index("person").loc[person]


@pytest.mark.parametrize(
    ("moment", "person", "status"),
    [
        ("2025-09-02T05:00", "kim", "not yet departed"),
        ("2025-09-02T11:00", "kim", "travelling"),
        ("2025-09-02T17:00", "kim", "at Beijing"),
        ("2025-09-04T13:00", "kim", "travelling"),
        ("2025-09-05T13:00", "kim", "at Pyongyang"),
        ("2025-09-01T00:00", "ann", "not yet departed"),
        ("2025-09-02T12:00", "ann", "at Beijing"),
        ("2025-09-02T12:00", "bob", "unknown"),
        ("2025-09-03T00:00", "bob", "at Beijing"),
    ],
)
def test_status_follows_the_reported_times(tiny, moment, person, status):
    frame = positions(tiny, at(moment))
    assert row(frame, person)["status"] == status


def test_a_traveller_is_halfway_along_the_route_halfway_through_the_leg(tiny):
    frame = positions(tiny, at("2025-09-02T11:00"))
    point = row(frame, "kim").geometry
    start, end = tiny.places["pyongyang"].lonlat, tiny.places["venue"].lonlat
    done, left = geodesy.distance_km(start, (point.x, point.y)), geodesy.distance_km((point.x, point.y), end)
    assert done == pytest.approx(left, rel=0.05)
    assert not row(frame, "kim")["approximate"]


def test_focus_travellers_sit_on_their_offset_line(tiny):
    frame = positions(tiny, at("2025-09-02T11:00"))
    drawn = layers.build_travel_layer(tiny, focus=True).set_index("id").loc["leg:kim:1"].geometry
    point = row(frame, "kim").geometry
    assert row(frame, "kim")["focus"]
    assert drawn.distance(point) < 0.01


def test_outside_a_leg_a_traveller_is_at_the_place_itself(tiny):
    frame = positions(tiny, at("2025-09-02T05:00"))
    point = row(frame, "kim").geometry
    assert (point.x, point.y) == tiny.places["pyongyang"].lonlat


def test_a_day_only_time_is_midday_and_approximate(tiny):
    times = timeline.resolve_leg_times(tiny, tiny.legs_of("kim")[1])
    assert times.depart == at("2025-09-04T12:00")
    assert times.arrive == at("2025-09-05T12:00")
    assert times.approximate
    assert "only the day" in times.basis
    frame = positions(tiny, at("2025-09-04T20:00"))
    assert row(frame, "kim")["approximate"]
    assert "only the day" in row(frame, "kim")["tip"]


def test_a_missing_departure_is_estimated_from_distance_and_mode(tiny):
    leg = tiny.legs_of("ann")[0]
    times = timeline.resolve_leg_times(tiny, leg)
    km = geodesy.path_length_km(list(map(tuple, facts.leg_coords(tiny, leg))))
    hours = (times.arrive - times.depart).total_seconds() / 3600
    assert hours == pytest.approx(km / timeline.TYPICAL_KMH["air"], rel=1e-6)
    assert times.depart_estimated and not times.arrive_estimated
    assert "estimated" in times.basis


def test_midday_is_moved_when_it_would_put_arrival_before_departure():
    legs = tiny_event().legs_of("kim")
    changed = tiny_event(
        legs_csv="person,seq,from,to,mode,depart,arrive,time_status,alternatives,route_status,note,source_url\n"
        "kim,1,pyongyang,venue,train,2025-09-02,2025-09-02T06:00+08:00,approximate,,confirmed,,"
        + legs[0].source_url
        + "\n"
    )
    times = timeline.resolve_leg_times(changed, changed.legs_of("kim")[0])
    assert at("2025-09-02T00:00") <= times.depart < times.arrive == at("2025-09-02T06:00")


def test_an_untimed_trip_is_unknown_and_shown_where_it_starts(tiny):
    frame = positions(tiny, at("2025-09-02T12:00"))
    bob = row(frame, "bob")
    assert bob["status"] == "unknown"
    assert (bob.geometry.x, bob.geometry.y) == tiny.places["astana"].lonlat
    assert "not reported" in bob["tip"]


def test_unknown_positions_are_drawn_hollow():
    frame = gpd.GeoDataFrame(
        {"focus": [False, False], "status": ["unknown", "at Beijing"]}, geometry=[None, None]
    )
    hollow, known = style.styles_of("positions", frame)
    assert hollow.fill_colour == "#ffffff" and hollow.dash
    assert known.fill_colour != "#ffffff" and not known.dash


def test_an_attendee_is_at_the_event_from_its_day_when_the_arrival_is_not_reported(tiny):
    frame = positions(tiny, at("2025-09-03T09:00"))
    bob = row(frame, "bob")
    assert bob["status"] == "at Beijing"
    assert bob["approximate"]
    assert "attended" in bob["note"]


def test_a_naive_time_is_the_event_s_local_time(tiny):
    naive = positions(tiny, datetime(2025, 9, 2, 11))
    aware = positions(tiny, at("2025-09-02T11:00"))
    assert list(naive["status"]) == list(aware["status"])
    assert naive.geometry.geom_equals(aware.geometry).all()


def test_one_row_per_traveller_with_the_layer_columns(tiny):
    frame = positions(tiny, at("2025-09-02T11:00"))
    assert frame.crs == "EPSG:4326"
    assert sorted(frame["id"]) == ["position:ann", "position:bob", "position:kim"]
    assert set(frame["kind"]) == {"position"}
    assert {"id", "kind", "person", "focus", "status", "tip", "popup"} <= set(frame.columns)
    assert set(frame.geometry.geom_type) == {"Point"}


def test_every_data_string_is_escaped(tiny):
    frame = positions(tiny, at("2025-09-02T11:00"))
    ann = row(frame, "ann")
    assert "&lt;b&gt;Ann&lt;/b&gt; &amp; Co" in ann["tip"]
    assert "<b>Ann</b>" not in ann["tip"] + ann["popup"]


def test_the_layer_draws_on_the_map(tiny):
    frames = scenes.frames_of(Scene(tiny))
    frames["positions"] = positions(tiny, at("2025-09-02T11:00"))
    html = maps.build_map(Scene(tiny), frames=frames).get_root().render()
    assert registry.LAYERS["positions"].title in html
    assert "position:kim" in html


def test_kim_is_between_shenyang_and_beijing_on_the_morning_of_2_september(event):
    frame = positions(event, at("2025-09-02T09:00"))
    kim = row(frame, "kim-jong-un")
    assert kim["status"] == "travelling"
    assert event.places["beijing-station"].lon < kim.geometry.x < event.places["shenyang"].lon


def test_a_person_without_legs_cannot_be_located(tiny):
    with pytest.raises(ValueError, match="no legs"):
        timeline.locate(tiny, "eve", at("2025-09-02T11:00"))


def test_the_popup_names_the_leg_under_way_and_only_that_one(tiny):
    frame = positions(tiny, at("2025-09-02T11:00"))
    popup = row(frame, "kim")["popup"]
    assert "Leg 1: Pyongyang → Beijing" in popup and "Leg 2" not in popup
    assert "https://example.org/source/kim-1" in popup
    later = positions(tiny, at("2025-09-02T17:00"))
    assert "Leg " not in row(later, "ann")["popup"]  # arrived at noon: no leg under way


def test_moves_are_each_departure_passing_and_arrival_in_order(event):
    from geo.model import facts

    found = timeline.moves(event, facts.focus_people(event))
    assert [m.what for m in found][:3] == [
        "Kim Jong Un departs Pyongyang",
        "Kim Jong Un arrives at Dandong",
        "Kim Jong Un departs Dandong",
    ]
    assert found[0].estimated, "only the day of departure is reported"
    assert [m.at for m in found] == sorted(m.at for m in found)
    arrival = next(m for m in found if m.what == "Kim Jong Un arrives at Beijing Railway Station")
    assert arrival.at.isoformat() == "2025-09-02T16:00:00+08:00" and not arrival.estimated


def test_on_a_leg_whose_route_no_page_reports_the_position_is_approximate_and_says_so():
    legs = (
        "person,seq,from,to,mode,depart,arrive,time_status,alternatives,route_status,note,source_url\n"
        "kim,1,pyongyang,venue,train,2025-09-02T06:00+08:00,2025-09-02T16:00+08:00,exact,,unknown,,"
        "https://example.org/kim-1\n"
    )
    event = tiny_event(legs_csv=legs)
    found = timeline.locate(event, "kim", at("2025-09-02T11:00"))
    assert found.status == timeline.TRAVELLING and found.approximate
    assert "route not reported" in found.note
    exact = timeline.locate(tiny_event(), "kim", at("2025-09-02T11:00"))
    assert not exact.approximate and "route not reported" not in exact.note
