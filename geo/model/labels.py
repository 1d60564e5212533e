"""Names on the map: which places, people and countries are labelled, how important each name
is, and where each one goes so that none covers another.

One rule, ``place``: labels in order of priority, each at the first of its anchor's offsets
(beside a place, over a country) where it overlaps no label already placed, left out when there
is no room, outside its zooms, or too near a more important marked place. A static image runs it once; the
browser runs the same rule at every zoom (``dmPlaceBoxes`` in geo/web/js/labels.js), hiding a
name when there is no room and showing it again when there is. tests/test_labels.py gives both
the same labels and checks that they place the same boxes.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from geo.base import ids, registry
from geo.model import facts, story
from geo.model.view import Scene
from geo.ref import countries

FLOW, TRIP_END, BORDER, VENUE, TRIP_STOP, GUEST, WAYPOINT, HOST_COUNTRY, COUNTRY = 0, 0, 1, 1, 2, 3, 4, 5, 6
YOURS = TRIP_STOP
"""Priorities, most important first: the value of a flow a chapter features (geo.model.featured),
where the highlighted trip starts and stops, the border it crosses and the event's place, then its
other stops and the places a reader uploaded (YOURS: they brought them to see them), then each
guest, then towns it passes; then the countries, the host's and the highlighted one's before the
guests'."""
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
    "host-country": HOST_COUNTRY,
    "country": COUNTRY,
}
"""What a label names, and its priority: a person's map names each trip's destination first."""
OFFSETS: tuple[tuple[str, float, float, int, int], ...] = (
    ("right", 0.0, -0.5, 1, 0),
    ("left", -1.0, -0.5, -1, 0),
    ("above", -0.5, -1.0, 0, -1),
    ("below", -0.5, 0.0, 0, 1),
    ("below-right", 0.0, 0.0, 1, 1),
    ("above-right", 0.0, -1.0, 1, -1),
    ("below-left", -1.0, 0.0, -1, 1),
    ("above-left", -1.0, -1.0, -1, -1),
)
"""Where a label may sit beside its point, in order of preference (right first, as news maps
do; the corners last, for a tall label such as a list of names): (name, x, y, gap x, gap y). The box's corner is the point moved by x and y shares of the
label's width and height, and by the gaps times GAP pixels."""
AREA_OFFSETS: tuple[tuple[str, float, float, int, int], ...] = (
    ("centre", -0.5, -0.5, 0, 0),
    ("above", -0.5, -1.0, 0, 0),
    ("below", -0.5, 0.0, 0, 0),
    ("left", -1.0, -0.5, 0, 0),
    ("right", 0.0, -0.5, 0, 0),
)
"""Where an area's name may sit: on its label point, or just above, below, left or right of it."""
ANCHORS = {"point": OFFSETS, "area": AREA_OFFSETS}
"""A label's offsets by what it names: a point beside it, an area over it."""
GAP = 6.0
"""Pixels between a point and its label."""
SPACING = 20.0
"""Pixels: a place's name is left out when its point is this close to the point of a place named
before it. Zoomed out, the most important of the places that crowd together speaks for them
(Beijing's station for Tiananmen Square); zoomed in, each has room."""
CLEAR = 4.0
"""Pixels round every named point that no label covers (less than GAP, so a label's own point
never blocks it): names stay off the markers of the trip, whose stations line its route."""
EDGE_SHARE = 0.12
"""A country's label point this share of a chapter's view from its edge counts as outside it."""
NAMED_ROLES = {"host": "host-country", "highlight": "host-country", "guest": "country", "transit": "country"}
"""The countries named on the map, by their role (geo.model.facts.country_roles), and the kind of
their label: the host and the highlighted country before the guests' and those a tour passes
through (China, on Kim Jong Un's train to Hanoi)."""
LINE_CLEAR = 5.0
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
    arrow): each keeps a box LINE_CLEAR pixels around it free (keep_clear)."""

    def in_chapter(self, number: int | None) -> bool:
        """Shown in chapter ``number`` (0 or None: everything, or no chapter chosen)."""
        return not self.chapters or number in self.chapters

    anchor: str = "point"
    """``point``: beside its point (OFFSETS); ``area``: over it (AREA_OFFSETS), a country's name."""
    marked: bool = False
    """It names a place marked on the map (the trip's stations, a person's destinations): its
    point is kept clear of names (CLEAR), and it is left out near the point of a marked label
    placed before it (SPACING)."""
    zooms: tuple[float, float] | None = None
    """The web map's zooms it shows at, lowest and highest; None for every zoom."""


