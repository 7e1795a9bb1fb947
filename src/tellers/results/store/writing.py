"""Saving a result: the ballot (and its election) made or filled in, then a new version."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from .. import schema as t
from ..ids import ElectionId, names_division, parse_ballot_id
from .figures import _check_figures, _digest, figures_of
from .reading import _exists, _require_ballot, read_results
from .records import (
    BY_ELECTION_REASONS,
    VERSIONED,
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


def _ensure_ballot(
    connection: sa.Connection, parsed: ElectionId, info: BallotInfo, *, versioned: bool = True
) -> bool:
    """Insert the ballot (and its election) if new, else fill in what was unknown; a new
    ballot takes every fact given, a stored one only those that are not
    :data:`VERSIONED` unless ``versioned`` (the facts a version states are written with
    the version: :func:`_write_version`). True if the ballot was added."""
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
    facts = {name: getattr(info, name) for name in (*VERSIONED, "division_gss", "rules")}
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
                by_election=parsed.by_election,
                **{**facts, "poll_date": info.poll_date or parsed.date},
            )
        )
        return True
    if not versioned:
        facts = {k: v for k, v in facts.items() if k not in VERSIONED}
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


def _current(connection: sa.Connection, ballot_id: str) -> sa.RowMapping | None:
    """The current version's row (and who confirmed it), or None if there is none."""
    v, f = t.result_versions.c, t.confirmations.c
    return (
        connection.execute(
            sa.select(t.result_versions, f.confirmed_by)
            .outerjoin(t.confirmations, f.version_id == v.id)
            .where(v.ballot_id == ballot_id)
            .order_by(v.version.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )


def _identity(
    parsed: ElectionId, given: Mapping[str, Any], note: str | None, *, force: bool
) -> str | None:
    """Check a poll date and a ward name given for a ballot against its identifier: a
    mismatch is refused, or with ``force`` stored with a note that says so (the note
    returned)."""
    problems = []
    poll_date = given.get("poll_date")
    if poll_date is not None and poll_date != parsed.date:
        problems.append(
            f"the id's date is {parsed.date.isoformat()}, the result's {poll_date.isoformat()}"
        )
    name = given.get("division_name")
    if (
        name is not None
        and parsed.division is not None
        and not names_division(name, parsed.division)
    ):
        problems.append(f"the id's ward is {parsed.division!r}, the result's {name!r}")
    if not problems:
        return note
    if not force:
        raise StoreError(
            f"{parsed.id}: {'; '.join(problems)}: check the id (with --force it is stored "
            "all the same, and the version's note says so)"
        )
    forced = f"stored with --force: {'; '.join(problems)}"
    return forced if not note else f"{note}; {forced}"


def _check_facts(connection: sa.Connection, parsed: ElectionId, facts: Mapping[str, Any]) -> None:
    """The facts a version states, checked before anything is written."""
    _check_info(parsed.id, BallotInfo(**{k: facts[k] for k in VERSIONED if k != "poll_date"}))
    if not parsed.by_election and (facts["by_election_reason"] or facts["vacated_party"]):
        raise StoreError(
            f"{parsed.id}: a by-election reason or defending party needs a by-election "
            "(.by.) ballot"
        )
    earlier = facts["comparable_id"]
    if earlier is not None and not _exists(connection, earlier):
        raise StoreError(f"{parsed.id}: the ballot compared with, {earlier}, is not in the store")


def _write_version(
    connection: sa.Connection,
    ballot_id: str,
    version: int,
    values: Mapping[str, Any],
    votes: Sequence[Mapping[str, Any]],
) -> None:
    """Insert a version (its figures, source, facts ...) and its votes; the ballot's row
    takes the facts the version states."""
    v = t.result_versions.c
    version_id = connection.execute(
        t.result_versions.insert()
        .values(ballot_id=ballot_id, version=version, **values)
        .returning(v.id)
    ).scalar_one()
    connection.execute(t.result_votes.insert(), [{**x, "version_id": version_id} for x in votes])
    connection.execute(
        t.ballots.update()
        .where(t.ballots.c.ballot_id == ballot_id)
        .values({name: values[name] for name in VERSIONED})
    )


def _save(
    connection: sa.Connection,
    row: ResultRow,
    author: str,
    now: datetime,
    expected_version: int | None,
    *,
    provisional: bool = False,
    force: bool = False,
) -> tuple[int, bool]:
    """Save one result; (current version, whether a version was added).

    The facts the result does not state are the current version's (or, for a ballot
    with no result yet, the ballot's); its note stays while the figures and source do.
    """
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
    given = {name: getattr(info, name) for name in VERSIONED}
    note = _identity(parsed, given, figures.note, force=force)
    _check_info(parsed.id, info)
    b = t.ballots.c
    stored = connection.execute(
        sa.select(*(b[name] for name in VERSIONED)).where(b.ballot_id == parsed.id)
    ).first()
    current = _current(connection, row.ballot_id)
    before: dict[str, Any] = {}
    if current is not None:
        before = dict(current)
    elif stored is not None:
        before = dict(stored._mapping)
    facts = {
        name: given[name] if given[name] is not None else before.get(name) for name in VERSIONED
    }
    facts["poll_date"] = facts["poll_date"] or parsed.date
    version = 0 if current is None else int(current["version"])
    if expected_version is not None and expected_version != version:
        raise ConflictError(row.ballot_id, expected_version, version)
    _check_facts(connection, parsed, {**facts, "seats": facts["seats"] or 1})
    _ensure_ballot(connection, parsed, info, versioned=False)
    digest = _digest(figures, row.source.strip())
    if current is not None and current["digest"] == digest:
        note = note if note is not None else current["note"]
        if note == current["note"] and all(facts[k] == current[k] for k in VERSIONED):
            return version, False
    candidacy_ids = _candidacies(connection, row.ballot_id, figures.candidates)
    values = {
        "created_at": now,
        "author": author.strip(),
        "source": row.source.strip(),
        "kind": figures.kind,
        "rules": figures.rules,
        "electorate": figures.electorate,
        "papers_issued": figures.papers_issued,
        "valid_papers": figures.valid_papers,
        "rejected": dict(figures.rejected),
        "rejected_in_part": figures.rejected_in_part,
        "postal": figures.postal.to_json(),
        "count_json": figures.count_json,
        "note": note,
        "digest": digest,
        "provisional": provisional,
        **facts,
    }
    votes = [
        {
            "candidacy_id": candidacy_id,
            "position": position,
            "votes": c.votes,
            "elected": c.elected,
            "sitting": c.sitting,
        }
        for position, (c, candidacy_id) in enumerate(
            zip(figures.candidates, candidacy_ids, strict=True)
        )
    ]
    _write_version(connection, row.ballot_id, version + 1, values, votes)
    return version + 1, True


#: What :func:`_edit` may change: the facts a version states, its source and its note.
EDITABLE = (*VERSIONED, "source", "note")


def _edit(
    connection: sa.Connection,
    ballot_id: str,
    changes: Mapping[str, Any],
    author: str,
    now: datetime,
    expected_version: int | None,
    *,
    force: bool = False,
) -> tuple[int, bool]:
    """A new version of the ballot's current result with ``changes`` (``""`` or None as
    a value clears it; a source cannot be cleared): the same figures, provisional while
    the version edited awaits its confirmation. (current version, whether one was added)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise StoreError(f"cannot change {sorted(unknown)}: expected some of {list(EDITABLE)}")
    if not author.strip():
        raise StoreError(f"{ballot_id}: a change needs its author")
    parsed = parse_ballot_id(ballot_id)
    _require_ballot(connection, ballot_id)
    current = _current(connection, ballot_id)
    if current is None:
        raise StoreError(f"{ballot_id}: no result stored for this ballot: add one first")
    version = int(current["version"])
    if expected_version is not None and expected_version != version:
        raise ConflictError(ballot_id, expected_version, version)
    given: dict[str, Any] = {k: (None if v == "" else v) for k, v in changes.items()}
    for what in ("seats", "poll_date", "source"):
        if what in given and given[what] is None:
            raise StoreError(f"{ballot_id}: the {what.replace('_', ' ')} cannot be cleared")
    given = {k: v.strip() if isinstance(v, str) else v for k, v in given.items()}
    facts = {name: given.get(name, current[name]) for name in VERSIONED}
    note = _identity(parsed, given, given.get("note", current["note"]), force=force)
    source: str = given.get("source") or current["source"]
    _check_facts(connection, parsed, facts)
    (result,) = read_results(connection, [ballot_id], current_only=True)
    elected = len(result.elected)
    if int(facts["seats"]) < elected:
        raise StoreError(f"{ballot_id}: {elected} were elected: expected at least that many seats")
    same = note == current["note"] and source == current["source"]
    if same and all(facts[k] == current[k] for k in VERSIONED):
        return version, False
    keep = ("kind", "rules", "electorate", "papers_issued", "valid_papers", "rejected",
            "rejected_in_part", "postal", "count_json")  # fmt: skip
    values = {
        **{name: current[name] for name in keep},
        "created_at": now,
        "author": author.strip(),
        "source": source,
        "note": note,
        "digest": _digest(result.figures, source),
        "provisional": bool(current["provisional"]) and current["confirmed_by"] is None,
        **facts,
    }
    r = t.result_votes.c
    votes = connection.execute(
        sa.select(r.candidacy_id, r.position, r.votes, r.elected, r.sitting).where(
            r.version_id == current["id"]
        )
    ).mappings()
    _write_version(connection, ballot_id, version + 1, values, [dict(x) for x in votes])
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
