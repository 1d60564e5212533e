"""geo.downloads: the drawn features as GeoJSON, the map's tables as CSV."""

from __future__ import annotations

import io
import json
from datetime import datetime

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import GeometryCollection, LineString, Point, Polygon

from geo import downloads
from geo.io.schema import ExtraPlace
from geo.model import layers
from geo.model import scene as scenes
from geo.model.view import Scene, View
from tests.tiny import tiny_event


@pytest.fixture(scope="module")
def tiny():
    return tiny_event()


def test_geojson_holds_every_feature_tagged_with_its_layer():
    frames = {
        "stops": gpd.GeoDataFrame(
            {"id": ["stop:a"], "kind": ["stop"]},
            geometry=[Point(116.123456, 39.987654)],
            crs="EPSG:4326",
        ),
        "trade": gpd.GeoDataFrame(
            {
                "id": ["flow:1"],
                "kind": ["flow"],
                "value_usd": [2.5e9],
                "disputed": [True],
            },
            geometry=[
                GeometryCollection([LineString([(0, 0), (1, 1)]), Polygon([(1, 1), (0.9, 0.8), (0.8, 0.9)])])
            ],
            crs="EPSG:4326",
        ),
        "guests": gpd.GeoDataFrame({"id": [], "kind": []}, geometry=[], crs="EPSG:4326"),
    }
    collection = json.loads(downloads.geojson_from_frames(frames))
    assert collection["type"] == "FeatureCollection"
    assert [(f["properties"]["layer"], f["properties"]["id"]) for f in collection["features"]] == [
        ("stops", "stop:a"),
        ("trade", "flow:1"),
    ]
    stop, flow = collection["features"]
    assert stop["geometry"]["coordinates"] == [116.123, 39.988]
    assert "tip" not in stop["properties"] and "popup" not in stop["properties"]
    assert flow["properties"]["disputed"] is True
    assert flow["geometry"]["type"] == "GeometryCollection"


def test_geojson_of_the_drawn_map_reads_back_with_geopandas(tiny):
    frames = scenes.frames_of(Scene(tiny))
    frames["positions"] = layers.build_position_layer(tiny, datetime(2025, 9, 2, 11))
    text = downloads.geojson_from_frames(frames)
    back = gpd.read_file(io.StringIO(text))
    assert len(back) == sum(len(f) for f in frames.values())
    assert set(back["layer"]) == set(frames)


def test_people_table(tiny):
    table = downloads.people_table(tiny)
    assert list(table["id"]) == ["xi", "kim", "ann", "bob", "eve"]
    assert table.set_index("id").loc["kim", "country"] == "North Korea"
    assert table.set_index("id").loc["kim", "legs"] == 2


def test_legs_table_keeps_only_the_ids_asked_for(tiny):
    assert len(downloads.legs_table(tiny)) == 5
    some = downloads.legs_table(tiny, only={"leg:kim:2"})
    assert list(some["id"]) == ["leg:kim:2"]
    assert some.iloc[0]["also_reported"] == "Back on 6 Sep per another source"
    assert some.iloc[0]["depart"] == "2025-09-04"
    empty = downloads.legs_table(tiny, only=set())
    assert empty.empty and "source_url" in empty.columns


def test_flows_table_has_a_row_per_figure_so_disputes_show(tiny):
    table = downloads.flows_table(Scene(tiny, View(year=2024)))
    chn_prk = table[table["id"] == "flow:2024:CHN-PRK:exports"]
    assert sorted(chn_prk["series"]) == ["GACC", "KOTRA"]
    assert chn_prk["flow_disputed"].all()
    assert list(chn_prk["sets_width"]) == [True, False]  # GACC first in the event's series_order


def test_the_partners_table_ranks_the_year_s_pairs_whatever_the_filters(tiny):
    table = downloads.partners_table(Scene(tiny, View(year=2024, top=1)))
    assert list(table["countries"]) == ["China – Russian Federation", "China – North Korea"]
    assert list(table["two-way"]) == ["$200.00 bn", "$1.10 bn"]
    assert list(table["counted as"]) == ["reported two-way total", "sum of both directions"]
    assert list(table["disputed"]) == [False, True]
    assert list(table["two_way_usd"]) == [200e9, 1.1e9]


