"""The map's JavaScript lives in files of geo/web/js that node parses, and nowhere else."""

from __future__ import annotations

import re
import subprocess

import pytest

from geo.base.settings import ROOT
from geo.model.view import Scene
from geo.web import elements, maps
from tests.node import NODE

SCRIPTS = sorted(elements.SCRIPTS.glob("*.js"))

JS_IN_A_STRING = re.compile(
    r"\bfunction\s*\w*\s*\([\w\s,]*\)\s*\{|=>\s*\{|\bL\.(?:DomUtil|control|geoJSON|tooltip)\b[.(]"
)
"""What only JavaScript says: a function, an arrow function's body, Leaflet's namespace."""


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_node_parses_every_script(path):
    done = subprocess.run([NODE, "--check", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_node_check_refuses_a_broken_script(tmp_path):
    broken = tmp_path / "broken.js"
    broken.write_text("function dmBroken(map) { return map.on(; }\n", encoding="utf-8")
    assert subprocess.run([NODE, "--check", str(broken)], capture_output=True, check=False).returncode != 0


@pytest.mark.parametrize(
    "path", sorted((ROOT / "geo").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT / "geo"))
)
def test_no_module_of_geo_holds_javascript(path):
    assert JS_IN_A_STRING.findall(path.read_text(encoding="utf-8")) == []


def test_the_javascript_check_finds_javascript():
    assert JS_IN_A_STRING.findall('x = "const f = function(a) { return L.geoJSON(a); }"') != []
    assert JS_IN_A_STRING.findall("def function_of(x): return x  # a function (of x)") == []


def test_a_page_carries_each_script_it_calls_once(event):
    page = maps.build_map(Scene(event)).get_root().render()
    for path in SCRIPTS:
        defined = re.findall(r"^function (dm\w+)", path.read_text(encoding="utf-8"), flags=re.M)
        for name in defined:
            count = page.count(f"function {name}(")
            assert count <= 1, f"{name} is defined {count} times"
    for name in ("dmStoryPanel", "dmMapLabels", "dmOpeningView", "dmKeepClear", "dmBox", "dmBatchLayer"):
        assert f"function {name}(" in page and f"= {name}(" in page, name
    assert "function dmTripLabels(" not in page, "a script the page does not call is left out"
