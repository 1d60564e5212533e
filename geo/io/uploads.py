"""Bringing your own data: an event as a zip or as its files, trade flows, extra places.

Each function takes bytes as uploaded and returns records with the Problems found; nothing in
the bytes makes one raise anything but DataError, and that only when the upload cannot be used
at all (the Problems are on the error). Nothing here keeps state between calls: an upload
lives in the objects handed back, which in the app belong to one user's session.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import stat
import zipfile
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Final

from pydantic import ValidationError

from geo.base import settings
from geo.base.errors import DataError, Problem
from geo.io.comtrade import is_comtrade, trade_from_comtrade
from geo.io.events import EVENT_FILES, Event, event_from_files, unknown_files
from geo.io.schema import ExtraPlace, TradeFlow, columns_of
from geo.io.stream import Source
from geo.io.tables import Table, decode, problems_from
from geo.io.tradefile import read_trade
from geo.io.tradeindex import TradeRows

MAX_ZIP_BYTES: Final = 20_000_000
"""Largest zip accepted, as uploaded."""
MAX_UNZIPPED_BYTES: Final = 30_000_000
"""Most bytes read out of one zip, all files together: a zip bomb stops here, whatever its
headers claim. Each file also keeps settings.MAX_INPUT_BYTES."""
MAX_ZIP_FILES: Final = 50
MAX_PLACES: Final = 2000
"""Most features one GeoJSON may add: beyond this the map is unreadable anyway."""
IGNORED_IN_ZIPS: Final = ("__MACOSX/", ".DS_Store", "Thumbs.db")
"""What macOS and Windows add to a zip of a folder: not the user's data."""
PLACE_PROPERTIES: Final = [c for c in columns_of(ExtraPlace) if c not in ("lat", "lon")]
WGS84_NAMES: Final = ("urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "EPSG:4326")


def event_from_uploads(files: Mapping[str, bytes]) -> Event:
    """An event from what a user uploaded: one zip of its folder, or its files one by one."""
    zips = [name for name in files if name.lower().endswith(".zip")]
    if zips and len(files) > 1:
        reason = "upload either one zip of the event's folder, or its files, not both"
        raise DataError([Problem(zips[0], None, None, "", reason)])
    if zips:
        return event_from_zip(files[zips[0]], name=zips[0])
    odd = [name for name in files if "/" in name or "\\" in name]
    if odd:
        raise DataError([_file_problem(name, "a file name may not hold a folder") for name in odd])
    return event_from_files(files)


def event_from_zip(data: bytes, *, name: str = "event.zip") -> Event:
    """An event from a zip of its folder: the files at the top, or in one folder at the top."""
    files, problems = files_from_zip(data, name=name)
    try:
        event = event_from_files(files)
    except DataError as exc:
        raise DataError([*problems, *exc.problems]) from None
    return dataclasses.replace(event, problems=(*problems, *event.problems))


def files_from_zip(data: bytes, *, name: str = "event.zip") -> tuple[dict[str, bytes], list[Problem]]:
    """The files of a zipped event folder by name, read within the limits, and what was wrong.

    Raises DataError when the zip is not one event folder: not a zip, too big, a path leaving
    the folder, a name twice, several folders. A file that cannot be read is a Problem.
    """
    if len(data) > MAX_ZIP_BYTES:
        raise DataError(
            [Problem(name, None, None, "", f"zip is {len(data):,} bytes; the limit is {MAX_ZIP_BYTES:,}")]
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise DataError(
            [Problem(name, None, None, "", f"is not a zip file that can be read ({exc})")]
        ) from None
    members = [m for m in members if not m.is_dir() and not _ignored(m.filename)]
    if len(members) > MAX_ZIP_FILES:
        reason = f"holds {len(members)} files; an event folder has at most {MAX_ZIP_FILES}"
        raise DataError([Problem(name, None, None, "", reason)])
    _check_paths(name, [m.filename for m in members])
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    budget = MAX_UNZIPPED_BYTES
    for member in members:
        parts = PurePosixPath(member.filename).parts
        inner = parts[-1]
        if len(parts) > 2:
            reason = "is in a folder inside the event's folder, so it is not read; zip one flat folder"
            problems.append(_file_problem(member.filename, reason, zip_name=name))
            continue
        if stat.S_ISLNK(member.external_attr >> 16):
            problems.append(_file_problem(member.filename, "is a link, not a file; not read", zip_name=name))
            continue
        if inner not in EVENT_FILES:
            # Named in the report but never unzipped: only an event's own files cost memory.
            problems.extend(unknown_files([inner]))
            continue
        content, problem = _read_member(archive, member, name=name, budget=budget)
        if problem is not None:
            problems.append(problem)
            continue
        budget -= len(content)
        files[inner] = content
    return files, problems


def trade_from_upload(name: str, data: bytes | Path) -> Table[TradeFlow]:
    """Trade flows from a file (CSV, gzipped CSV or Parquet; bytes, or a path read as it goes):
    Diplomap's trade.csv format, or a UN Comtrade+ download, told apart by the header."""
    source = Source(name, path=data) if isinstance(data, Path) else Source(name, data=data)
    if is_comtrade(source):
        return trade_from_comtrade(name, data)
    return read_trade(name, data)


def add_trade(event: Event, trade: Table[TradeFlow]) -> Event:
    """A copy of the event with uploaded flows added, and their problems and refused rows kept."""
    return dataclasses.replace(
        event,
        trade=TradeRows((*event.trade, *trade.rows)),
        problems=(*event.problems, *trade.problems),
        rejected=(*event.rejected, *trade.rejected),
    )


def places_from_geojson(name: str, data: bytes) -> Table[ExtraPlace]:
    """Places from GeoJSON: each Point feature with a ``name`` property becomes one.

    A Problem's row is the feature's number, from 1. Properties read: name (required), kind,
    iso3, note, source_url, source (a web address in it is read as source_url); any other is
    reported once, with the first feature holding it.
    """
    table: Table[ExtraPlace] = Table(name)
    features, problems = _features(name, data)
    table.problems.extend(problems)
    unknown: dict[str, int] = {}
    for number, feature in enumerate(features, start=1):
        properties, where, problem = _place_parts(name, number, feature)
        if problem is not None or where is None:
            _refuse(table, problem or Problem(name, number, None, "", "is no place"), properties)
            continue
        for key in properties:
            if key not in PLACE_PROPERTIES:
                unknown.setdefault(key, number)
        values = _source_as_link({k: v for k, v in properties.items() if k in PLACE_PROPERTIES})
        values["lon"], values["lat"] = where
        record = {**properties, "lon": where[0], "lat": where[1]}
        try:
            table.entries.append((number, ExtraPlace.model_validate(values)))
        except ValidationError as exc:
            for problem in problems_from(exc, file=name, row=number, values=values):
                if problem.column in ("lat", "lon"):
                    axis = "latitude" if problem.column == "lat" else "longitude"
                    problem = dataclasses.replace(
                        problem, column="geometry", reason=f"{axis} {problem.reason}"
                    )
                _refuse(table, problem, record)
    for key, number in unknown.items():
        reason = (
            f"is not a property Diplomap reads ({', '.join(PLACE_PROPERTIES)}), so its values are not shown"
        )
        table.problems.append(Problem(name, number, key, "", reason))
    table.problems.sort(key=lambda p: p.row or 0)
    return table


def _source_as_link(values: dict) -> dict:
    """A ``source`` that is a web address is the place's link, unless ``source_url`` gives one."""
    source = values.get("source")
    if not values.get("source_url") and isinstance(source, str) and _is_web_address(source):
        values["source_url"] = values.pop("source").strip()
    return values


def _is_web_address(text: str) -> bool:
    return text.strip().lower().startswith(("http://", "https://"))


def _ignored(path: str) -> bool:
    return path.startswith(IGNORED_IN_ZIPS[0]) or PurePosixPath(path).name in IGNORED_IN_ZIPS[1:]


def _check_paths(name: str, paths: list[str]) -> None:
    """Refuse a zip that is not one folder: paths leaving it, names twice, several folders."""
    problems = []
    for path in paths:
        parts = PurePosixPath(path).parts
        if not parts:
            problems.append(_file_problem(path, "has no file name; refused", zip_name=name))
        elif (
            path.startswith(("/", "\\"))
            or "\\" in path
            or ":" in path
            or ".." in parts
            or any(not c.isprintable() for c in path)
        ):
            problems.append(
                _file_problem(path, "has a path that would leave the folder; refused", zip_name=name)
            )
    seen: set[str] = set()
    for path in paths:
        if path in seen:
            problems.append(_file_problem(path, "is in the zip twice", zip_name=name))
        seen.add(path)
    if problems:
        raise DataError(problems)
    tops = {PurePosixPath(p).parts[0] for p in paths if len(PurePosixPath(p).parts) > 1}
    loose = [p for p in paths if len(PurePosixPath(p).parts) == 1]
    if len(tops) > 1 or (tops and loose):
        shown = ", ".join(sorted(tops)[:5]) + (" and files beside them" if loose else "")
        reason = f"holds more than one folder ({shown}); zip one event's folder"
        raise DataError([Problem(name, None, None, "", reason)])
    if not paths:
        raise DataError([Problem(name, None, None, "", "is empty")])


def _read_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, *, name: str, budget: int
) -> tuple[bytes, Problem | None]:
    """One file's bytes, never more than the limits allow whatever the zip's headers say."""
    limit = min(settings.MAX_INPUT_BYTES, budget)
    if member.file_size > limit:
        reason = f"unzips to {member.file_size:,} bytes; the limit is {limit:,}"
        return b"", _file_problem(member.filename, reason, zip_name=name)
    try:
        with archive.open(member) as f:
            content = f.read(limit + 1)
    except RuntimeError as exc:  # zipfile's word for an encrypted member
        return b"", _file_problem(member.filename, f"cannot be read: {exc}", zip_name=name)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError, ValueError) as exc:
        return b"", _file_problem(member.filename, f"cannot be unzipped ({exc})", zip_name=name)
    if len(content) > limit:
        reason = f"unzips to more than its header says, past the limit of {limit:,} bytes; refused"
        return b"", _file_problem(member.filename, reason, zip_name=name)
    return content, None


