"""Leaflet's own files, from the XStatic-Leaflet package, so no map ever asks a CDN for them.

An exported page inlines them as script and style elements (geo.web.export), the stylesheet's
images as data: URIs; the app's server hands the same files to the map's frame by URL
(ui.mapview declares LEAFLET_DIR as a component's folder).
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)
LEAFLET_VERSION = xstatic_leaflet.VERSION
IMAGE_URL = re.compile(r"url\((images/[\w.-]+\.png)\)")


def data_uri(content: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


@lru_cache(maxsize=1)
def leaflet_js() -> str:
    return (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    """leaflet.css with its images (layer-control icon, default marker) inlined."""
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")
    return IMAGE_URL.sub(
        lambda m: f"url({data_uri((LEAFLET_DIR / m.group(1)).read_bytes(), 'image/png')})", css
    )
