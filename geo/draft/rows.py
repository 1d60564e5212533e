"""The draft's rows, in the event folder's columns: each cites the article and quotes its words.

What the article leaves open is said in the row's note after "To confirm:", which ``geo check``
lists for a draft (geo.draft.confirm).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from geo.draft.article import quote
from geo.draft.figures import FoundFigure
from geo.draft.legs import DraftLeg
from geo.draft.people import Person
from geo.draft.places import Place, score
from geo.io.schema import summary_status
from geo.ref import gazetteer
from geo.ref.countries import country_name

CONFIRM = "To confirm:"
"""Marks what the article leaves open, in a note; geo.draft.confirm lists every one."""


def slug(text: str, taken: set[str]) -> str:
    """A unique id from a name: "Przemyśl" -> "przemysl"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60] or "item"
    found, n = base, 2
    while found in taken:
        found, n = f"{base}-{n}", n + 1
    taken.add(found)
    return found


@dataclass
class PlaceRow:
    id: str
    name: str
    iso3: str
    zone: str
    row: dict[str, object]
    place: Place | None = None


def place_row(place: Place, ids: set[str], url: str, words: str, countries: set[str]) -> PlaceRow:
    """A place the article names: GeoNames' coordinates when the context settles it, else its
    candidates in the note and no coordinates."""
    city = place.city
    note = [f"Article: {quote(words)}"]
    best = city or max(place.candidates, key=lambda c: score(c, countries, []))
    if place.venue and city is not None:
        note.append(
            f"Approximate: GeoNames does not hold the venue; the centre of {city['name']} is used. "
            f"{CONFIRM} the venue's own coordinates."
        )
    elif city is not None:
        region = gazetteer.region_name(city)
        note.append(
            f"GeoNames: {city['name']}, {region}, {country_name(gazetteer.city_iso3(city) or '')} "
            f"({gazetteer.city_url(city)}); {place.why}."
        )
    else:
        listed = "; ".join(_candidate(c) for c in place.candidates[:8])
        note.append(f"{CONFIRM} {place.why}: {listed}. Give lat and lon, or the region in admin1.")
    iso3 = gazetteer.city_iso3(best) or "XXX"
    row = {
        "id": slug(place.name, ids),
        "name": best["name"] if city is not None and not place.venue else place.name,
        "iso3": iso3,
        "lat": f"{float(city['latitude']):.5f}" if city is not None else "",
        "lon": f"{float(city['longitude']):.5f}" if city is not None else "",
        "kind": "venue" if place.venue else "capital" if city and gazetteer.is_capital(city) else "city",
        "admin1": gazetteer.region_name(city) if city is not None and not place.venue else "",
        "note": " ".join(note),
        "source_url": url,
    }
    return PlaceRow(str(row["id"]), str(row["name"]), iso3, best.get("timezone") or "UTC", row, place)


def open_end(which: str, ids: set[str], url: str, place_rows: list[PlaceRow]) -> PlaceRow:
    """The end of a leg the article does not name: a row with no coordinates and a placeholder
    country, so the loader refuses it (and the leg) until the user names the place."""
    row = {
        "id": slug(f"{'start' if which == 'starts' else 'end'} to confirm", ids),
        "name": "Start to confirm" if which == "starts" else "Destination to confirm",
        "iso3": "XXX",
        "lat": "",
        "lon": "",
        "kind": "city",
        "admin1": "",
        "note": f"{CONFIRM} the article does not name where this leg {which}: give its name, iso3, lat and lon.",
        "source_url": url,
    }
    found = PlaceRow(str(row["id"]), str(row["name"]), "XXX", "UTC", row)
    place_rows.append(found)
    return found


def _candidate(city: dict) -> str:
    lat, lon = float(city["latitude"]), float(city["longitude"])
    return (
        f"{city['name']}, {gazetteer.region_name(city)}, {gazetteer.city_iso3(city)} "
        f"(population {city['population']:,}; {lat:.2f}, {lon:.2f})"
    )