def labels_of(scene: Scene, *, last_legs: bool = False) -> list[Label]:
    """Every label the scene's layers call for, most important first. With ``last_legs`` the
    guests are named where their last leg into the event starts (a chapter's ``legs = "last"``)."""
    event = scene.event
    found: dict[str, Label] = {}

    def add(label: Label) -> None:
        if label.id not in found or label.priority < found[label.id].priority:
            found[label.id] = label

    if scene.shown("stops"):
        trip_ends = {place for p in facts.focus_people(event) for place in _stays(event.legs_of(p))}
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
            stop = Label(ids.stop_id(place_id), place.name, place.lon, place.lat, "stops", KINDS[kind], kind)
            add(replace(stop, marked=True, zooms=registry.TOWN_LABEL_ZOOMS if kind == "waypoint" else None))
    venue = event.places.get(event.meta.place)
    if venue is not None:
        name = Label(ids.stop_id(venue.id), venue.name, venue.lon, venue.lat, "countries", VENUE, "venue")
        add(replace(name, marked=True))
    if scene.shown("guests"):
        for label in guest_labels(scene, last_legs=last_legs):
            add(label)
    named = sorted(found.values(), key=_importance)
    if scene.shown("countries"):
        named += country_labels(scene)
    return named


def _stays(legs: list) -> set[str]:
    """Where a traveller's trip starts and where it stops for a while: the end of each leg not
    followed the same day by the next (a change of train at Dandong is a stop on the way)."""
    if not legs:
        return set()
    found = {legs[0].from_, legs[-1].to}
    for leg, after in itertools.pairwise(legs):
        if leg.arrive is None or after.depart is None or after.depart.day > leg.arrive.day:
            found.add(leg.to)
    return found


def guest_labels(scene: Scene, *, last_legs: bool = False, layer: str = "guests") -> list[Label]:
    """Each guest's name where their line starts: their first leg's start, or with ``last_legs``
    their last leg's into the event. Guests whose lines start at one place share one label, a
    name a line (the leaders who came on from a summit)."""
    event = scene.event
    starts: dict[str, list[tuple[str, str]]] = {}
    for person in event.people:
        legs = event.legs_of(person.id)
        if not legs or facts.is_focus(event, person.id):
            continue
        leg = facts.last_leg_in(event, person.id) if last_legs else legs[0]
        if leg is None:
            continue
        starts.setdefault(leg.from_, []).append((ids.leg_id(person.id, leg.seq), person.name))
    made = []
    for place_id, named in starts.items():
        start = event.places[place_id]
        # Several names at one place say which place: it may be no city of theirs (Tianjin).
        heading = [f"From {start.name}"] if len(named) > 1 else []
        text = "\n".join([*heading, *(name for _, name in named)])
        made.append(Label(named[0][0], text, start.lon, start.lat, layer, GUEST, "guest"))
    return sorted(made, key=_importance)


def _importance(label: Label) -> tuple[int, int, str]:
    """By priority, then a label that names many before one that names few (the sixteen leaders
    who came on from Tianjin before the one from Jakarta), then by name."""
    return (label.priority, -label.text.count("\n"), label.text)


def country_labels(scene: Scene) -> list[Label]:
    """The host's, the highlighted and the guests' countries by name, over their largest part,
    at the zooms where countries are the subject (registry.COUNTRY_LABEL_ZOOMS). A country whose
    label point lies outside a chapter's view is named again inside it, at its part there: one
    of the two is shown (place keeps one label an id)."""
    event = scene.event
    roles = facts.country_roles(event)
    boxes = [_box(chapter) for chapter in story.chapters_of(event)]
    boxes.append(_box_of(story.everything_bounds(event)))
    made = []
    for iso3, role in roles.items():
        kind = NAMED_ROLES.get(role)
        point = countries.label_point(iso3) if kind else None
        if kind is None or point is None:
            continue
        name = Label(ids.country_id(iso3), countries.short_name(iso3), *point, "countries", KINDS[kind], kind)
        name = replace(name, anchor="area", zooms=registry.COUNTRY_LABEL_ZOOMS)
        made.append(name)
        for box in boxes:
            # Near a view's edge, a name has no room round its point: name the part inside.
            west, south, east, north = box
            margin_x, margin_y = (east - west) * EDGE_SHARE, (north - south) * EDGE_SHARE
            inner = (west + margin_x, south + margin_y, east - margin_x, north - margin_y)
            inside = inner[0] <= point[0] <= inner[2] and inner[1] <= point[1] <= inner[3]
            again = None if inside else countries.label_point(iso3, inner)
            if again is not None and all((lab.lon, lab.lat) != again for lab in made):
                made.append(replace(name, lon=again[0], lat=again[1]))
    return sorted(made, key=lambda label: (label.priority, label.text))


