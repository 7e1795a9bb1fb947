"""Results in and out in the shapes others use: Democracy Club's CSV, tidy tables.

::

    from tellers.service import exchange
    summary, cancelled = exchange.import_democracy_club(store, "candidates.csv")
    exchange.write_democracy_club(store, sys.stdout)          # results export -f democracy-club
    exchange.results_frame(store)                              # polars, one row a candidate
    exchange.write_results_table(store, "parquet", "out.parquet")

Purpose: ``tellers results import --from democracy-club`` and ``tellers results
export --format democracy-club|parquet``, and the same for Python users: the
rows of ``results export --format csv`` (:func:`~tellers.service.results.export_records`:
ids, party, votes, elected, share, change) as a pyarrow Table or a polars
DataFrame, with ``votes`` whole numbers and ``share``/``change`` exact decimals.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..errors import TellersError, need
from ..results import democracy_club as dc
from .results import ImportSummary, Store, _exported, export_records

if TYPE_CHECKING:
    import polars
    import pyarrow  # type: ignore[import-untyped, import-not-found, unused-ignore]

__all__ = [
    "import_democracy_club",
    "results_frame",
    "results_table",
    "write_democracy_club",
    "write_results_table",
]


def import_democracy_club(
    store: Store, path: str | Path, *, author: str = "tellers", rules: str = "uk-fptp"
) -> tuple[ImportSummary, tuple[str, ...]]:
    """Import Democracy Club's candidates CSV in one transaction (all or nothing):
    the summary, and the ids of the cancelled polls left out."""
    cancelled: list[str] = []
    summary = store.import_rows(dc.read_rows(path, rules=rules, skipped=cancelled), author=author)
    return summary, tuple(cancelled)


def democracy_club_rows(
    store: Store, *, organisation: str | None = None, ballot_ids: list[str] | None = None
) -> Iterator[dict[str, str]]:
    """Each stored result as Democracy Club's rows, ballots oldest poll first."""
    for ballot, result in _exported(store, organisation, ballot_ids):
        yield from dc.rows_of(ballot, result)


def write_democracy_club(
    store: Store,
    out: TextIO,
    *,
    organisation: str | None = None,
    ballot_ids: list[str] | None = None,
) -> None:
    """Write :func:`democracy_club_rows` to ``out`` as CSV with Democracy Club's header."""
    writer = csv.DictWriter(out, fieldnames=dc.COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(democracy_club_rows(store, organisation=organisation, ballot_ids=ballot_ids))


def results_table(
    store: Store, *, organisation: str | None = None, ballot_ids: list[str] | None = None
) -> pyarrow.Table:
    """The rows of ``results export`` as a pyarrow Table (``.to_pandas()`` for pandas)."""
    pa = need("pyarrow", "frames", "a table")
    records = list(export_records(store, organisation=organisation, ballot_ids=ballot_ids))
    percent = pa.decimal128(9, 2)
    schema = pa.schema(
        [
            ("ballot_id", pa.string()),
            ("poll_date", pa.date32()),
            ("seats", pa.int32()),
            ("by_election", pa.bool_()),
            ("version", pa.int32()),
            ("candidate", pa.string()),
            ("party", pa.string()),
            ("party_key", pa.string()),
            ("votes", pa.int64()),
            ("elected", pa.bool_()),
            ("election_id", pa.string()),
            ("organisation", pa.string()),
            ("division", pa.string()),
            ("share", percent),
            ("change", percent),
            ("compared_with", pa.string()),
        ]
    )
    return pa.table(
        {f.name: pa.array([r[f.name] for r in records], type=f.type) for f in schema},
        schema=schema,
    )


def results_frame(
    store: Store, *, organisation: str | None = None, ballot_ids: list[str] | None = None
) -> polars.DataFrame:
    """The rows of ``results export`` as a polars DataFrame."""
    pl = need("polars", "frames", "a table")
    frame: polars.DataFrame = pl.from_arrow(
        results_table(store, organisation=organisation, ballot_ids=ballot_ids)
    )
    return frame


def write_results_table(
    store: Store,
    kind: str,
    path: str | Path,
    *,
    organisation: str | None = None,
    ballot_ids: list[str] | None = None,
) -> None:
    """Write the rows of ``results export`` to ``path`` as ``parquet``."""
    if kind != "parquet":
        raise TellersError(f"expected parquet, not {kind!r}")
    table = results_table(store, organisation=organisation, ballot_ids=ballot_ids)
    import pyarrow.parquet as pq  # type: ignore[import-untyped, import-not-found, unused-ignore]

    try:
        pq.write_table(table, str(path))
    except OSError as error:
        raise TellersError(f"{path}: cannot write the file: {error.strerror or error}") from None
