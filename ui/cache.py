"""Cached loaders: keyed by ids, choices and digests, never by frames. A folium map is never
cached (ui.mapview keeps its rendered text), so sessions never share one.

Uploads are cached under the digest of their bytes (``_files``, ``_data``: not hashed again).
Two users share an entry only by uploading the same bytes, so neither learns anything from it.
"""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import streamlit as st

from geo.base import registry, settings
from geo.base.errors import DataError, DiplomapError, Problem
from geo.io import uploads
from geo.io.events import Event, load_event
from geo.io.schema import TradeFlow
from geo.io.tables import Table
from geo.model import figures, layers
from geo.model.view import Scene
from geo.web import maps

UPLOAD_OPTION = "upload:"
"""The uploaded event's value in the event selector: no folder's name (a slug) holds a colon."""


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
    places_digest: str = ""
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


@functools.cache
def freeze_imports() -> None:
    """Once a process, after the app's imports: what they made (about 170,000 objects of
    geopandas, pyproj, folium, Streamlit) moves out of the garbage collector's reach. Streamlit
    collects after every run, and a full collection walking them took 90 ms of CPU per rerun (3 ms
    without them); they live as long as the server anyway."""
    gc.freeze()


# An Event is frozen, and read without unpickling a copy on every run: each run reads every
# event (the person selector lists who travels in several).
@st.cache_resource(show_spinner=False, max_entries=64)
def event(root: str, event_id: str, stamp: int) -> Event:
    return load_event(event_id, root=Path(root))


# The event or scene comes unhashed (``_scene``): ``key`` names it, its files' stamp or digests
# included, and the view's parts that change the layer are passed as hashable values.


@st.cache_data(show_spinner="Drawing the layer…", max_entries=128)
def layer(
    key: tuple, _scene: Scene, name: str, year: int | None, flows: tuple
) -> dict[str, gpd.GeoDataFrame]:
    return maps.build_layer(_scene, name)


def layer_of(shown: Shown, scene: Scene, name: str) -> dict[str, gpd.GeoDataFrame]:
    """One toggle's frames, cached by only the parts of the view that change them."""
    spec = registry.LAYERS[name]
    year = scene.year if spec.follows_year else None
    flows = (scene.view.min_value, scene.view.top) if spec.follows_filters else ()
    return layer(shown.key, scene, name, year, flows)


@st.cache_data(show_spinner=False, max_entries=64)
def key_figures(key: tuple, _event: Event, year: int) -> list[figures.KeyFigure]:
    return figures.key_figures(_event, year=year)


@st.cache_data(show_spinner=False, max_entries=512)
def positions(key: tuple, _event: Event, at: datetime) -> gpd.GeoDataFrame:
    return layers.build_position_layer(_event, at)


