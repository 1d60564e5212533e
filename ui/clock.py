"""The time the travellers are shown at: a slider for the whole event, a day and a clock to type,
steps of an hour, and jumps to the highlighted travellers' previous or next departure, passing or
arrival. Every control writes the one session value ``time`` (naive, the event's local time)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import streamlit as st

from geo.io.events import Event
from geo.model import facts, text, timeline
from geo.web import markup

KEY = "time"
DAY_KEY, CLOCK_KEY = "time_day", "time_clock"
SLIDER_STEP = timedelta(hours=1)
"""A drag moves by the hour; the clock, the steps and the jumps set any minute."""
CLOCK_STEP = timedelta(minutes=5)
DEFAULT_HOUR = 12


def window(event: Event) -> tuple[datetime, datetime]:
    return datetime.combine(event.meta.start, time(0)), datetime.combine(event.meta.end, time(23, 59))


def settle(event: Event) -> None:
    """A time within the event's days, to the minute; else midday of the event's day."""
    start, end = window(event)
    chosen = st.session_state.get(KEY)
    if isinstance(chosen, datetime) and chosen.tzinfo is None and start <= chosen <= end:
        st.session_state[KEY] = chosen.replace(second=0, microsecond=0)
    else:
        st.session_state[KEY] = first_moment(event)


def first_moment(event: Event) -> datetime:
    return datetime.combine(event.meta.date, time(DEFAULT_HOUR))


# Cached by ``key``, which names the event and its data (ui.cache.Shown.key): every run of the
# page asks, and finding the moves takes each leg's length through pyproj.
@st.cache_data(show_spinner=False, max_entries=64)
def moves(key: tuple, _event: Event) -> list[tuple[datetime, str]]:
    """The highlighted travellers' moves (everyone's, when no one is highlighted) as local times
    to the minute, those at one minute told together."""
    event = _event
    people = [p for p in facts.focus_people(event) if event.legs_of(p)]
    people = people or [p.id for p in event.people if event.legs_of(p.id)]
    zone = ZoneInfo(event.meta.timezone)
    found: dict[datetime, list[str]] = {}
    for move in timeline.moves(event, people):
        local = move.at.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
        found.setdefault(local, []).append(move.what + (" (estimated)" if move.estimated else ""))
    return [(at, "; ".join(dict.fromkeys(what))) for at, what in sorted(found.items())]


def choose_time(event: Event, sidebar, *, key: tuple, disabled: bool) -> datetime:
    """The time controls, drawn in ``sidebar`` (a container in it); the chosen time. ``key``
    names the event and its data, for the caches."""
    settle(event)
    start, end = window(event)
    at = st.session_state[KEY]
    sidebar.slider(
        "Time",
        min_value=start,
        max_value=end,
        step=SLIDER_STEP,
        format="ddd D MMM, HH:mm",
        key=KEY,
        help="Where each traveller was at this moment. Times the sources give only to the day are taken "
        "as midday; missing ones are estimated from the distance. The travellers' tips say which.",
        disabled=disabled,
    )
    # Typed: the day and the clock follow the slider, and set it when changed.
    st.session_state[DAY_KEY], st.session_state[CLOCK_KEY] = at.date(), at.time()
    day_column, clock_column = sidebar.columns([3, 2])
    day_column.date_input(
        "Day", min_value=start.date(), max_value=end.date(), key=DAY_KEY, on_change=typed, disabled=disabled
    )
    clock_column.time_input("Clock", step=CLOCK_STEP, key=CLOCK_KEY, on_change=typed, disabled=disabled)
    found = moves(key, event)
    before = [m for m in found if m[0] < at]
    after = [m for m in found if m[0] > at]
    hour = timedelta(hours=1)
    steps = (
        ("Previous", ":material/skip_previous:", before[-1] if before else None),
        ("Next", ":material/skip_next:", after[0] if after else None),
        ("−1 hour", None, (at - hour, "an hour earlier") if at - hour >= start else None),
        ("+1 hour", None, (at + hour, "an hour later") if at + hour <= end else None),
    )
    columns = [*sidebar.columns(2), *sidebar.columns(2)]
    for column, (label, icon, target) in zip(columns, steps, strict=True):
        column.button(
            label,
            key=f"time_{label}",
            icon=icon,
            help=f"{target[1]}: {target[0]:%-d %b %H:%M}" if target else "Nothing further in this event",
            on_click=go_to,
            args=(target[0] if target else None,),
            disabled=disabled or target is None,
            use_container_width=True,
        )
    if where := whereabouts(key, event, at):
        sidebar.html(markup.summary(where))
    if after:
        sidebar.html(markup.summary(f"Next: {after[0][1]}, {after[0][0]:%-d %b %H:%M}"))
    return at


def typed() -> None:
    day, clock = st.session_state.get(DAY_KEY), st.session_state.get(CLOCK_KEY)
    if day is not None and clock is not None:  # a field emptied while typing keeps the time
        st.session_state[KEY] = datetime.combine(day, clock)


def go_to(moment: datetime | None) -> None:
    if moment is not None:
        st.session_state[KEY] = moment


@st.cache_data(show_spinner=False, max_entries=256)
def whereabouts(key: tuple, _event: Event, at: datetime) -> str:
    """Where the highlighted travellers are at ``at``, in a line: "Kim Jong Un: travelling,
    Shenyang → Beijing Railway Station by train"."""
    event = _event
    moment = timeline.local_moment(event, at)
    lines = []
    for person_id in (p for p in facts.focus_people(event) if event.legs_of(p)):
        found = timeline.locate(event, person_id, moment)
        leg = f", {text.leg_route(event, found.leg)} by {found.leg.mode}" if found.leg else ""
        lines.append(f"{event.person(person_id).name}: {timeline.where_text(found)}{leg}")
    return "; ".join(lines)
