"""Runs a script of tests/js in node, handing it JSON on stdin and reading JSON back: how the
tests run geo/web/js's rules on the same cases as their Python twins."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

NODE = shutil.which("node") or "/usr/bin/node"


def run(runner: str, payload: object) -> object:
    """``runner``: a file of tests/js (label_rule.js, say)."""
    done = subprocess.run(
        [NODE, str(Path(__file__).parent / "js" / runner)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)
