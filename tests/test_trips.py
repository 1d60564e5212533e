"""A person's trips across the bundled events, and the person's map drawn from them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from geo.cli import main
from geo.io.events import list_events, load_event
from geo.model import person_map, trips
from geo.web import export

KIM = "kim-jong-un"
KIM_TRIPS = [
    ("2018-03-25", "Beijing, China"),
    ("2018-05-07", "Dalian, China"),
    ("2018-06-10", "Singapore, Singapore"),
    ("2018-06-19", "Beijing, China"),
    ("2019-01-07", "Beijing, China"),
    ("2019-02-23", "Hanoi, Vietnam"),
    ("2019-04-24", "Vladivostok, Russian Federation"),
    ("2023-09-10", "Vostochny Cosmodrome, Russian Federation"),
    ("2025-09-01", "Beijing, China"),
]


@pytest.fixture(scope="module")
def events():
    return [load_event(event_id) for event_id in list_events()]


@pytest.fixture(scope="module")
def kim(events):
    return trips.trips_of(KIM, events)


def test_every_trip_of_kim_jong_un_in_order(kim):
    assert [(t.first.isoformat(), t.destination) for t in kim] == KIM_TRIPS


def test_a_trip_sums_up_its_legs(kim, events):
    hanoi = next(t for t in kim if t.event_id == "kim-hanoi-2019-02")
    assert hanoi.modes == ("train", "road")
    assert hanoi.transit == ("CHN",), "China is crossed on the way to Vietnam"
    assert 6000 < hanoi.km < 8000
    done = hanoi.travelled
    assert (done.legs, done.timed, done.estimated) == (6, 6, 0) and 100 < done.hours < 160
    assert hanoi.hours_text == f"{done.hours:,.0f} h (6 of 6 legs timed at both ends)"
    dalian = next(t for t in kim if t.event_id == "kim-dalian-2018-05")
    assert dalian.modes == ("air",) and dalian.hours_text.startswith("≈ ")
    event = next(e for e in events if e.id == "kim-hanoi-2019-02")
    assert hanoi.sources[0] == event.meta.source_url
    assert set(hanoi.sources) >= {leg.source_url for leg in event.legs_of(KIM) if leg.source_url}


def test_partly_timed_trips_say_so(kim):
    partial = [t for t in kim if 0 < t.travelled.timed < t.travelled.legs]
    assert partial, "the bundled trips include some timed only in part"
    for trip in partial:
        done = trip.travelled
        assert trip.hours_text.startswith("≈ ")
        assert (
            f"{done.timed} of {done.legs} legs timed at both ends, {done.estimated} estimated"
            in trip.hours_text
        )


@pytest.mark.parametrize(
    ("timed", "estimated", "legs", "shown"),
    [
        (4, 0, 4, "42 h"),
        (2, 2, 4, "≈ 42 h"),
        (2, 0, 4, "at least 42 h"),
        (0, 0, 3, "not known"),
    ],
)
def test_the_hours_say_how_sure_they_are(timed, estimated, legs, shown):
    done = trips.Travelled(km=1.0, legs=legs, hours=42.0, timed=timed, estimated=estimated, modes=("train",))
    assert done.hours_value == shown
    assert done.timed_note.startswith(f"{timed} of {legs} legs timed at both ends")
    assert ("with no time, not counted" in done.timed_note) == (timed + estimated < legs)


def test_each_trip_has_a_colour_of_its_own_running_by_date(kim):
    colours = trips.trip_colours(kim)
    assert len(set(colours.values())) == len(kim) == 9
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours.values())
    first, last = colours[kim[0].id], colours[kim[-1].id]
    assert int(first[5:7], 16) > int(first[1:3], 16), "the first trip is blue"
    assert int(last[1:3], 16) > int(last[5:7], 16), "the latest is red"


def test_people_in_several_events(events):
    found = {t.id: t for t in trips.travellers(events)}
    assert len(found[KIM].events) == 9
    assert set(found["vladimir-putin"].events) == {
        "beijing-parade-2025",
        "kim-russia-2023-09",
        "kim-vladivostok-2019-04",
    }
    assert "xi-jinping" not in found, "a host who never travels has no trips"


def test_the_person_map_is_one_offline_file_with_every_trip_labelled(tmp_path: Path, kim, capsys):
    out = tmp_path / "kim.html"
    assert main(["export", "--person", KIM, "--out", str(out)]) == 0
    assert "9 trips" in capsys.readouterr().out
    html = out.read_text(encoding="utf-8")
    assert out.stat().st_size <= 1_000_000
    export.check_self_contained(html)
    for trip in kim:  # in the legend, as the page's script holds it (JSON)
        assert json.dumps(f"{trip.dates}: {trip.destination}")[1:-1] in html
    labels = person_map.destination_labels(kim, trips.trip_colours(kim))
    shown = "\n".join(label.text for label in labels)
    for trip in kim:
        assert f"{trip.destination.split(',')[0]}: {trip.dates}" in shown
        assert json.dumps(f"{trip.destination.split(',')[0]}: {trip.dates}", ensure_ascii=False)[1:-1] in html
        assert trip.destination in html  # the table and the layer control name each trip
    assert len(labels) == 6, "the four trips to Beijing share one label"
    beijing = labels[0]
    assert beijing.text.count("Beijing") == 4 and len(beijing.colours) == 4, (
        "the city most visited comes first"
    )
    assert "= dmMapLabels(" in html, "placed by the event map's label rule"
    assert "Trips of Kim Jong Un" in html and "Hours travelling" in html
    assert trips.HOURS_RULE.split(";")[0] in html, "the table says how its hours are counted"


def test_a_person_with_no_trips_is_refused_with_who_travels(tmp_path: Path, capsys):
    assert main(["export", "--person", "xi-jinping", "--out", str(tmp_path / "xi.html")]) == 2
    err = capsys.readouterr().err
    assert "'xi-jinping' travels in none of the" in err and "kim-jong-un" in err
    assert not (tmp_path / "xi.html").exists()
