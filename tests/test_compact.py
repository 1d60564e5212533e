"""The delta-encoded layer: round trips exactly, and Leaflet gets ordinary GeoJSON back."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import GeometryCollection, LineString, MultiPolygon, Point, Polygon

from geo.compact import decode_coords, encode_coords, encode_frame, encode_geometry


@pytest.mark.parametrize("precision", [2, 3, 5])
def test_encoding_round_trips_at_its_precision(precision):
    rng = np.random.default_rng(7)
    coords = np.column_stack([rng.uniform(-180, 180, 200), rng.uniform(-90, 90, 200)])
    decoded = decode_coords(encode_coords(coords, precision=precision), precision=precision)
    assert np.abs(decoded - coords).max() <= 0.5 * 10**-precision + 1e-12


def test_matches_the_published_polyline_example():
    # Google's documented example, encoded lat-first: (38.5, -120.2), (40.7, -120.95), (43.252, -126.453).
    latlon = np.array([[38.5, -120.2], [40.7, -120.95], [43.252, -126.453]])
    assert encode_coords(latlon, precision=5) == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"


def test_encoded_text_is_safe_inside_html_and_json():
    rng = np.random.default_rng(1)
    text = encode_coords(rng.uniform(-180, 180, (500, 2)), precision=3)
    assert not set(text) & set("<>&'\"")


def test_geometry_kinds_keep_their_nesting():
    square = Polygon([(0, 0), (1, 0), (1, 1), (0, 0)])
    assert encode_geometry(Point(1.23456, 2.5), precision=3) == ["Point", [1.235, 2.5]]
    assert isinstance(encode_geometry(LineString([(0, 0), (1, 1)]), precision=3)[1], str)
    kind, rings = encode_geometry(square, precision=3)
    assert kind == "Polygon" and len(rings) == 1
    kind, polygons = encode_geometry(MultiPolygon([square, square]), precision=3)
    assert kind == "MultiPolygon" and len(polygons) == 2 and len(polygons[0]) == 1
    kind, members = encode_geometry(GeometryCollection([LineString([(0, 0), (1, 1)]), square]), precision=3)
    assert kind == "GeometryCollection" and [m[0] for m in members] == ["LineString", "Polygon"]


def test_frame_ships_only_the_chosen_properties_and_shares_styles():
    frame = gpd.GeoDataFrame(
        {"id": ["a", "b", "c"], "tip": ["A", "B", ""], "role": ["host", "guest", "host"]},
        geometry=[Point(0, 0), Point(1, 1), Point(2, 2)],
        crs="EPSG:4326",
    )
    encoded = encode_frame(
        frame, properties=["id", "tip"], style=lambda f: {"fill": f["properties"]["role"]}, precision=3
    )
    assert encoded["styles"] == [{"fill": "host"}, {"fill": "guest"}]
    assert [f[1] for f in encoded["features"]] == [0, 1, 0]
    assert encoded["features"][0][2] == {"id": "a", "tip": "A"}
    assert encoded["features"][2][2] == {"id": "c"}, "empty values are not shipped"
