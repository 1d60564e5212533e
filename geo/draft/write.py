"""An event folder's files as text: CSV cells a spreadsheet cannot run, TOML a loader reads back.

A journalist opens a draft in a spreadsheet; an article quoting "=HYPERLINK(...)" or "-5 km"
must not become a formula there. A text cell starting with one of the characters spreadsheets
read as a formula gets a leading apostrophe, as the app's downloads do (geo.downloads); numbers
and dates are written as they are.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is a formula to a spreadsheet (CSV injection)."""


def defuse(value: str) -> str:
    """A text cell that no spreadsheet runs as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_text(columns: Iterable[str], rows: Iterable[Mapping[str, object]], *, raw: Iterable[str] = ()) -> str:
    """Rows as CSV under ``columns``; every text cell defused except the ``raw`` columns
    (coordinates and ISO times, which a minus sign or a plus offset must keep as written)."""
    columns = list(columns)
    keep = set(raw)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        cells = {}
        for column in columns:
            value = row.get(column)
            text = "" if value is None else str(value)
            cells[column] = text if column in keep else defuse(text)
        writer.writerow(cells)
    return out.getvalue()


def toml_text(values: Mapping[str, object]) -> str:
    """A flat TOML table: strings as basic strings (JSON's escapes are TOML's), dates bare."""
    lines = []
    for key, value in values.items():
        if value is None:
            continue
        lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)
