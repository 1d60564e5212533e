"""The app: a real Streamlit server for the first map, AppTest for the rerun after a toggle.

Both are measured the same way against benchmarks/baseline_app.py, a page with one checkbox,
so the ratio shows what Diplomap adds on top of Streamlit itself.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from playwright.sync_api import Browser
from streamlit.testing.v1 import AppTest

from benchmarks.browser import first_drawn_in_frames, probe_script
from geo.base.settings import ROOT
from tests.browser import free_port, open_offline

APP = ROOT / "app.py"
BASELINE_APP = Path(__file__).resolve().parent / "baseline_app.py"

CHECKBOX = '[data-testid="stCheckbox"]'
LAYER_WORDS = ("layer", "countries", "trade", "guests", "focus")
"""Words a layer toggle's key contains, when the caller names none."""


@contextmanager
def streamlit_server(script: Path, *, timeout_s: float = 60.0) -> Iterator[tuple[str, float]]:
    """``streamlit run script`` on a free loopback port; yields its URL and its start-up time."""
    with _server(script, timeout_s=timeout_s) as (url, start_s, _):
        yield url, start_s


@contextmanager
def _server(script: Path, *, timeout_s: float = 60.0) -> Iterator[tuple[str, float, int]]:
    """streamlit_server, and the server's process id."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        # No file watcher: it costs CPU on a small machine, and an edit elsewhere would rerun the app.
        "--server.fileWatcherType",
        "none",
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    # A file, not a pipe: nobody reads the log while it runs, and a full pipe would stall it.
    with tempfile.TemporaryFile(mode="w+") as log:
        started = time.monotonic()
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(url, server, log, deadline=started + timeout_s)
            yield url, time.monotonic() - started, server.pid
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_healthy(url: str, server: subprocess.Popen, log: IO[str], *, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            msg = f"streamlit exited with {server.returncode}:\n{log.read()[-2000:]}"
            raise RuntimeError(msg)
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    msg = f"streamlit did not answer at {url} in time"
    raise RuntimeError(msg)


@dataclass(frozen=True)
class Visit:
    """One navigation to the app in a fresh browser context."""

    seconds: float | None
    blocked: tuple[str, ...]
    errors: tuple[str, ...]
    frame_opened_s: float | None = None
    """When the frame holding the map began loading (streamlit-folium's iframe)."""
    cpu_s: float | None = None
    """CPU time of the page's main thread until then (Chromium's ThreadTime; the map's frame is
    served from the same origin and runs on the same thread)."""


@dataclass(frozen=True)
class Visits:
    """The first visit after the server started (cold caches), then later ones (warm)."""

    server_start_s: float
    cold: Visit
    warm: tuple[Visit, ...]

    @property
    def warm_seconds(self) -> float | None:
        times = [v.seconds for v in self.warm if v.seconds is not None]
        return statistics.median(times) if times and len(times) == len(self.warm) else None

    @property
    def warm_frame_opened_s(self) -> float | None:
        times = [v.frame_opened_s for v in self.warm if v.frame_opened_s is not None]
        return statistics.median(times) if times else None

    @property
    def warm_cpu_s(self) -> float | None:
        times = [v.cpu_s for v in self.warm if v.cpu_s is not None]
        return statistics.median(times) if times else None


def visit_app(
    browser: Browser, script: Path, *, selector: str, repeat: int = 3, timeout_s: float = 60.0
) -> Visits:
    """Start a server for ``script`` and time navigation -> ``selector`` drawn, cold then warm."""
    with streamlit_server(script) as (url, start_s):
        cold = _visit(browser, url, selector=selector, timeout_s=timeout_s)
        # A page that never drew once will not draw later: spare the minutes of waiting.
        runs = max(1, repeat) if cold.seconds is not None else 0
        warm = tuple(_visit(browser, url, selector=selector, timeout_s=timeout_s) for _ in range(runs))
    return Visits(server_start_s=start_s, cold=cold, warm=warm)


def _visit(browser: Browser, url: str, *, selector: str, timeout_s: float) -> Visit:
    offline = open_offline(browser)
    try:
        page = offline.page
        page.add_init_script(probe_script(selector))
        devtools = offline.context.new_cdp_session(page)
        devtools.send("Performance.enable")
        started = time.monotonic()
        page.goto(url, wait_until="commit")
        drawn = first_drawn_in_frames(page, started=started, timeout_s=timeout_s)
        metrics = {m["name"]: m["value"] for m in devtools.send("Performance.getMetrics")["metrics"]}
        return Visit(
            seconds=drawn.seconds if drawn else None,
            blocked=tuple(offline.blocked),
            errors=tuple(offline.console_errors),
            frame_opened_s=drawn.frame_opened_s if drawn else None,
            cpu_s=metrics.get("ThreadTime") if drawn else None,
        )
    finally:
        offline.context.close()


@dataclass(frozen=True)
class Rerun:
    """Server time of the script's reruns after flipping one toggle, caches warm."""

    key: str
    runs: tuple[float, ...]
    cpu_runs: tuple[float, ...]
    """This process's CPU time for each rerun (the script runs in a thread of it)."""
    first_run_s: float
    """The very first run in this process: imports, data, layers, all cold."""
    first_flip_s: float = 0.0
    """The first flip: a map drawn for the first time in this process (later flips redraw one
    already drawn)."""
    script_runs: tuple[float, ...] = ()
    """The app's own clock of each rerun (``_run_seconds``: its page function, start to end)."""
    upload_s: float | None = None
    """The run that read the upload, when there is one."""

    @property
    def seconds(self) -> float:
        return statistics.median(self.runs)

    @property
    def cpu_seconds(self) -> float:
        return statistics.median(self.cpu_runs)


def rerun_after_toggle(
    script: Path, *, key: str | None = None, repeat: int = 5, upload: tuple[str, str, bytes] | None = None
) -> Rerun:
    """Run the script once, flip the toggle twice to warm both states, then time each flip.
    With ``upload`` (an uploader's key, a file name, its bytes), the file is uploaded after the
    first run, and the flips are timed with it in the uploader."""
    app = AppTest.from_file(str(script), default_timeout=1200)
    started = time.perf_counter()
    app.run()
    first_run_s = time.perf_counter() - started
    _raise_exceptions(app, script)
    upload_s = None
    if upload is not None:
        uploader, name, data = upload
        app.file_uploader(key=uploader).set_value((name, data, "text/csv"))
        started = time.perf_counter()
        app.run()
        upload_s = time.perf_counter() - started
        _raise_exceptions(app, script)
    key = key or find_layer_toggle(app)
    first_flip_s = 0.0
    for n in range(2):
        _flip(app, key)
        started = time.perf_counter()
        app.run()
        first_flip_s = first_flip_s if n else time.perf_counter() - started
    runs, cpu_runs, script_runs = [], [], []
    for _ in range(max(1, repeat)):
        _flip(app, key)
        started, cpu_started = time.perf_counter(), time.process_time()
        app.run()
        runs.append(time.perf_counter() - started)
        cpu_runs.append(time.process_time() - cpu_started)
        _raise_exceptions(app, script)
        if "_run_seconds" in app.session_state:
            script_runs.append(app.session_state["_run_seconds"])
    return Rerun(
        key=key,
        runs=tuple(runs),
        cpu_runs=tuple(cpu_runs),
        first_run_s=first_run_s,
        first_flip_s=first_flip_s,
        script_runs=tuple(script_runs),
        upload_s=upload_s,
    )


def find_layer_toggle(app: AppTest) -> str:
    """The key of the first checkbox or toggle that looks like a layer switch."""
    keys = [w.key for w in [*app.checkbox, *app.toggle] if w.key]
    for key in keys:
        if any(word in key.lower() for word in LAYER_WORDS):
            return key
    msg = f"no layer toggle among the keyed checkboxes and toggles: {keys}"
    raise LookupError(msg)


def _flip(app: AppTest, key: str) -> None:
    widget = next(w for w in [*app.checkbox, *app.toggle] if w.key == key)
    widget.set_value(not widget.value)


def _raise_exceptions(app: AppTest, script: Path) -> None:
    if app.exception:
        msg = f"{script.name} raised: {app.exception[0].message}"
        raise RuntimeError(msg)


MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
PAN = "() => window.map.panBy([160, 90], {animate: false})"
QUIET_S = 0.6
"""A rerun is over when the server has sent nothing for this long."""


@dataclass(frozen=True)
class RoundTrips:
    """Reruns a reader's action caused on a running server: from the browser's message to the
    server's last answer (the server's time, plus loopback), and the server's CPU meanwhile."""

    action: str
    seconds: tuple[float, ...]
    cpu_seconds: tuple[float, ...]
    sent_bytes: tuple[int, ...]
    """What the server sent back for each."""

    @property
    def median_s(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def cpu_median_s(self) -> float | None:
        return statistics.median(self.cpu_seconds) if self.cpu_seconds else None

    @property
    def bytes_median(self) -> float | None:
        return statistics.median(self.sent_bytes) if self.sent_bytes else None


def pan_reruns(browser: Browser, *, repeat: int = 5, timeout_s: float = 60.0) -> RoundTrips:
    """Pan the app's map ``repeat`` times (it reports each move to the server, which reruns)."""

    def ready(page) -> None:
        page.frame_locator(MAP_FRAME).locator(".leaflet-overlay-pane path").first.wait_for(
            state="attached", timeout=timeout_s * 1000
        )

    def pan(page) -> None:
        page.locator(MAP_FRAME).element_handle().content_frame().evaluate(PAN)

    return _round_trips(browser, APP, "pan", ready, pan, repeat=repeat)


def checkbox_reruns(browser: Browser, *, repeat: int = 5, timeout_s: float = 60.0) -> RoundTrips:
    """Click the one-checkbox page's checkbox ``repeat`` times: its rerun, the baseline's."""

    def ready(page) -> None:
        page.locator(CHECKBOX).first.wait_for(timeout=timeout_s * 1000)

    def click(page) -> None:
        page.locator(CHECKBOX).first.locator("label").click()

    return _round_trips(browser, BASELINE_APP, "checkbox", ready, click, repeat=repeat)


def _round_trips(browser: Browser, script: Path, action: str, ready, act, *, repeat: int) -> RoundTrips:
    seconds, cpu, sizes = [], [], []
    with _server(script) as (url, _, pid):
        offline = open_offline(browser)
        try:
            page = offline.page
            # The browser's own timestamps: Playwright hands events over only between its calls.
            log: list[tuple[str, float, int]] = []
            devtools = offline.context.new_cdp_session(page)
            devtools.send("Network.enable")
            for event, kind in (
                ("Network.webSocketFrameSent", "sent"),
                ("Network.webSocketFrameReceived", "got"),
            ):
                devtools.on(
                    event,
                    lambda e, kind=kind: log.append(
                        (kind, e["timestamp"], len(e["response"]["payloadData"]))
                    ),
                )
            page.goto(url)
            ready(page)
            _wait_quiet(page, log)
            for _ in range(max(1, repeat)):
                mark, cpu_before = len(log), _cpu_seconds(pid)
                act(page)
                _wait_quiet(page, log, since=mark)
                cpu_after = _cpu_seconds(pid)
                sent = [t for kind, t, _ in log[mark:] if kind == "sent"]
                got = [(t, n) for kind, t, n in log[mark:] if kind == "got"]
                if sent and got:
                    seconds.append(got[-1][0] - sent[0])
                    cpu.append(cpu_after - cpu_before)
                    sizes.append(sum(n for _, n in got))
        finally:
            offline.context.close()
    return RoundTrips(action, tuple(seconds), tuple(cpu), tuple(sizes))


def _wait_quiet(page, log: list, *, since: int = 0, timeout_s: float = 30.0) -> None:
    """Until the server has answered (after ``since``) and then been quiet for QUIET_S."""
    deadline = time.monotonic() + timeout_s
    seen, quiet_from = len(log), time.monotonic()
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        if len(log) != seen:
            seen, quiet_from = len(log), time.monotonic()
        answered = any(kind == "got" for kind, _, _ in log[since:])
        if answered and time.monotonic() - quiet_from > QUIET_S:
            return


def _cpu_seconds(pid: int) -> float:
    """User and system CPU of a process so far (Linux /proc), all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
