// Marks sized on the screen, not on the ground (geo.model.style.Style's offset, heads and head;
// geo.static.marks draws the same in points): a line runs dmOffset pixels to the right of its way
// and ends in an arrowhead dmHead pixels long, at every zoom, so a head is never a 10 km blot at
// city zoom nor invisible at world zoom, and a line still meets its station's marker.
// Lines are flat [x, y, x, y, ...] pixel arrays here.

// A point closer than 0.01 px to the one before is one point (a line at world zoom folds up).
// Only function declarations at the top: a layer's call may run before this file's other lines.
function dmDistinct(flat) {
    const same = 0.01, out = [];
    for (let k = 0; k < flat.length; k += 2) {
        const n = out.length;
        if (n && Math.abs(flat[k] - out[n - 2]) < same && Math.abs(flat[k + 1] - out[n - 1]) < same) { continue; }
        out.push(flat[k], flat[k + 1]);
    }
    return out;
}

// Every point moved `px` to the right of travel (y down: right of east is south), a corner by
// the mean of its two segments' normals, lengthened to keep the width, at most twice.
function dmOffsetFlat(flat, px) {
    const p = dmDistinct(flat), n = p.length / 2;
    if (!px || n < 2) { return p; }
    const normals = [];
    for (let i = 0; i < n - 1; i++) {
        const dx = p[2 * i + 2] - p[2 * i], dy = p[2 * i + 3] - p[2 * i + 1], len = Math.hypot(dx, dy);
        normals.push([-dy / len, dx / len]);
    }
    const out = [];
    for (let i = 0; i < n; i++) {
        const a = normals[Math.max(i - 1, 0)], b = normals[Math.min(i, n - 2)];
        let nx = a[0] + b[0], ny = a[1] + b[1];
        const len = Math.hypot(nx, ny) || 1;
        nx /= len; ny /= len;
        const scale = Math.min(2, 1 / Math.max(nx * b[0] + ny * b[1], 0.5));
        out.push(p[2 * i] + nx * px * scale, p[2 * i + 1] + ny * px * scale);
    }
    return out;
}

function dmLengthFlat(p) {
    let total = 0;
    for (let k = 2; k < p.length; k += 2) { total += Math.hypot(p[k] - p[k - 2], p[k + 1] - p[k - 1]); }
    return total;
}

// The line without its last `px` pixels (so its stroke ends under its head, not past the tip).
function dmTrimEndFlat(p, px) {
    const out = p.slice();
    let rest = px;
    while (out.length > 4 && rest > 0) {
        const n = out.length, len = Math.hypot(out[n - 2] - out[n - 4], out[n - 1] - out[n - 3]);
        if (len > rest) { break; }
        rest -= len; out.length = n - 2;
    }
    const n = out.length;
    if (n >= 4 && rest > 0) {
        const dx = out[n - 2] - out[n - 4], dy = out[n - 1] - out[n - 3], len = Math.hypot(dx, dy) || 1;
        const keep = Math.max(len - rest, 0) / len;
        out[n - 2] = out[n - 4] + dx * keep; out[n - 1] = out[n - 3] + dy * keep;
    }
    return out;
}

function dmReverseFlat(p) {
    const out = [];
    for (let k = p.length - 2; k >= 0; k -= 2) { out.push(p[k], p[k + 1]); }
    return out;
}

// A triangle [tip, left, right] pointing at the line's last point along its last segment.
function dmHeadFlat(p, length) {
    const n = p.length;
    const tx = p[n - 2], ty = p[n - 1];
    const dx = tx - p[n - 4], dy = ty - p[n - 3], len = Math.hypot(dx, dy) || 1;
    const ux = dx / len, uy = dy / len, half = 0.45 * length;
    const bx = tx - ux * length, by = ty - uy * length;
    return [tx, ty, bx - uy * half, by + ux * half, bx + uy * half, by - ux * half];
}

