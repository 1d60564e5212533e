"""Leaflet's own files, from the XStatic-Leaflet package, so no map ever asks a CDN for them.

Two ways to hand them over: inline script and style elements for a self-contained HTML file,
and data: URIs for streamlit-folium, which loads scripts by URL and would otherwise ask a CDN.
The CSS's images become data: URIs in both cases.
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


@lru_cache(maxsize=1)
def default_icon_urls() -> dict[str, str]:
    """The default marker's images as data: URIs, for L.Icon.Default."""
    names = {
        "iconUrl": "marker-icon.png",
        "iconRetinaUrl": "marker-icon-2x.png",
        "shadowUrl": "marker-shadow.png",
    }
    return {k: data_uri((LEAFLET_DIR / "images" / v).read_bytes(), "image/png") for k, v in names.items()}
