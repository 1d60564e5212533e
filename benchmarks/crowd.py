"""Many readers at once (issue 12, point 6): sessions opening the app together, each uploading
its own places file, and what the server's memory does meanwhile.

Every session is a browser context of its own (its own cookies and websocket, so its own
Streamlit session) in one headless Chromium, driven by Playwright's async API in a thread of
its own: twenty sync pages would need twenty threads, each with a Playwright and a Chromium,
which a 2-core machine cannot run side by side. Each session opens the app, uploads a GeoJSON
holding one place named for it ("Crowd place 07"), and waits until the map shows that place.

The server's peak memory is its kernel high-water mark (VmHWM), reset between phases through
/proc/<pid>/clear_refs, so each phase's peak is its own and no sampling can miss a spike.

The test (tests/test_browser_crowd.py) asserts what each session saw; ``rows`` reports the
times and the peaks beside one session alone, measured on the same server in the same run.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.table import Row, format_table
from geo.base import settings
from tests.browser import CHROMIUM, LAUNCH_ARGS, free_port, is_local

CROWD = 20
PLACE_NAME = "Crowd place {:02d}"
CROWD_NAME = re.compile(r"Crowd place \d\d")
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
UPLOADER = ".st-key-upload_places input[type=file]"
POLL_MS = 250
"""How often each page checks for its place: twenty pages asking often would take the CPU the
pages and the server need to draw."""
OWN_PLACE_DRAWN = """([selector, name]) => {
    const frames = document.querySelectorAll(selector);
    if (frames.length !== 1) return false;  // the old map stays beside the new one while it mounts
    const map = frames[0].contentWindow && frames[0].contentWindow.map;
    if (!map) return false;
    let found = false;
    map.eachLayer(l => {
        const p = l.feature ? l.feature.properties : {};
        found = found || String(p.id || '').startsWith('place:') && String(p.tip || '').includes(name);
    });
    return found;
}"""
ON_MAP = """(selector) => {
    const frames = document.querySelectorAll(selector);
    const map = frames.length === 1 && frames[0].contentWindow && frames[0].contentWindow.map;
    if (!map) return null;
    const places = [], ids = new Set();
    map.eachLayer(l => {
        // A feature's casing or arrowhead may carry its properties without an id of its own.
        const id = l.feature && l.feature.properties.id;
        if (!id) return;
        ids.add(id);
        if (id.startsWith('place:')) places.push(l.feature.properties.tip);
    });
    return {places: places, features: ids.size};
}"""
"""The tooltips of the places on the map, and how many features it holds in all."""
SETTLED = """([selector, name]) => {
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
    const frames = document.querySelectorAll(selector);
    const map = frames.length === 1 && frames[0].contentWindow && frames[0].contentWindow.map;
    if (!map) return false;
    let own = false, others = 0;
    map.eachLayer(l => {
        const p = l.feature ? l.feature.properties : {};
        if (String(p.id || '').startsWith('place:') && String(p.tip || '').includes(name)) own = true;
        else if (p.id) others += 1;
    });
    return own && others > 0;
}"""
"""The app has finished its runs (a map reports its view once mounted, and the app runs again)
and its map, mounted again or not, holds the session's place and the event's features."""
LOOK_S = 120.0
"""How long a session that drew its place may take to settle before it is looked at."""
PROBLEMS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def places_geojson(number: int) -> bytes:
    """One place named for session ``number``, at a point of its own in Asia (any number gives
    a valid longitude and latitude)."""
    place = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [80.0 + number % 60, 20.0 + number % 30]},
        "properties": {"name": PLACE_NAME.format(number), "kind": "crowd"},
    }
    return json.dumps({"type": "FeatureCollection", "features": [place]}).encode()


@dataclass(frozen=True)
class Server:
    url: str
    pid: int
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def app_server(events_dir: Path, *, start_seconds: float = 60) -> Iterator[Server]:
    """``streamlit run app.py`` over ``events_dir``, its log in a file (a pipe nobody reads
    would fill up and stall the server once twenty sessions log)."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
               f"--server.port={port}", "--server.address=127.0.0.1", "--server.fileWatcherType=none"]  # fmt: skip
    env = {**os.environ, "DIPLOMAP_EVENTS_DIR": str(events_dir)}
    with tempfile.TemporaryDirectory(prefix="diplomap-crowd-") as tmp:
        log = Path(tmp) / "server.log"
        with log.open("w") as out:
            server = subprocess.Popen(
                command, cwd=settings.ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        try:
            url = f"http://127.0.0.1:{port}/"
            deadline = time.monotonic() + start_seconds
            while not _healthy(url):
                if server.poll() is not None or time.monotonic() > deadline:
                    msg = f"streamlit did not start on port {port}: {log.read_text()[-2000:]}"
                    raise RuntimeError(msg)
                time.sleep(0.2)
            yield Server(url=url, pid=server.pid, log=log)
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "_stcore/health", timeout=1) as response:
            return response.read() == b"ok"
    except OSError:
        return False


