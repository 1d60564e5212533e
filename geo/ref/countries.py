"""Countries: ISO 3166-1 alpha-3 codes, names, near-miss suggestions and the bundled shapes."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pycountry
import shapely
import shapely.affinity
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from geo.base import settings

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
    "dpr korea": "PRK",
    "korea dpr": "PRK",
    "korea dem people s rep": "PRK",
    "korea dem rep": "PRK",
    "n korea": "PRK",
    "rok": "KOR",
    "korea rep": "KOR",
    "republic of korea": "KOR",
    "russia": "RUS",
    "iran": "IRN",
    "iran islamic rep": "IRN",
    "laos": "LAO",
    "lao pdr": "LAO",
    "vietnam": "VNM",
    "syria": "SYR",
    "turkey": "TUR",
    "turkiye": "TUR",
    "republic of the congo": "COG",
    "congo rep": "COG",
    "congo brazzaville": "COG",
    "drc": "COD",
    "dr congo": "COD",
    "congo dem rep": "COD",
    "congo kinshasa": "COD",
    "uk": "GBR",
    "britain": "GBR",
    "great britain": "GBR",
    "usa": "USA",
    "us": "USA",
    "kosovo": "XKX",
    "prc": "CHN",
    "burma": "MMR",
    "czech republic": "CZE",
    "ivory coast": "CIV",
    "holland": "NLD",
    "uae": "ARE",
    "egypt arab rep": "EGY",
    "venezuela rb": "VEN",
    "yemen rep": "YEM",
    "kyrgyz republic": "KGZ",
    "slovak republic": "SVK",
    "hong kong sar china": "HKG",
    "macao sar china": "MAC",
}
"""Everyday and World Bank style names (in the folded form of ``_fold``) that ISO's names miss."""

LONGEST_NAME = 60
"""Longer than any country's name: text past this is compared with none."""
CLOSE_MATCH_CUTOFF = 0.8
"""How alike a misspelt name must be to a known one (difflib's ratio) to be suggested: "Russa"
"Vietnm" and "Brasil" are, "a" and "Zz" are not."""


def is_iso3(code: str) -> bool:
    """True for an assigned ISO 3166-1 alpha-3 code, in capitals, or one of EXTRA_CODES.

    pycountry's own look-up ignores case; a lowercase ``chn`` must not pass, or it would match
    no country shape and no capital downstream.
    """
    return code in _codes()


def iso3_codes() -> frozenset[str]:
    """Every code is_iso3 accepts, for checking a whole column at once."""
    return _codes()


@lru_cache(maxsize=512)
def country_name(code: str) -> str:
    """A short English name for an ISO3 code; the code itself when unknown.

    Cached: every tooltip asks, and pycountry's look-up was a tenth of building 10,000 arrows.
    """
    if code in EXTRA_CODES:
        return EXTRA_CODES[code]
    country = pycountry.countries.get(alpha_3=code) if is_iso3(code) else None
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def iso3_candidates(text: str) -> list[str]:
    """Every code a country name or a near-miss code may mean, sorted.

    One code for a clear match ("Viet Nam", "DPRK", "chn", "Russa"), several for a name that
    means more than one country ("Korea", "Congo"), none when nothing is close.
    """
    return list(_candidates(text))


@lru_cache(maxsize=4096)
def _candidates(text: str) -> tuple[str, ...]:
    cleaned = text.strip()
    if not cleaned:
        return ()
    if cleaned.upper() in _codes():
        return (cleaned.upper(),)
    if len(cleaned) == 2 and cleaned.upper() in _alpha2():
        return (_alpha2()[cleaned.upper()],)
    folded = _fold(cleaned)
    if folded in ALIASES:
        return (ALIASES[folded],)
    names = _names()
    if folded in names:
        return tuple(sorted(names[folded]))
    if not folded or len(folded) > LONGEST_NAME:
        return ()
    # Misspellings keep the first letter ("Russa", "Brasil"); comparing only those names keeps
    # a file of thousands of unknown codes quick.
    close = difflib.get_close_matches(
        folded, _names_by_initial().get(folded[0], []), n=1, cutoff=CLOSE_MATCH_CUTOFF
    )
    return tuple(sorted(names[close[0]])) if close else ()


def suggest_iso3(text: str) -> str | None:
    """The one ISO3 code a country name or a near-miss code most likely means, or None."""
    found = iso3_candidates(text)
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=1)
def _codes() -> frozenset[str]:
    return frozenset({c.alpha_3 for c in pycountry.countries} | EXTRA_CODES.keys())


@lru_cache(maxsize=1)
def _alpha2() -> dict[str, str]:
    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


