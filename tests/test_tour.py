"""A tour written by hand from data/README.md alone: one traveller visiting two hosts in turn,
crossing a third country on the way home. It exports with the right roles and title, with no
code written for it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.base import registry
from geo.base.settings import ROOT
from geo.cli import main
from geo.io.events import load_event
from geo.model import facts
from geo.model import scene as scenes
from geo.model.view import Scene
from geo.web import captions

URL = "https://example.org/report"

TOUR = {
    "event.toml": f"""
id = "kim-tour"
title = "A tour of Russia and Vietnam"
date = "2019-04-25"
start = "2019-04-24"
end = "2019-05-02"
timezone = "Asia/Vladivostok"
shape = "tour"
hosts = ["RUS", "VNM"]
traveller = "kim"
place = "vladivostok"
highlight = ["PRK"]
summary = "Written from data/README.md alone."
source_url = "{URL}/tour"
""",
    "people.csv": f"""id,name,title,iso3,role,note,source_url
kim,Kim Jong Un,Chairman,PRK,guest,,{URL}/kim
putin,Vladimir Putin,President,RUS,host,Never travels in this event.,{URL}/putin
to-lam,To Lam,President,VNM,host,Never travels in this event.,{URL}/to-lam
""",
    "places.csv": f"""id,name,iso3,lat,lon,kind,admin1,source_url
pyongyang,Pyongyang,PRK,39.03,125.75,capital,,{URL}/pyongyang
vladivostok,Vladivostok,RUS,43.11,131.88,city,,{URL}/vladivostok
hanoi,Hanoi,VNM,21.02,105.84,capital,,{URL}/hanoi
dong-dang,Dong Dang,VNM,21.95,106.70,station,,{URL}/dong-dang
pingxiang,Pingxiang,CHN,,,city,Guangxi,https://www.geonames.org/1798655
dandong,Dandong,CHN,40.13,124.39,city,Liaoning,{URL}/dandong
""",
    "legs.csv": f"""person,seq,from,to,mode,depart,arrive,time_status,depart_status,arrive_status,alternatives,route_status,note,source_url
kim,1,pyongyang,vladivostok,train,2019-04-24T06:00+09:00,2019-04-24T18:00+10:00,disputed,approximate,disputed,18:30 per another report,confirmed,,{URL}/1
kim,2,vladivostok,hanoi,air,2019-04-28,2019-04-28,exact,,,,reported,,{URL}/2
kim,3,hanoi,dong-dang,road,2019-05-01,2019-05-01,exact,,,,confirmed,,{URL}/3
kim,4,dong-dang,pyongyang,train,2019-05-01,,exact,exact,unknown,,confirmed,Arrival not found.,{URL}/4
""",
    "waypoints.csv": f"""person,seq,order,place,time,status,source_url
