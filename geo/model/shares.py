"""How much of each country's trade is with the host: shares.csv's rows for one year, country by
country, in classes chosen for the data, for the choropleth (the registry's ``shares`` layer).

A country has a figure, figures that disagree (disputed: every one is kept and shown), or none
("no figure": a guest's country no page gave a share for). The classes are Fisher-Jenks breaks
(mapclassify) rounded to round numbers, so the key reads 10 to 20%, not 7.9 to 19.2%.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from geo.io.events import Event
from geo.io.schema import Share
from geo.model import facts

SCHEME = ("#efedf5", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f")
"""ColorBrewer's sequential Purples (5 classes): light to dark reads as little to much for every
reader, colour-blind or not, and no line drawn on it is purple (trade is green, guests blue)."""
NO_FIGURE = "#d4d4d4"
"""A neutral grey: a country no page gave a share for, never mistaken for a small share."""
ROUND_BREAKS = (5, 10, 15, 20, 25, 30, 40, 50, 60, 75, 90, 100)
"""A class's upper bound becomes the first of these (per cent) between its largest share and the
next class's smallest, so the key reads 10–25%, not 7.9–20.1%, and no share changes class."""
MAX_CLASSES = 4
"""Few countries have a share (ten for the parade): four classes read at a glance."""
DISPUTE_POINTS = 1.0
"""Shares further apart than this (percentage points) are shown as disputed."""


@dataclass(frozen=True)
class CountryShare:
    iso3: str
    rows: tuple[Share, ...]
    """Every row for the country and the year, the one whose share is drawn first."""

    @property
    def value(self) -> float | None:
        """The share drawn (per cent), or None for no figure."""
        found = [row.share for row in self.rows if row.share is not None]
        return found[0] if found else None

    @property
    def disputed(self) -> bool:
        found = [row.share for row in self.rows if row.share is not None]
        differ = len(found) > 1 and max(found) - min(found) > DISPUTE_POINTS
        return differ or any(row.value_status == "disputed" for row in self.rows)

    @property
    def status(self) -> str:
        """``figure``, ``disputed`` or ``no figure``."""
        return "no figure" if self.value is None else "disputed" if self.disputed else "figure"


def shares_of(event: Event, *, year: int) -> dict[str, CountryShare]:
    """Each country with a share of its trade with the host in ``year``, and each guest's,
    highlighted or attending country without one, in the order shares.csv gives them."""
    host = event.meta.host
    found: dict[str, list[Share]] = {}
    for row in event.shares:
        if row.partner == host and row.year == year:
            found.setdefault(row.iso3, []).append(row)
    for iso3, role in facts.country_roles(event).items():
        if role in ("highlight", "guest", "attendee"):
            found.setdefault(iso3, [])
    return {iso3: CountryShare(iso3, tuple(rows)) for iso3, rows in found.items()}


def class_breaks(values: Sequence[float]) -> tuple[float, ...]:
    """The upper bound of each class, for the shares drawn: Fisher-Jenks breaks (at most
    MAX_CLASSES, fewer for fewer values), each made round (ROUND_BREAKS), the last 100."""
    distinct = sorted(set(values))
    if not distinct:
        return ()
    with warnings.catch_warnings():
        # Without numba it says it runs in pure Python: a few dozen shares need no more.
        warnings.simplefilter("ignore", UserWarning)
        import mapclassify

        k = min(MAX_CLASSES, len(distinct))
        bins = [distinct[0]] if k < 2 else mapclassify.FisherJenks(np.array(distinct), k=k).bins
    # Rounded to the nearest, North Korea's 98% and Russia's 34% fell in one "30% or more" class:
    # a bound moves only within the gap to the next class, and a gap with no round number in it
    # joins the two classes.
    rounded = []
    for bound in bins[:-1]:
        above = min((v for v in distinct if v > bound), default=100.0)
        fits = [b for b in ROUND_BREAKS if bound <= b < above]
        if fits:
            rounded.append(float(fits[0]))
    return (*sorted(set(rounded)), 100.0)


def class_of(value: float, breaks: Sequence[float]) -> int:
    """The class a share falls in: the first whose upper bound it does not pass."""
    return next((i for i, bound in enumerate(breaks) if value <= bound), len(breaks) - 1)


def colours(count: int) -> tuple[str, ...]:
    """``count`` colours of SCHEME, spread from its lightest to its darkest."""
    if count <= 1:
        return SCHEME[-1:] * count
    return tuple(SCHEME[round(i * (len(SCHEME) - 1) / (count - 1))] for i in range(count))


def class_texts(breaks: Sequence[float]) -> list[str]:
    """What the key calls each class: ``Under 10%``, ``10 to 20%`` (an en dash), …, ``40% or more``."""
    texts = []
    for i, bound in enumerate(breaks):
        low = breaks[i - 1] if i else 0.0
        if len(breaks) == 1:
            texts.append(f"0–{bound:g}%")
        elif i == 0:
            texts.append(f"Under {bound:g}%")
        elif i == len(breaks) - 1:
            texts.append(f"{low:g}% or more")
        else:
            texts.append(f"{low:g}–{bound:g}%")
    return texts


def percent(value: float) -> str:
    """A share as the map writes it: 98%, 7.6%."""
    return f"{value:.0f}%" if value >= 10 or math.isclose(value, round(value)) else f"{value:.1f}%"
