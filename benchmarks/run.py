"""Diplomap's benchmarks: one table, every figure measured in this run against a baseline.

    .venv/bin/python benchmarks/run.py                   # everything, about 8 minutes on 2 cores
    .venv/bin/python benchmarks/run.py --quick           # one run each, 1,000 flows only
    .venv/bin/python benchmarks/run.py --out results.md  # also write the table and the machine
    .venv/bin/python benchmarks/run.py --only export,app --flows 10000  # some sections only

Goals are reported, never asserted: a missed goal is a finding, not a failure.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from importlib import metadata
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (benchmarks/run.py): make the repository importable, as pytest does.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import Browser, sync_playwright

from benchmarks import big_folder, builds, crowd, server, trade_file
from benchmarks.browser import LEAFLET_DRAWN, Drawing, draw_page, launch
from benchmarks.table import Goal, Row, format_table, number
from geo.base.settings import ROOT
from geo.web import assets

FLOW_SIZES = (1_000, 10_000)
SECTIONS = ("export", "flows", "app", "upload", "memory", "files", "crowd")
"""What --only chooses from: the default export drawn beside explore(), the flow maps, the app's
visits and reruns, the app with a big upload, peak memory, the big files, twenty readers."""
PAN_STEPS = 8


def export_rows(*, repeat: int) -> tuple[list[Row], dict[str, str]]:
    """Size and build time of the default export against explore(); the pages, for the browser."""
    ours = builds.time_build(builds.export_html, repeat=repeat)
    theirs = builds.time_build(builds.explore_html, repeat=repeat)
    remote = builds.remote_urls(theirs.html)
    scripts = sum(url.split("?")[0].endswith(".js") for url in remote)
    rows = [
        Row(
            "Default export: HTML size",
            ours.megabytes,
            "geopandas explore()",
            theirs.megabytes,
            "MB",
            (Goal(0.6),),
            "ours has Leaflet's JS and CSS inlined; explore() loads its "
            f"{len(remote)} CDN files ({scripts} scripts, {len(remote) - scripts} stylesheets) and tiles on top",
        ),
        Row(
            "Default export: build time, files → HTML",
            ours.seconds,
            "geopandas explore()",
            theirs.seconds,
            "s",
            note=f"median of {len(ours.runs)}, each from cold caches; {_cpu(ours, theirs)}; first run in this process "
            f"{ours.runs[0]:.2f} s vs {theirs.runs[0]:.2f} s (explore() imports matplotlib)",
        ),
        Row("Default export: files fetched from CDNs on opening", 0, "geopandas explore()", len(remote), ""),
        *static_rows(ours, repeat=repeat),
    ]
    return rows, {"export": ours.html, "explore": theirs.html}


def static_rows(html: builds.Timed, *, repeat: int) -> list[Row]:
    """The default view as a PNG at --size social (geo.static.draw, no browser), beside the HTML export
    timed just before in this run."""
    ours = builds.time_build(builds.export_png, repeat=repeat)
    runs, png = ours.runs, ours.html
    return [
        Row(
            "Default view as PNG (--size social): build time, files → PNG",
            ours.seconds,
            "the HTML export, same run",
            html.seconds,
            "s",
            (Goal(3.0),),
            f"median of {len(runs)}, each from cold caches; CPU {ours.cpu_seconds:.2f} s vs "
            f"{html.cpu_seconds:.2f} s; first run in this process {runs[0]:.2f} s; no browser",
        ),
        Row(
            "Default view as PNG (--size social): file size",
            len(png) / 1e6,
            "the HTML export, same run",
            html.megabytes,
            "MB",
            (Goal(1.0),),
            "1200 × 675 px",
        ),
    ]


def draw_rows(browser: Browser, pages: dict[str, Path], *, repeat: int) -> list[Row]:
    """Time to the drawn map, network off: the export, explore() as is, and explore() as if cached."""
    ours = draw_page(browser, pages["export"], repeat=repeat + 2)
    theirs = draw_page(browser, pages["explore"], repeat=1, timeout_s=15)
    cdn_leaflet = {
        "**/leaflet@*/dist/leaflet.js": (assets.leaflet_js(), "text/javascript"),
        "**/leaflet@*/dist/leaflet.css": (assets.leaflet_css(), "text/css"),
    }
    cached = draw_page(browser, pages["explore"], repeat=repeat, timeout_s=15, answer=cdn_leaflet)
    outcome = "never drawn" if theirs.seconds is None else "drawn"
    return [
        Row(
            "Default export: drawn in Chromium, network off",
            ours.seconds,
            "explore(), offline",
            theirs.seconds,
            "s",
            (Goal(0.5),),
            f"navigation start → Leaflet paths painted, median of {len(ours.loads)} ({ours.spread}); "
            f"{_busy(ours, None)}; ours: {ours.loads[-1].paths} SVG paths{_on_canvas(ours)}, {len(ours.blocked)} requests blocked; "
            f"explore(): {outcome}, "
            f"{len(theirs.blocked)} requests blocked, {len(theirs.errors)} script errors ({_first(theirs.errors)})",
        ),
        Row(
            "Default export: drawn, explore()'s CDN Leaflet answered from disk",
            ours.seconds,
            "explore(), Leaflet local",
            cached.seconds,
            "s",
            (Goal(0.6, on_ratio=True),),
            note="as if the browser had Leaflet cached; its other CDN files and tiles stay blocked "
            f"({len(cached.blocked)} requests); explore() drew {cached.loads[-1].paths} paths; "
            f"{_busy(ours, cached)}",
        ),
    ]


def _on_canvas(drawing: Drawing) -> str:
    return " and a canvas (the countries, one batch)" if drawing.loads[-1].canvas else ""


def _cpu(ours: builds.Timed, theirs: builds.Timed) -> str:
    return f"CPU {ours.cpu_seconds:.2f} s vs {theirs.cpu_seconds:.2f} s"


def _busy(ours: Drawing, theirs: Drawing | None) -> str:
    """The page's main-thread CPU: what other load on the machine changes far less than the clock."""
    figures = [d.cpu_s for d in (ours, theirs) if d is not None]
    shown = " vs ".join("—" if b is None else f"{b:.2f} s" for b in figures)
    return f"main-thread CPU {shown}"


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def _first(errors: Sequence[str]) -> str:
    return errors[0][:60] if errors else "none"


