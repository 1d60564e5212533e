"""Places named in an article, found in GeoNames and told apart by the article's context.

A capitalised run of words is looked up, longest first, among GeoNames' cities (main and
Latin alternate names); a word that misses after "in", "to" or "from" is matched by spelling
(rapidfuzz) against the cities of the countries the article names. When several cities share
a name, each candidate is scored on Mordecai's signals: its country named in the article, its
distance from the places already settled, and its population. The best is taken only when it
leads the next by a clear margin; otherwise the place is listed with its candidates.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from geo.draft.article import Sentence
from geo.draft.words import (
    CITY_STATES,
    DEMONYMS,
    NAME_HEADS,
    NOT_PLACE_NEXT,
    STOP,
    country_names,
    country_of_words,
    fold,
)
from geo.ref import gazetteer, geodesy

WORD = r"[A-Z][\w'’.]*(?:-[\w'’]+)*"
RUN = re.compile(rf"{WORD}(?:\s+(?:(?:of|de|la|al|am|upon|on)\s+)?{WORD})*")
CUE_BEFORE = re.compile(
    r"\b(in|at|to|from|into|near|via|toward|towards|for|of|left|reached)\s+(?:the\s+)?$", re.I
)
LOCATIVE = re.compile(
    r"\b(?:in|at|to|from|into|near|via|toward|towards|left|leaving|reached|reaching|arriving|arrived|landing|landed|departed|departing|headed|bound|flew|"
    r"visit|visited|visiting|visits|capital|city)\b"
    r"(?:\s+[\w’'-]+){0,3}\s+$",
    re.I,
)
"""Before a capital, words that make it a place: "arrived in", "heading to the capital"."""
PLACE_AFTER = re.compile(r"(?:[’']s)?\s+(?:international\s+)?(?:airport|station|airfield)\b", re.I)
TOPIC = re.compile(
    r"\b(?:situation|war|conflict|crisis|fighting|violence|ceasefire|peace|tensions?|hostilities)\s+(?:in|on|over)\s+"
    r"(?:the\s+)?$",
    re.I,
)
""" "the situation in Gaza", "the war in Ukraine": a subject of the talks, not where they were."""
AIRPORT_WORDS = {"airport", "airfield"}
AIRPORT_BEFORE = re.compile(r"\b(?:airport|airfield|station)\s+$", re.I)
""" "departed the Nnamdi Azikiwe International Airport Abuja": an airport's name then its city."""
"""After a capital's name, words that make it the city ("Moscow's Vnukovo airport" aside)."""
WIRE_DATELINE = re.compile(r"[A-Z][A-Z .'-]+[A-Z](?:,|\s*=|\s*\()")
"""A wire's dateline opening a sentence in capitals: BEIJING, April 12 (Xinhua); [ASTANA=AP/NEWSIS]."""
DATELINE_CITY = re.compile(
    r"\s*(?:([A-Z][A-Z'-]+(?: [A-Z][A-Z'-]+){0,2})(?:,|\s*=|\s*\(|\s+[–—-]\s)"
    r"|([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)\s*(?:\[[^\]]+\]\s*[,:]|:))"
)
DATELINE_SENTENCES = 3
"""A dateline opens one of the first sentences (a headline or a byline may come before it)."""
LONGEST = 4
"""Words in the longest place name looked up ("Komsomolsk on Amur" once split)."""
MARGIN = 1.0
"""How far the best candidate's score must lead the next for the context to settle it."""
BIG_CITY = 100_000
"""A city this big is taken by its own name alone, with no cue or country around it."""
FUZZY_CUTOFF = 88
"""rapidfuzz ratio for a misspelt name ("Przemsl") to count as a city of a country the article names."""


@dataclass
class Place:
    """A place the article names: its words, every sentence naming it, and what GeoNames holds."""

    name: str
    sentences: list[int]
    candidates: list[dict]
    city: dict | None = None
    why: str = ""
    spans: list[tuple[int, int, int]] = field(default_factory=list)
    """(sentence, start, end) of each mention."""
    venue: bool = False
    """A named building GeoNames does not hold, put at the city it is in (``city``)."""


