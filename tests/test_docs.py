"""The README and CONTRIBUTING name only what exists: every path, every module of geo and what
they name in it, and every script the README tells a reader to run imports."""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys

import pytest

from geo.base.settings import ROOT

DOCS = ("README.md", "CONTRIBUTING.md")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
DOTTED = re.compile(r"\bgeo(?:\.[A-Za-z_]\w*)+")
PLACEHOLDER = re.compile(r"<[^>]+>|-N\b|\bN\b|\bNAME\b|\bID\b")
"""``tests/test_<module>.py``, ``docs/chapter-N.png``: any name in its place."""


def paths_named(text: str) -> list[str]:
    """The repository paths in a document's code spans: a word with a slash in it, not a URL, an
    option, a path outside the repository, or the virtual environment the scripts make."""
    words = [word for span in CODE_SPAN.findall(text) for word in span.split()]
    return sorted(
        {
            word.rstrip(".,;:")
            for word in words
            if "/" in word
            and "://" not in word
            and not word.startswith(("-", "/", ".venv", "#"))
            and not word.startswith(("<", "["))
        }
    )


MADE_AT_RUN_TIME = {"drafts/"}
"""Folders the app makes when first used, and .gitignore keeps out of the repository."""


def exists(path: str) -> bool:
    if path in MADE_AT_RUN_TIME:
        return path in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    if PLACEHOLDER.search(path):
        return any(ROOT.glob(PLACEHOLDER.sub("*", path).rstrip("/")))
    return (ROOT / path).exists()


def resolves(dotted: str) -> bool:
    """A module of geo, or a module and what it defines (geo.model.scene.frames_of)."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        name = ".".join(parts[:cut])
        try:
            if importlib.util.find_spec(name) is None:
                continue
        except ModuleNotFoundError:  # a name inside a module, not a module of a package
            continue
        target = importlib.import_module(name)
        for attribute in parts[cut:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


@pytest.mark.parametrize("doc", DOCS)
def test_every_path_a_document_names_exists(doc):
    named = paths_named((ROOT / doc).read_text(encoding="utf-8"))
    assert len(named) > 5
    assert [path for path in named if not exists(path)] == []


def test_every_module_the_documents_name_exists():
    text = "".join((ROOT / doc).read_text(encoding="utf-8") for doc in DOCS)
    named = sorted(set(DOTTED.findall(text)))
    assert len(named) > 3
    assert [name for name in named if not resolves(name.rstrip("."))] == []


def test_the_checks_see_what_is_gone():
    assert paths_named("the registry, `geo/styles.py`; `bash scripts/test.sh -k x`") == [
        "geo/styles.py",
        "scripts/test.sh",
    ]
    assert not exists("geo/styles.py") and exists("scripts/test.sh") and exists("tests/test_<module>.py")
    assert not resolves("geo.web.maps.build_layers") and resolves("geo.model.scene.frames_of")
    assert not resolves("geo.styles") and resolves("geo.web.maps")


@pytest.mark.parametrize("script", sorted((ROOT / "scripts").glob("*.py")), ids=lambda p: p.name)
def test_every_script_imports(script, monkeypatch):
    """A script's imports resolve (scripts/shoot_chapters.py still imported geo.story, moved away)."""
    monkeypatch.syspath_prepend(str(ROOT))
    spec = importlib.util.spec_from_file_location(f"script_{script.stem}", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)  # runs its imports, not its main
    assert callable(getattr(module, "main", None))
