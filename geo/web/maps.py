"""One folium map from a scene (geo.model.scene.MapScene): its layers in drawing order, each feature
styled as the scene says, with its tooltip and popup rendered here, at the edge; the title, the
key, the labels, the chapters and the attribution.

The same map serves the export (geo.web.export inlines Leaflet) and the app (which has its own
server hand Leaflet to the map's frame). Neither asks the network for anything: no tiles unless
the view names some, and folium's default CDN scripts are dropped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import folium
import geopandas as gpd

from geo.base import ids, registry
from geo.model import labels
from geo.model import scene as scenes
from geo.model import story as stories
from geo.model import twin as twins
from geo.model.key import KeyRow
from geo.model.scene import ChapterFrame, MapScene, SceneLayer
from geo.model.style import Style
from geo.model.view import Scene
from geo.web import captions, css, markup
from geo.web.compact import MANY_FEATURES, BatchLines, CompactGeoJson, drawn_in_batch
from geo.web.elements import (
    Attribution,
    Box,
    KeepClear,
    LayerControl,
    MapLabels,
    OpeningView,
    Raw,
    StoryPanel,
    add_scripts,
    script_json,
)

BATCHED = {"countries", "shares"}
"""Layers drawn as one batch on a canvas (geo.web.compact.BatchLines) however few their features."""
BROWSER_PROPERTIES = ["id", "tip", "popup"]
"""All a feature carries to the browser: what a click reports, and its rendered texts."""
PANEL_LEFT = 364
"""Pixels the story panel takes from a view's left side: its usual width (geo.web.css .dm-story)
and a margin. The page opens fitted to it, so the panel's script need not fit the view again."""
PICKED = {"color": "#111111", "weight": 3.5, "opacity": 1.0}
"""How a clicked feature stays marked in the app while its details show beside the map."""
LEAFLET_NAMES = {
    "colour": "color",
    "width": "weight",
    "opacity": "opacity",
    "fill": "fillColor",
    "fill_opacity": "fillOpacity",
    "dash": "dashArray",
    "radius": "radius",
    "offset": "dmOffset",
    "heads": "dmHeads",
    "head": "dmHead",
    "head_room": "dmHeadRoom",
}
"""geo.model.style.Style's fields by the names of Leaflet's path options (dm…: the marks in
pixels that geo/web/js/marks.js draws)."""
KEY_MARKS = {"swatch": "sw", "line": "ln", "point": "pt", "heading": "hd"}
"""A key row's symbol by the class geo.web.css gives its mark."""


def build_layer(scene: Scene, key: str) -> dict[str, gpd.GeoDataFrame]:
    """One toggle's frames (a layer and its companions): what the app caches one at a time."""
    return scenes.frames_of(scene.with_view(layers=(key,)))


def build_map(
    scene: Scene,
    *,
    frames: Mapping[str, gpd.GeoDataFrame] | None = None,
    story: bool = True,
    picked: bool = False,
) -> folium.Map:
    """The scene's map. ``frames`` are the scene's layers when already built (scene.frames_of).

    ``story`` adds the chapter panel (the exported page); the app chooses chapters in its sidebar
    instead, and passes ``picked`` so a clicked feature stays marked while the details panel shows
    its facts (no popup then: the facts are shown once).
    """
    if story and frames is None:
        scene = stories.with_story_layers(scene)
    drawn = scenes.scene_of(scene, frames=frames)
    fmap = new_map(drawn, tiles=scene.view.tiles)
    start = min(scene.view.chapter or 1, len(drawn.chapters) - 1)
    opening = drawn.chapters[start]
    # Before any layer: the page opens on its view, drawn once.
    left = PANEL_LEFT if story else 16
    # The app's map shows a reader's own places in its first view, with the subject (drawn.fit).
    bounds = drawn.fit if drawn.fit is not None and not story else opening.bounds
    OpeningView(list(bounds), top_left=(left, 16), bottom_right=(16, 16)).add_to(fmap)
    shown = set(opening.layers) if story else app_layers(scene, drawn)
    groups = {}
    for key, layer in drawn.layers.items():
        # A layer the opening chapter hides is not drawn until a chapter shows it.
        on = key in shown or layer.with_layer in shown
        groups[key] = layer_group(scene, layer, picked=picked, show=on).add_to(fmap).get_name()
    if story:
        companions = {key: layer.with_layer for key, layer in drawn.layers.items() if layer.with_layer}
        views = script_json(chapter_views(drawn))
        StoryPanel(views, groups=groups, companions=companions, start=start, left=PANEL_LEFT).add_to(fmap)
        add_twin(fmap, twins.twin_of(scene, drawn))
    add_furniture(fmap, drawn, groups, every_chapter=story)
    return fmap


