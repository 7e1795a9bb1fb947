"""A count as a tidy table: one row per stage and candidate, and the reserved rows.

Purpose: the stage sheet in the shape analysts work with (pandas, polars, R,
spreadsheets): every figure in its own cell, one observation a row. ::

    result.to_frame()        # polars.DataFrame (the ``frames`` extra)
    result.to_arrow()        # pyarrow.Table; .to_pandas() for pandas

Columns (:data:`COLUMNS`):

    contest     the contest's name
    stage       the stage's number, from 1
    action      what the stage did: ``first preferences``, ``surplus``, ``exclusion``, ...
    subjects    whose surplus or exclusion it was (names joined with ``; ``), else empty
    candidate   the candidate's name, or ``non-transferable`` / ``loss to rounding``
    party       the candidate's party as printed, else empty
    votes       the total at the end of the stage, exactly as recorded
    transfer    the change at this stage (empty at stage 1)
    status      at the end of the stage: ``continuing``, ``elected``, ``excluded`` or
                ``withdrawn``; empty on the reserved rows

Design: :func:`rows` is a pure view of a :class:`~tellers.core.count.Count`
(nothing re-counts), with every candidate at every stage and both reserved rows
at every stage, so that each stage's rows add up to what the sheet's Total row
says. Votes stay :class:`~decimal.Decimal`: Arrow columns are ``decimal128``
with as many places as the count records, never floats. pyarrow and polars
are imported only by :func:`to_arrow` and :func:`to_frame`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import astuple, dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..errors import need
from .count import LOSS_TO_ROUNDING, NON_TRANSFERABLE, Count, Outcome

if TYPE_CHECKING:
    import polars
    import pyarrow  # type: ignore[import-untyped, import-not-found, unused-ignore]

__all__ = ["COLUMNS", "Row", "arrow_table", "rows", "scale", "to_arrow", "to_frame"]

COLUMNS = (
    "contest",
    "stage",
    "action",
    "subjects",
    "candidate",
    "party",
    "votes",
    "transfer",
    "status",
)

#: Digits an Arrow decimal column holds (the most ``decimal128`` can).
PRECISION = 38


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the table (see the module's docstring for the columns)."""

    contest: str
    stage: int
    action: str
    subjects: str | None
    candidate: str
    party: str | None
    votes: Decimal
    transfer: Decimal | None
    status: str | None


def _status(count: Count, candidate: int, stage: int) -> str:
    if candidate in count.contest.withdrawn:
        return "withdrawn"
    decided = [d for d in count.decisions if d.candidate == candidate and d.stage <= stage]
    if not decided:
        return "continuing"
    return "elected" if decided[-1].outcome is Outcome.ELECTED else "excluded"


def rows(count: Count) -> list[Row]:
    """The table's rows: stages in order; in each, the candidates in ballot order, then
    non-transferable and loss to rounding."""
    contest = count.contest
    found: list[Row] = []
    before: list[Decimal] | None = None
    for stage in count.stages:
        subjects = "; ".join(count.name(i) for i in stage.subjects) or None
        held = [*stage.votes, stage.non_transferable, stage.loss_to_rounding]
        who = [*range(len(contest.candidates)), NON_TRANSFERABLE, LOSS_TO_ROUNDING]
        for k, (index, votes) in enumerate(zip(who, held, strict=True)):
            candidate = contest.candidates[index] if index >= 0 else None
            found.append(
                Row(
                    contest.name,
                    stage.number,
                    str(stage.action),
                    subjects,
                    count.name(index),
                    (candidate.party or None) if candidate is not None else None,
                    votes,
                    None if before is None else votes - before[k],
                    _status(count, index, stage.number) if index >= 0 else None,
                )
            )
        before = held
    return found


def scale(values: Iterable[Decimal | None]) -> int:
    """The decimal places that hold every value exactly (at least 0)."""
    places = 0
    for value in values:
        if value is not None:
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int):
                places = max(places, -exponent)
    return places


def to_arrow(counts: Count | Iterable[Count]) -> pyarrow.Table:
    """The table of one count, or of several one after another, as a pyarrow Table."""
    return arrow_table(
        row for c in ([counts] if isinstance(counts, Count) else counts) for row in rows(c)
    )


def arrow_table(found: Iterable[Row]) -> pyarrow.Table:
    """Rows as a pyarrow Table: ``votes`` and ``transfer`` are ``decimal128(38, places)``,
    with the places of the most precise value; ``stage`` is ``int32``; the rest strings."""
    pa = need("pyarrow", "frames", "a table")
    found = list(found)
    places = scale(v for row in found for v in (row.votes, row.transfer))
    number = pa.decimal128(PRECISION, places)
    schema = pa.schema(
        [
            ("contest", pa.string()),
            ("stage", pa.int32()),
            ("action", pa.string()),
            ("subjects", pa.string()),
            ("candidate", pa.string()),
            ("party", pa.string()),
            ("votes", number),
            ("transfer", number),
            ("status", pa.string()),
        ]
    )
    columns = list(zip(*(astuple(row) for row in found), strict=True)) or [()] * len(COLUMNS)
    return pa.table(
        [pa.array(column, type=field.type) for column, field in zip(columns, schema, strict=True)],
        schema=schema,
    )


def to_frame(counts: Count | Iterable[Count]) -> polars.DataFrame:
    """The table as a polars DataFrame (decimal columns kept exact)."""
    pl = need("polars", "frames", "a table")
    frame: polars.DataFrame = pl.from_arrow(to_arrow(counts))
    return frame
