"""How well ``geo draft`` reads news articles it was not written for, beside a simple baseline.

Each article in tests/fixtures/articles/ has its expected places (with coordinates), times and
people written by hand in NAME.expected.toml, from the article's own words. A place is found
when the draft has a located place within 30 km of it; a time when a leg's end at a place
within 30 km has the same instant (or the same day, for a day-only time); a person by name.
The baseline looks every capitalised word up in GeoNames and takes the most populous city,
and takes every run of two or three capitalised words as a person. Articles marked
``set = "held-out..."`` were written and committed before a run and never run while it was tuned;
the newest set (``UNSEEN``) is the one no tuning has looked at. A person may list ``aliases``
(other forms of the same name the article uses: "King Salman bin Abdulaziz Al Saud").

    .venv/bin/python benchmarks/draft_quality.py          # every article
    .venv/bin/python benchmarks/draft_quality.py --dev    # every article but the UNSEEN set
"""

from __future__ import annotations

import csv
import io
import re
import sys
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.draft import draft_event  # noqa: E402
from geo.draft.article import sentences  # noqa: E402
from geo.draft.words import fold  # noqa: E402
from geo.ref import gazetteer, geodesy  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "articles"
WITHIN_KM = 30.0
UNSEEN = "held-out-6"
"""The held-out set written last: run once, after all tuning, for the figure on unseen text."""
QUOTED = re.compile(r"“([^”]+)”")


@dataclass
class Tally:
    """Hits against what was expected (recall) and against what was proposed (precision)."""

    found: int = 0
    expected: int = 0
    right: int = 0
    proposed: int = 0

    def add(self, other: Tally) -> None:
        self.found += other.found
        self.expected += other.expected
        self.right += other.right
        self.proposed += other.proposed

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.proposed if self.proposed else 1.0

    def cell(self) -> str:
        return f"{self.recall:.0%} ({self.found}/{self.expected}) · {self.precision:.0%} ({self.right}/{self.proposed})"


@dataclass
class Score:
    name: str
    set: str
    """``dev`` (tuned on) or ``held-out``, ``held-out-2``... (written before their first run)."""
    places: Tally = field(default_factory=Tally)
    times: Tally = field(default_factory=Tally)
    people: Tally = field(default_factory=Tally)
    legs_quoting: int = 0
    legs: int = 0
    base_places: Tally = field(default_factory=Tally)
    base_people: Tally = field(default_factory=Tally)
    missed_people: list[str] = field(default_factory=list)
    assumed: int = 0
    """Starts the article does not name, written as the traveller's capital (marked to confirm)."""


def fixtures() -> list[str]:
    return sorted(p.name.removesuffix(".expected.toml") for p in FIXTURES.glob("*.expected.toml"))


def _unseen(name: str) -> bool:
    return expected_of(name)[1].get("set", "") == UNSEEN


def expected_of(name: str) -> tuple[str, dict]:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    return text, tomllib.loads((FIXTURES / f"{name}.expected.toml").read_text(encoding="utf-8"))


def score(name: str) -> Score:
    text, want = expected_of(name)
    files = draft_event(text, url=want["url"], dateline=want["dateline"])
    places = {r["id"]: r for r in _rows(files["places.csv"]) if not _open_end(r)}
    located = [(float(r["lon"]), float(r["lat"])) for r in places.values() if r["lat"]]
    result = Score(name, want.get("set", "dev"))
    result.assumed = sum("the capital is assumed" in r["note"] for r in places.values())
    wanted = {p["name"]: (p["lon"], p["lat"]) for p in want.get("place", [])}
    result.places = _match_points(list(wanted.values()), located, unlocated=len(places) - len(located))
    result.base_places = _match_points(list(wanted.values()), baseline_places(text))
    result.times = _match_times(want, wanted, _draft_times(files, places))
    names = [r["name"] for r in _rows(files["people.csv"])]
    people = [[p["name"], *p.get("aliases", [])] for p in want.get("person", [])]
    result.people, result.missed_people = _match_names(people, names)
    result.base_people, _ = _match_names(people, baseline_people(text))
    said = {s.text for s in sentences(text)}
    for leg in _rows(files["legs.csv"]):
        result.legs += 1
        quoted = QUOTED.findall(leg["note"])
        result.legs_quoting += bool(quoted) and all(_in_article(q, said) for q in quoted)
    return result


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _open_end(row: dict[str, str]) -> bool:
    """A leg's end the article does not name ("Destination to confirm"): it claims no place, so
    it counts neither for nor against precision."""
    return row["iso3"] == "XXX" and not row["lat"] and "does not name where this leg" in row["note"]