@dataclass
class Found:
    places: list[Place]
    countries: dict[str, int]
    """ISO3 -> the first sentence naming the country (its name or adjective)."""
    here: Place | None = None
    """The city of the wire's dateline ("RIYADH, Dec. 7 (Xinhua) --"), which "arrived here" means."""


def find_places(sentences: list[Sentence], person_words: set[str]) -> Found:
    """Every place the sentences name, resolved where the context allows."""
    countries = _countries(sentences)
    by_name: dict[str, Place] = {}
    airport_heads = []
    for sentence in sentences:
        for start, end, name, cities, head in _mentions(sentence.text, person_words, countries):
            key = fold(name) if cities else name
            if head:
                airport_heads.append((key, sentence.index, start, end))
                continue
            _mention(by_name.setdefault(key, Place(name, [], cities)), sentence.index, start, end)
    # "Ninoy Aquino International Airport": a first word read only inside an airport's longer name
    # is the person it honours, no town, unless the article names that town by itself too.
    for key, index, start, end in airport_heads:
        if key in by_name:
            _mention(by_name[key], index, start, end)
    places = list(by_name.values())
    _merge_same_city(places)
    settle(places, set(countries))
    texts = {s.index: s.text for s in sentences}
    kept = [
        p for p in places if p.candidates and not _government_only(p, texts) and not _topic_only(p, texts)
    ]
    return Found(kept, countries, _dateline_city(sentences, set(countries), kept))


def _mention(place: Place, index: int, start: int, end: int) -> None:
    if index not in place.sentences:
        place.sentences.append(index)
    place.spans.append((index, start, end))


def _dateline_city(sentences: list[Sentence], countries: set[str], kept: list[Place]) -> Place | None:
    """The city a wire story was filed from, opening one of its first sentences in capitals
    ("RIYADH, Dec. 7 (Xinhua) --") or before a colon or a bracketed country ("New Delhi:",
    "Kathmandu [Nepal],"); a place of the story only when a verb of arrival says "here"."""
    for sentence in sentences[:DATELINE_SENTENCES]:
        match = DATELINE_CITY.match(sentence.text)
        name = (match.group(1) or match.group(2)) if match else ""
        if fold(name) in STOP:
            continue
        known = next((p for p in kept if fold(p.name) == fold(name) and p.city), None)
        candidates = gazetteer.cities_anywhere(name)
        if known is not None or not candidates:
            return known
        city, why = choose(candidates, countries, [p.city for p in kept if p.city])
        return Place(name.title(), [sentence.index], candidates, city, why) if city else None
    return None


def _topic_only(place: Place, texts: dict[int, str]) -> bool:
    """A place named only as what was discussed ("the situation in Gaza", "the war in Sudan") is
    no place of the story."""
    return all(TOPIC.search(texts[index][:start]) for index, start, _ in place.spans)


def _government_only(place: Place, texts: dict[int, str]) -> bool:
    """A capital the article names only as its government ("Beijing hailed its partnership with
    Minsk", "Moscow's war"): no mention has a cue of place ("in", "to", "from", "at") before it
    or "airport" after it, so it is no place of the story."""
    if place.city is None or not gazetteer.is_capital(place.city):
        return False
    for index, start, end in place.spans:
        text = texts[index]
        before = text[:start]
        if LOCATIVE.search(before) or AIRPORT_BEFORE.search(before) or PLACE_AFTER.match(text, end):
            return False
    return True


def _countries(sentences: list[Sentence]) -> dict[str, int]:
    found: dict[str, int] = {}
    for sentence in sentences:
        for match in RUN.finditer(sentence.text):
            code = country_of_words(match.group())
            if code:
                found.setdefault(code, sentence.index)
    return found


