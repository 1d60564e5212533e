"""What each drawn feature says: its tooltip and its popup, rendered at the map's edge.

Frames hold data (geo.layers); this module looks each feature's record up by its id and has
geo.markup render it. The map's popups and the app's details panel come from the same
functions, so a click says the same thing in both.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import geopandas as gpd
from markupsafe import Markup

from geo import facts, ids, markup, registry, text
from geo.countries import country_name
from geo.schema import Leg
from geo.trade import figures_between, latest_before
from geo.view import Scene

Caption = tuple[Markup, Markup]
"""(tooltip, popup); an empty popup means the feature opens none."""
EMPTY = Markup("")


def captions(scene: Scene, key: str, frame: gpd.GeoDataFrame) -> tuple[list[Markup], list[Markup]]:
    """The tooltip and popup of every feature of one layer's frame, in its row order."""
    if not len(frame):
        return [], []
    make = MAKERS[key](scene, frame)
    pairs = [make(row) for row in frame.drop(columns=frame.geometry.name).to_dict("records")]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def country_caption(scene: Scene, iso3: str, *, travel: bool = False) -> Caption:
    event = scene.event
    role = facts.country_roles(event).get(iso3, "other")
    name = country_name(iso3)
    if role == "other":
        return markup.tip(name), EMPTY
    people = [p for p in event.people if p.iso3 == iso3]
    host = event.meta.host
    figures = figures_between(event.trade, host, iso3, year=scene.year)
    earlier = latest_before(event.trade, host, iso3, year=scene.year)
    label = registry.ROLE_LABEL[role]
    legs = [markup.leg_line(event, leg) for p in people for leg in event.legs_of(p.id)] if travel else []
    popup = markup.country_popup(
        name, label, people, country_name(host), scene.year, figures, earlier, travel=legs
    )
    return markup.country_tip(name, label, people), popup


def leg_caption(scene: Scene, leg: Leg) -> Caption:
    return markup.leg_tip(scene.event, leg), markup.leg_popup(scene.event, leg)


def stop_caption(scene: Scene, place_id: str) -> Caption:
    event = scene.event
    passes = facts.stop_passes(event).get(place_id, [])
    name = event.places[place_id].name
    urls = [
        event.places[place_id].source_url,
        *(leg.source_url for leg in facts.legs_through(event, place_id)),
    ]
    return markup.stop_tip(name, passes), markup.stop_popup(name, passes, urls)


def flow_caption(scene: Scene, flow_id: str) -> Caption | None:
    flow = scene.all_flows.get(flow_id)
    return None if flow is None else (markup.flow_tip(flow), markup.flow_popup(flow))


def position_caption(scene: Scene, row: dict, *, travel: bool = False) -> Caption:
    event = scene.event
    person = event.person(row["person"])
    where = markup.position_line(text.moment(datetime.fromisoformat(row["at"])), row["where"], row["note"])
    leg = ids.parse_leg(row["leg"]) if row["leg"] else None
    legs = (
        event.legs_of(person.id) if travel else [leg_ for leg_ in event.legs_of(person.id) if leg_.key == leg]
    )
    popup = markup.person_popup(event, person, position=where, legs=legs)
    return markup.tip(person.name, where), popup


def place_caption(row: dict) -> Caption:
    return markup.place_tip(row["name"], row["category"]), markup.place_popup(row)


def _countries(scene: Scene, frame) -> Callable[[dict], Caption]:
    return lambda row: country_caption(scene, row["iso3"])


def _legs(scene: Scene, frame) -> Callable[[dict], Caption]:
    legs = {leg.key: leg for leg in scene.event.legs}
    return lambda row: leg_caption(scene, legs[(row["person"], row["seq"])])


def _stops(scene: Scene, frame) -> Callable[[dict], Caption]:
    return lambda row: stop_caption(scene, row["place"])


def _flows(scene: Scene, frame) -> Callable[[dict], Caption]:
    return lambda row: flow_caption(scene, row["id"]) or (EMPTY, EMPTY)


def _positions(scene: Scene, frame) -> Callable[[dict], Caption]:
    return lambda row: position_caption(scene, row)


def _places(scene: Scene, frame) -> Callable[[dict], Caption]:
    return place_caption


MAKERS: dict[str, Callable[[Scene, gpd.GeoDataFrame], Callable[[dict], Caption]]] = {
    "countries": _countries,
    "focus": _legs,
    "guests": _legs,
    "stops": _stops,
    "trade": _flows,
    "positions": _positions,
    "places": _places,
}
