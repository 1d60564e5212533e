"""Great circles, paths, arrowheads and offsets, checked against pyproj and by shape."""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString

from geo.ref import geodesy

WGS84 = Geod(ellps="WGS84")
PYONGYANG = (125.7543, 39.0339)
BEIJING = (116.3975, 39.9031)
HAVANA = (-82.3830, 23.1330)
TOKYO = (139.6917, 35.6895)
LOS_ANGELES = (-118.2437, 34.0522)
AUCKLAND = (174.7633, -36.8485)


def parts(geom) -> list[np.ndarray]:
    return [np.asarray(g.coords) for g in getattr(geom, "geoms", [geom])]


def max_step(coords: np.ndarray) -> float:
    return float(np.abs(np.diff(coords[:, 0])).max())


def test_pyongyang_to_beijing_stays_west_of_the_date_line():
    line = geodesy.great_circle(PYONGYANG, BEIJING)
    assert isinstance(line, LineString)
    lons = np.asarray(line.coords)[:, 0]
    assert lons.min() >= BEIJING[0] - 1e-9 and lons.max() <= PYONGYANG[0] + 1e-9


@pytest.mark.parametrize(
    ("start", "end"),
    [(BEIJING, HAVANA), (TOKYO, LOS_ANGELES), (AUCKLAND, LOS_ANGELES), (HAVANA, BEIJING)],
    ids=["beijing-havana", "tokyo-los-angeles", "auckland-los-angeles", "havana-beijing"],
)
def test_transpacific_arcs_split_at_180_with_no_jump(start, end):
    line = geodesy.great_circle(start, end)
    assert isinstance(line, MultiLineString), "a Pacific crossing is split at the 180th meridian"
    pieces = parts(line)
    for piece in pieces:
        assert max_step(piece) < 20, "no streak across the map inside a piece"
        assert np.all(np.abs(piece[:, 0]) <= 180)
    # The pieces meet at the date line at the same latitude.
    first_end, second_start = pieces[0][-1], pieces[1][0]
    assert abs(first_end[0]) == pytest.approx(180) and abs(second_start[0]) == pytest.approx(180)
    assert first_end[1] == pytest.approx(second_start[1], abs=1e-6)


def test_havana_to_beijing_goes_over_the_arctic_not_across_the_atlantic():
    coords = geodesy.great_circle_coords(HAVANA, BEIJING)
    assert coords[:, 1].max() > 65, "the shortest way passes near the Bering Strait"


def test_arc_length_matches_pyproj_geodesic_distance():
    coords = geodesy.great_circle_coords(BEIJING, HAVANA, points=128)
    _, _, metres = WGS84.inv(*BEIJING, *HAVANA)
    assert geodesy.path_length_km(list(map(tuple, coords))) == pytest.approx(metres / 1000, rel=1e-6)
    assert geodesy.distance_km(BEIJING, HAVANA) == pytest.approx(metres / 1000)


def test_unwrap_removes_jumps_over_180():
    unwrapped = geodesy.unwrap_lons(np.array([170.0, 179.0, -179.0, -170.0]))
    assert np.allclose(unwrapped, [170, 179, 181, 190])


def test_path_visits_every_waypoint_in_order():
    via = [(124.3945, 40.1243), (123.4328, 41.7922)]
    coords = geodesy.path_coords([PYONGYANG, *via, BEIJING], step_km=50)
    for point in via:
        distances = np.hypot(coords[:, 0] - point[0], coords[:, 1] - point[1])
        assert distances.min() < 1e-9
    hit = [int(np.argmin(np.hypot(coords[:, 0] - p[0], coords[:, 1] - p[1]))) for p in via]
    assert hit == sorted(hit)


@pytest.mark.parametrize("points", [0, 1])
def test_too_few_points_is_an_error(points):
    with pytest.raises(ValueError, match="at least 2"):
        geodesy.great_circle_coords(BEIJING, HAVANA, points=points)


def test_point_along_halfway_is_the_geodesic_midpoint():
    coords = geodesy.great_circle_coords(BEIJING, PYONGYANG, points=33)
    mid = geodesy.point_along(coords, 0.5)
    assert geodesy.distance_km(BEIJING, mid) == pytest.approx(geodesy.distance_km(mid, PYONGYANG), rel=1e-3)
    assert geodesy.point_along(coords, 0.0) == pytest.approx(BEIJING)
    assert geodesy.point_along(coords, 1.0) == pytest.approx(PYONGYANG, abs=1e-6)


def test_a_line_that_never_reaches_the_date_line_is_kept_whole():
    coords = geodesy.great_circle_coords(PYONGYANG, BEIJING)
    line = geodesy.line_from_coords(coords)
    assert isinstance(line, LineString)
    assert np.allclose(np.asarray(line.coords), coords)


def test_lines_in_one_batch_are_the_lines_one_by_one():
    rng = np.random.default_rng(7)
    starts = np.column_stack([rng.uniform(-180, 180, 300), rng.uniform(-70, 70, 300)])
    ends = np.column_stack([rng.uniform(-180, 180, 300), rng.uniform(-70, 70, 300)])
    paths = geodesy.great_circles(starts, ends, points=24)
    paths[0, 5, 0] = 180.0  # a point on the 180th meridian, and one just past it
    paths[1, 3:, 0] = np.linspace(170.0, 200.0, paths.shape[1] - 3)
    batch = geodesy.lines_from_coords(paths)
    one_by_one = [geodesy.line_from_coords(p) for p in paths]
    assert sum(isinstance(line, MultiLineString) for line in one_by_one) > 10, "some cross 180"
    assert len(batch) == len(one_by_one)
    for a, b in zip(batch, one_by_one, strict=True):
        assert a.geom_type == b.geom_type and a.equals_exact(b, 0.0)
