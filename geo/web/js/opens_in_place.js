// A new map opens where the reader left the last one (geo.web.reader.OpensInPlace).
function dmOpensInPlace(map) {
    // streamlit-folium hands a new map the reader's view with setView(centre, zoom) and no
    // options: Leaflet would then pan across from the chapter's view the page opened on, a
    // quarter-second slide each time a layer is toggled. A call without options jumps instead.
    const setView = map.setView;
    map.setView = function(center, zoom, options) {
        return setView.call(this, center, zoom, options === undefined ? {animate: false} : options);
    };
}
