"""Marks sized on paper, not on the ground: a line's offset and its arrowheads in the styles' CSS
pixels (0.75 pt each), turned into map metres at the picture's one scale, so a head is the same
size on every map and a line still meets its station's marker. The web map draws the same marks
in screen pixels at every zoom (geo/web/js/marks.js, the same steps).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from matplotlib.axes import Axes
from shapely.geometry import LineString, Polygon

from geo.base import registry
from geo.model.scene import SceneLayer
from geo.model.style import Style
from geo.static.furniture import PT
from geo.static.projection import MapFrame

SAME = 1e-9
HEAD_HALF = 0.45
"""An arrowhead's half-width, as a share of its length."""
TRIM = 0.7
"""The line stops this share of its head's length before the tip, so its stroke ends under the head."""


def distinct(xy: np.ndarray) -> np.ndarray:
    """The points, each one that repeats the point before it left out."""
    xy = np.asarray(xy, dtype=float)
    keep = np.ones(len(xy), dtype=bool)
    keep[1:] = np.hypot(*np.diff(xy, axis=0).T) > SAME
    return xy[keep]


def offset_line(xy: np.ndarray, distance: float) -> np.ndarray:
    """Every point moved ``distance`` to the right of travel (y up), each corner along the mean of
    its two segments' normals, lengthened to keep the width (at most twice)."""
    xy = distinct(xy)
    if not distance or len(xy) < 2:
        return xy
    steps = np.diff(xy, axis=0)
    normals = np.column_stack([steps[:, 1], -steps[:, 0]]) / np.hypot(*steps.T)[:, None]
    before = np.vstack([normals[:1], normals])
    after = np.vstack([normals, normals[-1:]])
    mean = before + after
    mean /= np.maximum(np.hypot(*mean.T), SAME)[:, None]
    scale = np.minimum(2.0, 1.0 / np.maximum(np.sum(mean * after, axis=1), 0.5))
    return xy + mean * (distance * scale)[:, None]


def trim_end(xy: np.ndarray, distance: float) -> np.ndarray:
    """The line without its last ``distance`` of length (never fewer than two points)."""
    xy = np.array(xy, dtype=float)
    rest = distance
    while len(xy) > 2 and rest > 0:
        step = float(np.hypot(*(xy[-1] - xy[-2])))
        if step > rest:
            break
        rest -= step
        xy = xy[:-1]
    step = xy[-1] - xy[-2]
    length = float(np.hypot(*step))
    if rest > 0 and length > 0:
        xy[-1] = xy[-2] + step * max(length - rest, 0.0) / length
    return xy


def head(xy: np.ndarray, length: float) -> Polygon:
    """A triangle pointing at the line's last point, along its last segment."""
    tip, before = xy[-1], xy[-2]
    along = (tip - before) / max(float(np.hypot(*(tip - before))), SAME)
    across = np.array([-along[1], along[0]]) * HEAD_HALF * length
    base = tip - along * length
    return Polygon([tip, base + across, base - across])


def marked(line: LineString, style: Style, metres_per_px: float) -> tuple[LineString, list[Polygon]]:
    """A projected line as drawn with its style's marks: offset, trimmed under its heads, and the heads."""
    if line.is_empty or not (style.offset or style.heads):
        return line, []
    xy = offset_line(np.asarray(line.coords), style.offset * metres_per_px)
    if len(xy) < 2:
        return line, []
    total = float(np.hypot(*np.diff(xy, axis=0).T).sum())
    length = style.head * metres_per_px
    if style.head_room and total < style.head_room * length:
        return LineString(xy), []
    length = min(length, registry.HEAD_SHARE * total)
    heads = []
    if style.heads and length > metres_per_px:
        heads.append(head(xy, length))
        trimmed = trim_end(xy, TRIM * length)
        if style.heads > 1:
            heads.append(head(xy[::-1], length))
            trimmed = trim_end(trimmed[::-1], TRIM * length)[::-1]
        xy = trimmed
    return LineString(xy), heads


def metres_per_px(ax: Axes, view: MapFrame) -> float:
    """Map metres in one CSS pixel (0.75 pt) of the finished picture."""
    ax.apply_aspect()
    width_px = ax.get_window_extent().width
    return (view.xlim[1] - view.xlim[0]) / width_px * ax.figure.dpi * PT / 72


def marked_lines(ax: Axes, view: MapFrame, layer: SceneLayer) -> tuple[gpd.GeoSeries, gpd.GeoSeries]:
    """The layer's lines, projected, with their marks in points (offset, trimmed under their
    heads), and their heads (each indexed by its line's position) after any drawn as geometry."""
    lines, heads = view.lines_and_heads(layer.frame)
    scale = metres_per_px(ax, view)
    drawn, made, owners = [], list(heads), list(heads.index)
    for position, (line, style) in enumerate(zip(lines, layer.styles, strict=True)):
        line, new_heads = marked(line, style, scale)
        drawn.append(line)
        made += new_heads
        owners += [position] * len(new_heads)
    return (
        gpd.GeoSeries(drawn, index=lines.index, crs=lines.crs),
        gpd.GeoSeries(made, index=owners, crs=lines.crs, dtype="geometry"),
    )
