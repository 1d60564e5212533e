"""Diplomap in the browser: an event's map to explore, click for details, share and download.

Streamlit lives here and nowhere else: facts, layers, details and files all come from geo/.
Run it with ``streamlit run app.py`` (scripts/run.sh). DIPLOMAP_EVENTS_DIR, read on every run,
points it at another folder of events (the tests use a temporary one).
"""

from __future__ import annotations

import logging
import os
import re
import time as clock
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from string import Template
from zoneinfo import ZoneInfo

import folium
import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from geo import assets, downloads, export, figures, labels, maps, selection, settings, styles, timeline, trade
from geo.errors import DataError, DiplomapError, Problem
from geo.events import Event, list_events, load_event

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
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


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
    event_ids = list_events(root)
    if not event_ids:
        st.error(md(f"No events found in {root}: each event is a folder holding an event.toml."))
        return
    read_url(event_ids)
    keep_valid("event", event_ids, default=event_ids[0])
    event_id = st.sidebar.selectbox("Event", event_ids, key="event", on_change=forget_event_choices)
    event = open_event(root, event_id)
    if event is None:
        write_url({"event": event_id})
        return
    try:
        view = choose_view(event)
        show_event(root, event, view)
        write_url(url_of(event, view))
    except Exception:  # the page never shows a traceback: the log keeps it, other events stay usable
        LOG.exception("drawing event %s failed", event_id)
        st.error(md(f"The event {event_id} could not be drawn; the server log has the details."))
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


def forget_event_choices() -> None:
    """Another event has other years, days and features: start those from its defaults."""
    for key in ("year", "time", "selected"):
        st.session_state.pop(key, None)


def select_clicked_feature() -> None:
    clicked = selection.clicked_from_return(st.session_state.get(MAP_KEY))
    if clicked is not None:
        st.session_state["selected"] = clicked.id


def url_of(event: Event, view: View) -> dict[str, str]:
    params = {
        "event": event.id,
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


@st.cache_data(show_spinner="Drawing the layer…", max_entries=128)
def cached_layer(
    root: str, event_id: str, stamp: int, layer: str, year: int | None, min_value: float, top: int | None
) -> dict[str, gpd.GeoDataFrame]:
    event = cached_event(root, event_id, stamp)
    return maps.build_layers(event, layers_on=[layer], year=year, min_value=min_value, top=top)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_figures(root: str, event_id: str, stamp: int, year: int) -> list[figures.KeyFigure]:
    return figures.key_figures(cached_event(root, event_id, stamp), year=year)


@st.cache_data(show_spinner=False, max_entries=512)
def cached_positions(root: str, event_id: str, stamp: int, at: datetime) -> gpd.GeoDataFrame:
    return timeline.build_position_layer(cached_event(root, event_id, stamp), at)


def cache_args(root: Path, event: Event) -> tuple[str, str, int]:
    return str(root), event.id, folder_stamp(root, event.id)


def open_event(root: Path, event_id: str) -> Event | None:
    """The event, or None after saying on the page what is wrong with its files."""
    try:
        return cached_event(str(root), event_id, folder_stamp(root, event_id))
    except DataError as exc:
        show_broken_event(event_id, exc.problems)
    except DiplomapError as exc:
        st.error(md(str(exc)))
    except OSError as exc:
        st.error(md(f"The event {event_id} cannot be read: {exc.strerror or exc}"))
    return None


def build_frames(root: Path, event: Event, view: View) -> dict[str, gpd.GeoDataFrame]:
    """The chosen layers in drawing order: shapes, lines, stations, then travellers on top."""
    args = cache_args(root, event)
    frames: dict[str, gpd.GeoDataFrame] = {}
    for layer in styles.LAYERS:
        if layer in view.layers:
            year = view.year if layer in YEAR_LAYERS else None
            flows = (view.min_value, view.top_or_none) if layer == "trade" else (0.0, None)
            frames.update(cached_layer(*args, layer, year, *flows))
    if "stops" in frames:
        frames["stops"] = frames.pop("stops")
    if POSITIONS in view.layers:
        frames[POSITIONS] = cached_positions(*args, view.at)
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


def choose_view(event: Event) -> View:
    settle_state(event)
    sidebar = st.sidebar
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
    sidebar.caption(md(f"Local time of the event: {event.meta.timezone} (UTC{offset[:3]}:{offset[3:]})"))

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


def _hours(start: datetime, end: datetime) -> set[datetime]:
    return {start + i * TIME_STEP for i in range(int((end - start) / TIME_STEP) + 1)}


def _layer_title(layer: str) -> str:
    return maps.EXTRA_TITLES[layer] if layer in maps.EXTRA_TITLES else styles.LAYERS[layer].title


def _layer_help(layer: str) -> str:
    if layer in styles.LAYERS:
        return styles.LAYERS[layer].description
    return "Each traveller where the sources put them at the chosen time; hollow when unknown"


def show_event(root: Path, event: Event, view: View) -> None:
    frames = build_frames(root, event, view)
    show_header(root, event, view)
    show_problems(event)
    map_column, details_column = st.columns([3, 1], gap="medium")
    with map_column:
        show_map(event, frames, view)
    with details_column:
        show_details(event, frames, view)
    show_tables(event, frames, view)
    show_downloads(event, frames, view)


def show_header(root: Path, event: Event, view: View) -> None:
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
    key_figures = cached_figures(*cache_args(root, event), view.year)
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


def show_problems(event: Event) -> None:
    """Rows refused while loading: the map is drawn without them; say which and why."""
    if not event.problems:
        return
    st.warning(
        md(f"{len(event.problems)} problem(s) in this event's files: those rows are left out of the map.")
    )
    with st.expander("What was left out, and why"):
        st.dataframe(downloads.problems_table(event.problems), hide_index=True)
        st.download_button(
            "Refused rows (CSV)",
            downloads.csv_from_table(downloads.rejected_table(event)),
            file_name=f"{event.id}-refused-rows.csv",
            mime="text/csv",
            key="download_refused",
            on_click="ignore",
        )


def show_broken_event(event_id: str, problems: list[Problem]) -> None:
    lines = "\n".join(f"- {md(str(p))}" for p in problems[:PROBLEMS_LISTED])
    if len(problems) > PROBLEMS_LISTED:
        lines += f"\n- … and {len(problems) - PROBLEMS_LISTED} more, all in the table below"
    st.error(
        f"The event {md(event_id)} cannot be opened. Fix its files (the other events still work):\n\n{lines}"
    )
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
    ids = selection.sorted_ids(event, (i for frame in frames.values() for i in frame["id"]))
    keep_valid("selected", [None, *ids], default=None)
    chosen = st.selectbox(
        "Feature",
        [None, *ids],
        format_func=lambda i: "—" if i is None else selection.label_of(event, i),
        key="selected",
        placeholder="Click the map, or choose here",
    )
    details = selection.details_of(event, chosen, year=view.year, at=view.at) if chosen else None
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


def md(text: str) -> str:
    """Text for a Streamlit argument rendered as Markdown (errors, labels, help): backslash-escaped,
    so data never becomes a link, an image, a directive or LaTeX. HTML goes through labels.esc."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


main()
