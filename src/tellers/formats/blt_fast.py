"""The fast BLT reader: pyarrow reads the ballot lines and merges them as they stream.

Purpose: a file of millions of ballot lines (a count's papers exported one a
line) in about the time it takes to read it. pyarrow's CSV reader splits the
ballot section into lines in C++ (one string column, a line a row), a piece
of the file at a time, and merges identical lines as it goes
(``value_counts``); numpy then parses each distinct line once
(:mod:`.blt_arrays`), into rankings held as arrays, which the count reads as
they are. Memory grows with the distinct lines, not the papers.

Design: this module imports pyarrow at the top, so importing it fails
without the ``fast`` extra (``pip install 'tellers[fast]'``) and the pure
reader reads the file. It does one thing, :class:`Section`: it takes the
bytes of the ballot section, in pieces, and gives the rankings and their
papers, or ``None`` whenever a line is not plainly ``weight c1 c2 ... 0``
(single spaces, ASCII digits, candidates from 1 to the number in the header,
none twice), so that the pure reader reads the file and names the line at
fault. It never raises an :class:`InputError` itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped, import-not-found, unused-ignore]
import pyarrow.csv as pa_csv  # type: ignore[import-untyped, import-not-found, unused-ignore]

from ..core.rankings import RankingArrays
from . import blt_arrays

#: The most candidates the reader takes (three digits a candidate).
MAX_CANDIDATES = blt_arrays.MAX_CANDIDATES
#: Distinct lines kept from the pieces, beyond twice those of the last merge, before they
#: are merged among themselves: memory grows with the distinct lines, and each line is
#: merged a few times at most, however many pieces (ten million papers of twelve
#: candidates, seven pieces, are never merged).
MERGE_AFTER = 4 << 20
#: Distinct lines parsed at a time: the parse's arrays (some 50 bytes a line) stay under the
#: 4 MB from which numpy asks the kernel for huge pages, whose making can stall a process.
LINES_AT_ONCE = 1 << 15
#: A line is one cell: this byte, which no plain ballot line holds, splits cells.
_DELIMITER = "\x1f"


class Section:
    """The distinct lines of a ballot section and how often each occurs, fed in pieces
    of whole lines (:meth:`add`), then parsed once (:meth:`papers`)."""

    def __init__(self, candidates: int) -> None:
        self.candidates = candidates
        self.lines = 0
        self._parts: list[Any] = []
        self._kept = 0
        self._merged_size = 0  # distinct lines after the last merge
        self.plain = candidates <= MAX_CANDIDATES

    def add(self, piece: bytes | memoryview) -> bool:
        """Count the lines of ``piece`` (whole lines); False if the reader cannot take them."""
        if not self.plain or not len(piece):
            return self.plain
        try:
            table = pa_csv.read_csv(
                pa.BufferReader(pa.py_buffer(piece)),
                read_options=pa_csv.ReadOptions(column_names=["line"]),
                parse_options=pa_csv.ParseOptions(
                    delimiter=_DELIMITER, quote_char=False, escape_char=False
                ),
                convert_options=pa_csv.ConvertOptions(column_types={"line": pa.string()}),
            )
        except (pa.ArrowException, OSError):
            self.plain = False  # a stray delimiter byte, text that is not UTF-8...
            return False
        self.lines += table.num_rows
        counted = pc.value_counts(table.column("line"))
        self._parts.append(counted)
        self._kept += len(counted)
        if self._kept > self._merged_size * 2 + MERGE_AFTER and len(self._parts) > 1:
            self._parts = [_merge(self._parts)]
            self._kept = self._merged_size = len(self._parts[0])
        return True

    def papers(self) -> tuple[RankingArrays, int] | None:
        """The rankings, the papers of each and the papers with no preference, or None.

        The pieces' distinct lines not yet merged are parsed as they are, not merged
        first: a line in several of them gives a ranking several entries, which
        :class:`~tellers.core.model.Ballots` merges as it sorts and a count moves
        together (merging costs more than the entries do)."""
        if not self.plain:
            return None
        parts: list[blt_arrays.Part] = []
        for counted in self._parts:
            found = _parsed(counted.field("values"), counted.field("counts"), self.candidates)
            if found is None:
                return None
            parts += found
        self._parts = []
        if sum(int(p.counts.sum()) for p in parts) + sum(p.blank for p in parts) >= 1 << 62:
            return None  # sums that might not fit in 64 bits: the pure reader's ints do
        return blt_arrays.joined(parts)


def _merge(parts: Iterable[Any]) -> Any:
    """One ``value_counts`` result from several: the counts of each line added up."""
    parts = list(parts)
    table = pa.table(
        {
            "values": pa.concat_arrays([p.field("values") for p in parts]),
            "counts": pa.concat_arrays([p.field("counts") for p in parts]),
        }
    )
    # one thread: acero's threads cost more than they save on this (measured)
    grouped = table.group_by("values", use_threads=False).aggregate([("counts", "sum")])
    return pa.StructArray.from_arrays(
        [grouped.column("values").combine_chunks(), grouped.column("counts_sum").combine_chunks()],
        names=["values", "counts"],
    )


def _parsed(lines: Any, counts: Any, candidates: int) -> list[blt_arrays.Part] | None:
    """The rankings and papers of distinct lines (None if any line is not plain), parsed
    :data:`LINES_AT_ONCE` lines at a time, each line given its ``\\n`` back."""
    if lines.null_count or counts.null_count:
        return None
    buffers = lines.buffers()
    offsets = np.frombuffer(buffers[1], np.int32)[lines.offset : lines.offset + len(lines) + 1]
    data = np.frombuffer(buffers[2], np.uint8) if buffers[2] is not None else np.zeros(0, np.uint8)
    # read from the buffers: Array.to_numpy can import pandas (a fifth of a second)
    at = counts.offset
    repeats = np.frombuffer(counts.buffers()[1], np.int64)[at : at + len(counts)]
    parts = []
    for start in range(0, len(lines), LINES_AT_ONCE):
        stop = min(len(lines), start + LINES_AT_ONCE)
        first, last = int(offsets[start]), int(offsets[stop])
        text = np.insert(data[first:last], offsets[start + 1 : stop + 1] - first, ord("\n"))
        part = blt_arrays.parse_lines(text, repeats[start:stop], candidates)
        if part is None:
            return None
        parts.append(part)
    return parts
