"""People an article names with a title, and the leaders the bundled events already know.

"Russian President Vladimir Putin", "Public Security Minister To Lam", "Dmitry Peskov, the Kremlin
spokesperson," and "Nguyen Phu Trong, General Secretary of the Communist Party" are read as a
name with its title; "President Putin" and "Chairman Kim" are the same people named again. A
name with no title is a person only when a bundled event knows them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from geo.base import settings
from geo.draft.article import Sentence
from geo.draft.lists import listed_people, spouses
from geo.draft.words import (
    HONORIFICS,
    NOT_PLACE_NEXT,
    ORGANISATION,
    STOP,
    TITLE,
    country_names,
    country_of_words,
    fold,
)
from geo.ref import gazetteer

UP = "A-ZÀ-ÖØ-ÞĀ-ž"
LOW = "a-zß-öø-ÿĀ-žșț"
"""Latin letters with their accents: "Erdoğan" and "Orbán" were cut at the first one."""
NAME_WORD = rf"(?:[{UP}][{LOW}’']*[{LOW}]|[{UP}](?:\.|\b))(?:-[A-Za-z{LOW}]+)?"
PARTICLE = r"(?:al-|el-|[Bb]in |[Ii]bn |bint |Al |Abu |van |von |de |da |del |le |)"
"""Words that join the next to make one part of a name: "Mohamed bin Zayed Al Nahyan" is four parts."""
NAME = rf"{NAME_WORD}(?:\s+{PARTICLE}{NAME_WORD}){{0,3}}|{NAME_WORD}\s+al-[A-Z][a-z]+"
TITLE_RUN = re.compile(rf"((?:(?:[A-Z][\w’'.-]*|of|the|and|for)\s+){{0,7}}?(?i:{TITLE.pattern}))\s+({NAME})")
APPOSITION = re.compile(rf"({NAME}),\s+((?:the\s+)?[^,.;]{{0,80}}?(?i:{TITLE.pattern})[^,.;]{{0,60}}?)[,.;]")

SUBJECT_NAME = re.compile(rf"(?<![\w’'-])([{UP}][{LOW}]+(?:\s+[{UP}][{LOW}]+){{1,2}})(?![\w-])")
"""Two or three capitalised words: a name, when the article repeats it and makes it a subject."""
SPEAKER = re.compile(
    rf"(?<![\w’'-])([{UP}][{LOW}]+(?:\s+[{UP}][{LOW}]+){{1,2}})\s+(?:also\s+|too\s+)?"
    r"(?:said|says|told|tweeted|wrote|added|stated|noted|posted|recalled)\b"
)
"""A full name the text quotes ("..., fisherman Giorgio Russo told Reuters"): a person, title to confirm."""
COURTESY = re.compile(rf"\b(?:Mr|Mrs|Ms|Dr)\.?\s+({NAME})")
""""Mr Volodymyr Zelensky": a person by courtesy title, their office to confirm."""
TITLE_OF = re.compile(
    rf"((?i:{TITLE.pattern})\s+of\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){{0,3}}?)\s+({NAME})"
)
""""the President of Ukraine Volodymyr Zelensky": a title naming its country, then the name."""
RELATION = r"(?:counterpart|deputy|wife|husband|aide)"
""""his Indian counterpart, Narendra Modi", "his wife, Rachel Ruto": a person named by their tie
to another, a title only after "his", "the" or a name's possessive (not "Deputy Prime Minister")."""
RANK = (
    r"(?:(?:Major|Lieutenant|Brigadier|Air|Vice|Field|Rear)\s+)?(?:General|Colonel|Admiral|Marshal|Captain)"
)
COMMA_TITLE = re.compile(
    rf"\b((?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[A-Z][\w.]+[’']s)\s+(?:[\w’'.-]+\s+){{0,3}}?"
    rf"(?:(?i:{TITLE.pattern})|{RELATION})),?"
    rf"\s+(?:{RANK}\s+)?({NAME})"
)
""""The President, Major General Muhammadu Buhari (retd.), has arrived" and "his Indian
counterpart, Narendra Modi": a title (or a counterpart, whose country the adjective gives)
between commas before the name, a military rank between them read as neither."""
BUILDING = re.compile(
    r"\s*\b(?:International\s+)?(?:Airport|Airfield|Stadium|University|Mosque|Hospital|Bridge|Street|Road|"
    r"Avenue|Square|Park|Hall|Centre|Center|Foundation|School|College|Institute|Station|Palace|"
    r"Office|Authority|Council|Ministry|Department|Committee|Commission|Agency)\b"
)
""""Prince Mohammed Bin Abdulaziz International Airport", "King Khalid International Airport": a
titled name that names a building, or a body ("Chairman of the Abu Dhabi Executive Office"), is
no person of the story."""


def _names_building(text: str, match: re.Match) -> bool:
    """The name's own words or the word after them name a building."""
    name = match.group(len(match.groups()))
    # From its second letter: "Park Geun-hye" is a name that begins with a building's word.
    return BUILDING.search(name, 1) is not None or BUILDING.match(text, match.end()) is not None