def test_the_partners_note_names_the_event_s_countries_with_no_figure(tiny):
    note = downloads.partners_note(Scene(tiny, View(year=2023)), 1)
    assert note.startswith("Trade in 2023: 1 pair(s) of countries with a figure")
    assert "between China and 3 of the event's countries: Russian Federation, Kazakhstan, France." in note


def test_tables_follow_what_the_map_draws(tiny):
    frames = scenes.frames_of(Scene(tiny, View(layers=("countries", "focus"))))
    tables = downloads.tables_from_frames(Scene(tiny, View(year=2024)), frames)
    assert set(tables) == {"people", "legs", "partners", "flows"}
    assert set(tables["legs"]["id"]) == {"leg:kim:1", "leg:kim:2"}
    assert tables["flows"].empty and "value_usd" in tables["flows"].columns
    frames = scenes.frames_of(Scene(tiny, View(layers=("trade",), top=1)))
    frames["positions"] = layers.build_position_layer(tiny, datetime(2025, 9, 2, 11))
    tables = downloads.tables_from_frames(Scene(tiny, View(year=2024)), frames)
    assert set(tables["flows"]["id"]) == {"flow:2024:CHN-RUS:total"}
    assert tables["legs"].empty
    assert list(tables["positions"].columns) == ["name", "status", "approximate", "note", "at", "lon", "lat"]


def test_csv_is_utf8_with_bom_and_defuses_formulas():
    table = pd.DataFrame({"name": ["Vučić", "=HYPERLINK(1)", "+1", "plain"], "value": [1.5, -2.0, 3.0, 4.0]})
    data = downloads.csv_from_table(table)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back["name"]) == ["Vučić", "'=HYPERLINK(1)", "'+1", "plain"]
    assert list(back["value"]) == [1.5, -2.0, 3.0, 4.0]


def test_refused_rows_and_problems_as_tables():
    broken = tiny_event(
        people_csv="id,name,title,iso3,role,note,source_url\n"
        "kim,Kim Jong Un,Chairman,PRK,guest,,https://example.org/kim\n"
        "ann,Ann,President,XXX,guest,,https://example.org/ann\n"
    )
    problems = downloads.problems_table(broken.problems)
    assert {"file": "people.csv", "row": 3, "column": "iso3", "value": "XXX"}.items() <= problems.iloc[
        0
    ].to_dict().items()
    refused = downloads.rejected_table(broken.rejected)
    assert refused.iloc[0]["_file"] == "people.csv"
    assert refused.iloc[0]["id"] == "ann"


def test_the_problems_table_offers_the_suggested_value():
    near_miss = tiny_event(
        people_csv="id,name,title,iso3,role,note,source_url\n"
        "kim,Kim Jong Un,Chairman,PRK,guest,,https://example.org/kim\n"
        "to,To Lam,General Secretary,Viet Nam,guest,,https://example.org/to\n"
    )
    problems = downloads.problems_table(near_miss.problems)
    assert list(problems.columns) == ["level", "file", "row", "column", "value", "problem", "suggestion"]
    first, *others = problems.to_dict("records")
    assert (first["value"], first["suggestion"]) == ("Viet Nam", "VNM")
    assert {row["suggestion"] for row in others} == {""}, "the legs of people not in the file"
    assert downloads.problems_table([]).empty


def test_places_a_user_added_are_a_table_of_their_own(tiny):
    places = [
        (1, ExtraPlace(name="Embassy", lat=39.9, lon=116.4, kind="embassy", note="<b>new</b>")),
        (4, ExtraPlace(name="Square", lat=39.0, lon=125.7, source_url="https://example.org/s")),
    ]
    frames = {"places": layers.build_place_layer(places)}
    table = downloads.tables_from_frames(Scene(tiny, View(year=2024)), frames)["places"]
    assert list(table.columns) == ["id", "name", "category", "iso3", "note", "source_url", "lon", "lat"]
    assert table.to_dict("records")[0] == {
        "id": "place:1", "name": "Embassy", "category": "embassy", "iso3": "", "note": "<b>new</b>",
        "source_url": "", "lon": 116.4, "lat": 39.9,
    }  # fmt: skip
    geojson = json.loads(downloads.geojson_from_frames(frames))
    assert [f["properties"]["layer"] for f in geojson["features"]] == ["places", "places"]
