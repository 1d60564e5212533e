"""Command line: ``python -m geo export --event beijing-parade-2025 --out map.html``."""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import difflib
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import xyzservices

from geo.base import registry, settings
from geo.base.errors import DataError, DiplomapError, Problem, errors_only
from geo.draft import draft_files, to_confirm
from geo.io import uploads
from geo.io.events import EVENT_FILES, Event, list_events, load_event, read_file
from geo.model import markdown, text, trips, twin
from geo.model import scene as scenes
from geo.model.trade import trade_years
from geo.model.view import Scene, View
from geo.static import draw
from geo.web import atlas, export, maps

EXIT_OK, EXIT_PROBLEMS, EXIT_FAILED = 0, 1, 2
TRADE_HELP = (
    "a file of trade flows added to the event (CSV, gzipped CSV or Parquet, of any size): "
    "trade.csv's format, or a UN Comtrade+ download (recognised by its header)"
)
DEFAULTS = f"all but {', '.join(k for k in registry.EXPORT_LAYERS if k not in registry.DEFAULT_LAYERS)}, which a story's chapters turn on"
"""What --layers draws when not given: the default layers, and on a page with a story, the layers
its chapters name (geo.model.story.with_story_layers)."""


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
    check.add_argument("--trade", type=Path, default=None, help=TRADE_HELP)
    check.set_defaults(run=_check)
    _add_draft(verbs)
    _add_export(verbs)
    return parser


def _add_draft(verbs) -> None:
    drafter = verbs.add_parser(
        "draft", help="draft an event folder from a news article, every row citing it, for checking"
    )
    drafter.add_argument(
        "article", type=Path, help="the article as a text file (HTML and Markdown are read too)"
    )
    drafter.add_argument("--url", required=True, help="the article's address: every row cites it")
    drafter.add_argument("--out", type=Path, required=True, help="the event folder to write: data/events/ID")
    drafter.add_argument(
        "--date",
        type=_day,
        default=None,
        help="the article's date, YYYY-MM-DD, when the text has no dateline",
    )
    drafter.add_argument("--force", action="store_true", help="overwrite the files of an existing folder")
    drafter.set_defaults(run=_draft, event=None)


def _add_export(verbs) -> None:
    exporter = verbs.add_parser(
        "export", help="write the event's map: one self-contained HTML page, or an image (.png, .svg, .pdf)"
    )
    which = exporter.add_mutually_exclusive_group(required=True)
    which.add_argument("--event", help="event id (a folder name under data/events/), or a zip of its folder")
    which.add_argument(
        "--person",
        help="a person's id (kim-jong-un): every trip of theirs across the events, on one HTML map",
    )
    exporter.add_argument(
        "--out",
        type=Path,
        required=True,
        help="the file to write: .html, an image (.png, .svg or .pdf), or the story as text (.md)",
    )
    exporter.add_argument("--root", type=Path, default=None, help="folder holding event folders")
    exporter.add_argument("--trade", type=Path, default=None, help=TRADE_HELP)
    exporter.add_argument("--year", type=int, default=None, help="trade year (default: the event's)")
    exporter.add_argument(
        "--layers",
        default=",".join(registry.DEFAULT_LAYERS),
        help=f"comma-separated, from: {', '.join(registry.EXPORT_LAYERS)} (default: {DEFAULTS})",
    )
    exporter.add_argument("--title", default=None, help="title shown on the map (default: the event's)")
    exporter.add_argument("--min-value", type=float, default=0.0, help="hide trade flows below this many USD")
    exporter.add_argument("--top", type=int, default=None, help="draw only the N largest trade flows")
    exporter.add_argument(
        "--tiles", default=None, help="an online tile layer (e.g. OpenStreetMap); off by default"
    )
    exporter.add_argument("--chapter", type=int, default=None, help="image: chapter N's view and layers")
    exporter.add_argument("--chapters", action="store_true", help="images: one per chapter, OUT-chapter-N")
    exporter.add_argument(
        "--size",
        default=None,
        help="image: social (1200x675 px, default), print (A4 landscape, 300 dpi), WxH px",
    )
    exporter.set_defaults(run=_export)


LISTED_PEOPLE = 6
"""People named per event by ``list``; the rest are counted."""


def _list(args: argparse.Namespace) -> int:
    """Each event: its id, days and title, then who took part (the travellers first)."""
    for event_id in list_events():
        try:
            event = load_event(event_id)
        except DataError as exc:
            print(
                f"{event_id}\n    cannot be loaded: {len(exc.problems)} problem(s); see python -m geo check"
            )
            continue
        meta = event.meta
        print(f"{event_id}  {text.day_span(meta.start, meta.end)}  {meta.title}")
        people = sorted(event.people, key=lambda p: (not event.legs_of(p.id), p.role != "host"))
        names = [p.name for p in people[:LISTED_PEOPLE]]
        more = f" and {len(people) - LISTED_PEOPLE} more" if len(people) > LISTED_PEOPLE else ""
        shape = f"tour of {', '.join(meta.hosts)}" if meta.shape == "tour" else f"summit in {meta.host}"
        print(f"    {shape}; people: {', '.join(names)}{more}")
    return EXIT_OK


