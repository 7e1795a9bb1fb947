"""The fast BLT reader: pyarrow reads the ballot lines, merges them, and parses each once.

Purpose: a file of millions of ballot lines (a count's papers exported one a
line) in about the time it takes to read it. The pure reader
(:mod:`.blt`) splits lines in Python; here pyarrow's CSV reader splits the
ballot section into lines in C++ (one string column, a line a row), merges
identical lines as it goes (``value_counts``), and turns the distinct lines
into rankings with vectorised kernels, so Python sees each distinct ranking
once, as the bytes of its candidate numbers (``b"\\x00\\x02"`` is the ranking
``(0, 2)``), sorted as :class:`~tellers.core.model.Ballots` sorts rankings.

Design: this module imports pyarrow at the top, so importing it fails
without the ``fast`` extra (``pip install 'tellers[fast]'``) and the pure
reader reads the file. It does one thing, :func:`section_papers`: it takes
the bytes of the ballot section, in pieces, and gives the sorted rankings and
their papers, or ``None`` whenever a line is not plainly
``weight c1 c2 ... 0`` (single spaces, ASCII digits, candidates from 1 to the
number in the header, none twice), so that the pure reader reads the file
and names the line at fault. It never raises an :class:`InputError` itself.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from operator import lt
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped, import-not-found, unused-ignore]
import pyarrow.csv as pa_csv  # type: ignore[import-untyped, import-not-found, unused-ignore]

#: A plain ballot line: a weight of at most 15 digits, candidates from 1 written
#: without leading zeros, each followed by one space, and the final 0.
PLAIN = r"^(?P<weight>[0-9]{1,15}) (?P<ranking>(?:[1-9][0-9]{0,2} )*)0$"
#: Rankings are keyed by one byte a candidate.
MAX_CANDIDATES = 255
#: Distinct lines kept from the pieces, beyond twice those of the last merge, before they
#: are merged among themselves: memory grows with the distinct lines, and each line is
#: merged a few times at most, however many pieces.
MERGE_AFTER = 4 << 20
#: Lines checked for repeated candidates at a time (memory: eight bytes a candidate).
LINES_AT_ONCE = 1 << 18
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

    def papers(self) -> tuple[list[bytes], list[int]] | None:
        """The distinct rankings (as bytes, sorted) and the papers of each, or None."""
        if not self.plain:
            return None
        if not self._parts:
            return [], []
        merged = _merge(self._parts) if len(self._parts) > 1 else self._parts[0]
        self._parts = []
        try:
            return _rankings(merged.field("values"), merged.field("counts"), self.candidates)
        except (pa.ArrowException, OverflowError):
            return None


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


def _rankings(lines: Any, counts: Any, candidates: int) -> tuple[list[bytes], list[int]] | None:
    """Rankings and papers of distinct plain lines (None if any line is not plain)."""
    parts = pc.extract_regex(lines, PLAIN)
    if parts.null_count:
        return None
    weights = pc.cast(parts.field("weight"), pa.int64())
    if len(weights) and pc.max(weights).as_py() * pc.sum(counts).as_py() >= 1 << 62:
        return None  # sums that might not fit in 64 bits: the pure reader's ints do
    split = pc.split_pattern(parts.field("ranking"), " ")  # "3 5 " -> ["3", "5", ""]
    del parts
    flat = pc.list_flatten(split)
    numbers = pc.cast(flat.filter(pc.not_equal(flat, "")), pa.uint8())  # from 1
    del flat
    if len(numbers):
        least, most = pc.min_max(numbers).values()
        if least.as_py() < 1 or most.as_py() > candidates:
            return None
    lengths = pc.cast(pc.subtract(pc.list_value_length(split), 1), pa.int32())
    del split
    offsets = pa.concat_arrays([pa.array([0], pa.int32()), pc.cumulative_sum(lengths)])
    rows = _Rows(numbers, offsets)
    if not rows.distinct(lengths, candidates):
        return None  # a ranking names a candidate twice
    indices = pc.subtract(numbers, pa.scalar(1, pa.uint8()))
    data = indices.buffers()[1] if len(indices) else pa.py_buffer(b"")
    keys = pa.Array.from_buffers(pa.binary(), len(lines), [None, offsets.buffers()[1], data])
    columns = rows.order_columns(pc.max(lengths).as_py() or 0)
    order = pc.sort_indices(pa.table(columns), sort_keys=[(name, "ascending") for name in columns])
    rankings: list[bytes] = keys.take(order).to_pylist()
    totals: list[int] = pc.multiply_checked(weights, counts).take(order).to_pylist()
    if not all(map(lt, rankings, rankings[1:])):
        # two lines of one ranking (their weights differ), or rankings alike in their
        # first 16 preferences: merged and sorted here
        merged: dict[bytes, int] = {}
        for ranking, n in zip(rankings, totals, strict=True):
            merged[ranking] = merged.get(ranking, 0) + n
        rankings = sorted(merged)
        totals = list(map(merged.__getitem__, rankings))
    if totals and min(totals) <= 0:  # lines of weight 0 count no papers
        kept = [(r, n) for r, n in zip(rankings, totals, strict=True) if n]
        rankings, totals = [r for r, _ in kept], [n for _, n in kept]
    return rankings, totals


class _Rows:
    """The candidates of each distinct line (from 1), flat, with the offsets of the lines."""

    #: Positions packed into each sort column (a byte each), and columns at most.
    PACKED = 8
    COLUMNS = 2

    def __init__(self, numbers: Any, offsets: Any) -> None:
        self.numbers = numbers  # uint8
        self.offsets = offsets

    def distinct(self, lengths: Any, candidates: int) -> bool:
        """Whether no line names a candidate twice: each line's candidates as bits, 64 to
        a word, added up; a repeat carries into another bit, so fewer bits are set.
        Taken :data:`LINES_AT_ONCE` lines at a time, to bound the memory it needs."""
        lines = len(self.offsets) - 1
        for start in range(0, lines, LINES_AT_ONCE):
            stop = min(lines, start + LINES_AT_ONCE)
            offsets = self.offsets[start : stop + 1]
            first = offsets[0].as_py()
            numbers = self.numbers.slice(first, offsets[-1].as_py() - first)
            found = _bits(numbers, pc.subtract(offsets, first), candidates)
            wanted = pc.cast(lengths.slice(start, stop - start), pa.uint64())
            if found is not None and pc.all(pc.equal(found, wanted)).as_py() is False:
                return False
        return True

    def order_columns(self, longest: int) -> dict[str, Any]:
        """Columns whose order is the rankings' for their first 16 preferences: eight
        candidates a column, a byte each, the first in the highest byte; a shorter
        ranking has 0 where a longer one goes on, so it sorts first."""
        lines = len(self.offsets) - 1
        rows = pa.ListArray.from_arrays(self.offsets, self.numbers)
        columns: dict[str, Any] = {}
        for b in range(min(self.COLUMNS, -(-longest // self.PACKED))):
            start = b * self.PACKED
            eight = pc.list_slice(rows, start, start + self.PACKED, return_fixed_size_list=True)
            data = pc.fill_null(pc.list_flatten(eight), pa.scalar(0, pa.uint8()))
            # the eight bytes of a line read as one word, the first in the lowest byte
            word = pa.Array.from_buffers(pa.uint64(), lines, [None, data.buffers()[1]])
            columns[f"c{b}"] = _byte_swap(word) if sys.byteorder == "little" else word
        if not columns:
            columns["c0"] = pa.repeat(_u(0), lines)
        return columns


def _byte_swap(words: Any) -> Any:
    """Each 64-bit word with its bytes in the opposite order."""
    for width, mask in ((8, 0x00FF00FF00FF00FF), (16, 0x0000FFFF0000FFFF)):
        low = pc.shift_left(pc.bit_wise_and(words, _u(mask)), _u(width))
        high = pc.bit_wise_and(pc.shift_right(words, _u(width)), _u(mask))
        words = pc.bit_wise_or(low, high)
    return pc.bit_wise_or(pc.shift_left(words, _u(32)), pc.shift_right(words, _u(32)))


def _bits(numbers: Any, offsets: Any, candidates: int) -> Any:
    """The bits set in each line's sum of its candidates' bits (None if no words)."""
    index = pc.subtract(pc.cast(numbers, pa.uint64()), _u(1))
    bit = pc.shift_left(_u(1), pc.bit_wise_and(index, _u(63)))
    words = (candidates + 63) // 64
    word = pc.shift_right(index, _u(6)) if words > 1 else None
    del index
    found: Any = None
    for w in range(words):
        mine = pc.if_else(pc.equal(word, _u(w)), bit, _u(0)) if word is not None else bit
        running = pa.concat_arrays([pa.array([0], pa.uint64()), pc.cumulative_sum(mine)])
        del mine
        sums = pc.subtract(pc.take(running, offsets[1:]), pc.take(running, offsets[:-1]))
        del running
        bits = _popcount(sums)
        found = bits if found is None else pc.add(found, bits)
    return found


def _popcount(words: Any) -> Any:
    """The bits set in each 64-bit word."""
    x = pc.subtract(words, pc.bit_wise_and(pc.shift_right(words, _u(1)), _u(0x5555555555555555)))
    threes = _u(0x3333333333333333)
    x = pc.add(pc.bit_wise_and(x, threes), pc.bit_wise_and(pc.shift_right(x, _u(2)), threes))
    x = pc.bit_wise_and(pc.add(x, pc.shift_right(x, _u(4))), _u(0x0F0F0F0F0F0F0F0F))
    return pc.shift_right(pc.multiply(x, _u(0x0101010101010101)), _u(56))


def _u(value: int) -> Any:
    """A 64-bit unsigned scalar (a bare int would make the kernels work in signed ints)."""
    return pa.scalar(value, pa.uint64())
