"""GeoNames look-ups (geo.ref.gazetteer) the draft relies on."""

from __future__ import annotations

from geo.ref import gazetteer


def test_small_towns_are_the_ones_below_the_main_lookup_only():
    lampedusa = gazetteer.small_towns("Lampedusa")
    assert [(t["countrycode"], round(t["latitude"], 1)) for t in lampedusa] == [("IT", 35.5)]
    assert gazetteer.cities_anywhere("Lampedusa") == []
    woodside = gazetteer.small_towns("Woodside")
    assert ("US", "CA") in {(t["countrycode"], t["admin1code"]) for t in woodside}
    assert all(t["population"] >= 1000 for t in woodside)
