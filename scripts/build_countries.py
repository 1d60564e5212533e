"""Rebuild data/countries.geojson from world-atlas's countries-50m.json.

Usage: PYTHONPATH=. python scripts/build_countries.py path/to/countries-50m.json [--out data/countries.geojson]

Get the input with `npm pack world-atlas@2` and unpack the tarball. data/README.md says why
each step is here.
"""

from __future__ import annotations

import argparse
import json
import warnings
from pathlib import Path

import antimeridian
import geopandas as gpd
import numpy as np
import pycountry
import shapely
from shapely.geometry import mapping, shape

from geo.ref.countries import EXTRA_CODES

# Natural Earth features with no ISO numeric id; codes documented in data/README.md.
UNCODED = {name: code for code, name in EXTRA_CODES.items()}
TOLERANCE_DEG = 0.1
DECIMALS = 2


def iso3_for(numeric: str | None, name: str) -> str:
    if numeric is None:
        return UNCODED[name]
    country = pycountry.countries.get(numeric=numeric)
    if country is None:
        msg = f"world-atlas id {numeric!r} ({name}) is not an ISO 3166-1 numeric code"
        raise ValueError(msg)
    return country.alpha_3


def crosses_antimeridian(geom: shapely.Geometry) -> bool:
    """True when some ring jumps more than 180 degrees of longitude between two vertices."""
    rings = shapely.get_rings(shapely.get_parts(geom))
    return any(np.abs(np.diff(shapely.get_coordinates(r)[:, 0])).max() > 180 for r in rings)


def fix_antimeridian(geom: shapely.Geometry) -> shapely.Geometry:
    if not crosses_antimeridian(geom):
        return geom
    # TopoJSON stitches Russia, Fiji and Antarctica across 180 degrees; their rings come back
    # clockwise, which antimeridian reverses and warns about on every ring.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", antimeridian.FixWindingWarning)
        return shape(antimeridian.fix_shape(mapping(geom)))


def build(source: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(source, layer="countries").set_crs("EPSG:4326", allow_override=True)
    raw["iso3"] = [iso3_for(i, n) for i, n in zip(raw["id"], raw["name"], strict=True)]
    raw["geometry"] = [fix_antimeridian(g) for g in raw.geometry]
    # Ashmore and Cartier Is. share Australia's numeric code: one country, one shape.
    merged = raw.dissolve(by="iso3", aggfunc="first", as_index=False)
    simplified = shapely.coverage_simplify(merged.geometry.values, TOLERANCE_DEG)
    rounded = shapely.set_precision(simplified, 10**-DECIMALS, mode="pointwise")
    return gpd.GeoDataFrame(
        {"iso3": merged["iso3"], "name": merged["name"]}, geometry=list(rounded), crs="EPSG:4326"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--out", type=Path, default=Path("data/countries.geojson"))
    args = parser.parse_args()
    countries = build(args.source)
    if countries["iso3"].duplicated().any():
        raise SystemExit(f"duplicate iso3: {countries['iso3'][countries['iso3'].duplicated()]}")
    # Compact separators and fixed precision keep the committed file small and diffable.
    collection = json.loads(countries.to_json(drop_id=True))
    args.out.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {args.out} ({len(countries)} countries, {args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
