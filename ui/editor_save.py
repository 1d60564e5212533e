"""The draft out of the editor: a zip of its folder to download (the app's event upload opens it),
and, when the app runs on the user's own machine, the folder saved under the events folder,
never over an existing event unless the user ticks that they mean it.

On their own machine means: the browser reached the server over loopback (Streamlit's
``st.context.ip_address`` is None for 127.0.0.1 and ::1) at a loopback address
(``st.context.url``'s host is localhost, 127.x.x.x or [::1]). A server behind a proxy on the same
host is reached at its public name, so it never counts. DIPLOMAP_SAVE_EVENTS=on or off overrides.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from functools import partial
from pathlib import Path
from urllib.parse import urlparse

import streamlit as st

from geo.base.errors import EventExistsError, errors_only
from geo.io import folders, sheets
from geo.io.schema import SLUG
from geo.io.sheets import Draft
from geo.model import text
from ui import editor_state

LOG = logging.getLogger("diplomap.app")
SAVE_ENV = "DIPLOMAP_SAVE_EVENTS"
REPLACE_KEY, SAVED_KEY = "save_replace", "editor_saved"
LOOPBACK_NAMES = ("localhost",)


def runs_locally() -> bool:
    """Whether the user's browser runs on the server's machine (see the module's doc)."""
    chosen = os.environ.get(SAVE_ENV, "").strip().lower()
    if chosen in ("on", "off"):
        return chosen == "on"
    return is_loopback(st.context.url) and st.context.ip_address is None


def is_loopback(url: str | None) -> bool:
    """The URL's host is this machine: localhost, 127.x.x.x or ::1."""
    if not url:
        return False
    try:
        host = urlparse(url).hostname or ""
    except ValueError:
        return False
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def show(root: Path, draft: Draft, checked: editor_state.Checked) -> None:
    """How far the draft is from an event, then its zip and (locally) saving it."""
    st.subheader("Check and save")
    show_verdict(checked)
    event_id = draft.event_id
    named = SLUG.fullmatch(event_id) is not None
    download, save = st.columns(2)
    with download:
        st.download_button(
            f"Download {event_id}.zip" if named else "Download the event (zip)",
            partial(zip_of, editor_state.latest(), event_id) if named else b"",
            file_name=f"{event_id}.zip" if named else "event.zip",
            mime="application/zip",
            key="download_draft",
            on_click="ignore",
            disabled=not named,
            icon=":material/download:",
        )
        st.caption(
            "The event's folder, zipped: upload it under “Your own data” on the map's page, "
            "or unzip it into data/events/."
            if named
            else "Give the event an id (a slug, like kim-beijing-2026-01) to name its folder."
        )
    with save:
        if runs_locally():
            show_save(root, draft, checked, named=named)
        else:
            st.caption(
                "Saving into the events folder works when the app runs on your own machine "
                "(scripts/run.sh, opened at localhost): here, download the zip."
            )


def zip_of(latest: editor_state.Latest, event_id: str) -> bytes:
    """The zip of the draft as it is when the button is pressed (made then, not when drawn), in
    a folder named by its id (the one the button was drawn with, should the id be mid-edit)."""
    draft = latest.draft or Draft()
    folder = draft.event_id if SLUG.fullmatch(draft.event_id) else event_id
    return folders.zip_from_files(folder, sheets.files_from_draft(draft))


def show_verdict(checked: editor_state.Checked) -> None:
    refused = errors_only(checked.problems)
    warnings = len(checked.problems) - len(refused)
    if checked.event is None:
        st.error(f"Not yet an event: {len(refused)} problem(s), each shown beside its row or field.")
    elif refused:
        st.warning(
            f"{len(refused)} problem(s) leave rows out of the map"
            + (f", and {warnings} warning(s)" if warnings else "")
            + ": each is shown beside its row."
        )
    elif warnings:
        st.info(f"An event, with {warnings} warning(s) worth a look beside their rows.")
    else:
        st.success("No problem: every row is on the map.", icon=":material/check_circle:")
    kept = st.session_state.get(editor_state.KEPT_KEY)
    if kept:
        st.caption(f":material/warning: This draft is not kept under its link: {text.md_literal(kept)}.")
    else:
        st.caption(
            ":material/bookmark: This draft is kept on the server under this page's link for "
            "30 days: open the link again to go on. Anyone with the link can open it."
        )


def show_save(root: Path, draft: Draft, checked: editor_state.Checked, *, named: bool) -> None:
    event_id = draft.event_id
    saved = st.session_state.get(SAVED_KEY)
    if saved:
        st.success(f"Saved in {text.md_literal(saved)}: it is in the map's list of events.")
    if not named or checked.event is None:
        st.button("Save into the events folder", key="save_event", disabled=True, icon=":material/save:")
        st.caption("The event saves once it opens: fix the problems that keep it from being an event.")
        return
    folder = root / event_id
    exists = folder.exists()
    if exists:
        st.warning(f"An event {text.md_literal(event_id)} is already in {text.md_literal(root)}.")
        st.checkbox(f"Replace the files of {event_id} with this draft's", key=REPLACE_KEY)
    allowed = not exists or st.session_state.get(REPLACE_KEY, False)
    st.caption(f"Into {text.md_literal(folder)}")
    st.button(
        "Save into the events folder",
        key="save_event",
        on_click=save,
        args=(root, draft, exists),
        disabled=not allowed,
        icon=":material/save:",
    )


def save(root: Path, draft: Draft, replace: bool) -> None:
    """Write the folder; over an existing one only when the user ticked that they mean it."""
    st.session_state.pop(SAVED_KEY, None)
    replace = replace and st.session_state.get(REPLACE_KEY, False)
    try:
        folder = folders.save_event(root, draft.event_id, sheets.files_from_draft(draft), replace=replace)
    except (EventExistsError, ValueError, OSError) as exc:
        LOG.info("saving %s refused: %s", draft.event_id, exc)
        st.session_state[SAVED_KEY] = None
        st.toast(f"Not saved: {text.md_literal(exc)}")
        return
    st.session_state.pop(REPLACE_KEY, None)
    st.session_state[SAVED_KEY] = str(folder)
