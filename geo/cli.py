"""Command line: ``python -m geo export --event beijing-parade-2025 --out map.html``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from geo import export, maps, registry, uploads
from geo.errors import DataError, DiplomapError, Problem
from geo.events import Event, list_events, load_event
from geo.view import Scene, View

EXIT_OK, EXIT_PROBLEMS, EXIT_FAILED = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except DataError as exc:
        _report(args.event, exc.problems, "the event cannot be used, so nothing was written")
        return EXIT_FAILED
    except DiplomapError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Diplomap: diplomatic events as maps.")
    verbs = parser.add_subparsers(required=True, metavar="command")

    listing = verbs.add_parser("list", help="list the events under data/events/")
    listing.set_defaults(run=_list, event=None)

    check = verbs.add_parser("check", help="validate an event and report every problem")
    check.add_argument("--event", required=True, help="event id, or the path of a zip of its folder")
    check.add_argument("--root", type=Path, default=None, help="folder holding event folders")
    check.set_defaults(run=_check)

    exporter = verbs.add_parser("export", help="write the event's map as one self-contained HTML file")
    exporter.add_argument(
        "--event", required=True, help="event id (a folder name under data/events/), or a zip of its folder"
    )
    exporter.add_argument("--out", type=Path, required=True, help="the HTML file to write")
    exporter.add_argument("--root", type=Path, default=None, help="folder holding event folders")
    exporter.add_argument("--year", type=int, default=None, help="trade year (default: the event's)")
    exporter.add_argument(
        "--layers",
        default=",".join(registry.DEFAULT_LAYERS),
        help=f"comma-separated, from: {', '.join(registry.EXPORT_LAYERS)} (default: all)",
    )
    exporter.add_argument("--title", default=None, help="title shown on the map (default: the event's)")
    exporter.add_argument("--min-value", type=float, default=0.0, help="hide trade flows below this many USD")
    exporter.add_argument("--top", type=int, default=None, help="draw only the N largest trade flows")
    exporter.add_argument(
        "--tiles", default=None, help="an online tile layer (e.g. OpenStreetMap); off by default"
    )
    exporter.set_defaults(run=_export)
    return parser


def _list(args: argparse.Namespace) -> int:
    for event_id in list_events():
        print(event_id)
    return EXIT_OK


def _report(label: str, problems: Sequence[Problem], consequence: str) -> None:
    """Every problem, one a line, the same whether the event loaded in part or not at all."""
    if problems:
        print(f"error: {label}: {len(problems)} problem(s); {consequence}:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)


def _load(args: argparse.Namespace) -> Event:
    """An event by id under --root, or from a zip of its folder given as a path."""
    path = Path(args.event)
    if path.suffix.lower() == ".zip" and path.is_file():
        with path.open("rb") as f:
            data = f.read(uploads.MAX_ZIP_BYTES + 1)
        return uploads.event_from_zip(data, name=path.name)
    return load_event(args.event, root=args.root)


def _check(args: argparse.Namespace) -> int:
    event = _load(args)
    _report(event.id, event.problems, "those rows are left out")
    if not event.problems:
        print(
            f"{event.id}: ok ({len(event.people)} people, {len(event.legs)} legs, {len(event.trade)} trade rows)"
        )
    return EXIT_PROBLEMS if event.problems else EXIT_OK


def _export(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    chosen = [name.strip() for name in args.layers.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in registry.EXPORT_LAYERS]
    if unknown:
        print(
            f"error: unknown layer(s) {', '.join(unknown)}; known: {', '.join(registry.EXPORT_LAYERS)}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    event = _load(args)
    _report(event.id, event.problems, "those rows are left out of the map")
    view = View(
        layers=tuple(chosen),
        year=args.year,
        title=args.title,
        min_value=args.min_value,
        top=args.top,
        tiles=args.tiles,
    )
    fmap = maps.build_map(Scene(event, view))
    size = export.save_html(fmap, args.out)
    seconds = time.perf_counter() - started
    print(f"wrote {args.out} ({size / 1e6:.2f} MB, {size:,} bytes) in {seconds:.1f} s")
    return EXIT_PROBLEMS if event.problems else EXIT_OK
