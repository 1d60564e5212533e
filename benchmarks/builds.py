"""The Python side: build each page (ours and its baseline), time it, weigh it.

Every builder returns the page's HTML as text, from files on disk, so a timing covers the
same work for both sides of a comparison.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import folium
import geopandas as gpd

from benchmarks.rss import peak_rss_mb
from geo.base import registry
from geo.base.settings import COUNTRIES_FILE, ROOT
from geo.io.events import Event, load_event
from geo.io.schema import TradeFlow
from geo.model import layers
from geo.model.trade import flows_for_year
from geo.model.view import Scene, View
from geo.ref import geodesy
from geo.ref.countries import is_iso3
from geo.ref.gazetteer import capital_of, load_capitals
from geo.static import draw
from geo.web import captions, compact, export, maps
from geo.web.elements import Raw

BUNDLED = "beijing-parade-2025"
SEED = 20250903
ARROW_POINTS = layers.ARROW_POINTS
"""Points per flow arc: what geo.model.layers.arrow_geometries uses, so the PolyLine baseline matches."""
JQUERY_STAND_IN = (
    "<script>window.$ = function (html) { const t = document.createElement('template');"
    " t.innerHTML = html.trim(); return [t.content.firstChild]; };</script>"
)
FIT_BOUNDS = re.compile(
    r"(?:\bmap_[0-9a-f]+\.fitBounds\(|\bdmOpeningView\(map_[0-9a-f]+,)\s*(\[\[[^\]]*\],\s*\[[^\]]*\]\])"
)
"""The view a page opens on: folium's fitBounds call, or ours (geo/web/js/controls.js)."""
REMOTE_URL = re.compile(r"""<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["']((?:https?:)?//[^"']+)""", re.I)


@dataclass(frozen=True)
class Timed:
    """A page built ``len(runs)`` times: the median time, every run, and the last page."""

    runs: tuple[float, ...]
    html: str | bytes
    """The last page built (an image's bytes)."""
    cpu_runs: tuple[float, ...] = ()
    """This process's CPU time for each run: less swayed than the clock by other work on the machine."""

    @property
    def seconds(self) -> float:
        return statistics.median(self.runs)

    @property
    def cpu_seconds(self) -> float:
        return statistics.median(self.cpu_runs) if self.cpu_runs else float("nan")

    @property
    def megabytes(self) -> float:
        data = self.html.encode("utf-8") if isinstance(self.html, str) else self.html
        return len(data) / 1e6


