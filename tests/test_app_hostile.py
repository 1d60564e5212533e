"""Hostile text in the app shows as text and never becomes markup: tests/test_hostile.py's
payloads in every text field of an event, of uploaded trade flows and places, and in what a
broken upload's report quotes back.

For each payload, the app opens an event holding it in every text field (tests/test_hostile.py's
hostile_files), takes a trade CSV and a GeoJSON holding it in theirs, and shows the details of
one feature of each kind. On every page: no Markdown element may take HTML; data reaches
Markdown (messages, captions) only inside code spans (text.md_literal); every HTML element
holds only the tags and attributes of our templates, the payload among its text; the map's
script holds no markup from data.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from html.parser import HTMLParser

import pytest
from streamlit.testing.v1 import AppTest

from geo.base.errors import DataError
from geo.io import uploads
from geo.model import text
from tests.test_app import APP, map_args, ok
from tests.test_hostile import PAYLOADS, SLY_URL, hostile_files, shown, toml_string, write_event

ALLOWED_TAGS = {
    "style",
    "h1",
    "h3",
    "p",
    "b",
    "i",
    "q",
    "a",
    "br",
    "div",
    "span",
    "ul",
    "ol",
    "li",
    "details",
    "summary",
}
"""Every element the app's own HTML (header, figures, details) is made of."""
ALLOWED_ATTRIBUTES = {"style", "class", "href", "target", "rel"}
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
FEATURES = (
    "country:PRK",
    "leg:kim-jong-un:1",
    "flow:2024:CHN-ISL:exports",
    "stop:dandong",
    "position:kim-jong-un",
    "place:1",
)
"""One feature of each kind; the flow to Iceland and the place come from the uploads."""
TEXT_FIELDS_IN_UPLOADS = {
    "trade": ("period", "series", "alternatives", "quote"),
    "places": ("name", "kind", "note"),
}


@pytest.fixture(scope="module")
def events_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-events")
    for number, payload in enumerate(PAYLOADS.values()):
        write_event(root, f"hostile-{number}", hostile_files(payload))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIPLOMAP_EVENTS_DIR", str(root))
        yield root


