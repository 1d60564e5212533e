"""Hostile text in every text field of an event shows as text and never runs.

The bundled event is copied to a temporary folder with one payload in every text field (people's
names, titles and notes, place names, legs' notes and alternatives, trade series, periods,
alternatives and quotes, figure labels and quotes, the event's title and summary), and every
source_url set to an address that tries to break out of its attribute. The exported map is
opened in Chromium: every tooltip and popup is opened, and the page is searched for anything
the payloads could have injected. Addresses that are not http(s), ``javascript:`` first, are
refused, and the command line reports bad input the way the loader does.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from playwright.sync_api import expect

from geo.base import settings
from geo.base.errors import DataError
from geo.cli import main
from geo.io.events import event_from_files, load_event
from geo.model.view import Scene
from geo.web import export, maps, markup
from geo.web.elements import LayerControl

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img onerror": "<img src=x onerror=alert(1)>",
    "close script": "</script><script>alert(2)</script>",
    "backticks": "`${alert(3)}` `whoami`",
    "quotes": "\"'><svg onload=alert(4)>",
    "backslashes": '\\"); alert(5); // \\u003c \\',
    "jinja expression": "{{ 7*7 }}",
    "jinja statement": "{% raw %}{{ config }}{% endraw %} {% for x in y %}",
    "jinja code": "{{ cycler.__init__.__globals__.os.getpid() }}",
    "newlines": "line one\nline two\r\nline <br> three",
    "right to left": "\u202eevil.exe\u202c مرحبا بكم שלום",
    "emoji": "🇰🇵🚂 👨\u200d👩\u200d👧 ✈️🇨🇳",
    "javascript link": '<a href="javascript:alert(6)">click</a>',
    "entities": "&lt;b&gt; &amp; &#60;script&#62;",
    "template placeholders": "$title ${body_html} %s %(x)s {0}",
    "style and iframe": "<style>*{display:none}</style><iframe srcdoc='<script>alert(7)</script>'>",
    "comment and cdata": "<!-- ]]> --> <![CDATA[ x ]]>",
}
TEXT_FIELDS = {
    "people.csv": ("name", "title", "note"),
    "places.csv": ("name",),
    "legs.csv": ("alternatives", "note"),
    "trade.csv": ("period", "series", "alternatives", "quote"),
    "figures.csv": ("label", "quote"),
}
META_FIELDS = ("title", "summary")
SLY_URL = 'https://example.org/"onmouseover="alert(8)'
"""An http address, so accepted, that tries to break out of the href it is written into."""
URL_FIELDS = {"people.csv", "places.csv", "legs.csv", "waypoints.csv", "trade.csv", "figures.csv"}
ALLOWED_TAGS = {
    "DIV",
    "B",
    "I",
    "BR",
    "Q",
    "A",
    "SPAN",
    "H1",
    "H2",
    "BUTTON",
    "H3",
    "P",
    "UL",
    "OL",
    "LI",
    "DETAILS",
    "SUMMARY",
}
"""Every element our templates write into tooltips, popups and boxes."""


def shown(text: str) -> str:
    """Text as a browser shows it: runs of HTML whitespace become one space."""
    return re.sub(r"[ \t\n\r\f]+", " ", text).strip()


def rewrite_csv(data: bytes, changes: dict[str, str]) -> bytes:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    header = list(rows[0])
    for row in rows:
        row.update({k: v for k, v in changes.items() if k in row})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def hostile_files(payload: str, *, url: str = SLY_URL) -> dict[str, bytes]:
    """The bundled event with the payload in every text field and ``url`` in every source_url."""
    folder = settings.EVENTS_DIR / "beijing-parade-2025"
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    for name in URL_FIELDS:
        changes = dict.fromkeys(TEXT_FIELDS.get(name, ()), payload) | {"source_url": url}
        files[name] = rewrite_csv(files[name], changes)
    meta = files["event.toml"].decode("utf-8").splitlines()
    for i, line in enumerate(meta):
        key = line.split("=")[0].strip()
        if key in META_FIELDS:
            meta[i] = f"{key} = {toml_string(payload)}"
    files["event.toml"] = "\n".join(meta).encode("utf-8") + b"\n"
    return files


def write_event(root: Path, event_id: str, files: dict[str, bytes]) -> Path:
    folder = root / event_id
    folder.mkdir(parents=True)
    for name, content in files.items():
        if name == "event.toml":
            content = re.sub(rb'^id = ".*"$', f'id = "{event_id}"'.encode(), content, flags=re.M)
        (folder / name).write_bytes(content)
    return folder


# Without a browser: the payloads load as text, and reach the file only escaped.


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_a_payload_loads_as_text_in_every_field(payload):
    event = event_from_files(hostile_files(payload))
    assert event.problems == (), "hostile text is text: nothing is refused for it"
    assert event.meta.title == payload.strip() and event.meta.summary == payload.strip()
    kim = event.person("kim-jong-un")
    assert kim.name == kim.title == kim.note == payload.strip()
    assert {p.name for p in event.places.values()} == {payload.strip()}
    assert {t.series for t in event.trade} == {payload.strip()}
    assert {f.label for f in event.figures} == {payload.strip()}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("baseline") / "map.html"
    export.save_html(maps.build_map(Scene(load_event("beijing-parade-2025"))), path)
    return path


@pytest.fixture(scope="module", params=PAYLOADS.values(), ids=PAYLOADS.keys())
def exported(request, tmp_path_factory) -> tuple[str, Path]:
    root = tmp_path_factory.mktemp("hostile")
    write_event(root, "hostile", hostile_files(request.param))
    path = root / "map.html"
    export.save_html(maps.build_map(Scene(load_event("hostile", root=root))), path)
    return request.param, path


def test_markup_from_data_never_reaches_the_file_unescaped(exported, baseline):
    payload, path = exported
    html = path.read_text(encoding="utf-8")
    if "<" in payload:
        assert payload not in html
    assert html.count("<script") == baseline.read_text(encoding="utf-8").count("<script"), (
        "no script of its own"
    )
    assert 'onmouseover="alert' not in html and 'onmouseover=\\"alert' not in html
    if payload.isascii() and not set(payload) & set("<>&'\"\\\n\r"):
        assert payload in html, "template syntax reaches the page as it was written, never evaluated"


def test_the_layer_control_takes_names_as_text():
    """The hole this module found: the focus traveller's name became a layer name, which folium
    parsed as a template on the server and Leaflet wrote into the page as HTML."""
    import folium

    fmap = folium.Map(tiles=None)
    folium.FeatureGroup(name="{{ 7*7 }} <img src=x onerror=alert(1)>").add_to(fmap)
    LayerControl().add_to(fmap)
    html = fmap.get_root().render()
    assert '"{{ 7*7 }} \\u0026lt;img src=x onerror=alert(1)\\u0026gt;"' in html


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<b>x</b>",
     "vbscript:msgbox(1)", "file:///etc/passwd", "//example.org/x", "https:alert(1)"],
)  # fmt: skip
def test_an_address_that_is_not_http_is_refused_in_every_url_field(url):
    try:
        problems = event_from_files(hostile_files("Plain text", url=url)).problems
    except DataError as exc:  # every person refused leaves no event: the problems are the same
        problems = tuple(exc.problems)
    refused = {p.file for p in problems if p.column == "source_url" and "http(s)" in p.reason}
    assert refused == URL_FIELDS
    meta = hostile_files("Plain text")
    line = f"source_url = {toml_string(url)}".encode()
    meta["event.toml"] = re.sub(rb'^source_url = ".*"$', line, meta["event.toml"], flags=re.M)
    with pytest.raises(DataError) as caught:
        event_from_files(meta)
    assert [(p.file, p.column) for p in caught.value.problems] == [("event.toml", "source_url")]


def test_source_links_are_only_ever_http():
    """The schema refuses other schemes; the link builder checks again, as escaping cannot."""
    assert "href" not in markup.source_link("javascript:alert(1)")
    assert markup.source_link("javascript:alert(1)") == "javascript:alert(1)"
    assert "href" not in markup.source_link("https:alert(1)")
    assert 'href="https://example.org/&#34;onmouseover=&#34;x"' in markup.source_link(
        'https://example.org/"onmouseover="x'
    )


# In Chromium: every tooltip and popup opened, nothing injected, every payload shown as text.


@pytest.fixture(scope="module")
def our_scripts(baseline, browser) -> int:
    """How many scripts the page of the bundled event holds: Leaflet and the map's own."""
    from tests.browser import open_offline

    offline = open_offline(browser)
    offline.page.goto(baseline.as_uri() + "#chapter=0")
    count = offline.page.evaluate("() => document.scripts.length")
    offline.context.close()
    return count


