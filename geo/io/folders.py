"""Writing an event folder: as a zip to download (which the app's event upload reads back), and
into the events folder on the user's own machine, never over an event without being told to."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

from geo.base.errors import EventExistsError, Problem
from geo.io.events import EVENT_FILES, read_file
from geo.io.meta import META_FILE
from geo.io.schema import SLUG

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every member's time: the same files make the same zip, byte for byte."""


def zip_from_files(event_id: str, files: Mapping[str, bytes]) -> bytes:
    """A zip of the event's folder: ``<event_id>/event.toml`` and its other files, in name order."""
    _check_id(event_id)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            _check_name(name)
            member = zipfile.ZipInfo(f"{event_id}/{name}", date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            archive.writestr(member, files[name])
    return out.getvalue()


def files_in_folder(folder: Path) -> tuple[dict[str, bytes], list[Problem]]:
    """An event folder's own files by name, each within the loader's limits, and the ones refused."""
    files, problems = {}, []
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name in EVENT_FILES:
            content, problem = read_file(path)
            if problem is None:
                files[path.name] = content
            else:
                problems.append(problem)
    return files, problems


def save_event(root: Path, event_id: str, files: Mapping[str, bytes], *, replace: bool = False) -> Path:
    """Write the event's files into ``root/<event_id>/``; returns the folder.

    A folder that exists is written over only with ``replace``, and then only the event's own
    files: each is replaced whole (written aside, then renamed over), one the event no longer has
    is removed, and anything else in the folder is left alone. Raises EventExistsError when the
    folder exists and ``replace`` is not given.
    """
    _check_id(event_id)
    for name in files:
        _check_name(name)
    folder = root / event_id
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        msg = f"{folder} is not a folder Diplomap made; move it away first"
        raise EventExistsError(msg)
    try:
        folder.mkdir(parents=False, exist_ok=replace)
    except FileExistsError:
        msg = f"an event folder {event_id!r} already exists in {root}"
        raise EventExistsError(msg) from None
    # event.toml last: a reader listing events meanwhile finds the folder complete or not at all.
    for name in sorted(files, key=lambda n: n == META_FILE):
        write_whole(folder / name, files[name])
    for name in EVENT_FILES:
        if name not in files and (folder / name).is_file():
            (folder / name).unlink()
    return folder


def write_whole(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: a temporary file beside it, then one rename."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _check_id(event_id: str) -> None:
    """The folder's name is the event's id: a slug, so it cannot name a path elsewhere."""
    if not SLUG.fullmatch(event_id):
        msg = f"event id {event_id!r} must be a slug (lowercase letters, digits and hyphens) to name a folder"
        raise ValueError(msg)


def _check_name(name: str) -> None:
    if name not in EVENT_FILES:
        msg = f"{name!r} is not one of an event's files ({', '.join(EVENT_FILES)})"
        raise ValueError(msg)
