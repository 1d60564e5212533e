"""Key figures beside the map: some counted from the event, the rest read from figures.csv.

Counted: leaders attending (people with role ``guest``), countries represented, and for each
highlighted traveller the distance and hours of their trip, from geo.model.trips.travelled (the
person's table of trips shows the same figures). Read: one figure per key of figures.csv, for the chosen year
or the latest before it (a key given for several years is a series that follows the trade year);
when sources give different values for that year, it is disputed and the other values are listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.io.events import Event
from geo.io.schema import Figure
from geo.model import facts, text, trips

MODE_WORDS = {
    "train": ("by rail", "hours on the rails"),
    "air": ("by air", "hours in the air"),
    "road": ("by road", "hours on the road"),
    "mixed": ("travelled", "hours travelling"),
}

STATUS_WORDS = {
    "approximate": "approximate",
    "lower_bound": "at least",
    "disputed": "disputed",
    "not_found": "not found",
}


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    value: str
    note: str = ""
    """Plain text: how it was counted, which year, what else was reported."""
    source_url: str | None = None
    status: str = "counted"
    """``counted`` from the event, or the figure's value_status (``disputed`` when sources differ)."""


def key_figures(event: Event, *, year: int) -> list[KeyFigure]:
    """The counted figures, then one per figures.csv key."""
    return [*counted_figures(event), *reported_figures(event, year=year)]


def counted_figures(event: Event) -> list[KeyFigure]:
    guests = [p for p in event.people if p.role == "guest"]
    countries = {p.iso3 for p in event.people if p.iso3 != event.meta.host}
    figures = [
        KeyFigure("leaders", "Leaders attending", f"{len(guests)}", "people.csv rows with role 'guest'"),
        KeyFigure(
            "countries",
            "Countries represented",
            f"{len(countries)}",
            "countries of the guests and other attendees, host excluded",
        ),
    ]
    return figures + trip_figures(event)


def trip_figures(event: Event) -> list[KeyFigure]:
    """Distance and hours travelled for each highlighted traveller: every leg of theirs, counted
    by geo.model.trips.travelled, so the person's table of trips shows the same figures."""
    figures = []
    for person_id in facts.focus_people(event):
        if not event.legs_of(person_id):
            continue
        found = trips.travelled(event, person_id)
        name = event.person(person_id).name
        by, on = MODE_WORDS[found.modes[0] if len(found.modes) == 1 else "mixed"]
        modes = " and ".join(found.modes)
        note = f"{found.legs} legs by {modes}, {trips.KM_RULE}"
        if unrouted := sum(leg.route_status == "unknown" for leg in event.legs_of(person_id)):
            note += f"; {unrouted} with no route reported, counted as the straight line between its ends"
        figures.append(KeyFigure(f"{person_id}-km", f"{name}, distance {by}", found.km_value, note))
        status = "approximate" if found.estimated or found.untimed else "counted"
        figures.append(
            KeyFigure(
                f"{person_id}-hours",
                f"{name}, {on}",
                found.hours_value,
                f"{found.timed_note}; {trips.HOURS_RULE}",
                status=status,
            )
        )
    return figures


def reported_figures(event: Event, *, year: int) -> list[KeyFigure]:
    keys = list(dict.fromkeys(f.key for f in event.figures))
    return [_reported(event, [f for f in event.figures if f.key == key], year=year) for key in keys]


def _reported(event: Event, rows: list[Figure], *, year: int) -> KeyFigure:
    chosen_year = _year_for(rows, year)
    same = [r for r in rows if r.year == chosen_year]
    best = next((r for r in same if r.value_status == "exact"), same[0])
    # A value reported again with another qualifier ("almost five" beside "more than five") is a
    # report of its own; only the very same value and status is a repeat.
    others = [r for r in same if (r.value, r.value_status) != (best.value, best.value_status)]
    notes = []
    if chosen_year != year and len({r.year for r in rows}) > 1:
        notes.append(f"no figure for {year}; this is {chosen_year}")
    if others:
        also = ", ".join(
            f"{format_value(r)} ({STATUS_WORDS.get(r.value_status, r.value_status)})" for r in others
        )
        notes.append(f"also reported: {also}")
    status = "disputed" if others else best.value_status
    label = best.label + (f" ({chosen_year})" if chosen_year else "")
    value = format_value(best)
    if others and best.value_status == "lower_bound":
        value = f"at least {value}"  # "disputed" takes the status mark's place: keep the bound in words
    return KeyFigure(best.key, label, value, "; ".join(notes), best.source_url, status)


def _year_for(rows: list[Figure], year: int) -> int | None:
    years = sorted({r.year for r in rows if r.year is not None})
    if not years:
        return None
    if year in years:
        return year
    before = [y for y in years if y < year]
    return before[-1] if before else years[-1]


def format_value(figure: Figure) -> str:
    if figure.unit == "%":
        return f"{figure.value:g}%"
    if figure.unit == "USD":
        return text.usd(figure.value)
    return f"{figure.value:,.4g} {figure.unit}".strip()
