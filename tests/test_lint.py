"""The linters run with the tests, so their rules hold in CI: ruff's, the layering of geo/
(import-linter), HTML made in one module, and modules short enough to read in one sitting."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo.base.settings import ROOT

CODE = sorted([*(ROOT / "geo").rglob("*.py"), *(ROOT / "ui").glob("*.py"), ROOT / "app.py"])
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


@pytest.mark.parametrize(
    "path", [p for p in CODE if p.name != "markup.py"], ids=lambda p: str(p.relative_to(ROOT))
)
def test_only_geo_markup_writes_html(path):
    found = HTML_TAG.findall(path.read_text(encoding="utf-8"))
    assert found == [], f"{path.name} writes HTML; render it in geo/web/markup.py"


def test_the_tag_check_finds_tags():
    assert HTML_TAG.findall('x = "<b>" + y + "</div>"') == ["<b>", "</div>"]
    assert HTML_TAG.findall("a < b and c > d, List[int]") == []


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_stay_readable_in_one_sitting(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= LONGEST_MODULE


LONGEST_FUNCTION = 60


def long_functions(source: str) -> list[tuple[str, int]]:
    """Each function (or method) longer than LONGEST_FUNCTION lines, with its length."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1  # type: ignore[operator]
            if length > LONGEST_FUNCTION:
                found.append((node.name, length))
    return found


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_functions_stay_short(path):
    assert long_functions(path.read_text(encoding="utf-8")) == []


def test_the_length_check_finds_a_long_function():
    body = "\n".join(f"    x{n} = {n}" for n in range(LONGEST_FUNCTION))
    assert long_functions(f"def long():\n{body}\n") == [("long", LONGEST_FUNCTION + 1)]
    assert long_functions("def short():\n    return 1\n") == []


def test_no_module_imports_a_private_name_of_another():
    private = re.compile(r"^\s*from (geo|ui)[\w.]* import .*\b_[a-z]\w*", re.M)
    offenders = [p.name for p in CODE if private.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


TOP_OF_GEO = 12
"""Modules at geo/'s top, beside the layers' packages: the commands and what sits above both renderers."""


def test_geo_keeps_its_modules_in_layers():
    top = sorted(p.name for p in (ROOT / "geo").glob("*.py"))
    assert len(top) <= TOP_OF_GEO, top


def import_graph(*packages: str) -> dict[str, set[str]]:
    """Each module of ``packages`` and what it imports of them, from the source (grimp, import-linter's
    own graph builder, so the cycle test sees what the contract sees)."""
    import grimp

    graph = grimp.build_graph(*packages, include_external_packages=False)
    return {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}


def cycles_in(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle for each module that is on one, found by depth-first search."""
    found, state = [], {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for nxt in sorted(graph.get(module, ())):
            if state.get(nxt) == "open":
                found.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles_in({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles_in({"a": {"b"}, "b": set()}) == []


def test_no_import_circle_anywhere(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    graph = import_graph("geo", "ui", "benchmarks", "tests")
    assert cycles_in(graph) == []
