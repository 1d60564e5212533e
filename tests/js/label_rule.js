// Runs the browser's label rule (geo/web/js/labels.js) on cases read from stdin as JSON:
// {"script": path, "cases": [{items, offsets, gap, within, obstacles, rules}]}; writes each case's
// result, [side, box] or null per item, as JSON. Used by tests/test_labels.py.
const fs = require("fs");
const vm = require("vm");
const input = JSON.parse(fs.readFileSync(0, "utf-8"));
vm.runInThisContext(fs.readFileSync(input.script, "utf-8"));
const results = input.cases.map(function(c) {
    return dmPlaceBoxes(c.items, c.offsets, c.gap, c.within, c.obstacles.slice(), c.rules);
});
process.stdout.write(JSON.stringify(results));
