// The map's fixed panels and its opening view (geo.web.elements: Box, Attribution, OpeningView).

// A panel at `position` (a Leaflet corner) holding `html`, which geo.web.markup has escaped.
function dmBox(map, position, cssClass, html) {
    const box = L.control({position: position});
    box.onAdd = function() {
        const div = L.DomUtil.create("div", cssClass);
        div.innerHTML = html;
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
    };
    return box.addTo(map);
}

// Credits for the data in Leaflet's attribution corner (HTML from geo.web.markup).
function dmAttribution(map, html) {
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(html);
    return map.attributionControl;
}

// The view the page opens on, set before any layer is drawn and without animation.
function dmOpeningView(map, bounds, topLeft, bottomRight) {
    // Room for the panels' paddings on a phone, or in a frame not laid out yet (an app page
    // under load): without it Leaflet's zoom becomes NaN and the map is lost.
    const size = map.getSize();
    const room = size.x > topLeft[0] + bottomRight[0] + 64 && size.y > topLeft[1] + bottomRight[1] + 64;
    const options = room ? {paddingTopLeft: topLeft, paddingBottomRight: bottomRight, animate: false} : {animate: false};
    return map.fitBounds(bounds, options);
}
