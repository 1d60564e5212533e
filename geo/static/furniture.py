"""The static map's furniture, around the map and never on it: the title, the legend (the rows
of geo.web.maps.legend_rows, from the same registry data), the source line and a scale bar.

Every text goes through ``put_text``: in the bundled font, characters it lacks reported and left
out, never drawn as boxes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field

import geopandas as gpd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from geo.base import registry
from geo.model import layers, story, text
from geo.model.view import Scene
from geo.ref.countries import country_name
from geo.static import glyphs
from geo.static.projection import MapFrame
from geo.web import maps

PT = 0.75
"""Points per CSS pixel: the registry's widths are the web map's pixels."""
LEGEND_WIDTH_IN = 2.45
TITLE_BAND_IN, FOOT_BAND_IN = 0.72, 0.3
INK, MUTED = "#1f1f1f", "#5a5a5a"


@dataclass
class Drawing:
    """A drawn map: the figure, the labels placed on it, and the texts the font could not draw."""

    figure: Figure
    map_axes: Axes
    labels: list[Text] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def put_text(drawing: Drawing, x: float, y: float, value: str, **style: object) -> Text | None:
    """A text at figure fraction (x, y) in the bundled font; characters it lacks are reported and
    left out, never drawn as boxes. None when nothing drawable is left."""
    drawable, warning = glyphs.drawable(value)
    if warning:
        drawing.warnings.append(warning)
    if not drawable:
        return None
    return drawing.figure.text(x, y, drawable, **style)


def source_count(scene: Scene) -> int:
    """Distinct sources behind the event's records."""
    event = scene.event
    urls = {event.meta.source_url, *(c.source_url for c in event.story)}
    urls |= {p.source_url for p in event.people} | {p.source_url for p in event.places.values()}
    urls |= {leg.source_url for leg in event.legs} | {
        w.source_url for leg in event.legs for w in leg.waypoints
    }
    urls |= {t.source_url for t in event.trade} | {f.source_url for f in event.figures}
    return len(urls - {"", None})


def source_line(scene: Scene) -> str:
    where = scene.event.meta.seed or f"data/events/{scene.event.id}/"
    return f"Countries: Natural Earth · Places: GeoNames · Facts: {source_count(scene)} sources, listed in {where}"


def title(drawing: Drawing, scene: Scene, chapter: story.ChapterView) -> None:
    fig = drawing.figure
    height = fig.get_figheight()
    heading, sub = maps.title_lines(scene)
    if scene.view.chapter is not None:
        sub = f"{chapter.number}. {chapter.title} · {sub}"
    top = 1 - 0.12 / height
    put_text(drawing, 0.012, top, heading, fontsize=14, fontweight="bold", color=INK, va="top", gid="title")
    put_text(drawing, 0.012, top - 0.3 / height, sub, fontsize=9, color=MUTED, va="top", gid="subtitle")
    put_text(
        drawing, 0.012, 0.1 / height, source_line(scene), fontsize=6.5, color=MUTED, va="bottom", gid="source"
    )


