"""What a draft leaves to confirm: every note holding "To confirm:", as warnings naming file,
row and column, so ``geo check`` lists them beside the loader's own problems."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from geo.base.errors import Problem

MARK = "To confirm:"
NOTE_COLUMNS = ("note", "quote")


def to_confirm(files: Mapping[str, bytes | str]) -> list[Problem]:
    """One warning per note that says what the article leaves open, in file and row order."""
    problems = []
    for name in sorted(files):
        if not name.endswith(".csv"):
            continue
        content = files[name]
        text = content.decode("utf-8-sig", errors="replace") if isinstance(content, bytes) else content
        for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
            for column in NOTE_COLUMNS:
                note = row.get(column) or ""
                if MARK in note:
                    what = note.split(MARK, 1)[1].strip()
                    problems.append(Problem(name, line, column, "", f"to confirm: {what}", level="warning"))
    return problems
