"""Finding a place by name among GeoNames' cities, with its region and country, and naming the
country under a point."""

from __future__ import annotations

import pytest

from geo.ref.placenames import country_at, find_places


def test_a_name_shared_by_two_cities_offers_both_with_their_regions():
    found = find_places("Pingxiang", iso3="CHN")
    assert [(c.region, c.iso3) for c in found] == [("Jiangxi", "CHN"), ("Guangxi", "CHN")]
    guangxi = found[1]
    assert (round(guangxi.lat, 1), round(guangxi.lon, 1)) == (22.1, 106.8)
    assert guangxi.label.startswith("Pingxiang, Guangxi, China (population ")
    assert guangxi.source_url.startswith("https://www.geonames.org/")


def test_names_match_whatever_their_case_and_accents_and_by_their_start():
    assert [c.name for c in find_places("sinuiju", iso3="PRK")] == ["Sinŭiju"]
    assert "Pyongyang" in [c.name for c in find_places("PYONGY")]


def test_a_whole_other_name_finds_its_city_and_a_begun_one_does_not():
    assert [c.name for c in find_places("Peking", iso3="CHN")] == ["Beijing"]
    assert [c.name for c in find_places("Shen", iso3="CHN")][:2] == ["Shenzhen", "Shenyang"]
    assert "Guangzhou" not in [c.name for c in find_places("Shen")]


def test_exact_names_come_before_names_that_only_begin_so():
    assert [c.name for c in find_places("Dalian")] == ["Dalian", "Daliang", "Dalianwan"]


def test_a_capital_is_marked_as_one():
    (beijing, *_) = find_places("Beijing", iso3="CHN")
    assert beijing.capital
    assert ", capital (" in beijing.label


@pytest.mark.parametrize("query", ["", "   ", "x" * 101, "Nowhere-at-all-zzz"])
def test_nothing_found_is_an_empty_list(query):
    assert find_places(query) == []


def test_the_country_under_a_point():
    assert country_at(116.4, 39.9) == "CHN"
    assert country_at(125.75, 39.03) == "PRK"
    assert country_at(-150.0, 0.0) is None
