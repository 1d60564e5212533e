"""Drafts kept on disk, so an event being written survives a reload: one JSON file a draft, named
by a random id that only its link carries.

The folder is bounded: a draft may take MAX_DRAFT_BYTES, the folder holds MAX_DRAFTS (the least
recently written go first) and a draft untouched for KEEP_DAYS is removed. A file that is not a
draft this module wrote (edited by hand, cut short, another format) reads as no draft, never as
an error, and is left for pruning.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from pathlib import Path
from typing import Final

from geo.io.folders import write_whole
from geo.io.sheets import COLUMNS, META_KEYS, Draft

FORMAT: Final = 1
DRAFT_ID: Final = re.compile(r"[0-9a-f]{32}")
"""128 random bits in hex: a link cannot be guessed, and names no other path."""
MAX_DRAFT_BYTES: Final = 5_000_000
"""As much as one file of an event may hold; a bigger draft stays in the browser tab only."""
MAX_DRAFTS: Final = 200
KEEP_DAYS: Final = 30
SUFFIX: Final = ".json"


class DraftTooBig(ValueError):
    """The draft is larger than a kept draft may be."""


def new_draft_id() -> str:
    return secrets.token_hex(16)


def is_draft_id(text: str) -> bool:
    return DRAFT_ID.fullmatch(text) is not None


def json_from_draft(draft: Draft) -> str:
    document = {
        "format": FORMAT,
        "origin": draft.origin,
        "meta": dict(draft.meta),
        "tables": {name: list(rows) for name, rows in draft.tables.items()},
        "story": draft.story,
    }
    # ASCII: a lone surrogate a browser may send is kept as its escape, and reads back the same.
    return json.dumps(document, ensure_ascii=True, indent=0)


def draft_from_json(text: str) -> Draft | None:
    """The draft a file holds, or None when it holds none this module wrote."""
    try:
        document = json.loads(text)
    except ValueError:
        return None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return None
    meta, tables = document.get("meta"), document.get("tables")
    if not _strings(meta, META_KEYS) or not isinstance(tables, dict) or set(tables) != set(COLUMNS):
        return None
    if not all(
        isinstance(rows, list) and all(_strings(r, COLUMNS[n]) for r in rows) for n, rows in tables.items()
    ):
        return None
    story, origin = document.get("story"), document.get("origin")
    if not isinstance(story, str) or not isinstance(origin, str):
        return None
    return Draft(
        meta={k: meta[k] for k in META_KEYS},
        tables={name: tuple({c: r[c] for c in COLUMNS[name]} for r in rows) for name, rows in tables.items()},
        story=story,
        origin=origin,
    )


def _strings(record: object, keys: tuple[str, ...]) -> bool:
    """A record with exactly these keys, each holding text."""
    return (
        isinstance(record, dict)
        and set(record) == set(keys)
        and all(isinstance(v, str) for v in record.values())
    )


def save_draft(folder: Path, draft_id: str, draft: Draft) -> None:
    """Write the draft (whole: a reader never finds half of one), then prune the folder.
    Raises DraftTooBig past MAX_DRAFT_BYTES, with the draft left as it was on disk."""
    path = _path(folder, draft_id)
    data = json_from_draft(draft).encode("ascii")
    if len(data) > MAX_DRAFT_BYTES:
        msg = f"the draft is {len(data):,} bytes; a kept draft may take {MAX_DRAFT_BYTES:,}"
        raise DraftTooBig(msg)
    folder.mkdir(parents=True, exist_ok=True)
    write_whole(path, data)
    prune_drafts(folder, keep=draft_id)


def load_draft(folder: Path, draft_id: str) -> Draft | None:
    """The kept draft of that id, or None (no such draft, or not one this module wrote)."""
    if not is_draft_id(draft_id):
        return None
    path = _path(folder, draft_id)
    try:
        if path.stat().st_size > MAX_DRAFT_BYTES:
            return None
        text = path.read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return draft_from_json(text)


def delete_draft(folder: Path, draft_id: str) -> None:
    if is_draft_id(draft_id):
        _path(folder, draft_id).unlink(missing_ok=True)


def prune_drafts(folder: Path, *, keep: str = "", now: float | None = None) -> list[str]:
    """Remove drafts untouched for KEEP_DAYS, then the least recently written past MAX_DRAFTS;
    never ``keep``. Returns the ids removed."""
    now = time.time() if now is None else now
    found = []
    for path in folder.glob(f"*{SUFFIX}"):
        try:
            found.append((path.stat().st_mtime, path))
        except OSError:
            continue  # removed meanwhile, by another session's pruning
    found.sort(reverse=True)
    removed = []
    for rank, (written, path) in enumerate(found):
        if path.stem != keep and (rank >= MAX_DRAFTS or now - written > KEEP_DAYS * 86_400):
            path.unlink(missing_ok=True)
            removed.append(path.stem)
    return removed


def _path(folder: Path, draft_id: str) -> Path:
    if not is_draft_id(draft_id):
        msg = f"{draft_id!r} is not a draft id"
        raise ValueError(msg)
    return folder / f"{draft_id}{SUFFIX}"
