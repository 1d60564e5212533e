"""The panels around the map: the title line, the key figures, refused rows, the details of
what was clicked, the tables and the downloads."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import streamlit as st

from geo import downloads
from geo.base.errors import Problem
from geo.model import figures, story, text
from geo.model.view import Scene
from geo.static import draw
from geo.web import export, maps, markup, selection
from ui import cache, state

HEADLINE_FIGURES = 5
"""Key figures shown by the map: the counted ones, then figures.csv in its order; the rest fold away."""
STATUS_MARKS = {"disputed": "disputed", "approximate": "approximate", "lower_bound": "at least"}
PROBLEMS_LISTED = 10
"""Problems named in the message about a broken event; the table under it has them all."""
TABLE_TITLES = {
    "people": "People",
    "legs": "Legs",
    "partners": "Trade partners",
    "flows": "Trade flows",
    "positions": "Where travellers were",
    "places": "Your places",
}


def show_title(scene: Scene) -> None:
    """One line: the event, its date and place."""
    event = scene.event
    place = event.places.get(event.meta.place)
    date = f"{event.meta.date:%-d %B %Y}"
    st.html(
        markup.title_line(
            event.meta.title, "" if date in event.meta.title else date, place.name if place else ""
        )
    )


def show_left_out(scene: Scene) -> None:
    """Say so when the map draws only the largest of more trade flows than one map can hold."""
    if scene.shown("trade") and scene.flows_left_out:
        note = text.flows_left_out(scene.flows, scene.flows_left_out)
        st.caption(":material/filter_alt: " + note[0].upper() + note[1:].replace("$", "\\$") + ".")


def show_figures(shown: cache.Shown, scene: Scene) -> None:
    key_figures = cache.key_figures(shown.key, scene.event, scene.year)
    st.html(figures_html(key_figures[:HEADLINE_FIGURES]))
    if len(key_figures) > HEADLINE_FIGURES:
        with st.expander(f"More figures ({len(key_figures) - HEADLINE_FIGURES})"):
            st.html(figures_html(key_figures[HEADLINE_FIGURES:]))
    st.html(markup.summary(scene.event.meta.summary))


def figures_html(key_figures: list[figures.KeyFigure]):
    cards = [(f.label, STATUS_MARKS.get(f.status), f.value, f.note, f.source_url) for f in key_figures]
    return markup.figure_cards(cards)


def show_problems(problems: Sequence[Problem], rejected: Sequence[dict[str, str]], *, name: str) -> None:
    """Rows refused while reading the event and the uploads: the map is drawn without them; say
    which and why, and offer them to download."""
    if not problems:
        return
    refused = sum(not p.is_warning for p in problems)
    warned = (
        f"{len(problems) - refused} warning(s), which leave nothing out" if refused < len(problems) else ""
    )
    if refused:
        message = (
            f"{refused} problem(s) in this event's files or your uploads: those rows are left out of the map"
        )
        st.warning(message + (f"; {warned}." if warned else "."))
    else:
        st.info(f"This event's files have {warned}: worth a look.")
    with st.expander("What was left out, and why"):
        st.dataframe(downloads.problems_table(problems), hide_index=True)
        st.download_button(
            "Refused rows (CSV)",
            downloads.csv_from_table(downloads.rejected_table(rejected)),
            file_name=f"{name}-refused-rows.csv",
            mime="text/csv",
            key="download_refused",
            on_click="ignore",
            disabled=not rejected,
        )


def show_refusal(headline: str, problems: Sequence[Problem]) -> None:
    """Why something cannot be opened: the first problems in the message, all in a table."""
    lines = "\n".join(f"- {text.md_literal(p)}" for p in problems[:PROBLEMS_LISTED])
    if len(problems) > PROBLEMS_LISTED:
        lines += f"\n- … and {len(problems) - PROBLEMS_LISTED} more, all in the table below"
    st.error(f"{headline}\n\n{lines}")
    st.dataframe(downloads.problems_table(problems), hide_index=True)


def show_chapter(scene: Scene) -> None:
    """The chosen chapter's title, text and sources, beside the map it moved."""
    if not scene.view.chapter:
        return
    chapters = story.chapters_of(scene.event)
    chapter = chapters[min(scene.view.chapter, len(chapters)) - 1]
    st.html(
        markup.chapter_text(
            chapter.number,
            len(chapters),
            chapter.title,
            chapter.text,
            [chapter.source_url, *chapter.more_sources],
        )
    )


