"""The map as a static figure (PNG, SVG, PDF), drawn with matplotlib through geopandas: no browser.

It draws the scene the web map draws (geo.model.scene.MapScene): its layers in their order, each
feature in its style, names placed by geo.model.labels.place from matplotlib's own text extents,
on a projection centred on the scene's view (azimuthal equidistant: a regional view keeps its
shapes, and every line is drawn through its densified great-circle vertices). Sizes are in
inches, widths in the styles' CSS pixels (0.75 pt each), so every size draws the same picture.
It never imports the web map, nor, through anything, folium.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from geo.base import registry
from geo.model import labels, story
from geo.model.scene import MapScene, SceneLayer, frames_of, scene_of
from geo.model.style import Style
from geo.model.view import Scene
from geo.static import callouts, furniture, glyphs, marks, names
from geo.static.furniture import FOOT_BAND_IN, LEGEND_WIDTH_IN, PT, TITLE_BAND_IN, Drawing, dashes
from geo.static.names import CALLOUT_SIZE, HALO, KIND_STYLES, LABEL_STYLES, LabelStyle  # noqa: F401 (the drawing's type)
from geo.static.projection import CSS_DPI, Bounds, MapFrame, frame_for, web_zoom

FORMATS = ("png", "svg", "pdf")
RC = {
    "font.family": glyphs.FONT,
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "text.parse_math": False,
    "lines.scale_dashes": False,
    "svg.hashsalt": "diplomap",
    "path.simplify": True,
}
"""Text stays text in SVG and PDF, in the font installed with matplotlib; a ``$`` in a name is a
dollar, not mathematics; dashes are absolute lengths, as in the browser."""
METADATA = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}
"""No timestamps: the same map writes the same bytes."""


@dataclass(frozen=True)
class Size:
    width_in: float
    height_in: float
    dpi: float

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.width_in * self.dpi), round(self.height_in * self.dpi)


SOCIAL = Size(12.0, 6.75, 100)
"""1200 × 675 px: the social card size, and the default."""
PRINT = Size(297 / 25.4, 210 / 25.4, 300)
"""A4 landscape at 300 dpi."""
SIZES = {"social": SOCIAL, "print": PRINT}
PIXELS = re.compile(r"^(\d{2,5})x(\d{2,5})$")


def size_from(name: str) -> Size:
    """``social``, ``print`` or ``WxH`` in pixels. Like a browser window, a bigger image shows more
    of the map at the same type size (100 dpi); a smaller one is the social picture scaled down, so
    the legend always fits beside the map."""
    if name in SIZES:
        return SIZES[name]
    match = PIXELS.match(name.strip().lower())
    if not match or not all(100 <= int(n) <= 10_000 for n in match.groups()):
        msg = f"unknown size {name!r}; use social (1200x675), print (A4 landscape, 300 dpi) or WxH in pixels, each 100 to 10000"
        raise ValueError(msg)
    width, height = (int(n) for n in match.groups())
    dpi = SOCIAL.dpi * min(1.0, width / SOCIAL.pixels[0], height / SOCIAL.pixels[1])
    return Size(width / dpi, height / dpi, dpi)


def draw(
    scene: Scene,
    *,
    size: Size = SOCIAL,
    countries: gpd.GeoDataFrame | None = None,
    bounds: Bounds | None = None,
    places: gpd.GeoDataFrame | None = None,
) -> Drawing:
    """The scene's map as a matplotlib figure (use inside ``matplotlib.rc_context(RC)``): its chapter's
    layers and view, or its own layers at the opening view (geo.model.story); ``bounds`` (what a
    reader sees in the app) instead of the view. ``places``: a reader's own places (the app's
    upload, geo.model.layers.build_place_layer), drawn and named as the web map draws them, and
    brought into the view as the app's first view brings them (the scene's ``fit``)."""
    chosen = story.chapter_scene(scene)
    frames = frames_of(chosen, countries=countries)
    if places is not None and len(places):
        frames["places"] = places
    drawn = scene_of(chosen, frames=frames, countries=countries, one_chapter=True)
    fig = Figure(figsize=(size.width_in, size.height_in), dpi=size.dpi, facecolor="white")
    FigureCanvasAgg(fig)
    map_box = (0.0, FOOT_BAND_IN / size.height_in)
    map_size = (
        1 - LEGEND_WIDTH_IN / size.width_in,
        1 - (TITLE_BAND_IN + FOOT_BAND_IN) / size.height_in,
    )
    ax = fig.add_axes((*map_box, *map_size))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines[:].set_visible(False)
    ax.set_facecolor(registry.SEA_COLOUR)
    aspect = map_size[0] * size.width_in / (map_size[1] * size.height_in)
    frame = frame_for(bounds or drawn.fit or drawn.bounds, aspect=aspect)
    drawing = Drawing(fig, ax, view=frame)
    # The extent first: marks in points (geo.static.marks) are made at the picture's scale.
    ax.set_xlim(frame.xlim)
    ax.set_ylim(frame.ylim)
    ax.set_aspect("equal")
    for depth, layer in enumerate(drawn.layers.values()):
        # Ten apart: a casing goes just under its line, and the labels above every layer.
        DRAWERS[layer.geometry](ax, layer, frame, 10.0 * depth)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xlim(frame.xlim)
    ax.set_ylim(frame.ylim)
    ax.set_aspect("equal")
    _place_labels(drawing, drawn, frame)
    furniture.title(drawing, drawn)
    below_key = furniture.legend(drawing, drawn, frame)
    top = below_key - 0.1 / size.height_in
    callouts.list_beside(
        drawing,
        drawing.callouts,
        left=furniture.legend_left(fig),
        top=top,
        bottom=furniture.SCALE_TOP_IN / size.height_in,
    )
    return drawing


def save(scene: Scene, path: Path, *, size: Size | None = None) -> tuple[int, list[str]]:
    """Write the map to ``path`` (format from its extension); its size in bytes, and the warnings."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        msg = f"cannot draw a .{fmt} image; use .png, .svg or .pdf"
        raise ValueError(msg)
    with matplotlib.rc_context(RC):
        drawing = draw(scene, size=size or SOCIAL)
        path.parent.mkdir(parents=True, exist_ok=True)
        drawing.figure.savefig(path, format=fmt, dpi=drawing.figure.dpi, metadata=METADATA[fmt])
    return path.stat().st_size, drawing.warnings


