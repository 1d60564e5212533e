"""The words the draft reads by: countries and their adjectives, titles, travel and mode words.

Data, not logic: each table is what news English uses, and every entry can be checked by eye.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


DEMONYMS = {
    "russian": "RUS",
    "soviet": "RUS",
    "kremlin": "RUS",
    "chinese": "CHN",
    "north korean": "PRK",
    "south korean": "KOR",
    "korean": "KOR",
    "japanese": "JPN",
    "vietnamese": "VNM",
    "mongolian": "MNG",
    "ukrainian": "UKR",
    "polish": "POL",
    "german": "DEU",
    "french": "FRA",
    "british": "GBR",
    "american": "USA",
    "u.s.": "USA",
    "white house": "USA",
    "indian": "IND",
    "pakistani": "PAK",
    "iranian": "IRN",
    "turkish": "TUR",
    "belarusian": "BLR",
    "kazakh": "KAZ",
    "uzbek": "UZB",
    "laotian": "LAO",
    "cambodian": "KHM",
    "thai": "THA",
    "malaysian": "MYS",
    "indonesian": "IDN",
    "singaporean": "SGP",
    "filipino": "PHL",
    "myanmar": "MMR",
    "cuban": "CUB",
    "serbian": "SRB",
    "hungarian": "HUN",
    "italian": "ITA",
    "spanish": "ESP",
    "canadian": "CAN",
    "brazilian": "BRA",
    "south african": "ZAF",
    "egyptian": "EGY",
    "saudi": "SAU",
    "emirati": "ARE",
    "israeli": "ISR",
    "syrian": "SYR",
    "sudanese": "SDN",
    "venezuelan": "VEN",
    "azerbaijani": "AZE",
    "armenian": "ARM",
    "georgian": "GEO",
    "tajik": "TJK",
    "kyrgyz": "KGZ",
    "turkmen": "TKM",
    "nepalese": "NPL",
    "australian": "AUS",
}
"""Adjectives (and seats of government) that name a country: "Russian President", "Kremlin spokesperson"."""
COUNTRY_NAMES = {
    "russia": "RUS",
    "north korea": "PRK",
    "dprk": "PRK",
    "south korea": "KOR",
    "vietnam": "VNM",
    "iran": "IRN",
    "syria": "SYR",
    "laos": "LAO",
    "taiwan": "TWN",
    "britain": "GBR",
    "great britain": "GBR",
    "uk": "GBR",
    "united states": "USA",
    "america": "USA",
    "u.s.": "USA",
    "turkey": "TUR",
    "czech republic": "CZE",
    "moldova": "MDA",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "tanzania": "TZA",
    "the netherlands": "NLD",
    "russian federation": "RUS",
}
"""Everyday country names pycountry's names miss."""
CITY_STATES = frozenset({"singapore", "hong kong", "macau", "monaco", "vatican city"})
"""Names of a country that are also its one city: a place, not only a country."""
TITLE_WORDS = (
    "president",
    "prime minister",
    "premier",
    "chancellor",
    "chairman",
    "chairwoman",
    "general secretary",
    "secretary-general",
    "secretary general",
    "secretary of state",
    "king",
    "queen",
    "emperor",
    "crown prince",
    "emir",
    "sultan",
    "ambassador",
    "minister",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "leader",
    "governor",
    "mayor",
    "senator",
    "envoy",
    "adviser",
    "advisor",
    "pm",
    "pope",
    "sheikh",
    "sheikha",
    "prince",
    "princess",
    "speaker",
    "first lady",
    "archbishop",
    "cardinal",
    "ayatollah",
    "commissioner",
)
"""Words that make the name after them (or before a comma and them) a person with a title."""
TITLE = re.compile(r"\b(" + "|".join(re.escape(t) for t in TITLE_WORDS) + r")\b", re.I)
MODES = (
    ("train", re.compile(r"\b(train|rail|railway|railroad|by rail|rail force one|carriage)\b", re.I)),
    (
        "air",
        re.compile(
            r"\b(flew|fly|flight|plane|aircraft|jet|airliner|air force one|landed|touched down|took off|airport|airfield|il-96)\b",
            re.I,
        ),
    ),
    ("road", re.compile(r"\b(motorcade|drove|drive|car|convoy|limousine|by road|bus)\b", re.I)),
)
"""The mode of a leg, from the words of the sentences that report it; the first kind found wins."""
STOP = _set(
    """the a an he she it they his her its this that these those there their
    president minister premier chairman leader king queen prince secretary general ambassador
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    north south east west northern southern eastern western central new old great upper lower
    airport station palace square hall house street avenue bridge river lake sea ocean island
    international national state federal republic people party communist union council committee
    court statute agreement treaty forum summit news times post daily agency press tv radio
    force one rail air army navy guard honor honour ceremony city capital region province
    reuters tass ria novosti xinhua kcna yonhap bloomberg ap afp cnn bbc sky
    prime first last next during after before when while according however also despite
    chairman's president's"""
)
"""Capitalised words that are not places, however many towns are called "Central" or "March"."""
NOT_PLACE_NEXT = _set(
    """statute court news times post daily agreement treaty declaration club university group
    company corporation bank airlines herald tribune journal gazette process format cooperation
    olympics protocol accord communique convention institute province region oblast prefecture
    governorate county district road street avenue highway boulevard lane estate house hall bhavan
    hotel stadium"""
)
"""A word after a city's name that makes the two a name of something else: the Rome Statute, or a
venue named after a city it is not in (Hyderabad House is in New Delhi)."""
HONORIFICS = _set(
    """malam mallam alhaji alhaja hajiya chief sir dame hon honourable honorable engr prof professor
    dr mr mrs ms shri sri smt his her excellency highness"""
)
"""Courtesies before a name that are no part of it ("Malam Garba Shehu" is Garba Shehu)."""
NAME_HEADS = _set("""san santa santo sao st saint fort port mount lake los las el la le new""")
"""Words that open a longer place's name: "San" before "Mateo" is no town of its own (San, Mali)."""
ORGANISATION = _set(
    """ministry office government embassy department service television media agency council
    committee parliament assembly court party union news radio tv press daily times post army"""
)
"""Words that make a capitalised run an institution, not a person, when it "said" something."""


def fold(text: str) -> str:
    """Lowercase without accents, as names are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Folded country name -> ISO3: pycountry's names and our everyday ones."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            name = getattr(country, attr, None)
            if name and "," not in name:
                names[fold(name)] = country.alpha_3
    names.update(COUNTRY_NAMES)
    return names


def country_of_words(words: str) -> str | None:
    """The country an adjective or name in ``words`` means ("North Korean" -> PRK), the longest first."""
    folded = fold(words)
    for table in (DEMONYMS, country_names()):
        for name in sorted(table, key=len, reverse=True):
            if re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", folded):
                return table[name]
    return None
