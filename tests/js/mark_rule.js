// Runs the browser's marks (geo/web/js/marks.js) on lines read from stdin as JSON:
// {"script": path, "cases": [{flat, style}]}; writes each case's {line, end, start} (flat pixel
// arrays, null for a head not drawn) as JSON. Used by tests/test_static_marks.py.
const fs = require("fs");
const vm = require("vm");
const input = JSON.parse(fs.readFileSync(0, "utf-8"));
vm.runInThisContext(fs.readFileSync(input.script, "utf-8"));
const results = input.cases.map(function(c) { return dmMarkFlat(c.flat, c.style, {start: true, end: true}); });
process.stdout.write(JSON.stringify(results));
