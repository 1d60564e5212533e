"""A tiny event written in code: every kind of reported time, a dispute, and a name to escape.

Kim travels Pyongyang -> Beijing with both times reported, and back with only the days; Ann's
departure from Moscow is not reported; Bob's trip via Tianjin has no times at all; Eve attends
with no travel. China and North Korea's 2024 trade is reported by two series that disagree.
"""

from __future__ import annotations

from pathlib import Path

from geo.io.events import Event, event_from_files

URL = "https://example.org/source"

FILES = {
    "event.toml": f"""
id = "tiny"
title = "Tiny summit"
date = "2025-09-03"
start = "2025-09-01"
end = "2025-09-05"
timezone = "Asia/Shanghai"
host = "CHN"
place = "venue"
highlight = ["PRK"]
summary = "A summit small enough to check by hand."
source_url = "{URL}/event"
default_year = 2024
series_order = ["GACC", "KOTRA"]
""",
    "people.csv": f"""id,name,title,iso3,role,note,source_url
xi,Xi Jinping,President,CHN,host,,{URL}/xi
kim,Kim Jong Un,Chairman,PRK,guest,Came by train.,{URL}/kim
ann,<b>Ann</b> & Co,President,RUS,guest,,{URL}/ann
bob,Bob,President,KAZ,guest,,{URL}/bob
eve,Eve,Former minister,FRA,attendee,No travel data.,{URL}/eve
""",
    "places.csv": f"""id,name,iso3,lat,lon,kind,source_url
venue,Beijing,CHN,39.9,116.4,venue,{URL}/venue
pyongyang,Pyongyang,PRK,39.03,125.75,capital,{URL}/pyongyang
moscow,Moscow,RUS,55.75,37.62,capital,{URL}/moscow
astana,Astana,KAZ,51.18,71.45,capital,{URL}/astana
tianjin,Tianjin,CHN,39.13,117.2,city,{URL}/tianjin
""",
    "legs.csv": f"""person,seq,from,to,mode,depart,arrive,time_status,alternatives,route_status,note,source_url
kim,1,pyongyang,venue,train,2025-09-02T06:00+08:00,2025-09-02T16:00+08:00,exact,,confirmed,,{URL}/kim-1
kim,2,venue,pyongyang,train,2025-09-04,2025-09-05,disputed,Back on 6 Sep per another source,unconfirmed,,{URL}/kim-2
ann,1,moscow,venue,air,,2025-09-02T12:00+08:00,exact,,reported,,{URL}/ann-1
bob,1,astana,tianjin,air,,,unknown,,unconfirmed,,{URL}/bob-1
bob,2,tianjin,venue,road,,,unknown,,unconfirmed,,{URL}/bob-2
""",
    "trade.csv": f"""exporter,importer,flow,year,period,value_usd,series,value_status,alternatives,source_url,quote
CHN,PRK,exports,2024,,1000000000,GACC,exact,,{URL}/gacc,
CHN,PRK,exports,2024,,1500000000,KOTRA,exact,,{URL}/kotra,
PRK,CHN,exports,2024,,100000000,GACC,exact,,{URL}/gacc,
CHN,RUS,total,2024,,200000000000,GACC,exact,,{URL}/rus,
CHN,PRK,total,2023,,900000000,GACC,exact,,{URL}/gacc-2023,
""",
    "figures.csv": f"""key,label,value,unit,year,value_status,source_url,quote
share,China's share of North Korea's trade,98,%,2024,exact,{URL}/share-2024,
share,China's share of North Korea's trade,97,%,2024,disputed,{URL}/share-other,
share,China's share of North Korea's trade,96,%,2023,exact,{URL}/share-2023,
speed,Speed of the train,50,km/h,2025,exact,{URL}/speed,
""",
}


def tiny_event(**changes: str) -> Event:
    """The tiny event; ``changes`` replaces whole files (``legs_csv=...`` for legs.csv)."""
    files = {**FILES, **{name.replace("_", "."): text for name, text in changes.items()}}
    return event_from_files({name: text.encode() for name, text in files.items()}, expected_id="tiny")


def write_tiny_event(root: Path, event_id: str = "tiny", **changes: str) -> Path:
    """The tiny event as a folder under ``root``, files changed as in tiny_event."""
    folder = root / event_id
    folder.mkdir(parents=True)
    files = {**FILES, **{name.replace("_", "."): text for name, text in changes.items()}}
    for name, text in files.items():
        (folder / name).write_text(text.replace('id = "tiny"', f'id = "{event_id}"'), encoding="utf-8")
    return folder
