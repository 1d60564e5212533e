// A person's map (geo.web.atlas): labels that stay on the map, one per destination, each
// listing the trips there in their colours (HTML from geo.web.markup, escaped).
function dmTripLabels(map, labels) {
    for (const label of labels) {
        L.tooltip({permanent: true, direction: label.side, className: "dm-trip-label", offset: label.side === "top" ? [0, -6] : [6, 0]})
            .setLatLng([label.lat, label.lon]).setContent(label.html).addTo(map);
    }
    return map;
}
