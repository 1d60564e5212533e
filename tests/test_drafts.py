"""Drafts kept on disk: a draft comes back as it was saved, a file that is not one reads as
none, ids name no other path, and the folder stays bounded."""

from __future__ import annotations

import os
import time

import pytest

from geo.io import drafts
from geo.io.sheets import COLUMNS, META_KEYS, Draft
from tests.test_hostile import PAYLOADS

ID = "0123456789abcdef0123456789abcdef"


def hostile_draft() -> Draft:
    text = "".join(PAYLOADS.values()) + "\ud800"  # a lone surrogate, as a browser may send one
    return Draft(
        meta=dict.fromkeys(META_KEYS, text),
        tables={
            name: ({c: text for c in columns}, dict.fromkeys(columns, ""))
            for name, columns in COLUMNS.items()
        },
        story=text,
        origin=text,
    )


def test_a_draft_comes_back_as_it_was_kept(tmp_path):
    draft = hostile_draft()
    drafts.save_draft(tmp_path, ID, draft)
    assert drafts.load_draft(tmp_path, ID) == draft


def test_a_new_id_is_random_and_a_draft_id():
    first, second = drafts.new_draft_id(), drafts.new_draft_id()
    assert first != second
    assert drafts.is_draft_id(first)


@pytest.mark.parametrize("draft_id", ["../../etc/passwd", ID.upper(), ID + "0", ID[:-1] + "\n", ""])
def test_an_id_that_is_not_one_names_no_file(tmp_path, draft_id):
    assert drafts.load_draft(tmp_path, draft_id) is None
    with pytest.raises(ValueError, match="not a draft id"):
        drafts.save_draft(tmp_path, draft_id, Draft())
    drafts.delete_draft(tmp_path, draft_id)  # nothing to remove, nothing raised


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"format": 2}',
        "[]",
        '{"format": 1, "origin": "", "meta": {}, "tables": {}, "story": ""}',
        drafts.json_from_draft(Draft()).replace('"id": ""', '"id": 5'),
        drafts.json_from_draft(Draft()).replace('"story": ""', '"story": null'),
    ],
)
def test_a_file_that_holds_no_draft_reads_as_none(tmp_path, text):
    (tmp_path / f"{ID}.json").write_text(text)
    assert drafts.load_draft(tmp_path, ID) is None


def test_a_draft_too_big_to_keep_is_refused_and_the_kept_one_stays(tmp_path, monkeypatch):
    drafts.save_draft(tmp_path, ID, Draft())
    monkeypatch.setattr(drafts, "MAX_DRAFT_BYTES", 2000)
    big = Draft(tables={**Draft().tables, "people.csv": ({c: "x" * 500 for c in COLUMNS["people.csv"]},)})
    with pytest.raises(drafts.DraftTooBig, match="2,000"):
        drafts.save_draft(tmp_path, ID, big)
    assert drafts.load_draft(tmp_path, ID) == Draft()


def test_a_deleted_draft_is_gone(tmp_path):
    drafts.save_draft(tmp_path, ID, Draft())
    drafts.delete_draft(tmp_path, ID)
    assert drafts.load_draft(tmp_path, ID) is None


def test_old_drafts_and_drafts_past_the_most_kept_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(drafts, "MAX_DRAFTS", 3)
    now = time.time()
    ids = [f"{i:032x}" for i in range(6)]
    for age, draft_id in enumerate(ids):
        path = tmp_path / f"{draft_id}.json"
        path.write_text(drafts.json_from_draft(Draft()))
        written = now - age * 3600 - (40 * 86_400 if draft_id == ids[1] else 0)
        os.utime(path, (written, written))
    removed = drafts.prune_drafts(tmp_path, keep=ids[5], now=now)
    assert sorted(removed) == sorted([ids[1], ids[4]])
    assert sorted(p.stem for p in tmp_path.glob("*.json")) == sorted([ids[0], ids[2], ids[3], ids[5]])
