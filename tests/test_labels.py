"""geo.model.labels: which names go on the map, in which order, and where, with no two overlapping."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from geo.model import labels
from geo.model.view import Scene, View
from geo.web.elements import SCRIPTS
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
    # 40 by 10 pixels beside (100, 100), 6 pixels off: right, then left, then above.
    assert [(lab.text, box) for lab, box in placed] == [
        ("high", (106.0, 95.0, 146.0, 105.0)),
        ("mid", (54.0, 95.0, 94.0, 105.0)),
        ("low", (80.0, 84.0, 120.0, 94.0)),
    ]


def test_a_label_with_no_room_is_left_out_and_one_off_screen_is_too():
    crowd = [label(f"n{i}", i, 0.0) for i in range(6)]
    placed = labels.place(crowd, to_screen=lambda lab: (50.0, 50.0), size_of=lambda lab: (30.0, 10.0))
    assert [box for _, box in placed] == [
        (56.0, 45.0, 86.0, 55.0),
        (14.0, 45.0, 44.0, 55.0),
        (35.0, 34.0, 65.0, 44.0),
        (35.0, 56.0, 65.0, 66.0),
    ], "one per side, then no room"
    inside = labels.place(
        [label("edge", 0, 0.0)],
        to_screen=lambda lab: (5.0, 5.0),
        size_of=lambda lab: (30.0, 10.0),
        within=(0, 0, 20, 20),
    )
    assert inside == []


def test_a_label_whose_point_is_off_the_map_is_left_out_though_its_box_would_fit():
    point_off = labels.place(
        [label("west", 0, 0.0)],
        to_screen=lambda lab: (-3.0, 10.0),
        size_of=lambda lab: (10.0, 4.0),
        within=(0, 0, 100, 100),
    )
    assert point_off == [], "a name with its place off the map would name nothing the reader sees"


def test_a_label_goes_round_an_obstacle():
    placed = labels.place(
        [label("a", 0, 0.0)],
        to_screen=lambda lab: (100.0, 100.0),
        size_of=lambda lab: (40.0, 10.0),
        obstacles=[(120.0, 90.0, 200.0, 110.0)],
    )
    assert [box for _, box in placed] == [(54.0, 95.0, 94.0, 105.0)]


def random_cases(count: int, seed: int = 18) -> list[dict]:
    """Crowded scenes: labels of every priority, some with their point off the map, round panels."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        within = [0.0, 0.0, rng.choice([300.0, 640.5, 1280.0]), rng.choice([200.0, 450.25, 800.0])]
        items = [
            {
                "x": round(rng.uniform(-40, within[2] + 40), 3),
                "y": round(rng.uniform(-40, within[3] + 40), 3),
                "w": round(rng.uniform(12, 160), 3),
                "h": round(rng.uniform(10, 22), 3),
                "priority": rng.randrange(5),
            }
            for _ in range(rng.randrange(1, 40))
        ]
        obstacles = [[0.0, 0.0, rng.uniform(50, 200), rng.uniform(50, 300)] for _ in range(rng.randrange(3))]
        cases.append({"items": items, "within": within, "obstacles": obstacles})
    return cases


def python_rule(case: dict) -> list:
    found = [
        labels.Label(str(i), "x", 0.0, 0.0, "stops", item["priority"]) for i, item in enumerate(case["items"])
    ]
    placed = labels.place(
        found,
        to_screen=lambda lab: (case["items"][int(lab.id)]["x"], case["items"][int(lab.id)]["y"]),
        size_of=lambda lab: (case["items"][int(lab.id)]["w"], case["items"][int(lab.id)]["h"]),
        within=tuple(case["within"]),
        obstacles=[tuple(b) for b in case["obstacles"]],
    )
    boxes: list = [None] * len(found)
    for lab, box in placed:
        boxes[int(lab.id)] = list(box)
    return boxes


def browser_rule(cases: list[dict], script: Path = SCRIPTS / "labels.js") -> list[list]:
    """labels.js's dmPlaceBoxes, run by node on the same cases: each item's box or None."""
    payload = {
        "script": str(script),
        "cases": [{**c, "offsets": labels.OFFSETS, "gap": labels.GAP} for c in cases],
    }
    done = subprocess.run(
        [shutil.which("node") or "/usr/bin/node", str(Path(__file__).parent / "js" / "label_rule.js")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
    )
    return [[None if r is None else r[1] for r in result] for result in json.loads(done.stdout)]


def test_the_browser_and_the_image_place_the_same_labels():
    cases = random_cases(300)
    placed = sum(box is not None for case in cases for box in python_rule(case))
    assert placed > 1000, "the cases place many labels and leave many out"
    assert browser_rule(cases) == [python_rule(case) for case in cases]


def test_the_comparison_sees_a_rule_that_differs(tmp_path):
    other = tmp_path / "labels.js"
    rule = (SCRIPTS / "labels.js").read_text(encoding="utf-8")
    other.write_text(rule.replace("box[2] <= within[2]", "box[2] <= within[2] + 50"), encoding="utf-8")
    cases = random_cases(50)
    assert browser_rule(cases, other) != [python_rule(case) for case in cases]


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


def test_a_reader_s_places_are_named_a_kind_of_their_own_before_the_guests():
    records = [
        {"id": "place:2", "name": "Tokyo Tower", "lon": 139.75, "lat": 35.66},
        {"id": "place:1", "name": "Imperial Palace", "lon": 139.75, "lat": 35.69},
    ]
    found = labels.place_labels(records)
    assert [(lab.id, lab.text, lab.layer, lab.kind) for lab in found] == [
        ("place:1", "Imperial Palace", "places", "your-place"),
        ("place:2", "Tokyo Tower", "places", "your-place"),
    ]
    assert labels.KINDS["your-place"] == labels.YOURS < labels.GUEST
