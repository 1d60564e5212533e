"""The map's story as text (geo.model.twin) written as Markdown: a file for an article, a caption,
alt text. Every value from data is escaped, so a name or a note cannot start a heading, a list or
a link, or close one; a source is a link only when it is an http(s) address."""

from __future__ import annotations

import re

from geo.model import text
from geo.model.twin import Line, Twin

SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
"""Characters with a meaning anywhere in a line; any ASCII punctuation may be escaped by a backslash."""
LINE_START = re.compile(r"^(\s*)([-+=:#]|\d+(?=[.)]))")
"""What begins a list, a rule or a heading's underline at the start of a line."""
URL_UNSAFE = {" ": "%20", "<": "%3C", ">": "%3E", "\\": "%5C"}


def md_text(value: object) -> str:
    """Any value as Markdown that reads exactly as the value, on one line."""
    one_line = " ".join(text.LINE_BREAKS.split("" if value is None else str(value))).strip()
    escaped = SPECIAL.sub(r"\\\1", one_line)
    return LINE_START.sub(_escape_start, escaped)


def _escape_start(match: re.Match) -> str:
    """``- a`` a list, ``# a`` a heading, ``1. a`` a numbered list: the mark escaped (``1\\. a``)."""
    mark = match.group(2)
    return match.group(1) + (f"{mark}\\" if mark[0].isdigit() else f"\\{mark}")


def md_link(url: str) -> str:
    """A source as a link named by its site; anything but an http(s) address stays text."""
    site = text.site_name(url)
    if site is None:
        return md_text(url)
    target = "".join(URL_UNSAFE.get(char, char) for char in url)
    return f"[{md_text(site)}](<{target}>)"


def md_line(line: Line) -> str:
    said = f"**{md_text(line.head)}** {md_text(line.text)}" if line.head else md_text(line.text)
    if line.sources:
        said += (
            " Source" + ("s" if len(line.sources) > 1 else "") + ": " + ", ".join(map(md_link, line.sources))
        )
    return f"- {said}"


def markdown(twin: Twin) -> str:
    out = [f"# {md_text(twin.title)}", "", md_text(twin.subtitle)]
    for part in twin.parts:
        out += ["", f"## {md_text(part.title)}", ""]
        if part.intro:
            out += [md_text(part.intro), ""]
        out += [md_line(line) for line in part.lines]
    return "\n".join(out) + "\n"
