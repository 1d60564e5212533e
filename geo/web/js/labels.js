// Names on the map as HTML text (selectable, read aloud), placed by priority at every zoom
// (geo.web.elements.MapLabels), by the rule geo.model.labels.place applies to an image.

// The label rule, geo.model.labels.place's (tests/test_labels.py gives both the same labels): by
// priority (a stable sort, most important first), each label whose point lies within `within`
// ([left, top, right, bottom], pixels, y down) goes at the first of its anchor's offsets where its
// box lies within `within` and overlaps no box in `placed` (obstacles first, then the labels
// placed before it); a label with no room is left out. So is one outside its zooms at
// `rules.zoom`, and one whose id a label before it on the map has. Marked places first, by priority:
// one within `rules.spacing` pixels of a marked place kept before it is left out; each one kept
// is an obstacle `rules.clear` pixels round its point to the labels of its priority or after.
// `items`: [{x, y, w, h, priority, id, anchor, marked, zooms}] (all but the first five
// optional); `offsets`: the offsets, or the offsets by anchor. Returns, for each item in the
// order given, [side, box] or null; `placed` gains the boxes.
function dmPlaceBoxes(items, offsets, gap, within, placed, rules) {
    function overlaps(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
    function inside(box) { return box[0] >= within[0] && box[1] >= within[1] && box[2] <= within[2] && box[3] <= within[3]; }
    const zoom = rules && rules.zoom !== undefined ? rules.zoom : null;
    const spacing = rules && rules.spacing ? rules.spacing : 0;
    const clear = rules && rules.clear ? rules.clear : 0;
    const found = items.map(function() { return null; });
    const order = items.map(function(item, i) { return i; });
    order.sort(function(a, b) { return items[a].priority - items[b].priority; });
    const shown = order.filter(function(i) {
        const item = items[i];
        const atZoom = zoom === null || !item.zooms || (item.zooms[0] <= zoom && zoom <= item.zooms[1]);
        return atZoom && item.x >= within[0] && item.x <= within[2] && item.y >= within[1] && item.y <= within[3];
    });
    const kept = new Set(), keptPoints = [], clears = [];
    for (const i of shown) {
        const item = items[i];
        if (item.marked && keptPoints.every(function(p) { return Math.hypot(item.x - p[0], item.y - p[1]) >= spacing; })) {
            kept.add(i);
            keptPoints.push([item.x, item.y]);
            if (clear > 0) { clears.push([[item.x - clear, item.y - clear, item.x + clear, item.y + clear], item.priority]); }
        }
    }
    const named = new Set();
    for (const i of shown) {
        const item = items[i];
        if ((item.id !== undefined && named.has(item.id)) || (item.marked && !kept.has(i))) { continue; }
        if (item.id !== undefined) { named.add(item.id); }
        // A name gives way to the markers of places as important as its own, or more.
        const markers = clears.filter(function(c) { return c[1] <= item.priority; }).map(function(c) { return c[0]; });
        const choices = Array.isArray(offsets) ? offsets : offsets[item.anchor || "point"];
        for (const o of choices) {
            const left = item.x + o[1] * item.w + o[3] * gap, top = item.y + o[2] * item.h + o[4] * gap;
            const box = [left, top, left + item.w, top + item.h];
            const hit = function(other) { return overlaps(box, other); };
            if (!inside(box) || placed.some(hit) || markers.some(hit)) { continue; }
            placed.push(box);
            found[i] = [o[0], box];
            break;
        }
    }
    return found;
}

// `labels`: geo.model.labels.Label records, most important first; `groups`: the feature group
// of each layer, so a label hides while its layer is off; `offsets` and `gap`: the rule's;
// `clear` and `spacing`: the rule's, round and between marked places (0: none);
// `lineClear`: pixels around each point of a label's `clear` line (geo.model.labels.LINE_CLEAR).
function dmMapLabels(map, groups, labels, offsets, gap, clear, spacing, lineClear) {
    const pane = map.createPane("dm-labels");
    pane.style.zIndex = 640;
    pane.style.pointerEvents = "none";
    for (const label of labels) {
        const el = L.DomUtil.create("div", "dm-label dm-layer-" + label.layer + (label.kind ? " dm-kind-" + label.kind : ""), pane);
        if ((label.colours && label.colours.length) || label.text.includes("\n")) {
            // A line a thing it lists (the guests who came from one place), each in the colour
            // that thing is drawn in when it has one (a person's trips).
            label.text.split("\n").forEach(function(line, i) {
                const row = L.DomUtil.create("div", "", el);
                row.textContent = line;
                row.style.color = label.colours[i] || "";
            });
        } else {
            el.textContent = label.text;
        }
        el.dataset.id = label.id;
        el.style.display = "none";
        label.el = el;
        label.latlng = L.latLng(label.lat, label.lon);
    }
    function layerOn(key) {
        const group = groups[key];
        return group === undefined || map.hasLayer(group);
    }
    // A label of some chapters only (a featured flow's value): shown while one of them is open
    // (story.js sets map.dmChapter); a page with no story panel was given only its own.
    function inChapter(label) {
        return !label.chapters || !label.chapters.length || map.dmChapter === undefined || label.chapters.includes(map.dmChapter);
    }
    function placeAll() {
        const size = map.getSize();
        // The controls are placed first: a name under a panel could not be read.
        const frame = map.getContainer().getBoundingClientRect();
        const placed = Array.from(map.getContainer().querySelectorAll(".leaflet-control"))
            .map(function(c) { return c.getBoundingClientRect(); })
            .filter(function(r) { return r.width > 0 && r.height > 0; })
            .map(function(r) { return [r.left - frame.left, r.top - frame.top, r.right - frame.left, r.bottom - frame.top]; });
        // Show, then measure, then place: one layout for all labels, not one each.
        const shown = labels.filter(function(label) {
            const on = layerOn(label.layer) && inChapter(label);
            label.el.style.display = on ? "block" : "none";
            return on;
        });
        for (const label of shown) {
            if (label.w === undefined) {
                // Fractional sizes, and a pixel to spare: boxes that touch do not overlap.
                const box = label.el.getBoundingClientRect();
                label.w = box.width + 2;
                label.h = box.height + 2;
            }
        }
        const items = shown.map(function(label) {
            const p = map.latLngToContainerPoint(label.latlng);
            return {x: p.x, y: p.y, w: label.w, h: label.h, priority: label.priority, id: label.id,
                    anchor: label.anchor, marked: label.marked, zooms: label.zooms};
        });
        // A featured flow's arrow (geo.model.labels.keep_clear): no name covers it.
        for (const label of shown) {
            for (const point of label.clear || []) {
                const p = map.latLngToContainerPoint([point[1], point[0]]);
                placed.push([p.x - lineClear, p.y - lineClear, p.x + lineClear, p.y + lineClear]);
            }
        }
        const rules = {zoom: map.getZoom(), spacing: spacing || 0, clear: clear};
        const found = dmPlaceBoxes(items, offsets, gap, [0, 0, size.x, size.y], placed, rules);
        shown.forEach(function(label, i) {
            if (found[i] === null) { label.el.style.display = "none"; return; }
            L.DomUtil.setPosition(label.el, map.containerPointToLayerPoint([found[i][1][0], found[i][1][1]]));
            label.el.dataset.side = found[i][0];
        });
        // The key lists only what is drawn: a row whose layers are all off hides with them.
        for (const row of map.getContainer().querySelectorAll(".dm-legend [data-layer]")) {
            row.style.display = !row.dataset.layer || row.dataset.layer.split(" ").some(layerOn) ? "" : "none";
        }
    }
    // Once per frame at most: a chapter adds and removes whole layers at once.
    let pending = false;
    function schedule() {
        if (pending) { return; }
        pending = true;
        requestAnimationFrame(function() { pending = false; placeAll(); });
    }
    map.on("zoomend moveend overlayadd overlayremove resize", schedule);
    // In the first frame, once the rest of the page (the key, the panel) is on the map.
    map.whenReady(schedule);
    map.dmPlaceLabels = schedule;
    return pane;
}
