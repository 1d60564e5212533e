"""A GeoJSON layer that ships its coordinates delta-encoded: a third of the bytes of GeoJSON.

folium.GeoJson writes every coordinate as ``[116.4, 39.9], `` (about 15 characters); the
encoded polyline algorithm (Google's, also used by OSRM and Valhalla) writes the same point in
about four. The 50m country shapes shrink from 0.5 MB to about 0.15 MB, which is most of what
keeps the exported map small. The browser decodes them back into ordinary GeoJSON features, so
Leaflet, tooltips, popups and streamlit-folium's click reports see a normal L.geoJSON layer.
A layer of thousands of lines (BatchLines) is instead drawn as one batch on a canvas. Each
layer's JavaScript is a file of geo/web/js (compact_layer.js, batch_layer.js; decode.js decodes).
"""

from __future__ import annotations

import hashlib
import itertools
import pickle
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.web.elements import Call, script_json

BATCH_POINTS = 8192
"""Coordinates encoded together by encode_geometries."""
ENCODED_TYPES = {"LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
"""How deep the lists of encoded strings nest for each geometry type."""


def encode_coords(coords: np.ndarray, *, precision: int) -> str:
    """(lon, lat) rows as one encoded-polyline string (lon first, like GeoJSON)."""
    coords = np.asarray(coords, dtype=float)
    return encode_runs(coords, [len(coords)], precision=precision)[0]


def encode_runs(coords: np.ndarray, lengths: Sequence[int], *, precision: int) -> list[str]:
    """Consecutive runs of (lon, lat) rows, ``lengths[i]`` rows each, as one string a run.

    The same strings as encode_coords on each run, from one numpy pass over all of them: a
    layer of 10,000 arrows is some 20,000 short lines, and a Python loop a character cost more
    than a second there.
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    scaled = np.round(np.asarray(coords, dtype=float)[:, :2] * 10**precision).astype(np.int64)
    deltas = np.diff(scaled, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    firsts = (np.cumsum(lengths) - lengths)[lengths > 0]
    deltas[firsts] = scaled[firsts]  # each run starts again from zero
    text, widths = _encode_values(deltas.ravel())
    ends = np.concatenate([[0], np.cumsum(widths, dtype=np.int64)])[
        np.concatenate([[0], np.cumsum(2 * lengths)])
    ]
    return [text[start:end] for start, end in itertools.pairwise(ends.tolist())]


def _encode_values(values: np.ndarray) -> tuple[str, np.ndarray]:
    """Signed integers as encoded-polyline text, and how many characters each one took.

    A value is zigzagged to a non-negative number, then written five bits a character, lowest
    first; every character but a value's last carries 0x20, and 63 makes each one printable.
    """
    zigzag = np.where(values < 0, ~(values << 1), values << 1)
    if not zigzag.size:
        return "", np.zeros(0, dtype=np.uint8)
    largest, places = int(zigzag.max()), 1
    while largest >> (5 * places):
        places += 1
    # One byte a character, filled a place at a time, so the temporaries stay one row long.
    chars = np.empty((len(zigzag), places), dtype=np.uint8)
    widths = np.ones(len(zigzag), dtype=np.uint8)
    for place in range(places):
        rest = zigzag >> (5 * place)
        chars[:, place] = (rest & 0x1F) + 63
        if place:
            widths += rest > 0
    columns = np.arange(places, dtype=np.uint8)
    np.add(chars, 0x20, out=chars, where=columns < widths[:, None] - 1)
    return chars[columns < widths[:, None]].tobytes().decode("ascii"), widths


def decode_coords(text: str, *, precision: int) -> np.ndarray:
    """The inverse of encode_coords; the browser runs the same loop in JavaScript."""
    values, shift, result = [], 0, 0
    for char in text:
        byte = ord(char) - 63
        result |= (byte & 0x1F) << shift
        shift += 5
        if byte < 0x20:
            values.append(~(result >> 1) if result & 1 else result >> 1)
            shift, result = 0, 0
    return np.cumsum(np.array(values, dtype=np.int64).reshape(-1, 2), axis=0) / 10**precision


def encode_geometry(geom: shapely.Geometry, *, precision: int) -> list:
    """[type, payload]: encoded strings nested like GeoJSON coordinates; points stay numbers."""
    return encode_geometries([geom], precision=precision)[0]


def encode_geometries(geoms: Iterable[shapely.Geometry], *, precision: int) -> list[list]:
    """encode_geometry of each geometry, with all their coordinates encoded in one pass."""
    layout = _Layout(precision)
    encoded = [layout.add(geom) for geom in geoms]
    layout.fill()
    return encoded


class _Layout:
    """encode_geometry's nested lists, with a hole for each line's or ring's string.

    The holes are filled together once every geometry is laid out, so that encode_runs sees
    all the coordinates at once instead of one short line at a time.
    """

    def __init__(self, precision: int) -> None:
        self.precision = precision
        self.holes: list[tuple[list, int]] = []
        self.lines: list[shapely.Geometry] = []
        self.polygons: list[tuple[list, shapely.Geometry]] = []

    def add(self, geom: shapely.Geometry) -> list:
        kind = geom.geom_type
        if kind == "Point":
            return [kind, [round(geom.x, self.precision), round(geom.y, self.precision)]]
        if kind == "GeometryCollection":
            return [kind, [self.add(g) for g in geom.geoms]]
        if kind == "LineString":
            encoded = [kind, None]
            self._hole(encoded, 1, geom)
            return encoded
        if kind == "MultiLineString":
            return [kind, self._holes(list(geom.geoms))]
        if kind == "Polygon":
            return [kind, self._rings(geom)]
        if kind == "MultiPolygon":
            return [kind, [self._rings(p) for p in geom.geoms]]
        msg = f"cannot encode a {kind}"
        raise ValueError(msg)

    def _hole(self, container: list, index: int, line: shapely.Geometry) -> None:
        self.holes.append((container, index))
        self.lines.append(line)

    def _holes(self, lines: list) -> list:
        strings: list = [None] * len(lines)
        for index, line in enumerate(lines):
            self._hole(strings, index, line)
        return strings

    def _rings(self, polygon: shapely.Geometry) -> list:
        """A list that fill() gives the polygon's rings' strings: read for all polygons at once,
        as a polygon's exterior and interiors cost more to read one by one than to encode."""
        strings: list = []
        self.polygons.append((strings, polygon))
        return strings

    def fill(self) -> None:
        if self.polygons:
            polygons = np.empty(len(self.polygons), dtype=object)
            polygons[:] = [polygon for _, polygon in self.polygons]
            rings, owners = shapely.get_rings(polygons, return_index=True)
            for ring, owner in zip(rings, owners.tolist(), strict=True):
                strings = self.polygons[owner][0]
                strings.append(None)
                self._hole(strings, len(strings) - 1, ring)
        lines = np.empty(len(self.lines), dtype=object)
        lines[:] = self.lines
        counts = shapely.get_num_coordinates(lines)
        # A few thousand points at a time: as fast as all at once, and the temporary arrays
        # stay a few hundred kB however large the layer.
        group = (np.cumsum(counts) - counts) // BATCH_POINTS
        starts = [0, *(np.flatnonzero(np.diff(group)) + 1).tolist(), len(lines)]
        strings: list[str] = []
        for start, end in itertools.pairwise(starts):
            coords = shapely.get_coordinates(lines[start:end])
            strings += encode_runs(coords, counts[start:end], precision=self.precision)
        for (container, index), text in zip(self.holes, strings, strict=True):
            container[index] = text


def encode_frame(
    frame: gpd.GeoDataFrame,
    *,
    properties: list[str],
    precision: int,
    styles: Sequence[dict] = (),
    style_index: Sequence[int] | None = None,
) -> dict:
    """{"styles": [...], "features": [[geometry, style index, properties], ...]}.

    ``styles`` are the layer's distinct styles and ``style_index`` each feature's (-1: none);
    only ``properties`` are shipped to the browser.
    """
    features = []
    attributes = frame.drop(columns=frame.geometry.name).to_dict("records")
    geometries = encode_geometries(frame.geometry, precision=precision)
    chosen = [-1] * len(frame) if style_index is None else list(style_index)
    for geometry, record, index in zip(geometries, attributes, chosen, strict=True):
        props = {k: record[k] for k in properties if record.get(k) not in (None, "")}
        features.append([geometry, int(index), props])
    return {"styles": list(styles), "features": features}


ENCODED_CACHE_SIZE = 64
_encoded: OrderedDict[tuple, str] = OrderedDict()
_encoded_lock = threading.Lock()


def encoded_json(
    frame: gpd.GeoDataFrame,
    *,
    properties: list[str],
    precision: int,
    styles: Sequence[dict] = (),
    style_index: Sequence[int] | None = None,
) -> str:
    """encode_frame's output as JSON safe inside a script element, remembered by the frame's content.

    The app draws the same layers on every rerun (a toggle, a slider step): encoding and dumping
    them again was most of a rerun's server time. The key is a digest of everything the output
    depends on, so a hit is always the right text; the results never change once made, so one
    cache can serve every session.
    """
    chosen = None if style_index is None else np.asarray(style_index, dtype=np.int64).tobytes()
    key = (frame_digest(frame), tuple(properties), script_json(list(styles)), chosen, precision)
    with _encoded_lock:
        if key in _encoded:
            _encoded.move_to_end(key)
            return _encoded[key]
    encoded = encode_frame(
        frame, properties=properties, precision=precision, styles=styles, style_index=style_index
    )
    text = script_json(encoded)
    with _encoded_lock:
        _encoded[key] = text
        while len(_encoded) > ENCODED_CACHE_SIZE:
            _encoded.popitem(last=False)
    return text


def clear_cache() -> None:
    """Forget every encoded layer (the benchmarks time each build from nothing)."""
    with _encoded_lock:
        _encoded.clear()


def frame_digest(frame: gpd.GeoDataFrame) -> str:
    """A digest of a frame's attributes and geometries."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(pickle.dumps(pd.DataFrame(frame.drop(columns=frame.geometry.name)), protocol=5))
    for wkb in shapely.to_wkb(np.asarray(frame.geometry.values)):
        digest.update(wkb)
    return digest.hexdigest()


class EncodedLayer(Call):
    """A layer shipped as encode_frame's output, with what every such layer's script reads:
    the data, the coordinates' scale, the hover style and the style of a picked feature.

    Tooltips and popups come from each feature's ``tip`` and ``popup`` properties: HTML that
    geo.web.markup rendered with every data value escaped.
    """

    def __init__(
        self,
        frame: gpd.GeoDataFrame,
        *,
        properties: list[str],
        styles: Sequence[dict] = (),
        style_index: Sequence[int] | None = None,
        highlight: dict | None = None,
        precision: int = 3,
        picked: dict | None = None,
    ) -> None:
        self.data_json = encoded_json(
            frame, properties=properties, precision=precision, styles=styles, style_index=style_index
        )
        options = {"factor": 10**precision, "highlight": highlight, "picked": picked, **self.options()}
        super().__init__(self.data_json, script_json(options))

    def options(self) -> dict:
        """What this kind of layer's script reads besides the data and the common options."""
        return {}


class CompactGeoJson(EncodedLayer):
    """An L.geoJSON layer built in the browser from encode_frame's output."""

    script_file, function = "compact_layer.js", "dmCompactLayer"

    def __init__(
        self,
        frame: gpd.GeoDataFrame,
        *,
        marker_radius: int | None = None,
        class_name: str = "",
        casing: dict | None = None,
        **layer: object,
    ) -> None:
        self.marker = marker_radius
        self.class_name = class_name
        self.casing = casing
        super().__init__(frame, **layer)

    def options(self) -> dict:
        return {"marker": self.marker, "className": self.class_name, "casing": self.casing}


MANY_FEATURES = 1500
"""Above this many features a map draws on a canvas (SVG slows down with thousands of paths), and a
layer of lines is drawn as one batch: fewer would not pay for the layer's own hit test, and the
app's top flows (a few dozen) keep ordinary Leaflet layers."""


class BatchLines(EncodedLayer):
    """Thousands of lines and shapes (no points) from encode_frame's output as one Leaflet
    layer, stroked on a canvas in one pass.

    An L.geoJSON layer makes a Leaflet object for every part of every feature: 10,000 trade arrows
    became 30,857 objects (a group, its line, the line's piece past the 180th meridian, the head),
    and making them, not stroking them, was most of the three seconds the page took to draw. Here
    each feature stays a plain record (its parts' coordinates and its texts); one L.Path draws them
    all in the map's canvas renderer, in the frame's order, each with its own style, exactly as
    Leaflet's canvas would (a line stroked, a head filled and stroked). A hit test over the
    features' boxes finds the one under the pointer, so each keeps its tooltip, its hover style,
    its popup, and the click streamlit-folium reports (``e.layer.toGeoJSON()`` is the feature).
    """

    script_file, function = "batch_layer.js", "dmBatchLayer"

    def __init__(self, frame: gpd.GeoDataFrame, *, tolerance: float = 2.0, **layer: object) -> None:
        self.tolerance = float(tolerance)
        super().__init__(frame, **layer)

    def options(self) -> dict:
        return {"tolerance": self.tolerance}


def drawn_in_batch(frame: gpd.GeoDataFrame) -> bool:
    """Whether a layer's features are better drawn as one batch: many, and none of them a point."""
    if len(frame) <= MANY_FEATURES:
        return False
    kinds = set(frame.geometry.geom_type)
    return "Point" not in kinds and "MultiPoint" not in kinds
