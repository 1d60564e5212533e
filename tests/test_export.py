"""The exported page is one self-contained file: Leaflet inlined, nothing fetched."""

from __future__ import annotations

import pytest

from geo.base.errors import ExportError
from geo.model.view import Scene, View
from geo.web import assets, export, maps

MAX_BYTES = 1_000_000


@pytest.fixture(scope="module")
def page(event) -> str:
    return export.html_from_map(maps.build_map(Scene(event)))


def test_leaflet_is_inlined_not_linked(page):
    assert assets.leaflet_js()[:300] in page
    assert "<script src=" not in page and '<link rel="stylesheet" href=' not in page
    assert "url(images/" not in page, "leaflet.css images are data: URIs"


def test_default_map_is_under_a_megabyte(page):
    assert len(page.encode("utf-8")) <= MAX_BYTES


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="https://cdn.example.org/x.js"></script>',
        '<link rel="stylesheet" href="//cdn.example.org/x.css"/>',
        '<img src="http://example.org/a.png">',
        "<style>.a { background: url('https://example.org/a.png') }</style>",
        '<style>@import "https://example.org/b.css";</style>',
    ],
)
def test_anything_that_would_load_from_the_network_is_refused(snippet):
    with pytest.raises(ExportError, match="network"):
        export.check_self_contained(f"<html><head>{snippet}</head></html>")


def test_links_a_reader_clicks_are_allowed():
    export.check_self_contained('<a href="https://example.org/source">source</a>')


def test_save_reports_size_and_refuses_unwritable_paths(event, tmp_path):
    size = export.save_html(
        maps.build_map(Scene(event, View(layers=("countries",)))), tmp_path / "sub" / "map.html"
    )
    assert size == (tmp_path / "sub" / "map.html").stat().st_size
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ExportError, match="cannot write"):
        export.save_html(maps.build_map(Scene(event, View(layers=("countries",)))), blocker / "map.html")


def test_the_page_says_it_is_utf8_before_its_first_kilobyte(event):
    html = export.html_from_map(maps.build_map(Scene(event)))
    head = html.encode("utf-8")[:1024].decode("utf-8", errors="ignore").lower()
    assert 'charset=utf-8"' in head
    assert not html.isascii(), "letters are written as UTF-8, so the declaration matters"
