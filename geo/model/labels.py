"""Names on the map: which places and people are labelled, how important each name is, and
where each one goes so that none covers another.

One rule, ``place``: labels in order of priority, each at the first of OFFSETS where it overlaps
no label already placed, left out when there is no room. A static image runs it once; the
browser runs the same rule at every zoom (``dmPlaceBoxes`` in geo/web/js/labels.js), hiding a
name when there is no room and showing it again when there is. tests/test_labels.py gives both
the same labels and checks that they place the same boxes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from geo.base import ids
from geo.model import facts
from geo.model.view import Scene

FLOW, TRIP_END, BORDER, VENUE, TRIP_STOP, YOURS, GUEST, WAYPOINT = 0, 0, 1, 1, 2, 2, 3, 4
"""Priorities, most important first: the value of a flow a chapter features (geo.model.featured),
where the highlighted trip starts and stops, the border it crosses and the event's place, then its
other stops and the places a reader uploaded (they brought them to see them), then each guest,
then towns it passes."""
KINDS: dict[str, int] = {
    "trip-end": TRIP_END,
    "destination": TRIP_END,
    "border": BORDER,
    "venue": VENUE,
    "stop": TRIP_STOP,
    "guest": GUEST,
    "waypoint": WAYPOINT,
    "your-place": YOURS,
    "flow": FLOW,
}
"""What a label names, and its priority: a person's map names each trip's destination first."""
OFFSETS: tuple[tuple[str, float, float, int, int], ...] = (
    ("right", 0.0, -0.5, 1, 0),
    ("left", -1.0, -0.5, -1, 0),
    ("above", -0.5, -1.0, 0, -1),
    ("below", -0.5, 0.0, 0, 1),
)
"""Where a label may sit beside its point, in order of preference (upper right first, as news maps
do): (name, x, y, gap x, gap y). The box's corner is the point moved by x and y shares of the
label's width and height, and by the gaps times GAP pixels."""
GAP = 6.0
"""Pixels between a point and its label."""
CLEAR = 5.0
"""Pixels around each point of a label's ``clear`` line that no label covers: less than GAP, so the
line's end does not keep its own label from the sides of its point."""


@dataclass(frozen=True)
class Label:
    id: str
    """The labelled feature's id (geo.base.ids), so a label and its feature can be found together."""
    text: str
    lon: float
    lat: float
    layer: str
    """The registry layer the label belongs to: it is shown only while that layer is."""
    priority: int
    kind: str = ""
    """What it names (KINDS), which sets its type."""
    colours: tuple[str, ...] = ()
    """A colour for each line of a label that lists things drawn in their colours (a person's
    trips to one city); none for a label in the type's own colour."""
    chapters: tuple[int, ...] = ()
    """The story's chapters it is shown in (a featured flow's value); empty for every view."""
    clear: tuple[tuple[float, float], ...] = ()
    """(lon, lat) points of a line no label may cover while this one is shown (a featured flow's
    arrow): each keeps a box CLEAR pixels around it free (keep_clear)."""

    def in_chapter(self, number: int | None) -> bool:
        """Shown in chapter ``number`` (0 or None: everything, or no chapter chosen)."""
        return not self.chapters or number in self.chapters


def labels_of(scene: Scene) -> list[Label]:
    """Every label the scene's layers call for, most important first."""
    event = scene.event
    found: dict[str, Label] = {}

    def add(label: Label) -> None:
        if label.id not in found or label.priority < found[label.id].priority:
            found[label.id] = label

    if scene.shown("stops"):
        trip_ends = {leg.to for leg in event.legs if facts.is_focus(event, leg.person)}
        trip_ends |= {legs[0].from_ for p in facts.focus_people(event) if (legs := event.legs_of(p))}
        for place_id, passes in facts.stop_passes(event).items():
            place = event.places[place_id]
            if place.kind == "border":
                kind = "border"
            elif place_id in trip_ends:
                kind = "trip-end"
            elif any(p.status in ("confirmed", "reported") for p in passes):
                kind = "stop"
            else:
                kind = "waypoint"
            add(Label(ids.stop_id(place_id), place.name, place.lon, place.lat, "stops", KINDS[kind], kind))
    venue = event.places.get(event.meta.place)
    if venue is not None:
        add(Label(ids.stop_id(venue.id), venue.name, venue.lon, venue.lat, "countries", VENUE, "venue"))
    if scene.shown("guests"):
        for person in event.people:
            legs = event.legs_of(person.id)
            if not legs or facts.is_focus(event, person.id):
                continue
            start = event.places[legs[0].from_]
            leg_id = ids.leg_id(person.id, legs[0].seq)
            add(Label(leg_id, person.name, start.lon, start.lat, "guests", GUEST, "guest"))
    return sorted(found.values(), key=lambda label: (label.priority, label.text))


