"""geo.web.selection: a click report becomes an id, and an id becomes details with sources."""

from __future__ import annotations

from datetime import datetime

import pytest

from geo.model import scene as scenes
from geo.model.view import Scene, View
from geo.web import selection
from tests.tiny import URL, tiny_event


@pytest.fixture(scope="module")
def tiny():
    return Scene(tiny_event(), View(year=2024))


def drawing(properties: object, geometry_type: str = "Polygon") -> dict:
    return {
        "last_active_drawing": {
            "type": "Feature",
            "properties": properties,
            "geometry": {"type": geometry_type, "coordinates": []},
        }
    }


@pytest.mark.parametrize(
    ("returned", "expected"),
    [
        (None, None),
        ({}, None),
        ({"last_active_drawing": None}, None),
        (
            drawing({"id": "country:PRK", "tip": "<b>North Korea</b>"}),
            selection.Clicked("country:PRK", "country"),
        ),
        # a part of a GeometryCollection: the reported geometry is the part, the id the feature's
        (drawing({"_s": 2, "id": "leg:kim:1"}, "LineString"), selection.Clicked("leg:kim:1", "leg")),
        (
            drawing({"id": "flow:2024:CHN-PRK:exports"}),
            selection.Clicked("flow:2024:CHN-PRK:exports", "flow"),
        ),
        (drawing({"id": "position:kim"}, "Point"), selection.Clicked("position:kim", "position")),
        (drawing({}), None),  # a feature without an id: a drawing, not ours
        (drawing(None), None),
        (drawing({"id": 7}), None),
        (drawing({"id": "weather:rain"}), None),
        (drawing({"id": "country"}), None),
        ({"last_active_drawing": "country:PRK"}, None),
    ],
)
def test_clicked_from_return(returned, expected):
    assert selection.clicked_from_return(returned) == expected


def test_country_details_name_people_trade_and_sources(tiny):
    details = selection.details_of(tiny.with_view(year=2024), "country:PRK")
    assert details.title == "North Korea"
    assert "Kim Jong Un" in details.html
    assert "$1.00 bn" in details.html and "$1.50 bn" in details.html
    assert "Leg 1: Pyongyang → Beijing" in details.html
    assert {f"{URL}/kim", f"{URL}/gacc", f"{URL}/kotra", f"{URL}/kim-1"} <= set(details.sources)
    assert details.disputed  # GACC and KOTRA differ by half a billion


def test_a_country_with_no_figure_that_year_says_so(tiny):
    details = selection.details_of(tiny.with_view(year=2024), "country:KAZ")
    assert "no figure found" in details.html
    assert not details.disputed


def test_leg_details(tiny):
    details = selection.details_of(tiny.with_view(year=2024), "leg:kim:2")
    assert details.kind == "leg"
    assert "Back on 6 Sep per another source" in details.html
    assert details.sources == (f"{URL}/kim-2",)
    assert details.disputed


def test_flow_details_list_every_figure_and_mark_the_dispute(tiny):
    details = selection.details_of(tiny.with_view(year=2023), "flow:2024:CHN-PRK:exports")
    assert details.title == "China → North Korea, exports, 2024"
    assert "GACC" in details.html and "KOTRA" in details.html
    assert details.disputed
    undisputed = selection.details_of(tiny.with_view(year=2024), "flow:2024:PRK-CHN:exports")
    assert not undisputed.disputed


def test_traveller_details_say_where_they_were_at_the_chosen_time(tiny):
    details = selection.details_of(tiny.with_view(year=2024, at=datetime(2025, 9, 2, 11)), "position:kim")
    assert details.id == "position:kim"
    assert "travelling" in details.html
    assert "Leg 2: Beijing → Pyongyang" in details.html


def test_details_escape_data(tiny):
    details = selection.details_of(tiny.with_view(year=2024), "position:ann")
    assert "&lt;b&gt;Ann&lt;/b&gt; &amp; Co" in details.html
    assert "<b>Ann</b>" not in details.html