TITLES = re.compile(TITLE.pattern.removesuffix(r"\b") + r"s?\b", re.I)
DEMONYM_NAME = re.compile(rf"\b(?:including|among them|with)\s+the\s+([A-Z][a-z]+)\s+({NAME})")
""""justice ministers ..., including the British Dominic Raab": a name the sentence counts
among people of a title, with their country's adjective."""


@dataclass
class Person:
    name: str
    title: str = ""
    iso3: str | None = None
    sentences: list[int] = field(default_factory=list)
    words: str = ""
    """The article's words the person was read from."""
    known_from: str = ""
    """The bundled event whose people.csv gave the title or country, when the article does not."""

    @property
    def tokens(self) -> set[str]:
        return {fold(t) for t in re.split(r"[\s-]+", self.name) if len(t) > 1}


def find_people(sentences: list[Sentence]) -> list[Person]:
    """Titled names and known leaders, in the order the article first names them."""
    people: dict[str, Person] = {}
    for sentence in sentences:
        for name, title in _titled(sentence.text):
            person = _add(people, name, sentence)
            if title and (not person.title or person.known_from):
                person.title, person.words, person.known_from = title, sentence.text, ""
                person.iso3 = country_of_words(title) or person.iso3
        for known in known_leaders():
            if _names_in(known["name"], sentence.text):
                person = _add(people, known["name"], sentence)
                person.iso3 = person.iso3 or known["iso3"]
                if not person.title:
                    person.title, person.known_from = known["title"], known["event"]
                person.words = person.words or sentence.text
    for name in _repeated_names(sentences, people):
        for sentence in sentences:
            if name in sentence.text:
                person = _add(people, name, sentence)
                person.words = person.words or sentence.text
    merged = _merge_short(list(people.values()))
    for person in merged:
        for sentence in sentences:
            if sentence.index not in person.sentences and _mentions(person, sentence.text):
                person.sentences.append(sentence.index)
        person.sentences.sort()
        person.iso3 = person.iso3 or _country_by_title(person, sentences)
    return merged


def _country_by_title(person: Person, sentences: list[Sentence]) -> str | None:
    """ "Prime Minister Narendra Modi ... the first Indian Prime Minister": the country an
    adjective gives the person's title elsewhere in the sentences naming them."""
    head = person.title.split()[-1] if person.title else ""
    if not head:
        return None
    for sentence in sentences:
        if sentence.index not in person.sentences:
            continue
        for match in re.finditer(rf"((?:[A-Z][\w’'-]*\s+){{1,4}}){re.escape(head)}\b", sentence.text):
            found = country_of_words(match.group(1))
            if found and not _someone_elses(person, sentence.text, match.end()):
                return found
    return None


def _someone_elses(person: Person, text: str, end: int) -> bool:
    """ "Papua New Guinea Prime Minister James Marape touched the feet of Modi": a title followed
    by another name is that person's, not Modi's."""
    following = re.match(r"\s+([A-Z][\w’'-]+)", text[end:])
    return following is not None and fold(following.group(1)) not in person.tokens


def _titled(text: str) -> list[tuple[str, str]]:
    found = []
    for match in TITLE_RUN.finditer(text):
        title, name = match.group(1).strip(), _trim(match.group(len(match.groups())))
        if name and not _names_building(text, match):
            found.append((name, _clean_title(title)))
    for match in COMMA_TITLE.finditer(text):
        name = _trim(match.group(len(match.groups())))
        if name.count(" ") >= 1 and not _names_building(text, match):
            found.append((name, _clean_title(match.group(1))))
    for match in TITLE_OF.finditer(text):
        title, name = _whole_country(match.group(1), match.groups()[-1])
        name = _trim(name)
        if name.count(" ") >= 1 and not _names_building(text, match):
            found.append((name, _clean_title(title)))
    for match in APPOSITION.finditer(text):
        name = _trim(match.group(1))
        if name and " " in name:
            found.append((name, _clean_title(match.group(2))))
    for match in COURTESY.finditer(text):
        name = _trim(match.group(1))
        if name.count(" ") >= 1:
            found.append((name, ""))
    for match in SPEAKER.finditer(text):
        name = match.group(1)
        words = {fold(w) for w in name.split()}
        plain = not words & (STOP | NOT_PLACE_NEXT | ORGANISATION)
        if plain and not country_of_words(name) and not _is_place(name):
            found.append((name, ""))
    for match in DEMONYM_NAME.finditer(text):
        name = _trim(match.group(2))
        title = TITLES.findall(text[: match.start()])
        if name.count(" ") >= 1 and title and country_of_words(match.group(1)):
            found.append((name, f"{match.group(1)} {title[-1].lower().removesuffix('s')}"))
    return _with_lists(text, found)


