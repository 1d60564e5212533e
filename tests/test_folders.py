"""Writing an event folder: a zip the app's upload opens as the same event, and a folder saved
into the events folder, never over an event unless asked, and then only the event's own files."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from geo.base import settings
from geo.base.errors import EventExistsError
from geo.io import folders, uploads
from geo.io.events import load_event
from geo.io.folders import files_in_folder, save_event, zip_from_files
from tests.tiny import FILES

BUNDLED = "beijing-parade-2025"


def tiny_files(**changes: str) -> dict[str, bytes]:
    return {name: text.encode() for name, text in {**FILES, **changes}.items()}


def test_a_zipped_event_opens_through_the_apps_upload_as_the_same_event():
    files, _ = files_in_folder(settings.EVENTS_DIR / BUNDLED)
    data = zip_from_files(BUNDLED, files)
    opened = uploads.event_from_uploads({f"{BUNDLED}.zip": data})
    original = load_event(BUNDLED)
    assert opened.problems == ()
    for part in ("meta", "people", "places", "legs", "trade", "figures", "story"):
        assert getattr(opened, part) == getattr(original, part), part
    assert sorted(zipfile.ZipFile(io.BytesIO(data)).namelist()) == sorted(f"{BUNDLED}/{n}" for n in files)


def test_the_same_files_make_the_same_zip_byte_for_byte():
    assert zip_from_files("tiny", tiny_files()) == zip_from_files(
        "tiny", dict(reversed(tiny_files().items()))
    )


@pytest.mark.parametrize(
    ("event_id", "name"), [("../up", "event.toml"), ("Tiny", "event.toml"), ("tiny", "../x.csv")]
)
def test_a_zip_names_only_a_slug_folder_and_an_events_files(event_id, name):
    with pytest.raises(ValueError, match=r"slug|not one of an event's files"):
        zip_from_files(event_id, {name: b"x"})


def test_a_new_event_is_saved_as_its_folder(tmp_path):
    folder = save_event(tmp_path, "tiny", tiny_files())
    assert folder == tmp_path / "tiny"
    assert load_event("tiny", root=tmp_path).meta.title == "Tiny summit"
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)


def test_an_existing_event_is_never_written_over_unless_asked(tmp_path):
    save_event(tmp_path, "tiny", tiny_files())
    (tmp_path / "tiny" / "notes.md").write_text("mine")
    changed = tiny_files(**{"event.toml": FILES["event.toml"].replace("Tiny summit", "Changed")})
    del changed["figures.csv"]
    with pytest.raises(EventExistsError, match="already exists"):
        save_event(tmp_path, "tiny", changed)
    assert load_event("tiny", root=tmp_path).meta.title == "Tiny summit"
    save_event(tmp_path, "tiny", changed, replace=True)
    assert load_event("tiny", root=tmp_path).meta.title == "Changed"
    left = sorted(p.name for p in (tmp_path / "tiny").iterdir())
    assert left == sorted([*(n for n in FILES if n != "figures.csv"), "notes.md"])


def test_a_link_in_the_events_folder_is_never_written_through(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, tmp_path / "tiny")
    with pytest.raises(EventExistsError, match="not a folder Diplomap made"):
        save_event(tmp_path, "tiny", tiny_files(), replace=True)
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("event_id", ["../tiny", "/tmp/tiny", "tiny\n", ""])
def test_an_id_that_is_no_slug_names_no_folder(tmp_path, event_id):
    with pytest.raises(ValueError, match="slug"):
        save_event(tmp_path, event_id, tiny_files())


def test_a_folder_is_read_for_its_events_files_only_and_within_the_limit(tmp_path, monkeypatch):
    folder = save_event(tmp_path, "tiny", tiny_files())
    (folder / "video.mp4").write_bytes(b"\0" * 100)
    monkeypatch.setattr(settings, "MAX_INPUT_BYTES", 300)
    files, refused = files_in_folder(folder)
    assert "video.mp4" not in files
    assert [p.file for p in refused] == sorted(n for n, t in FILES.items() if len(t.encode()) > 300)
    assert set(files) | {p.file for p in refused} == set(FILES)


def test_a_file_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch):
    save_event(tmp_path, "tiny", tiny_files())

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(folders.os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        save_event(tmp_path, "tiny", tiny_files(**{"people.csv": "id\n"}), replace=True)
    assert (tmp_path / "tiny" / "people.csv").read_text() == FILES["people.csv"]
    assert [p.name for p in (tmp_path / "tiny").iterdir() if p.name.startswith(".")] == []
