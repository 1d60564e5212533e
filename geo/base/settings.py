"""Typed constants, read at call time and never mutated (a Streamlit server shares them)."""

from __future__ import annotations

from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[2]
DATA_DIR: Final = ROOT / "data"
EVENTS_DIR: Final = DATA_DIR / "events"
COUNTRIES_FILE: Final = DATA_DIR / "countries.geojson"

MAX_INPUT_BYTES: Final = 5_000_000
"""Largest CSV or TOML file an event may hold; bigger files are refused, not truncated."""
MAX_TRADE_UPLOAD_BYTES: Final = 200 * 1024 * 1024
"""Largest trade file uploaded in the app: an upload is held in the server's memory while it is
read, and 200 MB (MiB, as Streamlit counts) is its own limit of an upload (server.maxUploadSize). A trade file on
disk (trade.csv, --trade FILE) is read a block at a time at any size (geo.io.stream), and a
gzipped file (Comtrade serves its bulk files so, about a tenth of their size) is read unzipping."""
MAX_TRADE_ROWS: Final = 1_200_000
"""Most flows and refused rows one trade file may keep: each costs a few hundred bytes kept, so
this bounds the memory a file takes whatever its size. Rows summed into one flow (the chapters
of a Comtrade bulk file) cost nothing kept, so a file of ten million such rows is read."""
MAX_DRAWN_FLOWS: Final = 10_000
"""Most trade arrows one map draws when no --top is given: a trade file may hold a million
flows, and 10,000 arrows already make a 7.8 MB page that takes seconds to draw (benchmarks).
The largest are drawn, and the map's maker is told how many were left out."""
MAX_ROWS: Final = 5_000
"""Most rows a CSV may hold (the bundled event's largest has 73). Drawing costs milliseconds a
leg, so a file of 40,000 legs within MAX_INPUT_BYTES would hold a server for minutes."""

ARC_POINTS: Final = 64
"""Points per great-circle arc: smooth at world zoom, small in the HTML."""

COORD_DECIMALS: Final = 3
"""Decimals kept for drawn coordinates (about 100 m)."""
CAPITALS_FILE: Final = DATA_DIR / "capitals.csv"

CRS: Final = "EPSG:4326"
"""Every frame's coordinate reference: longitude and latitude on WGS84."""
ADMIN1_FILE: Final = DATA_DIR / "admin1.csv"
"""GeoNames' first-level region names by country and code (scripts/build_admin1.py)."""
DRAFTS_DIR: Final = ROOT / "drafts"
"""Where the app keeps the events being written (gitignored), one file a draft, named in its link."""