OPEN_EVERYTHING = """() => {
    const map = window[document.querySelector('.folium-map').id];
    const allowed = new Set(ALLOWED);
    const out = {tips: {}, popups: {}, injected: []};
    const inspect = (element, where) => {
        for (const e of element.querySelectorAll('*')) {
            if (!allowed.has(e.tagName)) out.injected.push(where + ': <' + e.tagName + '>');
            for (const a of e.attributes) {
                if (a.name.startsWith('on')) out.injected.push(where + ': ' + a.name);
                // A source's address, or the chapter's own link down to the story as text.
                if (a.name === 'href' && !/^https?:/i.test(a.value) && a.value !== '#dm-story-text') out.injected.push(where + ': href ' + a.value);
            }
        }
    };
    map.eachLayer(l => {
        if (!l.feature || !l.feature.properties || !l.feature.properties.id) return;
        const id = l.feature.properties.id;
        // A country with no role has no popup, and its tip is its name from our own shapes.
        if (id.startsWith('country:') && !(l.getPopup && l.getPopup())) return;
        const at = l.getLatLng ? l.getLatLng() : l.getBounds().getCenter();
        const tip = l.getTooltip && l.getTooltip();
        if (tip && !(id in out.tips)) {
            l.openTooltip(at);
            out.tips[id] = tip.getElement().innerText;
            inspect(tip.getElement(), id + ' tip');
            l.closeTooltip();
        }
        const popup = l.getPopup && l.getPopup();
        if (popup && !(id in out.popups)) {
            l.openPopup(at);
            const content = popup.getElement().querySelector('.leaflet-popup-content');
            out.popups[id] = content.innerText;
            inspect(content, id + ' popup');
            l.closePopup();
        }
    });
    // A layer drawn as one batch on a canvas (geo.web.compact.BatchLines; the countries): its features
    // are records, their tooltip and popup opened as hovering and clicking them would.
    map.eachLayer(b => {
        if (!b.dmItems) return;
        for (const item of b.dmItems) {
            const id = item.props.id;
            if (!item.props.popup || id in out.popups) continue;
            const flat = item.rings.concat(item.lines).flat();
            const corners = [];
            for (let k = 0; k < flat.length; k += 2) corners.push([flat[k + 1], flat[k]]);
            const at = L.latLngBounds(corners).getCenter();
            if (item.props.tip) {
                const tip = L.tooltip({className: 'dm-tip'}).setContent(item.props.tip).setLatLng(at).addTo(map);
                out.tips[id] = tip.getElement().innerText;
                inspect(tip.getElement(), id + ' tip');
                tip.remove();
            }
            const popup = b.dmOpenPopup(item, at);
            const content = popup.getElement().querySelector('.leaflet-popup-content');
            out.popups[id] = content.innerText;
            inspect(content, id + ' popup');
            map.closePopup(popup);
        }
    });
    for (const box of document.querySelectorAll('.dm-box')) inspect(box, 'box');
    return out;
}""".replace("ALLOWED", json.dumps(sorted(ALLOWED_TAGS)))

