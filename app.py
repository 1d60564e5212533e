"""Diplomap in the browser: an event's map to explore, click for details, share and download.

Streamlit lives here and nowhere else: facts, layers, details and files all come from geo/.
Run it with ``streamlit run app.py`` (scripts/run.sh). DIPLOMAP_EVENTS_DIR, read on every run,
points it at another folder of events (the tests use a temporary one).

A user may add their own data (geo.uploads): an event, trade flows, places. What they upload
lives in their session only: in the uploaders' state, and in the caches under the digest of
its bytes, never under an event id (an upload may reuse the id of an event in the list).
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import time as clock
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from string import Template
from zoneinfo import ZoneInfo

import folium
import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from geo import (
    assets,
    downloads,
    export,
    figures,
    labels,
    maps,
    selection,
    settings,
    styles,
    timeline,
    trade,
    uploads,
)
from geo.errors import DataError, DiplomapError, Problem
from geo.events import Event, list_events, load_event
from geo.schema import TradeFlow
from geo.tables import Table

LOG = logging.getLogger("diplomap.app")
EVENTS_DIR_ENV = "DIPLOMAP_EVENTS_DIR"

MAP_KEY = "map"
MAP_HEIGHT = 640
RETURNED_OBJECTS = ["last_active_drawing", "last_object_clicked"]
"""The clicked feature (its id is in its properties), and where the click was, so that clicking
the same feature again after choosing another from the list still selects it. Both start as
null in the browser, as in Python: mounting the map does not cause a rerun."""

POSITIONS = "positions"
LAYER_KEYS = {layer: f"layer_{layer}" for layer in (*styles.LAYERS, POSITIONS)}
YEAR_LAYERS = {"countries", "trade"}
"""Layers whose features change with the trade year; only "trade" changes with the flow filter."""
MIN_VALUES = (0.0, 1e8, 1e9, 1e10, 1e11)
TOP_CHOICES = (0, 3, 5, 10, 20)
TIME_STEP = timedelta(hours=1)
DEFAULT_HOUR = 12
URL_PARSERS = {"year": int, "min_value": float, "top": int, "time": datetime.fromisoformat, "selected": str}
URL_NAMES = {"year": "year", "min_value": "min", "top": "top", "time": "time", "selected": "selected"}
"""Session-state keys read from the link, and their names in it."""
TABLE_TITLES = {
    "people": "People",
    "legs": "Legs",
    "flows": "Trade flows",
    "positions": "Where travellers were",
    "places": "Your places",
}

HEADER = Template(
    '<h1 style="margin:0;padding:0">$title</h1>'
    '<p style="margin:.2em 0 .4em"><b>$date</b> · $place</p>'
    '<p style="margin:0;font-size:.9rem;color:#444">$summary</p>'
)
FIGURE = Template(
    '<div class="dm-figure"><div class="dm-label">$label$mark_html</div>'
    '<div class="dm-value">$value</div><div class="dm-note">$note$source_html</div></div>'
)
FIGURES_CSS = """<style>
.dm-figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: .6rem 1.2rem; }
.dm-figure .dm-label { font-size: .85rem; color: #333; }
.dm-figure .dm-value { font-size: 1.7rem; line-height: 1.2; }
.dm-figure .dm-note { font-size: .75rem; color: #666; }
.dm-figure .dm-mark { color: #d01c8b; font-weight: 600; }
</style>"""
HEADLINE_FIGURES = 5
"""Key figures shown above the map: the counted ones, then figures.csv in its order; the rest
fold away."""
STATUS_MARKS = {"disputed": "disputed", "approximate": "approximate", "lower_bound": "at least"}
DETAILS_CSS = """<style>
.dm-details { font-size: 0.92rem; line-height: 1.45; }
.dm-details .dm-popup { margin-bottom: .6em; }
.dm-details .dm-disputed { color: #d01c8b; font-weight: 600; }
.dm-details .dm-status { color: #a6611a; }
</style>"""
PROBLEMS_LISTED = 10
"""Problems named in the message about a broken event; the table under it has them all."""
UPLOAD_KEYS = {"event": "upload_event", "trade": "upload_trade", "places": "upload_places"}
UPLOAD_OPTION = "upload:"
"""The uploaded event's value in the event selector: no folder's name (a slug) holds a colon."""
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Uploads:
    """What this session's user uploaded, read."""

    event: Event | None = None
    event_digest: str = ""
    event_names: tuple[str, ...] = ()
    event_problems: tuple[Problem, ...] = ()
    """Why the uploaded files open no event; empty when they open one, or when there are none."""
    trade: Table[TradeFlow] | None = None
    trade_digest: str = ""
    places: gpd.GeoDataFrame | None = None
    places_problems: tuple[Problem, ...] = ()
    places_rejected: tuple[dict[str, str], ...] = ()

    @property
    def event_option(self) -> str | None:
        """The uploaded event's entry in the event selector, when the files open one."""
        return UPLOAD_OPTION + self.event_digest[:16] if self.event is not None else None


@dataclass(frozen=True)
class Shown:
    """The event on the page, and the key its cached layers and figures go by: its folder and
    the files' stamp, or the digests of the uploads it was read from."""

    event: Event
    key: tuple[str, ...]


@dataclass(frozen=True)
class View:
    """Everything the sidebar chose: what a link reproduces."""

    layers: tuple[str, ...]
    year: int
    min_value: float
    top: int
    at: datetime
    """Naive, in the event's time zone (the slider's values)."""
    tiles: str | None

    @property
    def top_or_none(self) -> int | None:
        return self.top or None


def main() -> None:
    st.set_page_config(page_title="Diplomap", page_icon="🗺️", layout="wide")
    started = clock.perf_counter()
    root = events_root()
    # The sidebar in page order; the uploads are read first, as the event list needs them.
    event_box, view_box, upload_box = st.sidebar.container(), st.sidebar.container(), st.sidebar.container()
    mine = choose_uploads(upload_box)
    show_upload_refusal(mine)
    event_ids = list_events(root)
    options = {i: i for i in event_ids}
    if mine.event_option is not None:
        options[mine.event_option] = f"{mine.event.id} (your upload)"
    if not options:
        st.error(
            f"No events found in {labels.md_literal(root)}: each event is a folder holding an event.toml."
        )
        return
    read_url(event_ids)
    follow_new_upload(mine)
    keep_valid("event", list(options), default=next(iter(options)))
    option = event_box.selectbox(
        "Event", list(options), format_func=options.get, key="event", on_change=forget_event_choices
    )
    shown = open_shown(root, option, mine)
    if shown is None:
        write_url({"event": option})
        return
    try:
        view = choose_view(shown.event, view_box)
        show_event(shown, view, mine)
        write_url(url_of(option, shown.event, view))
    except Exception:  # the page never shows a traceback: the log keeps it, other events stay usable
        LOG.exception("drawing event %s failed", option)
        st.error(
            f"The event {labels.md_literal(options[option])} could not be drawn; the server log has the details."
        )
    # The server time of this run, for measuring (tests and benchmarks read it).
    st.session_state["_run_seconds"] = clock.perf_counter() - started


def events_root() -> Path:
    return Path(os.environ.get(EVENTS_DIR_ENV) or settings.EVENTS_DIR)


def folder_stamp(root: Path, event_id: str) -> int:
    """Changes when any file of the event changes, so edited data is loaded again."""
    return max((p.stat().st_mtime_ns for p in (root / event_id).iterdir() if p.is_file()), default=0)


# Session state: set up from the link once, kept valid before each widget reads it.


def read_url(event_ids: list[str]) -> None:
    """The view in the link becomes the session's first state, once per session."""
    if "_from_url" in st.session_state:
        return
    st.session_state["_from_url"] = True
    params = st.query_params
    if params.get("event") in event_ids:
        st.session_state["event"] = params["event"]
    if "layers" in params:
        chosen = set(params["layers"].split(","))
        for layer, key in LAYER_KEYS.items():
            st.session_state[key] = layer in chosen
    for key, parse in URL_PARSERS.items():
        if URL_NAMES[key] in params:
            try:
                st.session_state[key] = parse(params[URL_NAMES[key]])
            except ValueError:
                LOG.info("ignoring %s=%r in the link", URL_NAMES[key], params[URL_NAMES[key]])


def keep_valid(key: str, options, *, default) -> None:
    """Reset a widget's state to its default when it is not one of the options (before the widget)."""
    if key not in st.session_state or st.session_state[key] not in options:
        st.session_state[key] = default


def follow_new_upload(mine: Uploads) -> None:
    """A newly uploaded event is shown at once; once only, so the user may then choose another."""
    if st.session_state.get("_event_upload") == mine.event_digest:
        return
    st.session_state["_event_upload"] = mine.event_digest
    if mine.event_option is not None:
        st.session_state["event"] = mine.event_option
        forget_event_choices()


def forget_event_choices() -> None:
    """Another event has other years, days and features: start those from its defaults."""
    for key in ("year", "time", "selected"):
        st.session_state.pop(key, None)


def select_clicked_feature() -> None:
    clicked = selection.clicked_from_return(st.session_state.get(MAP_KEY))
    if clicked is not None:
        st.session_state["selected"] = clicked.id


def url_of(option: str, event: Event, view: View) -> dict[str, str]:
    """The view as link parameters. An upload is in no link: another session could not open it."""
    if option.startswith(UPLOAD_OPTION):
        return {}
    params = {
        "event": option,
        "layers": ",".join(view.layers),
        "year": str(view.year),
        "min": f"{view.min_value:.0f}",
        "top": str(view.top),
        "time": view.at.strftime("%Y-%m-%dT%H:%M"),
        "selected": st.session_state.get("selected") or "",
    }
    return {k: v for k, v in params.items() if v}


def write_url(params: dict[str, str]) -> None:
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


# Cached loaders: keyed by ids and choices, never by frames; a map is never cached (it is
# built per run from cached frames, so sessions never share one).


@st.cache_data(show_spinner=False, max_entries=16)
def cached_event(root: str, event_id: str, stamp: int) -> Event:
    return load_event(event_id, root=Path(root))


# The event comes as ``_event`` (not hashed): ``key`` names it, its files' stamp or digests included.


@st.cache_data(show_spinner="Drawing the layer…", max_entries=128)
def cached_layer(
    key: tuple[str, ...], _event: Event, layer: str, year: int | None, min_value: float, top: int | None
) -> dict[str, gpd.GeoDataFrame]:
    return maps.build_layers(_event, layers_on=[layer], year=year, min_value=min_value, top=top)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_figures(key: tuple[str, ...], _event: Event, year: int) -> list[figures.KeyFigure]:
    return figures.key_figures(_event, year=year)


@st.cache_data(show_spinner=False, max_entries=512)
def cached_positions(key: tuple[str, ...], _event: Event, at: datetime) -> gpd.GeoDataFrame:
    return timeline.build_position_layer(_event, at)


# Uploads, keyed by the digest of their bytes (``_files``, ``_data``: not hashed again). Two users
# share an entry only by uploading the same bytes, so neither learns anything from it.


@st.cache_data(show_spinner="Reading your event…", max_entries=16)
def cached_event_upload(
    digest: str, _files: tuple[tuple[str, bytes], ...]
) -> tuple[Event | None, tuple[Problem, ...]]:
    names = [name for name, _ in _files]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        return None, tuple(Problem(n, None, None, "", "is uploaded twice; remove one") for n in twice)
    try:
        return uploads.event_from_uploads(dict(_files)), ()
    except DataError as exc:
        return None, tuple(exc.problems)


@st.cache_data(show_spinner="Reading your trade flows…", max_entries=16)
def cached_trade_upload(digest: str, name: str, _data: bytes) -> Table[TradeFlow]:
    try:
        return uploads.trade_from_upload(name, _data)
    except DataError as exc:
        return Table(name, problems=exc.problems)


@st.cache_data(show_spinner="Reading your places…", max_entries=16)
def cached_places_upload(
    digest: str, name: str, _data: bytes
) -> tuple[gpd.GeoDataFrame, tuple[Problem, ...], tuple[dict[str, str], ...]]:
    table = uploads.places_from_geojson(name, _data)
    return uploads.build_place_layer(table.entries), tuple(table.problems), tuple(table.rejected)


def digest_of(files: Sequence[tuple[str, bytes]]) -> str:
    """SHA-256 of the files' names and bytes, in name order (the order of upload does not matter)."""
    digest = hashlib.sha256()
    for name, data in sorted(files):
        for part in (name.encode("utf-8", "surrogatepass"), data):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    return digest.hexdigest()


def read_uploads(
    event_files: Sequence[tuple[str, bytes]],
    trade_files: Sequence[tuple[str, bytes]] = (),
    places_files: Sequence[tuple[str, bytes]] = (),
) -> Uploads:
    """What was uploaded, from (name, bytes) pairs: an event's files, a trade CSV, a GeoJSON (the
    last two uploaders hold one file each)."""
    event, event_problems, event_digest = None, (), ""
    if event_files:
        event_digest = digest_of(event_files)
        event, event_problems = cached_event_upload(event_digest, tuple(event_files))
    trade_table, trade_digest = None, ""
    if trade_files:
        trade_digest = digest_of(trade_files)
        trade_table = cached_trade_upload(trade_digest, *trade_files[0])
    places, places_problems, places_rejected = None, (), ()
    if places_files:
        places, places_problems, places_rejected = cached_places_upload(
            digest_of(places_files), *places_files[0]
        )
    return Uploads(
        event=event,
        event_digest=event_digest,
        event_names=tuple(name for name, _ in event_files),
        event_problems=event_problems,
        trade=trade_table,
        trade_digest=trade_digest,
        places=places,
        places_problems=places_problems,
        places_rejected=places_rejected,
    )


def open_event(root: Path, event_id: str) -> Shown | None:
    """The event of a folder, or None after saying on the page what is wrong with its files."""
    try:
        stamp = folder_stamp(root, event_id)
        return Shown(cached_event(str(root), event_id, stamp), ("folder", str(root), event_id, str(stamp)))
    except DataError as exc:
        show_broken_event(event_id, exc.problems)
    except DiplomapError as exc:
        st.error(labels.md_literal(exc))
    except OSError as exc:
        st.error(
            f"The event {labels.md_literal(event_id)} cannot be read: {labels.md_literal(exc.strerror or exc)}"
        )
    return None


def open_shown(root: Path, option: str, mine: Uploads) -> Shown | None:
    """The chosen event, the uploaded one or a folder's, with any uploaded trade flows added."""
    if option == mine.event_option:
        shown = Shown(mine.event, ("upload", mine.event_digest))
    else:
        shown = open_event(root, option)
    if shown is None or mine.trade is None:
        return shown
    return Shown(uploads.add_trade(shown.event, mine.trade), (*shown.key, "trade", mine.trade_digest))


def build_frames(shown: Shown, view: View, *, places: gpd.GeoDataFrame | None) -> dict[str, gpd.GeoDataFrame]:
    """The chosen layers in drawing order: shapes, lines, stations, the user's places, then
    travellers on top."""
    frames: dict[str, gpd.GeoDataFrame] = {}
    for layer in styles.LAYERS:
        if layer in view.layers:
            year = view.year if layer in YEAR_LAYERS else None
            flows = (view.min_value, view.top_or_none) if layer == "trade" else (0.0, None)
            frames.update(cached_layer(shown.key, shown.event, layer, year, *flows))
    if "stops" in frames:
        frames["stops"] = frames.pop("stops")
    if places is not None and len(places):
        frames["places"] = places
    if POSITIONS in view.layers:
        frames[POSITIONS] = cached_positions(shown.key, shown.event, view.at)
    return frames


# The page.


def settle_state(event: Event) -> None:
    """Every sidebar widget's state valid for this event before the widgets read it (a link, an
    earlier event or a first visit may have left none, or one this event does not have)."""
    start, end = _window(event)
    keep_valid("time", _hours(start, end), default=datetime.combine(event.meta.date, time(DEFAULT_HOUR)))
    for layer, key in LAYER_KEYS.items():
        keep_valid(
            key, (True, False), default=styles.LAYERS[layer].default if layer in styles.LAYERS else True
        )
    years = _years(event)
    keep_valid(
        "year", years, default=event.meta.default_year if event.meta.default_year in years else years[-1]
    )
    keep_valid("min_value", MIN_VALUES, default=0.0)
    keep_valid("top", TOP_CHOICES, default=0)
    keep_valid("tiles", (True, False), default=False)


def _window(event: Event) -> tuple[datetime, datetime]:
    return datetime.combine(event.meta.start, time(0)), datetime.combine(event.meta.end, time(23))


def _years(event: Event) -> list[int]:
    return trade.trade_years(event.trade) or [event.meta.default_year]


def choose_view(event: Event, sidebar) -> View:
    """The sidebar's view widgets, drawn in ``sidebar`` (a container in it)."""
    settle_state(event)
    start, end = _window(event)
    zone = ZoneInfo(event.meta.timezone)
    offset = datetime.combine(event.meta.date, time(DEFAULT_HOUR), tzinfo=zone).strftime("%z")
    at = sidebar.slider(
        "Time",
        min_value=start,
        max_value=end,
        step=TIME_STEP,
        format="ddd D MMM, HH:mm",
        key="time",
        help="Where each traveller was at this moment. Times the sources give only to the day are taken "
        "as midday; missing ones are estimated from the distance. The travellers' tips say which.",
        disabled=not st.session_state[LAYER_KEYS[POSITIONS]],
    )
    # A zone name ZoneInfo knows is letters, digits and / _ + -: nothing Markdown acts on.
    sidebar.caption(f"Local time of the event: {event.meta.timezone} (UTC{offset[:3]}:{offset[3:]})")

    sidebar.subheader("Layers")
    chosen = tuple(
        layer
        for layer, key in LAYER_KEYS.items()
        if sidebar.checkbox(_layer_title(layer), key=key, help=_layer_help(layer))
    )

    sidebar.subheader("Trade")
    year = sidebar.selectbox("Trade year", _years(event), key="year")
    no_trade = "trade" not in chosen
    min_value = sidebar.select_slider(
        "Smallest flow drawn",
        options=MIN_VALUES,
        format_func=lambda v: "all" if v == 0 else labels.usd(v),
        key="min_value",
        disabled=no_trade,
    )
    top = sidebar.selectbox(
        "Largest flows only",
        TOP_CHOICES,
        format_func=lambda n: "all flows" if n == 0 else f"the {n} largest",
        key="top",
        disabled=no_trade,
    )

    sidebar.subheader("Basemap")
    tiles = sidebar.checkbox(
        "Online street map (OpenStreetMap tiles)",
        key="tiles",
        help="Off by default: the map works with no network. On, the browser asks openstreetmap.org for tiles.",
    )
    return View(chosen, year, min_value, top, at, "OpenStreetMap" if tiles else None)


def choose_uploads(sidebar) -> Uploads:
    """The uploaders, drawn in ``sidebar`` (a container in it), and what they hold, read."""
    sidebar.subheader("Your own data")
    sidebar.caption("Seen in this browser tab only, and only until you leave: nothing is kept or shared.")
    event_files = sidebar.file_uploader(
        "An event: a zip of its folder, or its files",
        type=["zip", "toml", "csv"],
        accept_multiple_files=True,
        key=UPLOAD_KEYS["event"],
        max_upload_size=math.ceil(uploads.MAX_ZIP_BYTES / MEGABYTE),
        help="event.toml with people.csv, places.csv, legs.csv and the other CSVs, as in data/events/. "
        "It joins the list of events above, marked as your upload.",
    )
    trade_file = sidebar.file_uploader(
        "Trade flows (CSV): Diplomap's trade.csv, or a UN Comtrade download",
        type=["csv", "tsv", "txt"],
        key=UPLOAD_KEYS["trade"],
        max_upload_size=math.ceil(settings.MAX_INPUT_BYTES / MEGABYTE),
        help="Added to the event shown. A Comtrade+ file becomes one flow per reporter, partner, "
        "direction and year; rows broken down by commodity are left out, with the reason.",
    )
    places_file = sidebar.file_uploader(
        "Places (GeoJSON points)",
        type=["geojson", "json"],
        key=UPLOAD_KEYS["places"],
        max_upload_size=math.ceil(settings.MAX_INPUT_BYTES / MEGABYTE),
        help="Each Point with a name property becomes a place on the map; kind, iso3, note and "
        "source_url are read too.",
    )
    try:
        mine = read_uploads(files_of(event_files), files_of(trade_file), files_of(places_file))
    except Exception:  # a bug reading an upload: the log keeps it, the bundled events stay usable
        LOG.exception("reading an upload failed")
        sidebar.error("Your files could not be read; the server log has the details.")
        return Uploads()
    for line in upload_notes(mine):
        sidebar.caption(line)
    return mine


def files_of(uploaded) -> list[tuple[str, bytes]]:
    """(name, bytes) of what an uploader holds: nothing, one file or a list of them."""
    if uploaded is None:
        return []
    return [(f.name, f.getvalue()) for f in (uploaded if isinstance(uploaded, list) else [uploaded])]


def upload_notes(mine: Uploads) -> list[str]:
    """What became of each upload, in a line each (problems are told above the map)."""
    notes = []
    if mine.event is not None:
        notes.append(
            f"Event {labels.md_literal(mine.event.id)} opened: it is in the list of events, marked as yours."
        )
    elif mine.event_problems:
        notes.append("Your event cannot be opened: the reasons are above the map.")
    if mine.trade is not None:
        refused = (
            f"; {len(mine.trade.problems)} problem(s), listed above the map" if mine.trade.problems else ""
        )
        notes.append(f"{len(mine.trade.rows)} trade figure(s) added to the event shown{refused}.")
    if mine.places is not None:
        refused = (
            f"; {len(mine.places_problems)} problem(s), listed above the map" if mine.places_problems else ""
        )
        notes.append(f"{len(mine.places)} place(s) added to the map{refused}.")
    return notes


def _hours(start: datetime, end: datetime) -> set[datetime]:
    return {start + i * TIME_STEP for i in range(int((end - start) / TIME_STEP) + 1)}


def _layer_title(layer: str) -> str:
    return maps.EXTRA_TITLES[layer] if layer in maps.EXTRA_TITLES else styles.LAYERS[layer].title


def _layer_help(layer: str) -> str:
    if layer in styles.LAYERS:
        return styles.LAYERS[layer].description
    return "Each traveller where the sources put them at the chosen time; hollow when unknown"


def show_event(shown: Shown, view: View, mine: Uploads) -> None:
    event = shown.event
    frames = build_frames(shown, view, places=mine.places)
    show_header(shown, view)
    show_problems(
        (*event.problems, *mine.places_problems), (*event.rejected, *mine.places_rejected), name=event.id
    )
    map_column, details_column = st.columns([3, 1], gap="medium")
    with map_column:
        show_map(event, frames, view)
    with details_column:
        show_details(event, frames, view)
    show_tables(event, frames, view)
    show_downloads(event, frames, view)


def show_header(shown: Shown, view: View) -> None:
    event = shown.event
    place = event.places.get(event.meta.place)
    st.html(
        labels.fill(
            HEADER,
            title=event.meta.title,
            date=f"{event.meta.date:%-d %B %Y}",
            place=place.name if place else event.meta.place,
            summary=event.meta.summary,
        )
    )
    key_figures = cached_figures(shown.key, event, view.year)
    st.html(figures_html(key_figures[:HEADLINE_FIGURES]))
    if len(key_figures) > HEADLINE_FIGURES:
        with st.expander(f"More figures ({len(key_figures) - HEADLINE_FIGURES})"):
            st.html(figures_html(key_figures[HEADLINE_FIGURES:]))


def figures_html(key_figures: list[figures.KeyFigure]) -> str:
    cards = []
    for figure in key_figures:
        mark = STATUS_MARKS.get(figure.status)
        source = f" Source: {labels.source_link(figure.source_url)}" if figure.source_url else ""
        cards.append(
            labels.fill(
                FIGURE,
                label=figure.label,
                mark_html=f' <span class="dm-mark">({labels.esc(mark)})</span>' if mark else "",
                value=figure.value,
                note=figure.note + ("." if figure.note and source else ""),
                source_html=source,
            )
        )
    return FIGURES_CSS + '<div class="dm-figures">' + "".join(cards) + "</div>"


def show_problems(problems: Sequence[Problem], rejected: Sequence[dict[str, str]], *, name: str) -> None:
    """Rows refused while reading the event and the uploads: the map is drawn without them; say
    which and why, and offer them to download."""
    if not problems:
        return
    st.warning(
        f"{len(problems)} problem(s) in this event's files or your uploads: those rows are left out of the map."
    )
    with st.expander("What was left out, and why"):
        st.dataframe(downloads.problems_table(problems), hide_index=True)
        st.download_button(
            "Refused rows (CSV)",
            downloads.csv_from_table(downloads.rejected_table(rejected)),
            file_name=f"{name}-refused-rows.csv",
            mime="text/csv",
            key="download_refused",
            on_click="ignore",
            disabled=not rejected,
        )


def show_broken_event(event_id: str, problems: Sequence[Problem]) -> None:
    headline = f"The event {labels.md_literal(event_id)} cannot be opened. Fix its files (the other events still work):"
    show_refusal(headline, problems)


def show_upload_refusal(mine: Uploads) -> None:
    if not mine.event_problems:
        return
    names = ", ".join(mine.event_names)
    headline = (
        f"Your upload {labels.md_literal(names)} cannot be opened as an event. Fix the files and upload "
        "them again (the events in the list still work):"
    )
    show_refusal(headline, mine.event_problems)


def show_refusal(headline: str, problems: Sequence[Problem]) -> None:
    """Why something cannot be opened: the first problems in the message, all in a table."""
    lines = "\n".join(f"- {labels.md_literal(p)}" for p in problems[:PROBLEMS_LISTED])
    if len(problems) > PROBLEMS_LISTED:
        lines += f"\n- … and {len(problems) - PROBLEMS_LISTED} more, all in the table below"
    st.error(f"{headline}\n\n{lines}")
    st.dataframe(downloads.problems_table(problems), hide_index=True)


def show_map(event: Event, frames: dict[str, gpd.GeoDataFrame], view: View) -> None:
    """The map without the travellers, who come as a group st_folium adds to the mounted map: the
    time slider then moves them without reloading the map or losing its zoom."""
    drawn = {key: frame for key, frame in frames.items() if key != POSITIONS}
    fmap = maps.build_map(event, frames=drawn, year=view.year, tiles=view.tiles)
    # streamlit-folium loads scripts by URL (a CDN by default): hand it Leaflet as data: URIs.
    fmap.default_js = [("leaflet", assets.leaflet_js_uri())]
    fmap.default_css = [("leaflet_css", assets.leaflet_css_uri())]
    st_folium(
        fmap,
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=RETURNED_OBJECTS,
        feature_group_to_add=positions_group(frames[POSITIONS]) if POSITIONS in frames else None,
        on_change=select_clicked_feature,
    )


def positions_group(frame: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """The travellers, drawn as maps.build_map draws its "positions" frame."""
    return maps.frame_group(POSITIONS, frame, title=maps.EXTRA_TITLES[POSITIONS])


def show_details(event: Event, frames: dict[str, gpd.GeoDataFrame], view: View) -> None:
    st.subheader("Details")
    places = frames.get("places")
    ids = selection.sorted_ids(event, (i for frame in frames.values() for i in frame["id"]), places=places)
    keep_valid("selected", [None, *ids], default=None)
    chosen = st.selectbox(
        "Feature",
        [None, *ids],
        format_func=lambda i: "—" if i is None else selection.label_of(event, i, places=places),
        key="selected",
        placeholder="Click the map, or choose here",
    )
    details = (
        selection.details_of(event, chosen, year=view.year, at=view.at, places=places) if chosen else None
    )
    if details is None:
        st.caption("Click a country, a leg, a trade arrow or a traveller for what the sources say about it.")
        return
    st.html(DETAILS_CSS + f'<div class="dm-details">{details.html}</div>')
    if details.disputed:
        st.warning("Sources disagree on a value here: it is marked disputed, with the other values reported.")


def show_tables(event: Event, frames: dict[str, gpd.GeoDataFrame], view: View) -> None:
    """The map as tables, one at a time (each grid is costly to draw in the browser); every table
    downloads as CSV."""
    st.subheader("The map as tables")
    tables = downloads.tables_from_frames(event, frames, year=view.year)
    keep_valid("table", list(tables), default="people")
    shown = st.radio("Table", list(tables), format_func=TABLE_TITLES.get, horizontal=True, key="table")
    links = {"source_url": st.column_config.LinkColumn("source")}
    st.dataframe(tables[shown], hide_index=True, column_config=links)
    for column, (name, table) in zip(st.columns(len(tables)), tables.items(), strict=True):
        with column:
            st.download_button(
                f"{TABLE_TITLES[name]} (CSV)",
                lambda table=table: downloads.csv_from_table(table),
                file_name=f"{event.id}-{name}.csv",
                mime="text/csv",
                key=f"download_{name}",
                on_click="ignore",
            )


def show_downloads(event: Event, frames: dict[str, gpd.GeoDataFrame], view: View) -> None:
    st.subheader("Download the map")
    html_column, geojson_column = st.columns(2)
    with html_column:
        # A fresh map: html_from_map adds Leaflet to the header of the map it is given.
        st.download_button(
            "Map as one HTML file (works offline)",
            lambda: export.html_from_map(
                maps.build_map(event, frames=frames, year=view.year, tiles=view.tiles)
            ),
            file_name=f"{event.id}-{view.year}.html",
            mime="text/html",
            key="download_html",
            on_click="ignore",
        )
    with geojson_column:
        st.download_button(
            "Every drawn feature (GeoJSON)",
            lambda: downloads.geojson_from_frames(frames),
            file_name=f"{event.id}-{view.year}.geojson",
            mime="application/geo+json",
            key="download_geojson",
            on_click="ignore",
        )


main()
