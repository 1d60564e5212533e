"""An event's story: its chapters (story.toml), or one chapter made from its data.

The opening view frames the subject (the highlighted trip and the host), not the bounding box
of everything: a far-away guest's flight must not zoom the story out to the world, and a line
that crosses the 180th meridian never widens a view.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from geo.base import registry
from geo.io.events import Event
from geo.model import facts
from geo.model.view import Scene
from geo.ref import geodesy

MIN_SPAN_DEG = 6.0
"""The smallest view, in degrees of latitude: a one-city trip still shows its surroundings."""
PAD_SHARE = 0.12
PAGE_SIZE = (1280, 800)
"""The exported page's size in pixels as the README's pictures show it: a chapter given as a
centre and zoom frames, in an image, what the page shows at this size."""
EVERYTHING_SHARE = 0.9
"""The share of the travellers' places, nearest the event's first, that the Everything view frames."""
TILE = 256
"""Leaflet's world is 256 pixels wide at zoom 0, twice as wide at each zoom after."""


@dataclass(frozen=True)
class ChapterView:
    number: int
    title: str
    text: str
    source_url: str
    layers: tuple[str, ...]
    bounds: tuple[tuple[float, float], tuple[float, float]] | None
    """((south, west), (north, east)); longitudes may pass 180 to keep a view whole."""
    center: tuple[float, float] | None = None
    zoom: int | None = None
    time: str = ""
    more_sources: tuple[str, ...] = ()
    """ISO moment for the travellers, or empty."""
    phone_bounds: tuple[tuple[float, float], tuple[float, float]] | None = None
    """The view on a phone held upright, when the chapter's own is too wide to read there."""
    featured_flows: tuple[str, ...] = ()
    """Countries whose trade with the host the chapter features (geo.model.featured)."""
    legs: str = "all"
    """``all`` legs of the other travellers, or each one's ``last`` leg into the event (story.toml)."""


def chapters_of(event: Event) -> list[ChapterView]:
    """The event's chapters, numbered from 1; one made from its data when it tells none."""
    if not event.story:
        return [default_chapter(event)]
    return [
        ChapterView(
            number=n,
            title=c.title,
            text=c.text,
            source_url=c.source_url,
            layers=tuple(k for k in c.layers if k in registry.TOGGLES) or registry.DEFAULT_LAYERS,
            bounds=c.bounds,
            center=c.center,
            zoom=c.zoom,
            time=c.time.isoformat() if c.time else "",
            more_sources=c.more_sources,
            phone_bounds=c.phone_bounds,
            featured_flows=c.featured_flows,
            legs=c.legs,
        )
        for n, c in enumerate(event.story, start=1)
    ]


def chosen_chapter(scene: Scene) -> ChapterView:
    """The chapter the scene's view names, or the opening view (default_chapter) when it names none."""
    chapters = chapters_of(scene.event)
    number = scene.view.chapter
    if number is None:
        return default_chapter(scene.event)
    if not 1 <= number <= len(chapters):
        msg = f"no chapter {number}; {scene.event.id} has {len(chapters)}"
        raise ValueError(msg)
    return chapters[number - 1]


def chapter_scene(scene: Scene) -> Scene:
    """The scene as a picture of its chapter draws it: chapter N's layers, or its own layers."""
    chapter = chosen_chapter(scene)
    return scene if scene.view.chapter is None else scene.with_view(layers=chapter.layers)


def with_story_layers(scene: Scene) -> Scene:
    """The scene with every layer its story's chapters name: a page that steps through the chapters
    draws the layers off by default (the trade shares) that one of them shows. Layers the reader
    chose are kept as chosen."""
    if scene.view.layers != registry.DEFAULT_LAYERS:
        return scene
    named = [k for c in chapters_of(scene.event) for k in c.layers if k not in scene.view.layers]
    return scene.with_view(layers=(*scene.view.layers, *dict.fromkeys(named))) if named else scene


def view_bounds(chapter: ChapterView) -> tuple[tuple[float, float], tuple[float, float]]:
    """A chapter's view as bounds: its own, or what its centre and zoom show on the page."""
    if chapter.bounds is not None:
        return chapter.bounds
    if chapter.center is None or chapter.zoom is None:
        msg = f"chapter {chapter.number} has neither bounds nor a centre and zoom"
        raise ValueError(msg)
    return bounds_around(chapter.center, chapter.zoom)


def bounds_around(
    center: tuple[float, float], zoom: float, *, size: tuple[int, int] = PAGE_SIZE
) -> tuple[tuple[float, float], tuple[float, float]]:
    """What a Leaflet map of ``size`` pixels shows centred on (lat, lon) at ``zoom`` (Web Mercator)."""
    lat, lon = center
    world = TILE * 2.0**zoom
    half_lon = 180.0 * size[0] / world
    y = (0.5 - math.asinh(math.tan(math.radians(lat))) / (2 * math.pi)) * world

    def lat_at(pixel_y: float) -> float:
        return math.degrees(math.atan(math.sinh((0.5 - pixel_y / world) * 2 * math.pi)))

    north, south = lat_at(y - size[1] / 2), lat_at(y + size[1] / 2)
    return (
        (round(max(south, -85.0), 3), round(lon - half_lon, 3)),
        (round(min(north, 85.0), 3), round(lon + half_lon, 3)),
    )


