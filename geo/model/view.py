"""What one map shows: the layers, the trade year and filters, the moment, the chapter.

A View is the one call shape every drawing function takes (with its event, as a Scene), so the
title, the arrows, the tables and the details can never disagree about the year or the filters;
a Scene computes the view's trade flows once. A View is also what a link reproduces: the app's
query parameters are a View written out, and read back, here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property

from geo.base import registry, settings
from geo.io.events import Event
from geo.model.trade import DrawnFlow, flows_for_year, trade_years


@dataclass(frozen=True)
class View:
    layers: tuple[str, ...] = registry.DEFAULT_LAYERS
    year: int | None = None
    """The trade year; None for the event's own."""
    min_value: float = 0.0
    top: int | None = None
    at: datetime | None = None
    """The travellers' moment (naive: the event's local time)."""
    tiles: str | None = None
    title: str | None = None
    chapter: int | None = None
    """1-based chapter of the event's story; None for the whole map."""

    def __post_init__(self) -> None:
        unknown = set(self.layers) - registry.LAYERS.keys()
        if unknown:
            msg = f"unknown layer(s) {sorted(unknown)}; known: {', '.join(registry.TOGGLES)}"
            raise ValueError(msg)


def default_year(event: Event) -> int:
    """The event's trade year: its own, or the latest with a figure, or the year it happened."""
    if event.meta.default_year is not None:
        return event.meta.default_year
    years = trade_years(event.trade)
    return years[-1] if years else event.meta.date.year


@dataclass(frozen=True)
class Scene:
    """An event seen through a view: what every builder, renderer and table takes."""

    event: Event
    view: View = View()

    @property
    def year(self) -> int:
        return default_year(self.event) if self.view.year is None else self.view.year

    @cached_property
    def flows(self) -> list[DrawnFlow]:
        """The arrows this view draws: the year's flows, filtered, at most MAX_DRAWN_FLOWS."""
        return self._filtered[: settings.MAX_DRAWN_FLOWS]

    @property
    def flows_left_out(self) -> int:
        """Flows the filters keep but the map leaves out, past MAX_DRAWN_FLOWS (smallest first)."""
        return len(self._filtered) - len(self.flows)

    @cached_property
    def _filtered(self) -> list[DrawnFlow]:
        return flows_for_year(
            self.event.trade,
            year=self.year,
            series_order=self.event.meta.series_order,
            min_value=self.view.min_value,
            top=self.view.top,
        )

    @cached_property
    def all_flows(self) -> dict[str, DrawnFlow]:
        """Every flow of the year by id, filters aside: details of a flow the filters hide."""
        flows = flows_for_year(self.event.trade, year=self.year, series_order=self.event.meta.series_order)
        return {f.id: f for f in flows}

    def shown(self, layer: str) -> bool:
        spec = registry.LAYERS[layer]
        on = layer in self.view.layers
        return on or (spec.with_layer is not None and spec.with_layer in self.view.layers)

    def with_view(self, **changes: object) -> Scene:
        return Scene(self.event, replace(self.view, **changes))


URL_NAMES = {"year": "year", "min_value": "min", "top": "top", "at": "time", "chapter": "chapter"}
"""View fields kept in a link, and their names there."""


def params_from_person(person_id: str) -> dict[str, str]:
    """A person's travels as link parameters: the view that replaces an event's."""
    return {"person": person_id}


def params_from_view(event_id: str, view: View, *, selected: str | None = None) -> dict[str, str]:
    """The view as link parameters (the app's query string)."""
    params = {
        "event": event_id,
        # What a reader uploaded is in their tab alone: a link cannot carry it, so names none of it.
        "layers": ",".join(k for k in view.layers if k not in registry.UPLOADED),
        "year": "" if view.year is None else str(view.year),
        "min": f"{view.min_value:.0f}",
        "top": str(view.top or 0),
        "time": view.at.strftime("%Y-%m-%dT%H:%M") if view.at else "",
        "chapter": str(view.chapter) if view.chapter else "",
        "selected": selected or "",
    }
    return {k: v for k, v in params.items() if v}


PARSERS = {"year": int, "min": float, "top": int, "time": datetime.fromisoformat, "chapter": int}


def values_from_params(params: Mapping[str, str]) -> dict[str, object]:
    """What a link says, by parameter name; values that do not parse are left out."""
    values: dict[str, object] = {}
    for name, parse in PARSERS.items():
        if name in params:
            try:
                values[name] = parse(params[name])
            except ValueError:
                continue
    if "layers" in params:
        values["layers"] = tuple(k for k in params["layers"].split(",") if k in registry.LAYERS)
    for name in ("event", "selected", "person"):
        if name in params:
            values[name] = params[name]
    return values