@pytest.mark.parametrize(
    "feature_id",
    [
        "country",
        "leg:kim:9",
        "leg:nobody:1",
        "flow:2024:CHN-FRA:exports",
        "flow:x",
        "stop:nowhere",
        "person:zed",
        "zzz",
    ],
)
def test_unknown_ids_have_no_details(tiny, feature_id):
    assert selection.details_of(tiny.with_view(year=2024), feature_id) is None


@pytest.mark.parametrize(
    ("feature_id", "label"),
    [
        ("country:PRK", "North Korea (country)"),
        ("leg:kim:1", "Kim Jong Un: leg 1, Pyongyang → Beijing"),
        ("flow:2024:CHN-PRK:exports", "Trade 2024: China → North Korea"),
        ("flow:2024:CHN-RUS:total", "Trade 2024: China ↔ Russian Federation"),
        ("position:kim", "Kim Jong Un (traveller)"),
        ("stop:tianjin", "Tianjin (stop)"),
        ("leg:nobody:1", "leg:nobody:1"),
    ],
)
def test_label_of(tiny, feature_id, label):
    assert selection.label_of(tiny, feature_id) == label


def test_every_drawn_feature_of_the_bundled_event_has_details(event):
    from geo.model import layers

    scene = Scene(event)
    frames = scenes.frames_of(scene)
    frames["positions"] = layers.build_position_layer(event, datetime(2025, 9, 2, 9))
    missing = [i for frame in frames.values() for i in frame["id"] if selection.details_of(scene, i) is None]
    assert missing == []


def test_sorted_ids_put_travellers_first_then_by_label(tiny):
    ids = [
        "country:PRK",
        "stop:tianjin",
        "flow:2024:CHN-PRK:exports",
        "position:kim",
        "country:CHN",
        "position:ann",
    ]
    assert selection.sorted_ids(tiny, [*ids, "country:PRK"]) == [
        "position:ann",
        "position:kim",
        "flow:2024:CHN-PRK:exports",
        "country:CHN",
        "country:PRK",
        "stop:tianjin",
    ]


def test_a_place_a_user_added_is_clicked_listed_and_detailed_from_its_layer(tiny):
    from geo.io.schema import ExtraPlace
    from geo.model import layers

    places = layers.build_place_layer(
        [
            (2, ExtraPlace(name="Zoo <b>", lat=39.9, lon=116.4, source_url="https://example.org/zoo")),
            (5, ExtraPlace(name="Arch", lat=39.0, lon=125.7, kind="monument")),
        ],
        file="mine.geojson",
    )
    assert selection.clicked_from_return(drawing({"id": "place:2"}, "Point")) == selection.Clicked(
        "place:2", "place"
    )
    assert selection.sorted_ids(tiny, ["place:2", "place:5", "country:PRK"], places=places) == [
        "country:PRK",
        "place:5",
        "place:2",
    ]
    assert selection.label_of(tiny, "place:2", places=places) == "Zoo <b> (your place)"
    details = selection.details_of(tiny.with_view(year=2024), "place:2", places=places)
    assert details.title == "Zoo <b>" and details.sources == ("https://example.org/zoo",)
    assert "Zoo &lt;b&gt;" in details.html and "<b>From your file</b> mine.geojson, feature 2" in details.html
    assert selection.details_of(tiny.with_view(year=2024), "place:5", places=places).sources == ()
    assert selection.details_of(tiny.with_view(year=2024), "place:9", places=places) is None
    assert selection.details_of(tiny.with_view(year=2024), "place:2") is None, "no places, no details"


@pytest.mark.parametrize(
    ("returned", "expected"),
    [
        ({"last_clicked": {"lat": 39.9, "lng": 116.4}, "zoom": 6}, selection.Click(116.4, 39.9, 6.0)),
        ({"last_clicked": {"lat": 39.9, "lng": 476.4}, "zoom": 6}, selection.Click(116.4, 39.9, 6.0)),
        ({"last_clicked": None, "zoom": 6}, None),
        ({"last_clicked": {"lat": 39.9, "lng": 116.4}}, None),
        ({"last_clicked": {"lat": 99, "lng": 116.4}, "zoom": 6}, None),
        ({"last_clicked": {"lat": "x", "lng": 116.4}, "zoom": 6}, None),
    ],
    ids=["a click", "a world copy away", "none", "no zoom", "off the earth", "not a number"],
)
def test_click_from_return(returned, expected):
    found = selection.click_from_return(returned)
    if expected is None:
        assert found is None
    else:
        assert (found.lon, found.lat, found.zoom) == pytest.approx(
            (expected.lon, expected.lat, expected.zoom)
        )


