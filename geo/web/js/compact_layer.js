{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function() {
    function decode(str, factor) {
        let i = 0, x = 0, y = 0; const out = [];
        function next() {
            let result = 0, shift = 0, b;
            do { b = str.charCodeAt(i++) - 63; result |= (b & 31) << shift; shift += 5; } while (b >= 32);
            return (result & 1) ? ~(result >> 1) : (result >> 1);
        }
        while (i < str.length) { x += next(); y += next(); out.push([x / factor, y / factor]); }
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
    const data = {{ this.data_json }};
    const factor = {{ this.factor }};
    const marker = {{ this.marker|tojson }};
    const cls = {{ this.class_name|tojson }};
    const hi = {{ this.highlight|tojson }};
    const picked = {{ this.picked|tojson }};
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
    {%- if this.casing %}
    // A wider pale line under the layer, so it reads on any fill; it takes no clicks. Built
    // before the layer's own features: a group draws its members in the order they were made.
    const casing = {{ this.casing|tojson }};
    // The casing's copies carry no id: a feature id names the one feature a reader clicks.
    const lines = features.filter(function(f) { return f.geometry.type !== "Point"; }).map(function(f) {
        return {type: "Feature", properties: {_s: f.properties._s}, geometry: f.geometry};
    });
    const under = L.geoJSON(lines, {
        className: cls + " dm-casing",
        interactive: false,
        style: function(f) {
            const s = data.styles[f.properties._s] || {};
            return {color: casing.color, weight: (s.weight || 2) + casing.extra, opacity: 1, fillColor: casing.color, fillOpacity: 1, dashArray: null};
        }
    });
    {%- endif %}
    for (const f of features) { layer.addData(f); }
    {%- if this.casing %}
    return L.featureGroup([under, layer]);
    {%- else %}
    return layer;
    {%- endif %}
})();
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endmacro %}
