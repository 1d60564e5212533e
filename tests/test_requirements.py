"""The requirement files say what the code needs and what it was tested with: every package
names the version tested (the one installed), Streamlit's lower bound is the first release with
everything the app calls, and what a private API or a linter's rules tie us to is pinned."""

from __future__ import annotations

import inspect
import re
from importlib import metadata
from pathlib import Path

import pytest
import streamlit as st
import streamlit_folium
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)\s*(?P<spec>[<>=!~][^#\s]*)?\s*(?:#\s*\((?P<tested>[^)]+)\))?")


def requirements() -> dict[str, tuple[SpecifierSet, str | None]]:
    found = {}
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            match = LINE.match(line)
            if match is None or not line.strip() or line.startswith("#"):
                continue
            found[match["name"]] = (SpecifierSet(match["spec"] or ""), match["tested"])
    return found


@pytest.mark.parametrize("name", requirements())
def test_every_requirement_names_the_version_tested_and_it_is_the_one_installed(name):
    spec, tested = requirements()[name]
    assert tested is not None, f"{name}: write the version tested in parentheses"
    assert metadata.version(name) == tested, f"{name}: the tests ran with {metadata.version(name)}"
    assert spec.contains(tested, prereleases=True), f"{name}: {tested} is outside {spec}"


def lowest(spec: SpecifierSet) -> Version:
    return max(Version(s.version) for s in spec if s.operator in (">=", "=="))


def test_streamlit_is_at_least_the_first_release_with_everything_the_app_calls():
    # st.file_uploader's max_upload_size (ui/sidebar.py) came in 1.53, st.download_button's
    # callable data and on_click="ignore" (ui/panels.py) before it.
    assert lowest(requirements()["streamlit"][0]) >= Version("1.53")
    assert "max_upload_size" in inspect.signature(st.file_uploader).parameters
    on_click = inspect.signature(st.download_button).parameters["on_click"].annotation
    assert "ignore" in str(on_click)
    panels = (ROOT / "ui" / "panels.py").read_text(encoding="utf-8")
    assert 'on_click="ignore"' in panels and "max_upload_size=" in (ROOT / "ui" / "sidebar.py").read_text()


def test_streamlit_folium_is_pinned_to_the_release_whose_private_functions_are_called():
    spec, tested = requirements()["streamlit-folium"]
    assert str(spec) == f"=={tested}", "a private API can change in any release"
    used = set(re.findall(r"\bstreamlit_folium\.(_\w+)", (ROOT / "ui" / "mapview.py").read_text()))
    assert used, "ui/mapview.py calls streamlit_folium's private functions"
    assert all(hasattr(streamlit_folium, name) for name in used), used


def test_ruff_is_pinned_and_pre_commit_runs_the_same_release():
    spec, tested = requirements()["ruff"]
    assert str(spec) == f"=={tested}", "a new ruff release must not turn CI red with no code change"
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    (rev,) = re.findall(r"ruff-pre-commit\s*\n\s*rev:\s*(\S+)", config)
    assert rev == f"v{tested}"


def test_the_constraints_install_exactly_the_versions_tested():
    # scripts/test.sh installs with -c constraints.txt: a fresh machine gets the tested versions,
    # not a release PyPI published since (hypothesis 6.170.29 once turned CI red that way).
    lines = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pinned = dict(line.split("==") for line in lines if line and not line.startswith("#"))
    assert pinned == {name: tested for name, (_, tested) in requirements().items()}
    for script in ("test.sh", "run.sh"):
        assert "-c constraints.txt" in (ROOT / "scripts" / script).read_text(encoding="utf-8")
