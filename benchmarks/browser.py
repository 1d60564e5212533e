"""The browser side: how long a page takes to draw its map, and to redraw it after a pan.

Pages open in Debian's Chromium with the network fenced off exactly as in the browser tests
(tests/browser.py): every request that is not file:, data: or loopback is aborted and counted.
Times come from the page's own clock (performance.now(), zero at navigation start), so
Playwright's polling adds nothing to them.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Error, Page, Playwright, Route

from tests.browser import CHROMIUM, LAUNCH_ARGS, open_offline

POLL_MS = 200
"""How often Playwright asks whether the probe has fired. The time comes from the page's clock,
so this only delays noticing; asking often would take CPU from the page being measured."""
LEAFLET_DRAWN = ".leaflet-overlay-pane path, .leaflet-overlay-pane canvas"
"""What a drawn Leaflet map holds: SVG paths, or the canvas prefer_canvas draws on."""

PROBE = """
(() => {
  const probe = {seen: null, painted: null, fcp: null, drawn: null};
  window.__benchProbe = probe;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === "first-contentful-paint") { probe.fcp = entry.startTime; }
    }
  }).observe({type: "paint", buffered: true});
  function finish() {
    // The browser's own first-contentful-paint, when it follows the content, is when pixels
    // reached the screen; wait a moment for it to be reported.
    if (probe.fcp === null && performance.now() - probe.painted < 1000) { setTimeout(finish, 10); return; }
    probe.drawn = probe.fcp !== null && probe.fcp > probe.seen ? Math.max(probe.painted, probe.fcp) : probe.painted;
  }
  function check() {
    if (probe.seen !== null || !document.querySelector(__SELECTOR__)) { return; }
    probe.seen = performance.now();
    // The next frame paints it (Leaflet's canvas renderer draws in a frame of its own); the
    // frame after that starts once the paint is done.
    requestAnimationFrame(() => requestAnimationFrame(() => { probe.painted = performance.now(); finish(); }));
  }
  // A timer, not a chain of animation frames (which stops in streamlit-folium's iframe) nor a
  // MutationObserver (which would run a query after every change Streamlit's page makes).
  const timer = setInterval(() => { check(); if (probe.seen !== null) { clearInterval(timer); } }, 16);
})();
"""
"""Marks ``drawn``: the content in the DOM, then painted (two frames later, or the page's
first-contentful-paint if that comes later); times in ms from the frame's navigation start."""

FIND_MAP = 'Object.keys(window).find((k) => k.startsWith("map_") && window.L && window[k] instanceof L.Map)'
COUNT_LAYERS = f"(() => {{ const k = {FIND_MAP}; return k ? Object.keys(window[k]._layers).length : 0; }})()"

PAN = """
async (steps) => {
  const map = window[__FIND_MAP__];
  // Two animation frames: the first runs before the paint of the pan, the second after it.
  const painted = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  await painted();
  const times = [];
  for (let i = 0; i < steps; i++) {
    const started = performance.now();
    map.panBy([i % 2 ? -300 : 300, i % 4 < 2 ? 150 : -150], {animate: false});
    await painted();
    times.push(performance.now() - started);
  }
  return times;
}
""".replace("__FIND_MAP__", FIND_MAP)


def probe_script(selector: str) -> str:
    return PROBE.replace("__SELECTOR__", json.dumps(selector))


@dataclass
class Drawn:
    """One page opened once: when its map was drawn (None: never), and what it tried to load."""

    seconds: float | None
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    paths: int = 0
    canvas: bool = False
    layers: int = 0
    """Leaflet layers on the map: a check that both pages hold what they should."""
    cpu_s: float | None = None
    """CPU time of the page's main thread until then (Chromium's ThreadTime): its own work,
    which other load on the machine changes far less than the clock."""


@dataclass(frozen=True)
class Drawing:
    """A page opened ``len(loads)`` times, and panned after the last load."""

    loads: tuple[Drawn, ...]
    pan_ms: tuple[float, ...] = ()

    @property
    def seconds(self) -> float | None:
        times = [d.seconds for d in self.loads if d.seconds is not None]
        return statistics.median(times) if len(times) == len(self.loads) else None

    @property
    def cpu_s(self) -> float | None:
        times = [d.cpu_s for d in self.loads if d.cpu_s is not None]
        return statistics.median(times) if times else None

    @property
    def spread(self) -> str:
        times = [d.seconds for d in self.loads if d.seconds is not None]
        return f"{min(times):.2f}–{max(times):.2f} s" if times else "—"

    @property
    def pan_median_ms(self) -> float | None:
        return statistics.median(self.pan_ms) if self.pan_ms else None

    @property
    def blocked(self) -> list[str]:
        return self.loads[-1].blocked

    @property
    def errors(self) -> list[str]:
        return self.loads[-1].errors


