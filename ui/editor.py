"""The "New event" page: an event written in the app, sheet by sheet, checked by the loader as it
is typed, with its map beside it; downloaded as a zip of its folder, or saved into the events
folder on the user's own machine.

A page of calls: where a draft starts (ui.editor_start), its sheets (ui.editor_tables), its map
and places (ui.editor_places), its way out (ui.editor_save); the draft itself lives in
ui.editor_state.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.model import text
from ui import editor_places, editor_save, editor_start, editor_state, editor_tables, state

NOTES_SHOWN = 10


def show(root: Path) -> None:
    """The page, for events kept under ``root`` (copied from, and saved into)."""
    state.page_run()
    st.title("New event", anchor=False)
    draft = editor_state.current()
    editor_start.show(root, has_draft=draft is not None)
    if draft is None:
        st.caption(
            "An event is a folder of files (data/README.md): here they are sheets to fill in, "
            "checked as you type, with the map drawn beside them."
        )
        return
    editor_state.keep_link()
    draft = editor_tables.take_edits(draft)
    checked = editor_state.check(draft)
    show_notes(draft)
    sheets_column, map_column = st.columns([3, 2], gap="medium")
    with sheets_column:
        editor_tables.show(draft, checked.problems)
    with map_column:
        editor_places.show_map(checked)
        editor_places.show_click(checked.problems)
    editor_save.show(root, draft, checked)
    st.button(
        "Discard this draft", key="discard_draft", on_click=editor_state.forget, icon=":material/delete:"
    )


def show_notes(draft) -> None:
    """Where the draft came from, and what opening it left out (said until another opens)."""
    origin = editor_start.origin_line(draft)
    notes = st.session_state.get(editor_state.NOTES_KEY) or ()
    if not notes:
        if origin:
            st.caption(origin)
        return
    lines = "\n".join(f"- {text.md_literal(p)}" for p in notes[:NOTES_SHOWN])
    more = f"\n- … and {len(notes) - NOTES_SHOWN} more" if len(notes) > NOTES_SHOWN else ""
    st.warning(f"{origin} Not carried over into the draft:\n\n{lines}{more}")
