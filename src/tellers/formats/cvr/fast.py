"""The fast ``cvr-csv`` reader: pyarrow parses the rows and groups them by their choices.

Purpose: a million-row CVR in about a second. The standard-library reader
(:mod:`.cvr_csv`) spends its time in Python, a row at a time; here pyarrow's
CSV reader parses the file in C++ (through gzip for ``.gz``), keeps only the
choice columns, and groups each block of rows by its choices; the blocks'
groups are merged in C++ too, so Python sees each distinct row of choices
once, however many papers cast it.

Design: this module imports pyarrow at the top, so importing it fails
without the ``fast`` extra (``pip install 'tellers[fast]'``) and
:func:`.cvr_csv.read_cvr_csv` goes on with the pure reader. It does one
thing, :func:`choice_counts`: the same mapping from distinct choice tuples
(in order of first appearance, which fixes the order of the candidates) to
papers that the pure reader builds, from which the shared code in
:mod:`.cvr_csv` makes the election. Whenever the file is not plainly well
formed (a row of another width, a blank row, text that is not UTF-8, a
header cell holding a line break, no rows), it returns ``None`` and the pure
reader reads the file and gives its verdict, with the line at fault.

pyarrow rather than polars: its CSV reader decompresses gzip as a stream,
reads in blocks, so memory stays bounded and the read can report progress
from the file position; its group-by runs in C++ on each block (on one
thread: on these few columns acero's threads cost more than they save). (Neither
engine's group-by promises to keep the order in which groups first appear,
which the candidate order depends on, so each group's first row is kept
and the groups sorted by it.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped, import-not-found, unused-ignore]
import pyarrow.csv as pa_csv  # type: ignore[import-untyped, import-not-found, unused-ignore]

#: Bytes of CSV text pyarrow parses as one block.
BLOCK_SIZE = 4 << 20
#: Distinct rows kept from the blocks, beyond twice those of the last merge, before they
#: are merged among themselves (so memory grows with the distinct rows, not the papers).
MERGE_AFTER = 1 << 20


def choice_counts(
    path: Path, header: Sequence[str], columns: Sequence[int], report: Callable[[int], None]
) -> dict[tuple[str, ...], int] | None:
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
    groups: list[Any] = []  # each block's distinct rows, then merged as they grow
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
                    groups.append(_group(batch, wanted, rows))
                    rows += batch.num_rows
                    if sum(map(len, groups)) > 2 * merged + MERGE_AFTER:
                        groups = [_merge(groups, wanted)]
                        merged = len(groups[0])
                report(raw.tell())
    except (pa.ArrowException, OSError, EOFError):
        return None
    if not groups:
        return None  # no papers: the pure reader says so, with the line
    table = (_merge(groups, wanted) if len(groups) > 1 else groups[0]).sort_by("first")
    cells = [table.column(name).to_pylist() for name in wanted]
    return dict(zip(zip(*cells, strict=True), table.column("papers").to_pylist(), strict=True))


def _group(batch: Any, wanted: list[str], before: int) -> Any:
    """One block's distinct rows of choices: the first row holding each (counting from
    the file's first), and how many rows hold it."""
    ones = pa.repeat(pa.scalar(1, pa.int64()), batch.num_rows)
    rows = pc.add(pc.cumulative_sum(ones), pa.scalar(before, pa.int64()))
    grouped = (
        pa.Table.from_batches([batch])
        .append_column("row", rows)
        .group_by(wanted, use_threads=False)  # acero's threads cost more than they save
        .aggregate([("row", "min"), ([], "count_all")])
    )
    return grouped.rename_columns([*wanted, "first", "papers"])


def _merge(groups: list[Any], wanted: list[str]) -> Any:
    """The distinct rows of several groups, each with its first row and its rows summed."""
    grouped = (
        pa.concat_tables(groups)
        .group_by(wanted, use_threads=False)
        .aggregate([("first", "min"), ("papers", "sum")])
    )
    return grouped.rename_columns([*wanted, "first", "papers"])
