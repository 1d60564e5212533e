"""Finding a place by name, or naming a point, with GeoNames' cities (geo.ref.gazetteer) and the
bundled country shapes: for the app's editor, which lets the user choose among the candidates
rather than taking the largest (two Pingxiangs lie 700 km apart)."""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pycountry
from shapely.geometry import Point

from geo.ref.countries import country_name, load_countries
from geo.ref.gazetteer import GEONAMES_URL, geonames_cities, load_capitals, region_name

LONGEST_QUERY = 100
"""More than any city's name: a longer query finds nothing, and is not folded whole."""


@dataclass(frozen=True)
class Candidate:
    """A GeoNames city a name may mean: where it is, in which region and country, how big."""

    name: str
    iso3: str
    region: str
    lat: float
    lon: float
    population: int
    source_url: str
    capital: bool

    @property
    def country(self) -> str:
        return country_name(self.iso3)

    @property
    def label(self) -> str:
        """ "Pingxiang, Guangxi, China (population 1,234; 22.1° N, 106.8° E)"."""
        lat = f"{abs(self.lat):.2f}° {'N' if self.lat >= 0 else 'S'}"
        lon = f"{abs(self.lon):.2f}° {'E' if self.lon >= 0 else 'W'}"
        capital = ", capital" if self.capital else ""
        return f"{self.name}, {self.region}, {self.country}{capital} (population {self.population:,}; {lat}, {lon})"


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Brasília' and 'brasilia' match."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def find_places(query: str, *, iso3: str | None = None, limit: int = 12) -> list[Candidate]:
    """GeoNames cities called ``query`` (by name or by any of their other names; case and
    accents ignored), then those whose own name begins with it, each group largest first; within
    ``iso3`` if given. Other names are matched whole only: begun, they match in many languages
    (the start of "Shen" is in one of Guangzhou's)."""
    wanted = fold(query[: LONGEST_QUERY + 1])
    if not wanted or len(wanted) > LONGEST_QUERY:
        return []
    names, cities = _index()
    exact: dict[int, dict] = {}
    starting: dict[int, dict] = {}
    for key, own, number in names[bisect.bisect_left(names, (wanted,)) :]:
        if not key.startswith(wanted):
            break
        city = cities[number]
        if iso3 is not None and _iso3(city["countrycode"]) != iso3:
            continue
        if key == wanted:
            exact[number] = city
        elif own:
            starting[number] = city
    chosen = _by_size(exact) + _by_size({n: c for n, c in starting.items() if n not in exact})
    return [_candidate(city) for city in chosen[:limit]]


def _by_size(found: dict[int, dict]) -> list[dict]:
    return sorted(found.values(), key=lambda c: -c["population"])


@lru_cache(maxsize=1)
def _index() -> tuple[list[tuple[str, bool, int]], list[dict]]:
    """(folded name, whether it is the city's own name, city number) for every name, sorted;
    and the cities."""
    cities = [c for c in geonames_cities() if _iso3(c["countrycode"])]
    names = {(fold(c["name"]), True, number) for number, c in enumerate(cities)}
    names |= {
        (fold(n), False, number) for number, c in enumerate(cities) for n in c.get("alternatenames", ()) if n
    }
    return sorted(names), cities


@lru_cache(maxsize=512)
def _iso3(iso2: str) -> str:
    if iso2 == "XK":
        return "XKX"
    country = pycountry.countries.get(alpha_2=iso2)
    return country.alpha_3 if country else ""


def _candidate(city: dict) -> Candidate:
    iso3 = _iso3(city["countrycode"])
    lat, lon = float(city["latitude"]), float(city["longitude"])
    capital = load_capitals().get(iso3)
    return Candidate(
        name=city["name"],
        iso3=iso3,
        region=region_name(city),
        lat=lat,
        lon=lon,
        population=int(city["population"]),
        source_url=GEONAMES_URL.format(city["geonameid"]),
        capital=capital is not None and abs(capital[0] - lon) < 0.1 and abs(capital[1] - lat) < 0.1,
    )


def country_at(lon: float, lat: float) -> str | None:
    """The ISO3 code of the country whose bundled shape holds the point, or None (the sea)."""
    shapes = load_countries()
    point = Point(lon, lat)
    for index in shapes.sindex.query(point, predicate="intersects"):
        return str(shapes.iloc[int(index)]["iso3"])
    return None
