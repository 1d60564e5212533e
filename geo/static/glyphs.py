"""The one font static maps are drawn in, and which characters it can draw.

DejaVu Sans ships inside matplotlib (a requirement), so a fresh machine draws the same picture
and SVG and PDF name a font every reader can get. A character the font lacks would be drawn as an
empty box: it is left out instead, and the text and the characters are reported.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

FONT = "DejaVu Sans"


@lru_cache(maxsize=1)
def covered() -> frozenset[int]:
    """The code points the font has glyphs for (read from its character map with fontTools)."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    path = font_manager.findfont(font_manager.FontProperties(family=FONT), fallback_to_default=False)
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing(value: str) -> list[str]:
    """The characters of ``value`` the font cannot draw, each once, in order of appearance."""
    have = covered()
    return list(dict.fromkeys(c for c in value if ord(c) not in have and not c.isspace()))


def describe(chars: list[str]) -> str:
    return ", ".join(f"{c} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})" for c in chars)


def drawable(value: str) -> tuple[str, str | None]:
    """``value`` with the characters the font lacks left out, and a warning naming them (or None)."""
    lacking = missing(value)
    if not lacking:
        return value, None
    kept = "".join(c for c in value if c not in lacking)
    kept = re.sub(r" {2,}", " ", kept).strip()
    warning = f"{FONT} has no glyph for {describe(lacking)} in {value!r}; drawn without them"
    if not kept:
        warning = f"{FONT} has no glyph for {describe(lacking)} in {value!r}; the text is left out"
    return kept, warning
