"""The benchmark table's rows and goals, and the table as Markdown: shared by run.py and the
modules that measure (crowd.py) without either importing the other."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Goal:
    limit: float
    on_ratio: bool = False
    """True: the goal bounds Diplomap ÷ baseline; False: Diplomap's own figure."""

    def met(self, row: Row) -> bool | None:
        value = row.ratio if self.on_ratio else row.ours
        return None if value is None else value <= self.limit

    def text(self, unit: str) -> str:
        if self.on_ratio:
            faster = f" ({1 / self.limit:.2g}× faster)" if self.limit < 1 else ""
            return f"≤ {self.limit:.2g}×{faster}"
        return f"≤ {number(self.limit, unit)}"


@dataclass(frozen=True)
class Row:
    measure: str
    ours: float | None
    baseline_name: str
    baseline: float | None
    unit: str
    goals: tuple[Goal, ...] = ()
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.ours or not self.baseline:
            return None
        return self.ours / self.baseline


def number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:.2f} MB" if value < 10 else f"{value:.1f} MB"
    return f"{value:g}"


MET = {True: "yes", False: "**no**", None: "not measured"}


def format_table(rows: Sequence[Row]) -> str:
    lines = [
        "| Measure | Diplomap | Baseline | Baseline value | Diplomap ÷ baseline | Goal | Met | Notes |",
        "|---|---:|---|---:|---:|---|---|---|",
    ]
    for row in rows:
        cells = [
            row.measure,
            number(row.ours, row.unit),
            row.baseline_name,
            number(row.baseline, row.unit),
            "—" if row.ratio is None else f"{row.ratio:.2f}×",
            "; ".join(goal.text(row.unit) for goal in row.goals),
            "; ".join(MET[goal.met(row)] for goal in row.goals),
            row.note,
        ]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)
