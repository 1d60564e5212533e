"""The traveller's legs, in the order the article tells them, with the times it gives.

A sentence reports an arrival ("arrived in", "landed at", "upon arrival in") or a departure
("left", "departed", "took off from"), and the place after the verb is where; "from X" and
"to Y" name the other end. A departure waits for the next arrival to make a leg; an arrival
with no departure before it starts from the place the story was at. Each end keeps the time
its own sentence gives, and no other: a leg the text gives no time for has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, time

from geo.draft.article import Sentence
from geo.draft.places import Place
from geo.draft.verbs import travel_verbs
from geo.draft.when import FUTURE, Moment, best_moment, find_moments, moment_for, with_day
from geo.draft.words import country_of_words
from geo.ref import geodesy
from geo.ref.gazetteer import city_iso3

KIND_OF = r"(?:the\s+|downtown\s+)?(?:(?:[\w-]+\s+)?(?:city|town|port|island|village|capital)\s+of\s+)?"
""" "from the city of Tarbes", "to the tiny island of Lampedusa": the kind of place before its name."""
FROM = re.compile(rf"\b(?:from|out\s+of)\s+{KIND_OF}$", re.I)
TOWARD = re.compile(rf"\b(to|for|toward|towards|bound for|into)\s+{KIND_OF}$", re.I)
EARLIER = re.compile(r"\s*(?:earlier|before that|prior to that)\b", re.I)
""" "Earlier in the day, Putin visited the United Arab Emirates": a stop told after the one it preceded."""
HERE = re.compile(r"\w+(?:\s+\w+)?\s+here\b", re.I)
""" "arrived here", "touched down here": the city of the wire's dateline."""
AT_AIRPORT = re.compile(
    r"\w+(?:\s+\w+)?\s+(?:at|in)\s+(?:the\s+)?(?:[A-Z][\w.'-]*\s+){1,5}(?:Airport|Airfield)\b"
)
""" "arrived at the Ninoy Aquino International Airport": no town named, so the dateline's city."""
THE_AIRPORT = re.compile(r"\w+(?:\s+\w+)?\s+at\s+the\s+airport\b")
CITY_AIRPORT = re.compile(r"\s+(?:International\s+)?Airport\b")
""" "left for Chennai Airport" ... "Xi arrived at the airport yesterday": the airport the story named."""
SAME_STOP_KM = 50
"""An arrival this close to the last one is the same arrival (an airport and its city)."""
STORY_MOVES = re.compile(r"\b(announced|expected|scheduled|planned|will|is due)\b", re.I)
VENUE = re.compile(
    r"\b(?:to|at|into|for)\s+(?:the\s+)?((?:[A-Z][\w’'-]*\s+){1,4}(?:Palace|Hall|House|Residence|Guesthouse|"
    r"Guest House|Kremlin|Hotel|Stadium|Square|Cathedral|Monastery|Memorial|Museum|Centre|Center|Estate|"
    r"Mausoleum|Parliament|University|Complex))\b"
)
"""A named building the traveller goes to ("moved to the Mariinsky Palace"): GeoNames holds
cities, not venues, so it is put at the city the story is in, marked approximate."""


@dataclass
class Report:
    """One arrival or departure a sentence reports."""

    kind: str
    sentence: int
    words: str
    told_again: list[str] = field(default_factory=list)
    """Later sentences reporting the same departure, quoted beside the first."""
    place: Place | None = None
    country: str | None = None
    moment: Moment | None = None
    other: Place | None = None
    """The leg's other end when the sentence names it: "from X" for an arrival, "to Y" for a departure."""
    other_country: str | None = None
    venue: str | None = None
    """A named building the sentence goes to, when it names no city."""
    moves: bool = False
    """Told with a verb of motion ("moved to", "flew to"): a clock time is when it set off."""
    inside: list[Place] = field(default_factory=list)
    """For an arrival in a country with no place named: the article's places in that country."""


@dataclass
class DraftLeg:
    start: Place | None
    end: Place | None
    """None when the article does not say where the leg ends (a departure no arrival follows)."""
    depart: Moment | None = None
    arrive: Moment | None = None
    words: list[str] = field(default_factory=list)
    start_country: str | None = None
    """The country named as the start ("from Poland") when no place is."""
    presence: bool = False
    """The arrival time is when the text puts the traveller at the place, not their arrival."""


