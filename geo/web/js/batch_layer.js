// Thousands of lines and shapes from geo.web.compact.encode_frame's output as one Leaflet layer,
// stroked on a canvas in one pass (geo.web.compact.BatchLines says why). Added to `parent` and
// returned. `options`: factor (10 ** precision), highlight, picked, tolerance (pixels of reach
// around a line for the pointer).
function dmBatchLayer(parent, data, options) {
    dmMarkLines();
    const factor = options.factor;
    const hi = options.highlight;
    const picked = options.picked;
    const tolerance = options.tolerance;
    // Flat [lon, lat, lon, lat, ...]: one array a line, not an array a point.
    function decode(str) { return dmDecode(str, factor); }
    function collect(g, item) {
        const type = g[0], c = g[1];
        if (type === "LineString") { item.lines.push(decode(c)); }
        else if (type === "MultiLineString") { for (const s of c) { item.lines.push(decode(s)); } }
        else if (type === "Polygon") { for (const s of c) { item.rings.push(decode(s)); } }
        else if (type === "MultiPolygon") { for (const p of c) { for (const s of p) { item.rings.push(decode(s)); } } }
        else if (type === "GeometryCollection") { for (const x of c) { collect(x, item); } }
    }
    const items = data.features.map(function(f) {
        const item = {lines: [], rings: [], style: data.styles[f[1]] || {}, props: f[2]};
        collect(f[0], item);
        return item;
    });
    function pairs(flat) {
        const out = [];
        for (let k = 0; k < flat.length; k += 2) { out.push([flat[k], flat[k + 1]]); }
        return out;
    }
    function feature(item) {
        const parts = item.lines.map(function(l) { return {type: "LineString", coordinates: pairs(l)}; })
            .concat(item.rings.map(function(r) { return {type: "Polygon", coordinates: [pairs(r)]}; }));
        return {type: "Feature", id: item.props.id, properties: item.props, geometry: {type: "GeometryCollection", geometries: parts}};
    }
    const D = Math.PI / 180, MAX_LAT = 85.0511287798;
    // Leaflet's EPSG:3857 (L.CRS.EPSG3857.latLngToPoint), inlined for 300,000 points.
    // A point less than a pixel from the last one kept is dropped (the last point never
    // is), as Leaflet's smoothFactor does: an arc of 32 points is a few at world zoom.
    function projected(flat, scale, origin, box) {
        const out = new Float64Array(flat.length);
        let n = 0;
        for (let k = 0; k < flat.length; k += 2) {
            const lat = Math.max(Math.min(flat[k + 1], MAX_LAT), -MAX_LAT) * D;
            const x = (flat[k] / 360 + 0.5) * scale - origin.x;
            const y = (0.5 - Math.log(Math.tan(Math.PI / 4 + lat / 2)) / (2 * Math.PI)) * scale - origin.y;
            if (n && k < flat.length - 2 && Math.abs(x - out[n - 2]) < 1 && Math.abs(y - out[n - 1]) < 1) { continue; }
            out[n++] = x; out[n++] = y;
            if (x < box[0]) { box[0] = x; } if (x > box[2]) { box[2] = x; }
            if (y < box[1]) { box[1] = y; } if (y > box[3]) { box[3] = y; }
        }
        return out.subarray(0, n);
    }
    // The marks in pixels (marks.js): each line offset and trimmed, its heads filled as rings.
    function marked(item, box) {
        const last = item.lp.length - 1;
        item.lp = item.lp.map(function(line, i) {
            const m = dmMarkFlat(Array.from(line), item.style, {start: i === 0, end: i === last});
            for (const head of [m.end, m.start]) {
                if (!head) { continue; }
                item.rp.push(Float64Array.from(head));
                for (let k = 0; k < head.length; k += 2) {
                    box[0] = Math.min(box[0], head[k]); box[2] = Math.max(box[2], head[k]);
                    box[1] = Math.min(box[1], head[k + 1]); box[3] = Math.max(box[3], head[k + 1]);
                }
            }
            return Float64Array.from(m.line);
        });
    }
    // Which sides of the box [x0, y0, x1, y1] a point lies beyond (Cohen-Sutherland's code).
    function beyond(x, y, box) {
        return (x < box[0] ? 1 : 0) | (x > box[2] ? 2 : 0) | (y < box[1] ? 4 : 0) | (y > box[3] ? 8 : 0);
    }
    // A line's segments wholly beyond one side of the box are skipped, not stroked off the
    // canvas, as Leaflet clips its lines to the view; what shows inside the box is the same.
    function trace(ctx, parts, closed, box) {
        ctx.beginPath();
        for (const p of parts) {
            ctx.moveTo(p[0], p[1]);
            let last = closed ? 0 : beyond(p[0], p[1], box);
            for (let k = 2; k < p.length; k += 2) {
                const side = closed ? 0 : beyond(p[k], p[k + 1], box);
                if (side & last) { ctx.moveTo(p[k], p[k + 1]); } else { ctx.lineTo(p[k], p[k + 1]); }
                last = side;
            }
            if (closed) { ctx.closePath(); }
        }
    }
    function nearSegment(x, y, ax, ay, bx, by, reach) {
        const dx = bx - ax, dy = by - ay, len = dx * dx + dy * dy;
        let t = len ? ((x - ax) * dx + (y - ay) * dy) / len : 0;
        t = Math.max(0, Math.min(1, t));
        const ex = ax + t * dx - x, ey = ay + t * dy - y;
        return ex * ex + ey * ey <= reach * reach;
    }
    function inside(x, y, p) {
        let found = false;
        for (let k = 0, j = p.length - 2; k < p.length; j = k, k += 2) {
            if ((p[k + 1] > y) !== (p[j + 1] > y) && x < (p[j] - p[k]) * (y - p[k + 1]) / (p[j + 1] - p[k + 1]) + p[k]) { found = !found; }
        }
        return found;
    }
    const Batch = L.Path.extend({
        beforeAdd: function(map) {
            // The map's canvas when it draws on one; a canvas of the layer's own otherwise.
            this._renderer = map.options.preferCanvas ? map.getRenderer(this) : (this._own = this._own || L.canvas());
            if (!map.hasLayer(this._renderer)) { map.addLayer(this._renderer); }
        },
        _project: function() {
            const map = this._map, scale = map.options.crs.scale(map.getZoom()), origin = map.getPixelOrigin();
            const all = [Infinity, Infinity, -Infinity, -Infinity];
            for (const item of items) {
                const box = [Infinity, Infinity, -Infinity, -Infinity];
                item.lp = item.lines.map(function(l) { return projected(l, scale, origin, box); });
                item.rp = item.rings.map(function(r) { return projected(r, scale, origin, box); });
                if (item.style.dmOffset || item.style.dmHeads) { marked(item, box); }
                const pad = (item.style.weight || 1) / 2 + tolerance;
                item.box = [box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad];
                all[0] = Math.min(all[0], item.box[0]); all[1] = Math.min(all[1], item.box[1]);
                all[2] = Math.max(all[2], item.box[2]); all[3] = Math.max(all[3], item.box[3]);
            }
            this._pxBounds = items.length ? L.bounds([all[0], all[1]], [all[2], all[3]]) : null;
        },
        _update: function() {},
        _empty: function() { return !items.length; },
        _updatePath: function() {
            const r = this._renderer;
            if (!r._drawing) { return; }
            const ctx = r._ctx, b = r._redrawBounds || r._bounds;
            ctx.lineCap = "round"; ctx.lineJoin = "round";
            if (ctx.setLineDash) { ctx.setLineDash([]); }
            for (const item of items) {
                const box = item.box;
                if (box[2] < b.min.x || box[0] > b.max.x || box[3] < b.min.y || box[1] > b.max.y) { continue; }
                const s = item.style;
                if (item.lp.length) {
                    const pad = (s.weight || 1) + 1;
                    trace(ctx, item.lp, false, [b.min.x - pad, b.min.y - pad, b.max.x + pad, b.max.y + pad]);
                    this._stroke(ctx, s);
                }
                if (item.rp.length) {
                    trace(ctx, item.rp, true, null);
                    ctx.globalAlpha = s.fillOpacity === undefined ? 0.2 : s.fillOpacity;
                    ctx.fillStyle = s.fillColor || s.color || "#3388ff";
                    ctx.fill("evenodd");
                    // An arrowhead is filled only: stroked at its line's width it would grow with it.
                    if (!s.dmHeads) { this._stroke(ctx, s); }
                }
            }
        },
        _stroke: function(ctx, s) {
            if (s.weight === 0) { return; }
            ctx.globalAlpha = s.opacity === undefined ? 1 : s.opacity;
            ctx.lineWidth = s.weight === undefined ? 3 : s.weight;
            ctx.strokeStyle = s.color || "#3388ff";
            // A dashed outline (a disputed share) as Leaflet's dashArray writes it: "4 3".
            if (ctx.setLineDash) { ctx.setLineDash(s.dashArray ? String(s.dashArray).split(/[ ,]+/).map(Number) : []); }
            ctx.stroke();
        },
        // The topmost feature under a point: the last drawn, as on the canvas.
        _itemAt: function(p) {
            for (let i = items.length - 1; i >= 0; i--) {
                const item = items[i], box = item.box;
                if (!box || p.x < box[0] || p.x > box[2] || p.y < box[1] || p.y > box[3]) { continue; }
                const reach = (item.style.weight || 1) / 2 + tolerance;
                for (const line of item.lp.concat(item.rp)) {
                    for (let k = 2; k < line.length; k += 2) {
                        if (nearSegment(p.x, p.y, line[k - 2], line[k - 1], line[k], line[k + 1], reach)) { return item; }
                    }
                }
                for (const ring of item.rp) { if (inside(p.x, p.y, ring)) { return item; } }
            }
            return null;
        },
        _containsPoint: function(p) {
            this._found = this._itemAt(p);
            return this._found !== null;
        }
    });
    const layer = new Batch({interactive: true, bubblingMouseEvents: false});
    let hovered = null, mark = null, pickedMark = null, tooltip = null, svg = null;
    function overlay(item, change) {
        // One feature drawn over the batch in SVG: a hover or a pick restyles nothing else. A
        // shape's outline only, unless the change is to its fill: the canvas filled it already, and
        // a fill over the batch would hide the trips and arrows drawn over a country (a flow's
        // head is its fill).
        const fills = item.style.dmHeads || "fillColor" in change || "fillOpacity" in change;
        const style = Object.assign({}, item.style, change, fills ? {} : {fill: false});
        if (!svg) {
            // In a pane of its own that takes no pointer events: the canvas under it keeps them.
            const pane = layer._map.getPane("dm-batch-marks") || layer._map.createPane("dm-batch-marks");
            pane.style.zIndex = 450;
            pane.style.pointerEvents = "none";
            svg = L.svg({pane: "dm-batch-marks"});
        }
        return L.geoJSON(feature(item), {renderer: svg, interactive: false, style: function() { return style; }}).addTo(layer._map);
    }
    function leave() {
        if (mark) { mark.remove(); mark = null; }
        if (tooltip) { tooltip.remove(); }
        hovered = null;
    }
    layer.on("mousemove mouseover", function(e) {
        const item = layer._found;
        if (item !== hovered) {
            leave();
            hovered = item;
            if (!item) { return; }
            if (hi) { mark = overlay(item, hi); }
            if (item.props.tip) {
                tooltip = tooltip || L.tooltip({sticky: true, className: "dm-tip"});
                tooltip.setContent(item.props.tip).setLatLng(e.latlng).addTo(layer._map);
            }
        }
        if (tooltip && hovered && hovered.props.tip) { tooltip.setLatLng(e.latlng); }
    });
    layer.on("mouseout", leave);
    layer.on("remove", leave);
    layer.on("click", function(e) {
        const item = layer._found;
        if (!item) { return; }
        const f = feature(item);
        // What streamlit-folium reports: the feature, as an L.geoJSON layer would give it.
        e.layer = {feature: f, toGeoJSON: function() { return f; }};
        if (picked) {
            window.dmPicked = item.props.id;
            document.dispatchEvent(new CustomEvent("dm-picked"));
        } else {
            openPopup(item, e.latlng);
        }
    });
    function openPopup(item, latlng) {
        if (!item.props.popup) { return null; }
        return L.popup({maxWidth: 340, maxHeight: 360, autoPan: false}).setLatLng(latlng).setContent(item.props.popup).openOn(layer._map);
    }
    if (picked) {
        document.addEventListener("dm-picked", function() {
            if (pickedMark) { pickedMark.remove(); pickedMark = null; }
            const item = items.find(function(x) { return x.props.id === window.dmPicked; });
            if (item && layer._map) { pickedMark = overlay(item, picked); }
        });
    }
    // For tests and scripts: the features, and a feature's popup opened as a click would.
    layer.dmItems = items;
    layer.dmOpenPopup = openPopup;
    return layer.addTo(parent);
}
