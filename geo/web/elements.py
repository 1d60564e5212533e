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

from geo.web.markup import esc


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


class MapLabels(SafeMacroElement):
    """Names on the map as HTML text (selectable, read aloud), placed by priority at every zoom.

    The same greedy rule as geo.model.labels.place: each label at the first of its offsets where it
    covers no label already placed, hidden when there is no room, shown again when there is. A
    label follows its layer: hidden while its layer is off (the layer control, a chapter).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            const map = {{ this._parent.get_name() }};
            const groups = {{ this.groups }};
            const labels = {{ this.labels_json }};
            const offsets = {{ this.offsets_json }};
            const gap = {{ this.gap }};
            const pane = map.createPane("dm-labels");
            pane.style.zIndex = 640;
            pane.style.pointerEvents = "none";
            for (const label of labels) {
                const el = L.DomUtil.create("div", "dm-label dm-layer-" + label.layer, pane);
                el.textContent = label.text;
                el.dataset.id = label.id;
                el.style.display = "none";
                label.el = el;
                label.latlng = L.latLng(label.lat, label.lon);
            }
            function layerOn(key) {
                const group = groups[key];
                return group === undefined || map.hasLayer(group);
            }
            function overlaps(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
            function placeAll() {
                const size = map.getSize();
                // The controls are placed first: a name under a panel could not be read.
                const frame = map.getContainer().getBoundingClientRect();
                const placed = Array.from(map.getContainer().querySelectorAll(".leaflet-control"))
                    .map(function(c) { return c.getBoundingClientRect(); })
                    .filter(function(r) { return r.width > 0 && r.height > 0; })
                    .map(function(r) { return [r.left - frame.left, r.top - frame.top, r.right - frame.left, r.bottom - frame.top]; });
                // Show, then measure, then place: one layout for all labels, not one each.
                const shown = labels.filter(function(label) {
                    const on = layerOn(label.layer);
                    label.el.style.display = on ? "block" : "none";
                    return on;
                });
                for (const label of shown) {
                    if (label.w === undefined) {
                        // Fractional sizes, and a pixel to spare: boxes that touch do not overlap.
                        const box = label.el.getBoundingClientRect();
                        label.w = box.width + 2;
                        label.h = box.height + 2;
                    }
                }
                for (const label of shown) {
                    const el = label.el;
                    const p = map.latLngToContainerPoint(label.latlng);
                    let room = false;
                    for (const o of offsets) {
                        const left = p.x + o[1] * label.w + o[3] * gap, top = p.y + o[2] * label.h + o[4] * gap;
                        const box = [left, top, left + label.w, top + label.h];
                        if (box[0] < 0 || box[1] < 0 || box[2] > size.x || box[3] > size.y) continue;
                        if (placed.some(function(b) { return overlaps(box, b); })) continue;
                        placed.push(box);
                        L.DomUtil.setPosition(el, map.containerPointToLayerPoint([left, top]));
                        el.dataset.side = o[0];
                        room = true;
                        break;
                    }
                    if (!room) el.style.display = "none";
                }
                // The key lists only what is drawn: a row whose layer is off hides with it.
                for (const row of map.getContainer().querySelectorAll(".dm-legend [data-layer]")) {
                    row.style.display = !row.dataset.layer || layerOn(row.dataset.layer) ? "" : "none";
                }
            }
            // Once per frame at most: a chapter adds and removes whole layers at once.
            let pending = false;
            function schedule() {
                if (pending) { return; }
                pending = true;
                requestAnimationFrame(function() { pending = false; placeAll(); });
            }
            map.on("zoomend moveend overlayadd overlayremove resize", schedule);
            // In the first frame, once the rest of the page (the key, the panel) is on the map.
            map.whenReady(schedule);
            map.dmPlaceLabels = schedule;
        })();
        {% endmacro %}
        """
    )

    def __init__(self, labels_json: str, offsets_json: str, *, groups: dict[str, str], gap: float) -> None:
        super().__init__()
        self._name = "MapLabels"
        self.labels_json = labels_json
        self.offsets_json = offsets_json
        self.gap = gap
        # Names of our own FeatureGroups (folium makes them: identifiers, never data).
        self.groups = "{" + ", ".join(f"{key!r}: {name}" for key, name in groups.items()) + "}"