def flow_rows(
    sizes: Sequence[int], *, repeat: int, browser: Browser | None, workdir: Path, profile: bool
) -> tuple[list[Row], list[str]]:
    """Build, weigh, draw and pan N synthetic flows: Diplomap's layer against a PolyLine each."""
    rows, profiles = [], []
    baseline = "folium.PolyLine per flow"
    for size in sizes:
        event = builds.synthetic_event(size)
        runs = repeat if size <= 1_000 else 1
        ours = builds.time_build(partial(builds.flow_map_html, event), repeat=runs)
        view = builds.fitted_bounds(ours.html)
        theirs = builds.time_build(partial(builds.polyline_map_html, event, bounds=view), repeat=runs)
        big = size >= 10_000
        label = f"{size:,} flows"
        rows += [
            Row(
                f"{label}: build time, event → HTML",
                ours.seconds,
                baseline,
                theirs.seconds,
                "s",
                (Goal(2.0), Goal(1 / 15, on_ratio=True)) if big else (),
                f"median of {runs}, each from cold caches; {_cpu(ours, theirs)}; the same great circles, "
                "tooltips and popups",
            ),
            Row(
                f"{label}: HTML size",
                ours.megabytes,
                baseline,
                theirs.megabytes,
                "MB",
                (Goal(8.0),) if big else (),
            ),
        ]
        if profile:
            profiles.append(_profile(f"{label}: Diplomap build", partial(builds.flow_map_html, event)))
        if browser is None:
            continue
        pages = {}
        for name, timed in (("ours", ours), ("theirs", theirs)):
            pages[name] = workdir / f"flows-{size}-{name}.html"
            pages[name].write_text(timed.html, encoding="utf-8")
        drawn_ours = draw_page(browser, pages["ours"], repeat=runs, pan_steps=PAN_STEPS)
        drawn_theirs = draw_page(browser, pages["theirs"], repeat=runs, pan_steps=PAN_STEPS)
        renderer = "canvas" if drawn_ours.loads[-1].canvas else "SVG"
        rows += [
            Row(
                f"{label}: drawn in Chromium",
                drawn_ours.seconds,
                baseline,
                drawn_theirs.seconds,
                "s",
                (Goal(1.5),) if big else (),
                f"{renderer} renderer for both; median of {runs}; {_busy(drawn_ours, drawn_theirs)}; Leaflet "
                f"layers {drawn_ours.loads[-1].layers:,} vs {drawn_theirs.loads[-1].layers:,}; script errors "
                f"{len(drawn_ours.errors)} vs {len(drawn_theirs.errors)}",
            ),
            Row(
                f"{label}: pan, panBy → next painted frame",
                drawn_ours.pan_median_ms,
                baseline,
                drawn_theirs.pan_median_ms,
                "ms",
                note=f"median of {PAN_STEPS} pans; slowest {_slowest(drawn_ours)} vs {_slowest(drawn_theirs)}",
            ),
        ]
    return rows, profiles


