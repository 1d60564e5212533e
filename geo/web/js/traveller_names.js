// The highlighted travellers named above their dots (geo.web.reader.TravellerNames).
function dmTravellerNames(group, labels) {
    // Each highlighted traveller named above their dot, in the travellers' own group, so the
    // name moves with the time slider as the dot does. Text, never HTML: a name is data.
    for (const label of labels) {
        const text = document.createElement("span");
        text.textContent = label.text;
        const icon = L.divIcon({className: "dm-traveller-name", html: text, iconSize: null});
        L.marker([label.lat, label.lon], {icon: icon, interactive: false, keyboard: false}).addTo(group);
    }
}
