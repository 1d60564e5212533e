"""folium elements of our own, and why they render differently from folium's.

branca renders a MacroElement's script and then wraps the result in a *new* Jinja template,
which is rendered again with the page. Any ``{{ ... }}`` that came from data (a tooltip, a
title) would be evaluated as a template expression on the second pass: at best a broken page,
at worst code run on the server. Our elements hand their rendered text over as ``Raw``, which
is never parsed again. LayerControl below does the same for folium's own layer control.
"""

from __future__ import annotations

import folium
from branca.element import Element, Figure, MacroElement
from folium.map import Layer
from folium.template import Template

from geo.markup import esc


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


class Box(SafeMacroElement):
    """A fixed panel on the map with HTML the caller has already escaped."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            const box = L.control({position: {{ this.position|tojson }}});
            box.onAdd = function() {
                const div = L.DomUtil.create("div", {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            box.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, position: str, css_class: str = "dm-box") -> None:
        super().__init__()
        self._name = "Box"
        self.html = html
        self.position = position
        self.css_class = css_class


class Attribution(SafeMacroElement):
    """Credits for the data, in Leaflet's attribution corner."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.setPrefix(false);
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.html|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.html = html


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