def image_bytes(
    scene: Scene,
    fmt: str = "png",
    *,
    size: Size | None = None,
    bounds: Bounds | None = None,
    places: gpd.GeoDataFrame | None = None,
) -> tuple[bytes, list[str]]:
    """The map as PNG, SVG or PDF bytes (for a download button), and the warnings; ``places``: a
    reader's own, as ``draw`` takes them."""
    import io

    with matplotlib.rc_context(RC):
        drawing = draw(scene, size=size or SOCIAL, bounds=bounds, places=places)
        buffer = io.BytesIO()
        drawing.figure.savefig(buffer, format=fmt, dpi=drawing.figure.dpi, metadata=METADATA[fmt])
    return buffer.getvalue(), drawing.warnings


# Layers ---------------------------------------------------------------------------------------


def _by_style(
    styles: tuple[Style, ...] | list[Style], key=lambda style: style
) -> list[tuple[Style, list[int]]]:
    """The positions of the features that share a style (or a part of one, by ``key``), in the
    order the styles first appear."""
    groups: dict[object, tuple[Style, list[int]]] = {}
    for position, style in enumerate(styles):
        groups.setdefault(key(style), (style, []))[1].append(position)
    return list(groups.values())


def _draw_areas(ax: Axes, layer: SceneLayer, view: MapFrame, z: float) -> None:
    positions = np.arange(len(layer.frame))
    clipped = view.clip_areas(layer.frame.assign(_position=positions))
    for style, chosen in _by_style(layer.styles):
        group = clipped[clipped["_position"].isin(chosen)]
        if len(group):
            dash = {"linestyle": dashes(style)} if style.dash else {}
            group.plot(
                ax=ax, facecolor=to_rgba(style.fill_colour, style.fill_opacity), edgecolor=style.colour,
                linewidth=style.width * PT, zorder=z + (1 if style.dash else 0), **dash,
            )  # fmt: skip


def _draw_lines(ax: Axes, layer: SceneLayer, view: MapFrame, z: float) -> None:
    """Lines and their arrowheads; the casing (a wider pale line) first, solid lines under dashed."""
    if not len(layer.frame):
        return
    lines, heads = marks.marked_lines(ax, view, layer)
    owners = heads.index.to_numpy()
    widths = np.array([style.width for style in layer.styles])
    if layer.casing:
        casing = (widths + layer.casing.extra) * PT
        lines.plot(ax=ax, color=layer.casing.colour, linewidth=list(casing), zorder=z - 0.5)
        heads.plot(ax=ax, color=layer.casing.colour, linewidth=PT, zorder=z - 0.5)
    strokes = _by_style(layer.styles, key=lambda s: (bool(s.dash), s.colour, s.opacity, s.dash))
    for style, chosen in sorted(strokes, key=lambda group: bool(group[0].dash)):
        lines.iloc[chosen].plot(
            ax=ax, color=style.colour, alpha=style.opacity, linewidth=list(widths[chosen] * PT),
            linestyle=dashes(style), zorder=z,
        )  # fmt: skip
    head_styles = [layer.styles[owner] for owner in owners]
    for style, chosen in _by_style(head_styles, key=lambda s: (s.fill_colour, s.fill_opacity)):
        heads.iloc[chosen].plot(
            ax=ax, color=style.fill_colour, alpha=style.fill_opacity, linewidth=0, zorder=z
        )


