"""Countries: ISO 3166-1 alpha-3 codes, names, near-miss suggestions and the bundled shapes."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pycountry

from geo import settings

EXTRA_CODES: dict[str, str] = {
    "XKX": "Kosovo",
    "XNC": "N. Cyprus",
    "XSL": "Somaliland",
    "XIO": "Indian Ocean Ter.",
    "XSG": "Siachen Glacier",
}
"""Shapes Natural Earth draws that ISO 3166-1 gives no code (data/README.md says why these)."""

ALIASES: dict[str, str] = {
    "dprk": "PRK",
    "north korea": "PRK",
    "n. korea": "PRK",
    "rok": "KOR",
    "south korea": "KOR",
    "korea": "KOR",
    "russia": "RUS",
    "iran": "IRN",
    "laos": "LAO",
    "vietnam": "VNM",
    "viet nam": "VNM",
    "syria": "SYR",
    "turkey": "TUR",
    "türkiye": "TUR",
    "congo": "COG",
    "republic of the congo": "COG",
    "drc": "COD",
    "uk": "GBR",
    "usa": "USA",
    "us": "USA",
    "united states": "USA",
    "kosovo": "XKX",
    "prc": "CHN",
    "china": "CHN",
    "taiwan": "TWN",
    "burma": "MMR",
    "czech republic": "CZE",
    "ivory coast": "CIV",
}
"""Everyday names that pycountry's fuzzy search gets wrong or misses."""


def is_iso3(code: str) -> bool:
    """True for an assigned ISO 3166-1 alpha-3 code, or one of EXTRA_CODES."""
    return code in EXTRA_CODES or pycountry.countries.get(alpha_3=code) is not None


def country_name(code: str) -> str:
    """A short English name for an ISO3 code; the code itself when unknown."""
    if code in EXTRA_CODES:
        return EXTRA_CODES[code]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def suggest_iso3(text: str) -> str | None:
    """The ISO3 code a country name or a near-miss code most likely means, or None."""
    cleaned = text.strip()
    if not cleaned:
        return None
    upper = cleaned.upper()
    if is_iso3(upper):
        return upper
    if cleaned.lower() in ALIASES:
        return ALIASES[cleaned.lower()]
    by_code = pycountry.countries.get(alpha_2=upper) if len(upper) == 2 else None
    if by_code is not None:
        return by_code.alpha_3
    try:
        matches = pycountry.countries.search_fuzzy(cleaned)
    except LookupError:
        return None
    return matches[0].alpha_3 if matches else None


@lru_cache(maxsize=4)
def load_countries(path: Path | None = None) -> gpd.GeoDataFrame:
    """The bundled country shapes: columns iso3, name, geometry (EPSG:4326).

    Cached because every map needs the same read-only frame; callers must copy before
    changing it.
    """
    frame = gpd.read_file(path or settings.COUNTRIES_FILE)
    return frame.set_crs("EPSG:4326", allow_override=True)
