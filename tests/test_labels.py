"""geo.model.labels: which names go on the map, in which order, and where, with no two overlapping."""

from __future__ import annotations

import pytest

from geo.model import labels
from geo.model.view import Scene, View
from tests.tiny import tiny_event


def by_text(found: list[labels.Label]) -> dict[str, labels.Label]:
    return {label.text: label for label in found}


def test_the_highlighted_trip_s_places_come_first_then_the_guests(event):
    found = by_text(labels.labels_of(Scene(event)))
    assert {"Pyongyang", "Dandong", "Beijing Railway Station"} <= set(found)
    assert found["Pyongyang"].priority == found["Beijing Railway Station"].priority == labels.TRIP_END
    assert found["Tiananmen Square"].priority == labels.VENUE
    putin = found["Vladimir Putin"]
    assert (putin.priority, putin.layer) == (labels.GUEST, "guests")
    assert (putin.lon, putin.lat) == event.places["moscow"].lonlat, "at the start of his arc"
    assert "Kim Jong Un" not in found, "the highlighted traveller is named by his trip, not as a guest"
    priorities = [label.priority for label in labels.labels_of(Scene(event))]
    assert priorities == sorted(priorities)


def test_labels_follow_the_layers_shown(event):
    only_countries = by_text(labels.labels_of(Scene(event, View(layers=("countries",)))))
    assert set(only_countries) == {"Tiananmen Square"}
    assert "Vladimir Putin" not in by_text(labels.labels_of(Scene(event, View(layers=("focus",)))))


def test_an_event_with_a_single_traveller_and_no_story():
    tiny = tiny_event(
        people_csv="id,name,title,iso3,role,note,source_url\nkim,Kim,Chairman,PRK,guest,,https://example.org/k\n",
        legs_csv="person,seq,from,to,mode,depart,arrive,time_status,alternatives,route_status,note,source_url\n"
        "kim,1,pyongyang,venue,train,,,unknown,,confirmed,,https://example.org/l\n",
    )
    assert [(label.text, label.priority) for label in labels.labels_of(Scene(tiny))] == [
        ("Beijing", labels.TRIP_END),
        ("Pyongyang", labels.TRIP_END),
    ]


def label(text: str, priority: int, x: float) -> labels.Label:
    return labels.Label(f"stop:{text}", text, x, 0.0, "stops", priority)


def test_placement_is_greedy_by_priority_and_tries_each_side():
    near = [label("low", 3, 0.0), label("high", 0, 0.0), label("mid", 1, 0.0)]
    placed = labels.place(near, to_screen=lambda lab: (100.0, 100.0), size_of=lambda lab: (40.0, 10.0))
    assert [(lab.text, box) for lab, box in placed] == [
        ("high", labels.box_at(100, 100, 40, 10, labels.OFFSETS[0])),
        ("mid", labels.box_at(100, 100, 40, 10, labels.OFFSETS[1])),
        ("low", labels.box_at(100, 100, 40, 10, labels.OFFSETS[2])),
    ]
    boxes = [box for _, box in placed]
    assert not any(labels.overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_a_label_with_no_room_is_left_out_and_one_off_screen_is_too():
    crowd = [label(f"n{i}", i, 0.0) for i in range(6)]
    placed = labels.place(crowd, to_screen=lambda lab: (50.0, 50.0), size_of=lambda lab: (30.0, 10.0))
    assert len(placed) == len(labels.OFFSETS), "one per side, then no room"
    inside = labels.place(
        [label("edge", 0, 0.0)],
        to_screen=lambda lab: (5.0, 5.0),
        size_of=lambda lab: (30.0, 10.0),
        within=(0, 0, 20, 20),
    )
    assert inside == []


@pytest.mark.parametrize(
    ("a", "b", "expected"), [((0, 0, 10, 10), (10, 0, 20, 10), False), ((0, 0, 10, 10), (9, 9, 20, 20), True)]
)
def test_overlaps(a, b, expected):
    assert labels.overlaps(a, b) is expected


def test_the_highlighted_travellers_are_named_where_they_are(event):
    from datetime import datetime

    from geo.model import layers

    frame = layers.build_position_layer(event, datetime(2025, 9, 2, 9))
    records = frame.drop(columns="geometry").assign(lon=frame.geometry.x, lat=frame.geometry.y)
    (kim,) = labels.position_labels(records.to_dict("records"))
    assert (kim.id, kim.text, kim.layer, kim.priority) == (
        "position:kim-jong-un",
        "Kim Jong Un",
        "positions",
        0,
    )
    point = frame.set_index("id").geometry["position:kim-jong-un"]
    assert (kim.lon, kim.lat) == (point.x, point.y)