def _tree(pid: int) -> list[int]:
    """The process and its descendants: Streamlit runs in one process, but a library it loads
    could start a helper, and that memory would be the server's too."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        found.append(todo.pop())
        todo += children.get(found[-1], [])
    return found


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_mb(pid: int) -> float:
    """The server's resident memory now, its children included."""
    return sum(_status_kb(p, "VmRSS") for p in _tree(pid)) / 1024


def peak_rss_mb(pid: int) -> float:
    """The server's peak resident memory since start or the last reset_peak, children included."""
    return sum(_status_kb(p, "VmHWM") for p in _tree(pid)) / 1024


def cpu_s(pid: int) -> float:
    """The server's CPU time so far (user and system), children included."""
    ticks = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def reset_peak(pid: int) -> None:
    """Start the high-water mark again from the memory in use now (Linux's clear_refs, value 5)."""
    for p in _tree(pid):
        Path(f"/proc/{p}/clear_refs").write_text("5")


@dataclass
class Seen:
    """What one session saw."""

    number: int
    map_s: float | None = None
    """Seconds from the crowd's start to this session's map showing its own place."""
    places: list[str] = field(default_factory=list)
    """The tooltips of the places on its map, at the end."""
    features: int = 0
    names: set[str] = field(default_factory=set)
    """Every crowd place name anywhere in its page or its frames (the map's HTML included)."""
    problems: list[str] = field(default_factory=list)
    """Streamlit exceptions and error boxes shown on the page."""
    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failure: str | None = None
    step: str = "not started"
    """What the session was doing last: where it stopped, if it failed."""

    @property
    def name(self) -> str:
        return PLACE_NAME.format(self.number)


@dataclass(frozen=True)
class Wave:
    """Sessions that opened the app together."""

    sessions: tuple[Seen, ...]
    peak_rss_mb: float
    """The server's peak during the wave (reset just before it)."""
    rss_before_mb: float
    rss_after_mb: float
    """After every session of the wave has closed."""
    server_cpu_s: float
    """The server's CPU time during the wave: with the clock, whether the server or the
    browser held the crowd up."""
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]

    @property
    def last_map_s(self) -> float | None:
        """The time to the last session's map; None when any session never drew its own."""
        times = [s.map_s for s in self.sessions]
        return None if any(t is None for t in times) else max(times)

    @property
    def first_map_s(self) -> float | None:
        times = [s.map_s for s in self.sessions if s.map_s is not None]
        return min(times) if times else None


def visit(server: Server, numbers: range, *, timeout_s: float = 400.0) -> Wave:
    """Sessions ``numbers`` open the app at once and upload their places; returns what each saw
    once all had drawn (or failed), and the server's peak memory meanwhile."""
    load_before = os.getloadavg()
    rss_before = rss_mb(server.pid)
    cpu_before = cpu_s(server.pid)
    reset_peak(server.pid)
    result: list[list[Seen]] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            result.append(asyncio.run(_crowd(server.url, numbers, timeout_s=timeout_s)))
        except BaseException as exc:  # handed to the caller's thread below
            failed.append(exc)

    # A thread of its own: its event loop cannot meet one a sync Playwright left in this thread.
    worker = threading.Thread(target=run, name="crowd")
    worker.start()
    worker.join()
    if failed:
        raise failed[0]
    return Wave(
        sessions=tuple(result[0]),
        peak_rss_mb=peak_rss_mb(server.pid),
        rss_before_mb=rss_before,
        rss_after_mb=rss_mb(server.pid),
        server_cpu_s=cpu_s(server.pid) - cpu_before,
        load_before=load_before,
        load_after=os.getloadavg(),
    )