def _report(label: str, problems: Sequence[Problem], consequence: str) -> None:
    """Every problem, one a line, the same whether the event loaded in part or not at all;
    then the warnings, which refuse nothing."""
    errors = errors_only(problems)
    warnings = [p for p in problems if p.is_warning]
    if errors:
        print(f"error: {label}: {len(errors)} problem(s); {consequence}:", file=sys.stderr)
        for problem in errors:
            print(f"  - {problem}", file=sys.stderr)
    if warnings:
        print(f"{label}: {len(warnings)} warning(s); nothing is left out for them:", file=sys.stderr)
        for problem in warnings:
            print(f"  - {problem}", file=sys.stderr)


def _load(args: argparse.Namespace) -> Event:
    """An event by id under --root, or from a zip of its folder given as a path; with --trade,
    the file's flows added (our format or Comtrade's, told apart by the header)."""
    path = Path(args.event)
    if path.suffix.lower() == ".zip" and path.is_file():
        with path.open("rb") as f:
            data = f.read(uploads.MAX_ZIP_BYTES + 1)
        event = uploads.event_from_zip(data, name=path.name)
    else:
        event = load_event(args.event, root=args.root)
    trade = getattr(args, "trade", None)
    if trade is None:
        return event
    if not trade.is_file():
        raise DiplomapError(f"--trade {trade}: no such file")
    # Read as it goes, whatever its size: a Comtrade bulk file runs to hundreds of MB.
    return uploads.add_trade(event, uploads.trade_from_upload(trade.name, trade))


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date, YYYY-MM-DD (got {value!r})") from None


def _draft(args: argparse.Namespace) -> int:
    """Write the draft's files into --out, refusing to overwrite an event's files unless told."""
    if not args.article.is_file():
        raise DiplomapError(f"{args.article}: no such file")
    content, problem = read_file(args.article)
    if problem is not None:
        raise DiplomapError(f"{args.article}: {problem.reason}")
    text = content.decode("utf-8-sig", errors="replace")
    files = draft_files(text, url=args.url, dateline=args.date, event_id=args.out.name)
    existing = [name for name in files if (args.out / name).exists()]
    if existing and not args.force:
        raise DiplomapError(f"{args.out} already holds {', '.join(existing)}; give --force to overwrite them")
    args.out.mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        (args.out / name).write_text(body, encoding="utf-8")
    rows = {name: max(body.count("\n") - 1, 0) for name, body in files.items() if name.endswith(".csv")}
    counted = ", ".join(f"{n} {name.removesuffix('.csv')}" for name, n in rows.items())
    print(
        f"wrote {args.out} ({counted}); check it: python -m geo check --root {args.out.parent} --event {args.out.name}"
    )
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    event = _load(args)
    if event.meta.draft:
        event = dataclasses.replace(event, problems=(*event.problems, *to_confirm(_folder_files(args))))
    _report(event.id, event.problems, "those rows are left out")
    if not errors_only(event.problems):
        warned = sum(p.is_warning for p in event.problems)
        print(
            f"{event.id}: ok ({len(event.people)} people, {len(event.legs)} legs, {len(event.trade)} trade rows"
            + (f"; {warned} warning(s))" if warned else ")")
        )
    return EXIT_PROBLEMS if errors_only(event.problems) else EXIT_OK


def _folder_files(args: argparse.Namespace) -> dict[str, bytes]:
    """The CSVs of an event's folder (none for a zip), for the draft's notes to confirm."""
    folder = (args.root or settings.EVENTS_DIR) / args.event
    files = {}
    for name in EVENT_FILES:
        if name.endswith(".csv") and (folder / name).is_file():
            content, problem = read_file(folder / name)
            if problem is None:
                files[name] = content
    return files


