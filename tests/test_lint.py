"""The linter runs with the tests, so its rules hold in CI: above all, geo/ never imports streamlit."""

from __future__ import annotations

import subprocess
import sys

from geo.settings import ROOT


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_ruff_finds_nothing():
    done = ruff("check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_importing_streamlit_in_geo_is_refused(tmp_path):
    offender = ROOT / "geo" / "_lint_probe.py"
    offender.write_text("import streamlit\n", encoding="utf-8")
    try:
        done = ruff("check", "--select", "TID251", str(offender))
    finally:
        offender.unlink()
    assert done.returncode != 0
    assert "geo/ stays UI-free" in done.stdout
