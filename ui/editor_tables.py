"""The draft's sheets: event.toml's keys as a form, each CSV as a grid (st.data_editor) with each
row's problems in a column beside it, story.toml as text. Every problem comes from the loader
(geo.io.events) reading the draft's files; this module only places it beside what it is about."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from zoneinfo import available_timezones

import pandas as pd
import streamlit as st

from geo.base.errors import Problem
from geo.io import sheets
from geo.io.meta import META_FILE, STORY_FILE
from geo.io.sheets import Draft
from geo.model import text
from ui import editor_places, editor_state, state

SHEET_KEY = "editor_sheet"
SHEETS = {
    META_FILE: "Event",
    "people.csv": "People",
    "places.csv": "Places",
    "legs.csv": "Legs",
    "waypoints.csv": "Waypoints",
    "figures.csv": "Figures",
    "trade.csv": "Trade",
    STORY_FILE: "Story",
}
SHAPES = ("summit", "tour")
PROBLEM = "problem"
"""The grid's first column: what is wrong with the row, in the loader's words."""
LISTED = 40
"""Problems listed under a grid; the grid's problem column has every row's."""
REFERENCES = {
    "legs.csv": {"person": "people.csv", "from": "places.csv", "to": "places.csv"},
    "waypoints.csv": {"person": "people.csv", "place": "places.csv"},
}
"""Columns naming a row of another sheet: chosen from that sheet's ids."""
HELP = {
    "id": "A short slug, unique in the sheet: lowercase letters, digits and hyphens.",
    "iso3": "The country's ISO 3166-1 alpha-3 code: CHN, PRK, RUS.",
    "source_url": "The page that reports this row (http or https).",
    "lat": "Decimal degrees. Leave lat and lon empty for a city: GeoNames is looked up.",
    "lon": "Decimal degrees. Leave lat and lon empty for a city: GeoNames is looked up.",
    "admin1": "The region (province, state): picks one city when several share a name.",
    "seq": "1, 2, … in the traveller's order.",
    "depart": "2025-09-02T16:00+08:00 (with the UTC offset), or the day alone, or empty.",
    "arrive": "2025-09-02T16:00+08:00 (with the UTC offset), or the day alone, or empty.",
    "time": "2025-09-02T16:00+08:00 (with the UTC offset), or the day alone, or empty.",
    "alternatives": "The other reported values, and who reports them (needed when disputed).",
}
FIELDS = {
    "id": ("Id: the folder's name", "kim-beijing-2026-01"),
    "title": ("Title", "Kim Jong Un in Beijing, January 2026"),
    "date": ("Date of the event", "2026-01-07"),
    "timezone": ("Time zone", "Asia/Shanghai"),
    "start": ("First day of the time slider", "2026-01-06"),
    "end": ("Last day of the time slider", "2026-01-09"),
    "shape": ("Shape", ""),
    "host": ("Host country (a summit)", "CHN"),
    "hosts": ("Host countries in order (a tour), with commas", "RUS, VNM"),
    "traveller": ("Traveller (a tour): a person's id", ""),
    "place": ("Where the event is: a place's id", ""),
    "highlight": ("Countries highlighted, with commas", "PRK"),
    "source_url": ("Source: the page that reports the event", "https://example.org/news/story"),
    "seed": ("Seed: the source document in the repository", "seeds/kim-beijing-2026-01.txt"),
    "default_year": ("Trade year shown first", "2024"),
    "series_order": ("Trade series, most trusted first, with commas", "GACC, KOTRA"),
    "summary": ("Summary", ""),
}
"""event.toml's keys in the form: label, and an example shown while the field is empty."""


def show(draft: Draft, problems: Sequence[Problem]) -> None:
    """The sheet chooser (each sheet's problems counted in its name), then the chosen sheet."""
    counts = Counter(p.file for p in problems)
    state.keep_valid(SHEET_KEY, list(SHEETS), default=META_FILE)
    # The names stay put (a radio's value is its option's text); the problems are counted under them.
    chosen = st.radio(
        "Sheet",
        list(SHEETS),
        format_func=SHEETS.get,
        captions=[f"{counts[s]} ⚠" if counts[s] else "" for s in SHEETS],
        horizontal=True,
        key=SHEET_KEY,
        label_visibility="collapsed",
    )
    if chosen == META_FILE:
        show_meta(draft, problems)
    elif chosen == STORY_FILE:
        show_story(draft, problems)
    else:
        if chosen == "places.csv":
            editor_places.show_find(draft)
        show_grid(chosen, draft, problems)