def _mentions(text: str, person_words: set[str], countries: dict[str, int]):
    """(start, end, name, candidate cities) of each place-like name in one sentence."""
    lowered = text.lower()
    for run in RUN.finditer(text):
        if run.start() <= 2 and WIRE_DATELINE.match(text, run.start()):
            continue  # "BEIJING, April 12 (Xinhua) --": where the wire was filed, not a place of the story
        words = [(m.start() + run.start(), m.group()) for m in re.finditer(r"\S+", run.group())]
        following = re.match(r"\s*(\S+)", text[run.end() :])
        words.append(
            (len(text), following.group(1) if following else "")
        )  # never a name: only read as "after"
        named = _airport_name_length(words)
        i = 0
        while i < len(words) - 1:
            hit = _longest_at(words, i, text, lowered, person_words, countries)
            if hit is None:
                i += 1
                continue
            n, name, cities = hit
            start = words[i][0]
            yield start, start + len(name), name, cities, i == 0 and n < named
            i += n


def _airport_name_length(words: list[tuple[int, str]]) -> int:
    """How many words name the airport a run ends with ("Ninoy Aquino International Airport": 2);
    0 when the run names no airport, or only one word precedes it ("Manila International Airport")."""
    folded = [fold(w.strip(".,;:()")) for _, w in words]
    for k, word in enumerate(folded):
        if word in AIRPORT_WORDS:
            n = k - 1 if k and folded[k - 1] == "international" else k
            return n if n >= 2 else 0
    return 0


def _longest_at(words, i, text, lowered, person_words, countries):
    for n in range(min(LONGEST, len(words) - 1 - i), 0, -1):
        raw = " ".join(w for _, w in words[i : i + n])
        name = raw.strip(".,;:’'\"").removesuffix("’s").removesuffix("'s")
        after = words[i + n][1].lower().strip(".,;:") if i + n < len(words) else ""
        if not name or after in NOT_PLACE_NEXT or _is_word(name, text, lowered, person_words):
            continue
        if n == 1 and fold(name) in NAME_HEADS and i + 1 < len(words) - 1:
            continue  # "San" of "San Mateo County", which GeoNames does not hold whole
        if _country_word(name):
            return None
        cities = gazetteer.cities_anywhere(name)
        if not cities and "-" in name:
            head = name.split("-")[0]
            skip = _is_word(head, text, lowered, person_words) or _country_word(head)
            cities = [] if skip else gazetteer.cities_anywhere(head)
            name = head if cities else name
        cities = [c for c in cities if _plausible(name, c, text[: words[i][0]], countries)]
        cities += _small_towns(name, text[: words[i][0]], countries)
        if cities:
            return n, name, cities
        if n == 1 and CUE_BEFORE.search(text[: words[i][0]]):
            guessed = _by_spelling(name, countries)
            if guessed:
                return n, name, guessed
    return None


def _small_towns(name: str, before: str, countries: dict[str, int]) -> list[dict]:
    """Towns under 15,000 people, only after "in", "at", "island of"... and only in a country the
    article names: "the tiny Italian island of Lampedusa", "Filoli estate in Woodside" (the
    one in California, by its distance from San Francisco, not Woodside in Queens)."""
    if not countries or not CUE_BEFORE.search(before):
        return []
    return [c for c in gazetteer.small_towns(name) if gazetteer.city_iso3(c) in countries]


def _country_word(name: str) -> bool:
    """A country's name or adjective is no city, though GeoNames lists "India" and "Indian" among
    the alternate names of Inđija and Xindian."""
    folded = fold(name)
    return (folded in country_names() and folded not in CITY_STATES) or folded in DEMONYMS


def _plausible(name: str, city: dict, before: str, countries: dict[str, int]) -> bool:
    """A name counts after "in", "to", "from"... or when the article names the city's country;
    otherwise only a big city's own name does: the British politician Dominic Raab is not Győr
    ("Raab" in German), and "Kim" opening a sentence is not the town of Kim in Gujarat."""
    if CUE_BEFORE.search(before) or gazetteer.city_iso3(city) in countries:
        return True
    return fold(name) == fold(city["name"]) and city["population"] >= BIG_CITY