def _file_problem(path: str, reason: str, *, zip_name: str | None = None) -> Problem:
    """A problem with a file named by the upload: the name is shown quoted, never as given."""
    if zip_name is None:
        return Problem(repr(path)[1:-1], None, None, "", reason)
    return Problem(zip_name, None, None, path, reason)


def _features(name: str, data: bytes) -> tuple[list, list[Problem]]:
    text, problems = decode(name, data)
    if text is None:
        return [], problems
    try:
        document = json.loads(text, parse_constant=_no_constant, object_pairs_hook=_no_repeats)
    except RecursionError:
        return [], [Problem(name, None, None, "", "is nested too deeply to be GeoJSON")]
    except ValueError as exc:
        return [], [Problem(name, None, None, "", f"is not valid JSON: {exc}")]
    if not isinstance(document, dict) or document.get("type") not in ("FeatureCollection", "Feature"):
        return [], [Problem(name, None, "type", "", "is not a GeoJSON FeatureCollection or Feature")]
    crs = document.get("crs")
    if crs is not None:  # RFC 7946 dropped "crs"; a file that keeps one must name WGS84 in it
        properties = crs.get("properties") if isinstance(crs, dict) else None
        crs_name = properties.get("name") if isinstance(properties, dict) else None
        if not isinstance(crs_name, str) or crs_name not in WGS84_NAMES:
            reason = "coordinates must be longitude and latitude in WGS84 (RFC 7946); reproject the file"
            return [], [Problem(name, None, "crs", str(crs_name or crs)[:80], reason)]
    features = [document] if document["type"] == "Feature" else document.get("features")
    if not isinstance(features, list):
        return [], [Problem(name, None, "features", "", "must be a list of features")]
    if len(features) > MAX_PLACES:
        reason = f"holds {len(features):,} features; at most {MAX_PLACES:,} places can be added"
        return [], [Problem(name, None, None, "", reason)]
    return features, []


