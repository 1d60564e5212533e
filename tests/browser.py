"""Headless Chromium for the browser tests: Debian's /usr/bin/chromium, with the network off.

Every request that is not to a file:, data: or blob: URL or to this machine (loopback) is
aborted and recorded, so a test can assert that nothing tried to leave. As a second fence,
Chromium is pointed at a proxy on a closed loopback port for everything but loopback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Browser, BrowserContext, Page, Route

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
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


def open_offline(browser: Browser, *, width: int = 1400, height: int = 900) -> OfflinePage:
    context = browser.new_context(viewport={"width": width, "height": height})
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
