"""Lines on the ellipsoid: great circles, paths through waypoints, distances along them.

Coordinates are (lon, lat) in degrees, WGS84, the order shapely uses. Every line is returned
with longitudes in [-180, 180] and split where it crosses the 180th meridian, so Leaflet draws
a Havana -> Beijing flight over the Bering Strait instead of across the whole map.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString

from geo.base.settings import ARC_POINTS

Lonlat = tuple[float, float]
WGS84 = Geod(ellps="WGS84")


def distance_km(start: Lonlat, end: Lonlat) -> float:
    """Geodesic distance between two points."""
    _, _, metres = WGS84.inv(start[0], start[1], end[0], end[1])
    return float(metres) / 1000


def path_length_km(points: Sequence[Lonlat] | np.ndarray) -> float:
    """Geodesic length of a path through the points (pairs or (N, 2) rows), in order."""
    lons, lats = _lons_lats(points)
    return float(WGS84.line_length(lons, lats)) / 1000


def great_circle_coords(start: Lonlat, end: Lonlat, *, points: int = ARC_POINTS) -> np.ndarray:
    """The shortest path as ``points`` (lon, lat) rows, longitudes unwrapped (no jumps)."""
    if points < 2:
        msg = f"a great circle needs at least 2 points, not {points}"
        raise ValueError(msg)
    inner = WGS84.npts(start[0], start[1], end[0], end[1], points - 2) if points > 2 else []
    coords = np.array([start, *inner, end], dtype=float)
    coords[:, 0] = unwrap_lons(coords[:, 0])
    return coords


def path_coords(points: Sequence[Lonlat], *, step_km: float = 100.0) -> np.ndarray:
    """A path through every point in order, each stretch a geodesic densified every ``step_km``."""
    if len(points) < 2:
        msg = f"a path needs at least 2 points, not {len(points)}"
        raise ValueError(msg)
    parts = []
    for start, end in itertools.pairwise(points):
        n = max(2, int(np.ceil(distance_km(start, end) / step_km)) + 1)
        stretch = great_circle_coords(start, end, points=n)
        parts.append(stretch if not parts else stretch[1:])
    coords = np.vstack(parts)
    coords[:, 0] = unwrap_lons(coords[:, 0])
    return coords


def unwrap_lons(lons: np.ndarray) -> np.ndarray:
    """Longitudes made continuous: no step between neighbours larger than 180 degrees."""
    return np.rad2deg(np.unwrap(np.deg2rad(np.asarray(lons, dtype=float))))


def wrap_lon(lon: float | np.ndarray) -> float | np.ndarray:
    """Longitudes in [-180, 180): a number or an array of them."""
    return (lon + 180.0) % 360.0 - 180.0


def line_from_coords(coords: np.ndarray) -> LineString | MultiLineString:
    """A drawable line: longitudes wrapped into [-180, 180], split at the 180th meridian."""
    wrapped = np.array(coords, dtype=float)
    wrapped[:, 0] = wrap_lon(wrapped[:, 0])
    _side_with_neighbours(wrapped[:, 0])
    # Strictly more than 180: a step of exactly 180 is a path over a pole, not across the map.
    jumps = np.flatnonzero(np.abs(np.diff(wrapped[:, 0])) > 180.0)
    if len(jumps) == 0:
        return LineString(wrapped)
    return _split_at_jumps(wrapped, jumps)


def lines_from_coords(paths: np.ndarray) -> list[LineString | MultiLineString]:
    """line_from_coords of each (n, points, 2) path, in one batch: the paths that neither cross
    nor touch the 180th meridian (nearly all) become LineStrings in one shapely call."""
    wrapped = np.array(paths, dtype=float)
    wrapped[..., 0] = wrap_lon(wrapped[..., 0])
    awkward = (np.abs(np.diff(wrapped[..., 0], axis=1)) > 180.0).any(axis=1)
    awkward |= (np.abs(wrapped[..., 0]) == 180.0).any(axis=1)
    lines = list(shapely.linestrings(wrapped))
    for i in np.flatnonzero(awkward):
        lines[i] = line_from_coords(paths[i])
    return lines


def _crossing_lat(lon_a: float, lat_a: float, lon_b: float, lat_b: float, lon: float) -> float:
    """Latitude at ``lon`` of the great circle through a and b (longitudes continuous, a != b)."""
    if lon_b == lon_a:
        return lat_a
    la, lb, lx = np.deg2rad([lon_a, lon_b, lon])
    pa, pb = np.deg2rad([lat_a, lat_b])
    tan = (np.tan(pa) * np.sin(lb - lx) + np.tan(pb) * np.sin(lx - la)) / np.sin(lb - la)
    return float(np.rad2deg(np.arctan(tan)))


def _side_with_neighbours(lons: np.ndarray) -> None:
    """Put points lying exactly on the 180th meridian on the side their path is on, in place.

    180 and -180 are one meridian; which one a point gets decides whether the line seems to
    jump across the map there.
    """
    on_edge = np.abs(lons) == 180.0
    if not on_edge.any() or on_edge.all():
        return
    first_side = lons[np.flatnonzero(~on_edge)[0]]
    for i in np.flatnonzero(on_edge):
        side = lons[i - 1] if i > 0 else first_side
        lons[i] = 180.0 if side > 0 else -180.0


def _split_at_jumps(wrapped: np.ndarray, jumps: np.ndarray) -> MultiLineString:
    """Cut a wrapped line where it jumps across the 180th meridian, ending each piece on it.

    The crossing latitude is where the great circle through the two points either side meets the
    meridian (the same rule as the antimeridian package's great_circle mode, which checks every
    point in Python and was two thirds of the time to build 10,000 trade arrows).
    """
    pieces, start, carry = [], 0, None
    for j in jumps:
        (lon_a, lat_a), (lon_b, lat_b) = wrapped[j], wrapped[j + 1]
        edge = 180.0 if lon_a > 0 else -180.0
        lon_b += 360.0 if lon_a > 0 else -360.0
        lat = _crossing_lat(lon_a, lat_a, lon_b, lat_b, edge)
        pieces.append([*([carry] if carry else []), *map(tuple, wrapped[start : j + 1]), (edge, lat)])
        carry, start = (-edge, lat), j + 1
    pieces.append([carry, *map(tuple, wrapped[start:])])
    return MultiLineString([p for p in pieces if len(set(p)) > 1])


def great_circle(start: Lonlat, end: Lonlat, *, points: int = ARC_POINTS) -> LineString | MultiLineString:
    """The great-circle arc from start to end, split at the 180th meridian if it crosses it."""
    return line_from_coords(great_circle_coords(start, end, points=points))


# Batch form: many arcs at once, one pyproj call per step instead of one per arc, which keeps
# 10,000 trade arrows to about a second.


def great_circles(
    starts: np.ndarray,
    ends: np.ndarray,
    *,
    points: int = ARC_POINTS,
    trim_start_km: np.ndarray | None = None,
    trim_end_km: np.ndarray | None = None,
) -> np.ndarray:
    """(N, points, 2) great-circle paths, each with its longitudes unwrapped (no jumps).

    A path may stop short of either end by its own ``trim_*_km``: arrows into a hub end on a ring
    around it instead of piling into one point.
    """
    starts, ends = np.asarray(starts, dtype=float), np.asarray(ends, dtype=float)
    azimuth, _, metres = WGS84.inv(starts[:, 0], starts[:, 1], ends[:, 0], ends[:, 1])
    metres = np.asarray(metres, dtype=float)
    first = np.zeros(len(starts)) if trim_start_km is None else np.asarray(trim_start_km, dtype=float) * 1000
    last = metres - (0.0 if trim_end_km is None else np.asarray(trim_end_km, dtype=float) * 1000)
    along = (first[:, None] + np.outer(last - first, np.linspace(0.0, 1.0, points))).ravel()
    lons, lats, _ = WGS84.fwd(
        np.repeat(starts[:, 0], points), np.repeat(starts[:, 1], points), np.repeat(azimuth, points), along
    )
    coords = np.stack([np.reshape(lons, (-1, points)), np.reshape(lats, (-1, points))], axis=-1)
    if trim_start_km is None:
        coords[:, 0] = starts
    if trim_end_km is None:
        coords[:, -1] = ends
    coords[..., 0] = np.rad2deg(np.unwrap(np.deg2rad(coords[..., 0]), axis=1))
    return coords


def distances_km(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    starts, ends = np.asarray(starts, dtype=float), np.asarray(ends, dtype=float)
    _, _, metres = WGS84.inv(starts[:, 0], starts[:, 1], ends[:, 0], ends[:, 1])
    return np.asarray(metres) / 1000


def point_along(coords: np.ndarray, fraction: float) -> Lonlat:
    """The point ``fraction`` (0..1) of the way along the path, by geodesic length."""
    coords = np.asarray(coords, dtype=float)
    fraction = min(1.0, max(0.0, fraction))
    _, _, seg = WGS84.inv(coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1])
    seg = np.atleast_1d(seg)
    total = seg.sum()
    if total == 0:
        return float(coords[0, 0]), float(coords[0, 1])
    target = fraction * total
    cumulative = np.concatenate([[0.0], np.cumsum(seg)])
    i = int(min(np.searchsorted(cumulative, target, side="right") - 1, len(seg) - 1))
    azimuth, _, _ = WGS84.inv(coords[i, 0], coords[i, 1], coords[i + 1, 0], coords[i + 1, 1])
    lon, lat, _ = WGS84.fwd(coords[i, 0], coords[i, 1], azimuth, target - cumulative[i])
    return float(wrap_lon(lon)), float(lat)


def _lons_lats(points: Sequence[Lonlat] | np.ndarray) -> tuple[list[float], list[float]]:
    return [p[0] for p in points], [p[1] for p in points]