def legend(drawing: Drawing, scene: Scene, frames: Mapping[str, gpd.GeoDataFrame], view: MapFrame) -> None:
    """The legend of geo.web.maps.legend_rows, from the same registry data, and a scale bar, in a
    column beside the map, so neither covers it."""
    fig = drawing.figure
    width, height = fig.get_figwidth(), fig.get_figheight()
    left = 1 - (LEGEND_WIDTH_IN - 0.15) / width
    key_w = 0.32 / width
    y = 1 - (TITLE_BAND_IN + 0.1) / height
    step = 0.2 / height

    def row(label: str, key: object) -> None:
        nonlocal y
        lines = textwrap.wrap(label, 30) or [""]
        centre = y - 0.5 * step
        if isinstance(key, Rectangle):
            key.set_bounds(left, centre - 0.055 / height, key_w, 0.11 / height)
        elif key.get_marker() not in (None, "None", ""):  # type: ignore[attr-defined]
            key.set_data([left + key_w / 2], [centre])  # type: ignore[attr-defined]
        else:
            key.set_data([left, left + key_w], [centre, centre])  # type: ignore[attr-defined]
        key.set_transform(fig.transFigure)  # type: ignore[attr-defined]
        fig.add_artist(key)  # type: ignore[arg-type]
        put_text(
            drawing,
            left + key_w + 0.08 / width,
            centre,
            "\n".join(lines),
            fontsize=7.5,
            color=INK,
            va="center",
        )
        y -= step * (len(lines) * 0.8 + 0.2)

    if "countries" in frames:
        present = set(frames["countries"]["role"])
        named = ", ".join(country_name(i) for i in scene.event.meta.highlight)
        for role in (r for r in registry.ROLE_FILL if r in present and r != "other"):
            fill = registry.ROLE_FILL[role]
            label = named if role == "highlight" and named else registry.ROLE_LABEL[role]
            row(label, Rectangle((0, 0), 1, 1, facecolor=fill, edgecolor=registry.BORDER_COLOUR, lw=0.5))
    for key in ("focus", "guests"):
        if key in frames:
            spec = registry.LAYERS[key]
            row(maps.layer_title(scene, key), Line2D([], [], color=spec.colour, lw=max(spec.weight, 2) * PT))
    if "stops" in frames and len(frames["stops"]):
        spec = registry.LAYERS["stops"]
        mark = Line2D([], [], color="none", marker="o", markersize=2 * (spec.radius or 4) * PT,
                      markerfacecolor=spec.fill, markeredgecolor=spec.colour, markeredgewidth=spec.weight * PT,
                      )  # fmt: skip
        row(spec.title, mark)
    drawn = [s for key in ("focus", "guests") if key in frames for s in frames[key].get("route_status", ())]
    for status, key in registry.route_keys(drawn):
        dash = (0, tuple(float(n) * PT for n in (registry.STATUS_DASH[status] or "6 6").split()))
        row(key.label, Line2D([], [], color="#555555", lw=2 * PT, linestyle=dash))
    trade = frames.get("trade")
    if trade is not None and len(trade):
        spec = registry.LAYERS["trade"]
        put_text(drawing, left, y - 0.5 * step, maps.layer_title(scene, "trade"), fontsize=7.5, color=INK,
              va="center", fontweight="bold")  # fmt: skip
        y -= step
        largest = float(trade["value_usd"].max())
        for share in (1.0, 0.25, 0.01):
            # The web map's key: round values at or below the share, as a reader reads a legend.
            value = text.nice_below(largest * share)
            weight = layers.flow_weight(value, largest)
            row(text.usd_round(value), Line2D([], [], color=spec.colour, alpha=0.6, lw=weight * PT))
    scale_bar(drawing, view, left, 0.12 + FOOT_BAND_IN)


def scale_bar(drawing: Drawing, view: MapFrame, left: float, bottom_in: float) -> None:
    """A bar of a round length, true at the map's centre (where the projection is)."""
    fig, ax = drawing.figure, drawing.map_axes
    metres_per_inch = (view.xlim[1] - view.xlim[0]) / (ax.get_position().width * fig.get_figwidth())
    longest_km = (LEGEND_WIDTH_IN - 0.5) * metres_per_inch / 1000
    km = max(n * 10**e for e in range(0, 5) for n in (1, 2, 5) if n * 10**e <= longest_km)
    bar = km * 1000 / metres_per_inch / fig.get_figwidth()
    y = bottom_in / fig.get_figheight()
    tick = 0.05 / fig.get_figheight()
    xs, ys = [left, left, left + bar, left + bar], [y + tick, y, y, y + tick]
    fig.add_artist(Line2D(xs, ys, color=INK, lw=1.2, transform=fig.transFigure, solid_joinstyle="miter"))
    note = (
        " (varies across the map)" if view.world else "" if view.radius_km < 3000 else " (true at the centre)"
    )
    put_text(
        drawing, left, y + 1.6 * tick, f"{km:,} km{note}", fontsize=7, color=INK, va="bottom", gid="scale"
    )
