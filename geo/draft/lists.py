"""People a sentence lists with their offices, and a spouse named by first name (geo.draft.people).

"was welcomed by Finance Secretary Carlos Dominguez III, Philippine Ambassador to China Jose
Santiago Sta. Romana and ... General Manager Ed Monreal": news lists the officials who met or saw
off a visitor as office-then-name items between commas, each name whole (suffixes, initials, a
one-word name) only when read from the end of its item back to its office.
"""

from __future__ import annotations

import re

from geo.draft.words import TITLE, country_of_words, fold

LIST_OPENER = re.compile(
    r"\b(?:welcomed|received|greeted|seen off|met|accompanied|welcoming party|delegation)\b"
    r"[^.;:]{0,40}?\b(?:by|of|included|includes)\s+(?:among others,?\s+(?:by\s+)?)?",
    re.I,
)
ITEM_SPLIT = re.compile(r",\s*|\s+and\s+|;\s*")
OFFICE_WORDS = {
    "secretary",
    "manager",
    "director",
    "officer",
    "chief",
    "head",
    "commander",
    "consul",
    "general",
    "deputy",
    "chairperson",
    "counsellor",
    "counselor",
    "attache",
    "registrar",
    "superintendent",
}
"""Office words not in TITLE_WORDS because alone, before a name, they are too common to make a
person ("General Motors"): inside a list of officials they end the office."""
SUFFIX = re.compile(r"^(?:I{2,3}|IV|Jr\.?|Sr\.?)$")
NAME_TOKEN = re.compile(r"^(?:[A-Z][a-zß-ÿ’'-]+|[A-Z]\.?|[A-Z][a-z]{1,3}\.)$")
""" "Carlos", "J" or "J." (an initial), "Sta." (a particle written short), "Geun-hye"."""
PARTICLES = {"bin", "ibn", "bint", "van", "von", "de", "da", "del", "le", "al"}
ACRONYM = re.compile(r"^[A-Z]{2,5}$")
""" "DGP J K Tripathy": an office written as its initials."""
SPOUSE = re.compile(r"\b(?:his|her)\s+(wife|husband),?\s+([A-Z][a-z]+)\b(?![\s-]+[A-Z])")


def listed_people(text: str) -> list[tuple[str, str]]:
    """(name, office) of each official in a list after "welcomed by", "seen off ... by" etc."""
    found = []
    for opener in LIST_OPENER.finditer(text):
        rest = text[opener.end() :]
        # "Sta." and initials carry dots: the list ends at a dot closing a word of 4+ letters.
        tail = re.search(r"[a-z]{4,}\.(?=\s|$)", rest)
        for item in ITEM_SPLIT.split(rest[: tail.end() - 1] if tail else rest):
            person = _office_and_name(item.strip())
            if person is not None:
                found.append(person)
    return found


def _office_and_name(item: str) -> tuple[str, str] | None:
    """Read from the item's end back to its office: the name is the capitalised words after it."""
    tokens = item.rstrip(".").split()
    k = len(tokens)
    while k > 0 and (_name_token(tokens[k - 1]) or _particle(tokens, k - 1)):
        k -= 1
    name_tokens = tokens[k:]
    while name_tokens and SUFFIX.match(name_tokens[0]):
        name_tokens.pop(0)
    # The name follows its office, or the country an office is "to" ("Ambassador to China Jose ...").
    just_before = tokens[k - 1] if k else ""
    if not name_tokens or not (_office(just_before) or country_of_words(just_before)):
        return None
    if fold(just_before) in {"to", "of", "the"}:
        return None
    return " ".join(name_tokens), " ".join(tokens[:k])


def _particle(tokens: list[str], i: int) -> bool:
    """ "Faisal bin Bandar Al Saud": a particle between two words of the name is part of it."""
    return tokens[i] in PARTICLES and i > 0 and _name_token(tokens[i - 1])


def _name_token(token: str) -> bool:
    if SUFFIX.match(token):
        return True
    word = token.rstrip(",")
    return bool(NAME_TOKEN.match(word)) and not _office(word) and not country_of_words(word)


def _office(token: str) -> bool:
    word = fold(token.strip(",."))
    return (
        word in OFFICE_WORDS
        or TITLE.fullmatch(word) is not None
        or ACRONYM.match(token) is not None
        or (token[:1].islower() and ("-" in token or TITLE.search(token) is not None))
        or word in {"to", "of", "the"}
    )


def spouses(text: str, names: list[str]) -> list[tuple[str, str]]:
    """ "Barack Obama, accompanied by his wife Michelle": a spouse named by first name takes the
    family name of the person the sentence named last before them."""
    found = []
    for match in SPOUSE.finditer(text):
        before = text[: match.start()]
        named = [n for n in names if " " in n and n in before]
        if named:
            owner = max(named, key=before.rfind)
            found.append((f"{match.group(2)} {owner.split()[-1]}", match.group(1)))
    return found
