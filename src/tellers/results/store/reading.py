"""Queries of the store, each on an open connection, and rows made into records."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from .. import schema as t
from ..ids import parse_ballot_id
from .records import Ballot, CandidateResult, Figures, PostalVotes, Result, StoreError, utc


def _latest_version(ballot_id: sa.ColumnElement[str]) -> sa.ScalarSelect[int]:
    w = t.result_versions.alias("w")
    return sa.select(sa.func.max(w.c.version)).where(w.c.ballot_id == ballot_id).scalar_subquery()


def _same(column: sa.ColumnElement[str], value: str | None) -> sa.ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


def _date(value: date | str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise StoreError(f"expected a date written 2014-05-22, found {value!r}") from None


def _ballot_query() -> sa.Select[Any]:
    e = t.elections.c
    return sa.select(t.ballots, e.organisation_name, e.organisation_gss).join(
        t.elections, e.election_id == t.ballots.c.election_id
    )


def _ballot(row: sa.Row[Any]) -> Ballot:
    m = row._mapping
    return Ballot(**{name: m[name] for name in Ballot.__dataclass_fields__})


def _result(row: sa.RowMapping, candidates: tuple[CandidateResult, ...]) -> Result:
    confirmed_at = row["confirmed_at"]
    figures = Figures(
        candidates,
        kind=row["kind"],
        rules=row["rules"],
        seats=row["seats"],
        electorate=row["electorate"],
        papers_issued=row["papers_issued"],
        valid_papers=row["valid_papers"],
        rejected=dict(row["rejected"]),
        rejected_in_part=row["rejected_in_part"],
        postal=PostalVotes.from_json(row["postal"]),
        count_json=row["count_json"],
        note=row["note"],
    )
    return Result(
        row["ballot_id"],
        row["version"],
        utc(row["created_at"]),
        row["author"],
        row["source"],
        row["seats"],
        figures,
        provisional=bool(row["provisional"]) and confirmed_at is None,
        confirmed_by=row["confirmed_by"],
        confirmed_at=None if confirmed_at is None else utc(confirmed_at),
        poll_date=row["poll_date"],
        ward_name=row["division_name"],
        defending=row["vacated_party"],
        by_election_reason=row["by_election_reason"],
        comparable_id=row["comparable_id"],
    )


def _exists(connection: sa.Connection, ballot_id: str) -> bool:
    query = sa.select(t.ballots.c.ballot_id).where(t.ballots.c.ballot_id == ballot_id)
    return connection.execute(query).first() is not None


def _require_ballot(connection: sa.Connection, ballot_id: str) -> Ballot:
    row = connection.execute(_ballot_query().where(t.ballots.c.ballot_id == ballot_id)).first()
    if row is None:
        parse_ballot_id(ballot_id)
        raise StoreError(f"{ballot_id}: no such ballot in the store")
    return _ballot(row)


def read_results(
    connection: sa.Connection,
    ballot_ids: Sequence[str],
    *,
    current_only: bool,
    version: int | None = None,
) -> list[Result]:
    """Versions of the ballots' results, by ballot then version: every one, only the
    current one (``current_only``), or only ``version``."""
    if not ballot_ids:
        return []
    v, r, c = t.result_versions.c, t.result_votes.c, t.candidacies.c
    f = t.confirmations.c
    query = (
        sa.select(t.result_versions, f.confirmed_by, f.confirmed_at)
        .outerjoin(t.confirmations, f.version_id == v.id)
        .where(v.ballot_id.in_(ballot_ids))
        .order_by(v.ballot_id, v.version)
    )
    if current_only:
        query = query.where(v.version == _latest_version(v.ballot_id))
    if version is not None:
        query = query.where(v.version == version)
    versions = connection.execute(query).mappings().all()
    ids = [row["id"] for row in versions]
    votes: dict[int, list[CandidateResult]] = {i: [] for i in ids}
    for i in range(0, len(ids), 500):
        lines = connection.execute(
            sa.select(r.version_id, r.votes, r.elected, r.sitting, c.name, c.party, c.party_key)
            .join(t.candidacies, c.id == r.candidacy_id)
            .where(r.version_id.in_(ids[i : i + 500]))
            .order_by(r.version_id, r.position)
        )
        for line in lines:
            votes[line.version_id].append(
                CandidateResult(
                    line.name,
                    line.party or None,
                    int(line.votes),
                    bool(line.elected),
                    line.party_key,
                    line.sitting,
                )
            )
    return [_result(row, tuple(votes[row["id"]])) for row in versions]