def read_reports(
    sentences: list[Sentence],
    places: list[Place],
    traveller_words: set[str],
    others: set[str],
    dateline: date,
    dateline_city: Place | None = None,
) -> list[Report]:
    """Every arrival and departure of the traveller, in story order, with its time."""
    reports: list[Report] = []
    story_day: date | None = None
    last_clock: time | None = None
    told_day = -1
    airport: Place | None = None
    for sentence in sentences:
        moments = find_moments(sentence.text, dateline, story_day, last_clock)
        found = travel_verbs(sentence.text, traveller_words, others, dateline.year)
        if moments and not STORY_MOVES.search(sentence.text):
            # A sentence that reports no travel and gives no clock only moves the story's day on:
            # "calling on China on Thursday" after "on April 7" looks back, and "in the early
            # afternoon" after it is still the 7th.
            day = moments[-1].day
            travels = bool(found) or any(m.clock for m in moments)
            story_day = day if travels or not story_day or not day else max(day, story_day)
            # A line opening with its date ("11th April 2023 By ...") is the page's, not the story's.
            told_day = sentence.index if day and moments[0].start > 0 else told_day
            last_clock = moments[-1].clock if moments[-1].clock else (None if moments[-1].day else last_clock)
        here = sorted(
            (
                (start, end, p)
                for p in places
                for (i, start, end) in p.spans
                if i == sentence.index and p.city and not _aside(sentence.text, start, end)
            ),
            key=lambda s: s[0],
        )
        airport = next((p for _, end, p in here if CITY_AIRPORT.match(sentence.text, end)), airport)
        for n, (position, kind) in enumerate(found):
            limit = found[n + 1][0] if n + 1 < len(found) else len(sentence.text)
            report = _report(sentence, kind, position, limit, here)
            report.moment = moment_for(moments, found, n)
            if report.moment is None and not moments and told_day == sentence.index - 1 and story_day:
                # "This morning, the leaders met ... After lunch, he left for Chennai Airport": a
                # leg told with no time takes the day the sentence before it told, as approximate.
                report.moment = Moment(position, "", story_day, approximate=True)
            if report.place is None and kind == "arrive" and _here_or_airport(sentence.text, position):
                report.place = dateline_city  # "RIYADH, Dec. 7 (Xinhua) -- Xi Jinping arrived here"
            if report.place is None and kind == "arrive" and THE_AIRPORT.match(sentence.text, position):
                report.place = airport or dateline_city
            if report.place is None and report.country:
                report.inside = [p for p in places if p.city and city_iso3(p.city) == report.country]
            reports.append(report)
        if not found and here and _names_traveller(sentence.text, traveller_words):
            clocked = [m for m in moments if m.clock is not None]
            if clocked and not FUTURE.search(sentence.text):
                reports.append(
                    Report("present", sentence.index, sentence.text, place=here[0][2], moment=clocked[0])
                )
    return reports


def _here_or_airport(text: str, position: int) -> bool:
    return bool(HERE.match(text, position) or AT_AIRPORT.match(text, position))


def _names_traveller(text: str, traveller_words: set[str]) -> bool:
    """ "TASS reported that Putin met with Kim at Pyongyang airport around 3 a.m.": the sentence
    names the traveller (a pronoun is not enough without a verb of travel)."""
    folded = text.casefold()
    return any(re.search(rf"\b{re.escape(w)}\b", folded) for w in traveller_words if len(w) > 3)


def _aside(text: str, start: int, end: int) -> bool:
    """A place named in parentheses or as a clock ("(19:29 Kyiv time)") is not where anyone went."""
    return text[:start].count("(") > text[:start].count(")") or text[end:].lstrip().lower().startswith("time")