def app_layers(scene: Scene, drawn: MapScene) -> set[str]:
    """The layers the app shows: all of the view's, the guests' as its chapter says."""
    shown = {key for key, layer in drawn.layers.items() if layer.control}
    chosen = drawn.chapters[scene.view.chapter] if scene.view.chapter else None
    if chosen is not None and scenes.LAST_LEGS in chosen.layers and "guests" in shown:
        shown = (shown - {"guests"}) | {scenes.LAST_LEGS}
    return shown


def new_map(drawn: MapScene, *, tiles: str | None) -> folium.Map:
    """An empty map titled as the scene, on a canvas when it has many features, with our stylesheet."""
    fmap = folium.Map(
        location=[30.0, 100.0],
        zoom_start=3,
        min_zoom=1,
        tiles=tiles,
        prefer_canvas=sum(len(layer.frame) for layer in drawn.layers.values()) > MANY_FEATURES,
        world_copy_jump=False,
        control_scale=True,
        font_size="13px",
        zoom_snap=0.25,
    )
    # folium's defaults add jQuery, Bootstrap and Font Awesome from CDNs; nothing here uses them.
    fmap.default_js = []
    fmap.default_css = []
    fmap.get_root().title = str(markup.esc(drawn.title))
    fmap.get_root().header.add_child(Raw(markup.style(css.map_css(sea=registry.SEA_COLOUR))), name="dm-css")
    return fmap


def add_furniture(
    fmap: folium.Map, drawn: MapScene, groups: Mapping[str, str], *, every_chapter: bool = True
) -> None:
    """The labels, the key, the attribution and the controls, then the scripts they call. A page
    with the story panel (``every_chapter``) carries each chapter's own labels and shows them as it
    opens it; the app's map only those of its chapter (none of a chapter's own on "Everything")."""
    found = [
        dataclasses.asdict(label)
        for label in drawn.labels
        if label.layer in groups and (every_chapter or label.in_chapter(drawn.chapter))
    ]
    offsets = script_json(labels.ANCHORS)
    MapLabels(
        script_json(found),
        offsets,
        groups=dict(groups),
        gap=labels.GAP,
        clear=labels.CLEAR,
        spacing=labels.SPACING,
        line_clear=labels.LINE_CLEAR,
    ).add_to(fmap)
    Box(markup.legend(legend_rows(drawn.key)), position="bottomleft").add_to(fmap)
    Attribution(markup.attribution(drawn.credits)).add_to(fmap)
    LayerControl(collapsed=True).add_to(fmap)
    KeepClear().add_to(fmap)
    add_scripts(fmap)


def add_twin(fmap: folium.Map, twin: twins.Twin) -> None:
    """The story as text under the map (the page scrolls to it), and a link to it for the keyboard,
    first on the page."""
    body = fmap.get_root().html
    body.add_child(Raw(str(markup.skip_link())), name="dm-skip", index=0)
    # The map writes its own element into the body as it renders, under its name: a place kept
    # for it here puts the map between the link and the text (a dict keeps a key's first place).
    body.add_child(Raw(""), name=fmap.get_name())
    body.add_child(Raw(str(markup.twin(twin))), name="dm-twin")


def chapter_views(drawn: MapScene) -> list[dict]:
    """Everything (0), then the event's chapters: each one's card, layers and view, for the panel."""
    count = len(drawn.chapters) - 1
    return [_chapter_view(drawn, chapter, count) for chapter in drawn.chapters]


def _chapter_view(drawn: MapScene, chapter: ChapterFrame, count: int) -> dict:
    urls = [url for url in chapter.sources if url]
    card = markup.chapter_card(
        drawn.title, drawn.subtitle, chapter.number, count, chapter.title, chapter.text, urls
    )
    view = {"html": str(card), "layers": list(chapter.layers), "bounds": chapter.bounds}
    if chapter.phone_bounds is not None:
        view["phone"] = chapter.phone_bounds
    if chapter.center is not None:
        # The page sets a centre and zoom exactly; its bounds are what an image frames.
        view.update(bounds=None, center=chapter.center, zoom=chapter.zoom)
    return view