def _box(chapter: story.ChapterView) -> tuple[float, float, float, float]:
    return _box_of(story.view_bounds(chapter))


def _box_of(bounds: tuple[tuple[float, float], tuple[float, float]]) -> tuple[float, float, float, float]:
    (south, west), (north, east) = bounds
    return (west, south, east, north)


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
    x: float,
    y: float,
    width: float,
    height: float,
    offset: tuple[str, float, float, int, int],
    gap: float = GAP,
) -> Box:
    """The box of a label of that size beside the point (x, y), at one of OFFSETS, ``gap`` pixels off."""
    _, share_x, share_y, gap_x, gap_y = offset
    left = x + share_x * width + gap_x * gap
    top = y + share_y * height + gap_y * gap
    return (left, top, left + width, top + height)


def keep_clear(
    labels: Iterable[Label], to_screen: Callable[[float, float], tuple[float, float] | None]
) -> list[Box]:
    """The boxes no label may cover: LINE_CLEAR pixels around each point of the labels' ``clear`` lines
    (``to_screen`` takes a longitude and a latitude), as obstacles for ``place``."""
    boxes = []
    for label in labels:
        for lon, lat in label.clear:
            point = to_screen(lon, lat)
            if point is not None:
                boxes.append(
                    (
                        point[0] - LINE_CLEAR,
                        point[1] - LINE_CLEAR,
                        point[0] + LINE_CLEAR,
                        point[1] + LINE_CLEAR,
                    )
                )
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
    zoom: float | None = None,
    spacing: float = 0.0,
    clear: float = 0.0,
    gap: float = GAP,
) -> list[tuple[Label, Box]]:
    """Greedy placement by priority: each label whose point lies within ``within`` (and has one:
    ``to_screen`` gives None for a point not on the map) at the first of its anchor's offsets
    (ANCHORS) where its box lies within ``within`` and overlaps neither an obstacle (a panel over
    the map) nor a label placed before it; a label with no room is left out. So is a label outside
    its zooms at ``zoom``, and one whose id a label before it on the map has (one name a feature,
    where its first point on the map is: a country named again for a chapter's view is named
    there only when its middle is off the map).

    Marked places first, by priority: one within ``spacing`` pixels of a marked place kept before
    it is left out; each one kept is an obstacle ``clear`` pixels round its point to the labels
    of its priority or after."""
    ordered = sorted(labels, key=lambda lab: lab.priority)
    points = {id(label): to_screen(label) for label in ordered}
    shown = [lab for lab in ordered if _at_zoom(lab, zoom) and _on_map(points[id(lab)], within)]
    kept: dict[int, tuple[float, float]] = {}
    clears: list[tuple[Box, int]] = []
    for label in shown:
        point = points[id(label)]
        if label.marked and point is not None and all(math.dist(point, p) >= spacing for p in kept.values()):
            kept[id(label)] = point
            if clear > 0:
                clears.append(
                    ((point[0] - clear, point[1] - clear, point[0] + clear, point[1] + clear), label.priority)
                )
    taken = list(obstacles)
    placed: list[tuple[Label, Box]] = []
    named: set[str] = set()
    for label in shown:
        point = points[id(label)]
        if point is None or label.id in named or (label.marked and id(label) not in kept):
            continue
        named.add(label.id)
        # A name gives way to the markers of places as important as its own, or more.
        markers = [box for box, priority in clears if priority <= label.priority]
        width, height = size_of(label)
        for offset in ANCHORS[label.anchor]:
            box = box_at(*point, width, height, offset, gap)
            inside = within is None or (
                box[0] >= within[0] and box[1] >= within[1] and box[2] <= within[2] and box[3] <= within[3]
            )
            if inside and not any(overlaps(box, other) for other in (*taken, *markers)):
                taken.append(box)
                placed.append((label, box))
                break
    return placed


def _on_map(point: tuple[float, float] | None, within: Box | None) -> bool:
    return point is not None and (within is None or point_inside(point, within))


def _at_zoom(label: Label, zoom: float | None) -> bool:
    return zoom is None or label.zooms is None or label.zooms[0] <= zoom <= label.zooms[1]


def point_inside(point: tuple[float, float], within: Box) -> bool:
    return within[0] <= point[0] <= within[2] and within[1] <= point[1] <= within[3]