def _report(sentence: Sentence, kind: str, position: int, limit: int, here) -> Report:
    text = sentence.text
    report = Report("arrive" if kind == "arrive" else "depart", sentence.index, text)
    for start, _end, place in here:
        if start < position - 60 or start > limit:
            continue
        before = text[max(0, start - 30) : start]
        if FROM.search(before):
            if kind == "arrive" or report.place is not None:
                report.other = report.other or place
            else:
                report.place = place
        elif TOWARD.search(before) and kind != "arrive":
            report.other = report.other or place
        elif start > position and report.place is None:
            report.place = place
    tail = text[position:limit]
    report.moves = kind == "go"
    venue = VENUE.search(tail)
    if report.place is None and report.other is None and venue and kind in ("go", "arrive"):
        report.venue, report.kind = " ".join(venue.group(1).split()), "arrive"
    if report.place is None:
        country = re.search(r"\b(?:in|to|at|into|visited)\s+(?:the\s+)?([A-Z][\w ]{2,30})", tail)
        report.country = country_of_words(country.group(1)) if country else None
    origin = re.search(r"\bfrom\s+(?:the\s+)?([A-Z][\w ]{2,30})", text)
    if kind == "go" and report.place is None and report.other is not None:
        report.place, report.other = report.other, None  # "Modi's journey to Kyiv": where he went
        report.kind = "arrive"
    if origin and report.other is None and report.kind == "arrive":
        report.other_country = country_of_words(origin.group(1))
    return report


@dataclass
class _Story:
    """Where the story is while its reports are read in order."""

    legs: list[DraftLeg] = field(default_factory=list)
    pending: Report | None = None
    """A departure waiting for its arrival."""
    at: Place | None = None
    countries: dict[str, Report] = field(default_factory=dict)
    """Arrivals in a country with no place named ("arrived in China on Sunday"), the first by ISO3."""
    last_country: Report | None = None
    lead: Report | None = None
    """A departure told first, before the story is anywhere ("wrapped up ... and departed for home
    on Friday"): a news lead tells the end of the trip, then goes back to its start."""


def build_legs(reports: list[Report]) -> list[DraftLeg]:
    """Arrivals and departures joined into legs, in story order. A departure no arrival follows
    ends the story with a leg whose end is to confirm, when the text gives its time."""
    story = _Story()
    for report in reports:
        {"depart": _depart, "present": _present}.get(report.kind, _arrive)(story, report)
    _countries_only(story)
    if story.lead is not None and story.pending is None and story.at is not None:
        story.pending = replace(story.lead, place=story.at)
    left = story.pending
    if left is not None and left.place is not None and left.moment is not None:
        story.legs.append(DraftLeg(left.place, None, left.moment, None, [left.words, *left.told_again]))
    return story.legs


def _depart(story: _Story, report: Report) -> None:
    if report.place is None:
        # "Putin's plane took off at 11 p.m.": from where the story is, when it says when or where to.
        told = story.legs or story.pending or story.lead
        if story.at is None and not told and report.moment is not None:
            story.lead = report  # it leaves from wherever the story arrives later
        if story.at is None or (report.moment is None and report.other is None):
            return
        report.place = story.at
    pending = story.pending
    if pending is not None and pending.place is report.place:
        pending.moment = best_moment([pending.moment, report.moment])
        pending.told_again.append(report.words)
    else:
        story.pending = report
    if report.other is not None and report.other is not report.place:
        story.legs.append(DraftLeg(report.place, report.other, report.moment, None, [report.words]))
        story.at, story.pending = report.other, None


def _countries_only(story: _Story) -> None:
    """ "Earlier in the day, Putin visited the United Arab Emirates" and, later, "the talks in Abu
    Dhabi": a country the traveller reached that no leg ends in, with one place of the article
    in it, is an arrival at that place on the day the country was reached."""
    for iso3, report in story.countries.items():
        ended = any(leg.end is not None and _in_country(leg.end, iso3) for leg in story.legs)
        if ended or len(report.inside) != 1 or report.moment is None:
            continue
        leg = DraftLeg(None, report.inside[0], None, report.moment, [report.words])
        leg.start_country = report.other_country
        _place_in_order(story.legs, leg, EARLIER.match(report.words) is not None)


def _place_in_order(legs: list[DraftLeg], leg: DraftLeg, earlier: bool) -> None:
    """A stop told "earlier in the day" goes before the first leg of that day, which then starts
    from it when the article named no start for it; any other goes last."""
    day = leg.arrive.day if leg.arrive else None
    after = [
        i
        for i, other in enumerate(legs)
        if other.arrive and other.arrive.day and day and other.arrive.day >= day
    ]
    if not earlier or not after:
        legs.append(leg)
        return
    following = legs[after[0]]
    if following.start is None:
        following.start, following.start_country = leg.end, None
    legs.insert(after[0], leg)


