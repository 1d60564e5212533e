"""Memory follows the limits, not the files: an event folder holding a 2 GB file is answered in
under a second with little memory, because sizes are checked before anything is opened and
files that are not an event's are never opened at all."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile

import pytest

from geo.base import settings
from geo.io import uploads
from tests.browser import ROOT
from tests.test_uploads import _set_flag, folder_files, zipped

BUNDLED = "beijing-parade-2025"
TWO_GB = 2 * 1024**3

# Run in a fresh process so its peak memory is the load's alone: once warm (imports, the
# gazetteer), the load is timed, then repeated under tracemalloc for its peak allocations.
MEASURE = """
import json, resource, sys, time, tracemalloc
from pathlib import Path
from geo.io.events import load_event

load_event("beijing-parade-2025")
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
event = load_event("beijing-parade-2025", root=Path(sys.argv[1]))
seconds = time.perf_counter() - started
rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
load_event("beijing-parade-2025", root=Path(sys.argv[1]))
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({
    "seconds": seconds,
    "rss_growth_mb": (rss_after - rss_before) / 1024,
    "peak_mb": peak / 1e6,
    "problems": [[p.file, p.reason] for p in event.problems],
    "trade_rows": len(event.trade),
    "people": len(event.people),
}))
"""


def folder_with(tmp_path, name: str, size: int):
    """A copy of the bundled event with a sparse file of ``size`` bytes as ``name``: no disk used."""
    folder = tmp_path / BUNDLED
    shutil.copytree(settings.EVENTS_DIR / BUNDLED, folder)
    with (folder / name).open("wb") as f:
        f.truncate(size)
    return tmp_path


def measured(root) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(root)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        # Read a block at a time whatever its size, it is refused at its first bytes: no text.
        ("trade.csv", "holds NUL bytes, so it is no text"),
        ("figures.csv", f"file is {TWO_GB:,} bytes; the limit is {settings.MAX_INPUT_BYTES:,}"),
        ("video.mp4", "is not one of an event's files"),
    ],
)
def test_a_2_gb_file_in_a_folder_is_answered_in_a_second_with_little_memory(tmp_path, name, reason):
    result = measured(folder_with(tmp_path, name, TWO_GB))
    assert [[name, reason]] == [[f, r[: len(reason)]] for f, r in result["problems"]]
    assert result["people"] == 30, "the rest of the event still loads"
    assert (result["trade_rows"] > 0) == (name != "trade.csv")
    assert result["seconds"] < 1.0, result
    assert result["peak_mb"] < 300, result
    assert result["rss_growth_mb"] < 300, result


def test_a_file_that_is_not_an_events_is_never_unzipped():
    # Flagged as encrypted, so opening it would be a problem of its own: only the name is reported.
    data = bytearray(zipped(folder_files() | {"video.mp4": b"frames"}, method=zipfile.ZIP_STORED))
    _set_flag(data, "video.mp4", 0x1)
    event = uploads.event_from_zip(bytes(data), name="upload.zip")
    assert [(p.file, p.reason[:30]) for p in event.problems] == [
        ("video.mp4", "is not one of an event's files")
    ]
    assert len(event.people) == 30


def test_memory_follows_the_files_not_the_limit(tmp_path):
    shutil.copytree(settings.EVENTS_DIR / BUNDLED, tmp_path / BUNDLED)
    result = measured(tmp_path)
    assert result["problems"] == []
    # The bundled files are under 1 MB; reading trade.csv asked for its 120 MB limit up front.
    assert result["peak_mb"] < 30, result


class Growing:
    """A file that is bigger when read than when its size was looked up."""

    def __init__(self, path, size_seen: int) -> None:
        self.path, self.name, self.size_seen = path, path.name, size_seen

    def stat(self):
        return type("Stat", (), {"st_size": self.size_seen})()

    def open(self, mode: str):
        return self.path.open(mode)


@pytest.mark.parametrize(("grown_to", "refused"), [(150, False), (400, True)], ids=["within", "past"])
def test_a_file_that_grows_after_its_size_is_looked_up_is_read_to_the_limit(tmp_path, grown_to, refused):
    from geo.io.events import read_file

    path = tmp_path / "figures.csv"
    path.write_bytes(b"x" * grown_to)
    content, problem = read_file(Growing(path, 100), limit=300)
    if refused:
        assert content == b"" and "grew past the limit of 300 bytes" in problem.reason
    else:
        assert problem is None and content == b"x" * grown_to