def show_meta(draft: Draft, problems: Sequence[Problem]) -> None:
    """event.toml's keys, each with its problems beneath it."""
    mine = [p for p in problems if p.file == META_FILE]
    # The form's keys in its order, then any key event.toml has that the form does not name.
    keys = [k for k in FIELDS if k in sheets.META_KEYS and k != "summary"]
    keys += [k for k in sheets.META_KEYS if k not in FIELDS]
    # Two to a row, so a phone's single column keeps their order; the summary has a row alone.
    for pair in [*(keys[i : i + 2] for i in range(0, len(keys), 2)), ["summary"]]:
        for column, key in zip(st.columns(len(pair)), pair, strict=True):
            with column:
                meta_field(draft, key)
                for problem in (p for p in mine if p.column == key):
                    st.caption(":material/error: " + text.md_literal(describe(problem)))
    others = [p for p in mine if p.column not in sheets.META_KEYS]
    if others or not mine:
        list_problems(others, name=META_FILE)


def meta_field(draft: Draft, key: str) -> None:
    """One of event.toml's keys as a widget, started from the draft and writing back to it."""
    label, example = FIELDS.get(key, (key, ""))
    widget = f"meta_{key}"
    value = draft.meta.get(key, "")
    if widget not in st.session_state:
        st.session_state[widget] = value == "true" if key in sheets.BOOL_KEYS else value
    args = {"key": widget, "on_change": set_meta, "args": (key,)}
    if key in sheets.BOOL_KEYS:
        st.checkbox(label, **args)
    elif key == "shape":  # left out, a shape is a summit
        if not st.session_state[widget]:
            st.session_state[widget] = "summit"
        shapes = with_value(list(SHAPES), value or "summit")
        # A radio's options are Markdown: a shape the draft holds by mistake is shown as code.
        st.radio(
            label,
            shapes,
            horizontal=True,
            format_func=lambda v: v if v in SHAPES else text.md_literal(v),
            **args,
        )
    elif key in ("timezone", "traveller", "place"):
        options = {"timezone": sorted(available_timezones()), "traveller": draft.ids("people.csv")}
        options["place"] = draft.ids("places.csv")
        st.selectbox(label, with_value(["", *options[key]], value), format_func=lambda v: v or "—", **args)
    elif key == "summary":
        st.text_area(label, height=100, **args)
    else:  # "e.g.": an example in grey must not pass for a value
        st.text_input(label, placeholder=f"e.g. {example}" if example else "", **args)


def with_value(options: list[str], value: str) -> list[str]:
    """The options, and the draft's value too when it is none of them: nothing is lost from view."""
    return options if value in options else [*options, value]


def set_meta(key: str) -> None:
    draft = editor_state.current()
    if draft is not None:
        typed = st.session_state[f"meta_{key}"]
        if isinstance(typed, bool):  # a checkbox: the key is written true or false
            typed = "true" if typed else "false"
        editor_state.update(draft.with_meta(key, typed or ""))


def show_story(draft: Draft, problems: Sequence[Problem]) -> None:
    st.caption("story.toml: the event's chapters, as data/README.md describes them. Optional.")
    if "story_text" not in st.session_state:
        st.session_state["story_text"] = draft.story
    st.text_area(
        "story.toml", key="story_text", height=320, on_change=set_story, label_visibility="collapsed"
    )
    list_problems([p for p in problems if p.file == STORY_FILE], name=STORY_FILE)


def set_story() -> None:
    draft = editor_state.current()
    if draft is not None:
        editor_state.update(draft.with_story(st.session_state["story_text"]))