def _near(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return geodesy.distance_km(a, b) <= WITHIN_KM


def _match_points(wanted, got, unlocated: int = 0) -> Tally:
    found = sum(any(_near(w, g) for g in got) for w in wanted)
    right = sum(any(_near(g, w) for w in wanted) for g in got)
    return Tally(found, len(wanted), right, len(got) + unlocated)


def _draft_times(files: dict[str, str], places: dict[str, dict]) -> list[tuple[tuple[float, float], str]]:
    times = []
    for leg in _rows(files["legs.csv"]):
        for column, end in (("depart", "from"), ("arrive", "to")):
            place = places.get(leg[end])
            if leg[column] and place and place["lat"]:
                times.append(((float(place["lon"]), float(place["lat"])), leg[column]))
    return times


def _same_time(want: str, got: str) -> bool:
    if "T" not in want:
        return got[:10] == want
    return "T" in got and datetime.fromisoformat(got) == datetime.fromisoformat(want)


def _match_times(want: dict, wanted: dict, got) -> Tally:
    expected = [(wanted[t["place"]], str(t["at"])) for t in want.get("time", [])]
    found = sum(any(_near(p, g) and _same_time(at, v) for g, v in got) for p, at in expected)
    right = sum(any(_near(p, g) and _same_time(at, v) for p, at in expected) for g, v in got)
    return Tally(found, len(expected), right, len(got))


def _match_names(wanted: list[list[str]], got: list[str]) -> tuple[Tally, list[str]]:
    """Each wanted person is a name and its aliases; any of them found counts."""

    def key(name: str) -> str:
        return " ".join(fold(name).replace("-", " ").split())

    have = {key(n) for n in got}
    missed = [forms[0] for forms in wanted if not {key(f) for f in forms} & have]
    known = {key(f) for forms in wanted for f in forms}
    right = sum(key(n) in known for n in set(got))
    return Tally(len(wanted) - len(missed), len(wanted), right, len(set(got))), missed


def _in_article(quoted: str, said: set[str]) -> bool:
    piece = quoted.removesuffix(" …")
    return any(piece in s for s in said)


def baseline_places(text: str) -> list[tuple[float, float]]:
    """Every capitalised word looked up in GeoNames: the most populous city of that name."""
    points = []
    for word in sorted(set(re.findall(r"\b[A-Z][a-zà-ÿ]+\b", text))):
        cities = gazetteer.cities_anywhere(word)
        if cities:
            points.append((float(cities[0]["longitude"]), float(cities[0]["latitude"])))
    return points


def baseline_people(text: str) -> list[str]:
    """Every run of two or three capitalised words."""
    return sorted(set(re.findall(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}\b", text)))


def totals(scores: list[Score]) -> dict[str, Tally]:
    summed = {k: Tally() for k in ("places", "times", "people", "base_places", "base_people")}
    for s in scores:
        for key, tally in summed.items():
            tally.add(getattr(s, key))
    return summed


SETS = {
    "held out, first set": "held-out",
    "held out, second set": "held-out-2",
    "held out, third set": "held-out-3",
    "held out, fourth set": "held-out-4",
    "held out, fifth set": "held-out-5",
    "held out, sixth set": "held-out-6",
    "development": "dev",
}


def table(scores: list[Score]) -> str:
    lines = [
        "| articles | places within 30 km: recall · precision | baseline | times | people | baseline | legs quoting the article |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, held in SETS.items():
        chosen = [s for s in scores if s.set == held]
        if not chosen:
            continue
        t = totals(chosen)
        legs = f"{sum(s.legs_quoting for s in chosen)}/{sum(s.legs for s in chosen)}"
        assumed = sum(s.assumed for s in chosen)
        names = ", ".join(s.name for s in chosen)
        lines.append(
            f"| {label}: {names} | {t['places'].cell()}, {assumed} assumed starts | {t['base_places'].cell()} | {t['times'].cell()} "
            f"| {t['people'].cell()} | {t['base_people'].cell()} | {legs} |"
        )
    return "\n".join(lines)


GOALS = (("places found within 30 km", "places", 0.8), ("times found", "times", 0.6))
"""Issue 19's bars on articles the draft has never seen, with "every person named" and "every leg
quoting the article" (goals below), reported beside what the unseen set measures, never asserted."""
FIRST_RUN = {"places": (9, 11), "times": (1, 11), "people": (27, 36), "legs": (8, 8)}
"""(found, expected) in the UNSEEN set's one run, before anyone had read a draft of it (README,
at 04efa61): the figures for unseen text. Fixes made since have seen the set, so a bar is judged
met or not on these, and today's figures are shown beside them."""


def goals(unseen: list[Score]) -> list[tuple[str, str, str, str, bool]]:
    """Each of the issue's bars: (what, first run, now, goal, met on the first run)."""
    found = totals(unseen)
    legs, quoting = sum(s.legs for s in unseen), sum(s.legs_quoting for s in unseen)
    now = {key: (found[key].found, found[key].expected) for key in ("places", "times", "people")}
    now["legs"] = (quoting, legs)
    rows = []
    for what, key, bar in GOALS:
        (hit, of), (hit_now, of_now) = FIRST_RUN[key], now[key]
        rows.append(
            (
                what,
                f"{hit / of:.0%} ({hit}/{of})",
                f"{hit_now / of_now:.0%} ({hit_now}/{of_now})",
                f"≥ {bar:.0%}",
                hit / of >= bar,
            )
        )
    for what, key in (("people named", "people"), ("legs quoting the article", "legs")):
        (hit, of), (hit_now, of_now) = FIRST_RUN[key], now[key]
        rows.append((what, f"{hit}/{of}", f"{hit_now}/{of_now}", "every one", hit == of))
    return rows


def goals_table(unseen: list[Score]) -> str:
    lines = [
        "| Bar | First run (unseen) | Now (seen since) | Goal | Met on unseen text |",
        "|---|---:|---:|---|---|",
    ]
    lines += [
        f"| {what} | {first} | {now} | {bar} | {'yes' if met else '**no**'} |"
        for what, first, now, bar, met in goals(unseen)
    ]
    return "\n".join(lines)


def main(*, dev_only: bool = False) -> None:
    """The table; with ``--dev`` every article but the UNSEEN set (what tuning may look at)."""
    scores = [score(name) for name in fixtures() if not (dev_only and _unseen(name))]
    for s in scores:
        missed = f"; people missed: {', '.join(s.missed_people)}" if s.missed_people else ""
        print(
            f"{s.name} ({s.set}): places {s.places.cell()}; times {s.times.cell()}; "
            f"people {s.people.cell()}; legs quoting {s.legs_quoting}/{s.legs}{missed}"
        )
    print()
    print(table(scores))
    if not dev_only:
        print()
        print(goals_table([s for s in scores if s.set == UNSEEN]))


if __name__ == "__main__":
    main(dev_only="--dev" in sys.argv[1:])
