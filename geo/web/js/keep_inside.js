// Tooltips stay inside the map's frame, and a key taller than `keyShare` of the map folds
// (geo.web.reader.KeepInside).
function dmKeepInside(map, margin, keyShare) {
    // A tooltip stays inside the map's frame: Leaflet places it beside the pointer, and near the
    // frame's edge the frame cut it off. Moved after each placement, by as little as it takes.
    // Leaflet's own placement, kept once: a second map in the frame must not wrap the wrapper.
    const place = L.Tooltip.prototype.dmPlace || L.Tooltip.prototype._setPosition;
    L.Tooltip.prototype.dmPlace = place;
    L.Tooltip.prototype._setPosition = function(pos) {
        place.call(this, pos);
        const el = this._container;
        if (this._map !== map || !el || this.options.permanent) { return; }
        const at = L.DomUtil.getPosition(el), size = map.getSize();
        const corner = map.layerPointToContainerPoint(at);
        const w = el.offsetWidth, h = el.offsetHeight;
        const dx = Math.max(margin - corner.x, Math.min(0, size.x - margin - (corner.x + w)));
        const dy = Math.max(margin - corner.y, Math.min(0, size.y - margin - (corner.y + h)));
        if (dx || dy) { L.DomUtil.setPosition(el, at.add([dx, dy])); }
    };
    // The key folds when it would cover too much of the map (a person's nine trips, say).
    map.whenReady(function() {
        const key = map.getContainer().querySelector("details.dm-key");
        if (key && key.open && key.offsetHeight > map.getSize().y * keyShare) { key.removeAttribute("open"); }
    });
}