@pytest.fixture(scope="module")
def parade_frames(event):
    from geo.base import registry
    from geo.model import scene as scenes

    scene = Scene(event, View(layers=registry.TOGGLES, at=datetime(2025, 9, 3, 12)))
    return scenes.frames_of(scene)


def test_a_click_on_a_station_reaches_the_trip_before_the_guests_sharing_the_spot(event, parade_frames):
    """The issue's click: Beijing Railway Station's dot opened Yukio Hatoyama, whose dot lies on
    Beijing. The highlighted traveller and the station come first; the guests there are listed."""
    station = event.places["beijing-station"]
    found = selection.features_at(parade_frames, selection.Click(station.lon, station.lat, 5))
    assert found[:2] == ["position:kim-jong-un", "stop:beijing-station"]
    assert {"position:yukio-hatoyama", "leg:kim-jong-un:3"} <= set(found[2:])
    assert found[-1] == "country:CHN", "the country lies beneath everything"


def test_a_click_beside_the_train_line_reaches_it_not_the_country_under_it(event, parade_frames):
    """The issue's other click: Kim's train line opened China."""
    shenyang = event.places["shenyang"]
    near = selection.Click(shenyang.lon - 1.5, shenyang.lat - 0.55, 7)
    assert selection.features_at(parade_frames, near) == ["leg:kim-jong-un:4", "country:CHN"]
    far = selection.Click(shenyang.lon - 1.5, shenyang.lat + 0.5, 7)
    assert selection.features_at(parade_frames, far) == ["country:CHN"]


def test_under_the_pointer_comes_before_merely_near(tiny):
    import geopandas as gpd
    from shapely.geometry import LineString

    def line(feature_id, lat):
        return {"id": feature_id, "weight": 2.0, "geometry": LineString([(100, lat), (110, lat)])}

    trade = gpd.GeoDataFrame([line("flow:a", 0.0)], crs="EPSG:4326")
    guests = gpd.GeoDataFrame([line("leg:g:1", 0.2)], crs="EPSG:4326")
    # The one-way arrow is drawn 2 pixels to the right (south) of its way: the clicks are on it.
    # At zoom 7 a degree is about 91 pixels: the guest's line lies 20 pixels away, out of reach.
    on_arrow = selection.Click(105, -2 / 91, 7)
    assert selection.features_at({"guests": guests, "trade": trade}, on_arrow) == ["flow:a"]
    # At zoom 5 it lies 6.5 pixels away: near enough to list, after the arrow under the pointer.
    on_arrow = selection.Click(105, -2 / 22.8, 5)
    assert selection.features_at({"guests": guests, "trade": trade}, on_arrow) == ["flow:a", "leg:g:1"]


def test_what_the_browser_found_under_the_pointer_comes_right_after_the_highlighted_trip(
    event, parade_frames
):
    """The browser knows which line is drawn on top where the reader clicked (a trade arrow over a
    guest's flight from Moscow): that one is what they aimed at, after the highlighted trip."""
    station = event.places["beijing-station"]
    click = selection.Click(station.lon, station.lat, 5)
    found = selection.features_at(parade_frames, click)
    aimed = found[-2]  # one the rule puts late: a guest, or an arrow, sharing the spot
    assert aimed != "country:CHN" and found.index(aimed) > 2
    chosen = selection.features_at(parade_frames, click, under=aimed)
    trip = [i for i in found if "kim-jong-un" in i or i.startswith("stop:")]
    assert found[: len(trip)] == trip and len(trip) >= 2
    assert chosen[: len(trip) + 1] == [*trip, aimed], "after Kim's trip, what lay under the pointer"
    assert sorted(chosen) == sorted(found), "nothing added, nothing lost"
    assert selection.features_at(parade_frames, click, under="stop:nowhere") == found
