"""Results in and out: CSV and JSON exports, Democracy Club's CSV, tidy tables.

::

    from tellers.service import exchange
    exchange.write_csv(store, sys.stdout)                      # results export
    exchange.export_document(store)                            # results export -f json
    summary, cancelled = exchange.import_democracy_club(store, "candidates.csv")
    exchange.write_democracy_club(store, sys.stdout)          # results export -f democracy-club
    exchange.results_frame(store)                              # polars, one row a candidate
    exchange.write_results_table(store, "parquet", "out.parquet")

Purpose: ``tellers results export`` (CSV, JSON), ``tellers results import --from
democracy-club`` and ``tellers results export --format democracy-club|parquet``,
and the same for Python users: the rows of ``results export --format csv``
(:func:`export_records`:
ids, party, votes, elected, share, change) as a pyarrow Table or a polars
DataFrame, with ``votes`` whole numbers and ``share``/``change`` exact decimals.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..core.values import round_half_away
from ..errors import TellersError, need
from ..results import democracy_club as dc
from ..results.store import Ballot, ImportSummary, Result, Store
from .results import analyse_ballot

if TYPE_CHECKING:
    import polars
    import pyarrow  # type: ignore[import-untyped, import-not-found, unused-ignore]

__all__ = [
    "CSV_HEADER",
    "export_document",
    "export_records",
    "export_rows",
    "import_democracy_club",
    "results_frame",
    "results_table",
    "write_csv",
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


#: The columns of :func:`export_rows`, one candidate a row. ``share`` is the percentage
#: of the vote of the candidate's party (spec 08 §8.2, as ``results show`` gives it) and
#: ``change`` its change in points against ``compared_with`` (the comparable ballot),
#: both rounded half away from zero to two places; empty where there is none.
CSV_HEADER = (
    "ballot_id",
    "poll_date",
    "seats",
    "by_election",
    "version",
    "candidate",
    "party",
    "party_key",
    "votes",
    "elected",
    "election_id",
    "organisation",
    "division",
    "share",
    "change",
    "compared_with",
)


def _exported(
    store: Store, organisation: str | None, ballot_ids: list[str] | None
) -> Iterator[tuple[Ballot, Result]]:
    """Each ballot's current result: the council's (all, without ``organisation``), or
    those of ``ballot_ids`` (of the council, with both); ballots without a result are
    left out."""
    if ballot_ids is None:
        ballots = store.ballots(organisation=organisation)
    else:
        ballots = [store.ballot(ballot_id) for ballot_id in ballot_ids]
        if organisation is not None:
            ballots = [b for b in ballots if b.organisation == organisation]
    for ballot in ballots:
        result = store.current_result(ballot.ballot_id)
        if result is not None:
            yield ballot, result


def export_records(
    store: Store, *, organisation: str | None = None, ballot_ids: list[str] | None = None
) -> Iterator[dict[str, Any]]:
    """One candidate a row, ballots oldest poll first, with the columns of :data:`CSV_HEADER`
    as values: ``votes`` and ``seats`` ints, ``elected`` and ``by_election`` bools, ``share``
    and ``change`` :class:`~decimal.Decimal` (or None), ``poll_date`` a date."""
    from decimal import Decimal

    def two_places(value: Fraction | None) -> Decimal | None:
        return None if value is None else Decimal(round_half_away(value, 2))

    for ballot, result in _exported(store, organisation, ballot_ids):
        found = analyse_ballot(store, ballot.ballot_id)
        for c in result.candidates:
            change = found.changes.get(c.party_key or "ind")
            yield {
                "ballot_id": ballot.ballot_id,
                "poll_date": ballot.poll_date,
                "seats": result.seats,
                "by_election": ballot.by_election,
                "version": result.version,
                "candidate": c.name,
                "party": c.party or None,
                "party_key": c.party_key,
                "votes": c.votes,
                "elected": c.elected,
                "election_id": ballot.election_id,
                "organisation": ballot.organisation,
                "division": ballot.division,
                "share": two_places(found.shares.percent.get(c.party_key or "ind")),
                "change": two_places(None if change is None else change.points),
                "compared_with": None if found.base is None else found.base.id,
            }


def export_rows(
    store: Store, *, organisation: str | None = None, ballot_ids: list[str] | None = None
) -> Iterator[list[str]]:
    """The rows of ``results export --format csv``: :data:`CSV_HEADER`, then
    :func:`export_records` as text (``yes``/``no`` for the flags, empty for None)."""

    def text(value: object) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, date):
            return value.isoformat()
        return "" if value is None else str(value)

    yield list(CSV_HEADER)
    for record in export_records(store, organisation=organisation, ballot_ids=ballot_ids):
        yield [text(record[column]) for column in CSV_HEADER]


def write_csv(
    store: Store,
    out: TextIO,
    *,
    organisation: str | None = None,
    ballot_ids: list[str] | None = None,
) -> None:
    """Write :func:`export_rows` to ``out`` as CSV (``\\n`` line ends)."""
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(export_rows(store, organisation=organisation, ballot_ids=ballot_ids))


def export_document(
    store: Store, *, organisation: str | None = None, ballot_ids: list[str] | None = None
) -> dict[str, Any]:
    """The ``tellers.results/1`` document of ``results export --format json``."""
    documents = []
    for ballot, result in _exported(store, organisation, ballot_ids):
        f = result.figures
        documents.append(
            {
                "id": ballot.ballot_id,
                "poll_date": ballot.poll_date.isoformat(),
                "seats": str(result.seats),
                "by_election": ballot.by_election,
                "version": str(result.version),
                "source": result.source,
                "electorate": None if f.electorate is None else str(f.electorate),
                "valid_papers": None if f.valid_papers is None else str(f.valid_papers),
                "rejected": {k: str(v) for k, v in f.rejected.items()},
                "candidates": [
                    {
                        "name": c.name,
                        "party": c.party,
                        "party_key": c.party_key,
                        "votes": str(c.votes),
                        "elected": c.elected,
                    }
                    for c in f.candidates
                ],
            }
        )
    return {"format": "tellers.results/1", "ballots": documents}
