"""The project's own errors. Each builds its message first; only the app turns them into UI."""

from __future__ import annotations

from dataclasses import dataclass


class DiplomapError(Exception):
    """Base for every error Diplomap raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input: where it is and why it was refused.

    ``row`` counts as a spreadsheet does, the header being row 1 (a GeoJSON feature's number for
    GeoJSON; None for the whole file). ``suggestion`` is a replacement value the app may offer
    to apply ("VNM" for "Viet Nam"); it is never applied without the user. ``level`` is
    ``error`` for a row refused (or a file not read), ``warning`` for something worth fixing that
    refuses nothing (a leg starting away from where the one before it ended).
    """

    file: str
    row: int | None
    column: str | None
    value: str
    reason: str
    suggestion: str | None = None
    level: str = "error"

    @property
    def is_warning(self) -> bool:
        return self.level == "warning"

    def __str__(self) -> str:
        # A file name can come from an upload: quoted if it holds anything a terminal would act on.
        where = self.file if self.file.isprintable() else repr(self.file)
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            # event.toml and story.toml hold keys, not columns.
            where += f", {'key' if self.file.endswith('.toml') else 'column'} {self.column!r}"
        shown = f" (value {self.value!r})" if self.value else ""
        return f"{'warning: ' if self.is_warning else ''}{where}: {self.reason}{shown}"


def errors_only(problems) -> list[Problem]:
    """The problems that refused something: warnings left out."""
    return [p for p in problems if not p.is_warning]


class DataError(DiplomapError):
    """Input that cannot be used at all (a missing file, an unreadable event)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the input:\n{lines}")


class EventNotFoundError(DiplomapError):
    """No folder for the requested event."""


class ExportError(DiplomapError):
    """The exported file would not be self-contained or could not be written."""


class EventExistsError(DiplomapError):
    """An event folder of that id exists already, and replacing it was not asked for."""


class NoTrips(DiplomapError):
    """A person's map was asked for someone who travels in none of the events."""


class DraftError(DiplomapError):
    """An article the draft cannot start from: no dateline to read its dates against, a bad URL."""