def _is_word(name: str, text: str, lowered: str, person_words: set[str]) -> bool:
    """A capitalised word that is not a place: a stop word, a person's name, a month, or a word
    the same article also writes in lower case (so it is an ordinary word: "March", "Mobile")."""
    folded = fold(name)
    if folded in STOP or any(part in person_words for part in folded.split()):
        return True
    if " " not in folded and re.search(rf"(?<![\w.-]){re.escape(name.lower())}(?![\w-])", text):
        return True
    return len(folded) < 3


def _by_spelling(name: str, countries: dict[str, int]) -> list[dict]:
    if len(name) < 5 or not countries:
        return []
    cities, choices = _spelling_table(tuple(countries))
    best = process.extractOne(fold(name), choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return [cities[best[2]]] if best else []


@lru_cache(maxsize=32)
def _spelling_table(iso3s: tuple[str, ...]) -> tuple[list[dict], dict[int, str]]:
    """The cities of the article's countries and their folded names, built once per set of
    countries (folding them on every look-up took 0.3 s an article)."""
    cities = [c for iso3 in iso3s for c in gazetteer.cities_in(iso3)]
    return cities, {i: fold(c["name"]) for i, c in enumerate(cities)}


def _merge_same_city(places: list[Place]) -> None:
    """ "Kiev" and "Kyiv" are one city: a name whose only candidate another name also has joins it."""
    for place in list(places):
        if len(place.candidates) != 1:
            continue
        for other in places:
            if other is place or not other.candidates:
                continue
            if [c["geonameid"] for c in other.candidates] == [place.candidates[0]["geonameid"]]:
                other.sentences = sorted({*other.sentences, *place.sentences})
                other.spans += place.spans
                place.candidates = []
                break


def settle(places: list[Place], countries: set[str]) -> None:
    """Pick each place's city where the context settles it; twice, so places settled the first
    time can settle their neighbours the second."""
    for _ in range(2):
        anchors = [p.city for p in places if p.city is not None and len(p.candidates) >= 1]
        for place in places:
            if not place.candidates:
                continue
            others = [a for a in anchors if a not in place.candidates]
            place.city, place.why = choose(place.candidates, countries, others)


def choose(candidates: list[dict], countries: set[str], anchors: list[dict]) -> tuple[dict | None, str]:
    """The candidate the context settles, with why; None and the reason when it does not."""
    if len(candidates) == 1:
        return candidates[0], "the only city of that name in GeoNames"
    scored = sorted(((score(c, countries, anchors), c) for c in candidates), key=lambda s: -s[0])
    (best, first), (second, _) = scored[0], scored[1]
    if best - second < MARGIN:
        return None, f"the article does not settle which of {len(candidates)} cities of that name it means"
    reasons = []
    if gazetteer.city_iso3(first) in countries:
        reasons.append("its country is named in the article")
    if anchors and _nearest_km(first, anchors) < 600:
        reasons.append(f"{_nearest_km(first, anchors):,.0f} km from other places the article names")
    reasons.append(f"population {first['population']:,}")
    return first, f"chosen of {len(candidates)} cities of that name: " + "; ".join(reasons)


def score(city: dict, countries: set[str], anchors: list[dict]) -> float:
    """Mordecai's signals, added up: the country named (3), near other places of the article
    (2 within 250 km, 1 within 600 km), a national capital (1), and the log of the population."""
    value = math.log10(max(city["population"], 10))
    if gazetteer.city_iso3(city) in countries:
        value += 3
    if gazetteer.is_capital(city):
        value += 1  # "arrived in Athens" with no country named: Greece's, not Georgia's
    if anchors:
        km = _nearest_km(city, anchors)
        value += 2 if km < 250 else 1 if km < 600 else 0
    return value


def _nearest_km(city: dict, anchors: list[dict]) -> float:
    here = (float(city["longitude"]), float(city["latitude"]))
    return min(geodesy.distance_km(here, (float(a["longitude"]), float(a["latitude"]))) for a in anchors)
