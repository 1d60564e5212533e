"""The benchmark script works end to end on a tiny input. Benchmarks are not tests: no timings here."""

from __future__ import annotations

from benchmarks import builds, run, server, table
from geo.web.export import check_self_contained


def test_synthetic_flows_are_seeded_and_distinct():
    first, again = builds.synthetic_event(10), builds.synthetic_event(10)
    assert first.trade == again.trade
    assert len({(t.exporter, t.importer) for t in first.trade}) == 10


def test_both_flow_pages_hold_every_flow_and_need_no_network():
    event = builds.synthetic_event(10)
    ours = builds.flow_map_html(event)
    view = builds.fitted_bounds(ours)
    theirs = builds.polyline_map_html(event, bounds=view)
    assert view is not None and builds.fitted_bounds(theirs) == view
    assert ours.count('"flow:2024:') == 10
    assert theirs.count("L.polyline(") == 10
    check_self_contained(ours)
    check_self_contained(theirs)


def test_every_repeat_builds_from_cold_caches():
    from geo.ref.countries import load_countries
    from geo.web import compact

    builds.export_html()
    assert compact._encoded and load_countries.cache_info().currsize == 1, "a build fills the caches"
    builds.clear_caches()
    assert not compact._encoded and load_countries.cache_info().currsize == 0
    seen = []
    builds.time_build(
        lambda: seen.append((len(compact._encoded), load_countries.cache_info().currsize)) or "", repeat=2
    )
    assert seen == [(0, 0), (0, 0)], "each timed run starts with nothing remembered"


def test_explore_baseline_is_counted_with_its_cdn_files():
    assert len(builds.remote_urls(builds.explore_html())) >= 3


def test_the_baseline_app_reruns_after_its_toggle():
    rerun = server.rerun_after_toggle(server.BASELINE_APP, key="layer", repeat=2)
    assert rerun.key == "layer" and len(rerun.runs) == 2


def test_goals_are_reported_not_asserted():
    row = table.Row("x", 2.0, "baseline", 4.0, "s", (table.Goal(1.0), table.Goal(0.25, on_ratio=True)))
    text = table.format_table([row])
    assert "0.50×" in text
    assert "**no**; **no**" in text


def test_the_script_writes_one_table_with_the_machine(tmp_path, capsys):
    out = tmp_path / "results.md"
    argv = [
        "--flows",
        "10",
        "--repeat",
        "1",
        "--no-browser",
        "--no-app",
        "--trade-rows",
        "500",
        "--bulk-rows",
        "500",
        "--out",
        str(out),
    ]
    assert run.main(argv) == 0
    text = out.read_text(encoding="utf-8")
    assert text.strip() == capsys.readouterr().out.strip()
    for measure in (
        "Default export: HTML size",
        "Default export: build time",
        "Default view as PNG (--size social): build time",
        "Default view as PNG (--size social): file size",
        "10 flows: build time",
        "10 flows: HTML size",
        "peak RSS",
        "Trade file of 500 rows",
        "Comtrade bulk file of 500 rows",
        "Event folder holding a 2 GB trade.csv: refused in",
        "trade.csv: holds NUL bytes, so it is no text",
        "Event folder holding a 2 GB video.mp4: peak RSS",
        "video.mp4: is not one of an event's files",
    ):
        assert measure in text
    assert "- CPU: " in text and "- Python " in text


def test_the_trade_file_rows_measure_a_file_of_the_size_asked():
    rows = run.trade_file_rows(2_000)
    assert rows[0].measure.startswith("Trade file of 2,000 rows") and rows[0].ours > 0
    assert rows[1].unit == "MB" and rows[1].ours > 0
    assert rows[0].baseline_name == "pandas.read_csv, no check" and rows[0].baseline > 0


def test_only_the_sections_asked_for_are_measured(capsys):
    assert run.main(["--only", "export", "--repeat", "1", "--no-browser"]) == 0
    text = capsys.readouterr().out
    assert "Default export: HTML size" in text
    assert "flows: build time" not in text and "Trade file" not in text and "peak RSS" not in text