def assumed_capital(iso3: str, ids: set[str], url: str, why: str) -> PlaceRow | None:
    """A leg's start the article does not name: the country's capital, as data/README's
    convention has it, marked unconfirmed and to confirm."""
    try:
        lon, lat, name = gazetteer.capital_of(iso3)
    except gazetteer.LookupFailed:
        return None
    zone = next(
        (c.get("timezone") for c in gazetteer.cities_anywhere(name) if gazetteer.city_iso3(c) == iso3), None
    )
    row = {
        "id": slug(name, ids),
        "name": name,
        "iso3": iso3,
        "lat": f"{lat:.5f}",
        "lon": f"{lon:.5f}",
        "kind": "capital",
        "admin1": "",
        "note": f"{CONFIRM} not named in the article: {why}; the capital is assumed (data/README's convention).",
        "source_url": url,
    }
    return PlaceRow(str(row["id"]), name, iso3, zone or "UTC", row)


def person_row(
    person: Person, pid: str, role: str, iso3: str | None, fallback: str, url: str
) -> dict[str, object]:
    note = [f"Article: {quote(person.words)}"] if person.words else []
    if person.known_from:
        note.append(f"Title as the bundled event {person.known_from} words it.")
    confirm = [] if person.title else ["the article gives no title"]
    if iso3 is None:
        confirm.append(f"the article does not say which country; {fallback} is a placeholder")
    if confirm:
        note.append(f"{CONFIRM} {'; '.join(confirm)}.")
    return {
        "id": pid,
        "name": person.name,
        "title": person.title or "(title not given)",
        "iso3": iso3 or fallback,
        "role": role,
        "note": " ".join(note),
        "source_url": url,
    }


def end_status(moment) -> str:
    if moment is None:
        return "unknown"
    return "approximate" if moment.approximate else "exact"


def leg_row(
    leg: DraftLeg, person: str, seq: int, ends: tuple[PlaceRow, PlaceRow], mode: tuple[str, str], url: str
):
    start, end = ends
    depart, arrive = end_status(leg.depart), end_status(leg.arrive)
    note = ["Article: " + " … ".join(quote(w) for w in dict.fromkeys(leg.words))]
    confirm = []
    if leg.depart is None and leg.arrive is None:
        confirm.append("the article gives no time for this leg")
    if leg.presence:
        confirm.append(f"the article gives the time the traveller was at {end.name}, not when they arrived")
    if start.place is None:
        assumed = f" ({start.name} is assumed)" if start.iso3 != "XXX" else ""
        confirm.append(f"the article does not say where the leg starts{assumed}")
    kind, where = mode
    if not kind:
        kind = "road" if end.place is not None and end.place.venue else "air"
        confirm.append(f"the article does not say how: {kind} is a placeholder")
    else:
        note.append(f"Mode from {where}.")
    if confirm:
        note.append(f"{CONFIRM} " + "; ".join(confirm) + ".")
    return {
        "person": person,
        "seq": seq,
        "from": start.id,
        "to": end.id,
        "mode": kind,
        "depart": leg.depart.at_place(start.zone) if leg.depart else "",
        "arrive": leg.arrive.at_place(end.zone) if leg.arrive else "",
        "time_status": summary_status(depart, arrive),
        "depart_status": depart if depart != arrive else "",
        "arrive_status": arrive if depart != arrive else "",
        "route_status": "reported" if start.place is not None else "unconfirmed",
        "note": " ".join(note),
        "source_url": url,
    }


def figure_row(figure: FoundFigure, ids: set[str], url: str) -> dict[str, object]:
    value = f"{figure.value:.6g}" if figure.unit == "%" else f"{figure.value:.0f}"
    return {
        "key": slug(figure.label, ids),
        "label": figure.label,
        "value": value,
        "unit": figure.unit,
        "year": figure.year or "",
        "value_status": figure.status,
        "source_url": url,
        "quote": figure.words,
    }