def clear_caches() -> None:
    """Forget all a process keeps between builds: the encoded layers (geo.web.compact) and every
    functools cache of geo's modules (the countries, capitals and GeoNames read from disk, texts
    rendered, scripts read). Each repeat then does what a first build does, as the baselines,
    which keep nothing, always do: the repeats used to reuse them and read 0.11 s for a 0.29 s build."""
    compact.clear_cache()
    for name, module in list(sys.modules.items()):
        if name == "geo" or name.startswith("geo."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                    value.cache_clear()


def time_build(build: Callable[[], object], *, repeat: int) -> Timed:
    """``build`` run ``repeat`` times, each from cold caches (clear_caches, not timed)."""
    runs, cpu_runs, html = [], [], b""
    for _ in range(max(1, repeat)):
        clear_caches()
        started, cpu_started = time.perf_counter(), time.process_time()
        html = build()
        runs.append(time.perf_counter() - started)
        cpu_runs.append(time.process_time() - cpu_started)
    return Timed(runs=tuple(runs), html=html, cpu_runs=tuple(cpu_runs))


def export_html(event_id: str = BUNDLED) -> str:
    """The default export, from the files: what ``python -m geo export`` writes."""
    return export.html_from_map(maps.build_map(Scene(load_event(event_id))))


def export_png(event_id: str = BUNDLED) -> bytes:
    """The default view as a PNG at --size social: what ``python -m geo export --out map.png`` draws."""
    png, _ = draw.image_bytes(Scene(load_event(event_id)), "png", size=draw.SOCIAL)
    return png


def explore_html(path: Path = COUNTRIES_FILE) -> str:
    """The baseline: geopandas' one-liner on the same countries file, with its defaults."""
    return gpd.read_file(path).explore().get_root().render()


def remote_urls(html: str) -> list[str]:
    """Scripts and stylesheets the page loads from the network (CDNs) when it opens."""
    return REMOTE_URL.findall(html)


def synthetic_event(flows: int, *, seed: int = SEED) -> Event:
    """The bundled event with its trade replaced by ``flows`` exports between random capitals.

    Each ordered pair of countries appears at most once, so every row becomes one arrow.
    """
    base = load_event(BUNDLED)
    rng = random.Random(seed)
    codes = sorted(code for code in load_capitals() if is_iso3(code))
    pairs: set[tuple[str, str]] = set()
    if flows > len(codes) * (len(codes) - 1):
        msg = f"at most {len(codes) * (len(codes) - 1)} distinct flows between {len(codes)} capitals"
        raise ValueError(msg)
    while len(pairs) < flows:
        exporter, importer = rng.sample(codes, 2)
        pairs.add((exporter, importer))
    year = base.meta.default_year
    rows = tuple(
        TradeFlow.model_validate(
            {
                "exporter": exporter,
                "importer": importer,
                "flow": "exports",
                "year": year,
                "value_usd": round(rng.lognormvariate(20, 2)),
                "series": "synthetic",
                "value_status": "exact",
                "source_url": "https://example.org/synthetic",
            }
        )
        for exporter, importer in sorted(pairs)
    )
    return dataclasses.replace(base, trade=rows)


def flow_map_html(event: Event) -> str:
    """Diplomap's trade layer alone: arrows built by geo.model.layers, shipped as CompactGeoJson.

    No story panel: its first chapter (made from the event's data) shows the default layers,
    which leave trade out, so the page drew no flow at all (1 Leaflet layer) and timed nothing."""
    return export.html_from_map(maps.build_map(Scene(event, View(layers=("trade",))), story=False))


def fitted_bounds(html: str) -> list[list[float]] | None:
    """The [[south, west], [north, east]] a folium page fits its view to, if it does."""
    match = FIT_BOUNDS.search(html)
    return json.loads(match.group(1)) if match else None


def polyline_map_html(event: Event, *, bounds: list[list[float]] | None = None) -> str:
    """The naive baseline: one folium.PolyLine per flow, on the same great circle, same texts.

    The map gets the same options as ours (no tiles, no CDN files, Leaflet inlined, canvas above
    the same feature count) and, given ``bounds``, the same view, so the browser figures
    compare the layers and nothing else.
    """
    year = event.meta.default_year
    flows = flows_for_year(event.trade, year=year, series_order=event.meta.series_order)
    largest = max((f.value for f in flows), default=0.0)
    colour = registry.LAYERS["trade"].colour
    fmap = folium.Map(
        location=[30.0, 100.0],
        zoom_start=3,
        min_zoom=1,
        tiles=None,
        prefer_canvas=len(flows) > compact.MANY_FEATURES,
    )
    fmap.default_js = []
    fmap.default_css = []
    # folium's popups parse their HTML with jQuery's $(...), a CDN file; this line stands in for it.
    fmap.get_root().header.add_child(Raw(JQUERY_STAND_IN), name="jquery-stand-in")
    lons, lats = [], []
    for flow in flows:
        start, end = capital_of(flow.exporter)[:2], capital_of(flow.importer)[:2]
        coords = geodesy.great_circle_coords(start, end, points=ARROW_POINTS)
        lons += [coords[:, 0].min(), coords[:, 0].max()]
        lats += [coords[:, 1].min(), coords[:, 1].max()]
        folium.PolyLine(
            coords[:, ::-1].tolist(),
            color=colour,
            weight=layers.flow_weight(flow.value, largest),
            opacity=0.6,
            tooltip=str(captions.flow_tip(flow)),
            popup=folium.Popup(str(captions.flow_popup(flow)), max_width=380),
        ).add_to(fmap)
    if bounds is None and flows:
        bounds = [[max(min(lats), -60), min(lons)], [min(max(lats), 75), max(lons)]]
    if bounds is not None:
        fmap.fit_bounds(bounds, padding=(20, 20))
    return export.html_from_map(fmap)


@dataclass(frozen=True)
class Memory:
    """Peak memory of one fresh process that builds one page and nothing else."""

    peak_rss_mb: float
    """The process's resident high-water mark (VmHWM): interpreter, imports and the build."""
    imports_rss_mb: float
    """The same mark once the imports are done, before the build starts."""
    traced_peak_mb: float
    """Peak of Python's own allocations during the build (tracemalloc; numpy arrays included,
    GEOS and GDAL's C heaps not)."""


MEMORY_CASES: dict[str, Callable[[], str]] = {"export": export_html, "explore": explore_html}


def measure_memory(case: str) -> Memory:
    """Run ``memory_worker(case)`` in a fresh interpreter and read its report."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    code = f"from benchmarks.builds import memory_worker; memory_worker({case!r})"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        msg = f"memory worker {case!r} failed:\n{done.stderr[-2000:]}"
        raise RuntimeError(msg)
    return Memory(**json.loads(done.stdout.strip().splitlines()[-1]))


def memory_worker(case: str) -> None:
    """Build one page with tracemalloc on; print the figures as one JSON line."""
    build = MEMORY_CASES[case]
    if case == "explore":
        # explore() imports these on first use; count them as imports, not as the build.
        import mapclassify  # noqa: F401
        import matplotlib.pyplot  # noqa: F401
    imports_rss = peak_rss_mb()
    tracemalloc.start()
    build()
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report = {
        "peak_rss_mb": peak_rss_mb(),
        "imports_rss_mb": imports_rss,
        "traced_peak_mb": traced_peak / 1e6,
    }
    print(json.dumps(report))