def _export(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.person is not None:
        return _export_person(args, started)
    chosen = [name.strip() for name in args.layers.split(",") if name.strip()]
    refusal = _refuse_options(args, chosen)
    if refusal is None:
        event = _load(args)
        refusal = _refuse_year(args.year, event)
    if refusal is None:
        refusal = draw.refuse(
            args.out, Scene(event), chapter=args.chapter, chapters=args.chapters, size=args.size
        )
    if refusal is not None:
        print(f"error: {refusal}", file=sys.stderr)
        return EXIT_FAILED
    _report(event.id, event.problems, "those rows are left out of the map")
    view = View(
        layers=tuple(chosen),
        year=args.year,
        title=args.title,
        min_value=args.min_value,
        top=args.top,
        tiles=args.tiles,
        chapter=args.chapter,
    )
    scene = Scene(event, view)
    if scene.shown("trade") and scene.flows_left_out:
        print(f"note: {text.flows_left_out(scene.flows, scene.flows_left_out)}", file=sys.stderr)
    if draw.is_image(args.out):
        return _export_images(scene, args, started)
    if args.out.suffix.lower() == ".md":
        return _export_text(scene, args.out, started)
    fmap = maps.build_map(scene)
    size = export.save_html(fmap, args.out)
    seconds = time.perf_counter() - started
    print(f"wrote {args.out} ({size / 1e6:.2f} MB, {size:,} bytes) in {seconds:.1f} s")
    return EXIT_PROBLEMS if errors_only(event.problems) else EXIT_OK


def _export_text(scene: Scene, path: Path, started: float) -> int:
    """The map's story as Markdown (geo.model.twin): the text the exported page carries under its map."""
    written = markdown.markdown(twin.twin_of(scene, scenes.scene_of(scene)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(written, encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    size, seconds = path.stat().st_size, time.perf_counter() - started
    print(f"wrote {path} ({size:,} bytes of Markdown) in {seconds:.1f} s")
    return EXIT_PROBLEMS if errors_only(scene.event.problems) else EXIT_OK


def _export_images(scene: Scene, args: argparse.Namespace, started: float) -> int:
    """The map drawn as images by geo.static.draw (no browser); characters the font lacks are warned of."""
    for path, size, warnings in draw.write(scene, args.out, chapters=args.chapters, size=args.size):
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr)
        seconds = time.perf_counter() - started
        print(f"wrote {path} ({size / 1e6:.2f} MB, {size:,} bytes) in {seconds:.1f} s")
    return EXIT_PROBLEMS if errors_only(scene.event.problems) else EXIT_OK


def _export_person(args: argparse.Namespace, started: float) -> int:
    """A person's map from every event under --root: the events that cannot be loaded are
    named and left out; one with refused rows still gives the rows that passed."""
    if draw.is_image(args.out):
        print("error: a person's map is written as HTML; give --out a .html name", file=sys.stderr)
        return EXIT_FAILED
    events, problems = [], 0
    for event_id in list_events(args.root):
        try:
            event = load_event(event_id, root=args.root)
        except DataError as exc:
            _report(event_id, exc.problems, "the event cannot be used, so its trip is left out")
            problems += 1
            continue
        problems += bool(errors_only(event.problems))
        events.append(event)
    try:
        fmap = atlas.build_atlas(args.person, events)
    except atlas.NoTrips as exc:
        known = ", ".join(t.id for t in trips.travellers(events, at_least=1)[:10])
        print(f"error: {exc}; people who travel: {known}", file=sys.stderr)
        return EXIT_FAILED
    size = export.save_html(fmap, args.out)
    count = len(trips.trips_of(args.person, events))
    seconds = time.perf_counter() - started
    print(f"wrote {args.out} ({size / 1e6:.2f} MB, {size:,} bytes): {count} trips, in {seconds:.1f} s")
    if problems:
        print(
            f"{problems} event(s) have problems: check each with python -m geo check --event ID",
            file=sys.stderr,
        )
    return EXIT_PROBLEMS if problems else EXIT_OK


def _refuse_options(args: argparse.Namespace, chosen: list[str]) -> str | None:
    """Why the options cannot be honoured as given, and what would work; None when they can.

    Checked before the event loads, so a typo costs nothing and never ends in a traceback or in
    a map quietly missing what was asked for.
    """
    known = ", ".join(registry.EXPORT_LAYERS)
    unknown = [name for name in chosen if name not in registry.EXPORT_LAYERS]
    if unknown:
        return f"unknown layer(s) {', '.join(unknown)}; known: {known}"
    if not chosen:
        return (
            f"--layers names no layer, so the map would be empty; choose from: {known} (default: {DEFAULTS})"
        )
    if args.top is not None and args.top < 1:
        return f"--top must be 1 or more (got {args.top}); leave it out to draw every trade flow"
    if args.min_value < 0:
        return f"--min-value cannot be negative (got {args.min_value:g}); 0 keeps every trade flow"
    if args.tiles is not None:
        return _refuse_tiles(args.tiles)
    return None


def _refuse_tiles(tiles: str) -> str | None:
    """folium knows tile sets by xyzservices' names; anything else needs an attribution the
    command line has no option for, and folium would end in a traceback."""
    # folium's own alias: its default tile set goes by this bare name.
    query = "OpenStreetMap Mapnik" if tiles.lower() == "openstreetmap" else tiles
    try:
        provider = xyzservices.providers.query_name(query)
    except ValueError:
        names = [n for n, p in xyzservices.providers.flatten().items() if not p.requires_token()]
        close = difflib.get_close_matches(tiles, names, n=3, cutoff=0.6)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        return (
            f"unknown tile set {tiles!r}; {hint}use an xyzservices name such as OpenStreetMap or OpenTopoMap"
        )
    if provider.requires_token():
        return f"tile set {provider.name} needs an API key the command line cannot pass; try OpenStreetMap"
    return None


def _refuse_year(year: int | None, event: Event) -> str | None:
    """A year with no trade figure would draw an empty "trade year 1999" map and exit 0."""
    if year is None:
        return None
    years = trade_years(event.trade)
    if year in years:
        return None
    if not years:
        return f"no trade figures for {year}; {event.id} has no trade figures, so leave --year out"
    return f"no trade figures for {year}; years with figures: {_years(years)}"


def _years(years: list[int]) -> str:
    """A run of years as first and last joined by an en dash, any other set listed."""
    if years == list(range(years[0], years[-1] + 1)) and len(years) > 1:
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years)