INJECTED = """() => {
    const found = [];
    for (const e of document.querySelectorAll('*')) {
        for (const a of e.attributes) if (a.name.startsWith('on')) found.push(e.tagName + ' ' + a.name);
    }
    for (const e of document.querySelectorAll('img, iframe, svg script, object, embed, style:not(head style)')) {
        found.push(e.tagName);
    }
    return {found, scripts: document.scripts.length, title: document.title};
}"""

LEG_ON_SCREEN = """(id) => {
    const map = window[document.querySelector('.folium-map').id];
    let leg;
    map.eachLayer(l => { if (l.feature && l.feature.properties.id === id && l.getTooltip && l.getTooltip()) leg = l; });
    // Clear of the story panel on the left and the key below it, as a reader would look.
    map.fitBounds(leg.getBounds(), {animate: false, paddingTopLeft: [420, 80], paddingBottomRight: [80, 80]});
    const part = leg.getLayers ? leg.getLayers().find(p => p.getLatLngs) : leg;
    let points = part.getLatLngs();
    while (Array.isArray(points[0])) points = points[0];
    const p = map.latLngToContainerPoint(points[Math.floor(points.length / 3)]);
    const box = map.getContainer().getBoundingClientRect();
    return [p.x + box.left, p.y + box.top];
}"""


