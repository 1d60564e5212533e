"""The delta-encoded layer: round trips exactly, and Leaflet gets ordinary GeoJSON back."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from shapely.geometry import GeometryCollection, LineString, MultiLineString, MultiPolygon, Point, Polygon

from geo.model import scene as scenes
from geo.model.view import Scene, View
from geo.ref.countries import load_countries
from geo.web.compact import (
    decode_coords,
    encode_coords,
    encode_frame,
    encode_geometries,
    encode_geometry,
    encode_runs,
)
from geo.web.elements import script_json


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
    styles = [{"fill": "host"}, {"fill": "guest"}]
    encoded = encode_frame(frame, properties=["id", "tip"], precision=3, styles=styles, style_index=[0, 1, 0])
    assert encoded["styles"] == [{"fill": "host"}, {"fill": "guest"}]
    assert [f[1] for f in encoded["features"]] == [0, 1, 0]
    assert encoded["features"][0][2] == {"id": "a", "tip": "A"}
    assert encoded["features"][2][2] == {"id": "c"}, "empty values are not shipped"


def simple_encode_coords(coords: np.ndarray, *, precision: int) -> str:
    """The reference: the algorithm as Google documents it, one character at a time."""
    scaled = np.round(np.asarray(coords, dtype=float)[:, :2] * 10**precision).astype(np.int64)
    out, previous = [], (0, 0)
    for point in scaled.tolist():
        for value, before in zip(point, previous, strict=True):
            delta = value - before
            rest = ~(delta << 1) if delta < 0 else delta << 1
            while rest >= 0x20:
                out.append(chr((0x20 | (rest & 0x1F)) + 63))
                rest >>= 5
            out.append(chr(rest + 63))
        previous = point
    return "".join(out)


def simple_encode_geometry(geom: shapely.Geometry, *, precision: int) -> list:
    """The reference nesting: one geometry, one line at a time."""
    kind = geom.geom_type
    if kind == "Point":
        return [kind, [round(geom.x, precision), round(geom.y, precision)]]
    if kind == "GeometryCollection":
        return [kind, [simple_encode_geometry(g, precision=precision) for g in geom.geoms]]
    if kind == "LineString":
        return [kind, _simple_line(geom, precision)]
    if kind == "MultiLineString":
        return [kind, [_simple_line(g, precision) for g in geom.geoms]]
    if kind == "Polygon":
        return [kind, _simple_rings(geom, precision)]
    return [kind, [_simple_rings(p, precision) for p in geom.geoms]]


def _simple_line(line: shapely.Geometry, precision: int) -> str:
    return simple_encode_coords(shapely.get_coordinates(line), precision=precision)


def _simple_rings(polygon: shapely.Polygon, precision: int) -> list[str]:
    return [_simple_line(ring, precision) for ring in [polygon.exterior, *polygon.interiors]]


coordinates = arrays(
    np.float64,
    st.tuples(st.integers(0, 40), st.just(2)),
    elements=st.floats(-1000, 1000, allow_nan=False, allow_infinity=False),
)


@given(coords=coordinates, precision=st.integers(0, 6))
def test_vectorised_encoding_is_the_documented_algorithm(coords, precision):
    assert encode_coords(coords, precision=precision) == simple_encode_coords(coords, precision=precision)


@given(runs=st.lists(coordinates, max_size=6), precision=st.integers(0, 6))
def test_runs_encode_as_if_one_at_a_time(runs, precision):
    stacked = np.vstack([np.empty((0, 2)), *runs])
    expected = [simple_encode_coords(run, precision=precision) for run in runs]
    assert encode_runs(stacked, [len(run) for run in runs], precision=precision) == expected


def test_large_values_take_more_characters_like_the_reference():
    coords = np.array([[1e9, -1e9], [-1e9, 1e9], [0.0, 0.0], [0.015, -0.015]])
    assert encode_coords(coords, precision=5) == simple_encode_coords(coords, precision=5)


def test_every_geometry_kind_encodes_as_the_reference():
    square = Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], holes=[[(2, 2), (4, 2), (4, 4), (2, 2)]])
    geoms = [
        Point(116.39123, 39.90712),
        LineString([(179.5, 60.0), (180.0, 61.0)]),
        LineString(),
        MultiLineString([[(0, 0), (1, 1)], [(2, 2), (3, 3), (4, 5)]]),
        square,
        MultiPolygon([square, Polygon([(20, 20), (21, 20), (21, 21)])]),
        GeometryCollection([LineString([(0, 0), (-1.2345, 2.5)]), square, Point(3, 4)]),
    ]
    expected = [simple_encode_geometry(g, precision=3) for g in geoms]
    assert encode_geometries(geoms, precision=3) == expected
    assert [encode_geometry(g, precision=3) for g in geoms] == expected


def test_the_bundled_map_encodes_byte_for_byte_as_the_reference(event):
    frames = {
        "countries": load_countries(),
        **scenes.frames_of(Scene(event, View(layers=("trade", "guests", "focus")))),
    }
    for key, frame in frames.items():
        precision = 2 if key == "countries" else 3
        encoded = encode_frame(frame, properties=["id"], precision=precision)
        expected = [simple_encode_geometry(g, precision=precision) for g in frame.geometry]
        assert json.dumps([f[0] for f in encoded["features"]]) == json.dumps(expected), key


def test_encoded_json_is_remembered_by_content_and_changes_with_it():
    from geo.web.compact import encoded_json

    frame = gpd.GeoDataFrame(
        {"id": ["a"], "tip": ["</script><b>x</b>"]}, geometry=[Point(1.0, 2.0)], crs="EPSG:4326"
    )
    first = encoded_json(frame, properties=["id", "tip"], precision=3)
    assert encoded_json(frame.copy(), properties=["id", "tip"], precision=3) is first
    assert "</script>" not in first and "<b>" not in first
    retitled = frame.assign(tip=["y"])
    assert encoded_json(retitled, properties=["id", "tip"], precision=3) != first
    moved = frame.set_geometry([Point(1.0, 2.5)])
    assert encoded_json(moved, properties=["id", "tip"], precision=3) != first
    assert encoded_json(frame, properties=["id"], precision=3) != first
    restyled = encoded_json(
        frame, properties=["id", "tip"], precision=3, styles=[{"color": "#000"}], style_index=[0]
    )
    assert restyled != first
    assert (
        encoded_json(
            frame, properties=["id", "tip"], precision=3, styles=[{"color": "#111"}], style_index=[0]
        )
        != restyled
    )


def test_script_json_cannot_end_a_script_and_reads_back_the_same():
    value = {"tip": "</script><!-- <b>Curaçao → Bermuda</b> & 'x' \u2028\u2029", "n": [1.5, None]}
    text = script_json(value)
    assert "<" not in text and "\u2028" not in text and "\u2029" not in text
    assert "Curaçao →" in text, "letters stay UTF-8, one to three bytes, not six"
    assert json.loads(text) == value