def show_details(scene: Scene, frames: dict[str, gpd.GeoDataFrame]) -> None:
    """The facts of what was clicked, once: the map highlights it, this panel says what we know."""
    places = frames.get("places")
    ids = selection.sorted_ids(scene, (i for frame in frames.values() for i in frame["id"]), places=places)
    state.keep_valid("selected", [None, *ids], default=None)
    chosen = st.selectbox(
        "Details of",
        [None, *ids],
        format_func=lambda i: "—" if i is None else selection.label_of(scene, i, places=places),
        key="selected",
        placeholder="Click the map, or choose here",
        # Typed letters match as written: the default fuzzy match listed United Kingdom for "Kim".
        filter_mode="contains",
    )
    show_here(scene, chosen, ids, places=places)
    details = selection.details_of(scene, chosen, places=places) if chosen else None
    if details is None:
        # Plain text, not a caption: Streamlit's caption grey is 3.9:1 on white, under WCAG AA's 4.5:1.
        st.markdown("Click a country, a leg, a trade arrow or a traveller for what the sources say about it.")
        return
    st.html(markup.details(details.html))
    if details.disputed:
        st.warning("Sources disagree on a value here: it is marked disputed, with the other values reported.")


HERE_LISTED = 6
"""Features that share the clicked spot listed to choose from; the rest are counted."""


def show_here(scene: Scene, chosen: str | None, ids: Sequence[str], *, places) -> None:
    """When the last click reached several features, the few it reached, to choose another of
    them in one click (the first, already shown, is the one the reader most likely aimed at)."""
    here = [i for i in st.session_state.get(state.HERE_KEY, ()) if i in ids]
    if len(here) < 2 or chosen not in here:
        return
    listed = here[:HERE_LISTED] if chosen in here[:HERE_LISTED] else [*here[: HERE_LISTED - 1], chosen]
    st.session_state["here"] = chosen
    more = len(here) - len(listed)
    st.radio(
        f"{len(here)} things here" + (f", the {len(listed)} likeliest listed" if more else ""),
        listed,
        format_func=lambda i: selection.label_of(scene, i, places=places),
        key="here",
        on_change=choose_here,
    )


def choose_here() -> None:
    st.session_state["selected"] = st.session_state["here"]


def show_tables(scene: Scene, frames: dict[str, gpd.GeoDataFrame]) -> None:
    """The map as tables, one at a time (each grid is costly to draw in the browser); every table
    downloads as CSV."""
    st.header("The map as tables")  # h2 under the title's h1: a heading level is never skipped
    # Only the table shown is made; a download makes its own when pressed.
    tables = downloads.table_makers(scene, frames)
    state.keep_valid("table", list(tables), default="people")
    shown = st.radio("Table", list(tables), format_func=TABLE_TITLES.get, horizontal=True, key="table")
    table = tables[shown]()
    if shown in YEARLY_TABLES:
        pairs = table if shown == "partners" else tables["partners"]()
        st.html(markup.summary(downloads.partners_note(scene, len(pairs))))
    # On screen, values as a reader reads them ($10.7 bn); the CSV keeps the dollars too.
    columns = {"source_url": st.column_config.LinkColumn("source"), "value_usd": None, "two_way_usd": None}
    st.dataframe(table, hide_index=True, column_config=columns)
    for column, (name, make) in zip(st.columns(len(tables)), tables.items(), strict=True):
        with column:
            st.download_button(
                f"{TABLE_TITLES[name]} (CSV)",
                lambda make=make: downloads.csv_from_table(make()),
                file_name=table_file_name(scene, name),
                mime="text/csv",
                key=f"download_{name}",
                on_click="ignore",
            )


YEARLY_TABLES = ("partners", "flows")
"""Tables of one trade year: their files name it, and a line above them says what it lacks."""


def table_file_name(scene: Scene, name: str) -> str:
    return f"{scene.event.id}-{name}" + (f"-{scene.year}" if name in YEARLY_TABLES else "") + ".csv"


def show_downloads(scene: Scene, frames: dict[str, gpd.GeoDataFrame]) -> None:
    st.header("Download the map")
    html_column, geojson_column, png_column, svg_column = st.columns(4)
    name = f"{scene.event.id}-{scene.year}"
    with html_column:
        st.download_button(
            "Map as one HTML file (works offline)",
            lambda: export.html_from_map(maps.build_map(scene, frames=frames)),
            file_name=f"{name}.html",
            mime="text/html",
            key="download_html",
            on_click="ignore",
        )
    with geojson_column:
        st.download_button(
            "Every drawn feature (GeoJSON)",
            lambda: downloads.geojson_from_frames(frames),
            file_name=f"{name}.geojson",
            mime="application/geo+json",
            key="download_geojson",
            on_click="ignore",
        )
    # The view as an image for print and social, drawn without a browser (geo.static.draw): what
    # the reader sees, once they have zoomed or panned; the chapter's view until then.
    bounds = state.reader_bounds()
    for column, fmt, mime in ((png_column, "png", "image/png"), (svg_column, "svg", "image/svg+xml")):
        with column:
            st.download_button(
                f"This view as {fmt.upper()} (1200 by 675)",
                lambda fmt=fmt: draw.image_bytes(scene, fmt, bounds=bounds, places=frames.get("places"))[0],
                file_name=f"{name}.{fmt}",
                mime=mime,
                key=f"download_{fmt}",
                on_click="ignore",
            )
