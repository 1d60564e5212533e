"""folium elements of our own, and why they render differently from folium's.

branca renders a MacroElement's script and then wraps the result in a *new* Jinja template,
which is rendered again with the page. Any ``{{ ... }}`` that came from data (a tooltip, a
title) would be evaluated as a template expression on the second pass: at best a broken page,
at worst code run on the server. Our elements hand their rendered text over as ``Raw``, which
is never parsed again. LayerControl below does the same for folium's own layer control.

Every script of ours is a function in a file of geo/web/js (an editor highlights it, ``node
--check`` parses it); an element is one call of it with JSON arguments (``Call``), and the page
carries each file it calls once (``add_scripts``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import ClassVar

import folium
from branca.element import Element, Figure, MacroElement
from folium.map import Layer
from folium.template import Template

from geo.web.markup import esc

SCRIPTS = Path(__file__).parent / "js"
"""The map's JavaScript: one file a concern, each a function or two, none run on loading."""
SCRIPT_UNSAFE_CHARS = (("<", "\\u003c"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
"""In a script element only ``</script`` and ``<!--`` change how the page is parsed: every ``<``
is escaped, and the two line separators old JavaScript refused in a string."""


def script_json(value: object) -> str:
    """Compact JSON, UTF-8, that cannot end a script element or open markup.

    Jinja's tojson also escapes ``>``, ``&`` and ``'`` (unneeded inside a script) and every
    non-ASCII letter: six bytes each, which took the 10,000-flow page past 8 MB (its popups are
    HTML, with a ``>`` for every ``<``)."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    # Three str.replace passes, not one str.translate: translate looks every character up in a
    # dict, half a second on the 10,000-flow page's 7 MB; replace scans in C.
    for char, escaped in SCRIPT_UNSAFE_CHARS:
        text = text.replace(char, escaped)
    return text


@cache
def script_text(name: str) -> str:
    """One file of geo/web/js, read once."""
    return (SCRIPTS / name).read_text(encoding="utf-8")


class Raw(Element):
    """Text placed in the page exactly as given: never parsed as a template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Raw"
        self.text = text

    def render(self, **kwargs: object) -> str:
        return self.text


class SafeMacroElement(MacroElement):
    """A MacroElement whose rendered script reaches the page as Raw text."""

    def render(self, **kwargs: object) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            msg = f"{type(self).__name__} must be inside a map before it renders"
            raise TypeError(msg)
        script = self._template.module.__dict__.get("script")
        if script is not None:
            figure.script.add_child(Raw(script(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class Call(SafeMacroElement):
    """One call of a function of geo/web/js: its parent first (the map, or the feature group a
    layer belongs to), then ``arguments``, JavaScript text that is JSON from script_json or the
    name folium gives one of its own objects (an identifier, never data)."""

    script_file: ClassVar[str]
    """The file of geo/web/js that defines ``function``; decode.js comes with every layer."""
    function: ClassVar[str]
    _template = Template(
        "{% macro script(this, kwargs) %}\nvar {{ this.get_name() }} = {{ this.function }}"
        "({{ this._parent.get_name() }}, {{ this.arguments|join(', ') }});\n{% endmacro %}"
    )

    def __init__(self, *arguments: str) -> None:
        super().__init__()
        self._name = type(self).__name__
        self.arguments = list(arguments)


class Scripts(SafeMacroElement):
    """The files of geo/web/js a page calls, once each. Function declarations only, in the same
    script element as their calls (streamlit-folium runs a map's header as markup, not script),
    so they may come after the calls."""

    _template = Template("{% macro script(this, kwargs) %}\n{{ this.code }}\n{% endmacro %}")

    def __init__(self, files: Sequence[str]) -> None:
        super().__init__()
        self._name = "Scripts"
        self.files = tuple(files)
        self.code = "\n".join(script_text(name) for name in self.files)


LAYER_SCRIPTS = ("decode.js", "compact_layer.js", "batch_layer.js")
"""Every map carries its layers' scripts: the app adds a layer (the travellers) to a mounted map."""


def add_scripts(fmap: folium.Map) -> Scripts:
    """The scripts the map's elements call, added to it once each."""
    files = dict.fromkeys(LAYER_SCRIPTS)
    files.update(dict.fromkeys(e.script_file for e in _elements(fmap) if isinstance(e, Call)))
    scripts = Scripts(list(files))
    scripts.add_to(fmap)
    return scripts


def _elements(element: Element) -> Iterator[Element]:
    for child in element._children.values():
        yield child
        yield from _elements(child)


def _group_names(groups: dict[str, str]) -> str:
    """A JavaScript object of our FeatureGroups by layer key (folium makes their names: identifiers)."""
    return "{" + ", ".join(f"{script_json(key)}: {name}" for key, name in groups.items()) + "}"


class Box(Call):
    """A fixed panel on the map with HTML the caller has already escaped."""

    script_file, function = "controls.js", "dmBox"

    def __init__(self, html: str, *, position: str, css_class: str = "dm-box") -> None:
        super().__init__(script_json(position), script_json(css_class), script_json(html))
        self.html = html


class Attribution(Call):
    """Credits for the data, in Leaflet's attribution corner."""

    script_file, function = "controls.js", "dmAttribution"

    def __init__(self, html: str) -> None:
        super().__init__(script_json(html))


class LayerControl(SafeMacroElement, folium.LayerControl):
    """folium's layer control, with each layer's name escaped and its script handed over as Raw.

    A layer's name can come from data (the highlighted traveller's trip). folium hands the
    control's script to branca to be parsed as a template again, which evaluated ``{{ ... }}``
    in a name on the server, and Leaflet writes each name into the control with innerHTML.
    """

    def render(self, **kwargs: object) -> None:
        self.reset()
        for item in self._parent._children.values():
            if isinstance(item, Layer) and item.control:
                chosen = self.overlays if item.overlay else self.base_layers
                chosen[esc(item.layer_name)] = item.get_name()
        SafeMacroElement.render(self, **kwargs)


class MapLabels(Call):
    """Names on the map as HTML text (selectable, read aloud), placed by priority at every zoom.

    The rule of geo.model.labels.place, in labels.js: each label at the first of its offsets where
    it covers no label already placed, hidden when there is no room, shown again when there is. A
    label follows its layer: hidden while its layer is off (the layer control, a chapter).
    """

    script_file, function = "labels.js", "dmMapLabels"

    def __init__(
        self,
        labels_json: str,
        offsets_json: str,
        *,
        groups: dict[str, str],
        gap: float,
        clear: float = 0.0,
        spacing: float = 0.0,
        line_clear: float = 0.0,
    ) -> None:
        arguments = (labels_json, offsets_json, script_json(float(gap)), script_json(float(clear)))
        arguments += (script_json(float(spacing)), script_json(float(line_clear)))
        super().__init__(_group_names(groups), *arguments)


class StoryPanel(Call):
    """The event's chapters in a panel: previous and next buttons, the ← and → keys, and
    ``#chapter=N`` in the address, which opens chapter N and follows the reader. Chapter 0 is
    everything: every layer, the opening view. Each chapter's card is HTML geo.web.markup rendered."""

    script_file, function = "story.js", "dmStoryPanel"

    def __init__(
        self, chapters_json: str, *, groups: dict[str, str], companions: dict[str, str], start: int, left: int
    ) -> None:
        arguments = (script_json(companions), chapters_json, script_json(int(start)), script_json(int(left)))
        super().__init__(_group_names(groups), *arguments)


class KeepClear(Call):
    """Popups open where no control covers them, and the key folds away on a small map."""

    script_file, function = "keep_clear.js", "dmKeepClear"

    def __init__(self, *, small: int = 800) -> None:
        super().__init__(script_json(int(small)))


class OpeningView(Call):
    """The view the page opens on, set before any layer is drawn and without animation: an
    animated zoom would end after a chapter's view and put the map back (and every country
    would be drawn twice)."""

    script_file, function = "controls.js", "dmOpeningView"

    def __init__(self, bounds: list, *, top_left: tuple[int, int], bottom_right: tuple[int, int]) -> None:
        corners = [[float(v) for v in corner] for corner in bounds]
        super().__init__(script_json(corners), script_json(list(top_left)), script_json(list(bottom_right)))
