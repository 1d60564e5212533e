#!/usr/bin/env bash
# Install what the app needs on a fresh machine with Python 3.11, then start it on the bundled event.
# Usage: bash scripts/run.sh [streamlit args]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
make_venv
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -r requirements.txt
exec .venv/bin/streamlit run app.py "$@"