def draw_page(
    browser: Browser,
    path: Path,
    *,
    repeat: int = 3,
    pan_steps: int = 0,
    timeout_s: float = 60.0,
    answer: Mapping[str, tuple[str, str]] | None = None,
) -> Drawing:
    """Open a file ``repeat`` times, each in a fresh context; pan after the last load.

    ``answer`` maps URL globs to (body, content type) served from here instead of the network.
    """
    loads, pan_ms = [], ()
    for n in range(max(1, repeat)):
        offline = open_offline(browser)
        try:
            page = offline.page
            for pattern, (body, mime) in (answer or {}).items():
                page.route(pattern, _fulfil(body, mime))
            page.add_init_script(probe_script(LEAFLET_DRAWN))
            devtools = offline.context.new_cdp_session(page)
            devtools.send("Performance.enable")
            page.goto(path.as_uri(), wait_until="load", timeout=timeout_s * 1000)
            drawn = _wait_drawn(page, settle_s=5.0)
            metrics = {m["name"]: m["value"] for m in devtools.send("Performance.getMetrics")["metrics"]}
            loads.append(
                Drawn(
                    seconds=drawn,
                    blocked=list(offline.blocked),
                    errors=list(offline.console_errors),
                    paths=page.locator(".leaflet-overlay-pane path").count(),
                    canvas=page.locator(".leaflet-overlay-pane canvas").count() > 0,
                    layers=page.evaluate(COUNT_LAYERS),
                    cpu_s=metrics.get("ThreadTime"),
                )
            )
            if drawn is not None and pan_steps and n == repeat - 1:
                pan_ms = tuple(page.evaluate(PAN, pan_steps))
        finally:
            offline.context.close()
    return Drawing(loads=tuple(loads), pan_ms=pan_ms)


def _fulfil(body: str, mime: str):
    def handle(route: Route) -> None:
        route.fulfill(body=body, content_type=mime)

    return handle


def _wait_drawn(page: Page, *, settle_s: float) -> float | None:
    """Seconds from navigation start to the drawn map; None if it never draws.

    A page whose scripts have all run (the load event has fired) gets ``settle_s`` more to
    draw: a map that needed a blocked CDN script will not draw at all.
    """
    settled = time.monotonic() + settle_s
    while time.monotonic() < settled:
        drawn = page.evaluate("window.__benchProbe && window.__benchProbe.drawn")
        if drawn is not None:
            return drawn / 1000
        page.wait_for_timeout(POLL_MS)
    return None


@dataclass(frozen=True)
class FrameDrawn:
    """When, from the top page's navigation start, the probe fired, and in which frame."""

    seconds: float
    frame_opened_s: float
    """When that frame's document began: 0 for the top page, later for an iframe."""


def first_drawn_in_frames(page: Page, *, started: float, timeout_s: float) -> FrameDrawn | None:
    """The probe firing in any of the page's frames; None if it has not within ``timeout_s``.

    Each frame has its own clock; ``performance.timeOrigin`` puts them on one timeline.
    """
    deadline = started + timeout_s
    while time.monotonic() < deadline:
        for frame in page.frames:
            found = _evaluate(
                frame,
                "window.__benchProbe && window.__benchProbe.drawn !== null"
                " ? [performance.timeOrigin, window.__benchProbe.drawn] : null",
            )
            top = _evaluate(page.main_frame, "performance.timeOrigin") if found else None
            if found and top is not None:
                origin, drawn = found
                return FrameDrawn(seconds=(origin + drawn - top) / 1000, frame_opened_s=(origin - top) / 1000)
        page.wait_for_timeout(POLL_MS)
    return None


def _evaluate(frame, script: str):
    try:
        return frame.evaluate(script)
    except Error:
        # A frame can detach or navigate between listing and evaluating; look again next time.
        return None


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