class Fragment(HTMLParser):
    """Elements, attributes and text of an HTML fragment, parsed as a browser parses it."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self._in_style = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.text.append(data)


def text_of_our_html(html: str) -> str:
    """The text of HTML the app wrote, once every element and attribute in it is found to be ours."""
    fragment = Fragment(html)
    assert set(fragment.tags) <= ALLOWED_TAGS, f"an element from data: {set(fragment.tags) - ALLOWED_TAGS}"
    for name, value in fragment.attributes:
        assert name in ALLOWED_ATTRIBUTES, f"an attribute from data: {name}={value!r}"
        if name == "href":
            assert re.match(r"https?://", value or ""), f"a link that is not http(s): {value!r}"
    return "".join(fragment.text)


def outside_code_spans(markdown: str) -> str:
    return CODE_SPAN.sub("", markdown)


def assert_shown_as_text(at: AppTest, payload: str, *, map_too: bool = True) -> str:
    """Check the whole page, and return the text of its HTML elements. Choosing a feature does
    not redraw the map: ``map_too=False`` skips it then."""
    ok(at)
    for element in at.markdown:
        assert not element.proto.allow_html, "no Markdown element may take HTML"
    markdown = [
        *at.markdown,
        *at.caption,
        *at.error,
        *at.warning,
        *at.info,
        *at.success,
        *at.title,
        *at.header,
        *at.subheader,
    ]
    for element in markdown:
        outside = outside_code_spans(element.value)
        assert payload.strip() not in outside and "alert(" not in outside, element.value
    widgets = [*at.selectbox, *at.checkbox, *at.radio, *at.slider, *at.select_slider, *at.file_uploader]
    # Labels, and the options of radios and select sliders, are Markdown; a selectbox's are text.
    markdown_options = [str(o) for w in [*at.radio, *at.select_slider] for o in w.options]
    for label in [w.label for w in widgets] + [e.label for e in at.expander] + markdown_options:
        assert payload.strip() not in label and "alert(" not in label, label
    args = map_args(at) if map_too else {"script": "", "feature_group": ""}
    if "<" in payload:
        assert payload not in args["script"] and payload not in (args["feature_group"] or "")
    return "\n".join(text_of_our_html(h.value) for h in at.html)


def trade_csv(payload: str) -> bytes:
    """One flow, China to Iceland, with the payload in every text field."""
    row = {
        "exporter": "CHN",
        "importer": "ISL",
        "flow": "exports",
        "year": "2024",
        "value_usd": "5000000000",
        "value_status": "exact",
        "source_url": SLY_URL,
        **dict.fromkeys(TEXT_FIELDS_IN_UPLOADS["trade"], payload),
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row), lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue().encode()


def places_geojson(payload: str) -> bytes:
    """One place in Beijing with the payload in every text field; a kind has at most 40 characters."""
    properties = {**dict.fromkeys(TEXT_FIELDS_IN_UPLOADS["places"], payload), "source_url": SLY_URL}
    properties["kind"] = payload[:40]
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [116.4, 39.9]},
        "properties": properties,
    }
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


def broken_zip(payload: str) -> bytes:
    """The hostile event with the payload as its time zone too: no event, and a report quoting it."""
    files = hostile_files(payload)
    line = f"timezone = {toml_string(payload)}".encode()
    files["event.toml"] = re.sub(rb'^timezone = ".*"$', lambda _: line, files["event.toml"], flags=re.M)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("number", range(len(PAYLOADS)), ids=list(PAYLOADS))
def test_a_payload_in_every_field_shows_as_text_in_the_app(events_root, number):
    payload = list(PAYLOADS.values())[number]
    expected = shown(payload)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["event"] = f"hostile-{number}"
    ok(at.run())
    at.file_uploader(key="upload_trade").set_value(("trade.csv", trade_csv(payload), "text/csv"))
    places = ("places.geojson", places_geojson(payload), "application/json")
    at.file_uploader(key="upload_places").set_value(places)
    page = assert_shown_as_text(at.run(), payload)
    assert expected in shown(page), "the title, the summary and the figures' labels, as text"
    assert list(at.warning) == [], "hostile text is text: nothing is refused for it"
    people = at.dataframe[-1].value
    assert payload.strip() in set(people["name"]), "the tables hold the text as it was written"

    for feature in FEATURES:
        ok(at.selectbox(key="selected").select(feature).run())
        details = assert_shown_as_text(at, payload, map_too=False)
        assert expected in shown(details), f"the details of {feature} show the payload as text"


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_a_broken_upload_quotes_a_payload_as_text(events_root, payload):
    name, data = f"{payload}.zip", broken_zip(payload)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["event"] = "hostile-0"
    ok(at.run())
    ok(at.file_uploader(key="upload_event").set_value((name, data, "application/zip")).run())
    assert_shown_as_text(at, payload)
    (error,) = at.error
    assert error.value.startswith(f"Your upload {text.md_literal(name)} cannot be opened")
    with pytest.raises(DataError) as refused:
        uploads.event_from_uploads({name: data})
    assert any(p.column == "timezone" for p in refused.value.problems)
    for problem in refused.value.problems[:10]:
        assert f"- {text.md_literal(problem)}" in error.value, "each problem quoted whole, as code"


@pytest.mark.parametrize("number", range(len(PAYLOADS)), ids=list(PAYLOADS))
def test_a_payload_as_a_travellers_name_shows_as_text_in_their_travels(tmp_path, monkeypatch, number):
    """The person view: a traveller of two events, named by the payload, chosen in the sidebar."""
    payload = list(PAYLOADS.values())[number]
    for event_id in ("hostile-first", "hostile-second"):
        write_event(tmp_path, event_id, hostile_files(payload))
    monkeypatch.setenv("DIPLOMAP_EVENTS_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=60)
    ok(at.run())
    ok(at.selectbox(key="person").set_value("kim-jong-un").run())
    (heading,) = [h for h in at.subheader if "2 trips" in h.value]
    assert_shown_as_text(at, payload, map_too=False)
    assert text.md_literal(payload) in heading.value, "the name, as text"
