"""The sidebar: the event, the chapter, the view's widgets and the uploaders. Options come from
the registry and the event; widgets read state that ui.state has kept valid."""

from __future__ import annotations

import logging
import math
from datetime import datetime, time
from zoneinfo import ZoneInfo

import streamlit as st

from geo.base import registry, settings
from geo.io import uploads
from geo.io.events import Event
from geo.model import story, text, view
from geo.model.trade import trade_years
from ui import cache, clock, state, workarounds

LOG = logging.getLogger("diplomap.app")
MIN_VALUES = (0.0, 1e8, 1e9, 1e10, 1e11)
TOP_CHOICES = (0, 3, 5, 10, 20)
MEGABYTE = 1024 * 1024
UPLOAD_KEYS = {"event": "upload_event", "trade": "upload_trade", "places": "upload_places"}


def years(event: Event) -> list[int]:
    return trade_years(event.trade) or [view.default_year(event)]


def first_view(event: Event) -> view.View:
    """The view a first visit opens on, before any widget is touched (settle_state's defaults):
    what the server warms when it starts (ui.warm)."""
    found = years(event)
    own = view.default_year(event)
    return view.View(
        layers=tuple(layer for layer in state.LAYER_KEYS if registry.LAYERS[layer].default),
        year=own if own in found else found[-1],
        at=clock.first_moment(event),
    )


def settle_state(event: Event) -> None:
    """Every sidebar widget's state valid for this event before the widgets read it (a link, an
    earlier event or a first visit may have left none, or one this event does not have)."""
    clock.settle(event)
    for layer, key in state.LAYER_KEYS.items():
        state.keep_valid(key, (True, False), default=registry.LAYERS[layer].default)
    found = years(event)
    own = view.default_year(event)
    state.keep_valid("year", found, default=own if own in found else found[-1])
    state.keep_valid("min_value", MIN_VALUES, default=0.0)
    state.keep_valid("top", TOP_CHOICES, default=0)
    state.keep_valid("tiles", (True, False), default=False)
    state.keep_valid("chapter", [0, *range(1, len(story.chapters_of(event)) + 1)], default=0)
    if st.session_state.pop("_open_chapter", False):
        open_chapter(event)


def choose_view(event: Event, sidebar, *, key: tuple, uploaded: tuple[str, ...] = ()) -> view.View:
    """The sidebar's view widgets, drawn in ``sidebar`` (a container in it); ``key`` names the
    event and its data (ui.cache.Shown.key); ``uploaded``: the layers a reader's uploads draw
    (registry.UPLOADED), toggled under the others."""
    settle_state(event)
    at = choose_moment(event, sidebar, key=key)
    sidebar.subheader("Layers")
    yours = {layer: widget for layer, widget in state.UPLOAD_LAYER_KEYS.items() if layer in uploaded}
    for widget in yours.values():
        state.keep_valid(widget, (True, False), default=True)
    widgets = {**state.LAYER_KEYS, **yours}
    chosen = tuple(
        layer
        for layer, widget in widgets.items()
        if sidebar.checkbox(registry.LAYERS[layer].title, key=widget, help=registry.LAYERS[layer].description)
    )
    year, min_value, top = choose_trade(event, sidebar, on="trade" in chosen)
    sidebar.subheader("Basemap")
    tiles = sidebar.checkbox(
        "Online street map (OpenStreetMap tiles)",
        key="tiles",
        help="Off by default: the map works with no network. On, the browser asks openstreetmap.org for tiles.",
    )
    return view.View(
        layers=chosen,
        year=year,
        min_value=min_value,
        top=top or None,
        at=at,
        tiles="OpenStreetMap" if tiles else None,
        chapter=st.session_state["chapter"] or None,
    )


def choose_moment(event: Event, sidebar, *, key: tuple) -> datetime:
    """The chapter, and the travellers' moment with the event's time zone under it."""
    chapters = story.chapters_of(event)
    sidebar.selectbox(
        "Chapter",
        [0, *range(1, len(chapters) + 1)],
        format_func=lambda n: "Everything" if n == 0 else f"{n}. {chapters[n - 1].title}",
        key="chapter",
        help="The event's story, one view at a time; Everything shows the whole map.",
        on_change=open_chapter,
        args=(event,),
    )
    zone = ZoneInfo(event.meta.timezone)
    offset = datetime.combine(event.meta.date, time(clock.DEFAULT_HOUR), tzinfo=zone).strftime("%z")
    at = clock.choose_time(
        event, sidebar, key=key, disabled=not st.session_state[state.LAYER_KEYS["positions"]]
    )
    # A zone name ZoneInfo knows is letters, digits and / _ + -: nothing Markdown acts on.
    sidebar.caption(f"Local time of the event: {event.meta.timezone} (UTC{offset[:3]}:{offset[3:]})")
    return at