def everything_bounds(event: Event) -> tuple[tuple[float, float], tuple[float, float]]:
    """A view of the travellers' routes and the event's place, as narrow as 180° allows: the
    highlighted trip whole, and the nearest EVERYTHING_SHARE of the other places the travellers
    start, pass or end at. A few far capitals (Havana, Harare) would shrink the rest to a blob
    round the event; their lines run off the edge, and zooming out shows them."""
    venue = event.places.get(event.meta.place)
    focus = set(facts.focus_people(event))
    kept = [event.places[p].lonlat for leg in event.legs if leg.person in focus for p in (leg.from_, leg.to)]
    others = {p for leg in event.legs if leg.person not in focus for p in (leg.from_, leg.to)}
    if venue is not None:
        kept.append(venue.lonlat)
        centre = venue.lonlat
        by_distance = sorted(others, key=lambda p: geodesy.distance_km(centre, event.places[p].lonlat))
        others = set(by_distance[: math.ceil(EVERYTHING_SHARE * len(by_distance))])
    kept += [event.places[p].lonlat for p in sorted(others)]
    return bounds_of(np.array(kept or [[0.0, 0.0]]), centre_lon=venue.lon if venue else None)


def default_chapter(event: Event) -> ChapterView:
    return ChapterView(
        number=1,
        title=event.meta.title,
        text=event.meta.summary or event.meta.title,
        source_url=event.meta.source_url,
        layers=registry.DEFAULT_LAYERS,
        bounds=opening_bounds(event),
    )


def opening_bounds(event: Event) -> tuple[tuple[float, float], tuple[float, float]]:
    """The view that frames the subject: the highlighted travellers' routes and the event's place;
    with no highlighted traveller, every traveller's start and the event's place."""
    venue = event.places.get(event.meta.place)
    return bounds_of(subject_points(event), centre_lon=venue.lon if venue else None)


def fit_bounds(
    event: Event, lonlats: list[tuple[float, float]]
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The subject (opening_bounds) and the (lon, lat) points a reader added, in one view: their
    own places in Tokyo are brought into a view of Beijing, never left off screen."""
    venue = event.places.get(event.meta.place)
    points = np.vstack([subject_points(event), np.asarray(lonlats, dtype=float).reshape(-1, 2)])
    return bounds_of(points, centre_lon=venue.lon if venue else None)


def subject_points(event: Event) -> np.ndarray:
    """(lon, lat) rows of the subject: the highlighted travellers' routes (or, with none, every
    traveller's start) and the event's place."""
    venue = event.places.get(event.meta.place)
    focus = facts.focus_people(event)
    chosen = [leg for leg in event.legs if leg.person in focus]
    if chosen:
        points = np.vstack([facts.leg_coords(event, leg) for leg in chosen])
    elif event.legs:
        points = np.array([event.places[leg.from_].lonlat for leg in event.legs])
    else:
        points = np.empty((0, 2)) if venue is not None else np.array([[0.0, 0.0]])
    if venue is not None:
        points = np.vstack([points, [venue.lonlat]])
    return points


def bounds_of(
    points: np.ndarray, *, centre_lon: float | None = None
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Padded ((south, west), (north, east)) of (lon, lat) rows. Longitudes are taken within half a
    world of ``centre_lon`` (the event's place), so points either side of 180 sit together."""
    points = np.asarray(points, dtype=float)
    lats = points[:, 1]
    lons = geodesy.wrap_lon(points[:, 0])
    # The narrowest of three readings of the longitudes: as they are, from 0 to 360, and within
    # half a world of the event's place. A flight across the Pacific then never spans the globe.
    readings = [lons, lons % 360.0]
    if centre_lon is not None:
        readings.append(geodesy.wrap_lon(lons - centre_lon) + centre_lon)
    lons = min(readings, key=lambda r: float(r.max() - r.min()))
    south, north, west, east = lats.min(), lats.max(), lons.min(), lons.max()
    pad_lat = max((north - south) * PAD_SHARE, (MIN_SPAN_DEG - (north - south)) / 2, 0.0)
    pad_lon = max((east - west) * PAD_SHARE, (MIN_SPAN_DEG - (east - west)) / 2, 0.0)
    return (
        (round(float(max(south - pad_lat, -85.0)), 3), round(float(west - pad_lon), 3)),
        (round(float(min(north + pad_lat, 85.0)), 3), round(float(east + pad_lon), 3)),
    )
