"""Fixtures shared by the test modules: the bundled event, and a headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.io.events import Event, load_event

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