def position_labels(records: Iterable[dict]) -> list[Label]:
    """The highlighted travellers named where they are at the chosen moment: from the positions
    layer's records (geo.model.layers.build_position_layer, with ``lon`` and ``lat``)."""
    return [
        Label(r["id"], r["name"], r["lon"], r["lat"], "positions", TRIP_END) for r in records if r["focus"]
    ]


def place_labels(records: Iterable[dict]) -> list[Label]:
    """A reader's own places named, a kind of their own (never read as a guest beside them):
    from the places layer's records (geo.model.layers.build_place_layer, with ``lon`` and ``lat``)."""
    found = [Label(r["id"], r["name"], r["lon"], r["lat"], "places", YOURS, "your-place") for r in records]
    return sorted(found, key=lambda label: label.text)


Box = tuple[float, float, float, float]
"""(left, top, right, bottom) in screen pixels, y down."""


def box_at(
    x: float, y: float, width: float, height: float, offset: tuple[str, float, float, int, int]
) -> Box:
    """The box of a label of that size beside the point (x, y), at one of OFFSETS."""
    _, share_x, share_y, gap_x, gap_y = offset
    left = x + share_x * width + gap_x * GAP
    top = y + share_y * height + gap_y * GAP
    return (left, top, left + width, top + height)


def keep_clear(
    labels: Iterable[Label], to_screen: Callable[[float, float], tuple[float, float] | None]
) -> list[Box]:
    """The boxes no label may cover: CLEAR pixels around each point of the labels' ``clear`` lines
    (``to_screen`` takes a longitude and a latitude), as obstacles for ``place``."""
    boxes = []
    for label in labels:
        for lon, lat in label.clear:
            point = to_screen(lon, lat)
            if point is not None:
                boxes.append((point[0] - CLEAR, point[1] - CLEAR, point[0] + CLEAR, point[1] + CLEAR))
    return boxes


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place(
    labels: Iterable[Label],
    *,
    to_screen: Callable[[Label], tuple[float, float] | None],
    size_of: Callable[[Label], tuple[float, float]],
    within: Box | None = None,
    obstacles: Iterable[Box] = (),
) -> list[tuple[Label, Box]]:
    """Greedy placement by priority: each label whose point lies within ``within`` (and has one:
    ``to_screen`` gives None for a point not on the map) at the first offset where its box lies
    within ``within`` and overlaps neither an obstacle (a panel over the map) nor a label placed
    before it; a label with no room is left out."""
    taken = list(obstacles)
    placed: list[tuple[Label, Box]] = []
    for label in sorted(labels, key=lambda lab: lab.priority):
        point = to_screen(label)
        if point is None or not (within is None or _inside(point, within)):
            continue
        width, height = size_of(label)
        for offset in OFFSETS:
            box = box_at(*point, width, height, offset)
            inside = within is None or (
                box[0] >= within[0] and box[1] >= within[1] and box[2] <= within[2] and box[3] <= within[3]
            )
            if inside and not any(overlaps(box, other) for other in taken):
                taken.append(box)
                placed.append((label, box))
                break
    return placed


def _inside(point: tuple[float, float], within: Box) -> bool:
    return within[0] <= point[0] <= within[2] and within[1] <= point[1] <= within[3]
