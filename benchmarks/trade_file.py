"""How long big trade files take, and the memory they take: issue 17's point 2.

    .venv/bin/python benchmarks/trade_file.py                        # both files at full size
    .venv/bin/python benchmarks/trade_file.py --rows 20000 --bulk-rows 50000

Two files, made in a temporary folder and never kept:

- trade.csv's own format, 1,000,000 rows with a source address on every row (about 122 MB),
  validated (geo.io.tradefile.read_trade, read from disk a block at a time);
- a UN Comtrade bulk file for one year at HS 2-digit detail, 1,200,000 rows of the 47 columns
  (about 400 MB, tab-separated, countries by Comtrade's number only, no TOTAL row, World and
  "nes" partners and re-exports among them, as in a real one), drawn on the bundled event with
  ``python -m geo export --trade`` (the whole command, interpreter start included).

Each runs in a fresh process, so the peak RSS is its own (imports included), beside
``pandas.read_csv`` of the same bytes, already in memory, in another. Goals are reported by
benchmarks/run.py, never asserted.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
HEADER = "exporter,importer,flow,year,period,value_usd,series,value_status,alternatives,source_url,quote\n"
CODES = ("CHN", "PRK", "RUS", "USA", "IND", "FRA", "DEU", "JPN", "KOR", "VNM", "IRN", "BRA", "ZAF", "EGY")
BAD = (
    ("exporter", "Viet Nam"),
    ("year", "24"),
    ("value_usd", '"1,700"'),
    ("value_status", "sure"),
    ("source_url", "javascript:alert(1)"),
)
"""What a sprinkled bad row gets wrong: a column and the value written there."""
EVENT, BULK_YEAR = "beijing-parade-2025", 2024
"""The bulk file is for the event's own trade year, so its flows are drawn."""


def trade_csv(rows: int, *, bad_every: int = 0, seed: int = 12) -> bytes:
    """A trade file of ``rows`` flows, each citing the statistics table of its pair and year;
    with ``bad_every``, every Nth row carries one bad value."""
    rng = random.Random(seed)
    columns = HEADER.strip().split(",")
    lines = [HEADER]
    for n in range(rows):
        exporter, importer = rng.sample(CODES, 2)
        year = str(rng.randint(1995, 2024))
        url = (
            f"https://stats.example.org/trade/bilateral/{exporter.lower()}-{importer.lower()}/{year}/table-7"
        )
        cells = [exporter, importer, "exports", year, "", f"{rng.randint(1, 10**10)}"]
        cells += ["UN Comtrade (reported)", "exact", "", url, ""]
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


def write_bulk(path: Path, rows: int, *, seed: int = 17) -> None:
    """A Comtrade bulk file of ``rows`` rows: each reporter reports to about a hundred partners
    (the World among them) in a few dozen chapters each; one reporter in twenty also reports
    re-exports and re-imports. Values are random: the file's shape is real, not its figures."""
    from geo.io.comtrade import COLUMNS
    from geo.io.comtrade_codes import load_areas
    from geo.ref.countries import iso3_codes

    rng = random.Random(seed)
    areas = load_areas()
    countries = sorted((c for c, a in areas.items() if a.iso3 in iso3_codes()), key=int)
    others = ["0", "490", "899"]  # the World, Other Asia nes, Areas nes: refused, as in a real file
    names = COLUMNS[:47]
    written = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("\t".join(names) + "\n")
        while written < rows:
            for number, reporter in enumerate(countries):
                partners = rng.sample([c for c in countries if c != reporter], 97) + others
                flows = ["X", "M", "RX", "RM"] if number % 20 == 0 else ["X", "M"]
                for partner in partners:
                    for flow in flows:
                        chapters = sorted(rng.sample(range(1, 98), rng.randint(5, 60)))
                        lines = [_bulk_line(areas, reporter, partner, flow, c, rng) for c in chapters]
                        lines = lines[: rows - written]
                        out.write("".join(lines))
                        written += len(lines)
                        if written >= rows:
                            return


def _bulk_line(areas, reporter: str, partner: str, flow: str, chapter: int, rng: random.Random) -> str:
    value, weight = rng.randint(1_000, 10**10), rng.randint(1, 10**9)
    described = {"X": "Export", "M": "Import", "RX": "Re-export", "RM": "Re-import"}[flow]
    cells = [
        "C", "A", f"{BULK_YEAR}0101", str(BULK_YEAR), "52", str(BULK_YEAR), reporter, "",
        areas[reporter].name, flow, described, partner, "", areas[partner].name, "0", "", "World", "H6",
        "HS", "true", f"{chapter:02d}", f"HS 2022 chapter {chapter:02d}: the goods of all headings of the chapter, as the declarant reports them",
        "2", "false", "C00", "TOTAL CPC", "0", "0", "TOTAL MOT", "8", "kg", str(weight), "false", "-1",
        "N/A", "", "false", str(weight), "false", str(weight + 977), "false", str(value), str(value),
        str(value), "0", "true", "false",
    ]  # fmt: skip
    return "\t".join(cells) + "\n"


