"""A trade file read a block of rows at a time, whatever its size: CSV (plain or gzipped) or Parquet.

The file is never held whole. A CSV is read in blocks of about ``BLOCK_BYTES``, each cut where a
row ends, and each block is read into columns of text, only those the checks use
(geo.io.blocks); a Parquet file is read a batch of rows at a time, only those columns. Memory
follows the block, not the file: a 400 MB Comtrade bulk file is read in seconds with a few tens
of MB beside what is kept. A gzipped file is unzipped as it is read.

Rows count as a spreadsheet counts them: the header is row 1. Parquet has no header row; its
rows are numbered as the same table written as CSV would be, so its first row is row 2.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from geo.base.errors import Problem
from geo.io import blocks
from geo.io.blocks import BlockReader, Cells, NotRows, Rows, first_line, header_cells, taken, trailing
from geo.io.tables import Table

PARQUET_ROWS = 65_536
GZIP, PARQUET = b"\x1f\x8b", b"PAR1"
UNREADABLE = (OSError, EOFError, zlib.error, gzip.BadGzipFile, pa.ArrowException, NotRows)


@dataclass(frozen=True)
class Source:
    """A trade file: a path on disk (read as it goes), or bytes already in memory (an upload)."""

    name: str
    path: Path | None = None
    data: bytes | None = None

    def raw(self) -> BinaryIO:
        return self.path.open("rb") if self.path is not None else io.BytesIO(self.data or b"")

    def open(self) -> BinaryIO:
        """The file's bytes as a stream, unzipped as they are read when it is gzipped."""
        with self.raw() as f:
            zipped = f.read(2) == GZIP
        if not zipped:
            return self.raw()
        if self.path is not None:
            return gzip.open(self.path, "rb")  # type: ignore[return-value]
        return gzip.GzipFile(fileobj=io.BytesIO(self.data or b""), mode="rb")  # type: ignore[return-value]

    def head(self, size: int = 65_536) -> bytes:
        """The first bytes of the file's text (unzipped), for its header and its kind."""
        try:
            with self.open() as f:
                return f.read(size)
        except UNREADABLE:
            return b""

    @property
    def is_parquet(self) -> bool:
        with self.raw() as f:
            return f.read(4) == PARQUET

    @property
    def size(self) -> int:
        return self.path.stat().st_size if self.path is not None else len(self.data or b"")


def delimiter_of(source: Source) -> str:
    """A tab when the first line has tabs and no comma (a Comtrade bulk file), else a comma."""
    first = first_line(source.head())[0]
    return "\t" if b"\t" in first and b"," not in first else ","


def header_of(source: Source) -> list[str]:
    """The column names: the first line of a CSV, or a Parquet file's schema."""
    if source.is_parquet:
        try:
            with source.raw() as f:
                return [h.strip() for h in pq.ParquetFile(f).schema_arrow.names]
        except UNREADABLE:
            return []
    return header_cells(first_line(source.head())[0], delimiter_of(source), errors="replace")


def first_not_utf8(source: Source) -> tuple[int, int, bool] | None:
    """(the byte, its line, whether Windows-1252 reads the whole file) for the first byte that is
    not UTF-8; None when the file is UTF-8. Read in blocks, never held whole."""
    found: tuple[int, int] | None = None
    cp1252 = True
    with source.open() as f:
        carry, lines = b"", 1
        while chunk := f.read(blocks.BLOCK_BYTES):
            data = carry + chunk
            cp1252 = cp1252 and not any(b in chunk for b in CP1252_UNDEFINED)
            if found is None:
                carry = b""
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError as exc:
                    if exc.reason == "unexpected end of data" and exc.end == len(data):
                        carry = data[exc.start :]  # a character cut by the block's end
                    else:
                        found = (data[exc.start], lines + data.count(b"\n", 0, exc.start))
                lines += data.count(b"\n", 0, len(data) - len(carry))
        if found is None and carry:  # the file ends inside a character
            found = (carry[0], lines)
    return None if found is None else (*found, cp1252)


CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
"""The five bytes Windows-1252 leaves undefined: a file holding one is not cp1252."""


def csv_rows(
    table: Table, source: Source, used: Sequence[str], *, delimiter: str = ",", encoding: str = "utf-8"
) -> Iterator[Rows]:
    """The rows of a CSV, a block at a time: the header first, then each block's rows."""
    with source.open() as f:
        found = blocks.blocks(f)
        try:
            first = next(found, b"")
        except UNREADABLE as exc:
            yield Rows(problem=Problem(source.name, None, None, "", f"no row is read: {exc}"))
            return
        line, rest = first_line(_text(first, encoding).removeprefix(b"\xef\xbb\xbf"))
        header = header_cells(line, delimiter)
        yield Rows(header=header, names=header)
        reader = BlockReader(table, header, used, delimiter, trailing(rest, header, delimiter))
        row = 2
        try:
            for block in _chain(rest, found, encoding):
                read = [reader.read(block, row)]
                row += read[0].count
                # Handed on, not held: the chunk's frames must be garbage when geo.io.columns
                # collects, or the collector (off while a big file is read) promotes them for good.
                yield read.pop()
        except UNREADABLE as exc:
            yield Rows(problem=_unreadable(source, exc))


def parquet_rows(source: Source, used: Sequence[str]) -> Iterator[Rows]:
    """The rows of a Parquet file, a batch at a time, only the used columns, each as text."""
    with source.raw() as f:
        try:
            parquet = pq.ParquetFile(f)
        except UNREADABLE as exc:
            reason = f"no row is read: it is no Parquet file Arrow can read ({exc})"
            yield Rows(problem=Problem(source.name, None, None, "", reason))
            return
        written = list(parquet.schema_arrow.names)
        read = [h for h in written if h.strip() in used]
        names = [h.strip() for h in read]
        yield Rows(header=[h.strip() for h in written], names=names)
        row = 2
        try:
            for batch in parquet.iter_batches(batch_size=PARQUET_ROWS, columns=read):
                columns = [_as_text(batch.column(i)) for i in range(batch.num_columns)]
                count, lines = batch.num_rows, list(range(row, row + batch.num_rows))
                row += count
                del batch
                yield Rows(  # no pandas object is left in this frame's variables (see csv_rows)
                    frame=pd.DataFrame(
                        {n: pd.arrays.ArrowStringArray(c) for n, c in zip(names, columns, strict=True)},
                        index=pd.RangeIndex(count),
                    ),
                    lines=lines,
                    raw=Cells(lambda positions, c=columns: taken(c, positions)),
                    count=count,
                )
        except UNREADABLE as exc:
            yield Rows(problem=_unreadable(source, exc))


def _as_text(column: pa.Array) -> pa.Array:
    """A Parquet column as the text a CSV would hold: numbers as written (2024, 1700000000.5),
    nothing as an empty cell."""
    if pa.types.is_dictionary(column.type):
        column = column.dictionary_decode()
    try:
        text = pc.cast(column, pa.string())
    except pa.ArrowException:
        text = pa.array([None if v is None else str(v) for v in column.to_pylist()], pa.string())
    return pc.fill_null(text, "")


def _unreadable(source: Source, exc: BaseException) -> Problem:
    reason = f"the rest of the file cannot be read ({exc}); the rows before it are kept"
    return Problem(source.name, None, None, "", reason)


def _text(block: bytes, encoding: str) -> bytes:
    return block if encoding == "utf-8" else block.decode(encoding).encode("utf-8")


def _chain(first: bytes, blocks: Iterator[bytes], encoding: str) -> Iterator[bytes]:
    if first:
        yield first
    for block in blocks:
        yield _text(block, encoding)
