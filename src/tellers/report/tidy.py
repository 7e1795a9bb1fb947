"""The stage sheet as a tidy table in a file: CSV, Parquet or Arrow.

Purpose: ``tellers count FILE --format csv|parquet|arrow``: one row per stage
and candidate, plus non-transferable and loss to rounding (the columns of
:mod:`tellers.core.table`), for pandas, polars, R and spreadsheets.

Design: CSV is written with the standard library (no extra needed), every
value exactly as the count recorded it (``26.31700``); Parquet and Arrow (an
Arrow IPC file, which pandas, polars and R's arrow read) go through pyarrow,
with ``decimal128`` vote columns. Rows travel between processes as CSV text
(:func:`csv_rows`, :func:`read_csv_rows`), which holds every value exactly, so
the binary formats lose nothing when many files are counted in a pool.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from ..core.count import Count
from ..core.table import COLUMNS, Row, arrow_table, rows
from ..errors import TellersError

__all__ = ["FORMATS", "csv_header", "csv_rows", "read_csv_rows", "write_table"]

#: The tidy formats, by the names ``--format`` takes.
FORMATS = ("csv", "parquet", "arrow")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def csv_header() -> str:
    """The header line of the CSV table."""
    return ",".join(COLUMNS) + "\n"


def csv_rows(count: Count) -> str:
    """The count's rows as CSV lines, without the header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows(count):
        writer.writerow([_text(getattr(row, name)) for name in COLUMNS])
    return out.getvalue()


def read_csv_rows(text: str) -> list[Row]:
    """Rows written by :func:`csv_rows`, read back exactly (empty cells are None)."""
    found = []
    for cells in csv.reader(io.StringIO(text)):
        if cells == list(COLUMNS):
            continue
        contest, stage, action, subjects, candidate, party, votes, transfer, status = cells
        found.append(
            Row(
                contest,
                int(stage),
                action,
                subjects or None,
                candidate,
                party or None,
                Decimal(votes),
                Decimal(transfer) if transfer else None,
                status or None,
            )
        )
    return found


def write_table(found: Iterable[Row], kind: str, path: str | Path) -> None:
    """Write rows to ``path`` as ``csv``, ``parquet`` or ``arrow`` (an Arrow IPC file)."""
    if kind not in FORMATS:
        raise TellersError(f"expected a table format among {', '.join(FORMATS)}, not {kind!r}")
    try:
        if kind == "csv":
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(csv_header())
                writer = csv.writer(handle, lineterminator="\n")
                for row in found:
                    writer.writerow([_text(getattr(row, name)) for name in COLUMNS])
            return
        table = arrow_table(found)
        if kind == "parquet":
            import pyarrow.parquet as pq  # type: ignore[import-untyped, import-not-found, unused-ignore]

            pq.write_table(table, str(path))
        else:
            import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]

            with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as out:
                out.write_table(table)
    except OSError as error:
        raise TellersError(f"{path}: cannot write the file: {error.strerror or error}") from None