def _slowest(drawing: Drawing) -> str:
    return f"{max(drawing.pan_ms):.0f} ms" if drawing.pan_ms else "—"


def app_rows(browser: Browser | None, *, repeat: int, toggle_key: str | None) -> list[Row]:
    """Navigation → first map, the rerun after a toggle and after a pan, against a one-checkbox page."""
    baseline = "one-checkbox page"
    if not server.APP.exists():
        reason = "not measured: app.py is not in the repository yet"
        return [
            Row("App: navigation → first map drawn", None, baseline, None, "s", (Goal(1.5, True),), reason),
            Row(
                "App: rerun after a layer toggle, server time",
                None,
                baseline,
                None,
                "ms",
                (Goal(50.0),),
                reason,
            ),
        ]
    rows = []
    if browser is not None:
        ours = server.visit_app(browser, server.APP, selector=LEAFLET_DRAWN, repeat=repeat)
        theirs = server.visit_app(browser, server.BASELINE_APP, selector=server.CHECKBOX, repeat=repeat)
        rows += [
            Row(
                "App: navigation → first map drawn, first visit after start",
                ours.cold.seconds,
                baseline,
                theirs.cold.seconds,
                "s",
                (Goal(1.8, True),),
                f"server up in {ours.server_start_s:.1f} s (baseline {theirs.server_start_s:.1f} s); map's "
                f"iframe opened at {_seconds(ours.cold.frame_opened_s)}; page's main-thread CPU "
                f"{_seconds(ours.cold.cpu_s)} vs {_seconds(theirs.cold.cpu_s)}; {len(ours.cold.blocked)} "
                f"requests blocked, {len(ours.cold.errors)} console errors",
            ),
            Row(
                "App: navigation → first map drawn, later visits",
                ours.warm_seconds,
                baseline,
                theirs.warm_seconds,
                "s",
                (Goal(1.5, True),),
                f"a new browser session each, server caches warm; median of {len(ours.warm)}; map's iframe "
                f"opened at {_seconds(ours.warm_frame_opened_s)}; page's main-thread CPU "
                f"{_seconds(ours.warm_cpu_s)} vs {_seconds(theirs.warm_cpu_s)}",
            ),
        ]
        pans = server.pan_reruns(browser, repeat=max(5, repeat + 2))
        clicks = server.checkbox_reruns(browser, repeat=max(5, repeat + 2))
        rows.append(
            Row(
                "App: rerun after a pan, browser → server → browser",
                _ms(pans.median_s),
                "one-checkbox page, a click",
                _ms(clicks.median_s),
                "ms",
                note=f"a running server, from the map's report (after its 250 ms debounce) to the server's "
                f"last answer, median of {len(pans.seconds)}; server CPU over each (idle included) "
                f"{number(_ms(pans.cpu_median_s), 'ms')} vs {number(_ms(clicks.cpu_median_s), 'ms')}; "
                f"answered with {number(pans.bytes_median, '')} vs {number(clicks.bytes_median, '')} bytes",
            )
        )
    reruns = max(5, repeat + 2)
    ours_rerun = server.rerun_after_toggle(server.APP, key=toggle_key, repeat=reruns)
    theirs_rerun = server.rerun_after_toggle(server.BASELINE_APP, key="layer", repeat=reruns)
    rows.append(
        Row(
            "App: rerun after a layer toggle, server time (warm)",
            ours_rerun.seconds * 1000,
            baseline,
            theirs_rerun.seconds * 1000,
            "ms",
            (Goal(50.0),),
            f"AppTest, toggle {ours_rerun.key!r}, median of {len(ours_rerun.runs)}; CPU "
            f"{ours_rerun.cpu_seconds * 1000:.0f} ms vs {theirs_rerun.cpu_seconds * 1000:.1f} ms; the first flip, "
            f"a map not drawn before: {ours_rerun.first_flip_s * 1000:.0f} ms vs "
            f"{theirs_rerun.first_flip_s * 1000:.0f} ms; the first run in this process "
            f"(all cold): {ours_rerun.first_run_s:.2f} s vs {theirs_rerun.first_run_s:.2f} s",
        )
    )
    return rows


