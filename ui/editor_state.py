"""The editor's draft: held in the session, kept on disk under its id, named in the page's link.

A draft survives reruns and page switches in the session, and a browser reload through its link
(``?draft=`` and the id), which opens the copy kept on disk (geo.io.drafts). Callbacks here only write
state (and the draft's file).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from geo.base import settings
from geo.base.errors import DataError, Problem
from geo.draft import to_confirm
from geo.io import drafts, sheets
from geo.io.events import Event, event_from_files
from geo.io.sheets import Draft
from geo.io.uploads import digest_of
from ui import state

LOG = logging.getLogger("diplomap.app")
DRAFTS_ENV = "DIPLOMAP_DRAFTS_DIR"
LINK_PARAM = "draft"
DRAFT_KEY, ID_KEY = "editor_draft", "editor_draft_id"
NOTES_KEY = "editor_notes"
"""What opening the draft could not carry over (keys, columns, files), said once on the page."""
KEPT_KEY = "editor_kept"
"""Why the draft is not kept on disk, when it is not ("" when it is)."""
LATEST_KEY = "editor_latest"
WIDGET_PREFIXES = ("meta_", "grid_", "find_", "click_", "story_")
"""Widgets showing a draft's values: another draft starts them afresh."""


@dataclass
class Latest:
    """The session's draft as the server last had it, read when a download is pressed: the
    press may come before the page is drawn again with the edit it just committed."""

    draft: Draft | None = None


@dataclass(frozen=True)
class Checked:
    """The draft as the loader sees it: the event (None when it cannot open) and every problem."""

    event: Event | None
    problems: tuple[Problem, ...]
    digest: str


def drafts_dir() -> Path:
    return Path(os.environ.get(DRAFTS_ENV) or settings.DRAFTS_DIR)


def current() -> Draft | None:
    """The session's draft; else the one the link names, opened from disk; else None."""
    if DRAFT_KEY in st.session_state:
        return st.session_state[DRAFT_KEY]
    draft_id = st.query_params.get(LINK_PARAM, "")
    found = drafts.load_draft(drafts_dir(), draft_id) if draft_id else None
    if found is None:
        if draft_id:
            st.warning(
                f"No draft is kept under this link (drafts are kept {drafts.KEEP_DAYS} days): start one below."
            )
        return None
    st.session_state[ID_KEY] = draft_id
    st.session_state[DRAFT_KEY] = found
    st.session_state[KEPT_KEY] = ""
    latest().draft = found
    return found


def keep_link() -> None:
    """The page's link names the draft shown, so a reload opens it again."""
    draft_id = st.session_state.get(ID_KEY, "")
    if st.query_params.to_dict() != {LINK_PARAM: draft_id}:
        st.query_params.from_dict({LINK_PARAM: draft_id})


def begin(draft: Draft, notes: Iterable[Problem] = ()) -> None:
    """Make ``draft`` the page's draft, under a new id: the one it replaces keeps its own link."""
    for key in list(st.session_state):
        if str(key).startswith(WIDGET_PREFIXES):
            del st.session_state[key]
    st.session_state[ID_KEY] = drafts.new_draft_id()
    st.session_state[NOTES_KEY] = tuple(notes)
    state.forget_map_view()
    update(draft)


def open_files(files: Mapping[str, bytes | str], *, origin: str) -> None:
    """A draft from an event folder's files: a copy of an event, an upload, a drafted article."""
    draft, notes = sheets.draft_from_files(files, origin=origin)
    begin(draft, notes)


def update(draft: Draft) -> None:
    """The draft changed: hold it, and keep it on disk when it fits."""
    before = st.session_state.get(DRAFT_KEY)
    for name in sheets.COLUMNS:
        if before is not None and len(before.tables[name]) != len(draft.tables[name]):
            # A grid's edits name rows by position: with rows added or gone they would land on others.
            st.session_state.pop(f"grid_{name}", None)
    st.session_state[DRAFT_KEY] = draft
    latest().draft = draft
    try:
        drafts.save_draft(drafts_dir(), st.session_state[ID_KEY], draft)
        st.session_state[KEPT_KEY] = ""
    except drafts.DraftTooBig as exc:
        st.session_state[KEPT_KEY] = f"{exc}: it is kept in this browser tab only"
    except OSError:
        LOG.exception("keeping a draft failed")
        st.session_state[KEPT_KEY] = "it could not be written to disk: it is kept in this browser tab only"


def latest() -> Latest:
    """This session's holder of its latest draft (one object for the session's life)."""
    if LATEST_KEY not in st.session_state:
        st.session_state[LATEST_KEY] = Latest()
    return st.session_state[LATEST_KEY]


def forget() -> None:
    """Discard the draft: its file too, so its link opens nothing."""
    drafts.delete_draft(drafts_dir(), st.session_state.get(ID_KEY, ""))
    latest().draft = None
    for key in (DRAFT_KEY, ID_KEY, NOTES_KEY, KEPT_KEY):
        st.session_state.pop(key, None)


def check(draft: Draft) -> Checked:
    """The draft through the loader, as written for checking (every row keeps its number)."""
    files = sheets.files_from_draft(draft, for_checking=True)
    digest = digest_of(list(files.items()))
    return checked(digest, files)


# Keyed by the files' digest: the same draft is read once, in any session.
@st.cache_resource(show_spinner=False, max_entries=64)
def checked(digest: str, _files: Mapping[str, bytes]) -> Checked:
    try:
        event = event_from_files(_files)
    except DataError as exc:
        return Checked(None, tuple(exc.problems), digest)
    # What `geo check` lists for a draft: the notes an article left open are warnings here too,
    # beside their rows, not "No problem".
    left_open = tuple(to_confirm(_files)) if event.meta.draft else ()
    return Checked(event, (*event.problems, *left_open), digest)
