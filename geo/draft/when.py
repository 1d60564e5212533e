"""Dates and clock times in an article, resolved against its dateline.

News writes "on Tuesday", "the next morning", "5 p.m. on Saturday, Feb. 23", "around 1:50 a.m.":
a weekday is the latest such day on or before the dateline (the next one in a sentence about
plans), a clock time without a day takes the day the story is at, and a clock time earlier than
the one before it in the story has passed midnight. The clock is read in the place's own time
zone unless the text names another ("1945 GMT"). dateparser's ``search_dates`` was tried first
and put "on Wednesday" a week early, "1:30 p.m." on the day before and "5 p.m. on Saturday,
Feb. 23" at midnight of the dateline (README, "Draft from an article"), so the grammar is ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from geo.ref import gazetteer

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    m: i + 1
    for i, names in enumerate(
        (
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        )
    )
    for m in names.split()
}
MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
DAY_NAME = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
DATE_PATTERNS = (
    ("month_day", re.compile(rf"\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)),
    ("day_month", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+(\d{{4}}))?", re.I)),
    ("the_nth", re.compile(r"\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b", re.I)),
    ("weekday", re.compile(rf"\b{DAY_NAME}\b", re.I)),
    (
        "relative",
        re.compile(
            r"\b(today|tonight|yesterday|tomorrow|last night|this (?:morning|afternoon|evening))\b", re.I
        ),
    ),
    (
        "same",
        re.compile(r"\b(?:earlier|later)\s+(?:in\s+the|that)\s+day\b|\b(?:that|the\s+same)\s+day\b", re.I),
    ),
    ("later", re.compile(r"\b(a|one|two|three|four)\s+days?\s+later\b|\bthe\s+day\s+after\b", re.I)),
    ("next", re.compile(r"\b(?:the\s+)?(?:next|following)\s+(day|morning|afternoon|evening|night)\b", re.I)),
    (
        "part",
        re.compile(
            r"\b(?:in the\s+)?(?:early\s+|late\s+)?(morning|afternoon|evening|night|early hours)\b", re.I
        ),
    ),
)
CLOCK_PATTERNS = (
    ("ampm", re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\b\.?", re.I)),
    ("gmt", re.compile(r"\b([01]\d|2[0-3])([0-5]\d)\s*(?=GMT|UTC)")),
    ("hours", re.compile(r"\b([01]\d|2[0-3])([0-5]\d)\s*(?=hrs\b|hours\b|local time\b)", re.I)),
    ("colon", re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\b(?!\s*[ap]\.?\s?m\b)", re.I)),
    ("dotted", re.compile(r"(?<=\bat )([01]?\d|2[0-3])\.([0-5]\d)\b(?!\s*[ap]\.?\s?m\b)", re.I)),
    # A live blog opens each entry with its clock ("16.55: Modi lands in Lahore", "17:07 IST -").
    ("blog", re.compile(r"^\s*([01]?\d|2[0-3])[.:]([0-5]\d)(?=\s*(?:hrs|IST|GMT)?\s*[:\-–—|])", re.I)),
    ("word", re.compile(r"\b(noon|midday|midnight)\b", re.I)),
)
ZONES = {"gmt": "UTC", "utc": "UTC", "cet": "Europe/Paris", "cest": "Europe/Paris", "msk": "Europe/Moscow"}
ZONES |= {"eet": "Europe/Kyiv", "est": "America/New_York", "edt": "America/New_York", "kst": "Asia/Seoul"}
ZONES |= {
    "jst": "Asia/Tokyo",
    "bst": "Europe/London",
    "pst": "America/Los_Angeles",
    "moscow time": "Europe/Moscow",
}
ZONES |= {
    "ist": "Asia/Kolkata",
    "et": "America/New_York",
    "pdt": "America/Los_Angeles",
    "sgt": "Asia/Singapore",
    "hkt": "Asia/Hong_Kong",
    "aest": "Australia/Sydney",
    "wat": "Africa/Lagos",
    "eat": "Africa/Nairobi",
    "cat": "Africa/Maputo",
    "gst": "Asia/Dubai",
}
ZONE_AFTER = re.compile(
    r"\s*\(?\s*(GMT|UTC|CEST|CET|MSK|EET|EST|EDT|KST|JST|BST|PST|PDT|IST|ET|SGT|HKT|AEST|WAT|EAT|CAT|GST|"
    r"Moscow time)\b|\s*\(?\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?) time\b"
)
""""1945 GMT", "10:40 am IST", and "(19:29 Kyiv time)": a city's clock is its own zone."""
APPROX = re.compile(
    r"\b(about|around|approximately|roughly|circa|nearly|almost|some|shortly after|shortly before|"
    r"just after|just before|after|before|soon after)\s+(?:\w+\s+){0,1}$",
    re.I,
)
FUTURE = re.compile(
    r"\b(will|is to|are to|is due|is scheduled|are scheduled|expected to|plans? to|set to)\b", re.I
)
PAREN = re.compile(r"\([^)]*\)")
STAMP = re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{4},?\s+\d{1,2}:\d{2}(?::\d{2})?\b(?:\s*(?:IST|GMT|UTC))?")
"""A page's publishing stamp ("25-12-2015 17:49") dates the page, not the trip: none of its moments."""