def _present(story: _Story, report: Report) -> None:
    """A time at a place with no verb of travel ("met with Kim at Pyongyang airport around 3 a.m.")
    dates the arrival in that place's country, when the story told one without a place."""
    place = report.place
    country = story.countries.get(city_iso3(place.city) or "") if place and place.city else None
    if place is None or country is None or any(leg.end is place for leg in story.legs):
        return
    moment = replace(report.moment, approximate=True) if report.moment else None
    leg = DraftLeg(story.at, place, None, moment, [country.words, report.words], presence=True)
    leg.start_country = country.other_country
    story.legs.append(leg)
    story.at = place


def _arrive(story: _Story, report: Report) -> None:
    if report.place is None and report.venue and story.at is not None and story.at.city is not None:
        report.place = venue_in(report.venue, story.at, report.sentence)
    if report.place is None:
        if report.country:
            story.countries.setdefault(report.country, report)
            story.last_country = report
        elif story.legs and report.moment is not None and report.moment.clock is not None:
            _refine(story.legs[-1], report)
        return
    if _told_again(story, report):
        story.at, story.pending = report.place, None
        return
    pending, last_country = story.pending, story.last_country
    start = report.other or (pending.place if pending else None) or story.at
    moment, depart = report.moment, pending.moment if pending else None
    if report.moves and moment is not None and moment.clock is not None and depart is None:
        moment, depart = None, moment  # "At 08:18, the motorcade moved to the palace": when it set off
    if moment is None and last_country and _in_country(report.place, last_country.country):
        moment = last_country.moment
    words = [*([pending.words, *pending.told_again] if pending else []), report.words]
    if last_country and moment is last_country.moment and moment is not None:
        words.insert(0, last_country.words)
    leg = DraftLeg(start, report.place, depart, moment, words)
    leg.start_country = report.other_country
    if leg.start is not report.place:
        story.legs.append(leg)
    story.at, story.pending = report.place, None


def _told_again(story: _Story, report: Report) -> bool:
    """The last leg's arrival told again: its time refined, and its start filled in when this
    sentence names where the leg began ("boarded a flight from Delhi at 10.30 am") and the
    first telling did not."""
    last = story.legs[-1] if story.legs else None
    place, pending = report.place, story.pending
    if last is None or last.end is None or place is None or place.venue or not _same_stop(last.end, place):
        return False
    if pending is not None and pending.place is not place and last.start is None:
        last.start, last.depart, last.start_country = pending.place, pending.moment, None
        last.words[:0] = [pending.words, *pending.told_again]
    elif pending is not None and pending.place is not place:
        return False
    elif last.start is None and report.other is not None and report.other is not place:
        # "arrived in Belgrade from the city of Tarbes": the start the first telling left out
        last.start, last.start_country = report.other, None
    _refine(last, report)
    return True


def venue_in(name: str, city: Place, sentence: int) -> Place:
    """A venue GeoNames does not hold, put at the city the story is in (marked approximate)."""
    return Place(name, [sentence], [city.city], city.city, f"in {city.city['name']}", venue=True)


def _refine(leg: DraftLeg, report: Report) -> None:
    """A second report of the same arrival: the more precise time wins, on the leg's own day."""
    moment = report.moment
    if (
        moment is not None
        and leg.arrive is not None
        and leg.arrive.day is not None
        and moment.clock is not None
    ):
        moment = with_day(moment, leg.arrive.day)
    chosen = best_moment([leg.arrive, moment])
    if chosen is not leg.arrive:
        leg.arrive = chosen
    if report.words not in leg.words:
        leg.words.append(report.words)


def _same_stop(end: Place, place: Place) -> bool:
    """The same arrival told again: the same place, or one within 50 km of it ("landed at
    Vnukovo International Airport in Moscow" after "landed in Moscow")."""
    if end is place:
        return True
    if end.city is None or place.city is None:
        return False
    here = (float(end.city["longitude"]), float(end.city["latitude"]))
    there = (float(place.city["longitude"]), float(place.city["latitude"]))
    return geodesy.distance_km(here, there) <= SAME_STOP_KM


def _in_country(place: Place, iso3: str | None) -> bool:
    return place.city is not None and iso3 is not None and city_iso3(place.city) == iso3
