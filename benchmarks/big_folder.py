"""An event folder holding a 2 GB file: how fast it is refused, and the memory that takes (issue
12's point 2), beside the bundled event's own folder loaded the same way.

    .venv/bin/python benchmarks/big_folder.py trade.csv     # a 2 GB trade.csv beside the event
    .venv/bin/python benchmarks/big_folder.py video.mp4     # a 2 GB file that is not an event's

The big file is sparse (it takes no disk), so only reading it would cost anything. Each load runs
in a fresh process, so its peak RSS is the load's, imports included.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BIG_BYTES = 2 * 1024**3
EVENT = "beijing-parade-2025"


def measure(name: str) -> tuple[dict[str, object], dict[str, object]]:
    """(the folder with a 2 GB ``name``, the bundled folder as it is), each loaded in its own process."""
    from geo.base import settings

    with tempfile.TemporaryDirectory(prefix="diplomap-folder-") as tmp:
        root = Path(tmp)
        shutil.copytree(settings.EVENTS_DIR / EVENT, root / EVENT)
        plain = _load_in_process(root)
        with (root / EVENT / name).open("r+b" if name == "trade.csv" else "wb") as big:
            big.truncate(BIG_BYTES)
        found = _load_in_process(root)
    return found, plain


def _load_in_process(root: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, __file__, "--load", str(root)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def load(root: Path) -> dict[str, object]:
    from benchmarks.rss import peak_rss_mb
    from geo.io.events import load_event

    started = time.perf_counter()
    event = load_event(EVENT, root=root)
    seconds = time.perf_counter() - started
    said = [p for p in event.problems if p.file in ("trade.csv", "video.mp4")]
    outcome = "; ".join(f"{p.file}: {p.reason}" for p in said) or "loaded"
    return {
        "seconds": seconds,
        "peak_rss_mb": peak_rss_mb(),
        "outcome": outcome,
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["--load"]:
        print(json.dumps(load(Path(argv[1]))))
        return 0
    found, plain = measure(argv[0] if argv else "trade.csv")
    print(json.dumps({"big": found, "bundled": plain}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
