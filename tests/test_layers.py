"""Layer frames: the country join, roles, legs along waypoints, trade arrows between capitals."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import GeometryCollection, Polygon

from geo.model import facts, layers
from geo.model import scene as scenes
from geo.model.view import Scene, View
from geo.ref.countries import load_countries
from geo.web import captions


@pytest.fixture(scope="module")
def countries_frame(event):
    return layers.build_country_layer(event, load_countries())


def test_countries_are_shaded_by_role(countries_frame, event):
    role = dict(zip(countries_frame["iso3"], countries_frame["role"], strict=True))
    assert role["CHN"] == "host"
    assert role["PRK"] == "highlight"
    assert role["RUS"] == role["CUB"] == role["IDN"] == "guest"
    assert role["KOR"] == "attendee"
    assert role["BRA"] == "other"
    guest_countries = {p.iso3 for p in event.people if p.role == "guest"} - {"PRK"}
    assert {i for i, r in role.items() if r == "guest"} == guest_countries


def test_country_popup_names_its_leader_and_trade_or_says_no_figure(countries_frame, event):
    _, popups = captions.captions(Scene(event, View(year=2024)), "countries", countries_frame)
    popup = dict(zip(countries_frame["iso3"], popups, strict=True))
    assert "Vladimir Putin" in popup["RUS"] and "$244.81 bn" in popup["RUS"]
    assert "no figure found" in popup["CUB"]
    assert popup["BRA"] == "", "countries with no role carry no popup"


def test_focus_layer_is_kims_train_and_guests_are_everyone_else(event):
    focus = layers.build_travel_layer(event, focus=True)
    guests = layers.build_travel_layer(event, focus=False)
    assert set(focus["person"]) == {"kim-jong-un"}
    assert "kim-jong-un" not in set(guests["person"])
    assert len(focus) + len(guests) == len(event.legs)
    assert focus["id"].is_unique and guests["id"].is_unique


def test_every_leg_carries_an_arrowhead(event):
    frame = layers.build_travel_layer(event, focus=False)
    for geom in frame.geometry:
        assert isinstance(geom, GeometryCollection)
        assert isinstance(geom.geoms[-1], Polygon)


def test_train_legs_follow_their_waypoints(event):
    leg = max(event.legs_of("kim-jong-un"), key=lambda leg: len(leg.waypoints))
    coords = facts.leg_coords(event, leg)
    for point in leg.waypoints:
        lon, lat = event.places[point.place].lonlat
        assert np.hypot(coords[:, 0] - lon, coords[:, 1] - lat).min() < 1e-6


def test_stations_list_the_times_they_were_passed(event):
    stops = layers.build_stop_layer(event)
    tips = dict(zip(stops["place"], captions.captions(Scene(event), "stops", stops)[0], strict=True))
    station = next(p for p, place in event.places.items() if place.kind == "station" and p in tips)
    assert "arrives" in tips[station]


def test_trade_arrows_scale_with_value_and_point_both_ways_for_totals(event):
    frame = layers.build_trade_layer(Scene(event, View(year=2024)).flows)
    assert frame["weight"].is_monotonic_decreasing
    assert frame["weight"].max() == pytest.approx(layers.flow_weight(1, 1))
    total = frame[frame["flow"] == "total"].iloc[0]
    heads = [g for g in total.geometry.geoms if isinstance(g, Polygon)]
    assert len(heads) == 2
    assert frame["id"].str.startswith("flow:2024:").all()


def test_trade_filters_pass_through(event):
    assert len(layers.build_trade_layer(Scene(event, View(year=2024, top=3)).flows)) == 3
    assert layers.build_trade_layer(Scene(event, View(year=1990)).flows).empty


def test_no_frame_carries_html(event):

    frames = scenes.frames_of(
        Scene(event, View(layers=("countries", "focus", "guests", "trade", "positions")))
    )
    for key, frame in frames.items():
        text = frame.drop(columns="geometry").astype(str).to_numpy().ravel()
        assert not any("<" in value for value in text), key