def _place_parts(
    name: str, number: int, feature: object
) -> tuple[dict, tuple[float, float] | None, Problem | None]:
    """(properties, (lon, lat) of the Point, None), or why the feature is no place.

    A third coordinate (altitude) is allowed by GeoJSON and not drawn.
    """
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return {}, None, Problem(name, number, None, "", "is not a GeoJSON Feature")
    properties = feature.get("properties")
    if properties is not None and not isinstance(properties, dict):
        return {}, None, Problem(name, number, "properties", "", "must be an object")
    properties = dict(properties or {})
    geometry = feature.get("geometry")
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind != "Point":
        reason = f"only Point features are places; this one is {kind or 'without a geometry'}"
        return properties, None, Problem(name, number, "geometry", "", reason)
    coords = geometry.get("coordinates")
    if (
        not isinstance(coords, list)
        or len(coords) not in (2, 3)
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords)
    ):
        reason = "a Point's coordinates must be [longitude, latitude] in numbers"
        return properties, None, Problem(name, number, "geometry", str(coords)[:80], reason)
    return properties, (coords[0], coords[1]), None


def _refuse(table: Table, problem: Problem, record: dict) -> None:
    table.problems.append(problem)
    existing = next((r for r in table.rejected if r["_line"] == str(problem.row)), None)
    if existing is None:
        cells = {k: v if isinstance(v, str) else json.dumps(v) for k, v in record.items()}
        existing = {"_file": problem.file, "_line": str(problem.row), "_reason": "", **cells}
        table.rejected.append(existing)
    short = f"{problem.column}: {problem.reason}" if problem.column else problem.reason
    existing["_reason"] = "; ".join(filter(None, [existing["_reason"], short]))


def _no_constant(value: str) -> float:
    msg = f"{value} is not a number JSON allows"
    raise ValueError(msg)


def _no_repeats(pairs: list[tuple[str, object]]) -> dict:
    """json's hook for each object: a key given twice would keep only its last value, silently."""
    found = dict(pairs)
    if len(found) < len(pairs):
        repeated = next(k for k, n in Counter(k for k, _ in pairs).items() if n > 1)
        msg = f"the key {repeated!r} appears twice in one object; which value holds is unclear"
        raise ValueError(msg)
    return found


def digest_of(files: Sequence[tuple[str, bytes]]) -> str:
    """SHA-256 of the files' names and bytes, in name order (the order of upload does not matter):
    what an upload is cached and told apart by."""
    digest = hashlib.sha256()
    for name, data in sorted(files):
        for part in (name.encode("utf-8", "surrogatepass"), data):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    return digest.hexdigest()