async def _crowd(url: str, numbers: range, *, timeout_s: float) -> list[Seen]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            contexts = [await browser.new_context(viewport={"width": 1400, "height": 900}) for _ in numbers]
            seen = [Seen(number) for number in numbers]
            pages = [await _fenced_page(context, s) for context, s in zip(contexts, seen, strict=True)]
            started = time.perf_counter()
            await asyncio.gather(
                *(
                    _bounded(_draw(page, s, url, started=started, timeout_s=timeout_s), s, timeout_s)
                    for page, s in zip(pages, seen, strict=True)
                )
            )
            # Only once every session has uploaded can one show another's place: look now.
            await asyncio.gather(
                *(_bounded(_look(page, s), s, LOOK_S) for page, s in zip(pages, seen, strict=True))
            )
            for context in contexts:
                await context.close()
        finally:
            await browser.close()
    return seen


async def _bounded(step, seen: Seen, timeout_s: float) -> None:
    """Run one session's step for at most ``timeout_s`` (plus a margin for Playwright's own
    timeouts to fire first): a call without a timeout of its own (evaluate, content) into a
    page that stopped answering must fail the session, not hang the crowd."""
    try:
        await asyncio.wait_for(step, timeout_s + 30)
    except TimeoutError:
        seen.failure = f"stuck at {seen.step}"


async def _fenced_page(context, seen: Seen):
    """A page with the network fenced off as in tests/browser.py, its errors kept in ``seen``."""

    async def route(route) -> None:
        if is_local(route.request.url):
            await route.continue_()
        else:
            seen.blocked.append(route.request.url)
            await route.abort("internetdisconnected")

    await context.route("**/*", route)
    page = await context.new_page()
    page.on("console", lambda m: seen.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.console_errors.append(f"pageerror: {e}"))
    return page


async def _draw(page, seen: Seen, url: str, *, started: float, timeout_s: float) -> None:
    from playwright.async_api import Error

    timeout_ms = timeout_s * 1000
    try:
        seen.step = "opening the app"
        await page.goto(url, wait_until="commit", timeout=timeout_ms)
        data = places_geojson(seen.number)
        file = {
            "name": f"crowd-{seen.number:02d}.geojson",
            "mimeType": "application/geo+json",
            "buffer": data,
        }
        seen.step = "uploading its places"
        await page.locator(UPLOADER).set_input_files(files=[file], timeout=timeout_ms)
        seen.step = "waiting for its place on the map"
        await page.wait_for_function(
            OWN_PLACE_DRAWN, arg=[MAP_FRAME, seen.name], polling=POLL_MS, timeout=timeout_ms
        )
        seen.map_s = time.perf_counter() - started
    except Error as exc:
        seen.failure = f"{seen.step}: {type(exc).__name__}: {str(exc).splitlines()[0]}"


async def _look(page, seen: Seen) -> None:
    from playwright.async_api import Error

    if seen.failure is not None:
        return
    try:
        seen.step = "waiting for the app to settle"
        await page.wait_for_function(
            SETTLED, arg=[MAP_FRAME, seen.name], polling=POLL_MS, timeout=LOOK_S * 1000
        )
        seen.step = "reading its map"
        found = await page.evaluate(ON_MAP, MAP_FRAME) or {}
        seen.places = found.get("places", [])
        seen.features = found.get("features", 0)
        seen.step = "reading its page"
        for frame in page.frames:
            seen.names |= set(CROWD_NAME.findall(await frame.content()))
        for problem in await page.locator(PROBLEMS).all():
            seen.problems.append((await problem.inner_text())[:200])
        seen.step = "done"
    except Error as exc:
        seen.failure = f"{seen.step}: {type(exc).__name__}: {str(exc).splitlines()[0]}"


