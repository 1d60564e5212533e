// Google's encoded polyline algorithm, as geo.web.compact.encode_coords writes it: a line's
// points as flat [lon, lat, lon, lat, ...], each value divided by `factor` (10 ** precision).
function dmDecode(str, factor) {
    let i = 0, x = 0, y = 0;
    const out = [];
    function next() {
        let result = 0, shift = 0, b;
        do { b = str.charCodeAt(i++) - 63; result |= (b & 31) << shift; shift += 5; } while (b >= 32);
        return (result & 1) ? ~(result >> 1) : (result >> 1);
    }
    while (i < str.length) { x += next(); y += next(); out.push(x / factor, y / factor); }
    return out;
}
