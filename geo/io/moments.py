"""A reported moment, as an event's files write it: a time with its UTC offset, or only the day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class When:
    """A reported moment: a time with its UTC offset, or only the day."""

    day: date
    at: datetime | None = None

    @property
    def day_only(self) -> bool:
        return self.at is None

    def isoformat(self) -> str:
        return self.at.isoformat() if self.at is not None else self.day.isoformat()

    def __str__(self) -> str:
        if self.at is None:
            return f"{self.day:%-d %b %Y} (time not reported)"
        offset = self.at.strftime("%z")
        return f"{self.at:%-d %b %Y, %H:%M} UTC{offset[:3]}:{offset[3:]}"


def parse_when(value: object) -> When | None:
    """ISO 8601: ``2025-09-02T16:00+08:00`` or ``2025-09-02``; empty is None."""
    if value is None or isinstance(value, When):
        return value
    text = str(value).strip()
    if not text:
        return None
    if "T" not in text and " " not in text:
        try:
            return When(day=date.fromisoformat(text))
        except ValueError:
            pass
        msg = "must be an ISO 8601 date (2025-09-02) or time with offset (2025-09-02T16:00+08:00)"
        raise ValueError(msg)
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        msg = "must be an ISO 8601 time with offset, like 2025-09-02T16:00+08:00"
        raise ValueError(msg) from None
    if at.tzinfo is None:
        msg = "has no time zone: add a UTC offset such as +08:00"
        raise ValueError(msg)
    return When(day=at.date(), at=at)


def is_after(first: When, second: When) -> bool:
    """True when ``first`` is certainly later than ``second`` (day-only values compare by day)."""
    if first.at is not None and second.at is not None:
        return first.at > second.at
    return first.day > second.day