def upload_rows(rows: int, *, toggle_key: str | None = None, repeat: int = 5) -> list[Row]:
    """Issue 20: after a trade file of ``rows`` rows is uploaded, a rerun (a layer toggled) reads
    none of it again: the same rerun, beside the same app without the upload, in this process."""
    data = trade_file.trade_csv(rows)
    plain = server.rerun_after_toggle(server.APP, key=toggle_key, repeat=repeat)
    loaded = server.rerun_after_toggle(
        server.APP, key=plain.key, repeat=repeat, upload=("upload_trade", "trade.csv", data)
    )
    script = statistics.median(loaded.script_runs) * 1000 if loaded.script_runs else None
    plain_script = statistics.median(plain.script_runs) * 1000 if plain.script_runs else None
    return [
        Row(
            f"App with a {rows:,}-row trade upload ({len(data) / 1e6:.0f} MB): rerun after a layer toggle, "
            "server time",
            loaded.seconds * 1000,
            "the same rerun, no upload",
            plain.seconds * 1000,
            "ms",
            (Goal(100.0),),
            f"AppTest, toggle {loaded.key!r}, median of {len(loaded.runs)}; CPU "
            f"{loaded.cpu_seconds * 1000:.0f} ms vs {plain.cpu_seconds * 1000:.0f} ms; the page's own clock "
            f"{number(script, 'ms')} vs {number(plain_script, 'ms')}; the run that read the upload "
            f"{loaded.upload_s or 0:.1f} s",
        )
    ]


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


def memory_rows() -> list[Row]:
    ours = builds.measure_memory("export")
    theirs = builds.measure_memory("explore")
    return [
        Row(
            "Default export: peak RSS of a process that only exports",
            ours.peak_rss_mb,
            "geopandas explore()",
            theirs.peak_rss_mb,
            "MB",
            note=f"after imports: {ours.imports_rss_mb:.0f} MB vs {theirs.imports_rss_mb:.0f} MB",
        ),
        Row(
            "Default export: peak Python allocations during the build",
            ours.traced_peak_mb,
            "geopandas explore()",
            theirs.traced_peak_mb,
            "MB",
            note="tracemalloc (numpy included; GEOS/GDAL heaps not)",
        ),
    ]


def trade_file_rows(rows: int) -> list[Row]:
    """Issue 17's point 2: a big trade.csv (a source address on every row) validated as it is
    read from disk, in a process of its own, beside pandas reading the same bytes as text with
    no check at all."""
    found, pandas = trade_file.measure(rows)
    what = f"Trade file of {rows:,} rows ({found['megabytes']:.0f} MB) validated"
    note = (
        f"{found['flows']:,} flows; CPU {found['cpu_seconds']:.1f} s (imports included); read a block "
        "at a time from disk, only its columns; pandas: dtype=str, the bytes already in memory"
    )
    return _file_rows(what, found["seconds"], found["peak_rss_mb"], pandas, time_goal_s=15.0, note=note)


