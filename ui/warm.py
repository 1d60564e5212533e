"""The server's caches warmed when it starts, not at the first visit.

`streamlit run app.py` finds app.py's server (``st.App``) and starts it with ``lifespan``: a
thread then imports what the page needs (geopandas, folium: most of a cold first visit) and
builds what a first visit to the default event asks for, the event list, the layers, the key
figures and the rendered map, into the same caches the page reads. The server answers
meanwhile; a visit before the thread is done does the rest itself, as it would without it.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import AsyncIterator
from pathlib import Path

LOG = logging.getLogger("diplomap.app")


@contextlib.asynccontextmanager
async def lifespan(_app: object) -> AsyncIterator[None]:
    threading.Thread(target=warm_quietly, name=WARM_THREAD, daemon=True).start()
    yield


class _NotThisThread(logging.Filter):
    """Streamlit warns of every cached call made outside a page run; here they all are, by design."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != WARM_THREAD


WARM_THREAD = "diplomap-warm"


def warm_quietly() -> None:
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_NotThisThread())
    try:
        warm()
    except Exception:  # a warm-up that fails costs only the speed it meant to win
        LOG.exception("warming the caches failed; the first visit builds them")


def register_components(*components: object) -> None:
    """Hand the server the components declared by imports made here: Streamlit registers a
    component only when it is declared during a page run, and this thread imported the modules
    that declare them first (a page run will not import them again), so their files would 404."""
    from streamlit import runtime

    if runtime.exists():
        for component in components:
            runtime.get_instance().component_registry.register_component(component)


def warm(root: Path | None = None) -> None:
    """Import the page's modules, then read the events and draw the default event's first map."""
    from dataclasses import replace

    from geo.io.events import list_events
    from geo.model.view import Scene
    from ui import cache, clock, mapview, sidebar

    register_components(mapview.LEAFLET_FILES, mapview.streamlit_folium._component_func)
    cache.freeze_imports()
    root = root or cache.events_root()
    options = cache.event_options(root, list_events(root))
    if not options:
        return
    shown = cache.folder_event(root, next(iter(options)))
    scene = Scene(shown.event, sidebar.first_view(shown.event))
    frames = cache.frames_of(shown, scene)
    key = (*shown.key, "places", "")  # no places uploaded: app.show_event's key
    mapview.rendered_for(scene, frames, key=key)
    mapview.travellers((*key, repr(scene.view)), scene, frames.get(mapview.MOVING), None)
    cache.key_figures(shown.key, shown.event, scene.year)
    clock.moves(shown.key, shown.event)
    LOG.info("caches warmed: %s", replace(scene.view, at=None))
