// Popups open where no control covers them, and the key folds away on a map narrower than
// `small` pixels (geo.web.elements.KeepClear).
function dmKeepClear(map, small) {
    const NARROW = 600;  // pixels, as geo/web/js/story.js reads a phone's
    function overlap(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
    function clear(popup) {
        // The smallest pan that puts the popup inside the map and clear of every
        // control, found among moves that line its edges up with theirs. Leaflet's own
        // auto-pan is off: it animates, and would undo this move.
        const el = popup.getElement();
        if (!el) { return; }
        const r = el.getBoundingClientRect(), m = map.getContainer().getBoundingClientRect();
        const boxes = Array.from(map.getContainer().querySelectorAll(".leaflet-control"))
            .map(function(c) { return c.getBoundingClientRect(); })
            .filter(function(b) { return b.width > 0 && b.height > 0; });
        const xs = [0, m.left + 8 - r.left, m.right - 8 - r.right], ys = [0, m.top + 8 - r.top, m.bottom - 8 - r.bottom];
        for (const b of boxes) {
            xs.push(b.right + 8 - r.left, b.left - 8 - r.right);
            ys.push(b.bottom + 8 - r.top, b.top - 8 - r.bottom);
        }
        let best = null;
        for (const dx of xs) {
            for (const dy of ys) {
                const moved = {left: r.left + dx, right: r.right + dx, top: r.top + dy, bottom: r.bottom + dy};
                const inside = moved.left >= m.left && moved.right <= m.right && moved.top >= m.top && moved.bottom <= m.bottom;
                if (!inside || boxes.some(function(b) { return overlap(moved, b); })) { continue; }
                const cost = Math.abs(dx) + Math.abs(dy);
                if (best === null || cost < best[2]) { best = [dx, dy, cost]; }
            }
        }
        if (best !== null && best[2] > 0) { map.panBy([-best[0], -best[1]], {animate: false}); }
    }
    map.on("popupopen", function(e) { setTimeout(function() { clear(e.popup); }, 0); });
    // A phone's width: the controls take less room (geo.web.css PHONE), the attribution wraps
    // clear of the scale bar.
    function narrow() { map.getContainer().classList.toggle("dm-narrow", map.getSize().x < NARROW); }
    map.on("resize", narrow);
    map.whenReady(function() {
        narrow();
        const key = map.getContainer().querySelector("details.dm-key");
        if (key && map.getSize().x < small) { key.removeAttribute("open"); }
    });
    return map;
}