def bulk_file_rows(rows: int) -> list[Row]:
    """Issue 17's point 2: a UN Comtrade bulk file (one year, HS 2-digit, 47 columns, no TOTAL
    row) drawn on the bundled event by ``python -m geo export --trade``, the whole command, beside
    pandas.read_csv of the same bytes."""
    found, pandas = trade_file.measure_bulk(rows)
    what = f"Comtrade bulk file of {rows:,} rows ({found['megabytes']:.0f} MB) drawn with --trade"
    drawn = found["note"].split(";")[0].removeprefix("the map draws the ") if found["note"] else "every flow"
    note = (
        f"the whole export command, interpreter start included (CPU {found['cpu_seconds']:.1f} s); "
        f"{found['refused']:,} rows refused (World and nes partners, re-exports); {drawn} drawn, "
        f"{found['html_mb']:.1f} MB of HTML; pandas: default types, the bytes already in memory"
    )
    return _file_rows(what, found["wall_seconds"], found["peak_rss_mb"], pandas, time_goal_s=60.0, note=note)


def _file_rows(
    what: str, seconds: float, peak_rss_mb: float, pandas: dict, *, time_goal_s: float, note: str
) -> list[Row]:
    """A big file's time and peak memory, each beside pandas.read_csv of the same bytes."""
    baseline = "pandas.read_csv, no check"
    return [
        Row(f"{what}: time", seconds, baseline, pandas["seconds"], "s", (Goal(time_goal_s),), note),
        Row(
            f"{what}: peak RSS (imports included)",
            peak_rss_mb,
            baseline,
            pandas["peak_rss_mb"],
            "MB",
            (Goal(600.0),),
            "pandas' figure includes the file's bytes, held to read them",
        ),
    ]


def big_folder_rows() -> list[Row]:
    """Issue 12's point 2: an event folder holding a 2 GB file is refused before it is read,
    beside the bundled event's folder loaded in the same kind of process."""
    rows = []
    for name in ("trade.csv", "video.mp4"):
        found, plain = big_folder.measure(name)
        what = f"Event folder holding a 2 GB {name}"
        baseline = "the bundled event's folder"
        note = found["outcome"]
        rows.append(
            Row(f"{what}: refused in", found["seconds"], baseline, plain["seconds"], "s", (Goal(1.0),), note)
        )
        rows.append(
            Row(
                f"{what}: peak RSS",
                found["peak_rss_mb"],
                baseline,
                plain["peak_rss_mb"],
                "MB",
                (Goal(300.0),),
            )
        )
    return rows


def _profile(label: str, build: Callable[[], object], *, top: int = 15) -> str:
    profiler = cProfile.Profile()
    profiler.runcall(build)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return f"### {label}\n\n```\n{out.getvalue().strip()}\n```"


def machine(browser_version: str | None, *, load_before: str) -> str:
    cpu = _cpu_model()
    memory_gb = _meminfo_kb("MemTotal") / 1024**2
    packages = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("geopandas", "shapely", "pyproj", "folium", "streamlit", "streamlit-folium")
    )
    commit = _git("rev-parse", "--short", "HEAD")
    after = _load()
    busy = (
        " (**above 1: the machine was busy with other work; times are slower and noisier than on a quiet "
        "machine, ratios less so**)"
        if max(_first_load(load_before), _first_load(after)) > 1
        else " (a quiet machine)"
    )
    dirty = " (with uncommitted changes)" if _git("status", "--porcelain", "--untracked-files=no") else ""
    return "\n".join(
        [
            f"- CPU: {cpu}, {_cores()} cores",
            f"- RAM: {memory_gb:.0f} GB; load average {load_before} before the run, {after} after{busy}",
            f"- OS: {platform.platform()}",
            f"- Python {platform.python_version()}; {packages}; Leaflet {assets.LEAFLET_VERSION}",
            f"- Chromium {browser_version or 'not used'} (headless, network off)",
            f"- Diplomap commit {commit}{dirty}",
        ]
    )


def _load() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


def _first_load(load: str) -> float:
    """The one-minute load average of a _load() text."""
    return float(load.split()[0])


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