def take_edits(draft: Draft) -> Draft:
    """The shown grid's edits, folded into the draft before it is checked (the page's first step).

    A grid of a fixed number of rows keeps its identity while only its values change (Streamlit
    keys it by its columns and row count), so the cell being typed in keeps its focus when the
    page is drawn again with the row's problems; its edits stay in its state until a row is
    added or deleted, and applying them again changes nothing."""
    name = st.session_state.get(SHEET_KEY)
    edits = st.session_state.get(f"grid_{name}") if name in sheets.COLUMNS else None
    if not edits:
        return draft
    edited = draft.with_rows(name, sheets.apply_edits(draft.tables[name], edits, name))
    if edited != draft:
        editor_state.update(edited)
    return edited


def show_grid(name: str, draft: Draft, problems: Sequence[Problem]) -> None:
    """One CSV as a grid, each row's problems beside it; rows added and deleted under it."""
    rows = draft.tables[name]
    by_row = sheets.problems_by_row(problems, name)
    frame = pd.DataFrame(
        [{PROBLEM: "; ".join(describe(p) for p in by_row.get(i, ())), **row} for i, row in enumerate(rows)],
        columns=[PROBLEM, *sheets.COLUMNS[name]],
        dtype=object,
    )
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    config = column_config(name, draft, frame[PROBLEM].tolist())
    st.data_editor(frame, key=f"grid_{name}", num_rows="fixed", column_config=config, width="stretch")
    add, number, delete = st.columns([2, 1, 2], vertical_alignment="bottom")
    add.button("Add a row", key=f"grid_add_{name}", on_click=add_row, args=(name,), icon=":material/add:")
    if rows:
        number.number_input("Row", 1, len(rows), len(rows), key=f"grid_row_{name}")
        delete.button(
            "Delete this row",
            key=f"grid_delete_{name}",
            on_click=delete_row,
            args=(name,),
            icon=":material/delete:",
        )
    list_problems([p for p in problems if p.file == name], name=name)


def add_row(name: str) -> None:
    draft = editor_state.current()
    if draft is not None:
        editor_state.update(draft.with_rows(name, [*draft.tables[name], {}]))


def delete_row(name: str) -> None:
    draft, row = editor_state.current(), st.session_state.get(f"grid_row_{name}")
    if draft is not None and row is not None and 1 <= row <= len(draft.tables[name]):
        editor_state.update(
            draft.with_rows(name, [r for i, r in enumerate(draft.tables[name], 1) if i != row])
        )


def column_config(name: str, draft: Draft, problems: Sequence[str]) -> dict:
    config: dict = {
        PROBLEM: st.column_config.TextColumn(
            "⚠ problem",
            disabled=True,
            pinned=True,
            width="medium" if any(r for r in problems) else "small",
            help="What the loader refuses in this row, and why. It goes once the row is fixed.",
        ),
    }
    values = {c: {r[c] for r in draft.tables[name] if r[c]} for c in sheets.COLUMNS[name]}
    choices = {c: list(words) for c, words in sheets.choices_of(name).items()}
    for column, sheet in REFERENCES.get(name, {}).items():
        choices[column] = draft.ids(sheet)
    for column in sheets.COLUMNS[name]:
        if column in choices:
            options = [*choices[column], *sorted(values[column] - set(choices[column]))]
            config[column] = st.column_config.SelectboxColumn(column, options=options, help=HELP.get(column))
        else:
            config[column] = st.column_config.TextColumn(column, help=HELP.get(column))
    return config


def describe(problem: Problem) -> str:
    """A problem without its file and row, which the grid already says."""
    what = f"{problem.column}: " if problem.column else ""
    value = f" (value {problem.value!r})" if problem.value else ""
    return f"{'warning: ' if problem.is_warning else ''}{what}{problem.reason}{value}"


def list_problems(problems: Sequence[Problem], *, name: str) -> None:
    """The sheet's problems under it, by row, each shown as the text it is."""
    if not problems:
        st.caption(f":material/check_circle: No problem in {name}.")
        return
    lines = []
    for problem in problems[:LISTED]:
        row = problem.row or 0
        where = (
            f"Row {row - sheets.FIRST_ROW + 1}" if row >= sheets.FIRST_ROW and name != META_FILE else "File"
        )
        lines.append(f"- {where}: {text.md_literal(describe(problem))}")
    if len(problems) > LISTED:
        lines.append(f"- … and {len(problems) - LISTED} more, each beside its row")
    st.markdown("\n".join(lines))
