"""The README's two scripts on a truly fresh Debian: when `python3 -m venv` fails (no
python3-venv package), both install python3-venv with apt-get (through sudo when not root),
say so, and go on. python3, apt-get, sudo and id are fakes on PATH that record their arguments."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser import ROOT

# Fails like Debian's python3 without python3-venv, leaving a half-made .venv, until the fake
# apt-get has "installed" the package; then makes a .venv whose tools only record their calls.
FAKE_PYTHON3 = """#!/bin/sh
echo "python3 $*" >> "$LOG"
if [ "$1 $2" = "-m venv" ]; then
    mkdir -p "$3/bin"
    if [ ! -e "$STATE/python3-venv" ]; then
        echo "ensurepip is not available" >&2
        exit 1
    fi
    for tool in python streamlit; do
        printf '#!/bin/sh\\necho "%s $*" >> "$LOG"\\n' "$tool" > "$3/bin/$tool"
        chmod +x "$3/bin/$tool"
    done
fi
"""
FAKE_APT_GET = """#!/bin/sh
echo "apt-get $* (DEBIAN_FRONTEND=$DEBIAN_FRONTEND)" >> "$LOG"
case " $* " in *" python3-venv "*) touch "$STATE/python3-venv" ;; esac
"""
FAKE_SUDO = """#!/bin/sh
echo "sudo $*" >> "$LOG"
exec "$@"
"""


def fresh_checkout(tmp_path: Path, *, uid: int, venv_installed: bool) -> tuple[Path, dict[str, str]]:
    repo, fakes, state = tmp_path / "repo", tmp_path / "bin", tmp_path / "state"
    for folder in (repo / "scripts", fakes, state):
        folder.mkdir(parents=True)
    for script in (ROOT / "scripts").glob("*.sh"):
        shutil.copy(script, repo / "scripts" / script.name)
    for requirements in ("requirements.txt", "requirements-dev.txt"):
        (repo / requirements).write_text("")
    fake_id = f'#!/bin/sh\necho "id $*" >> "$LOG"\necho {uid}\n'
    for name, text in [
        ("python3", FAKE_PYTHON3),
        ("apt-get", FAKE_APT_GET),
        ("sudo", FAKE_SUDO),
        ("id", fake_id),
    ]:
        (fakes / name).write_text(text)
        (fakes / name).chmod(0o755)
    if venv_installed:
        (state / "python3-venv").touch()
    env = {"PATH": f"{fakes}:/usr/bin:/bin", "LOG": str(tmp_path / "calls.log"), "STATE": str(state),
           "HOME": os.environ.get("HOME", "/root")}  # fmt: skip
    return repo, env


def run(repo: Path, env: dict[str, str], script: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    done = subprocess.run(
        ["bash", f"scripts/{script}"], cwd=repo, env=env, capture_output=True, text=True, timeout=60
    )
    calls = Path(env["LOG"]).read_text().splitlines()
    return done, [c for c in calls if not c.startswith("id ")]


LAST_CALL = {"run.sh": "streamlit run app.py", "test.sh": "python -m pytest"}
APT_CALLS = [
    "apt-get update -qq (DEBIAN_FRONTEND=)",
    "apt-get install -y -qq python3-venv (DEBIAN_FRONTEND=noninteractive)",
]
SUDO_CALLS = [
    "sudo apt-get update -qq",
    "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv",
]


@pytest.mark.parametrize("script", ["run.sh", "test.sh"])
@pytest.mark.parametrize("uid", [0, 1000])
def test_a_failing_venv_installs_python3_venv_says_so_and_goes_on(tmp_path, script, uid):
    repo, env = fresh_checkout(tmp_path, uid=uid, venv_installed=False)
    done, calls = run(repo, env, script)
    assert done.returncode == 0, done.stderr
    assert "installing python3-venv with apt-get" in done.stderr
    assert [c for c in calls if c.startswith("apt-get") and "chromium" not in c] == APT_CALLS
    assert [c for c in calls if c.startswith("sudo") and "chromium" not in c] == (SUDO_CALLS if uid else [])
    assert calls.count("python3 -m venv .venv") == 2, "tried, then tried again after the install"
    assert calls[-1].startswith(LAST_CALL[script]), calls


@pytest.mark.parametrize("script", ["run.sh", "test.sh"])
def test_a_working_venv_installs_nothing(tmp_path, script):
    repo, env = fresh_checkout(tmp_path, uid=1000, venv_installed=True)
    done, calls = run(repo, env, script)
    assert done.returncode == 0, done.stderr
    assert not [c for c in calls if "python3-venv" in c]
    assert "python3-venv" not in done.stderr
    assert calls[-1].startswith(LAST_CALL[script]), calls