kim,4,1,pingxiang,,reported,{URL}/4
kim,4,2,dandong,,unconfirmed,{URL}/4
""",
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "events" / "kim-tour"
    folder.mkdir(parents=True)
    for name, content in TOUR.items():
        (folder / name).write_text(content.lstrip(), encoding="utf-8")
    return tmp_path / "events"


def test_a_hand_written_tour_loads_clean(root: Path, capsys):
    assert main(["check", "--event", "kim-tour", "--root", str(root)]) == 0
    assert "kim-tour: ok (3 people, 4 legs" in capsys.readouterr().out
    event = load_event("kim-tour", root=root)
    assert event.meta.hosts == ("RUS", "VNM") and event.meta.host == "RUS", "host is still the first host"
    assert event.places["pingxiang"].lonlat == pytest.approx((106.757, 22.097), abs=0.01), "Guangxi's"
    first = event.legs_of("kim")[0]
    assert (first.depart_certainty, first.arrive_certainty) == ("approximate", "disputed")


def test_every_host_is_a_host_and_the_way_home_is_transit(root: Path):
    roles = facts.country_roles(load_event("kim-tour", root=root))
    assert {iso3: roles[iso3] for iso3 in ("RUS", "VNM", "CHN", "PRK")} == {
        "RUS": "host",
        "VNM": "host",
        "CHN": "transit",
        "PRK": "highlight",
    }


def test_the_title_names_the_traveller_not_the_hosts(root: Path):
    scene = Scene(load_event("kim-tour", root=root))
    assert scenes.layer_title(scene, "focus") == "Kim Jong Un: trip"
    assert scenes.title_lines(scene) == (
        "A tour of Russia and Vietnam",
        "Kim Jong Un's trip to Russian Federation and Vietnam, 24 April – 2 May 2019",
    )


def test_the_tour_exports_with_its_roles_in_the_legend(root: Path, tmp_path: Path):
    out = tmp_path / "tour.html"
    assert main(["export", "--event", "kim-tour", "--root", str(root), "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    for words in ("Passed through", "Host", "Kim Jong Un: trip", "s trip to Russian Federation and Vietnam"):
        assert words in html
    assert "Vladimir Putin &amp; To Lam" not in html and "Vladimir Putin & To Lam" not in html


def test_a_tour_without_its_traveller_or_hosts_is_refused_in_plain_words():
    from geo.base.errors import DataError
    from geo.io.events import event_from_files

    toml = (
        TOUR["event.toml"]
        .replace('traveller = "kim"\n', "")
        .replace('hosts = ["RUS", "VNM"]', 'hosts = "RUS"')
    )
    files = {**TOUR, "event.toml": toml}
    with pytest.raises(DataError) as refused:
        event_from_files({k: v.encode() for k, v in files.items()})
    reasons = {p.column: p.reason for p in refused.value.problems if p.file == "event.toml"}
    assert reasons["hosts"] == 'must be a list of country codes in the order visited, like ["CHN", "VNM"]'


# What a new user writing a tour of two hosts reached for, with data/README.md in hand: the host
# meeting the traveller at the airport, a point known only roughly, and a story whose chapters
# name layers from the layer table.
MORE = {
    **TOUR,
    "people.csv": TOUR["people.csv"].replace("Never travels in this event.", "Meets Kim at the airport."),
    "places.csv": TOUR["places.csv"].replace("\n", ",\n").replace("source_url,\n", "source_url,note\n")
    + f"moscow,Moscow,RUS,55.75,37.62,capital,,{URL}/moscow,\n"
    + f"vladivostok-airport,Vladivostok airport,RUS,43.40,132.15,airport,,{URL}/airport,"
    + "Approximate: the terminal is not located; the airfield's centre is used.\n",
    "legs.csv": TOUR["legs.csv"]
    .replace("kim,2,vladivostok,hanoi,air", "kim,2,vladivostok-airport,hanoi,air")
    .replace("kim,1,pyongyang,vladivostok,", "kim,1,pyongyang,vladivostok-airport,")
    + f"putin,1,moscow,vladivostok-airport,air,2019-04-24,2019-04-24,exact,,,,reported,,{URL}/putin\n",
    "story.toml": f"""
[[chapter]]
title = "Into Russia"
text = "The train crosses into Russia."
source_url = "{URL}/1"
layers = ["countries", "focus", "guests"]
bounds = [[40.0, 124.0], [45.0, 134.0]]

[[chapter]]
title = "The stations"
text = "The stations it passes."
source_url = "{URL}/2"
layers = ["stops", "places"]
center = [43.1, 131.9]
zoom = 7
""",
}


@pytest.fixture
def more(tmp_path: Path) -> Path:
    folder = tmp_path / "events" / "kim-tour"
    folder.mkdir(parents=True)
    for name, content in MORE.items():
        (folder / name).write_text(content.lstrip(), encoding="utf-8")
    return tmp_path / "events"


def test_layers_that_come_with_another_or_from_an_upload_are_refused_saying_which(more: Path):
    event = load_event("kim-tour", root=more)
    assert [p.file for p in event.problems] == ["story.toml"], "the rest of the tour loads clean"
    (problem,) = [p for p in event.problems if p.file == "story.toml"]
    assert problem.column == "chapter 2: layers"
    assert "stops (Places on the trip) come with focus: name focus" in problem.reason
    assert "places (Your places) show when a reader adds them in the app" in problem.reason
    assert [c.title for c in event.story] == ["Into Russia"], "the other chapter still shows"


def test_the_readme_names_the_layers_a_chapter_may_name():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    (row,) = [line for line in readme.splitlines() if line.startswith("| `layers` |")]
    named = row.split("|")[2].split("(")[
        0
    ]  # "the layers shown, of `countries`, ... (why the others are not)"
    assert re.findall(r"`(\w+)`", named) == list(registry.TOGGLES)


def test_a_hosts_own_legs_are_drawn_as_another_travellers_never_keyed_as_a_guests(more: Path, tmp_path: Path):
    out = tmp_path / "tour.html"
    assert main(["export", "--event", "kim-tour", "--root", str(more), "--out", str(out)]) == 1  # the chapter
    html = out.read_text(encoding="utf-8")
    assert "leg:putin:1" in html
    assert "Other travellers" in html and "Guests" not in html
    assert "Places on the trip" in html and "Station" not in html, "airports are no stations"


def test_a_place_known_only_roughly_says_so_in_its_details(more: Path):
    scene = Scene(load_event("kim-tour", root=more))
    _, popup = captions.stop_caption(scene, "vladivostok-airport")
    assert "Approximate: the terminal is not located" in popup
    assert scene.event.places["vladivostok-airport"].note.startswith("Approximate")