@pytest.mark.browser
def test_a_payload_shows_as_text_and_nothing_runs(exported, our_scripts, offline_page):
    payload, path = exported
    page = offline_page.page
    page.goto(path.as_uri() + "#chapter=0")  # everything: every layer on
    # The panel shows Everything once the page has set itself up: every layer on, its view set.
    expect(page.locator(".dm-story h2")).to_have_text("Everything")
    expected = shown(payload)

    # A solid line: an unconfirmed route is dashed, and a click can fall in a gap of the dashes.
    x, y = page.evaluate(LEG_ON_SCREEN, "leg:prabowo-subianto:1")
    page.mouse.move(x, y)
    tooltip = page.locator(".leaflet-tooltip").first
    tooltip.wait_for(state="visible", timeout=5000)
    assert expected in shown(tooltip.inner_text()), "hovering a leg shows the traveller's name as text"
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content").first
    popup.wait_for(state="visible", timeout=5000)
    assert expected in shown(popup.inner_text()), "clicking it shows the leg's popup, payloads as text"

    opened = page.evaluate(OPEN_EVERYTHING)
    # An injected handler fires on insertion, or once its image has failed: wait until every image
    # is done and the page has painted again.
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete)")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))")
    assert opened["injected"] == []
    tips, popups = opened["tips"], opened["popups"]
    assert expected in shown(tips["leg:kim-jong-un:1"]) and expected in shown(popups["leg:kim-jong-un:1"])
    assert shown(popups["leg:kim-jong-un:1"]).count(expected) >= 5, "name, title, places, alternatives, note"
    assert expected in shown(tips["country:PRK"]) and expected in shown(popups["country:PRK"])
    flow = next(k for k in popups if k.startswith("flow:"))
    assert expected in shown(tips[flow]) and shown(popups[flow]).count(expected) >= 2, "series and quote"
    stop = next(k for k in tips if k.startswith("stop:"))
    assert expected in shown(tips[stop])
    assert shown(page.locator(".dm-box h1").inner_text()) == expected, "the title"
    assert expected in shown(page.locator(".dm-legend").inner_text()), "the legend names the traveller"
    page.locator(".leaflet-control-layers").hover()  # folded until pointed at
    assert expected in shown(page.locator(".leaflet-control-layers").inner_text()), (
        "so does the layer control"
    )

    page_state = page.evaluate(INJECTED)
    assert page_state["found"] == []
    assert page_state["scripts"] == our_scripts, "only our scripts"
    assert offline_page.dialogs == [], "no dialog fired"
    assert offline_page.console_errors == []
    assert offline_page.blocked == []
    assert offline_page.failed == [], "an injected <img src=x> would try to load"


# The command line on bad input.


@pytest.fixture
def bad_root(tmp_path) -> Path:
    files = hostile_files("<b>bold</b> {{ 7*7 }}", url="https://example.org/ok")
    files["people.csv"] = files["people.csv"].replace(b",PRK,", b",North Korea,", 1)
    files["trade.csv"] += b"CHN,PRK,exports,2024,,-5,GACC,exact,,javascript:alert(1),\n"
    files["figures.csv"] = files["figures.csv"].replace(b"\n", b",extra\n", 1)
    write_event(tmp_path, "bad", files)
    return tmp_path


def test_the_cli_exports_what_is_valid_and_exits_1_with_the_loaders_report(bad_root, tmp_path):
    problems = load_event("bad", root=bad_root).problems
    assert len(problems) >= 4
    done = subprocess.run(
        [sys.executable, "-m", "geo", "export", "--event", "bad", "--root", str(bad_root), "--out", str(tmp_path / "m.html")],
        capture_output=True, text=True, timeout=120, check=False, cwd=settings.ROOT,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == f"error: bad: {len(problems)} problem(s); those rows are left out of the map:"
    assert lines[1:] == [f"  - {p}" for p in problems], "the same report, problem for problem"
    assert (tmp_path / "m.html").exists(), "the valid rows are still drawn"


def test_the_cli_refuses_an_unusable_event_with_every_problem_and_exit_2(bad_root, tmp_path, capsys):
    toml = bad_root / "bad" / "event.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('timezone = "Asia/Shanghai"', 'timezone = "Mars/Olympus"')
    )
    with pytest.raises(DataError) as caught:
        load_event("bad", root=bad_root)
    code = main(["export", "--event", "bad", "--root", str(bad_root), "--out", str(tmp_path / "m.html")])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err[0].startswith(f"error: bad: {len(caught.value.problems)} problem(s); the event cannot be used")
    assert err[1:] == [f"  - {p}" for p in caught.value.problems]
    assert any("timezone" in line for line in err)
    assert not (tmp_path / "m.html").exists()


def test_the_cli_reads_a_zipped_event_and_shows_control_characters_escaped(tmp_path, capsys):
    import zipfile

    files = hostile_files("Plain", url="https://example.org/ok")
    files["people.csv"] = files["people.csv"].replace(b"Plain", b"Pl\x1b[2Jain", 1)
    archive = tmp_path / "upload.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name, content in files.items():
            z.writestr(f"parade/{name}", content)
    code = main(["check", "--event", str(archive)])
    err = capsys.readouterr().err
    assert code == 1
    assert "control character U+001B" in err and "\x1b" not in err and "\\x1b[2J" in err


def test_a_report_never_carries_a_control_character_from_the_data():
    """A terminal acts on escape sequences: whatever the input holds, the report shows them quoted."""
    files = hostile_files("Plain", url="https://example.org/ok")
    files["trade.csv"] = b'exporter,"imp\x1b[2Jorter\nx",flow\nCHN,PRK,exports\n'
    files["places.csv"] = files["places.csv"].replace(b"capital,", b"cap\x1bital,", 1)
    files["evil\n\x1b[31m.csv"] = b"id\n"
    report = "\n".join(str(p) for p in event_from_files(files).problems)
    assert len(report.splitlines()) == len(event_from_files(files).problems)
    assert not any(unicodedata.category(c) == "Cc" for c in report.replace("\n", ""))