@dataclass(frozen=True)
class Moment:
    """A date, a clock time or both, as one sentence gives them; ``at`` carries the zone the
    text named (None: the place's own)."""

    start: int
    words: str
    day: date | None = None
    clock: time | None = None
    zone: str | None = None
    approximate: bool = False

    def at_place(self, zone: str) -> str:
        """ISO 8601 in the place's zone: a time with its offset, or the day alone."""
        if self.day is None:
            return ""
        if self.clock is None:
            return self.day.isoformat()
        stamp = datetime.combine(self.day, self.clock, ZoneInfo(self.zone or zone))
        local = stamp.astimezone(ZoneInfo(zone))
        return local.isoformat(timespec="minutes")


def find_moments(
    sentence: str, dateline: date, story_day: date | None, last_clock: time | None
) -> list[Moment]:
    """Every date and clock time in a sentence, resolved; a clock time with no date of its own
    takes the sentence's date, else the day the story is at (rolled past midnight when it is
    earlier than the story's last clock time), else the dateline."""
    text = PAREN.sub(lambda m: " " * len(m.group()), sentence)
    text = STAMP.sub(lambda m: " " * len(m.group()), text)
    future = bool(FUTURE.search(text))
    days = [d for d in _dates(text, dateline, story_day, future) if d[1] is not None]
    clocks = _clocks(text)
    moments: list[Moment] = []
    for start, clock, zone, words in clocks:
        approximate = bool(APPROX.search(text[max(0, start - 40) : start]))
        day = _nearest(days, start)
        if day is None:
            day = story_day or dateline
            if story_day is not None and last_clock is not None and clock < last_clock:
                day = story_day + timedelta(days=1)
        moments.append(Moment(start, words, day, clock, zone, approximate))
        last_clock = clock
    used = {m.day for m in moments}
    for start, day, words in days:
        if day not in used:
            moments.append(Moment(start, words, day))
    return sorted(moments, key=lambda m: m.start)


def _nearest(days: list[tuple[int, date | None, str]], start: int) -> date | None:
    """The sentence's date closest to a clock time: "at 5 p.m. on Saturday" and "on Saturday at 5"."""
    if not days:
        return None
    return min(days, key=lambda d: abs(d[0] - start))[1]


def _dates(
    text: str, dateline: date, story_day: date | None, future: bool
) -> list[tuple[int, date | None, str]]:
    found: list[tuple[int, date | None, str]] = []
    taken: list[range] = []
    for kind, pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() in r for r in taken):
                continue
            if kind == "weekday" and any(0 <= r.start - match.end() <= 3 for r in taken):
                continue  # "Saturday, Feb. 23": the month and day say which Saturday
            day = _resolve(kind, match, dateline, story_day, future)
            taken.append(range(match.start(), match.end()))
            found.append((match.start(), day, match.group().strip(), kind))
    # "in the early afternoon" is the story's day only when the sentence names no other.
    dated = [f for f in found if f[3] != "part"]
    return sorted((start, day, words) for start, day, words, _ in (dated or found))


