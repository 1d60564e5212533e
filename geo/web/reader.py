"""What the app's maps add for a reader finding their way: the highlighted travellers named at
their dots, the feature the details panel shows marked on the map, a new map opened where the
reader left the last one, tooltips kept inside the map's frame and a long key folded away. Each is one call of a function of geo/web/js.

The app adds these to a map already built (and to the travellers' group, which streamlit-folium
hands to a map already mounted), after add_scripts has gathered the page's files: so each carries
its own file with its call. A function declared twice is the same function.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from folium.template import Template

from geo.model.labels import Label
from geo.web.elements import Call, script_json, script_text


class _CarriedCall(Call):
    _template = Template(
        "{% macro script(this, kwargs) %}\n{{ this.code }}\nvar {{ this.get_name() }} = {{ this.function }}"
        "({{ this._parent.get_name() }}, {{ this.arguments|join(', ') }});\n{% endmacro %}"
    )

    @property
    def code(self) -> str:
        return script_text(self.script_file)


class TravellerNames(_CarriedCall):
    """The names of the highlighted travellers (geo.model.labels.position_labels) above their
    dots, added to the travellers' own group so they move with it."""

    script_file, function = "traveller_names.js", "dmTravellerNames"

    def __init__(self, labels: Sequence[Label]) -> None:
        super().__init__(script_json([dataclasses.asdict(label) for label in labels]))


class PickedMark(_CarriedCall):
    """Marks the feature whose details are shown (none: ``None``), whichever way it was chosen."""

    script_file, function = "picked_mark.js", "dmPickedMark"

    def __init__(self, picked: str | None) -> None:
        super().__init__(script_json(picked))


class OpensInPlace(_CarriedCall):
    """The view the app hands a new map (the reader's, kept across a rerun) is jumped to, not
    panned to from the chapter's view the map's page opens on."""

    script_file, function = "opens_in_place.js", "dmOpensInPlace"


class KeepInside(_CarriedCall):
    """Tooltips stay inside the map's frame, and a key taller than ``key_share`` of the map folds."""

    script_file, function = "keep_inside.js", "dmKeepInside"

    def __init__(self, *, margin: int = 4, key_share: float = 0.45) -> None:
        super().__init__(script_json(int(margin)), script_json(float(key_share)))