def _meminfo_kb(key: str) -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return float(line.split()[1])
    except OSError:
        pass
    return 0.0


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="one run of each, 1,000 flows only")
    parser.add_argument(
        "--repeat", type=int, default=None, help="runs per small measurement (default 3; 1 with --quick)"
    )
    parser.add_argument(
        "--flows",
        type=lambda s: [int(n) for n in s.split(",")],
        default=None,
        help="flow counts, e.g. 1000,10000",
    )
    parser.add_argument(
        "--trade-rows", type=int, default=None, help="rows of the big trade file (default 1,000,000)"
    )
    parser.add_argument(
        "--bulk-rows", type=int, default=None, help="rows of the Comtrade bulk file (default 1,200,000)"
    )
    parser.add_argument("--no-browser", action="store_true", help="skip everything that opens Chromium")
    parser.add_argument("--no-app", action="store_true", help="skip the Streamlit app")
    parser.add_argument(
        "--upload-rows", type=int, default=None, help="rows of the app's trade upload (default 1,000,000)"
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory subprocesses")
    parser.add_argument(
        "--no-crowd",
        action="store_true",
        help="skip the twenty readers at once (about 10 minutes on 2 cores)",
    )
    parser.add_argument(
        "--toggle-key", default=None, help="the app's layer checkbox to flip (default: found by name)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="also print cProfile summaries of Diplomap's builds"
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="also write the table and the machine here (Markdown)"
    )
    parser.add_argument(
        "--only",
        type=_sections,
        default=SECTIONS,
        help=f"measure these sections only, e.g. export,app (of {', '.join(SECTIONS)})",
    )
    return parser


def _sections(text: str) -> tuple[str, ...]:
    chosen = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in chosen if name not in SECTIONS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"no section {', '.join(unknown)}: choose from {', '.join(SECTIONS)}"
        )
    return chosen


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    repeat = args.repeat or (1 if args.quick else 3)
    sizes = args.flows or ([1_000] if args.quick else list(FLOW_SIZES))
    started = time.perf_counter()
    load_before = _load()
    if _first_load(load_before) > 1:
        _say(f"load average {load_before}: above 1, the machine is busy and the figures will say so")
    rows: list[Row] = []
    profiles: list[str] = []
    browser_version = None
    with (
        tempfile.TemporaryDirectory(prefix="diplomap-bench-") as tmp,
        _browser(not args.no_browser) as browser,
    ):
        workdir = Path(tmp)
        browser_version = browser.version if browser is not None else None
        if "export" in args.only:
            _say("default export and explore()")
            export_rows_, pages = export_rows(repeat=repeat)
            rows += export_rows_
            if args.profile:
                profiles.append(_profile("Default export", builds.export_html))
            if browser is not None:
                paths = {}
                for name, html in pages.items():
                    paths[name] = workdir / f"{name}.html"
                    paths[name].write_text(html, encoding="utf-8")
                _say("drawing the default export")
                rows += draw_rows(browser, paths, repeat=repeat)
        if "flows" in args.only:
            _say(f"flows: {', '.join(f'{n:,}' for n in sizes)}")
            flows, flow_profiles = flow_rows(
                sizes, repeat=repeat, browser=browser, workdir=workdir, profile=args.profile
            )
            rows += flows
            profiles += flow_profiles
        if not args.no_app and "app" in args.only:
            _say("the app")
            rows += app_rows(browser, repeat=repeat, toggle_key=args.toggle_key)
        if not args.no_app and "upload" in args.only:
            _say("the app with a big trade upload")
            rows += upload_rows(
                args.upload_rows or (100_000 if args.quick else 1_000_000), toggle_key=args.toggle_key
            )
    if not args.no_memory and "memory" in args.only:
        _say("peak memory")
        rows += memory_rows()
    if not args.no_memory and "files" in args.only:
        _say("a big trade file")
        rows += big_folder_rows()
        rows += trade_file_rows(args.trade_rows or (100_000 if args.quick else 1_000_000))
        _say("a Comtrade bulk file")
        rows += bulk_file_rows(args.bulk_rows or (120_000 if args.quick else 1_200_000))
    if not (args.no_crowd or args.no_browser) and "crowd" in args.only:
        # Last, with the other Chromium closed: twenty pages need the whole machine.
        _say(f"{crowd.CROWD} readers at once")
        rows += crowd.rows()
    elapsed = time.perf_counter() - started
    report = "\n\n".join(
        [
            format_table(rows),
            f"Measured in {elapsed:.0f} s on:\n\n{machine(browser_version, load_before=load_before)}",
            *profiles,
        ]
    )
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")
    return 0


@contextmanager
def _browser(wanted: bool) -> Iterator[Browser | None]:
    """Headless Chromium for the duration, or None when the browser parts are skipped."""
    if not wanted:
        yield None
        return
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


def _say(what: str) -> None:
    print(f"… {what}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
