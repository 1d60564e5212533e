"""How long a big trade file takes to check, and the memory it takes: the figures of issue 12's point 3.

    .venv/bin/python benchmarks/trade_file.py            # 1,000,000 rows, about 100 MB
    .venv/bin/python benchmarks/trade_file.py --rows 20000

Run in a fresh process, so the peak RSS is the check's (imports included). Goals are reported by
benchmarks/run.py, never asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HEADER = "exporter,importer,flow,year,period,value_usd,series,value_status,alternatives,source_url,quote\n"
CODES = ("CHN", "PRK", "RUS", "USA", "IND", "FRA", "DEU", "JPN", "KOR", "VNM", "IRN", "BRA", "ZAF", "EGY")
URL = "https://stats.example.org/trade/table-7"
BAD = (
    ("exporter", "Viet Nam"),
    ("year", "24"),
    ("value_usd", '"1,700"'),
    ("value_status", "sure"),
    ("source_url", "javascript:alert(1)"),
)
"""What a sprinkled bad row gets wrong: a column and the value written there."""


def trade_csv(rows: int, *, bad_every: int = 0, seed: int = 12) -> bytes:
    """A trade file of ``rows`` flows; with ``bad_every``, every Nth row carries one bad value."""
    rng = random.Random(seed)
    columns = HEADER.strip().split(",")
    lines = [HEADER]
    for n in range(rows):
        exporter, importer = rng.sample(CODES, 2)
        cells = [exporter, importer, "exports", str(rng.randint(1995, 2024)), "", f"{rng.randint(1, 10**10)}"]
        cells += ["UN Comtrade (reported)", "exact", "", URL, ""]
        if bad_every and n % bad_every == bad_every - 1:
            column, value = BAD[(n // bad_every) % len(BAD)]
            cells[columns.index(column)] = value
        lines.append(",".join(cells) + "\n")
    return "".join(lines).encode()


def write_trade_csv(path: Path, rows: int) -> None:
    """The file written in pieces, so making it does not count in the check's peak memory."""
    with path.open("wb") as out:
        for start in range(0, rows, 100_000):
            piece = trade_csv(min(100_000, rows - start), seed=start)
            out.write(piece if start == 0 else piece[len(HEADER) :])


def measure(rows: int) -> tuple[dict[str, float], dict[str, float]]:
    """Write the file, then check it in a fresh process, and read it with pandas alone in
    another (the baseline: what reading the file costs before any check); each peak RSS is
    its own process's."""
    import subprocess
    import tempfile

    found = []
    with tempfile.TemporaryDirectory(prefix="diplomap-trade-") as tmp:
        path = Path(tmp) / "trade.csv"
        write_trade_csv(path, rows)
        for how in ("ours", "pandas"):
            args = [sys.executable, __file__, "--check", str(path), "--how", how]
            found.append(json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout))
    return found[0], found[1]


def check(path: Path, how: str = "ours") -> dict[str, float]:
    import pandas as pd

    from benchmarks.rss import peak_rss_mb
    from geo.io.tradefile import read_trade

    data = path.read_bytes()
    rows = data.count(b"\n") - 1

    started = time.perf_counter()
    if how == "pandas":
        table = None
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    else:
        table = read_trade("trade.csv", data)
    seconds = time.perf_counter() - started
    peak = peak_rss_mb()
    return {
        "rows": rows,
        "megabytes": len(data) / 1e6,
        "seconds": seconds,
        "peak_rss_mb": peak,
        "flows": len(table.entries) if table else len(frame),
        "problems": len(table.problems) if table else 0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--check", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--how", choices=("ours", "pandas"), default="ours", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    print(json.dumps(check(args.check, args.how) if args.check else measure(args.rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
