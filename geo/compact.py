"""A GeoJSON layer that ships its coordinates delta-encoded: a third of the bytes of GeoJSON.

folium.GeoJson writes every coordinate as ``[116.4, 39.9], `` (about 15 characters); the
encoded polyline algorithm (Google's, also used by OSRM and Valhalla) writes the same point in
about four. The 50m country shapes shrink from 0.5 MB to about 0.15 MB, which is most of what
keeps the exported map small. The browser decodes them back into ordinary GeoJSON features, so
Leaflet, tooltips, popups and streamlit-folium's click reports see a normal L.geoJSON layer.
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import numpy as np
import shapely
from folium.template import Template

from geo.elements import SafeMacroElement

ENCODED_TYPES = {"LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
"""How deep the lists of encoded strings nest for each geometry type."""


def encode_coords(coords: np.ndarray, *, precision: int) -> str:
    """(lon, lat) rows as one encoded-polyline string (lon first, like GeoJSON)."""
    scaled = np.round(np.asarray(coords, dtype=float)[:, :2] * 10**precision).astype(np.int64)
    deltas = np.diff(scaled, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).ravel()
    zigzag = np.where(deltas < 0, ~(deltas << 1), deltas << 1)
    out = []
    for value in zigzag.tolist():
        while value >= 0x20:
            out.append(chr((0x20 | (value & 0x1F)) + 63))
            value >>= 5
        out.append(chr(value + 63))
    return "".join(out)


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
    kind = geom.geom_type
    if kind == "Point":
        return [kind, [round(geom.x, precision), round(geom.y, precision)]]
    if kind == "GeometryCollection":
        return [kind, [encode_geometry(g, precision=precision) for g in geom.geoms]]
    if kind == "LineString":
        return [kind, encode_coords(shapely.get_coordinates(geom), precision=precision)]
    if kind == "MultiLineString":
        return [kind, [encode_coords(shapely.get_coordinates(g), precision=precision) for g in geom.geoms]]
    if kind == "Polygon":
        return [kind, [encode_coords(shapely.get_coordinates(r), precision=precision) for r in _rings(geom)]]
    if kind == "MultiPolygon":
        return [kind, [encode_geometry(p, precision=precision)[1] for p in geom.geoms]]
    msg = f"cannot encode a {kind}"
    raise ValueError(msg)


def _rings(polygon: shapely.Polygon) -> list:
    return [polygon.exterior, *polygon.interiors]


def encode_frame(
    frame: gpd.GeoDataFrame, *, properties: list[str], style: Callable[[dict], dict] | None, precision: int
) -> dict:
    """{"styles": [...], "features": [[geometry, style index, properties], ...]}.

    ``style`` sees every column; only ``properties`` are shipped to the browser.
    """
    styles: list[dict] = []
    index: dict[str, int] = {}
    features = []
    attributes = frame.drop(columns=frame.geometry.name).to_dict("records")
    for geom, record in zip(frame.geometry, attributes, strict=True):
        props = {k: record[k] for k in properties if record.get(k) not in (None, "")}
        style_index = -1
        if style is not None:
            chosen = style({"properties": record})
            key = repr(sorted(chosen.items()))
            if key not in index:
                index[key] = len(styles)
                styles.append(chosen)
            style_index = index[key]
        features.append([encode_geometry(geom, precision=precision), style_index, props])
    return {"styles": styles, "features": features}


class CompactGeoJson(SafeMacroElement):
    """An L.geoJSON layer built in the browser from encode_frame's output.

    Tooltips and popups bind from each feature's ``tip`` and ``popup`` properties: HTML that
    geo.labels built with every data value escaped.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function() {
            function decode(str, factor) {
                let i = 0, x = 0, y = 0; const out = [];
                function next() {
                    let result = 0, shift = 0, b;
                    do { b = str.charCodeAt(i++) - 63; result |= (b & 31) << shift; shift += 5; } while (b >= 32);
                    return (result & 1) ? ~(result >> 1) : (result >> 1);
                }
                while (i < str.length) { x += next(); y += next(); out.push([x / factor, y / factor]); }
                return out;
            }
            function geometry(g, factor) {
                const type = g[0], c = g[1];
                if (type === "Point") return {type: type, coordinates: c};
                if (type === "GeometryCollection") return {type: type, geometries: c.map(function(x) { return geometry(x, factor); })};
                if (type === "LineString") return {type: type, coordinates: decode(c, factor)};
                if (type === "MultiPolygon") return {type: type, coordinates: c.map(function(p) { return p.map(function(s) { return decode(s, factor); }); })};
                return {type: type, coordinates: c.map(function(s) { return decode(s, factor); })};
            }
            const data = {{ this.data|tojson }};
            const factor = {{ this.factor }};
            const marker = {{ this.marker|tojson }};
            const layer = L.geoJSON(null, {
                style: function(f) { return data.styles[f.properties._s] || {}; },
                pointToLayer: function(f, latlng) {
                    return L.circleMarker(latlng, Object.assign({radius: marker || 5}, data.styles[f.properties._s] || {}));
                },
                onEachFeature: function(f, l) {
                    const p = f.properties;
                    // A GeometryCollection becomes a group of parts and only the group gets the
                    // feature; a click reports the part (streamlit-folium: e.layer.toGeoJSON()).
                    if (l.eachLayer) { l.eachLayer(function(part) { part.feature = f; }); }
                    if (p.tip) { l.bindTooltip(p.tip, {sticky: true, className: "dm-tip"}); }
                    if (p.popup) { l.bindPopup(p.popup, {maxWidth: 380}); }
                    {%- if this.highlight %}
                    const hi = {{ this.highlight|tojson }};
                    l.on("mouseover", function(e) { if (e.target.setStyle) { e.target.setStyle(hi); } });
                    l.on("mouseout", function(e) { if (e.target.setStyle) { layer.resetStyle(e.target); } });
                    {%- endif %}
                }
            });
            for (const f of data.features) {
                const props = Object.assign({_s: f[1]}, f[2]);
                layer.addData({type: "Feature", id: props.id, properties: props, geometry: geometry(f[0], factor)});
            }
            return layer;
        })();
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        frame: gpd.GeoDataFrame,
        *,
        properties: list[str],
        style: Callable[[dict], dict] | None = None,
        highlight: dict | None = None,
        precision: int = 3,
        marker_radius: int | None = None,
    ) -> None:
        super().__init__()
        self._name = "CompactGeoJson"
        self.data = encode_frame(frame, properties=properties, style=style, precision=precision)
        self.factor = 10**precision
        self.highlight = highlight
        self.marker = marker_radius
