"""A draft event from an article (geo.draft): the documented format, read back by the loader,
every row citing the article, hostile text harmless, and the command line around it."""

from __future__ import annotations

import csv
import io
import tomllib
from datetime import date
from pathlib import Path

import pytest

from geo import cli
from geo.base.errors import DraftError
from geo.draft import draft_event, find_dateline, to_confirm
from geo.draft.write import csv_text, defuse, toml_text
from geo.io.events import event_from_files
from geo.io.schema import FILES, columns_of

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
URL = "https://www.donga.com/en/article/all/20240620/5013985/1"
FORMULA = ("=", "+", "-", "@", "\t", "\r")
RAW = {"lat", "lon", "depart", "arrive", "value", "year", "seq"}


def as_bytes(files):
    return {name: body.encode("utf-8") for name, body in files.items()}


def rows(files, name):
    return list(csv.DictReader(io.StringIO(files[name])))


@pytest.fixture(scope="module")
def pyongyang():
    text = (ARTICLES / "putin-pyongyang-2024.txt").read_text(encoding="utf-8")
    return draft_event(text, url=URL, dateline=date(2024, 6, 20))


def test_the_draft_is_the_documented_format_and_loads_without_an_error(pyongyang):
    assert set(pyongyang) == {"event.toml", "people.csv", "places.csv", "legs.csv", "figures.csv"}
    for name in ("people.csv", "places.csv", "legs.csv", "figures.csv"):
        assert next(csv.reader(io.StringIO(pyongyang[name]))) == columns_of(FILES[name])
    event = event_from_files(as_bytes(pyongyang), expected_id="putin-prk-2024")
    assert [p for p in event.problems if not p.is_warning] == []
    assert event.meta.draft and event.meta.traveller == "vladimir-putin"
    assert event.places["pyongyang"].lat == pytest.approx(39.03, abs=0.01)


def test_every_row_cites_the_article_and_quotes_its_words(pyongyang):
    text = (ARTICLES / "putin-pyongyang-2024.txt").read_text(encoding="utf-8")
    assert tomllib.loads(pyongyang["event.toml"])["source_url"] == URL
    for name in ("people.csv", "places.csv", "legs.csv"):
        for row in rows(pyongyang, name):
            assert row["source_url"] == URL
            assert "Article: “" in row["note"] or "not named in the article" in row["note"], row
    leg = rows(pyongyang, "legs.csv")[0]
    assert "arrived in Pyongyang after 2 a.m. on Wednesday" in leg["note"] and leg["note"].count("“") >= 1
    assert "President Vladimir Putin arrived in Pyongyang after 2 a.m. on Wednesday" in text


def test_what_the_article_leaves_open_is_listed_to_confirm(pyongyang):
    found = to_confirm(pyongyang)
    assert {(p.file, p.row) for p in found} == {("legs.csv", 2), ("places.csv", 4)}
    assert all(p.is_warning and p.column == "note" for p in found)
    assert "Moscow is assumed" in str(found[0])


HOSTILE = """<script>alert('x')</script><p>**Russian President Vladimir Putin** arrived in
[Pyongyang](http://evil.example/) on Wednesday.</p> He pledged $5 million in -calc aid.
Putin said "=HYPERLINK(""http://evil.example"",""click"")", @SUM(1,2) and +1, "a,b" and a new
line; Dmitry Peskov, the Kremlin spokesperson =cmd, agreed."""


def test_hostile_text_gives_cells_no_spreadsheet_runs_and_no_markup():
    files = draft_event(HOSTILE, url=URL, dateline=date(2024, 6, 20))
    assert not any("<script" in body or "<p>" in body or "](http" in body for body in files.values())
    figures = rows(files, "figures.csv")
    assert figures and figures[0]["label"].startswith("'-calc")
    for name, body in files.items():
        if not name.endswith(".csv"):
            continue
        for row in csv.DictReader(io.StringIO(body)):
            for column, cell in row.items():
                assert column in RAW or not cell.startswith(FORMULA), (name, column, cell)
    event = event_from_files(as_bytes(files), expected_id="putin-prk-2024")
    assert [p for p in event.problems if not p.is_warning] == []


def test_cells_are_defused_and_toml_reads_back_whatever_the_text():
    assert defuse("=1+1") == "'=1+1" and defuse("@x") == "'@x" and defuse("Kyiv") == "Kyiv"
    text = csv_text(["a", "lat"], [{"a": "-x", "lat": -33.9}], raw=["lat"])
    assert text == "a,lat\n'-x,-33.9\n"
    values = {"title": 'He said "hi"\n\\ and ✓', "date": date(2024, 6, 20), "hosts": ["PRK"], "draft": True}
    assert tomllib.loads(toml_text(values)) == values


def test_the_dateline_is_read_from_the_text_or_asked_for():
    assert find_dateline("June 20, 2024 07:45. Putin arrived") == date(2024, 6, 20)
    assert find_dateline("BEIJING, 12 April 2023 (Xinhua)") == date(2023, 4, 12)
    with pytest.raises(DraftError, match="--date"):
        draft_event("Putin arrived on Tuesday.", url=URL)
    with pytest.raises(DraftError, match="http"):
        draft_event("Putin arrived.", url="javascript:alert(1)", dateline=date(2024, 6, 20))


@pytest.mark.slow
def test_the_command_writes_the_draft_check_lists_it_and_export_draws_it(tmp_path, capsys):
    article = ARTICLES / "xi-moscow-2023.txt"
    out = tmp_path / "events" / "xi-moscow"
    args = [
        "draft",
        str(article),
        "--url",
        "https://example.org/xi",
        "--date",
        "2023-03-20",
        "--out",
        str(out),
    ]
    assert cli.main(args) == cli.EXIT_OK
    assert tomllib.loads((out / "event.toml").read_text(encoding="utf-8"))["id"] == "xi-moscow"
    assert cli.main(args) == cli.EXIT_FAILED  # never overwrites without --force
    assert "--force" in capsys.readouterr().err
    assert cli.main([*args, "--force"]) == cli.EXIT_OK
    capsys.readouterr()
    assert cli.main(["check", "--root", str(out.parent), "--event", "xi-moscow"]) == cli.EXIT_OK
    report = capsys.readouterr()
    assert "to confirm: the article does not say where the leg starts" in report.err
    assert "xi-moscow: ok" in report.out
    page = tmp_path / "xi.html"
    assert cli.main(["export", "--root", str(out.parent), "--event", "xi-moscow", "--out", str(page)]) == 0
    assert "Moscow" in page.read_text(encoding="utf-8")
