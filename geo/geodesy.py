"""Lines on the ellipsoid: great circles, paths through waypoints, arrowheads, offsets.

Coordinates are (lon, lat) in degrees, WGS84, the order shapely uses. Every line is returned
with longitudes in [-180, 180] and split where it crosses the 180th meridian, so Leaflet draws
a Havana -> Beijing flight over the Bering Strait instead of across the whole map.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import antimeridian
import numpy as np
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, Polygon

from geo.settings import ARC_POINTS

Lonlat = tuple[float, float]
WGS84 = Geod(ellps="WGS84")


def distance_km(start: Lonlat, end: Lonlat) -> float:
    """Geodesic distance between two points."""
    _, _, metres = WGS84.inv(start[0], start[1], end[0], end[1])
    return float(metres) / 1000


def path_length_km(points: Sequence[Lonlat]) -> float:
    """Geodesic length of a path through the points, in order."""
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


def wrap_lon(lon: float) -> float:
    """A longitude in [-180, 180)."""
    return (lon + 180.0) % 360.0 - 180.0


def line_from_coords(coords: np.ndarray) -> LineString | MultiLineString:
    """A drawable line: longitudes wrapped into [-180, 180], split at the 180th meridian."""
    wrapped = np.array(coords, dtype=float)
    wrapped[:, 0] = (wrapped[:, 0] + 180.0) % 360.0 - 180.0
    # A point exactly on 180 wraps to -180; keep the side the path approaches it from.
    wrapped[:, 0] = np.where((wrapped[:, 0] == -180.0) & (np.asarray(coords)[:, 0] > 0), 180.0, wrapped[:, 0])
    if len(wrapped) < 2 or np.abs(np.diff(wrapped[:, 0])).max() < 180.0:
        # Most lines never reach the date line; antimeridian's splitting walks every point in
        # Python and was two thirds of the time to build 10,000 trade arrows.
        return LineString(wrapped)
    return antimeridian.fix_line_string(LineString(wrapped), great_circle=True)


def great_circle(start: Lonlat, end: Lonlat, *, points: int = ARC_POINTS) -> LineString | MultiLineString:
    """The great-circle arc from start to end, split at the 180th meridian if it crosses it."""
    return line_from_coords(great_circle_coords(start, end, points=points))


def bearing_deg(start: Lonlat, end: Lonlat) -> float:
    """Initial azimuth from start towards end, degrees clockwise from north."""
    azimuth, _, _ = WGS84.inv(start[0], start[1], end[0], end[1])
    return float(azimuth)


def arrowhead(
    tip: Lonlat, towards_tip_from: Lonlat, *, length_km: float, spread_deg: float = 24.0
) -> Polygon:
    """A triangle with its point at ``tip``, aimed along the line arriving from ``towards_tip_from``."""
    # A tip from an unwrapped path may lie a world away (-254 for Hanoi reached from Havana):
    # draw the head where the line ends on the map.
    tip = (wrap_lon(tip[0]), tip[1])
    back = bearing_deg(tip, towards_tip_from)
    corners = []
    for side in (-spread_deg, spread_deg):
        lon, lat, _ = WGS84.fwd(tip[0], tip[1], back + side, length_km * 1000)
        corners.append((lon, lat))
    ring = np.array([tip, corners[0], corners[1], tip], dtype=float)
    # Unwrapped, a head at the 180th meridian may poke a degree past it; Leaflet draws that
    # in place, where a split triangle would lose its shape.
    ring[:, 0] = unwrap_lons(ring[:, 0])
    return Polygon(ring)


def offset_coords(coords: np.ndarray, *, km: float) -> np.ndarray:
    """Every point moved ``km`` to the right of the direction of travel (left when negative)."""
    coords = np.asarray(coords, dtype=float)
    if len(coords) < 2 or km == 0:
        return coords.copy()
    ahead = np.vstack([coords[1:], coords[-1:] + (coords[-1] - coords[-2])])
    azimuth, _, _ = WGS84.inv(coords[:, 0], coords[:, 1], ahead[:, 0], ahead[:, 1])
    lons, lats, _ = WGS84.fwd(
        coords[:, 0], coords[:, 1], np.asarray(azimuth) + 90.0, np.full(len(coords), km * 1000)
    )
    moved = np.column_stack([lons, lats])
    moved[:, 0] = unwrap_lons(moved[:, 0])
    return moved


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
    return float((lon + 180.0) % 360.0 - 180.0), float(lat)


def _lons_lats(points: Sequence[Lonlat]) -> tuple[list[float], list[float]]:
    return [p[0] for p in points], [p[1] for p in points]