@lru_cache(maxsize=1)
def _names_by_initial() -> dict[str, list[str]]:
    by_initial: dict[str, list[str]] = {}
    for name in _names():
        by_initial.setdefault(name[0], []).append(name)
    return by_initial


@lru_cache(maxsize=1)
def _names() -> dict[str, frozenset[str]]:
    """Folded name -> codes: ISO's short, common and official names, the part of "Korea,
    Republic of" before the comma (which is how "Korea" comes to mean two countries), and the
    aliases."""
    index: dict[str, set[str]] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if not name:
                continue
            index.setdefault(_fold(name), set()).add(country.alpha_3)
            if ", " in name:
                index.setdefault(_fold(name.split(", ")[0]), set()).add(country.alpha_3)
    for code, name in EXTRA_CODES.items():
        index.setdefault(_fold(name), set()).add(code)
    for alias, code in ALIASES.items():
        index.setdefault(alias, set()).add(code)
    return {name: frozenset(codes) for name, codes in index.items()}


def _fold(text: str) -> str:
    """Lowercase, no accents, punctuation as spaces: "Côte d'Ivoire" -> "cote d ivoire"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


@lru_cache(maxsize=4)
def load_countries(path: Path | None = None) -> gpd.GeoDataFrame:
    """The bundled country shapes: columns iso3, name, geometry (EPSG:4326).

    Cached because every map needs the same read-only frame; callers must copy before
    changing it.
    """
    frame = gpd.read_file(path or settings.COUNTRIES_FILE)
    return frame.set_crs("EPSG:4326", allow_override=True)


def short_name(code: str) -> str:
    """The name Natural Earth gives a country's shape ("Russia", "North Korea"), as a map writes
    it; country_name's when the code has no shape."""
    names = _shape_names()
    return names.get(code) or country_name(code)


@lru_cache(maxsize=1)
def _shape_names() -> dict[str, str]:
    frame = load_countries()
    return dict(zip(frame["iso3"], frame["name"], strict=True))


LABEL_TOLERANCE = 0.002
"""polylabel's precision in Web Mercator radians: about 13 km at the equator, closer nearer the poles."""
MIN_PART_SHARE = 0.04
"""A country's part inside a view names it there only if it fills this share of the view."""


@lru_cache(maxsize=2048)
def label_point(
    code: str, box: tuple[float, float, float, float] | None = None
) -> tuple[float, float] | None:
    """Where a country's name goes, as (lon, lat): the point of its largest part farthest from
    its edges (polylabel, in Web Mercator as the web map draws it). With ``box`` (west, south,
    east, north in degrees, west < east), the same for its part inside the box, or None when
    that part fills less than MIN_PART_SHARE of the box. None for a code with no shape."""
    found = load_countries()
    shapes = found.loc[found["iso3"] == code, "geometry"]
    if shapes.empty:
        return None
    shape = shapely.union_all(list(shapes))
    if box is not None:
        shape = _within_box(shape, box)
        if shape is None:
            return None
    parts = list(getattr(shape, "geoms", [shape]))
    largest = max(
        (p for p in parts if p.geom_type == "Polygon"), key=lambda p: _mercator(p).area, default=None
    )
    if largest is None:
        return None
    point = polylabel(_mercator(largest), tolerance=LABEL_TOLERANCE)
    lon, lat = np.degrees(point.x), np.degrees(2 * np.arctan(np.exp(point.y)) - np.pi / 2)
    return round(float(lon), 3), round(float(lat), 3)


def _within_box(shape: BaseGeometry, box: tuple[float, float, float, float]) -> BaseGeometry | None:
    """The shape's part inside the box (shifted by a world when the box passes 180), or None when
    it is too small to carry a name."""
    west, south, east, north = box
    shift = 360.0 if east > 180 else -360.0 if west < -180 else 0.0
    shape = shapely.union_all([shape, shapely.affinity.translate(shape, xoff=shift)]) if shift else shape
    part = shapely.clip_by_rect(shape, west, max(south, -85.0), east, min(north, 85.0))
    frame = _mercator(shapely.box(west, max(south, -85.0), east, min(north, 85.0)))
    if part.is_empty or _mercator(part).area < MIN_PART_SHARE * frame.area:
        return None
    return part


def _mercator(shape: BaseGeometry) -> BaseGeometry:
    """Degrees to Web Mercator in radians (x = longitude, y = the stretched latitude)."""

    def project(xy: np.ndarray) -> np.ndarray:
        lat = np.radians(np.clip(xy[:, 1], -85.0, 85.0))
        return np.column_stack([np.radians(xy[:, 0]), np.log(np.tan(np.pi / 4 + lat / 2))])

    return shapely.transform(shape, project)
