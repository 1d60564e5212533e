"""Headless Chromium for the browser tests: Debian's /usr/bin/chromium, with the network off.

Every request that is not to a file:, data: or blob: URL or to this machine (loopback) is
aborted and recorded, so a test can assert that nothing tried to leave. As a second fence,
Chromium is pointed at a proxy on a closed loopback port for everything but loopback.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Browser, BrowserContext, Page, Route

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=127.0.0.1;localhost;[::1]",
]


@dataclass
class OfflinePage:
    """A page plus everything it tried and failed to do."""

    page: Page
    context: BrowserContext
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("file", "data", "blob", "about"):
        return True
    return parsed.hostname in LOCAL_HOSTS


PHONE = {
    "viewport": {"width": 390, "height": 844},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 3,
}
"""A phone held upright, as the phone layout's tests and pictures take it."""


def open_offline(
    browser: Browser, *, width: int = 1400, height: int = 900, phone: bool = False
) -> OfflinePage:
    """A page with the network fenced off; ``phone``: a phone held upright (PHONE) instead of width and height."""
    context = (
        browser.new_context(**PHONE)
        if phone
        else browser.new_context(viewport={"width": width, "height": height})
    )
    page = context.new_page()
    offline = OfflinePage(page=page, context=context)

    def route(route: Route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            offline.blocked.append(url)
            route.abort("internetdisconnected")

    context.route("**/*", route)
    page.on("requestfailed", lambda r: offline.failed.append(f"{r.url} {r.failure}"))
    page.on("console", lambda m: offline.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: offline.console_errors.append(f"pageerror: {e}"))

    def on_dialog(dialog) -> None:
        offline.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return offline


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(events_dir: Path, *, start_seconds: float = 60) -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port over ``events_dir``; yields its URL."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
               f"--server.port={port}", "--server.address=127.0.0.1", "--server.fileWatcherType=none"]  # fmt: skip
    env = {**os.environ, "DIPLOMAP_EVENTS_DIR": str(events_dir)}
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "streamlit.log"
        server = start_server(command, env=env, log=log)
        url = f"http://127.0.0.1:{port}/"
        try:
            wait_for_server(server, url, log=log, seconds=start_seconds)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=15)


def start_server(command: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen:
    """A server whose output goes to ``log``, never to a pipe: a pipe nothing reads while the
    server runs fills up (64 kB) and stalls the server at its next write (benchmarks/server.py)."""
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_for_server(server: subprocess.Popen, url: str, *, log: Path, seconds: float) -> None:
    """Until the server answers its health check; its output in the error if it exits or is late."""
    deadline = time.monotonic() + seconds
    while not healthy(url):
        if server.poll() is not None or time.monotonic() > deadline:
            output = log.read_text(encoding="utf-8", errors="replace")
            msg = f"the server at {url} did not start: {output[-2000:]}"
            raise RuntimeError(msg)
        time.sleep(0.2)  # polling a server that is starting, not waiting on a page


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "_stcore/health", timeout=1) as response:
            return response.read() == b"ok"
    except OSError:
        return False
