#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine (Chromium, node), then run the whole suite.
# Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh

if [ ! -x /usr/bin/chromium ]; then
    # The browser tests drive Debian's Chromium; Playwright's own download does not work here.
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! command -v node >/dev/null; then
    # tests/test_scripts_js.py parses geo/web/js with node --check and runs the label rule in it.
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null
fi
make_venv
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -r requirements.txt -r requirements-dev.txt
exec .venv/bin/python -m pytest "$@"
