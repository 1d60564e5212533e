// The event's chapters in a panel (geo.web.elements.StoryPanel): previous and next buttons, the
// ← and → keys, and #chapter=N in the address, which opens chapter N and follows the reader.
// `chapters`: each one's card (HTML from geo.web.markup), layers, and bounds or centre and zoom;
// `groups`: the layers' feature groups by key; `companions`: a layer drawn with another;
// `start`: the chapter the page opened on, fitted with `left` pixels for the panel.
function dmStoryPanel(map, groups, companions, chapters, start, left) {
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
        current = n;
        map.dmChapter = n;
        view(c, first && n === start);
        const hash = "#chapter=" + n;
        if (location.hash !== hash) { history.replaceState(null, "", hash); }
        if (map.dmPlaceLabels) { map.dmPlaceLabels(); }
    }
    div.addEventListener("click", function(e) {
        const go = e.target.closest("[data-go]");
        if (go) { show(Number(go.dataset.go)); }
    });
    document.addEventListener("keydown", function(e) {
        if (e.target.closest && e.target.closest("input, textarea, select")) { return; }
        if (e.key === "ArrowRight") { show(current + 1); }
        if (e.key === "ArrowLeft") { show(current - 1); }
    });
    function fromHash() {
        const found = /chapter=(\d+)/.exec(location.hash);
        return found ? Number(found[1]) : start;
    }
    window.addEventListener("hashchange", function() { if (fromHash() !== current) { show(fromHash()); } });
    // After every other script of the page has set its view: the chapter's view wins.
    map.whenReady(function() { setTimeout(function() { show(fromHash(), true); }, 0); });
    map.dmShowChapter = show;
    return control;
}
