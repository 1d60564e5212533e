"""The bundled event loads whole, and says what the seed article and the references say."""

from __future__ import annotations

import pytest

from geo.base.errors import EventNotFoundError
from geo.io.events import list_events, load_event
from geo.ref.countries import load_countries


def test_every_event_folder_is_found(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "event.toml").write_text("")
    (tmp_path / "not-an-event").mkdir()
    assert list_events(tmp_path) == ["a"]
    assert "beijing-parade-2025" in list_events()


def test_unknown_event_names_the_known_ones():
    with pytest.raises(EventNotFoundError, match="beijing-parade-2025"):
        load_event("no-such-event")


def test_bundled_event_loads_with_no_problems(event):
    assert event.problems == ()
    assert event.rejected == ()


def test_the_official_list_has_26_guests_and_a_host(event):
    guests = [p for p in event.people if p.role == "guest"]
    assert len(guests) == 26
    assert [p.name for p in event.people if p.role == "host"] == ["Xi Jinping"]
    assert {"Vladimir Putin", "Kim Jong Un", "Prabowo Subianto", "Miguel Díaz-Canel"} <= {
        p.name for p in guests
    }
    woo = next(p for p in event.people if p.name == "Woo Won-shik")
    assert woo.role == "attendee" and woo.iso3 == "KOR"


def test_every_row_cites_a_source_but_an_unreported_route(event):
    rows = [*event.people, *event.places.values(), *event.trade, *event.figures]
    rows += [leg for leg in event.legs if leg.source_url or leg.route_status != "unconfirmed"]
    rows += [w for leg in event.legs for w in leg.waypoints]
    assert all(r.source_url.startswith(("http://", "https://")) for r in rows)
    assert sum(1 for leg in event.legs if not leg.source_url) == 6, "the three Tianjin legs pairs only"


def test_every_attendee_country_and_the_host_have_a_shape(event):
    shapes = set(load_countries()["iso3"])
    assert {p.iso3 for p in event.people} <= shapes
    assert {"CHN", "PRK"} <= shapes


def test_kims_train_goes_out_and_back_with_the_disputed_arrival_kept(event):
    legs = event.legs_of("kim-jong-un")
    assert {leg.mode for leg in legs} == {"train"}
    assert event.places[legs[0].from_].name.startswith("Pyongyang")
    assert event.places[legs[-1].to].name.startswith("Pyongyang")
    arrival = next(leg for leg in legs if event.places[leg.to].kind == "station")
    assert arrival.arrive.at.hour == 16 and arrival.time_status == "disputed"
    assert "17:00" in arrival.alternatives
    assert any(w.status == "unconfirmed" for leg in legs for w in leg.waypoints), "Tianjin is not confirmed"


def test_guests_from_the_sco_summit_travel_via_tianjin(event):
    putin = event.legs_of("vladimir-putin")
    assert [event.places[leg.to].name for leg in putin][-1].startswith("Beijing")
    assert any("Tianjin" in event.places[leg.from_].name for leg in putin)


def test_legs_never_arrive_before_they_depart(event):
    for leg in event.legs:
        if leg.depart and leg.arrive and leg.depart.at and leg.arrive.at:
            assert leg.depart.at <= leg.arrive.at, leg.key


def test_north_korea_china_trade_has_both_series_labelled(event):
    series = {t.series for t in event.trade if {t.exporter, t.importer} == {"CHN", "PRK"} and t.year == 2024}
    assert {"GACC", "KOTRA"} <= series
    share = [f for f in event.figures if f.year == 2024 and f.unit == "%" and f.value == 98]
    assert share and "segye" in share[0].source_url
