"""Verbs of travel a sentence gives its traveller, without plans, history or other people's (geo.draft.legs)."""

from __future__ import annotations

import re

from geo.draft.when import FUTURE

ARRIVE = re.compile(
    r"\b(arrived|arrives|arriving|landed|lands|touched down|reached|pulled in|got off|stepped off|"
    r"(?<!expected )arrival|first destination was|first stop was|"
    r"(?<!last )(?<!previously )(?<!has )(?<!had )(?<!have )(?<!never )visited|"
    r"landing|stopover|stopped (?:over )?in|made a stop|set foot (?:in|on)|crossed (?:the border )?into|"
    r"(?:made|paid|began|started) (?:a|an|his|her|their) (?:[\w-]+ ){0,2}visit to|"
    r"(?:was|were|being) (?:greeted|welcomed|received)\b(?=[^.]{0,40}\bairport\b))\b",
    re.I,
)
DEPART = re.compile(
    r"\b(left|leaves|departed|departs|took off|set off|set out|took the train|headed|boarded|boarding|"
    r"(?<=will )leave|(?<=will )depart)\b",
    re.I,
)
GO = re.compile(r"\b(flew|travell?ed|travell?ing|journey|went|drove|moved)\b", re.I)
PLAN = re.compile(
    r"\b(to|will|would|expected|scheduled|supposed|planned|due|set to|plans)\s+(?:\w+\s+)?$", re.I
)
HISTORY = re.compile(r"[^.;,]{0,60}?\bin\s+((?:19|20)\d\d)\b")
SCHEDULED = re.compile(r"\b(?:will|is (?:due|scheduled|set) to)\s+$", re.I)


def travel_verbs(text: str, traveller_words: set[str], others: set[str], year: int) -> list[tuple[int, str]]:
    """(position, kind) of each travel verb whose subject may be the traveller: not a plan
    ("expected to arrive"), not another person's ("Chairman Kim had arrived")."""
    found = []
    for pattern, kind in ((ARRIVE, "arrive"), (DEPART, "depart"), (GO, "go")):
        for match in pattern.finditer(text):
            before = text[: match.start()]
            planned = PLAN.search(before) or FUTURE.search(before[-40:])
            if (planned and not _scheduled_departure(kind, before)) or _history(text, match.end(), year):
                continue
            clause = re.split(r"[,;]|\band\b", before)[-1].lower()
            if any(w in clause for w in others) and not any(w in clause for w in traveller_words):
                continue
            found.append((match.start(), kind))
    return sorted(found)


def _scheduled_departure(kind: str, before: str) -> bool:
    """ "Xi will leave Manila on Wednesday afternoon": the close of a visit is told as its schedule,
    and a visit's schedule is kept (an arrival "will" make is still only a plan)."""
    return kind == "depart" and SCHEDULED.search(before) is not None


def _history(text: str, end: int, year: int) -> bool:
    """ "Xi visited Paris in 2019": a verb of travel its own clause puts in a year before the story's."""
    match = HISTORY.match(text, end)
    return match is not None and int(match.group(1)) < year
