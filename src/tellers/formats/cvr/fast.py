"""The fast ``cvr-csv`` reader: pyarrow parses the rows and groups them by their choices.

Purpose: a million-row CVR in about a second. The standard-library reader
(:mod:`.cvr_csv`) spends its time in Python, a row at a time; here pyarrow's
CSV reader parses the file in C++ (through gzip for ``.gz``), keeps only the
choice columns, and groups each block of rows by its choices, so Python
sees each distinct row of choices once a block rather than every row.

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
from the file position; its group-by runs in C++ on each block. (Neither
engine's group-by promises to keep the order in which groups first appear,
which the candidate order depends on, so each group's first row is kept
and the groups sorted by it.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]
import pyarrow.compute as pa_compute  # type: ignore[import-untyped, import-not-found, unused-ignore]
import pyarrow.csv as pa_csv  # type: ignore[import-untyped, import-not-found, unused-ignore]

#: Bytes of CSV text pyarrow parses as one block.
BLOCK_SIZE = 4 << 20


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
    counts: Counter[tuple[str, ...]] = Counter()
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
                    _add(counts, batch, wanted)
                report(raw.tell())
    except (pa.ArrowException, OSError, EOFError):
        return None
    if not counts:
        return None  # no papers: the pure reader says so, with the line
    return dict(counts)


def _add(counts: Counter[tuple[str, ...]], batch: Any, wanted: list[str]) -> None:
    """Add one block's rows to ``counts``, grouped by their choices, in order of first
    appearance (pyarrow's group-by does not keep it, so each group's first row is kept)."""
    rows = pa_compute.cumulative_sum(pa.repeat(pa.scalar(1, pa.int64()), batch.num_rows))
    grouped = (
        pa.Table.from_batches([batch])
        .append_column("row", rows)
        .group_by(wanted)
        .aggregate([("row", "min"), ([], "count_all")])
        .sort_by("row_min")
    )
    cells = [grouped.column(name).to_pylist() for name in wanted]
    papers = grouped.column("count_all").to_pylist()
    for key, n in zip(zip(*cells, strict=True), papers, strict=True):
        counts[key] += n
