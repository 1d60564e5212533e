"""What the app's maps add for a reader finding their way: the highlighted travellers named at
their dots, the feature the details panel shows marked on the map, tooltips kept inside the map's
frame and a long key folded away. Each is an element whose script is a file of geo/web/js.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from geo.model.labels import Label
from geo.web.compact import script_json, script_template
from geo.web.elements import SafeMacroElement


class TravellerNames(SafeMacroElement):
    """The names of the highlighted travellers (geo.model.labels.position_labels) above their
    dots, added to the travellers' own group so they move with it."""

    _template = script_template("traveller_names.js")

    def __init__(self, labels: Sequence[Label]) -> None:
        super().__init__()
        self._name = "TravellerNames"
        self.labels_json = script_json([dataclasses.asdict(label) for label in labels])


class PickedMark(SafeMacroElement):
    """Marks the feature whose details are shown (none: ``None``), whichever way it was chosen."""

    _template = script_template("picked_mark.js")

    def __init__(self, picked: str | None) -> None:
        super().__init__()
        self._name = "PickedMark"
        self.picked = picked


class KeepInside(SafeMacroElement):
    """Tooltips stay inside the map's frame, and a key taller than ``key_share`` of the map folds."""

    _template = script_template("keep_inside.js")

    def __init__(self, *, margin: int = 4, key_share: float = 0.45) -> None:
        super().__init__()
        self._name = "KeepInside"
        self.margin = int(margin)
        self.key_share = float(key_share)
