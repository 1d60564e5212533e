"""Key figures an article states with what they measure: "$34.4 million in aid", "97% of its
external trade". A number whose measure the sentence does not say is left out."""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.draft.article import Sentence

SCALE = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
MONEY = re.compile(
    r"(?:US\s?\$|\$|USD\s?)(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion|mn|bn|m)?\b"
    r"|(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion)?\s+(?:US\s)?dollars\b",
    re.I,
)
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|per\s?cent\b)", re.I)
MEASURE_AFTER = re.compile(
    r"^\s*(?:in|of|for|worth of)\s+((?:[\w’'-]+\s*){1,8}?)(?=[,.;:]|\s*\b(?:to|from|by|in|on|at|and|with|since|was|were|is|are|a|this|last|that)\b|$)",
    re.I,
)
MEASURE_BEFORE = re.compile(
    r"((?:[\w’'-]+\s+){1,6}?)(?:was|were|reached|totall?ed|stood at|amounted to|rose to|fell to|of|at|worth|valued at|hit)\s+(?:about|around|nearly|almost|over|more than|some|roughly|a record|)\s*$",
    re.I,
)
LOWER = re.compile(r"\b(more than|over|exceed(?:ed|s)?|above|at least|upwards of)\s*$", re.I)
APPROX = re.compile(r"\b(about|around|nearly|almost|roughly|approximately|some|an estimated)\s*$", re.I)
YEAR = re.compile(r"\b(?:in|for|of)\s+((?:19|20)\d\d)\b")
SKIP_START = ("the ", "a ", "an ", "its ", "their ", "his ", "her ")


@dataclass(frozen=True)
class FoundFigure:
    label: str
    value: float
    unit: str
    status: str
    year: int | None
    words: str


def find_figures(sentences: list[Sentence]) -> list[FoundFigure]:
    """Money and shares the article states, each with its measure in the article's words."""
    found = []
    for sentence in sentences:
        for match in MONEY.finditer(sentence.text):
            number, scale = (
                (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
            )
            value = float(number.replace(",", "")) * SCALE.get((scale or "").lower(), 1)
            figure = _figure(sentence.text, match, value, "USD")
            if figure:
                found.append(figure)
        for match in PERCENT.finditer(sentence.text):
            figure = _figure(sentence.text, match, float(match.group(1)), "%")
            if figure:
                found.append(figure)
    return found


def _figure(text: str, match: re.Match, value: float, unit: str) -> FoundFigure | None:
    label = measure(text[: match.start()], text[match.end() :], share=unit == "%")
    if not label:
        return None
    before = text[: match.start()]
    status = "lower_bound" if LOWER.search(before) else "approximate" if APPROX.search(before) else "exact"
    year = YEAR.search(text)
    return FoundFigure(label, value, unit, status, int(year.group(1)) if year else None, text)


def measure(before: str, after: str, *, share: bool = False) -> str:
    """What a number measures, in the sentence's words: the phrase after "in"/"of" ("$500 million
    in military aid"), or the subject before "was"/"reached" ("trade reached $1.2 billion")."""
    following = MEASURE_AFTER.match(after)
    if following and not re.fullmatch(r"[\d\s]+", following.group(1)):
        if share and after.lstrip().lower().startswith("of"):
            return "Share of " + " ".join(following.group(1).split())
        return _tidy(following.group(1))
    preceding = MEASURE_BEFORE.search(before)
    if preceding:
        return _tidy(preceding.group(1))
    return ""


def _tidy(words: str) -> str:
    words = " ".join(words.split()).strip(" ,.;:")
    for article in SKIP_START:
        if words.lower().startswith(article):
            words = words[len(article) :]
    return words[:1].upper() + words[1:] if len(words) > 2 else ""
