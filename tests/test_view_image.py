"""'This view as PNG' in the app draws what the reader sees (issue 22.1): the map reports its
bounds (ui.mapview), the session keeps them once the reader has moved (ui.state), and the image
frames them (geo.static.draw) instead of the chapter's view."""

from __future__ import annotations

import matplotlib
import numpy as np

from geo.model.view import Scene
from geo.static import draw
from ui import state

PYONGYANG = ((38.9, 125.5), (39.2, 126.0))
"""A reader zoomed in on Pyongyang."""


def reported(south, west, north, east) -> dict:
    return {"bounds": {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}}


def test_the_maps_bounds_are_read_from_what_it_reports():
    assert state.bounds_from(reported(38.9, 125.5, 39.2, 126.0)) == PYONGYANG
    for bad in (
        {},
        {"bounds": None},
        reported(None, 1, 2, 3),
        reported(50, 1, 40, 3),
        reported(1, 2, 3, float("nan")),
    ):
        assert state.bounds_from(bad) is None


def test_the_image_frames_the_readers_view_not_the_chapters(event):
    scene = Scene(event)
    with matplotlib.rc_context(draw.RC):
        chapter = draw.draw(scene)
        reader = draw.draw(scene, bounds=PYONGYANG)
    (south, west), (north, east) = PYONGYANG
    frame = reader.view
    x, y = frame.project_point((west + east) / 2, (south + north) / 2)
    # The view's centre is the map's, and the view fills it (the map is a few km across, not a region).
    assert np.hypot(x - np.mean(frame.xlim), y - np.mean(frame.ylim)) < 5_000
    width_km = (frame.xlim[1] - frame.xlim[0]) / 1000
    assert 40 < width_km < 120
    assert (chapter.view.xlim[1] - chapter.view.xlim[0]) / 1000 > 10 * width_km
