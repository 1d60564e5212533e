"""The linters run with the tests, so their rules hold in CI: ruff's, the layering of geo/
(import-linter), HTML made in one module, and modules short enough to read in one sitting."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo.settings import ROOT

CODE = sorted([*(ROOT / "geo").glob("*.py"), *(ROOT / "ui").glob("*.py"), ROOT / "app.py"])
HTML_TAG = re.compile(r"</?(?:[a-z][a-z0-9]*)(?:\s[^<>]*)?/?>")
"""An HTML element's tag, opening or closing, as a template or a string would hold it."""
LONGEST_MODULE = 400


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_ruff_finds_nothing():
    done = run("ruff", "check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_importing_streamlit_in_geo_is_refused():
    # Fed through stdin as if it were a module of geo/: nothing is written into the package.
    probe = ROOT / "geo" / "_lint_probe.py"
    done = run(
        "ruff", "check", "--select", "TID251", "--stdin-filename", str(probe), "-", stdin="import streamlit\n"
    )
    assert done.returncode != 0
    assert "geo/ stays UI-free" in done.stdout


def test_the_layers_of_geo_hold():
    done = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr


@pytest.mark.parametrize("path", [p for p in CODE if p.name != "markup.py"], ids=lambda p: p.name)
def test_only_geo_markup_writes_html(path):
    found = HTML_TAG.findall(path.read_text(encoding="utf-8"))
    assert found == [], f"{path.name} writes HTML; render it in geo/markup.py"


def test_the_tag_check_finds_tags():
    assert HTML_TAG.findall('x = "<b>" + y + "</div>"') == ["<b>", "</div>"]
    assert HTML_TAG.findall("a < b and c > d, List[int]") == []


@pytest.mark.parametrize("path", CODE, ids=lambda p: p.name)
def test_modules_stay_readable_in_one_sitting(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= LONGEST_MODULE


def test_no_module_imports_a_private_name_of_another():
    private = re.compile(r"^\s*from (geo|ui)[\w.]* import .*\b_[a-z]\w*", re.M)
    offenders = [p.name for p in CODE if private.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
