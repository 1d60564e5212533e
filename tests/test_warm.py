"""ui.warm: what the server builds when it starts is what a first visit asks for, so the first
visit builds no layer and renders no map of its own."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from geo.web import maps
from tests.test_app import APP, drawn, ok
from tests.tiny import write_tiny_event
from ui import mapview, warm


def count_calls(monkeypatch, module, name: str) -> list:
    calls = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_the_first_visit_after_the_warm_up_builds_no_layer_and_renders_no_map(tmp_path, monkeypatch):
    root = tmp_path / "warm-events"  # a folder no other test read: nothing of it is cached yet
    write_tiny_event(root, "tiny")
    monkeypatch.setenv("DIPLOMAP_EVENTS_DIR", str(root))
    warm.warm()
    layers, rendered = (
        count_calls(monkeypatch, maps, "build_layer"),
        count_calls(monkeypatch, mapview, "build"),
    )
    at = ok(AppTest.from_file(APP, default_timeout=30).run())
    assert drawn(at), "the first visit shows the map"
    assert layers == [] and rendered == [], "the first visit found every layer and the map already made"


def test_without_the_warm_up_the_first_visit_builds_them(tmp_path, monkeypatch):
    """The test above can fail: the same visit, not warmed, builds its layers and its map."""
    root = tmp_path / "cold-events"
    write_tiny_event(root, "tiny")
    monkeypatch.setenv("DIPLOMAP_EVENTS_DIR", str(root))
    layers, rendered = (
        count_calls(monkeypatch, maps, "build_layer"),
        count_calls(monkeypatch, mapview, "build"),
    )
    ok(AppTest.from_file(APP, default_timeout=30).run())
    assert layers and rendered == ["build"]
