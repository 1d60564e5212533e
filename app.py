"""Diplomap in the browser: an event's map to explore, click for details, share and download;
and a new event written on a page of its own (ui.editor).

A page of calls: the sidebar chooses, geo/ computes, ui/ draws. Run it with ``streamlit run
app.py`` (scripts/run.sh). DIPLOMAP_EVENTS_DIR, read on every run, points it at another folder
of events (the tests use a temporary one). What a user uploads lives in their session only.
"""

from __future__ import annotations

import logging
import time as clock
from pathlib import Path

import streamlit as st

if __name__ == "__main__":  # a run of the page: Streamlit runs this file as __main__ for each one
    from geo.base.errors import DataError, DiplomapError
    from geo.io.events import list_events
    from geo.model import text, view
    from ui import cache, editor, mapview, panels, person, sidebar, state
else:
    # `streamlit run app.py` imports this file once, as the module app, to find its server: the
    # server starts at once, without the imports above, and warms its caches in a thread.
    from ui import warm

    app = st.App(__file__, lifespan=warm.lifespan)

LOG = logging.getLogger("diplomap.app")


def main() -> None:
    st.set_page_config(page_title="Diplomap", page_icon="🗺️", layout="wide")
    page = st.navigation(
        [
            st.Page(explore, title="Map", icon=":material/map:", default=True),
            st.Page(new_event, title="New event", icon=":material/edit_note:", url_path="new-event"),
        ],
        position="top",
    )
    if st.session_state.get("_page") != page.url_path:  # each page's map opens on its own view
        st.session_state["_page"] = page.url_path
        state.forget_map_view()
    page.run()


def new_event() -> None:
    cache.freeze_imports()
    try:
        editor.show(cache.events_root())
    except Exception:  # the page never shows a traceback: the log keeps it, the draft stays kept
        LOG.exception("the editor failed")
        st.error("The editor failed here; the server log has the details. Your draft is kept under its link.")


def explore() -> None:
    started = clock.perf_counter()
    cache.freeze_imports()
    state.page_run()
    root = cache.events_root()
    # The sidebar in page order; the uploads are read first, as the event list needs them.
    event_box, view_box, upload_box = st.sidebar.container(), st.sidebar.container(), st.sidebar.container()
    mine = sidebar.choose_uploads(upload_box)
    show_upload_refusal(mine)
    event_ids = list_events(root)
    options = cache.event_options(root, event_ids)
    if mine.event_option is not None:
        options[mine.event_option] = f"{cache.event_label(mine.event.meta)} (your upload)"
    if not options:
        st.error(f"No events found in {text.md_literal(root)}: each event is a folder holding an event.toml.")
        return
    state.read_url(event_ids)
    state.follow_new_upload(mine.event_digest, mine.event_option)
    state.follow_new_places(mine.places_digest)
    state.keep_valid("event", list(options), default=next(iter(options)))
    if person.show(root, event_ids, event_box):  # a person's trips across events, instead of one event
        return
    option = event_box.selectbox(
        "Event", list(options), format_func=options.get, key="event", on_change=state.forget_event_choices
    )
    shown = open_shown(root, option, mine)
    if shown is None:
        state.write_url({"event": option})
        return
    try:
        uploaded = ("places",) if mine.places is not None and len(mine.places) else ()
        scene = view.Scene(
            shown.event, sidebar.choose_view(shown.event, view_box, key=shown.key, uploaded=uploaded)
        )
        show_event(shown, scene, mine)
        if not option.startswith(cache.UPLOAD_OPTION):  # an upload is in no link: no other session has it
            state.write_url(
                view.params_from_view(option, scene.view, selected=st.session_state.get("selected"))
            )
        else:
            state.write_url({})
    except Exception:  # the page never shows a traceback: the log keeps it, other events stay usable
        LOG.exception("drawing event %s failed", option)
        st.error(
            f"The event {text.md_literal(options[option])} could not be drawn; the server log has the details."
        )
    state.first_page_drawn()
    # The server time of this run, for measuring (tests and benchmarks read it).
    st.session_state["_run_seconds"] = clock.perf_counter() - started


def open_shown(root: Path, option: str, mine: cache.Uploads) -> cache.Shown | None:
    """The chosen event, the uploaded one or a folder's, with any uploaded trade flows added; or
    None after saying on the page what is wrong with its files."""
    if option == mine.event_option:
        shown = cache.Shown(mine.event, ("upload", mine.event_digest))
    else:
        try:
            shown = cache.folder_event(root, option)
        except DataError as exc:
            headline = f"The event {text.md_literal(option)} cannot be opened. Fix its files (the other events still work):"
            panels.show_refusal(headline, exc.problems)
            return None
        except DiplomapError as exc:
            st.error(text.md_literal(exc))
            return None
        except OSError as exc:
            st.error(
                f"The event {text.md_literal(option)} cannot be read: {text.md_literal(exc.strerror or exc)}"
            )
            return None
    if mine.trade is None:
        return shown
    key = (*shown.key, "trade", mine.trade_digest)
    return cache.Shown(cache.with_trade(key, shown.event, mine.trade), key)


def show_upload_refusal(mine: cache.Uploads) -> None:
    if mine.event_problems:
        names = text.md_literal(", ".join(mine.event_names))
        headline = f"Your upload {names} cannot be opened as an event. Fix the files and upload them again (the events in the list still work):"
        panels.show_refusal(headline, mine.event_problems)


def show_event(shown: cache.Shown, scene: view.Scene, mine: cache.Uploads) -> None:
    """The title line, then the map and the details beside it; figures, tables and files below."""
    frames = cache.frames_of(shown, scene, places=mine.places)
    panels.show_title(scene)
    event = scene.event
    panels.show_problems(
        (*event.problems, *mine.places_problems), (*event.rejected, *mine.places_rejected), name=event.id
    )
    panels.show_left_out(scene)
    map_column, details_column = st.columns([3, 1], gap="small")
    with map_column:
        mapview.show_map(scene, frames, key=(*shown.key, "places", mine.places_digest))
    with details_column:
        panels.show_chapter(scene)
        panels.show_details(scene, frames)
    if state.below_map_now():  # a browser's first page: once its map is drawn (ui.state)
        panels.show_figures(shown, scene)
        panels.show_tables(scene, frames)
        panels.show_downloads(scene, frames)


if __name__ == "__main__":
    main()
