"""A refused row, kept as it was read for the download of refused rows."""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator, Mapping


class RefusedRow(Mapping[str, str]):
    """A refused row as read: ``_file``, ``_line`` and ``_reason``, then its cells by column.

    A mapping like a dict, but its cells are a tuple beside the column names every row of the
    file shares, and values that repeat down a column (codes, years, units) are held once: a
    Comtrade row of 47 cells costs about 0.5 kB, not 1.6, and a big file may refuse a hundred
    thousand rows, every one kept for download. Only ``_reason`` changes, as problems are added.
    """

    __slots__ = ("_file", "_index", "_line", "_names", "_reason", "_values")

    def __init__(self, file: str, line: str, record: Mapping[str, str]) -> None:
        self._file, self._line, self._reason = file, line, ""
        self._names, self._index = _shape(tuple(record))
        self._values = tuple(sys.intern(v) if type(v) is str else v for v in record.values())

    def __getitem__(self, key: str) -> str:
        if key in _OWN:
            return getattr(self, key)
        return self._values[self._index[key]]

    def __setitem__(self, key: str, value: str) -> None:
        if key != "_reason":
            msg = f"a refused row keeps its cells as read; only _reason changes, not {key!r}"
            raise TypeError(msg)
        self._reason = value

    def __iter__(self) -> Iterator[str]:
        yield from _OWN
        yield from self._names

    def __len__(self) -> int:
        return len(_OWN) + len(self._names)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(dict(self.items()))


_OWN = ("_file", "_line", "_reason")


@functools.lru_cache(maxsize=256)
def _shape(names: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, int]]:
    """Column names as one tuple every row of a file shares, and each name's place in it."""
    return names, {name: i for i, name in enumerate(names)}
