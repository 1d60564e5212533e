"""An article as plain sentences: markup taken out, each sentence kept with its own words.

A pasted article may carry HTML (a page's source), Markdown (a wire copied from a chat) or
control characters; what the draft quotes must be the words a reader saw, never a tag.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

MAX_CHARS = 200_000
"""Longer than any news article (a long read is about 40,000 characters): the rest is not read."""
BLOCKS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]{0,2000}>")
MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MD_MARKS = re.compile(r"(^|\s)[#>]+\s|\*\*|__|`|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", re.MULTILINE)
ABBREVIATIONS = (
    "a.m",
    "p.m",
    "U.S",
    "U.K",
    "U.N",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "St",
    "Gen",
    "Lt",
    "Col",
    "Sen",
    "Rep",
    "Gov",
    "No",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "vs",
    "etc",
    "Jr",
    "Sr",
    "Sta",
    "Sto",
    "Ma",
)
"""Words whose full stop does not end a sentence (a name's "Jr." and "Sr.", and the "Sta." and
"Ma." of Filipino and Spanish names: "Jose Santiago Sta. Romana", "Ma. Cristina Arayata")."""
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-•*]\s)")

TIME_WORD_NEXT = re.compile(
    r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|"
    r"GMT|UTC|[A-Z]{2,4}T\b|Moscow time|local|on\b|\()"
)
"""After "a.m." or "p.m.", words that go on the same sentence ("5 p.m. Tuesday"); any other
capitalised word starts a new one."""


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str


def clean(text: str) -> str:
    """The article's words without HTML, Markdown marks or control characters."""
    text = text[:MAX_CHARS]
    text = BLOCKS.sub(" ", text)
    text = TAG.sub(" ", text)
    text = html.unescape(text)
    text = MD_LINK.sub(r"\1", text)
    text = MD_MARKS.sub(lambda m: m.group(1) or "", text)
    text = "".join(c if c in "\n\t" or unicodedata.category(c) != "Cc" else " " for c in text)
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return re.sub(r"[ \t]+", " ", text).strip()


def sentences(text: str) -> list[Sentence]:
    """The cleaned article cut into sentences, in order."""
    cleaned = clean(text)
    pieces: list[str] = []
    start = 0
    for match in SENTENCE_END.finditer(cleaned):
        before = cleaned[start : match.start()].rstrip("\"'”’)")
        abbreviated = before.endswith(tuple(f"{a}." for a in ABBREVIATIONS)) and "\n" not in match.group()
        clock_ends = before.endswith(("a.m.", "p.m.")) and not TIME_WORD_NEXT.match(cleaned, match.end())
        if abbreviated and not clock_ends:
            continue
        pieces.append(cleaned[start : match.start()])
        start = match.end()
    pieces.append(cleaned[start:])
    found = [" ".join(p.split()).lstrip("-•* ").strip() for p in pieces]
    return [Sentence(i, s) for i, s in enumerate(s for s in found if s)]


def quote(sentence: str, limit: int = 300) -> str:
    """A sentence as the draft quotes it: in quotation marks, cut at a word if very long."""
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + " …"
    return f"“{sentence}”"