// A line as drawn from its pixels and its style's marks: the line itself (offset, and trimmed
// where a head covers its end) and its heads' triangles (end, start). `ends`: which ends of the
// feature this part holds ({start, end}: a line cut at the 180th meridian is drawn in parts).
function dmMarkFlat(flat, style, ends) {
    const moved = dmOffsetFlat(flat, style.dmOffset || 0);
    const out = {line: moved, end: null, start: null};
    if (!style.dmHeads || moved.length < 4) { return out; }
    // A leg of travel too short for its head has none (dmHeadRoom heads: at world zoom a train's
    // short legs piled theirs into a knot); a trade arrow's head shrinks to 0.4 of it instead.
    const total = dmLengthFlat(moved), room = style.dmHeadRoom || 0;
    if (room && total < room * (style.dmHead || 0)) { return out; }
    const length = Math.min(style.dmHead || 0, 0.4 * total);
    if (length < 1) { return out; }
    const trim = 0.7 * length;
    if (ends.end) {
        out.end = dmHeadFlat(moved, length);
        out.line = dmTrimEndFlat(out.line, trim);
    }
    if (style.dmHeads > 1 && ends.start) {
        out.start = dmHeadFlat(dmReverseFlat(moved), length);
        out.line = dmReverseFlat(dmTrimEndFlat(dmReverseFlat(out.line), trim));
    }
    return out;
}

// Leaflet's lines get the marks at every projection (each zoom): a polyline whose options carry
// dmOffset or dmHeads is drawn offset and trimmed; a head is a polygon (options.dmHeadOf: its
// line, dmEnd: "end" or "start") whose triangle is made from its line's pixels. Called by each
// layer's function before it makes its lines: this file's code runs after the page's calls.
function dmMarkLines() {
    if (L.Polyline.prototype._dmMarked) { return; }
    const project = L.Polyline.prototype._project;
    function toFlat(ring) { const f = []; for (const q of ring) { f.push(q.x, q.y); } return f; }
    function toRing(flat) { const r = []; for (let k = 0; k < flat.length; k += 2) { r.push(L.point(flat[k], flat[k + 1])); } return r; }
    function rebound(layer) {
        const b = L.bounds([]);
        for (const ring of layer._rings) { for (const q of ring) { b.extend(q); } }
        if (b.isValid()) { layer._rawPxBounds = b; layer._updateBounds(); }
    }
    L.Polyline.include({
        _dmMarked: true,
        _project: function() {
            const o = this.options;
            if (o.dmHeadOf) {
                // Projected again here: a head must not wait for its line's turn at a zoom.
                const line = o.dmHeadOf;
                if (line._map) { line._project(); }
                const head = line._dmHeads && line._dmHeads[o.dmEnd];
                this._rings = head ? [toRing(head)] : [];
                if (head) { rebound(this); }
                return;
            }
            project.call(this);
            if (!(o.dmOffset || o.dmHeads) || !this._rings) { return; }
            const ends = o.dmEnds || {start: true, end: true};
            const last = this._rings.length - 1;
            const heads = {};
            this._rings = this._rings.map(function(ring, i) {
                const marked = dmMarkFlat(toFlat(ring), o, {start: ends.start && i === 0, end: ends.end && i === last});
                if (marked.end) { heads.end = marked.end; }
                if (marked.start) { heads.start = marked.start; }
                return toRing(marked.line);
            });
            this._dmHeads = heads;
            rebound(this);
        }
    });
}

// The heads of one feature's lines (its layer `l`: a polyline, or a group of its parts), as
// polygons added beside them to `group`; each carries the feature, so a click on a head is one
// on its line. `style`: the feature's Leaflet options. `headStyle`: how a head is filled.
function dmAddHeads(l, style, group, headStyle) {
    if (!style.dmHeads) { return []; }
    const parts = [];
    if (l.eachLayer) { l.eachLayer(function(part) { if (part instanceof L.Polyline && !(part instanceof L.Polygon)) { parts.push(part); } }); }
    else if (l instanceof L.Polyline) { parts.push(l); }
    if (!parts.length) { return []; }
    parts.forEach(function(part, i) { part.options.dmEnds = {start: i === 0, end: i === parts.length - 1}; });
    const made = [];
    const wanted = style.dmHeads > 1 ? [[parts[parts.length - 1], "end"], [parts[0], "start"]] : [[parts[parts.length - 1], "end"]];
    for (const [line, end] of wanted) {
        const latlngs = line.getLatLngs();
        const flat = L.LineUtil.isFlat(latlngs) ? latlngs : latlngs[latlngs.length - 1];
        const head = L.polygon(flat.slice(-3), Object.assign({}, headStyle, {dmHeadOf: line, dmEnd: end}));
        head.feature = l.feature;
        group.addLayer(head);
        made.push(head);
    }
    return made;
}
