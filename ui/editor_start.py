"""Where a draft starts: a news article (geo draft reads it), empty, or a copy of an event (one of
the app's, or uploaded as a zip of its folder or as its files). Each way ends in one call,
editor_state.open_files (or begin, for an empty one)."""

from __future__ import annotations

import datetime
import math
from pathlib import Path

import streamlit as st

from geo.base import settings
from geo.base.errors import DataError, DraftError, Problem
from geo.draft import draft_event
from geo.io import uploads
from geo.io.events import list_events
from geo.io.folders import files_in_folder
from geo.io.sheets import Draft
from geo.model import text
from ui import editor_state, panels

MEGABYTE = 1024 * 1024
ERROR_KEY = "editor_start_error"
"""Why the last upload could not be opened as a draft, to say above the buttons."""


def show(root: Path, *, has_draft: bool) -> None:
    """The three ways to start, folded away once a draft is open."""
    title = "Start another draft" if has_draft else "Start a draft"
    with st.expander(title, expanded=not has_draft, icon=":material/note_add:"):
        if has_draft:
            st.caption("Starting another replaces the draft on this page; its link still opens it.")
        refused = st.session_state.pop(ERROR_KEY, None)
        if refused:
            panels.show_refusal("That cannot be opened as a draft:", refused)
        show_article()
        empty, copy, upload = st.columns(3)
        with empty:
            st.markdown("**From nothing**")
            st.caption("Every sheet empty: fill in the event, then its people, places and legs.")
            st.button("Start empty", key="start_empty", on_click=start_empty, icon=":material/draft:")
        with copy:
            st.markdown("**A copy of an event**")
            events = list_events(root)
            st.selectbox("Event", events, key="start_event", index=None, placeholder="Choose an event")
            st.button(
                "Open a copy",
                key="start_copy",
                on_click=start_copy,
                args=(root,),
                disabled=not events,
                icon=":material/content_copy:",
            )
        with upload:
            st.markdown("**A copy of your files**")
            st.file_uploader(
                "A zip of an event's folder, or its files",
                type=["zip", "toml", "csv"],
                accept_multiple_files=True,
                key="start_files",
                max_upload_size=math.ceil(uploads.MAX_ZIP_BYTES / MEGABYTE),
            )
            st.button(
                "Open a copy of the upload",
                key="start_upload",
                on_click=start_upload,
                icon=":material/upload:",
            )


ARTICLE_TYPES = ["txt", "md", "html", "htm"]
MAX_ARTICLE_BYTES = 2 * MEGABYTE
"""A news article is text: a few tens of kB; anything near this is not one."""


def show_article() -> None:
    """A news article pasted or uploaded, with its address: geo draft reads it into every sheet,
    each row citing the address and quoting the article's words."""
    st.markdown("**From a news article**")
    st.caption(
        "Paste the article's text (or upload it), give its address: places, times, people, legs and "
        "figures are read from it, each row citing the article. What it does not say stays empty, "
        "and what is assumed is marked to confirm."
    )
    st.text_area("The article's text", key="start_article_text", height=160)
    st.file_uploader(
        "Or the article as a file (text, Markdown or HTML)",
        type=ARTICLE_TYPES,
        key="start_article_file",
        max_upload_size=math.ceil(MAX_ARTICLE_BYTES / MEGABYTE),
    )
    url, day = st.columns([3, 1])
    url.text_input("Its address (URL)", key="start_article_url", placeholder="https://…")
    day.date_input(
        "Its date, if the text has no dateline",
        value=None,
        key="start_article_date",
        min_value=datetime.date(1900, 1, 1),
        format="YYYY-MM-DD",
    )
    st.button(
        "Draft from the article", key="start_article", on_click=start_article, icon=":material/article:"
    )


def start_article() -> None:
    article = article_text()
    url = (st.session_state.get("start_article_url") or "").strip()
    refused = []
    if not article.strip():
        refused.append(Problem("article", None, None, "", "paste the article's text or upload it first"))
    if not url:
        refused.append(
            Problem("article", None, None, "url", "give the article's address: every row cites it")
        )
    if refused:
        st.session_state[ERROR_KEY] = refused
        return
    try:
        files = draft_event(article, url=url, dateline=st.session_state.get("start_article_date"))
    except DraftError as exc:
        st.session_state[ERROR_KEY] = [Problem("article", None, None, "", str(exc))]
        return
    editor_state.open_files(files, origin=f"{url} (a draft from the article)")


def article_text() -> str:
    """The uploaded file when there is one, else the pasted text."""
    uploaded = st.session_state.get("start_article_file")
    if uploaded is not None:
        return uploaded.getvalue()[:MAX_ARTICLE_BYTES].decode("utf-8-sig", errors="replace")
    return st.session_state.get("start_article_text") or ""


def start_empty() -> None:
    editor_state.begin(Draft(meta={**Draft().meta, "shape": "summit"}, origin="nothing (empty)"))


def start_copy(root: Path) -> None:
    event_id = st.session_state.get("start_event")
    if not event_id:
        st.session_state[ERROR_KEY] = [Problem("event", None, None, "", "choose an event to copy first")]
        return
    files, problems = files_in_folder(root / event_id)
    editor_state.open_files(files, origin=f"{event_id} (a copy)")
    if problems:
        st.session_state[editor_state.NOTES_KEY] = (*problems, *st.session_state[editor_state.NOTES_KEY])


def start_upload() -> None:
    uploaded = st.session_state.get("start_files") or []
    if not uploaded:
        st.session_state[ERROR_KEY] = [Problem("upload", None, None, "", "choose a zip or the files first")]
        return
    named = [(f.name, f.getvalue()) for f in uploaded]
    try:
        files, problems = files_from_upload(named)
    except DataError as exc:
        st.session_state[ERROR_KEY] = exc.problems
        return
    names = ", ".join(name for name, _ in named)
    editor_state.open_files(files, origin=f"{names} (a copy of your upload)")
    st.session_state[editor_state.NOTES_KEY] = (*problems, *st.session_state[editor_state.NOTES_KEY])


def files_from_upload(named: list[tuple[str, bytes]]) -> tuple[dict[str, bytes], list[Problem]]:
    """The event's files from what was uploaded, read within the upload limits (geo.io.uploads)."""
    zips = [name for name, _ in named if name.lower().endswith(".zip")]
    if zips and len(named) > 1:
        reason = "upload either one zip of the event's folder, or its files, not both"
        raise DataError([Problem(zips[0], None, None, "", reason)])
    if zips:
        return uploads.files_from_zip(named[0][1], name=named[0][0])
    names = [name for name, _ in named]
    refused = [
        Problem(n, None, None, "", "is uploaded twice; remove one")
        for n in sorted(set(names))
        if names.count(n) > 1
    ]
    limit = settings.MAX_INPUT_BYTES
    refused += [
        Problem(name, None, None, "", f"file is {len(data):,} bytes; the limit is {limit:,}")
        for name, data in named
        if len(data) > limit
    ]
    if refused:
        raise DataError(refused)
    return dict(named), []


def origin_line(draft: Draft) -> str:
    return f"Started from {text.md_literal(draft.origin)}." if draft.origin else ""
