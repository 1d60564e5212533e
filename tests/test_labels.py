"""geo.model.labels: which names go on the map, in which order, and where, with no two overlapping."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from geo.base import registry
from geo.model import labels, story
from geo.model.view import Scene, View
from geo.web.elements import SCRIPTS
from tests import node
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
    only_countries = labels.labels_of(Scene(event, View(layers=("countries",))))
    assert {lab.text for lab in only_countries if lab.anchor == "point"} == {"Tiananmen Square"}
    assert {lab.layer for lab in only_countries} == {"countries"}
    assert "Vladimir Putin" not in by_text(labels.labels_of(Scene(event, View(layers=("focus",)))))


def test_an_event_with_a_single_traveller_and_no_story():
    tiny = tiny_event(
        people_csv="id,name,title,iso3,role,note,source_url\nkim,Kim,Chairman,PRK,guest,,https://example.org/k\n",
        legs_csv="person,seq,from,to,mode,depart,arrive,time_status,alternatives,route_status,note,source_url\n"
        "kim,1,pyongyang,venue,train,,,unknown,,confirmed,,https://example.org/l\n",
    )
    found = labels.labels_of(Scene(tiny))
    assert [(label.text, label.priority) for label in found if label.anchor == "point"] == [
        ("Beijing", labels.TRIP_END),
        ("Pyongyang", labels.TRIP_END),
    ]
    named = {(label.text, label.priority) for label in found if label.anchor == "area"}
    assert named == {("China", labels.HOST_COUNTRY), ("North Korea", labels.HOST_COUNTRY)}


def test_the_host_the_highlighted_and_the_guests_countries_are_named_below_every_place(event):
    found = labels.labels_of(Scene(event))
    names = {lab.text: lab for lab in found if lab.anchor == "area"}
    assert {"China", "North Korea", "Russia", "Cuba", "Zimbabwe", "Kazakhstan"} <= set(names)
    assert not {"Japan", "South Korea", "Australia", "India"} & set(names), "attendees' and others' are not"
    assert names["China"].priority == names["North Korea"].priority == labels.HOST_COUNTRY
    assert names["Russia"].priority == labels.COUNTRY
    places = [lab.priority for lab in found if lab.anchor == "point"]
    assert min(lab.priority for lab in names.values()) > max(places)
    assert {lab.zooms for lab in names.values()} == {registry.COUNTRY_LABEL_ZOOMS}
    assert names["Russia"].id == "country:RUS"


def test_country_names_show_where_countries_are_the_subject_and_not_at_city_zoom(event):
    found = [lab for lab in labels.labels_of(Scene(event)) if lab.anchor == "area"]

    def shown(zoom: float) -> set[str]:
        placed = labels.place(
            found,
            to_screen=lambda lab: (lab.lon * 3, -lab.lat * 3),
            size_of=lambda lab: (1.0, 1.0),
            zoom=zoom,
        )
        return {lab.text for lab, _ in placed}

    assert {"China", "Russia", "North Korea"} <= shown(2.0)
    assert {"China", "North Korea"} <= shown(7.0)
    assert shown(11.0) == set(), "at city zoom the places are the subject"


def test_a_country_is_named_inside_a_chapter_that_shows_only_part_of_it(event):
    (south, west), (north, east) = story.view_bounds(story.chapters_of(event)[0])
    china = [lab for lab in labels.labels_of(Scene(event)) if lab.id == "country:CHN"]
    assert not (west <= china[0].lon <= east and south <= china[0].lat <= north), "its middle is far away"
    assert any(west <= lab.lon <= east and south <= lab.lat <= north for lab in china[1:])
    placed = labels.place(china, to_screen=lambda lab: (lab.lon, lab.lat), size_of=lambda lab: (1.0, 1.0))
    assert len(placed) == 1, "one name a country, wherever the view is"


def test_a_marked_place_near_one_named_before_it_is_left_out():
    near = [
        labels.Label("stop:a", "A", 0.0, 0.0, "stops", 0, marked=True),
        labels.Label("stop:b", "B", 10.0, 0.0, "stops", 1, marked=True),
        labels.Label("stop:c", "C", 400.0, 0.0, "stops", 1, marked=True),
        labels.Label("leg:d:1", "D", 12.0, 300.0, "guests", 3),
    ]
    placed = labels.place(
        near, to_screen=lambda lab: (lab.lon, lab.lat), size_of=lambda lab: (5.0, 5.0), spacing=labels.SPACING
    )
    assert [lab.text for lab, _ in placed] == ["A", "C", "D"]


def test_guests_who_came_on_from_one_place_share_one_label_there(event):
    found = labels.labels_of(Scene(event), last_legs=True)
    guests = {lab.text.split("\n")[0]: lab for lab in found if lab.layer == "guests"}
    tianjin = guests["From Tianjin"]
    assert (tianjin.lon, tianjin.lat) == event.places["tianjin"].lonlat
    names = tianjin.text.split("\n")[1:]
    assert {"Vladimir Putin", "Alexander Lukashenko", "Shehbaz Sharif", "Anwar Ibrahim"} <= set(names)
    assert len(names) == 16
    hanoi = guests["From Hanoi"]
    assert "Miguel Díaz-Canel" in hanoi.text and (hanoi.lon, hanoi.lat) == event.places["hanoi"].lonlat
    first = {lab.text: lab for lab in labels.labels_of(Scene(event)) if lab.layer == "guests"}
    assert (first["Vladimir Putin"].lon, first["Vladimir Putin"].lat) == event.places["moscow"].lonlat


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
    """Crowded scenes: labels of every priority, some with their point off the map, round panels;
    some name areas, some marked places, some share an id, some show at some zooms only."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        within = [0.0, 0.0, rng.choice([300.0, 640.5, 1280.0]), rng.choice([200.0, 450.25, 800.0])]
        items = []
        for _ in range(rng.randrange(1, 40)):
            low = rng.choice([0.0, 2.0, 5.0])
            items.append(
                {
                    "x": round(rng.uniform(-40, within[2] + 40), 3),
                    "y": round(rng.uniform(-40, within[3] + 40), 3),
                    "w": round(rng.uniform(12, 160), 3),
                    "h": round(rng.uniform(10, 22), 3),
                    "priority": rng.randrange(7),
                    "id": f"f{rng.randrange(30)}",
                    "anchor": rng.choice(["point", "point", "area"]),
                    "marked": rng.random() < 0.5,
                    "zooms": rng.choice([None, [low, low + 4.0]]),
                }
            )
        obstacles = [[0.0, 0.0, rng.uniform(50, 200), rng.uniform(50, 300)] for _ in range(rng.randrange(3))]
        rules = {
            "zoom": rng.choice([1.0, 4.5, 9.0]),
            "spacing": rng.choice([0.0, labels.SPACING, 60.0]),
            "clear": rng.choice([0.0, labels.CLEAR, 12.0]),
        }
        cases.append({"items": items, "within": within, "obstacles": obstacles, "rules": rules})
    return cases


