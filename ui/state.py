"""Session state: set up from the link once, kept valid before each widget reads it, written
back to the link after each run. Callbacks here only write state."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import streamlit as st

from geo import registry, selection, view

LOG = logging.getLogger("diplomap.app")
MAP_KEY = "map"
LAYER_KEYS = {layer: f"layer_{layer}" for layer in registry.TOGGLES}
URL_KEYS = {"year": "year", "min": "min_value", "top": "top", "time": "time", "chapter": "chapter"}
"""Link parameter -> the session-state key of its widget."""


def read_url(event_ids: Sequence[str]) -> None:
    """The view in the link becomes the session's first state, once per session."""
    if "_from_url" in st.session_state:
        return
    st.session_state["_from_url"] = True
    values = view.values_from_params(st.query_params.to_dict())
    if values.get("event") in event_ids:
        st.session_state["event"] = values["event"]
    if "layers" in values:
        for layer, key in LAYER_KEYS.items():
            st.session_state[key] = layer in values["layers"]
    for name, key in URL_KEYS.items():
        if name in values:
            st.session_state[key] = values[name]
    if "chapter" in values and "layers" not in values:
        # A link to a chapter alone opens it as choosing it would: its layers and its moment.
        st.session_state["_open_chapter"] = True
    if "selected" in values:
        st.session_state["selected"] = values["selected"]


def keep_valid(key: str, options, *, default) -> None:
    """Reset a widget's state to its default when it is not one of the options (before the widget)."""
    if key not in st.session_state or st.session_state[key] not in options:
        st.session_state[key] = default


def forget_event_choices() -> None:
    """Another event has other years, days, chapters and features: start those from its defaults."""
    for key in ("year", "time", "selected", "chapter"):
        st.session_state.pop(key, None)


def follow_new_upload(digest: str, option: str | None) -> None:
    """A newly uploaded event is shown at once; once only, so the user may then choose another."""
    if st.session_state.get("_event_upload") == digest:
        return
    st.session_state["_event_upload"] = digest
    if option is not None:
        st.session_state["event"] = option
        forget_event_choices()


def select_clicked_feature() -> None:
    clicked = selection.clicked_from_return(st.session_state.get(MAP_KEY))
    if clicked is not None:
        st.session_state["selected"] = clicked.id


def write_url(params: dict[str, str]) -> None:
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
