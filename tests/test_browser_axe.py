"""axe-core (WCAG 2.1 A and AA, and Deque's best practice) finds nothing to fix on the exported map
(at a laptop's size and a phone's, its story as text included), on a person's map and in the
running app. axe-core comes bundled in axe-playwright-python: nothing is fetched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe

from geo.base import settings
from geo.io.events import list_events, load_event
from geo.web import atlas, export
from tests.browser import running_app
from tests.test_browser_app import MAP_FRAME, settled_map

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}
STREAMLIT_CHROME = {("presentation-role-conflict", 'data-testid="stFileUploaderDropzone"')}
"""What axe finds in Streamlit's own markup, which the app cannot change, each as its rule and the
element it names: st.file_uploader's drop zone is a <section role="presentation" tabindex="-1">
with an aria-label (Streamlit 1.5x), so it is both presentational and named. Nothing else is let pass."""
SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def violations(page, *, allowed: set[tuple[str, str]] = frozenset()) -> list[str]:
    """Every violation axe finds in the page and its frames, as 'rule: element', but those ``allowed``."""
    axe = Axe()
    for frame in page.frames[1:]:
        frame.evaluate(axe.axe_script)  # axe reads a frame only where it runs too
    found = axe.run(page, options=OPTIONS).response["violations"]
    return [
        f"{rule['id']}: {node['target']} {node['failureSummary']}"
        for rule in found
        for node in rule["nodes"]
        if not any(rule["id"] == name and marker in node["html"] for name, marker in allowed)
    ]


@pytest.mark.parametrize(("width", "height", "chapter"), [(1280, 800, 1), (1280, 800, 0), (390, 844, 4)])
def test_axe_finds_nothing_to_fix_on_the_exported_map(exported, browser, width, height, chapter):
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": height}, has_touch=phone, is_mobile=phone
    )
    page = context.new_page()
    page.goto(f"{exported.as_uri()}#chapter={chapter}")
    page.wait_for_selector(f".dm-story[data-chapter='{chapter}']", state="attached")
    page.evaluate(SETTLED)
    assert page.locator("section#dm-story-text li").count() > 30, "the story as text is on the page"
    assert violations(page) == []
    context.close()


def test_axe_finds_nothing_to_fix_on_a_persons_map(browser, tmp_path):
    path = tmp_path / "kim.html"
    export.save_html(atlas.build_atlas("kim-jong-un", [load_event(e) for e in list_events()]), path)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(path.as_uri())
    page.wait_for_selector(".dm-label", state="attached")
    page.evaluate(SETTLED)
    assert violations(page) == []
    page.close()


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with running_app(settings.EVENTS_DIR) as url:
        yield url


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (390, 844)])
def test_axe_finds_nothing_to_fix_in_the_app_but_streamlits_own_markup(app_url, browser, width, height):
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": height}, has_touch=phone, is_mobile=phone
    )
    page = context.new_page()
    page.goto(app_url)
    settled_map(page)
    assert page.locator(MAP_FRAME).count() == 1
    assert violations(page, allowed=STREAMLIT_CHROME) == []
    context.close()
