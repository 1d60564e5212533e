"""The exported file, opened in Chromium from file:// with the network off."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import export, maps

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def exported(event, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "map.html"
    export.save_html(maps.build_map(event), path)
    return path


def test_map_draws_offline_with_no_errors(exported, offline_page):
    page = offline_page.page
    page.goto(exported.as_uri())
    page.wait_for_selector("path.leaflet-interactive", state="attached")
    offline_page.screenshot("export-default.png")
    assert offline_page.blocked == []
    assert offline_page.failed == []
    assert offline_page.console_errors == []
    assert page.locator("path.leaflet-interactive").count() > 300
