// (geo.web.reader.PickedMark)
function dmPickedMark(group, picked) {
    // The feature the details panel shows, marked on the map: what the server chose for a click
    // (which may not be the feature under the pointer) or from the list. The layers restyle on
    // "dm-picked"; a click marks the feature under the pointer at once, so the server's choice is put
    // back straight after, until the server answers with another.
    window.dmServerPicked = picked;
    if (!window.dmKeepServerPick) {
        window.dmKeepServerPick = true;
        document.addEventListener("dm-picked", function() {
            if (window.dmPicked !== window.dmServerPicked) {
                window.dmPicked = window.dmServerPicked;
                document.dispatchEvent(new CustomEvent("dm-picked"));
            }
        });
    }
    window.dmPicked = window.dmServerPicked;
    document.dispatchEvent(new CustomEvent("dm-picked"));
}
