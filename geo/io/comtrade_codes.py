"""UN Comtrade's numeric country codes turned into ISO3, through Comtrade's own table.

A Comtrade bulk file names reporter and partner by number only (``reporterCode``,
``partnerCode``). The numbers are M49-based but are not M49 (the USA is 842, India 699,
France 251), so they are read through UNSD's Comtrade list shipped in ``data/comtrade/``
(see its README for where it came from), never through an M49 table.

A code that is not one country the map can draw is refused with the reason, never guessed:
the World (0), an area "not elsewhere specified" with no ISO code (490, Other Asia, nes, which
is mostly Taiwan but does not say so), a group such as the EU, a former country, and any code
not in the table.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo.base.errors import Problem
from geo.base.settings import DATA_DIR
from geo.io.blocks import Cells, many
from geo.io.tables import Table, reject
from geo.ref.countries import iso3_codes

AREAS_FILE = DATA_DIR / "comtrade" / "areas.csv"
CODE, NAME, ISO3 = "ctyCode", "cty Name English", "ISO3-digit Alpha"
"""The table's own column names, kept as UNSD wrote them so the file stays a plain cut of theirs."""
WORLD = "0"
OTHER_ASIA = "490"
SIDES = {"reporterISO": "reporterCode", "partnerISO": "partnerCode"}
"""Each country column of a Comtrade file, and the column of Comtrade's number that stands in
for it in a bulk file."""


class Area(NamedTuple):
    """One row of Comtrade's table: its name, and its ISO3 code ("" where Comtrade has none)."""

    name: str
    iso3: str


@lru_cache(maxsize=2)
def load_areas(path: Path = AREAS_FILE) -> dict[str, Area]:
    """Comtrade's areas by code, as written in a bulk file (no leading zeros)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        row[CODE].strip(): Area(row[NAME].strip(), "" if row[ISO3].strip() == "NULL" else row[ISO3].strip())
        for row in rows
    }


def _key(code: str) -> str:
    """A code as the table writes it: 056 and 56 are Belgium alike."""
    return (code.lstrip("0") or "0") if code.isdigit() else code


def refusal(code: str, *, path: Path = AREAS_FILE) -> str | None:
    """Why a row with this code cannot be drawn, or None when the code is one country."""
    key = _key(code)
    area = load_areas(path).get(key)
    if area is None:
        return f"{code!r} is not a code in Comtrade's table of countries and areas (data/comtrade/areas.csv)"
    named = f"{area.name} (Comtrade {key})"
    if key == WORLD:
        return f"{named} is the world, not a country: only flows between two countries are drawn"
    if key == OTHER_ASIA:
        # Comtrade files Taiwan's trade here without saying so; drawing it as Taiwan would be our
        # guess presented as Comtrade's figure.
        return f"{named}, commonly Taiwan, is not a country code the map can place: Comtrade does not say which country it is"
    if not area.iso3:
        return f"{named} has no ISO3 code in Comtrade's table: an area not elsewhere specified or a special category, not a country the map can place"
    if area.iso3 not in iso3_codes():
        return f"{named} is Comtrade's {area.iso3!r}, a group of countries or a former one, not a country the map can place"
    return None


def iso3_from_codes(codes: pd.Series, *, path: Path = AREAS_FILE) -> tuple[pd.Series, pd.Series]:
    """(ISO3, reason) for each code of a column of text: the ISO3 where the code is one country
    (else ""), the reason it is refused where it is not (else "").

    Each distinct code is looked up once and the answers spread by Arrow: a million-row bulk
    file holds a few hundred codes.
    """
    areas = load_areas(path)
    encoded = pa.chunked_array([pa.array(codes.array, type=pa.string())]).combine_chunks().dictionary_encode()
    distinct = encoded.dictionary.to_pylist()
    reasons = [refusal(code, path=path) or "" for code in distinct]
    iso3 = ["" if reason else areas[_key(code)].iso3 for code, reason in zip(distinct, reasons, strict=True)]

    def spread(values: list[str]) -> pd.Series:
        taken = pa.array(values, type=pa.string()).take(encoded.indices)
        return pd.Series(pd.arrays.ArrowStringArray(taken), index=codes.index)

    return spread(iso3), spread(reasons)


def countries_from_codes(
    table: Table,
    header: list[str],
    get: Callable[[str], pd.Series],
    lines: list[int],
    raw: Callable[[int], list[str]],
) -> tuple[dict[str, pd.Series], np.ndarray, list[str], Callable[[int], list[str]]]:
    """A chunk's country columns, a blank or missing ISO3 read from Comtrade's number beside it.

    Returns the columns, which rows were refused here (their number is not one country; each
    is named by row, column, code and reason), and the header and cells with the ISO3 read
    filled in, so a row the column checks doubt is judged by the row model on what was drawn.
    """
    columns: dict[str, pd.Series] = {}
    refused = np.zeros(len(lines), dtype=bool)
    filled: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for iso_column, code_column in SIDES.items():
        iso, code = get(iso_column), get(code_column)
        blank = ((iso == "") & (code != "")).to_numpy(dtype=bool, na_value=False)
        columns[iso_column] = iso
        if not blank.any():
            continue
        mapped, reasons = iso3_from_codes(code)
        chosen = pc.if_else(
            pa.array(blank), pa.array(mapped.array, type=pa.string()), pa.array(iso.array, type=pa.string())
        )
        columns[iso_column] = pd.Series(pd.arrays.ArrowStringArray(chosen), index=iso.index)
        filled[iso_column] = (blank, chosen.to_numpy(zero_copy_only=False))
        bad = np.flatnonzero(blank & (reasons != "").to_numpy(dtype=bool, na_value=False))
        refused[bad] = True
        codes, why = code.to_numpy()[bad], reasons.to_numpy()[bad]
        for position, cells, value, reason in zip(bad.tolist(), many(raw, bad), codes, why, strict=True):
            record = {h: v for h, v in zip(header, cells, strict=False) if h}
            reject(table, Problem(table.name, lines[position], code_column, value, reason), record)
    if not filled:
        return columns, refused, header, raw
    wider = header + [c for c in SIDES if c not in header]
    at = {column: wider.index(column) for column in filled}

    def fetch(positions: list[int]) -> list[list[str]]:
        found = []
        for position, cells in zip(positions, many(raw, positions), strict=True):
            values = list(cells) + [""] * (len(wider) - len(header))
            for column, (blank, iso3) in filled.items():
                if blank[position]:
                    values[at[column]] = iso3[position]
            found.append(values)
        return found

    return columns, refused, wider, Cells(fetch)
