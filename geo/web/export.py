"""A map as one self-contained HTML file: Leaflet inlined, nothing loaded from the network."""

from __future__ import annotations

import re
from pathlib import Path

import folium
from folium.template import Template

from geo.base.errors import ExportError
from geo.web import assets, markup
from geo.web.elements import Raw

PAGE = Template(markup.PAGE)
REMOTE_LOAD = re.compile(
    r"""<(?:script|link|img|iframe|source|embed)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|url\(\s*["']?\s*(?:https?:)?//|@import\s+["']?(?:https?:)?//""",
    re.IGNORECASE,
)
"""Anything that would make a browser fetch from the network when the page opens. Links a
reader may click (a link's href) are fine: they load nothing until clicked."""


def html_from_map(fmap: folium.Map) -> str:
    """The whole page, with Leaflet's JS and CSS inlined ahead of the map's own script.

    The map given is left as it was: Leaflet goes into the rendered page, not into the map.
    """
    header = fmap.get_root().header
    inlined = {
        "leaflet-css": markup.style(assets.leaflet_css()),
        "leaflet-js": markup.script(assets.leaflet_js()),
    }
    # After folium's charset meta: a browser looks for it in the first 1,024 bytes, and the
    # page's data is UTF-8 (geo.web.compact.script_json leaves letters as they are).
    first = list(header._children).index("meta_http") + 1 if "meta_http" in header._children else 0
    for index, (name, element) in enumerate(inlined.items(), start=first):
        header.add_child(Raw(str(element)), name=name, index=index)
    root = fmap.get_root()
    root._template = PAGE  # the page's language and landmark: branca's page has neither
    try:
        html = root.render()
    finally:
        del root._template
        for name in inlined:
            del header._children[name]
    html = markup.zoomable(html)
    check_self_contained(html)
    return html


def check_self_contained(html: str) -> None:
    """Raise ExportError if the page would load anything from the network."""
    match = REMOTE_LOAD.search(html)
    if match:
        start = max(0, match.start() - 40)
        msg = f"the map would load from the network: …{html[start : match.end() + 60]}…"
        raise ExportError(msg)


def save_html(fmap: folium.Map, path: Path) -> int:
    """Write the self-contained page to ``path``; returns its size in bytes."""
    html = html_from_map(fmap)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        msg = f"cannot write {path}: {exc.strerror or exc}"
        raise ExportError(msg) from None
    return path.stat().st_size
