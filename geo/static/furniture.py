"""The static map's furniture, around the map and never on it: the title, the key (the scene's
rows, geo.model.key, as the web map's key shows them), the source line and a scale bar.

Every text goes through ``put_text``: in the bundled font, characters it lacks reported and left
out, never drawn as boxes.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import IdentityTransform

from geo.model.scene import MapScene
from geo.model.style import Style
from geo.static import glyphs
from geo.static.projection import MapFrame

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


def source_line(drawn: MapScene) -> str:
    facts = f"Facts: {drawn.sources} sources, listed in {drawn.sources_listed_in}"
    return " · ".join((*drawn.credits, facts))


def title(drawing: Drawing, drawn: MapScene) -> None:
    fig = drawing.figure
    height = fig.get_figheight()
    heading, sub = drawn.title, drawn.subtitle
    if drawn.chapter is not None:
        sub = f"{drawn.chapter}. {drawn.chapters[drawn.chapter].title} · {sub}"
    top = 1 - 0.12 / height
    put_text(drawing, 0.012, top, heading, fontsize=14, fontweight="bold", color=INK, va="top", gid="title")
    put_text(drawing, 0.012, top - 0.3 / height, sub, fontsize=9, color=MUTED, va="top", gid="subtitle")
    put_text(
        drawing, 0.012, 0.1 / height, source_line(drawn), fontsize=6.5, color=MUTED, va="bottom", gid="source"
    )


def dashes(style: Style) -> str | tuple:
    """A style's dash as matplotlib's line style, in points (dashes are not scaled by width: RC)."""
    return (0, tuple(n * PT for n in style.dash)) if style.dash else "solid"


def legend(drawing: Drawing, drawn: MapScene, view: MapFrame) -> None:
    """The scene's key rows, the web map's, and a scale bar, in a column beside the map, so
    neither covers it."""
    fig = drawing.figure
    width, height = fig.get_figwidth(), fig.get_figheight()
    left = 1 - (LEGEND_WIDTH_IN - 0.15) / width
    step = 0.2 / height
    y = 1 - (TITLE_BAND_IN + 0.1) / height
    for row in drawn.key:
        centre = y - 0.5 * step
        if row.style is None:
            put_text(drawing, left, centre, row.text, fontsize=7.5, color=INK, va="center", fontweight="bold")
            y -= step
            continue
        lines = textwrap.wrap(row.text, 30) or [""]
        key_mark(fig, row.symbol, row.style, left, centre)
        put_text(
            drawing,
            left + (KEY_WIDTH_IN + 0.08) / width,
            centre,
            "\n".join(lines),
            fontsize=7.5,
            color=INK,
            va="center",
        )
        y -= step * (len(lines) * 0.8 + 0.2)
    scale_bar(drawing, view, left, 0.12 + FOOT_BAND_IN)


KEY_WIDTH_IN = 0.32
"""The width of a key row's mark."""


def key_mark(fig: Figure, symbol: str, style: Style, left: float, centre: float) -> None:
    """A row's mark at the left of its row, drawn in its style: a swatch, a line or a point."""
    width, height = fig.get_figwidth(), fig.get_figheight()
    key_w = KEY_WIDTH_IN / width
    if symbol == "swatch":
        mark = Rectangle(
            (left, centre - 0.055 / height), key_w, 0.11 / height, transform=fig.transFigure,
            facecolor=to_rgba(style.fill_colour, style.fill_opacity), edgecolor=style.colour, lw=style.width * PT,
        )  # fmt: skip
    elif symbol == "point":
        # A circle of the point's radius, its ring dashed as on the map (a marker's edge cannot be).
        mark = PathCollection(
            [Path.unit_circle()], sizes=[((style.radius or 4) * PT) ** 2],
            offsets=[(left + key_w / 2, centre)], offset_transform=fig.transFigure,
            facecolors=[to_rgba(style.fill_colour, style.fill_opacity)], edgecolors=[style.colour],
            linewidths=[style.width * PT], linestyles=[dashes(style)],
        )  # fmt: skip
        mark.set_transform(IdentityTransform())
    else:
        mark = Line2D(
            [left, left + key_w], [centre, centre], transform=fig.transFigure, color=style.colour,
            alpha=style.opacity, lw=style.width * PT, linestyle=dashes(style),
        )  # fmt: skip
    fig.add_artist(mark)


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