def measure(rows: int) -> tuple[dict[str, float], dict[str, float]]:
    """trade.csv's format: write the file, then validate it in a fresh process, and read it with
    pandas alone in another (the baseline: what reading the file costs before any check)."""
    return _measure("trade.csv", rows, write_trade_csv, ",")


def measure_bulk(rows: int) -> tuple[dict[str, float], dict[str, float]]:
    """A Comtrade bulk file: write it, then draw it on the event with the command line in a
    fresh process, and read it with pandas alone in another."""
    return _measure("bulk.txt", rows, write_bulk, "\t")


def _measure(name: str, rows: int, write, delimiter: str) -> tuple[dict[str, float], dict[str, float]]:
    found = []
    with tempfile.TemporaryDirectory(prefix="diplomap-trade-") as tmp:
        path = Path(tmp) / name
        write(path, rows)
        size = {"rows": rows, "megabytes": path.stat().st_size / 1e6}
        for how in ("ours", "pandas"):
            args = [sys.executable, __file__, "--check", str(path), "--how", how, "--delimiter", delimiter]
            started = time.perf_counter()
            done = subprocess.run(args, capture_output=True, text=True, check=True, cwd=ROOT)
            result = json.loads(done.stdout.strip().splitlines()[-1])
            found.append({**size, **result, "wall_seconds": time.perf_counter() - started})
    return found[0], found[1]


def check(path: Path, how: str = "ours", delimiter: str = ",") -> dict[str, float]:
    """In this (fresh) process: our reading of the file, or pandas', timed and its peak taken."""
    started = time.perf_counter()
    from benchmarks.rss import peak_rss_mb

    result: dict[str, float] = {}
    if how == "pandas":
        import pandas as pd

        data = path.read_bytes()
        started = time.perf_counter()  # the bytes are in memory: only read_csv is timed
        if delimiter == ",":
            frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        else:
            frame = pd.read_csv(io.BytesIO(data), sep=delimiter)
        result.update(flows=len(frame), problems=0)
    elif delimiter == ",":
        from geo.io.tradefile import read_trade

        started = time.perf_counter()
        table = read_trade(path.name, path)
        result.update(flows=len(table.entries), problems=len(table.problems))
    else:
        result.update(_export(path))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result.update(
        seconds=time.perf_counter() - started,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=peak_rss_mb(),
    )
    return result


def _export(path: Path) -> dict[str, float]:
    """``python -m geo export --trade`` as a user runs it: the bundled event, the bulk file's
    flows added, the largest drawn. Its flows and problems are counted from what it printed."""
    import contextlib

    from geo.cli import main

    out, err = io.StringIO(), io.StringIO()
    html = path.with_suffix(".html")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["export", "--event", EVENT, "--trade", str(path), "--out", str(html)])
    text = err.getvalue()
    listed = sum(1 for line in text.splitlines() if line.startswith("  - "))
    return {
        "exit": code,
        "html_mb": html.stat().st_size / 1e6 if html.exists() else 0.0,
        "problems": listed,
        "note": next((line[6:] for line in text.splitlines() if line.startswith("note: ")), ""),
        "refused": _refused_count(text),
    }


def _refused_count(text: str) -> int:
    """Refused rows, as the report's last line counts them ("every refused row (N in all)")."""
    for line in text.splitlines():
        if "in all)" in line:
            return int(line.split("(")[-1].split(" in all")[0].replace(",", ""))
    return sum(1 for line in text.splitlines() if line.startswith("  - ") and ", row " in line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the file in our format")
    parser.add_argument("--bulk-rows", type=int, default=1_200_000, help="rows of the Comtrade bulk file")
    parser.add_argument("--check", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--how", choices=("ours", "pandas"), default="ours", help=argparse.SUPPRESS)
    parser.add_argument("--delimiter", default=",", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.check:
        print(json.dumps(check(args.check, args.how, args.delimiter)))
        return 0
    print(json.dumps({"ours": measure(args.rows), "bulk": measure_bulk(args.bulk_rows)}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
