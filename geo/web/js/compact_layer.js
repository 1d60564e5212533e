// A GeoJSON layer from geo.web.compact.encode_frame's output: {styles, features}, each feature
// [geometry, style index, properties], its lines' coordinates delta-encoded (decode.js). Added to
// `parent` (a map or a feature group) and returned. `options`: factor (10 ** precision), marker
// (a point's radius), className, highlight (the style under the pointer), picked (the style of a
// clicked feature in the app, or null), casing ({color, extra}: a wider line under each line).
function dmCompactLayer(parent, data, options) {
    dmMarkLines();
    function decode(str, factor) {
        const flat = dmDecode(str, factor), out = [];
        for (let k = 0; k < flat.length; k += 2) { out.push([flat[k], flat[k + 1]]); }
        return out;
    }
    function geometry(g, factor) {
        const type = g[0], c = g[1];
        if (type === "Point") return {type: type, coordinates: c};
        if (type === "GeometryCollection") return {type: type, geometries: c.map(function(x) { return geometry(x, factor); })};
        if (type === "LineString") return {type: type, coordinates: decode(c, factor)};
        if (type === "MultiPolygon") return {type: type, coordinates: c.map(function(p) { return p.map(function(s) { return decode(s, factor); }); })};
        return {type: type, coordinates: c.map(function(s) { return decode(s, factor); })};
    }
    const factor = options.factor;
    const marker = options.marker;
    const cls = options.className || "";
    const hi = options.highlight;
    const picked = options.picked;
    const layer = L.geoJSON(null, {
        className: cls,
        style: function(f) { return data.styles[f.properties._s] || {}; },
        pointToLayer: function(f, latlng) {
            return L.circleMarker(latlng, Object.assign({radius: marker || 5, className: cls}, data.styles[f.properties._s] || {}));
        },
        onEachFeature: function(f, l) {
            const p = f.properties;
            // A GeometryCollection becomes a group of parts and only the group gets the
            // feature; a click reports the part (streamlit-folium: e.layer.toGeoJSON()).
            if (l.eachLayer) { l.eachLayer(function(part) { part.feature = f; }); }
            // Arrowheads in pixels at every zoom (marks.js), parts of the feature's own group.
            const s = data.styles[p._s] || {};
            const edge = options.casing ? {stroke: true, color: options.casing.color, weight: 1, opacity: 1} : {stroke: false};
            dmAddHeads(l, s, l, Object.assign({className: cls, fill: true, fillColor: s.fillColor || s.color, fillOpacity: s.fillOpacity, dashArray: null}, edge));
            if (p.tip) { l.bindTooltip(p.tip, {sticky: true, className: "dm-tip"}); }
            if (p.popup) { l.bindPopup(p.popup, {maxWidth: 340, maxHeight: 360, autoPan: false}); }
            const restyle = function(target) {
                if (!target.setStyle) { return; }
                // The feature's own style, set again: Leaflet's resetStyle would strip a
                // part of a GeometryCollection of its defaults and leave it unstroked.
                target.setStyle(data.styles[p._s] || {});
                if (picked && target.feature && window.dmPicked === target.feature.properties.id) { target.setStyle(picked); }
            };
            if (hi) {
                l.on("mouseover", function(e) { if (e.target.setStyle) { e.target.setStyle(hi); } });
                l.on("mouseout", function(e) { restyle(e.target); });
            }
            if (picked) {
                // The app shows a click's facts beside the map: the map keeps the feature marked.
                l.on("click", function(e) {
                    window.dmPicked = f.properties.id;
                    document.dispatchEvent(new CustomEvent("dm-picked"));
                });
                document.addEventListener("dm-picked", function() { if (l.eachLayer) { l.eachLayer(restyle); } else { restyle(l); } });
            }
        }
    });
    const features = data.features.map(function(f) {
        const props = Object.assign({_s: f[1]}, f[2]);
        return {type: "Feature", id: props.id, properties: props, geometry: geometry(f[0], factor)};
    });
    // A wider pale line under the layer, so it reads on any fill; it takes no clicks. Built
    // before the layer's own features: a group draws its members in the order they were made.
    const casing = options.casing;
    let under = null;
    if (casing) {
        // The casing's copies carry no id: a feature id names the one feature a reader clicks.
        const lines = features.filter(function(f) { return f.geometry.type !== "Point"; }).map(function(f) {
            return {type: "Feature", properties: {_s: f.properties._s}, geometry: f.geometry};
        });
        under = L.geoJSON(lines, {
            className: cls + " dm-casing",
            interactive: false,
            style: function(f) {
                const s = data.styles[f.properties._s] || {};
                return {color: casing.color, weight: (s.weight || 2) + casing.extra, opacity: 1, fillColor: casing.color, fillOpacity: 1, dashArray: null, dmOffset: s.dmOffset, dmHeads: s.dmHeads, dmHead: s.dmHead};
            }
        });
    }
    for (const f of features) { layer.addData(f); }
    const drawn = under ? L.featureGroup([under, layer]) : layer;
    return drawn.addTo(parent);
}
