"""Screenshots of every chapter of an event's exported map at 1280 by 800, for docs/.

Usage: .venv/bin/python scripts/shoot_chapters.py [--event beijing-parade-2025] [--out docs] [--phone]
Writes <out>/chapter-N.png for each chapter (and chapter-0.png, everything), opened offline in
Debian's Chromium exactly as a reader opens the exported file; with --phone, <out>/phone-chapter-N.png
as a phone held upright shows them (390 by 844 with touch, three device pixels to a CSS pixel).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from geo.io.events import load_event  # noqa: E402
from geo.model import story  # noqa: E402
from geo.model.view import Scene  # noqa: E402
from geo.web import export, maps  # noqa: E402
from tests.browser import CHROMIUM, LAUNCH_ARGS, open_offline  # noqa: E402

SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
STILL = """() => new Promise(done => {
    // A chapter's view is fitted after its card changes the panel's size, maybe animated: wait
    // until the map's pane and its labels have not moved for three checks in a row.
    const where = () => Array.from(document.querySelectorAll('.leaflet-map-pane, .dm-label'))
        .map(e => e.style.transform + e.style.left + e.style.top + e.style.display).join('|');
    let last = where(), same = 0;
    const check = () => {
        const now = where();
        same = now === last ? same + 1 : 0;
        last = now;
        if (same >= 3) { done(); } else { setTimeout(check, 150); }
    };
    setTimeout(check, 150);
})"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--event", default="beijing-parade-2025")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--phone", action="store_true", help="at a phone's 390 by 844, with touch")
    args = parser.parse_args()
    event = load_event(args.event)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        page_path = Path(folder) / "map.html"
        export.save_html(maps.build_map(Scene(event)), page_path)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for number in range(len(story.chapters_of(event)) + 1):
            offline = open_offline(browser, width=1280, height=800, phone=args.phone)
            offline.page.goto(f"{page_path.as_uri()}#chapter={number}")
            offline.page.wait_for_function(
                f"() => document.querySelector('.dm-story') && document.querySelector('.dm-story').dataset.chapter === '{number}'"
            )
            # The labels are placed in the next frame, once the key and the panel are on the map.
            offline.page.evaluate(STILL)
            offline.page.evaluate(SETTLED)
            shot = args.out / f"{'phone-' if args.phone else ''}chapter-{number}.png"
            offline.page.screenshot(path=str(shot))
            offline.context.close()
            print(f"wrote {shot}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
