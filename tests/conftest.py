"""Fixtures shared by the test modules: the bundled event, its exported map, and a headless
Chromium with a desk-size page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.io.events import Event, load_event
from geo.model.view import Scene
from geo.web import export, maps

BUNDLED = "beijing-parade-2025"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every browser test is slow too: ``-m "not slow"`` leaves them all out."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def event() -> Event:
    return load_event(BUNDLED)


@pytest.fixture(scope="session")
def exported(event, tmp_path_factory) -> Path:
    """The bundled event's exported map, built once for the browser tests that open it (a module
    that needs another map defines its own)."""
    path = tmp_path_factory.mktemp("export") / "map.html"
    export.save_html(maps.build_map(Scene(event)), path)
    return path


@pytest.fixture
def page(browser):
    """A desk's page (1280 by 800) with the network fenced off: a request out or a console error
    fails the test that used it."""
    from tests.browser import open_offline

    offline = open_offline(browser, width=1280, height=800)
    yield offline.page
    assert offline.blocked == [] and offline.console_errors == []
    offline.context.close()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, LAUNCH_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (scripts/test.sh does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def offline_page(browser):
    from tests.browser import open_offline

    offline = open_offline(browser)
    yield offline
    offline.context.close()