def log_errors(text: str) -> list[str]:
    """Lines of a server log that tell of an error: a traceback, a logged error or exception."""
    return [line for line in text.splitlines() if re.search(r"Traceback|Exception|\bERROR\b|Error:", line)]


@dataclass(frozen=True)
class Measured:
    """One server: a session alone (the baseline), then the crowd, then a second crowd."""

    alone: Wave
    crowd: Wave
    again: Wave
    server_errors: tuple[str, ...]


def measure(events_dir: Path, *, count: int = CROWD) -> Measured:
    with app_server(events_dir) as server:
        # The first session after start pays for the imports and the cold caches: not the baseline.
        visit(server, range(0, 1))
        alone = visit(server, range(0, 1))
        crowd = visit(server, range(1, count + 1))
        # Right after: the first crowd's sessions are still held for a reconnect (Streamlit keeps
        # up to 128 closed sessions for 2 minutes), so this is the worst case for memory.
        again = visit(server, range(count + 1, 2 * count + 1))
        errors = tuple(log_errors(server.log_text()))
    return Measured(alone=alone, crowd=crowd, again=again, server_errors=errors)


def faults(wave: Wave) -> list[str]:
    """Whatever went wrong in a wave, in a line each: what the test asserts never happens."""
    found = []
    for seen in wave.sessions:
        own = [tip for tip in seen.places if seen.name in tip]
        others = seen.names - {seen.name}
        if seen.failure or len(own) != 1 or len(seen.places) != 1 or others:
            found.append(
                f"session {seen.number}: {seen.failure or ''} places {seen.places} others {sorted(others)}"
            )
        found += [
            f"session {seen.number}: {p}" for p in (*seen.problems, *seen.console_errors, *seen.blocked)
        ]
    return found


def rows(events_dir: Path | None = None, *, count: int = CROWD) -> list:
    """The crowd's rows for benchmarks/run.py: the time to the last map and the server's peak
    memory, each beside one session alone on the same server in the same run."""

    found = measure(events_dir or settings.EVENTS_DIR, count=count)
    alone, crowd, again = found.alone, found.crowd, found.again
    times = sorted(s.map_s for s in crowd.sessions if s.map_s is not None)
    wrong = len(faults(crowd)) + len(faults(again)) + len(found.server_errors)
    load = f"load average {crowd.load_before[0]:.1f} before, {crowd.load_after[0]:.1f} after"
    what = f"{count} readers at once, each uploading its own places"
    return [
        Row(
            f"{what}: start → the {count}th map with its place drawn",
            crowd.last_map_s,
            "one reader alone, same server",
            alone.last_map_s,
            "s",
            note=f"a browser context each, in one Chromium; {len(times)} of {count} drew their place "
            f"(— when any did not); first map at {_seconds(crowd.first_map_s)}, "
            f"median {_seconds(times[len(times) // 2] if times else None)}; server CPU "
            f"{crowd.server_cpu_s:.1f} s vs {alone.server_cpu_s:.1f} s; {load}; "
            f"{wrong} faults (a session without its map or seeing another's place, an error shown, "
            "logged or in a console)",
        ),
        Row(
            f"{what}: server's peak RSS",
            crowd.peak_rss_mb,
            "one reader alone, same server",
            alone.peak_rss_mb,
            "MB",
            note=f"kernel high-water mark, reset before each; "
            f"{(crowd.peak_rss_mb - alone.peak_rss_mb) / count:.1f} MB a session above the baseline; "
            f"after the crowd left {crowd.rss_after_mb:.0f} MB",
        ),
        Row(
            f"{what}: server's peak RSS, a second crowd right after",
            again.peak_rss_mb,
            "the first crowd",
            crowd.peak_rss_mb,
            "MB",
            note=f"the first crowd's sessions still held for a reconnect; 20th map at "
            f"{_seconds(again.last_map_s)}; after it left {again.rss_after_mb:.0f} MB",
        ),
    ]


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} s"


if __name__ == "__main__":
    print(format_table(rows()))
