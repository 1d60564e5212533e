"""A view's projection: azimuthal equidistant, centred on the view, through pyproj.

Centred on the view, a regional map keeps its shapes (East Asia is not a stretched world map)
and distances from the centre are true; a world view stays one piece around its subject. Lines
are projected through their vertices, which are already densified great circles, so great
circles stay great circles; a line the frames cut at the 180th meridian is joined again first
(longitudes unwrapped), so it is drawn whole. Countries are clipped to the area around the view
before they are projected, so a shape on the far side of the globe cannot explode across it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from geo.ref import geodesy

Bounds = tuple[tuple[float, float], tuple[float, float]]
"""((south, west), (north, east)), as geo.model.story gives a view."""
EDGE_POINTS = 96
PAD_SHARE = 0.03
CLIP_PAD_DEG = 3.0
WORLD_SPAN_DEG = 150.0
"""Wider than this, a view is drawn on a world projection: an azimuthal one would put the box's
far corners half a world apart and shrink what the view is about to the middle."""
SEGMENT_DEG = 1.0
"""Country edges get a vertex at least this often, so a long straight edge in degrees curves as
the projection bends it."""


@dataclass(frozen=True)
class MapFrame:
    """The projection and the projected extent of one view."""

    lon0: float
    lat0: float
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    world: bool = False
    """A world-wide view: Natural Earth (pseudo-cylindrical) centred on lon0, not azimuthal."""

    @cached_property
    def crs(self) -> pyproj.CRS:
        if self.world:
            return pyproj.CRS.from_proj4(
                f"+proj=natearth +lon_0={self.lon0:.6f} +datum=WGS84 +units=m +no_defs"
            )
        return pyproj.CRS.from_proj4(
            f"+proj=aeqd +lat_0={self.lat0:.6f} +lon_0={self.lon0:.6f} +datum=WGS84 +units=m +no_defs"
        )

    @cached_property
    def transformer(self) -> pyproj.Transformer:
        return pyproj.Transformer.from_crs("EPSG:4326", self.crs, always_xy=True)

    def project(self, coords: np.ndarray) -> np.ndarray:
        coords = np.asarray(coords, dtype=float).reshape(-1, 2)
        x, y = self.transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    def project_point(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self.project(np.array([[lon, lat]]))[0]
        return float(x), float(y)

    @property
    def radius_km(self) -> float:
        """From the centre to the farthest corner of the map."""
        return float(np.hypot(max(map(abs, self.xlim)), max(map(abs, self.ylim)))) / 1000

    @cached_property
    def clip_box(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) in degrees, longitudes around lon0, holding the whole map."""
        xs = np.linspace(*self.xlim, EDGE_POINTS)
        ys = np.linspace(*self.ylim, EDGE_POINTS)
        edge = np.vstack(
            [
                np.column_stack([xs, np.full_like(xs, self.ylim[0])]),
                np.column_stack([xs, np.full_like(xs, self.ylim[1])]),
                np.column_stack([np.full_like(ys, self.xlim[0]), ys]),
                np.column_stack([np.full_like(ys, self.xlim[1]), ys]),
            ]
        )
        lons, lats = self.transformer.transform(edge[:, 0], edge[:, 1], direction="INVERSE")
        lons, lats = np.asarray(lons), np.asarray(lats)
        whole = (self.lon0 - 179.99, -89.99, self.lon0 + 179.99, 89.99)
        if not (np.isfinite(lons).all() and np.isfinite(lats).all()):
            return whole
        lons = self.lon0 + (lons - self.lon0 + 180.0) % 360.0 - 180.0
        south, north = lats.min() - CLIP_PAD_DEG, lats.max() + CLIP_PAD_DEG
        west, east = lons.min() - CLIP_PAD_DEG, lons.max() + CLIP_PAD_DEG
        for pole in (90.0, -90.0):
            px, py = self.project_point(self.lon0, pole)
            if self.xlim[0] <= px <= self.xlim[1] and self.ylim[0] <= py <= self.ylim[1]:
                west, east = whole[0], whole[2]
                south, north = (south, 90.0) if pole > 0 else (-90.0, north)
        return (max(west, whole[0]), max(south, -90.0), min(east, whole[2]), min(north, 90.0))

    def clip_areas(self, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """Areas (countries) clipped to the map's surroundings, then projected; the frame's columns kept."""
        geoms = frame.geometry.to_numpy()
        pieces = []
        for shift in (-360.0, 0.0, 360.0):
            moved = shapely.transform(geoms, lambda c, s=shift: c + np.array([s, 0.0]))
            clipped = shapely.clip_by_rect(moved, *self.clip_box)
            keep = ~shapely.is_empty(clipped)
            if keep.any():
                part = frame.loc[keep].copy()
                part.geometry = shapely.segmentize(clipped[keep], SEGMENT_DEG)
                pieces.append(part)
        if not pieces:
            return gpd.GeoDataFrame(frame.iloc[:0], geometry=[], crs=self.crs)
        joined = gpd.GeoDataFrame(pd.concat(pieces, ignore_index=True), geometry="geometry")
        joined.geometry = self.to_map(joined.geometry.to_numpy())
        return joined.set_crs(self.crs, allow_override=True)

    def to_map(self, geoms: np.ndarray) -> np.ndarray:
        return shapely.transform(geoms, self.project)

    def lines_and_heads(self, frame: gpd.GeoDataFrame) -> tuple[gpd.GeoSeries, gpd.GeoSeries]:
        """Each feature's line, whole again (one per row, in order), and every arrowhead, projected,
        indexed by the position of the feature it ends."""
        lines, heads, owners = [], [], []
        for position, geom in enumerate(frame.geometry):
            parts = list(getattr(geom, "geoms", [geom]))
            coords = [np.asarray(p.coords) for p in parts if p.geom_type == "LineString" and not p.is_empty]
            lines.append(rejoined(coords))
            for p in parts:
                if p.geom_type == "Polygon":
                    ring = np.asarray(p.exterior.coords)
                    ring[:, 0] = geodesy.unwrap_lons(ring[:, 0])
                    heads.append(Polygon(ring))
                    owners.append(position)
        projected_lines = self.to_map(np.array(lines, dtype=object)) if lines else []
        projected_heads = self.to_map(np.array(heads, dtype=object)) if heads else []
        return (
            gpd.GeoSeries(list(projected_lines), index=frame.index, crs=self.crs),
            gpd.GeoSeries(list(projected_heads), index=owners, crs=self.crs, dtype="geometry"),
        )

    def points(self, frame: gpd.GeoDataFrame) -> gpd.GeoSeries:
        return gpd.GeoSeries(list(self.to_map(frame.geometry.to_numpy())), index=frame.index, crs=self.crs)


def rejoined(parts: list[np.ndarray]) -> BaseGeometry:
    """One line from the parts of a line cut at the 180th meridian: longitudes made continuous,
    the points doubled at the cut (180 and -180, now one place) dropped."""
    if not parts:
        return LineString()
    coords = np.vstack(parts)
    coords[:, 0] = geodesy.unwrap_lons(coords[:, 0])
    keep = np.ones(len(coords), dtype=bool)
    keep[1:] = np.any(np.abs(np.diff(coords, axis=0)) > 1e-9, axis=1)
    coords = coords[keep]
    return LineString(coords) if len(coords) > 1 else LineString()


def frame_for(bounds: Bounds, *, aspect: float) -> MapFrame:
    """The projection centred on ``bounds`` and the extent that holds them at ``aspect`` (width ÷ height)."""
    (south, west), (north, east) = bounds
    if east < west:
        east += 360.0
    lon0 = geodesy.wrap_lon((west + east) / 2)
    lat0 = (south + north) / 2
    world = east - west > WORLD_SPAN_DEG
    centred = MapFrame(lon0, lat0, (0.0, 0.0), (0.0, 0.0), world)
    lons = np.linspace(west, east, EDGE_POINTS)
    lats = np.linspace(south, north, EDGE_POINTS)
    edge = np.vstack(
        [
            np.column_stack([lons, np.full_like(lons, south)]),
            np.column_stack([lons, np.full_like(lons, north)]),
            np.column_stack([np.full_like(lats, west), lats]),
            np.column_stack([np.full_like(lats, east), lats]),
        ]
    )
    xy = centred.project(edge)
    (x0, y0), (x1, y1) = xy.min(axis=0), xy.max(axis=0)
    width, height = (x1 - x0) * (1 + 2 * PAD_SHARE), (y1 - y0) * (1 + 2 * PAD_SHARE)
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return MapFrame(lon0, lat0, (cx - width / 2, cx + width / 2), (cy - height / 2, cy + height / 2), world)


CSS_DPI = 96.0
"""A CSS pixel is a 96th of an inch: the web map's zooms and the rule's spacing are in them."""
MERCATOR_M_PER_PX = 156_543.034
"""Metres a pixel covers on the equator at zoom 0 of the web map (Web Mercator, 256-pixel tiles)."""


def web_zoom(view: MapFrame, width_in: float) -> float:
    """The web map's zoom at the scale of a view drawn ``width_in`` inches wide, at its centre."""
    metres_per_px = (view.xlim[1] - view.xlim[0]) / (width_in * CSS_DPI)
    return float(np.log2(MERCATOR_M_PER_PX * np.cos(np.radians(view.lat0)) / metres_per_px))