def _draw_points(ax: Axes, layer: SceneLayer, view: MapFrame, z: float) -> None:
    """Stations, a user's places and travellers as small round marks, sized and styled as in the
    browser: a traveller whose whereabouts are unknown is hollow, its ring dashed."""
    if not len(layer.frame):
        return
    points = view.points(layer.frame)
    # Runs of one style, in the frame's order: a mark drawn later covers one drawn before, as in
    # the browser.
    runs = [
        (style, list(group))
        for style, group in itertools.groupby(range(len(layer.styles)), key=layer.styles.__getitem__)
    ]
    for style, chosen in runs:
        dash = {} if not style.dash else {"linestyle": dashes(style)}
        points.iloc[chosen].plot(
            ax=ax, markersize=(2 * (style.radius or 4) * PT) ** 2,
            facecolor=to_rgba(style.fill_colour, style.fill_opacity), edgecolor=style.colour,
            linewidth=style.width * PT, zorder=z, **dash,
        )  # fmt: skip


DRAWERS = {"area": _draw_areas, "line": _draw_lines, "point": _draw_points}


# Labels ---------------------------------------------------------------------------------------


def _place_labels(drawing: Drawing, drawn: MapScene, view: MapFrame) -> None:
    """The scene's labels, by their priorities, where geo.model.labels.place finds room for them;
    a name that must be shown and has no room gets a numbered call-out (geo.static.callouts)."""
    fig, ax = drawing.figure, drawing.map_axes
    # The axes take their final box only when the figure is drawn; geopandas' plots left it at
    # their own aspect, so the data's pixels were off by up to 300 until this is applied.
    ax.apply_aspect()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    height_px = fig.bbox.height
    box = ax.get_window_extent(renderer)
    within = (box.x0, height_px - box.y1, box.x1, height_px - box.y0)
    wanted = [label for label in drawn.labels if label.in_chapter(drawn.chapter)]
    texts = names.label_texts(drawing, wanted)

    def to_screen(label: labels.Label) -> tuple[float, float]:
        x, y = ax.transData.transform(view.project_point(label.lon, label.lat))
        return float(x), float(height_px - y)

    def size_of(label: labels.Label) -> tuple[float, float]:
        extent = texts[label.id].get_window_extent(renderer)
        return extent.width, extent.height

    def lonlat_to_screen(lon: float, lat: float) -> tuple[float, float]:
        x, y = ax.transData.transform(view.project_point(lon, lat))
        return float(x), float(height_px - y)

    wanted = [lab for lab in wanted if lab.id in texts]
    placed = labels.place(
        wanted,
        obstacles=labels.keep_clear(wanted, lonlat_to_screen),
        clear=labels.CLEAR * fig.dpi / CSS_DPI,
        to_screen=to_screen,
        size_of=size_of,
        within=within,
        zoom=web_zoom(view, box.width / fig.dpi),
        spacing=labels.SPACING * fig.dpi / CSS_DPI,
        # The rule's gap in CSS pixels, as the clear round each mark is: at 300 dpi a gap of 6
        # device pixels lay inside a mark's clear box, and every station's name was left out.
        gap=labels.GAP * fig.dpi / CSS_DPI,
    )
    chosen = {label.id for label, _ in placed}
    for label_id, made in texts.items():
        if label_id not in chosen:
            made.remove()
    names.call_out(drawing, wanted, placed, texts, to_screen=to_screen, size_of=size_of, within=within)


# The command line -----------------------------------------------------------------------------

SUFFIXES = tuple(f".{fmt}" for fmt in FORMATS)
OTHER_IMAGES = (".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".gif", ".eps", ".ps", ".bmp")


def is_image(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def refuse(path: Path, scene: Scene, *, chapter: int | None, chapters: bool, size: str | None) -> str | None:
    """Why the image options cannot be honoured, and what would work; None when they can."""
    suffix = path.suffix.lower()
    if suffix in OTHER_IMAGES:
        return f"cannot draw a {suffix} image; use .png, .svg or .pdf (or .html for the web map)"
    if not is_image(path):
        given = [
            n
            for n, on in (("--chapter", chapter is not None), ("--chapters", chapters), ("--size", size))
            if on
        ]
        if given:
            return f"{', '.join(given)} draw images: give --out a .png, .svg or .pdf name"
        return None
    if chapter is not None and chapters:
        return "give --chapter N or --chapters, not both"
    count = len(story.chapters_of(scene.event))
    if chapter is not None and not 1 <= chapter <= count:
        return f"no chapter {chapter}; {scene.event.id} has {count} (1 to {count})"
    if size is not None:
        try:
            size_from(size)
        except ValueError as exc:
            return str(exc)
    return None


def write(scene: Scene, path: Path, *, chapters: bool, size: str | None) -> list[tuple[Path, int, list[str]]]:
    """The image, or one per chapter named ``STEM-chapter-N``: each path, its bytes and warnings."""
    chosen = size_from(size) if size else SOCIAL
    if not chapters:
        return [(path, *save(scene, path, size=chosen))]
    written = []
    for chapter in story.chapters_of(scene.event):
        numbered = path.with_name(f"{path.stem}-chapter-{chapter.number}{path.suffix}")
        one = scene.with_view(chapter=chapter.number) if scene.event.story else scene
        written.append((numbered, *save(one, numbered, size=chosen)))
    return written
