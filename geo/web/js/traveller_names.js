// The highlighted travellers named above their dots (geo.web.reader.TravellerNames).
function dmTravellerNames(group, labels) {
    // Each highlighted traveller named beside their dot, in the travellers' own group, so the
    // name moves with the time slider as the dot does. Text, never HTML: a name is data.
    const spans = [];
    for (const label of labels) {
        const text = document.createElement("span");
        text.textContent = label.text;
        const icon = L.divIcon({className: "dm-traveller-name", html: text, iconSize: null});
        L.marker([label.lat, label.lon], {icon: icon, interactive: false, keyboard: false}).addTo(group);
        spans.push(text);
    }
    // The map's own names are placed by the label rule (labels.js), which does not know where
    // a traveller is at the chosen time: a name over a station's ("Beijing Railway Station")
    // moves to the first side of its dot where it covers none of them.
    const SIDES = ["dm-above", "dm-below", "dm-right", "dm-left"];
    function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
    function settle() {
        const taken = Array.from(document.querySelectorAll(".dm-label"))
            .filter(function(el) { return el.offsetParent !== null; })
            .map(function(el) { return el.getBoundingClientRect(); });
        for (const span of spans) {
            if (!span.isConnected) { continue; }
            for (const side of SIDES) {
                span.className = side;
                const box = span.getBoundingClientRect();
                if (!taken.some(function(t) { return overlaps(box, t); })) { break; }
                if (side === SIDES[SIDES.length - 1]) { span.className = SIDES[0]; }
            }
        }
    }
    function follow(map) { map.on("moveend zoomend", function() { requestAnimationFrame(settle); }); }
    if (group._map) { follow(group._map); } else { group.once("add", function() { follow(group._map); }); }
    // Twice: once the group is on the map, and once the map's own names are placed.
    requestAnimationFrame(function() { requestAnimationFrame(settle); });
    setTimeout(settle, 300);
}