def _with_lists(text: str, found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A list of officials read item by item wins over a name the other patterns read across its
    items ("P J K Tripathy" out of "Speaker P Dhanapal, ..., DGP J K Tripathy")."""
    listed = listed_people(text)
    tails = {fold(name.split()[-1]) for name, _ in listed}
    kept = [(n, t) for n, t in found if fold(n.split()[-1]) not in tails]
    names = [n for n, _ in kept + listed]
    return kept + listed + spouses(text, names)


def _whole_country(title: str, name: str) -> tuple[str, str]:
    """ "Prime Minister of Papua New Guinea James Marape": the words of a country's name that the
    name's pattern took from the title go back to it (the country is "Papua New Guinea", the
    person James Marape)."""
    country = re.split(r"\bof\s+(?:the\s+)?", title, maxsplit=1)[-1]
    words = name.split()
    for k in (3, 2, 1):
        if len(words) - k >= 2 and fold(" ".join([country, *words[:k]])) in country_names():
            return " ".join([title, *words[:k]]), " ".join(words[k:])
    return title, name


def _repeated_names(sentences: list[Sentence], people: dict[str, Person]) -> list[str]:
    """A name the article gives no title but writes out in full twice or more, as the subject
    of a sentence at least once ("Emmanuel Macron denounced"): a person, title to confirm."""
    counts: dict[str, int] = {}
    subject = set()
    for sentence in sentences:
        for match in SUBJECT_NAME.finditer(sentence.text):
            name = match.group(1)
            words = {fold(w) for w in name.split()}
            if words & (STOP | NOT_PLACE_NEXT) or country_of_words(name) or fold(name) in people:
                continue
            counts[name] = counts.get(name, 0) + 1
            if re.match(r"\s+[a-z]|’s|'s", sentence.text[match.end() :]):
                subject.add(name)
    return [n for n, c in counts.items() if c >= 2 and n in subject and not _is_place(n)]


def _is_place(name: str) -> bool:
    return any(gazetteer.known_name(w) for w in (name, name.split()[-1]))


def _trim(name: str) -> str:
    """A name without trailing words that are not names ("Putin Monday") or a possessive."""
    words = name.replace("’s", "").replace("'s", "").split()
    while words and fold(words[-1]) in STOP | {"jr"}:
        words.pop()
    while words and (fold(words[0]).rstrip(".") in STOP | HONORIFICS or TITLE.fullmatch(words[0])):
        words.pop(0)
    return " ".join(words)


def _clean_title(title: str) -> str:
    words = title.split()
    while words and words[0].lower() in (
        "the",
        "and",
        "of",
        "for",
        "with",
        "by",
        "his",
        "her",
        "their",
        "its",
    ):
        words.pop(0)
    return " ".join(words)


def _add(people: dict[str, Person], name: str, sentence: Sentence) -> Person:
    key = fold(name.replace("-", " "))
    person = people.setdefault(key, Person(name))
    if sentence.index not in person.sentences:
        person.sentences.append(sentence.index)
    return person


def _merge_short(people: list[Person]) -> list[Person]:
    """ "President Putin" is Vladimir Putin: a one-word name that is the first or last word of
    a longer name found joins it (Korean names put the family name first: "Chairman Kim")."""
    full = [p for p in people if " " in p.name]
    kept = []
    for person in people:
        if " " not in person.name:
            owner = next((f for f in full if fold(person.name) in _ends(f)), None)
            if owner is not None:
                owner.sentences = sorted({*owner.sentences, *person.sentences})
                if not owner.title:
                    owner.title, owner.words = person.title, person.words
                owner.iso3 = owner.iso3 or person.iso3
                continue
        kept.append(person)
    return kept


def _ends(person: Person) -> set[str]:
    words = [fold(w) for w in person.name.replace("-", " ").split()]
    return {words[0], words[-1]}


def _names_in(name: str, text: str) -> bool:
    pattern = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", name))
    return re.search(rf"\b{pattern}\b", text, re.I) is not None


def _mentions(person: Person, text: str) -> bool:
    folded = fold(text)
    found = any(re.search(rf"\b{re.escape(w)}\b", folded) for w in _ends(person) if len(w) > 2)
    return found or short_name_at(person, text) is not None


def short_name_at(person: Person, text: str) -> int | None:
    """Where a two-letter family name (Xi, Li, Hu) names the person: written capitalised, as
    a word, since in lower case it is too often another word."""
    hits = [
        m.start()
        for w in person.name.split()[:1]
        if len(w) == 2 and w.istitle()
        for m in [re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
        if m
    ]
    return min(hits) if hits else None


@lru_cache(maxsize=1)
def known_leaders(root: Path | None = None) -> tuple[dict[str, str], ...]:
    """Each person of the bundled events once: name, title, iso3 and the event they are from."""
    root = root or settings.EVENTS_DIR
    seen: dict[str, dict[str, str]] = {}
    for path in sorted(root.glob("*/people.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                name = (row.get("name") or "").strip()
                if name and fold(name) not in seen:
                    seen[fold(name)] = {
                        "name": name,
                        "title": (row.get("title") or "").strip(),
                        "iso3": (row.get("iso3") or "").strip(),
                        "event": path.parent.name,
                    }
    return tuple(seen.values())