def _resolve(kind: str, match: re.Match, dateline: date, story_day: date | None, future: bool) -> date | None:
    groups = match.groups()
    if kind in ("month_day", "day_month"):
        month_text, day_text = (groups[0], groups[1]) if kind == "month_day" else (groups[1], groups[0])
        year = int(groups[2]) if groups[2] else None
        return _day(year, MONTHS[month_text.lower().rstrip(".")], int(day_text), dateline)
    if kind == "the_nth":
        return _nth(int(groups[0]), dateline)
    if kind == "weekday":
        return weekday_date(groups[0], dateline, future=future)
    if kind == "relative":
        word = groups[0].lower()
        shift = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(word, 0)
        return dateline + timedelta(days=shift)
    if kind == "later":
        count = {"two": 2, "three": 3, "four": 4}.get((groups[0] or "").lower(), 1)
        return (story_day or dateline) + timedelta(days=count)
    if kind == "next":
        return (story_day or dateline) + timedelta(days=1)
    if kind in ("part", "same"):
        return story_day or dateline
    return None


def weekday_date(name: str, dateline: date, *, future: bool = False) -> date:
    """ "on Tuesday" in a story dated ``dateline``: the latest Tuesday on or before it (the
    dateline itself when it is a Tuesday); with ``future``, the first on or after it."""
    wanted = WEEKDAYS.index(name.lower())
    if future:
        return dateline + timedelta(days=(wanted - dateline.weekday()) % 7)
    return dateline - timedelta(days=(dateline.weekday() - wanted) % 7)


def _day(year: int | None, month: int, day: int, dateline: date) -> date | None:
    """A month and day without a year are the dateline's year, or the year before when that
    would put them more than four months after the dateline (a January story on "Dec. 30")."""
    try:
        if year is not None:
            return date(year, month, day)
        found = date(dateline.year, month, day)
    except ValueError:
        return None
    if found - dateline > timedelta(days=120):
        return found.replace(year=dateline.year - 1)
    return found


def _nth(day: int, dateline: date) -> date | None:
    """ "on the 20th": the dateline's month, or the month before when the day has not come yet."""
    try:
        found = dateline.replace(day=day)
    except ValueError:
        return None
    if found - dateline > timedelta(days=3):
        previous = dateline.replace(day=1) - timedelta(days=1)
        try:
            return previous.replace(day=day)
        except ValueError:
            return None
    return found


def _clocks(text: str) -> list[tuple[int, time, str | None, str]]:
    found: list[tuple[int, time, str | None, str]] = []
    taken: list[range] = []
    for kind, pattern in CLOCK_PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() in r or match.end() - 1 in r for r in taken):
                continue
            clock = _clock(kind, match.groups())
            if clock is None:
                continue
            zone_match = ZONE_AFTER.match(text, match.end())
            zone = _zone(zone_match) if zone_match else None
            if kind == "gmt":
                zone = "UTC"
            taken.append(range(match.start(), match.end()))
            found.append((match.start(), clock, zone, match.group().strip()))
    return sorted(found, key=lambda c: c[0])


def _zone(match: re.Match) -> str | None:
    if match.group(1):
        return ZONES.get(match.group(1).lower())
    cities = gazetteer.cities_anywhere(match.group(2))
    return cities[0].get("timezone") if cities else None


def _clock(kind: str, groups: tuple) -> time | None:
    if kind == "word":
        return time(0, 0) if groups[0].lower() == "midnight" else time(12, 0)
    hour, minute = int(groups[0]), int(groups[1] or 0)
    if kind == "ampm":
        if minute > 59 or not 1 <= hour <= 23 or (hour > 12 and groups[2].lower() == "a"):
            return None
        # "17:00 p.m.": a 24-hour clock with a needless p.m. is still five in the afternoon.
        hour = hour if hour > 12 else hour % 12 + (12 if groups[2].lower() == "p" else 0)
    return time(hour, minute)


def with_day(moment: Moment, day: date) -> Moment:
    return replace(moment, day=day)


def moment_for(moments: list[Moment], verbs: list[tuple[int, str]], n: int) -> Moment | None:
    """The sentence's time nearest after this verb, or before the first verb ("At 9:37 p.m. he left")."""
    own = []
    for moment in moments:
        preceding = [i for i, (pos, _) in enumerate(verbs) if pos <= moment.start]
        owner = preceding[-1] if preceding else 0
        if owner == n:
            own.append(moment)
    return best_moment(own)


def best_moment(moments: list[Moment | None]) -> Moment | None:
    """The most precise: a clock time before a day, an exact time before an approximate one."""
    present = [m for m in moments if m is not None and m.day is not None]
    if not present:
        return None
    return min(present, key=lambda m: (m.clock is None, m.approximate))