def choose_trade(event: Event, sidebar, *, on: bool) -> tuple[int, float, int]:
    """The trade year, the smallest flow drawn and the top-N (0: all), disabled with the layer off."""
    sidebar.subheader("Trade")
    year = sidebar.selectbox("Trade year", years(event), key="year")
    min_value = sidebar.select_slider(
        "Smallest flow drawn",
        options=MIN_VALUES,
        format_func=lambda v: "all" if v == 0 else text.usd(v),
        key="min_value",
        disabled=not on,
    )
    top = sidebar.selectbox(
        "Largest flows only",
        TOP_CHOICES,
        format_func=lambda n: "all flows" if n == 0 else f"the {n} largest",
        key="top",
        disabled=not on,
    )
    return year, min_value, top


def open_chapter(event: Event) -> None:
    """A chapter chosen: its layers on, the others off, and the travellers at its moment."""
    number = st.session_state["chapter"]
    state.forget_map_view()
    if not number:
        return
    chapter = story.chapters_of(event)[number - 1]
    for layer, key in state.LAYER_KEYS.items():
        st.session_state[key] = layer in chapter.layers or layer == "positions"
    if chapter.time:
        moment = datetime.fromisoformat(chapter.time).astimezone(ZoneInfo(event.meta.timezone))
        st.session_state["time"] = moment.replace(tzinfo=None, second=0, microsecond=0)


def choose_uploads(sidebar) -> cache.Uploads:
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
        type=["csv", "tsv", "txt", "gz", "parquet"],
        key=UPLOAD_KEYS["trade"],
        max_upload_size=math.ceil(settings.MAX_TRADE_UPLOAD_BYTES / MEGABYTE),
        help="Added to the event shown; CSV, gzipped CSV (a Comtrade bulk file as served) or "
        "Parquet. A Comtrade+ file becomes one flow per reporter, partner, direction and year: "
        "its TOTAL row, or the sum of its HS chapters where it has none.",
    )
    places_file = sidebar.file_uploader(
        "Places (GeoJSON points)",
        type=["geojson", "json"],
        key=UPLOAD_KEYS["places"],
        max_upload_size=math.ceil(settings.MAX_INPUT_BYTES / MEGABYTE),
        help="Each Point with a name property becomes a place on the map, named and keyed, with "
        "its own toggle under Layers; kind, iso3, note, source_url and source are read too.",
    )
    try:
        held = {"event": event_files, "trade": trade_file, "places": places_file}
        mine = cache.read_uploads(
            files_of(event_files), files_of(trade_file), files_of(places_file), digests=known_digests(held)
        )
    except Exception:  # a bug reading an upload: the log keeps it, the bundled events stay usable
        LOG.exception("reading an upload failed")
        sidebar.error("Your files could not be read; the server log has the details.")
        return cache.Uploads()
    for line in upload_notes(mine):
        sidebar.caption(line)
    return mine


workarounds.install()

DIGESTS_KEY = "_upload_digests"


def known_digests(held: dict[str, object]) -> dict[str, str]:
    """Each uploader's digest (geo.io.uploads.digest_of), hashed once per upload in this session:
    Streamlit's file ids say when the files are the same ones as at the last run."""
    kept = st.session_state.setdefault(DIGESTS_KEY, {})
    found = {}
    for name, uploaded in held.items():
        files = uploaded if isinstance(uploaded, list) else [] if uploaded is None else [uploaded]
        ids = tuple(f.file_id for f in files)
        if not ids:
            kept.pop(name, None)
            continue
        if kept.get(name, (None,))[0] != ids:
            kept[name] = (ids, uploads.digest_of(files_of(uploaded)))
        found[name] = kept[name][1]
    return found


def files_of(uploaded) -> list[tuple[str, bytes]]:
    """(name, bytes) of what an uploader holds: nothing, one file or a list of them."""
    if uploaded is None:
        return []
    return [(f.name, f.getvalue()) for f in (uploaded if isinstance(uploaded, list) else [uploaded])]


def upload_notes(mine: cache.Uploads) -> list[str]:
    """What became of each upload, in a line each (problems are told above the map)."""
    notes = []
    if mine.event is not None:
        notes.append(
            f"Event {text.md_literal(mine.event.id)} opened: it is in the list of events, marked as yours."
        )
    elif mine.event_problems:
        notes.append("Your event cannot be opened: the reasons are above the map.")
    if mine.trade is not None:
        refused = (
            f"; {len(mine.trade.problems)} problem(s), listed above the map" if mine.trade.problems else ""
        )
        notes.append(f"{len(mine.trade.entries)} trade figure(s) added to the event shown{refused}.")
    if mine.places is not None:
        refused = (
            f"; {len(mine.places_problems)} problem(s), listed above the map" if mine.places_problems else ""
        )
        notes.append(f"{len(mine.places)} place(s) added to the map{refused}.")
    return notes
