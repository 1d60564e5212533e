"""Names on the image: each label's type, its halo, a label set at its box, and the numbered
call-outs (geo.static.callouts) for leaders with no room, with a leader line when a number stands off."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from matplotlib.lines import Line2D
from matplotlib.text import Text

from geo.model import labels
from geo.static import callouts
from geo.static.furniture import Drawing, put_text
from geo.static.projection import CSS_DPI


@dataclass(frozen=True)
class LabelStyle:
    size: float
    colour: str
    weight: str = "normal"
    slant: str = "normal"


LABEL_STYLES = {
    labels.TRIP_END: LabelStyle(9.5, "#1f1f1f", "bold"),
    labels.BORDER: LabelStyle(9.0, "#1f1f1f", "bold"),
    labels.TRIP_STOP: LabelStyle(8.0, "#333333"),
    labels.GUEST: LabelStyle(6.5, "#234f7a"),
    labels.WAYPOINT: LabelStyle(7.0, "#555555"),
    labels.HOST_COUNTRY: LabelStyle(7.5, "#5e5a54", "bold"),
    labels.COUNTRY: LabelStyle(6.5, "#6e6a64"),
}
"""Type by priority: the trip's ends, the border and the venue first, guests small and blue."""
KIND_STYLES = {
    "flow": LabelStyle(9.0, "#1f5133", "bold"),
    "your-place": LabelStyle(8.0, "#8a4500", slant="italic"),
}
"""A featured flow's value, in a darker shade of the trade arrows' green (geo.web.css's .dm-kind-flow);
a reader's own place in brown italics, never read as a guest's name (.dm-kind-your-place)."""
HALO = 2.4
CALLOUT_SIZE = 6.5
"""A call-out's number, in points (geo.static.callouts)."""


def halo(colour: str = "white", width: float = HALO) -> list:
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=width, foreground=colour)]


def call_out(drawing: Drawing, wanted, placed, texts, *, to_screen, size_of, within) -> None:
    """The placed labels set, and a numbered call-out for each leader placing left out
    (geo.static.callouts): a number by the mark, the names listed beside the map."""
    chosen = {label.id for label, _ in placed}
    on_map = [lab for lab in wanted if lab.id not in chosen and labels.point_inside(to_screen(lab), within)]
    found = callouts.callouts_of(on_map, to_screen)
    numbers = [dataclasses.replace(c.label, id=f"callout:{i}", text=c.number) for i, c in enumerate(found)]
    texts |= label_texts(drawing, numbers, callout=True)
    gap = labels.GAP * drawing.figure.dpi / CSS_DPI
    taken = [box for _, box in placed]
    put = callouts.place_numbers(
        numbers, to_screen=to_screen, size_of=size_of, within=within, taken=taken, gap=gap
    )
    for label, box in placed + put:
        _set_label(drawing, texts[label.id], box)
    for label, box in put:
        _leader(drawing, to_screen(label), box, gap)
    drawing.labels = [texts[label.id] for label, _ in placed + put]
    drawing.anchors = [(label.lon, label.lat) for label, _ in placed + put]
    off_map = [lab for lab in wanted if lab.id not in chosen and lab not in on_map]
    drawing.callouts = callouts.entries(found) + callouts.from_off_map(off_map)


def label_texts(drawing: Drawing, wanted, *, callout: bool = False) -> dict[str, Text]:
    """A text for each label in its type (a call-out's number bold in its type's colour), not yet placed."""
    texts: dict[str, Text] = {}
    for label in wanted:
        if label.id in texts:
            continue  # a country named again inside a chapter's view: one text serves both
        style = KIND_STYLES.get(label.kind) or LABEL_STYLES.get(label.priority, LABEL_STYLES[labels.WAYPOINT])
        size, weight = (CALLOUT_SIZE, "bold") if callout else (style.size, style.weight)
        # A country's name in capitals, as the web map writes it (geo.web.css).
        words = label.text.upper() if label.anchor == "area" else label.text
        made = put_text(
            drawing, 0, 0, words, fontsize=size, color=style.colour, fontweight=weight,
            fontstyle=style.slant, ha="left", va="bottom", zorder=60, gid=f"label-{label.id.replace(':', '_')}",
        )  # fmt: skip
        if made is not None:
            texts[label.id] = made
    return texts


def _leader(drawing: Drawing, point: tuple[float, float], box: labels.Box, gap: float) -> None:
    """A thin line from a mark to its number, when the number had to stand off (geo.static.callouts)."""
    end = callouts.leader_end(point, box, gap)
    if end is None:
        return
    fig = drawing.figure
    xs = [point[0] / fig.bbox.width, end[0] / fig.bbox.width]
    ys = [1 - point[1] / fig.bbox.height, 1 - end[1] / fig.bbox.height]
    line = Line2D(xs, ys, transform=fig.transFigure, color="#555555", lw=0.5, zorder=58, gid="leader")
    fig.add_artist(line)
    drawing.leaders.append((point, end))


def _set_label(drawing: Drawing, made: Text, box: labels.Box) -> None:
    """A label at its box (left, top, right, bottom in pixels, y down), over a halo."""
    fig = drawing.figure
    left, _top, _right, bottom = box
    made.set_position((left / fig.bbox.width, (fig.bbox.height - bottom) / fig.bbox.height))
    # The halo is a copy under the label: a path effect would turn the label itself into outlines.
    under = fig.text(*made.get_position(), made.get_text(), fontproperties=made.get_fontproperties())
    under.update({"ha": "left", "va": "bottom", "zorder": 59, "color": "white", "path_effects": halo()})