# Uploads are resources, not data: st.cache_data unpickles a copy on every rerun, which for a
# million trade rows took seconds; these are read-only, and kept once per upload (by digest)
# with the indexes built on them (geo.io.tradeindex). Few are kept: each may be hundreds of MB.
@st.cache_resource(show_spinner="Reading your event…", max_entries=8)
def event_upload(
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


@st.cache_resource(show_spinner="Reading your trade flows…", max_entries=4)
def trade_upload(digest: str, name: str, _data: bytes) -> Table[TradeFlow]:
    try:
        return uploads.trade_from_upload(name, _data)
    except DataError as exc:
        return Table(name, problems=exc.problems)


@st.cache_resource(show_spinner=False, max_entries=4)
def with_trade(key: tuple, _event: Event, _trade: Table[TradeFlow]) -> Event:
    """The event with the uploaded flows added, made once per event and upload (``key``): its
    trade rows are indexed once, then every rerun asks the same indexes."""
    return uploads.add_trade(_event, _trade)


@st.cache_data(show_spinner="Reading your places…", max_entries=16)
def places_upload(
    digest: str, name: str, _data: bytes
) -> tuple[gpd.GeoDataFrame, tuple[Problem, ...], tuple[dict[str, str], ...]]:
    table = uploads.places_from_geojson(name, _data)
    return layers.build_place_layer(table.entries, file=name), tuple(table.problems), tuple(table.rejected)


def read_uploads(
    event_files: Sequence[tuple[str, bytes]],
    trade_files: Sequence[tuple[str, bytes]] = (),
    places_files: Sequence[tuple[str, bytes]] = (),
    *,
    digests: Mapping[str, str] | None = None,
) -> Uploads:
    """What was uploaded, from (name, bytes) pairs: an event's files, a trade CSV, a GeoJSON (the
    last two uploaders hold one file each). ``digests`` has those already known, by uploader
    ("event", "trade", "places"): hashing 200 MB again on every rerun costs half a second."""
    known = digests or {}
    found, problems, event_digest = None, (), ""
    if event_files:
        event_digest = known.get("event") or uploads.digest_of(event_files)
        found, problems = event_upload(event_digest, tuple(event_files))
    trade_table, trade_digest = None, ""
    if trade_files:
        trade_digest = known.get("trade") or uploads.digest_of(trade_files)
        trade_table = trade_upload(trade_digest, *trade_files[0])
    places, places_problems, places_rejected, places_digest = None, (), (), ""
    if places_files:
        places_digest = known.get("places") or uploads.digest_of(places_files)
        places, places_problems, places_rejected = places_upload(places_digest, *places_files[0])
    return Uploads(
        event=found,
        event_digest=event_digest,
        event_names=tuple(name for name, _ in event_files),
        event_problems=problems,
        trade=trade_table,
        trade_digest=trade_digest,
        places=places,
        places_digest=places_digest,
        places_problems=places_problems,
        places_rejected=places_rejected,
    )


EVENTS_DIR_ENV = "DIPLOMAP_EVENTS_DIR"


def events_root() -> Path:
    """The folder of events: DIPLOMAP_EVENTS_DIR, read on every run (the tests point it at a
    temporary one), or the bundled events."""
    return Path(os.environ.get(EVENTS_DIR_ENV) or settings.EVENTS_DIR)


def folder_event(root: Path, event_id: str) -> Shown:
    """A folder's event, read once for as long as its files are unchanged."""
    stamp = folder_stamp(root, event_id)
    return Shown(event(str(root), event_id, stamp), ("folder", str(root), event_id, str(stamp)))


def frames_of(shown: Shown, scene: Scene, *, places: gpd.GeoDataFrame | None = None) -> dict:
    """The chosen layers, each cached on its own, in the registry's drawing order."""
    frames: dict = {}
    for layer in scene.view.layers:
        if layer == "places":  # a reader's own, from their upload (toggled once there is one)
            if places is not None:
                frames["places"] = places
        elif layer == "positions":
            frames.update(positions_of(shown, scene))
        else:
            frames.update(layer_of(shown, scene, layer))
    return frames


def folder_stamp(root: Path, event_id: str) -> int:
    """Changes when any file of the event changes, so edited data is loaded again."""
    return max((p.stat().st_mtime_ns for p in (root / event_id).iterdir() if p.is_file()), default=0)


def event_options(root: Path, event_ids: Sequence[str]) -> dict[str, str]:
    """Each event's entry in the event list, by its folder's name: its title (with its date when
    the title gives no year), newest first; an event that cannot be opened is listed last, by its
    folder's name, and says what is wrong when chosen."""
    found: dict[str, tuple[str, str]] = {}
    for event_id in event_ids:
        try:
            meta = event(str(root), event_id, folder_stamp(root, event_id)).meta
        except (DiplomapError, OSError):
            continue
        found[event_id] = (meta.date.isoformat(), event_label(meta))
    newest = sorted(found, key=lambda i: found[i][0], reverse=True)
    titles = [found[i][1] for i in newest]
    # Two events of one title are told apart by their folders' names.
    options = {i: found[i][1] + (f" ({i})" if titles.count(found[i][1]) > 1 else "") for i in newest}
    return options | {i: f"{i} (cannot be opened)" for i in event_ids if i not in found}


def event_label(meta) -> str:
    """An event as the event list names it: its title, with its date when the title gives no year."""
    return meta.title if str(meta.date.year) in meta.title else f"{meta.title}, {meta.date:%-d %B %Y}"


def positions_of(shown: Shown, scene: Scene) -> dict[str, gpd.GeoDataFrame]:
    """The travellers at the view's moment, cached by the moment."""
    return {"positions": positions(shown.key, scene.event, scene.view.at)}
