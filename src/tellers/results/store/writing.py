"""Saving a result: the ballot (and its election) made or filled in, then a new version."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from .. import schema as t
from ..ids import ElectionId, parse_ballot_id
from .figures import _check_figures, _digest, figures_of
from .records import (
    BY_ELECTION_REASONS,
    BallotInfo,
    CandidateResult,
    ConflictError,
    ResultRow,
    StoreError,
)


def _check_info(ballot_id: str, info: BallotInfo) -> None:
    if info.seats is not None and info.seats < 1:
        raise StoreError(f"{ballot_id}: expected at least 1 seat, found {info.seats}")
    reason = info.by_election_reason
    if reason is not None and reason not in BY_ELECTION_REASONS:
        raise StoreError(
            f"{ballot_id}: expected a by-election reason among {', '.join(BY_ELECTION_REASONS)},"
            f" found {reason!r}"
        )
    if info.comparable_id is not None:
        earlier = parse_ballot_id(info.comparable_id)
        if earlier.date >= parse_ballot_id(ballot_id).date:
            raise StoreError(
                f"{ballot_id}: the comparable election must come before it, "
                f"not on {earlier.date.isoformat()}"
            )


def _ensure_ballot(connection: sa.Connection, parsed: ElectionId, info: BallotInfo) -> bool:
    """Insert the ballot (and its election) if new, else fill in what was unknown.
    True if the ballot was added."""
    _check_info(parsed.id, info)
    if not parsed.by_election and (info.by_election_reason or info.vacated_party):
        raise StoreError(f"{parsed.id}: a by-election reason needs a by-election (.by.) ballot")
    e = t.elections.c
    election_id = parsed.election_id
    organisation = {
        "organisation_name": info.organisation_name,
        "organisation_gss": info.organisation_gss,
    }
    stored = connection.execute(
        sa.select(e.organisation_name, e.organisation_gss).where(e.election_id == election_id)
    ).first()
    if stored is None:
        connection.execute(
            t.elections.insert().values(
                election_id=election_id,
                election_type=parsed.election_type,
                subtype=parsed.subtype,
                organisation=parsed.organisation,
                poll_date=parsed.date,
                **organisation,
            )
        )
    else:
        fill = _fill(election_id, stored._mapping, organisation)
        if fill:
            connection.execute(
                t.elections.update().where(e.election_id == election_id).values(fill)
            )
    b = t.ballots.c
    facts = {
        "seats": info.seats,
        "division_name": info.division_name,
        "division_gss": info.division_gss,
        "by_election_reason": info.by_election_reason,
        "vacated_party": info.vacated_party,
        "comparable_id": info.comparable_id,
        "rules": info.rules,
    }
    row = connection.execute(
        sa.select(*(b[name] for name in facts)).where(b.ballot_id == parsed.id)
    ).first()
    if row is None:
        if info.seats is None:
            raise StoreError(f"{parsed.id}: a new ballot needs its number of seats")
        connection.execute(
            t.ballots.insert().values(
                ballot_id=parsed.id,
                election_id=election_id,
                election_type=parsed.election_type,
                organisation=parsed.organisation,
                division=parsed.division,
                poll_date=parsed.date,
                by_election=parsed.by_election,
                **facts,
            )
        )
        return True
    fill = _fill(parsed.id, row._mapping, facts)
    if fill:
        connection.execute(t.ballots.update().where(b.ballot_id == parsed.id).values(fill))
    return False


def _fill(what: str, stored: sa.RowMapping, given: Mapping[str, Any]) -> dict[str, Any]:
    """The given values the store does not know yet; StoreError on a contradiction."""
    fill: dict[str, Any] = {}
    for name, value in given.items():
        if value is None:
            continue
        if stored[name] is None:
            fill[name] = value
        elif stored[name] != value:
            raise StoreError(
                f"{what}: {name.replace('_', ' ')} is stored as {stored[name]!r}, this says "
                f"{value!r} (change it with update_ballot if it is wrong)"
            )
    return fill


def _save(
    connection: sa.Connection,
    row: ResultRow,
    author: str,
    now: datetime,
    expected_version: int | None,
    *,
    provisional: bool = False,
) -> tuple[int, bool]:
    """Save one result; (current version, whether a version was added)."""
    if not row.source or not row.source.strip():
        raise StoreError(f"{row.ballot_id}: a result needs its source (a URL or a document)")
    if not author.strip():
        raise StoreError(f"{row.ballot_id}: a result needs its author")
    parsed = parse_ballot_id(row.ballot_id)
    figures = figures_of(row.result, elected=row.elected, postal=row.postal)
    _check_figures(row.ballot_id, figures)
    info = row.ballot
    if info.seats is None and figures.seats is not None:
        info = replace(info, seats=figures.seats)
    if info.rules is None and figures.rules is not None:
        info = replace(info, rules=figures.rules)
    _ensure_ballot(connection, parsed, info)
    v = t.result_versions.c
    current = connection.execute(
        sa.select(v.version, v.digest)
        .where(v.ballot_id == row.ballot_id)
        .order_by(v.version.desc())
        .limit(1)
    ).first()
    version = 0 if current is None else int(current.version)
    if expected_version is not None and expected_version != version:
        raise ConflictError(row.ballot_id, expected_version, version)
    digest = _digest(figures, row.source.strip())
    if current is not None and current.digest == digest:
        return version, False
    candidacy_ids = _candidacies(connection, row.ballot_id, figures.candidates)
    version_id = connection.execute(
        t.result_versions.insert()
        .values(
            ballot_id=row.ballot_id,
            version=version + 1,
            created_at=now,
            author=author.strip(),
            source=row.source.strip(),
            kind=figures.kind,
            rules=figures.rules,
            electorate=figures.electorate,
            papers_issued=figures.papers_issued,
            valid_papers=figures.valid_papers,
            rejected=dict(figures.rejected),
            rejected_in_part=figures.rejected_in_part,
            postal=figures.postal.to_json(),
            count_json=figures.count_json,
            note=figures.note,
            digest=digest,
            provisional=provisional,
        )
        .returning(v.id)
    ).scalar_one()
    connection.execute(
        t.result_votes.insert(),
        [
            {
                "version_id": version_id,
                "candidacy_id": candidacy_id,
                "position": position,
                "votes": c.votes,
                "elected": c.elected,
                "sitting": c.sitting,
            }
            for position, (c, candidacy_id) in enumerate(
                zip(figures.candidates, candidacy_ids, strict=True)
            )
        ],
    )
    return version + 1, True


def _candidacies(
    connection: sa.Connection, ballot_id: str, candidates: Sequence[CandidateResult]
) -> list[int]:
    """The candidacy of each candidate, inserting those not seen before."""
    c = t.candidacies.c
    known = {
        (row.name, row.party, row.party_key): int(row.id)
        for row in connection.execute(
            sa.select(c.id, c.name, c.party, c.party_key).where(c.ballot_id == ballot_id)
        )
    }
    keys = [(x.name, x.party or "", x.party_key) for x in candidates]
    new = [k for k in keys if k not in known]
    if new:
        ids = connection.scalars(
            t.candidacies.insert().returning(c.id, sort_by_parameter_order=True),
            [{"ballot_id": ballot_id, "name": n, "party": p, "party_key": k} for n, p, k in new],
        ).all()
        known.update(zip(new, (int(i) for i in ids), strict=True))
    return [known[k] for k in keys]
