// The event's chapters in a panel (geo.web.elements.StoryPanel): previous and next buttons, the
// ← and → keys, and #chapter=N in the address, which opens chapter N and follows the reader.
// `chapters`: each one's card (HTML from geo.web.markup), layers, and bounds or centre and zoom;
// `groups`: the layers' feature groups by key; `companions`: a layer drawn with another;
// `start`: the chapter the page opened on, fitted with `left` pixels for the panel.
function dmStoryPanel(map, groups, companions, chapters, start, left) {
    const NARROW = 600, SWIPE = 48;  // pixels: a map narrower is a phone's; a finger moved farther swipes
    const control = L.control({position: "topleft"});
    let current = -1, div;
    control.onAdd = function() {
        div = L.DomUtil.create("div", "dm-box dm-story");
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
    };
    control.addTo(map);
    function view(c, first) {
        if (narrow()) { return fitFree(c); }
        const room = Math.min(div.offsetWidth + 24, map.getSize().x / 2);
        // The page opened on this view already (geo.web.maps fits it with the panel's usual
        // width): fitting it again would draw every country twice. A chapter given as a centre
        // and zoom opened on its bounds, and is set exactly now.
        if (first && c.bounds && Math.abs(room - left) < 1) { return; }
        const size = map.getSize();
        if (c.bounds && (size.x <= room + 80 || size.y <= 96)) {
            map.fitBounds(c.bounds, {animate: false});  // no room for the paddings (see dmOpeningView)
        } else if (c.bounds) {
            map.fitBounds(c.bounds, {paddingTopLeft: [room, 16], paddingBottomRight: [16, 16], animate: false});
        } else {
            map.setView(c.center, c.zoom, {animate: false});
        }
    }
    // A phone held upright: the chapter is a sheet along the bottom (geo.web.css PHONE), the
    // corners' controls sit above it, and the view is framed in the band between the controls
    // at the top and those at the bottom, so the chapter's subject is under nothing.
    function narrow() { return map.getSize().x < NARROW; }
    function layout() {
        const container = map.getContainer(), on = narrow();
        container.classList.toggle("dm-narrow", on);
        div.classList.toggle("dm-sheet", on);
        if (on && div.parentNode !== container) { container.appendChild(div); }
        if (!on && div.parentNode === container) { map._controlCorners.topleft.appendChild(div); }
        for (const corner of container.querySelectorAll(".leaflet-bottom")) {
            corner.style.bottom = on ? div.offsetHeight + "px" : "";
        }
    }
    function band(selector, edge) {
        const frame = map.getContainer().getBoundingClientRect();
        const boxes = Array.from(map.getContainer().querySelectorAll(selector))
            .map(function(c) { return c.getBoundingClientRect(); })
            .filter(function(r) { return r.width > 0 && r.height > 0; });
        if (edge === "top") { return Math.max.apply(null, [frame.top].concat(boxes.map(function(r) { return r.bottom; }))) - frame.top; }
        return frame.bottom - Math.min.apply(null, [frame.bottom].concat(boxes.map(function(r) { return r.top; })));
    }
    function fitFree(c) {
        const top = band(".leaflet-top .leaflet-control", "top") + 8;
        const bottom = band(".leaflet-bottom .leaflet-control, .dm-sheet", "bottom") + 8;
        const size = map.getSize();
        const shown = c.phone || c.bounds;
        const bounds = shown ? L.latLngBounds(shown) : L.latLng(c.center).toBounds(1);
        if (size.y - top - bottom < 64) { return map.fitBounds(bounds, {animate: false}); }
        if (!shown) {
            // A centre and zoom: the centre in the middle of the free band, at the chapter's zoom.
            map.setView(c.center, c.zoom, {animate: false});
            return map.panBy([0, (bottom - top) / 2], {animate: false});
        }
        return map.fitBounds(bounds, {paddingTopLeft: [8, top], paddingBottomRight: [8, bottom], animate: false});
    }
    function show(n, first) {
        n = Math.max(0, Math.min(chapters.length - 1, n));
        const c = chapters[n];
        for (const key in groups) {
            const on = c.layers.includes(key) || (key in companions && c.layers.includes(companions[key]));
            if (on && !map.hasLayer(groups[key])) { map.addLayer(groups[key]); }
            if (!on && map.hasLayer(groups[key])) { map.removeLayer(groups[key]); }
        }
        div.innerHTML = c.html;
        div.dataset.chapter = String(n);
        div.scrollTop = 0;
        current = n;
        map.dmChapter = n;
        layout();
        view(c, first && n === start);
        const hash = "#chapter=" + n;
        if (location.hash !== hash) { history.replaceState(null, "", hash); }
        if (map.dmPlaceLabels) { map.dmPlaceLabels(); }
    }
    div.addEventListener("click", function(e) {
        const go = e.target.closest("[data-go]");
        if (go) { show(Number(go.dataset.go)); }
    });
    // A swipe along the sheet steps, as the buttons do; a vertical one scrolls the card.
    let touch = null;
    div.addEventListener("touchstart", function(e) {
        touch = e.touches.length === 1 ? {x: e.touches[0].clientX, y: e.touches[0].clientY} : null;
    }, {passive: true});
    div.addEventListener("touchend", function(e) {
        if (touch === null || e.changedTouches.length !== 1) { return; }
        const dx = e.changedTouches[0].clientX - touch.x, dy = e.changedTouches[0].clientY - touch.y;
        touch = null;
        if (Math.abs(dx) >= SWIPE && Math.abs(dx) > 1.5 * Math.abs(dy)) { show(current + (dx < 0 ? 1 : -1)); }
    });
    // Turned from upright to sideways, or a window narrowed: the chapter framed anew. A phone's
    // address bar coming and going resizes too, and must not undo where the reader has panned.
    map.on("resize", function() {
        if (current < 0) { return; }
        const was = div.classList.contains("dm-sheet");
        layout();
        if (was !== narrow()) { view(chapters[current]); }
    });
    document.addEventListener("keydown", function(e) {
        if (e.target.closest && e.target.closest("input, textarea, select, .dm-twin")) { return; }
        if (e.key === "ArrowRight") { show(current + 1); }
        if (e.key === "ArrowLeft") { show(current - 1); }
    });
    function fromHash() {
        const found = /chapter=(\d+)/.exec(location.hash);
        return found ? Number(found[1]) : start;
    }
    // Only an address that names a chapter moves the map: the link to the story as text does not.
    window.addEventListener("hashchange", function() {
        if (/chapter=\d+/.test(location.hash) && fromHash() !== current) { show(fromHash()); }
    });
    // After every other script of the page has set its view: the chapter's view wins.
    map.whenReady(function() { setTimeout(function() { show(fromHash(), true); }, 0); });
    map.dmShowChapter = show;
    return control;
}