def python_rule(case: dict) -> list:
    items = case["items"]
    found = [
        labels.Label(
            item["id"],
            str(i),
            0.0,
            0.0,
            "stops",
            item["priority"],
            anchor=item["anchor"],
            marked=item["marked"],
            zooms=None if item["zooms"] is None else tuple(item["zooms"]),
        )
        for i, item in enumerate(items)
    ]
    placed = labels.place(
        found,
        to_screen=lambda lab: (items[int(lab.text)]["x"], items[int(lab.text)]["y"]),
        size_of=lambda lab: (items[int(lab.text)]["w"], items[int(lab.text)]["h"]),
        within=tuple(case["within"]),
        obstacles=[tuple(b) for b in case["obstacles"]],
        zoom=case["rules"]["zoom"],
        spacing=case["rules"]["spacing"],
        clear=case["rules"]["clear"],
    )
    boxes: list = [None] * len(found)
    for lab, box in placed:
        boxes[int(lab.text)] = list(box)
    return boxes


def browser_rule(cases: list[dict], script: Path = SCRIPTS / "labels.js") -> list[list]:
    """labels.js's dmPlaceBoxes, run by node on the same cases: each item's box or None."""
    payload = {
        "script": str(script),
        "cases": [{**c, "offsets": labels.ANCHORS, "gap": labels.GAP} for c in cases],
    }
    return [[None if r is None else r[1] for r in result] for result in node.run("label_rule.js", payload)]


def test_the_browser_and_the_image_place_the_same_labels():
    cases = random_cases(300)
    placed = sum(box is not None for case in cases for box in python_rule(case))
    assert placed > 1000, "the cases place many labels and leave many out"
    # Each of the rule's reasons to leave a label out is met in the cases.
    plain = [{**c, "rules": {"zoom": None, "spacing": 0.0, "clear": 0.0}} for c in cases]
    every_id = [{**c, "items": [{**item, "id": str(i)} for i, item in enumerate(c["items"])]} for c in cases]
    for other in (plain, every_id):
        assert sum(box is not None for case in other for box in python_rule(case)) > placed
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


def test_markers_keep_names_clear_but_a_thinned_one_or_a_less_important_one_does_not():
    def placed(crowd: list[labels.Label], spacing: float) -> list[tuple[str, tuple]]:
        found = labels.place(
            crowd,
            to_screen=lambda lab: (lab.lon, lab.lat),
            size_of=lambda lab: (30.0, 10.0),
            spacing=spacing,
            clear=labels.CLEAR,
        )
        return [(lab.text, box) for lab, box in found]

    end = labels.Label("stop:end", "End", 100.0, 100.0, "stops", labels.TRIP_END, marked=True)
    start = labels.Label("stop:start", "Start", 103.0, 98.0, "stops", labels.TRIP_END, marked=True)
    town = labels.Label("stop:town", "Town", 103.0, 98.0, "stops", labels.WAYPOINT, marked=True)
    right = (106.0, 95.0, 136.0, 105.0)
    assert placed([end, start], labels.SPACING) == [("End", right)], "the start is thinned: no marker kept"
    both = placed([end, start], 0.0)
    assert both[0] == ("End", (64.0, 95.0, 94.0, 105.0)), "kept, the start's marker pushes the end aside"
    assert placed([end, town], 0.0)[0] == ("End", right), "a town's marker never pushes the trip's end"
