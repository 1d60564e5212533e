"""What one map shows, for any renderer: a ``MapScene``.

Its layers in drawing order, each feature with its style (geo.model.style), the key's rows
(geo.model.key), the labels with their priorities and points (geo.model.labels), the title, the
credits, and every chapter's view as bounds. The web map (geo.web.maps), the image
(geo.static.draw) and, through geo.model.person_map, a person's map (geo.web.atlas) draw from it
and from nothing else, so no style, key row, title or view is written twice.

Built from a geo.model.view.Scene: an event seen through a view (layers, year, filters, chapter).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, time

import geopandas as gpd

from geo.base import ids, registry
from geo.io.tradeindex import TradeRows
from geo.model import entries, facts, featured, layers, story, text
from geo.model.key import KeyRow, key_rows
from geo.model.labels import Label, guest_labels, labels_of, place_labels
from geo.model.style import Casing, Style, casing_of, styles_of
from geo.model.view import Scene
from geo.ref.countries import country_name, load_countries

Bounds = tuple[tuple[float, float], tuple[float, float]]
"""((south, west), (north, east)); longitudes may pass 180 to keep a view whole."""
LAST_LEGS = "guests-last"
"""The layer of each other traveller's last leg into the event, for the chapters that show only
those (story.toml's ``legs = "last"``): the guests' layer, its other legs left out."""
CREDITS = ("Countries: Natural Earth", "Places: GeoNames")
"""Where the basemap and the places come from; each renderer adds where the facts' sources are."""


@dataclass(frozen=True)
class SceneLayer:
    key: str
    """The registry's key (a person's map: one layer a trip, keyed by the trip's id)."""
    title: str
    """What the layer control and the key call it."""
    frame: gpd.GeoDataFrame
    """The features: geometry, ``id`` (geo.base.ids), ``kind`` and plain values (geo.model.layers)."""
    styles: tuple[Style, ...]
    """Each feature's style, in the frame's order."""
    geometry: str = "line"
    """``area``, ``line`` or ``point``: how the features are drawn."""
    casing: Casing | None = None
    hover: Mapping[str, object] = field(default_factory=dict)
    """Style changes while the pointer is over a feature (the registry's ``highlight``)."""
    precision: int = 3
    """Decimals of its coordinates worth shipping (3 is about 100 m)."""
    with_layer: str | None = None
    """Shown only with this other layer (stations with the trip)."""
    control: bool = True
    """A reader can turn it on and off."""


@dataclass(frozen=True)
class ChapterFrame:
    """A chapter's card and view: chapter 0 is everything."""

    number: int
    title: str
    text: str
    sources: tuple[str, ...]
    layers: tuple[str, ...]
    bounds: Bounds
    """The view, always: a chapter given as a centre and zoom as the page shows it
    (geo.model.story.bounds_around)."""
    center: tuple[float, float] | None = None
    zoom: float | None = None
    """As the story gives them, for a renderer that can set them exactly (the web map)."""
    phone_bounds: Bounds | None = None
    """The view on a phone held upright (the web map), when the story gives one."""
    legs: str = "all"
    """``last``: its layers show LAST_LEGS for the guests' layer."""


@dataclass(frozen=True)
class MapScene:
    title: str
    subtitle: str
    layers: dict[str, SceneLayer]
    """In drawing order, bottom first."""
    key: tuple[KeyRow, ...]
    labels: tuple[Label, ...]
    """Most important first."""
    chapters: tuple[ChapterFrame, ...]
    """Everything (0), then the story's chapters."""
    bounds: Bounds
    """What one picture of the scene frames: its chapter's view, or the opening view."""
    fit: Bounds | None = None
    """The first view of a map that shows no chapter and draws a reader's own places: the
    subject with those places (the app opens there once, after an upload)."""
    chapter: int | None = None
    """The chapter the scene's view shows, if one."""
    credits: tuple[str, ...] = CREDITS
    sources: int = 0
    """Distinct sources behind the facts drawn."""
    source_sites: tuple[str, ...] = ()
    """The sites the facts' sources are on, the most cited first: what a reader can follow."""


def frames_of(scene: Scene, *, countries: gpd.GeoDataFrame | None = None) -> dict[str, gpd.GeoDataFrame]:
    """The frames of the scene's layers (and their companions), in drawing order."""
    event = scene.event
    shapes = load_countries() if countries is None else countries
    partners = featured.featured_partners(event)
    chosen = {f.id for f in scene.flows if featured.is_featured(f, event.meta.host, partners)}
    builders: dict[str, Callable[[], gpd.GeoDataFrame]] = {
        "countries": lambda: layers.build_country_layer(event, shapes),
        "shares": lambda: layers.build_share_layer(event, shapes, year=scene.year),
        "trade": lambda: layers.build_trade_layer(scene.flows, featured=chosen),
        "guests": lambda: layers.build_travel_layer(event, focus=False),
        "focus": lambda: layers.build_travel_layer(event, focus=True),
        "stops": lambda: layers.build_stop_layer(event),
        "positions": lambda: layers.build_position_layer(event, scene.view.at or _midday(scene)),
    }
    return {key: builders[key]() for key in registry.drawing_order(builders) if scene.shown(key)}


def layer_title(scene: Scene, key: str) -> str:
    """The name a reader sees in the layer control: the trade year, the highlighted traveller."""
    spec = registry.LAYERS[key]
    # Only those who travel: a host who never left home is not on the trip.
    names = [scene.event.person(p).name for p in facts.focus_people(scene.event) if scene.event.legs_of(p)]
    if key == "focus" and names:
        return f"{' & '.join(names)}: trip"
    if key == "shares":
        return f"Share of its trade with {country_name(scene.event.meta.host)}, {scene.year}"
    return f"{spec.title} ({scene.year})" if key == "trade" else spec.title


def title_lines(scene: Scene) -> tuple[str, str]:
    """The title, and under it the date; a tour names its traveller and every host, in order."""
    event = scene.event
    year = f" · trade year {scene.year}" if event.trade else ""
    who = facts.traveller(event)
    if who is None:
        return scene.view.title or event.meta.title, f"{event.meta.date:%-d %B %Y}{year}"
    hosts = " and ".join(country_name(iso3) for iso3 in event.meta.hosts)
    days = text.day_span(event.meta.start, event.meta.end)
    return scene.view.title or event.meta.title, f"{who.name}'s trip to {hosts}, {days}{year}"


def layer_of(scene: Scene, key: str, frame: gpd.GeoDataFrame) -> SceneLayer:
    """One registry layer of the scene, each feature styled."""
    spec = registry.LAYERS[key]
    return SceneLayer(
        key=key,
        title=layer_title(scene, key),
        frame=frame,
        styles=tuple(styles_of(key, frame)),
        geometry=spec.kind,
        casing=casing_of(key),
        hover=spec.highlight,
        precision=spec.precision,
        with_layer=spec.with_layer,
    )


def chapters_of(
    scene: Scene, frames: Mapping[str, gpd.GeoDataFrame], *, last_legs: bool = False
) -> list[ChapterFrame]:
    """Everything (0), then the event's chapters, each with the layers of ``frames`` it shows;
    with ``last_legs`` (a LAST_LEGS layer is drawn), LAST_LEGS for the guests' layer in the
    chapters that show only the last legs."""
    event = scene.event
    shown = tuple(k for k in frames if registry.LAYERS[k].toggle or k == "places")
    # A layer off by default (the trade shares) is its chapter's: Everything leaves it out.
    drawn = tuple(k for k in shown if registry.LAYERS[k].default) or shown
    everything = ChapterFrame(0, "Everything", event.meta.summary, (), drawn, story.everything_bounds(event))

    def shown(chapter: story.ChapterView) -> tuple[str, ...]:
        keys = tuple(k for k in chapter.layers if k in frames)
        swap = last_legs and chapter.legs == "last"
        return tuple(LAST_LEGS if swap and k == "guests" else k for k in keys)

    return [everything] + [
        ChapterFrame(
            number=chapter.number,
            title=chapter.title,
            text=chapter.text,
            sources=(chapter.source_url, *chapter.more_sources),
            layers=shown(chapter),
            bounds=story.view_bounds(chapter),
            center=chapter.center,
            zoom=chapter.zoom,
            phone_bounds=chapter.phone_bounds,
            legs=chapter.legs,
        )
        for chapter in story.chapters_of(event)
    ]


def scene_of(
    scene: Scene,
    *,
    frames: Mapping[str, gpd.GeoDataFrame] | None = None,
    countries: gpd.GeoDataFrame | None = None,
    one_chapter: bool = False,
) -> MapScene:
    """The scene's map. ``frames`` are its layers when already built (frames_of).

    A map with all its chapters (the web map) has a LAST_LEGS layer beside the guests' when a
    chapter shows only the last legs; a picture of ``one_chapter``, the view's (an image), draws
    its guests' layer as the chapter says."""
    if frames is None:
        frames = frames_of(scene, countries=countries)
    event = scene.event
    rows = key_rows(
        frames,
        titles={key: layer_title(scene, key) for key in registry.LAYERS},
        highlighted=event.meta.highlight,
        positions=scene.shown("positions"),
        travellers=tuple(event.person(p).name for p in facts.focus_people(event) if event.legs_of(p)),
    )
    chosen = story.chosen_chapter(scene)
    title, subtitle = title_lines(scene)
    last = one_chapter and scene.view.chapter is not None and chosen.legs == "last"
    layers = {key: layer_of(scene, key, frames[key]) for key in registry.drawing_order(frames)}
    found = [label for label in labels_of(scene, last_legs=last) if label.layer in frames]
    # The values of the flows its chapters feature (geo.model.featured), with the trade they name.
    found += featured.flow_labels(scene) if "trade" in frames else []
    extra = (
        not one_chapter
        and "guests" in frames
        and any(c.legs == "last" for c in story.chapters_of(scene.event))
    )
    rows = [
        replace(row, layers=(*row.layers, LAST_LEGS)) if extra and "guests" in row.layers else row
        for row in rows
    ]
    if last:
        layers["guests"] = layer_of(scene, "guests", last_legs_of(scene, frames["guests"]))
    elif extra:
        last_legs = replace(layer_of(scene, "guests", last_legs_of(scene, frames["guests"])), control=False)
        # Drawn where the guests' layer is, as either is shown without the other.
        at = list(layers).index("guests") + 1
        layers = dict([*list(layers.items())[:at], (LAST_LEGS, last_legs), *list(layers.items())[at:]])
        found += guest_labels(scene, last_legs=True, layer=LAST_LEGS)
    found, fit = with_reader_places(scene, frames, found + _entry_labels(scene, frames, one_chapter, extra))
    return MapScene(
        title=title,
        subtitle=subtitle,
        layers=layers,
        key=tuple(rows),
        labels=tuple(sorted(found, key=lambda label: label.priority)),
        chapters=tuple(chapters_of(scene, frames, last_legs=extra)),
        bounds=story.view_bounds(chosen),
        fit=fit,
        chapter=scene.view.chapter,
        sources=source_count(scene),
        source_sites=source_sites(scene),
    )


def _entry_labels(
    scene: Scene, frames: Mapping[str, gpd.GeoDataFrame], one_chapter: bool, extra: bool
) -> list[Label]:
    """The guests named where their lines enter each chapter's view (geo.model.entries): a picture's
    one chapter, or every chapter of a web map, on the layer its guests are drawn in."""
    if "guests" not in frames or (one_chapter and scene.view.chapter is None):
        return []
    wanted = [story.chosen_chapter(scene)] if one_chapter else story.chapters_of(scene.event)
    return entries.entry_labels(
        scene, wanted, layer=lambda c: LAST_LEGS if extra and c.legs == "last" else "guests"
    )


def with_reader_places(
    scene: Scene, frames: Mapping[str, gpd.GeoDataFrame], named: list[Label]
) -> tuple[list[Label], Bounds | None]:
    """The labels ``named``, with a reader's own places (the app's upload) but for those named
    already; and the first view that shows them with the subject (none in a chapter: the story's)."""
    places = frames.get("places")
    if places is None or not len(places):
        return named, None
    yours = _unnamed(place_labels(places.to_dict("records")), named)
    lonlats = list(zip(places["lon"], places["lat"], strict=True))
    fit = story.fit_bounds(scene.event, lonlats) if yours and scene.view.chapter is None else None
    return [*named, *yours], fit


def _unnamed(yours: list[Label], named: list[Label]) -> list[Label]:
    """A reader's places the map does not name already: the editor draws a draft's own places as
    such, and Beijing named twice, once as a place of the trip, would read as two places."""
    taken = {(label.text, round(label.lon, 2), round(label.lat, 2)) for label in named}
    return [label for label in yours if (label.text, round(label.lon, 2), round(label.lat, 2)) not in taken]


def last_legs_of(scene: Scene, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The guests' layer with only each traveller's last leg into the event (facts.last_leg_in)."""
    event = scene.event
    last = {ids.leg_id(leg.person, leg.seq) for p in event.people if (leg := facts.last_leg_in(event, p.id))}
    return frame[frame["id"].isin(last)].reset_index(drop=True)


def source_count(scene: Scene) -> int:
    """Distinct sources behind the event's records."""
    return len(source_urls(scene))


def source_sites(scene: Scene) -> tuple[str, ...]:
    """The sites of the event's sources: its main source's first, then the one most sources are on."""
    counts = Counter(site for url in source_urls(scene) if (site := text.site_name(url)))
    main = text.site_name(scene.event.meta.source_url)
    return tuple(sorted(counts, key=lambda site: (site != main, -counts[site], site)))


def source_urls(scene: Scene) -> set[str]:
    """Every source URL behind the event's records."""
    event = scene.event
    urls = {event.meta.source_url, *(c.source_url for c in event.story)}
    urls |= {p.source_url for p in event.people} | {p.source_url for p in event.places.values()}
    urls |= {leg.source_url for leg in event.legs} | {
        w.source_url for leg in event.legs for w in leg.waypoints
    }
    trade = (
        event.trade.source_urls if isinstance(event.trade, TradeRows) else {t.source_url for t in event.trade}
    )
    urls |= trade | {f.source_url for f in event.figures}
    urls |= {s.source_url for s in event.shares}
    return urls - {"", None}


def _midday(scene: Scene) -> datetime:
    return datetime.combine(scene.event.meta.date, time(12))