class StoryPanel(SafeMacroElement):
    """The event's chapters in a panel: previous and next buttons, the ← and → keys, and
    ``#chapter=N`` in the address, which opens chapter N and follows the reader. Chapter 0 is
    everything: every layer, the opening view. Each chapter's card is HTML geo.web.markup rendered."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            const map = {{ this._parent.get_name() }};
            const groups = {{ this.groups }};
            const companions = {{ this.companions|tojson }};
            const chapters = {{ this.chapters_json }};
            const control = L.control({position: "topleft"});
            let current = -1, div;
            control.onAdd = function() {
                div = L.DomUtil.create("div", "dm-box dm-story");
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            control.addTo(map);
            function view(c, first) {
                const left = Math.min(div.offsetWidth + 24, map.getSize().x / 2);
                // The page opened on this view already (geo.web.maps fits it with the panel's usual
                // width): fitting it again would draw every country twice.
                if (first && Math.abs(left - {{ this.left }}) < 1) { return; }
                const size = map.getSize();
                if (c.bounds && (size.x <= left + 80 || size.y <= 96)) {
                    map.fitBounds(c.bounds, {animate: false});  // no room for the paddings (see OpeningView)
                } else if (c.bounds) {
                    map.fitBounds(c.bounds, {paddingTopLeft: [left, 16], paddingBottomRight: [16, 16], animate: false});
                } else {
                    map.setView(c.center, c.zoom, {animate: false});
                }
            }
            function show(n, first) {
                n = Math.max(0, Math.min(chapters.length - 1, n));
                const c = chapters[n];
                for (const key in groups) {
                    const on = c.layers.includes(key) || (key in companions && c.layers.includes(companions[key]));
                    if (on && !map.hasLayer(groups[key])) { map.addLayer(groups[key]); }
                    if (!on && map.hasLayer(groups[key])) { map.removeLayer(groups[key]); }
                }
                div.innerHTML = c.html;
                div.dataset.chapter = String(n);
                current = n;
                view(c, first && n === {{ this.start }});
                const hash = "#chapter=" + n;
                if (location.hash !== hash) { history.replaceState(null, "", hash); }
                if (map.dmPlaceLabels) { map.dmPlaceLabels(); }
            }
            div.addEventListener("click", function(e) {
                const go = e.target.closest("[data-go]");
                if (go) { show(Number(go.dataset.go)); }
            });
            document.addEventListener("keydown", function(e) {
                if (e.target.closest && e.target.closest("input, textarea, select")) { return; }
                if (e.key === "ArrowRight") { show(current + 1); }
                if (e.key === "ArrowLeft") { show(current - 1); }
            });
            function fromHash() {
                const found = /chapter=(\\d+)/.exec(location.hash);
                return found ? Number(found[1]) : {{ this.start }};
            }
            window.addEventListener("hashchange", function() { if (fromHash() !== current) { show(fromHash()); } });
            // After every other script of the page has set its view: the chapter's view wins.
            map.whenReady(function() { setTimeout(function() { show(fromHash(), true); }, 0); });
            map.dmShowChapter = show;
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self, chapters_json: str, *, groups: dict[str, str], companions: dict[str, str], start: int, left: int
    ) -> None:
        super().__init__()
        self._name = "StoryPanel"
        self.left = int(left)
        self.chapters_json = chapters_json
        self.companions = companions
        self.start = int(start)
        # Names of our own FeatureGroups (folium makes them: identifiers, never data).
        self.groups = "{" + ", ".join(f"{key!r}: {name}" for key, name in groups.items()) + "}"


class KeepClear(SafeMacroElement):
    """Popups open where no control covers them, and the key folds away on a small map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            const map = {{ this._parent.get_name() }};
            function overlap(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
            function clear(popup) {
                // The smallest pan that puts the popup inside the map and clear of every
                // control, found among moves that line its edges up with theirs. Leaflet's own
                // auto-pan is off: it animates, and would undo this move.
                const el = popup.getElement();
                if (!el) { return; }
                const r = el.getBoundingClientRect(), m = map.getContainer().getBoundingClientRect();
                const boxes = Array.from(map.getContainer().querySelectorAll(".leaflet-control"))
                    .map(function(c) { return c.getBoundingClientRect(); })
                    .filter(function(b) { return b.width > 0 && b.height > 0; });
                const xs = [0, m.left + 8 - r.left, m.right - 8 - r.right], ys = [0, m.top + 8 - r.top, m.bottom - 8 - r.bottom];
                for (const b of boxes) {
                    xs.push(b.right + 8 - r.left, b.left - 8 - r.right);
                    ys.push(b.bottom + 8 - r.top, b.top - 8 - r.bottom);
                }
                let best = null;
                for (const dx of xs) {
                    for (const dy of ys) {
                        const moved = {left: r.left + dx, right: r.right + dx, top: r.top + dy, bottom: r.bottom + dy};
                        const inside = moved.left >= m.left && moved.right <= m.right && moved.top >= m.top && moved.bottom <= m.bottom;
                        if (!inside || boxes.some(function(b) { return overlap(moved, b); })) { continue; }
                        const cost = Math.abs(dx) + Math.abs(dy);
                        if (best === null || cost < best[2]) { best = [dx, dy, cost]; }
                    }
                }
                if (best !== null && best[2] > 0) { map.panBy([-best[0], -best[1]], {animate: false}); }
            }
            map.on("popupopen", function(e) { setTimeout(function() { clear(e.popup); }, 0); });
            map.whenReady(function() {
                const key = map.getContainer().querySelector("details.dm-key");
                if (key && map.getSize().x < {{ this.small }}) { key.removeAttribute("open"); }
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, *, small: int = 800) -> None:
        super().__init__()
        self._name = "KeepClear"
        self.small = int(small)


class OpeningView(SafeMacroElement):
    """The view the page opens on, set before any layer is drawn and without animation: an
    animated zoom would end after a chapter's view and put the map back (and every country
    would be drawn twice)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, (function(size, topLeft, bottomRight) {
            // Room for the panels' paddings on a phone, or in a frame not laid out yet (an app page
            // under load): without it Leaflet's zoom becomes NaN and the map is lost.
            const room = size.x > topLeft[0] + bottomRight[0] + 64 && size.y > topLeft[1] + bottomRight[1] + 64;
            return room ? {paddingTopLeft: topLeft, paddingBottomRight: bottomRight, animate: false} : {animate: false};
        })({{ this._parent.get_name() }}.getSize(), {{ this.top_left|tojson }}, {{ this.bottom_right|tojson }}));
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list, *, top_left: tuple[int, int], bottom_right: tuple[int, int]) -> None:
        super().__init__()
        self._name = "OpeningView"
        self.bounds = [list(corner) for corner in bounds]
        self.top_left = list(top_left)
        self.bottom_right = list(bottom_right)
