"""The fast ``cvr-csv`` reader: pyarrow parses the rows, numpy groups them by their choices.

Purpose: a million-row CVR in about the time it takes to read it. The
standard-library reader (:mod:`.cvr_csv`) spends its time in Python, a row at
a time; here pyarrow's CSV reader parses the file in C++ (through gzip for
``.gz``), keeps only the choice columns, and gives each distinct cell text a
small number (a dictionary per column, made in C++); numpy then groups each
block of rows by those numbers, and the blocks' groups among themselves, so
Python sees each distinct cell once and no row at all.

Design: this module imports pyarrow and numpy at the top, so importing it
fails without the ``fast`` extra (``pip install 'tellers[fast]'``) and
:func:`.cvr_csv.read_cvr_csv` goes on with the pure reader. It does one
thing, :func:`choice_counts`: the same mapping from distinct choice tuples to
papers that the pure reader builds, as a :class:`Choices` that holds it in
arrays (the tuples are made only if someone reads them), with the two things
:mod:`.cvr_csv` asks of it to make the election: the cells in the order they
first appear (which fixes the order of the candidates) and the cast vote
records, made and sorted by numpy. Whenever the file is not plainly well
formed (a row of another width, a blank row, text that is not UTF-8, a
header cell holding a line break, no rows), it returns ``None`` and the pure
reader reads the file and gives its verdict, with the line at fault.

pyarrow rather than polars: its CSV reader decompresses gzip as a stream and
reads in blocks, so memory stays bounded and the read can report progress
from the file position. Rows are grouped by sorting their numbers, packed
into 64-bit words (numpy's sort is stable, so the first row of each group is
known without trusting any hash table's order).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped, import-not-found, unused-ignore]
import pyarrow.csv as pa_csv  # type: ignore[import-untyped, import-not-found, unused-ignore]

from ...core.records import OVERVOTE, CastVoteRecords, Record

#: Bytes of CSV text pyarrow parses as one block.
BLOCK_SIZE = 4 << 20
#: Distinct rows kept from the blocks, beyond twice those of the last merge, before they
#: are merged among themselves (so memory grows with the distinct rows, not the papers).
MERGE_AFTER = 1 << 20


def choice_counts(
    path: Path, header: Sequence[str], columns: Sequence[int], report: Callable[[int], None]
) -> Choices | None:
    """How many rows hold each distinct tuple of choice cells, in order of first appearance.

    ``header`` is the header row's cells (the row is skipped), ``columns``
    the indices of the choice columns, first choice first; ``report`` is
    given the position in the file (compressed, for ``.gz``) after each block.
    ``None``: leave the file to the pure reader.
    """
    if any("\n" in cell or "\r" in cell for cell in header):
        return None  # pyarrow would skip the header's first line only
    names = [f"c{i}" for i in range(len(header))]
    wanted = [names[c] for c in columns]
    read_options = pa_csv.ReadOptions(column_names=names, skip_rows=1, block_size=BLOCK_SIZE)
    parse_options = pa_csv.ParseOptions(newlines_in_values=True)
    convert_options = pa_csv.ConvertOptions(
        include_columns=wanted, column_types={name: pa.string() for name in wanted}
    )
    cells: dict[str, int] = {}  # each distinct cell's number, in the order met
    groups: list[_Groups] = []  # each block's distinct rows, then merged as they grow
    merged = rows = 0
    try:
        with pa.OSFile(str(path)) as raw:
            gzipped = path.suffix.lower() == ".gz"
            stream = pa.CompressedInputStream(raw, "gzip") if gzipped else raw
            reader = pa_csv.open_csv(
                stream,
                read_options=read_options,
                parse_options=parse_options,
                convert_options=convert_options,
            )
            for batch in reader:
                if batch.num_rows:
                    codes = _codes(batch, wanted, cells)
                    if codes is None:
                        return None
                    groups.append(_group(codes, rows))
                    rows += batch.num_rows
                    if sum(len(g.papers) for g in groups) > 2 * merged + MERGE_AFTER:
                        groups = [_group_groups(groups)]
                        merged = len(groups[0].papers)
                report(raw.tell())
    except (pa.ArrowException, OSError, EOFError):
        return None
    if not groups:
        return None  # no papers: the pure reader says so, with the line
    found = _group_groups(groups) if len(groups) > 1 else groups[0]
    order = np.argsort(found.first, kind="stable")  # rows in the order they first appear
    return Choices(list(cells), found.codes[order], found.papers[order])


class Choices(Mapping[tuple[str, ...], int]):
    """Distinct rows of choice cells and how many rows hold each, in the order the rows
    first appear: ``codes[i]`` numbers the cells of row ``i`` (``cells[code]`` is the
    text) and ``papers[i]`` counts it. Read as a mapping it is the pure reader's
    ``{(cell, ...): rows}`` (made when first read that way)."""

    def __init__(self, cells: list[str], codes: Any, papers: Any) -> None:
        self.cells = cells
        self.codes = codes
        self.papers = papers
        self._rows: dict[tuple[str, ...], int] | None = None

    def _mapping(self) -> dict[tuple[str, ...], int]:
        if self._rows is None:
            text = self.cells
            self._rows = {
                tuple(text[c] for c in row): n
                for row, n in zip(self.codes.tolist(), self.papers.tolist(), strict=True)
            }
        return self._rows

    def __getitem__(self, key: tuple[str, ...]) -> int:
        return self._mapping()[key]

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self.papers)

    def first_cells(self) -> list[str]:
        """Each distinct cell once, in the order the cells first appear, row by row."""
        flat = self.codes.ravel()
        first = np.full(len(self.cells), len(flat), np.int64)
        np.minimum.at(first, flat, np.arange(len(flat)))
        seen = np.flatnonzero(first < len(flat))
        return [self.cells[c] for c in seen[np.argsort(first[seen], kind="stable")].tolist()]

    def records(self, mark: Mapping[str, int]) -> CastVoteRecords:
        """The rows as cast vote records, given each cell's mark (0 no mark, 1 an
        overvote, 2 on a candidate, from the first): rows that give the same record
        (differing in unmarked cells, or only after the last mark) merged, sorted as
        :class:`~tellers.core.records.CastVoteRecords` sorts them."""
        numbers = [mark[cell] for cell in self.cells]
        table = np.array(numbers, np.uint8 if max(numbers, default=0) < 256 else np.int64)
        marks = table[self.codes]
        # each row's ranks as one or more keys, in the records' order: a rank's mark
        # in the bits of its column (0 for no mark, so trailing ranks drop out)
        bits = max(1, int(table.max()).bit_length())
        per_word = max(1, 64 // bits)
        columns = marks.shape[1]
        keys = []
        for start in range(0, columns, per_word):
            word = np.zeros(len(marks), np.uint64)
            for column in range(start, min(columns, start + per_word)):
                word = (word << np.uint64(bits)) | marks[:, column].astype(np.uint64)
            keys.append(word)
        order = np.lexsort(keys[::-1])  # the first word leads
        ordered = [k[order] for k in keys]
        new = np.ones(len(order), bool)
        if len(order) > 1:
            same = np.ones(len(order) - 1, bool)
            for k in ordered:
                same &= k[1:] == k[:-1]
            new[1:] = ~same
        starts = np.flatnonzero(new)
        papers = np.add.reduceat(self.papers[order], starts)
        kept = marks[order[starts]]
        lengths = columns - np.argmax(kept[:, ::-1] != 0, axis=1)
        lengths[~kept.any(axis=1)] = 0
        # the marks of each record's ranks, one record after another
        bounds = np.zeros(len(kept) + 1, np.int64)
        np.cumsum(lengths, out=bounds[1:])
        rows = np.repeat(np.arange(len(kept)), lengths)
        flat = kept[rows, np.arange(len(rows)) - bounds[rows]].tolist()
        rank = [(), (OVERVOTE,), *((c,) for c in range(int(table.max()) - 1))]
        ranks = [rank[m] for m in flat]
        at = bounds.tolist()
        records: tuple[Record, ...] = tuple(tuple(ranks[a:b]) for a, b in pairwise(at))
        return CastVoteRecords.presorted(records, tuple(papers.tolist()))


def _codes(batch: Any, wanted: list[str], cells: dict[str, int]) -> Any:
    """The cells of a block of rows as numbers (a row a row, a column a column), new
    cells numbered as met; None if a cell is missing."""
    codes = np.empty((batch.num_rows, len(wanted)), np.int32)
    for j, name in enumerate(wanted):
        encoded = pc.dictionary_encode(batch.column(name))
        indices = encoded.indices
        if indices.null_count:
            return None
        number = np.array(
            [cells.setdefault(cell, len(cells)) for cell in encoded.dictionary.to_pylist()],
            np.int32,
        )
        at = indices.offset
        codes[:, j] = number[np.frombuffer(indices.buffers()[1], np.int32)[at : at + len(indices)]]
    return codes


class _Groups(NamedTuple):
    """Distinct rows of codes, the first row (of the file) that holds each, and how many
    rows hold it."""

    codes: Any
    first: Any
    papers: Any


def _group(codes: Any, before: int) -> _Groups:
    """The distinct rows of a block (its first row is the file's row ``before``)."""
    ones = np.ones(len(codes), np.int64)
    return _distinct(codes, np.arange(before, before + len(codes), dtype=np.int64), ones)


def _group_groups(groups: Sequence[_Groups]) -> _Groups:
    """The distinct rows of several blocks' groups: papers added, the first row kept."""
    return _distinct(
        np.concatenate([g.codes for g in groups]),
        np.concatenate([g.first for g in groups]),
        np.concatenate([g.papers for g in groups]),
    )


def _distinct(codes: Any, first: Any, papers: Any) -> _Groups:
    """``codes``' distinct rows, each with the least of its ``first`` and the sum of its
    ``papers`` (rows come in file order, and the sort is stable: a group's first row
    in the sort is its first in the file)."""
    keys = _keys(codes)
    order = np.lexsort(keys[::-1])
    new = np.ones(len(order), bool)
    if len(order) > 1:
        same = np.ones(len(order) - 1, bool)
        for key in keys:
            ordered = key[order]
            same &= ordered[1:] == ordered[:-1]
        new[1:] = ~same
    starts = np.flatnonzero(new)
    taken = order[starts]
    return _Groups(codes[taken], first[taken], np.add.reduceat(papers[order], starts))


def _keys(codes: Any) -> list[Any]:
    """The rows of ``codes`` packed into 64-bit words: equal rows, equal words."""
    bits = max(1, int(codes.max()).bit_length()) if codes.size else 1
    per_word = max(1, 64 // bits)
    keys = []
    for start in range(0, codes.shape[1], per_word):
        word = np.zeros(len(codes), np.uint64)
        for column in range(start, min(codes.shape[1], start + per_word)):
            word = (word << np.uint64(bits)) | codes[:, column].astype(np.uint64)
        keys.append(word)
    return keys
