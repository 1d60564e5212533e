"""Numbered call-outs, as print graphics name what has no room for a label: a small number by the
mark, and the list of numbers and names beside the map, under the key. So every leader (and every
stop of the trip) is named in the image at any size; only the towns a train passes may go unnamed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from geo.model import labels
from geo.model.labels import Box, Label
from geo.static.furniture import INK, Drawing, put_text

NAMED = (labels.GUEST,)
"""Priorities whose names are never dropped: without a label's room, a leader gets a number. (A
station the rule leaves out for the spacing of marked places stays out, as on the web map.)"""
LIST_SIZE, SMALLEST = 6.5, 5.0
"""The list's type in points, and the smallest it shrinks to so that it fits."""
LINE = 1.3
"""Line height, in the type's size."""
REACH = (1, 2, 3, 4, 6, 8, 11, 15, 20, 26)
"""How far from its mark a number may go, in steps of labels.GAP: beyond the first, a thin leader
line joins them."""
DIRECTIONS = 16


@dataclass(frozen=True)
class Callout:
    number: str
    """The mark's text: one number, or several (``4, 5``) for names at one point."""
    names: tuple[str, ...]
    label: Label
    """Where it points (the first named there) and its layer, for placement."""


def callouts_of(missing: Sequence[Label], to_screen: Callable[[Label], tuple[float, float]]) -> list[Callout]:
    """The labels with no room that must be named, grouped by the pixel they point at and numbered
    from west to east (then north to south), the way a reader scans the map."""
    kept = [label for label in missing if label.priority in NAMED]
    at: dict[tuple[int, int], list[Label]] = {}
    for label in sorted(kept, key=lambda lab: (to_screen(lab), lab.text)):
        x, y = to_screen(label)
        at.setdefault((round(x), round(y)), []).append(label)
    found, count = [], 0
    for group in at.values():
        names = [name for label in group for name in names_of(label)]
        numbers = [str(count + i + 1) for i in range(len(names))]
        count += len(names)
        found.append(Callout(", ".join(numbers), tuple(names), group[0]))
    return found


def names_of(label: Label) -> list[str]:
    """The names a label gives, a line each: a label of several names at one place heads them
    with where they came from ("From Tianjin", geo.model.labels.guest_labels), which is no name."""
    lines = label.text.splitlines()
    return lines[1:] if len(lines) > 1 and lines[0].startswith("From ") else lines


def candidates(point: tuple[float, float], size: tuple[float, float], gap: float) -> Iterator[Box]:
    """Boxes for a number around its point: the label rule's own places first, then in eight
    directions, further out a ring at a time."""
    x, y = point
    width, height = size
    for offset in labels.OFFSETS:
        yield labels.box_at(x, y, width, height, offset, gap)
    for steps in REACH[1:]:
        for k in range(DIRECTIONS):
            angle = 2 * math.pi * k / DIRECTIONS
            cx = x + math.cos(angle) * (steps * gap + width / 2)
            cy = y - math.sin(angle) * (steps * gap + height / 2)
            yield (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def place_numbers(
    numbers: Sequence[Label],
    *,
    to_screen: Callable[[Label], tuple[float, float]],
    size_of: Callable[[Label], tuple[float, float]],
    within: Box,
    taken: list[Box],
    gap: float = labels.GAP,
) -> list[tuple[Label, Box]]:
    """Each number at the first candidate box on the map that overlaps nothing placed; with no
    such box, at the label rule's first place (a number is small: it must not be dropped)."""
    placed = []
    for number in numbers:
        point, size = to_screen(number), size_of(number)
        box = next(
            (
                b
                for b in candidates(point, size, gap)
                if within[0] <= b[0] and within[1] <= b[1] and b[2] <= within[2] and b[3] <= within[3]
                and not any(labels.overlaps(b, other) for other in taken)
            ),
            labels.box_at(*point, *size, labels.OFFSETS[0], gap),
        )  # fmt: skip
        taken.append(box)
        placed.append((number, box))
    return placed


def leader_end(point: tuple[float, float], box: Box, gap: float = labels.GAP) -> tuple[float, float] | None:
    """Where a leader line from the point meets the box, when the box stands further off than
    the label rule's gap (and a little more); None when it is beside its point."""
    x = min(max(point[0], box[0]), box[2])
    y = min(max(point[1], box[1]), box[3])
    return (x, y) if math.hypot(x - point[0], y - point[1]) > gap + 2 else None


OFF_MAP = "→"
"""Marks a name in the list whose line comes in from beyond the map's edge (its start is off it)."""


def from_off_map(missing: Sequence[Label]) -> list[tuple[str, str]]:
    """(OFF_MAP, name) for each leader whose label point lies beyond the map: their line comes
    into view, their name has no place on it, and the list names them all the same."""
    return [(OFF_MAP, name) for label in missing if label.priority in NAMED for name in names_of(label)]


def entries(found: Sequence[Callout]) -> list[tuple[str, str]]:
    """(number, name) for each name called out, in order."""
    pairs = []
    for callout in found:
        for number, name in zip(callout.number.split(", "), callout.names, strict=True):
            pairs.append((number, name))
    return pairs


def list_beside(
    drawing: Drawing, rows: Sequence[tuple[str, str]], *, left: float, top: float, bottom: float
) -> None:
    """The numbers and names in the column beside the map, between ``top`` and ``bottom`` (figure
    fractions), in as many columns and as small a type (down to SMALLEST) as it takes to fit."""
    if not rows:
        return
    fig = drawing.figure
    height_in, width_in = fig.get_figheight(), fig.get_figwidth()
    room_in = (top - bottom) * height_in
    size, columns = LIST_SIZE, 1
    while True:
        per_column = -(-len(rows) // columns)
        if (per_column + 1) * size * LINE / 72 <= room_in or (size <= SMALLEST and columns >= 2):
            break
        if columns == 1:
            columns = 2
        else:
            size, columns = size - 0.5, 1
    line = size * LINE / 72 / height_in
    put_text(
        drawing, left, top, "Also on the map", fontsize=size + 0.5, color=INK, fontweight="bold", va="top",
        gid="callout-heading",
    )  # fmt: skip
    column_width = (2.2 / columns) / width_in
    for i, (number, name) in enumerate(rows):
        column, row = divmod(i, per_column)
        x, y = left + column * column_width, top - (row + 1) * line
        put_text(
            drawing,
            x,
            y,
            f"{number}  {name}",
            fontsize=size,
            color=INK,
            va="top",
            gid=f"callout-list-{number}",
        )