def frame_group(
    scene: Scene, key: str, frame: gpd.GeoDataFrame, *, picked: bool = False, show: bool = True
) -> folium.FeatureGroup:
    """A registry layer's frame as a FeatureGroup (the app adds its travellers to a mounted map)."""
    return layer_group(scene, scenes.layer_of(scene, key, frame), picked=picked, show=show)


def layer_group(
    scene: Scene, layer: SceneLayer, *, picked: bool = False, show: bool = True
) -> folium.FeatureGroup:
    """A scene's layer with each feature's tooltip and popup (geo.web.captions), as group_of draws it.
    With ``picked`` (the app) features open no popup and a click keeps them marked."""
    if not len(layer.frame):
        return group_of(layer, layer.frame, picked=picked, show=show)
    tips, popups = captions.captions(scene, layer.key, layer.frame)
    texts = {"tip": [str(t) for t in tips], "popup": ["" if picked else str(p) for p in popups]}
    return group_of(layer, layer.frame.assign(**texts), picked=picked, show=show)


def group_of(
    layer: SceneLayer, frame: gpd.GeoDataFrame, *, picked: bool = False, show: bool = True, batch: bool = True
) -> folium.FeatureGroup:
    """A scene's layer, its features' texts in ``frame``, as one compact GeoJSON layer (or one
    batch, with ``batch``) in a FeatureGroup.

    Every feature carries the class ``dm-layer-`` and the layer's kind, so pages can be styled
    and tested layer by layer.
    """
    group = folium.FeatureGroup(name=layer.title, show=show, control=layer.control)
    if not len(frame):
        return group
    encoded = leaflet_layer(layer, picked=picked)
    # The countries too, in the app as in the exported page: 240 shapes made some 300 Leaflet
    # objects and SVG paths, a third of the time the page took to draw. The batch marks the
    # app's clicked country over itself (``picked``) as it marks a hovered one.
    many = drawn_in_batch(frame) or layer.key in BATCHED
    if batch and layer.casing is None and many:
        BatchLines(frame, **encoded).add_to(group)
    else:
        casing = {"color": layer.casing.colour, "extra": layer.casing.extra} if layer.casing else None
        parsed = ids.parse(layer.key)  # a person's map keys a layer by its trip's id
        css_class = f"dm-layer-{parsed.kind if parsed else layer.key}"
        radius = layer.styles[0].radius
        CompactGeoJson(frame, marker_radius=radius, class_name=css_class, casing=casing, **encoded).add_to(
            group
        )
    return group


def leaflet_layer(layer: SceneLayer, *, picked: bool = False) -> dict:
    """What an encoded layer (geo.web.compact) takes of a scene's layer: its features' styles as
    Leaflet path options, shared by the features that have the same, and its hover style."""
    unique = list(dict.fromkeys(layer.styles))
    index = {style: i for i, style in enumerate(unique)}
    return {
        "properties": BROWSER_PROPERTIES,
        "styles": [leaflet_style(style) for style in unique],
        "style_index": [index[style] for style in layer.styles],
        "highlight": leaflet_options(layer.hover) or None,
        "precision": layer.precision,
        "picked": PICKED if picked else None,
    }


def leaflet_style(style: Style) -> dict:
    return leaflet_options(
        {name: getattr(style, name) for name in LEAFLET_NAMES if name != "radius" or style.radius is not None}
        | {"fill": style.fill_colour}
    )


def leaflet_options(changes: Mapping[str, object]) -> dict:
    """Style fields as Leaflet's path options: a dash as CSS writes it (``"6 6"``), none as null."""
    options = {}
    for name, value in changes.items():
        if name == "dash":
            value = " ".join(f"{n:g}" for n in value) or None  # type: ignore[attr-defined]
        options[LEAFLET_NAMES[name]] = value
    return options


def legend_rows(rows: tuple[KeyRow, ...] | list[KeyRow]) -> list[markup.LegendRow]:
    """The scene's key rows, each mark as CSS from its style."""
    return [
        markup.LegendRow(KEY_MARKS[row.symbol], key_mark_css(row), row.text, " ".join(row.layers))
        for row in rows
    ]


def key_mark_css(row: KeyRow) -> str:
    style = row.style
    if style is None:
        return ""
    # HTML has no dash pattern: a dash no longer than the line is wide reads as dots.
    pattern = "solid" if not style.dash else "dotted" if style.dash[0] <= style.width else "dashed"
    border = f"{style.width:g}px {pattern} {style.colour}"
    if row.symbol == "swatch":
        return f"background:{style.fill_colour}"
    if row.symbol == "point":
        return f"background:{style.fill_colour};border:{border}"
    return f"border-top:{border}"
