"""Who travels: the person the article makes the subject of its verbs of travel.

Counting every sentence that names a person took the host for the traveller whenever the host
was named more ("Serbian President Aleksandar Vucic welcomed visiting Chinese President Xi
Jinping", then "The Chinese leader arrived in Belgrade"). News names its traveller as the
subject of "arrived", "landed", "left", often by office and country alone ("the Chinese
leader", "the Russian president"), and calls them "visiting".
"""

from __future__ import annotations

import re
from functools import lru_cache

from geo.draft.article import Sentence
from geo.draft.people import Person, short_name_at
from geo.draft.verbs import ARRIVE, DEPART, GO
from geo.draft.words import DEMONYMS, fold

OFFICE = r"(?:leader|president|premier|prime minister|chancellor|king|queen|emir|crown prince|head of state|pontiff|pope)"
"""The offices news names a traveller by instead of their name: "the Chinese leader"."""


def choose_traveller(people: list[Person], found: list[Sentence]) -> Person | None:
    """The person most often the subject of a verb of travel, then called "visiting", then named
    in most sentences that report travel, then in most sentences; the first named breaks a tie."""
    travel = {s.index for s in found if ARRIVE.search(s.text) or DEPART.search(s.text) or GO.search(s.text)}
    subjects = _subjects(people, found)
    visiting = {id(p) for p in people for s in found if _visiting(p, s.text)}

    def rank(p: Person) -> tuple[int, int, int, int]:
        return (
            -subjects.get(id(p), 0),
            -(id(p) in visiting),
            -len(set(p.sentences) & travel),
            -len(p.sentences),
        )

    return min(people, key=rank) if people else None


def _subjects(people: list[Person], found: list[Sentence]) -> dict[int, int]:
    """How many verbs of travel each person is the subject of: the first person the sentence
    names before the verb ("The plane carrying the Chinese leader touched down")."""
    counts: dict[int, int] = {}
    for sentence in found:
        for pattern in (ARRIVE, DEPART, GO):
            for verb in pattern.finditer(sentence.text):
                before = sentence.text[: verb.start()]
                named = [(m, p) for p in people if (m := _first_mention(p, before)) is not None]
                if named:
                    person = min(named, key=lambda n: n[0])[1]
                    counts[id(person)] = counts.get(id(person), 0) + 1
    return counts


def _first_mention(person: Person, text: str) -> int | None:
    """Where ``text`` first names the person: by a word of their name, or by office and their
    country's adjective ("the Chinese leader")."""
    folded = fold(text)
    words = [w for w in person.tokens if len(w) > 2]
    patterns = [rf"\b{re.escape(w)}\b" for w in words]
    adjectives = _adjectives().get(person.iso3 or "", ())
    if adjectives:
        patterns.append(rf"\bthe\s+(?:{'|'.join(map(re.escape, adjectives))})\s+{OFFICE}\b")
    hits = [m.start() for p in patterns if (m := re.search(p, folded))]
    short = short_name_at(person, text)
    hits += [short] if short is not None else []
    return min(hits) if hits else None


def _visiting(person: Person, text: str) -> bool:
    """ "welcomed visiting Chinese President Xi Jinping": the article calls them its visitor."""
    name = re.escape(person.name)
    return re.search(rf"\bvisiting\s+(?:[A-Z][\w’'.-]*\s+){{0,4}}{name}\b", text) is not None


@lru_cache(maxsize=1)
def _adjectives() -> dict[str, tuple[str, ...]]:
    """ISO3 -> the adjectives that name the country ("chinese" for CHN)."""
    found: dict[str, list[str]] = {}
    for word, iso3 in DEMONYMS.items():
        found.setdefault(iso3, []).append(word)
    return {iso3: tuple(words) for iso3, words in found.items()}
