"""What the pages and the API read from the results store.

Purpose: the list of stored results (latest poll first, filtered by a search
on the ballot identifier or the ward's and council's names), the stored
elections and their ballots, the card of a stored result as ``tellers results
show ID --format json`` gives it (and as the embeddable card draws it), the
by-election tracker with the wards' names. (A stored count reads itself back:
:meth:`tellers.results.store.Result.count`.)

Design: reads only. The search is one SQL query with the words as bound
parameters (``LIKE`` wildcards in them escaped), never text pasted into SQL: a
result is found when each word (``and`` and ``&`` aside) is in its identifier,
its ward's name or its council's name, and the word ``by-election`` finds
by-elections.
The card comes from :func:`tellers.results.service.analyse_ballot`, the one
place that says how a stored result is analysed, and the tracker from
:func:`tellers.results.service.by_elections`, as ``tellers results byelections``
gives it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import sqlalchemy as sa

from ..core.values import round_half_away
from ..errors import TellersError
from ..results import schema as t
from ..results.store import Ballot, Result, Store
from .tracker import ByElection, Tracker

#: At most this many results are listed on the home page.
LISTED = 200


@dataclass(frozen=True, slots=True)
class Listed:
    """One stored result as the home page lists it."""

    ballot_id: str
    name: str
    poll_date: date
    seats: int
    by_election: bool
    version: int
    kind: str


def place_name(
    division_name: str | None,
    division: str | None,
    organisation_name: str | None,
    organisation: str | None,
) -> str:
    """``Spitalfields & Banglatown, Tower Hamlets``: the names where stored, else the
    identifier's slugs (``spitalfields-banglatown``) written out."""

    def written(name: str | None, slug: str | None) -> str | None:
        return name or (slug.replace("-", " ").title() if slug else None)

    parts = [written(division_name, division), written(organisation_name, organisation)]
    return ", ".join(p for p in parts if p)


#: Search words that ask for by-elections.
_BY_ELECTION_WORDS = frozenset({"by-election", "by-elections", "byelection", "byelections"})


def _search_words(search: str | None) -> list[str]:
    """The words of a search, lower case: each must be found (``and`` and ``&`` aside)."""
    words = (search or "").lower().split()
    return [w for w in words if w not in ("and", "&")]


def _like(words: str) -> str:
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def listed(store: Store, search: str | None = None, limit: int = LISTED) -> list[Listed]:
    """Stored results, latest poll first; ``search``: words each found in the identifier
    or a name (``by-election``: by-elections only)."""
    b, e, v = t.ballots.c, t.elections.c, t.result_versions.c
    latest = (
        sa.select(v.ballot_id, sa.func.max(v.version).label("version"))
        .group_by(v.ballot_id)
        .subquery("latest")
    )
    query = (
        sa.select(
            b.ballot_id,
            b.division,
            b.division_name,
            b.organisation,
            e.organisation_name,
            b.poll_date,
            b.seats,
            b.by_election,
            latest.c.version,
            v.kind,
        )
        .join(latest, latest.c.ballot_id == b.ballot_id)
        .join(t.elections, e.election_id == b.election_id)
        .join(
            t.result_versions,
            sa.and_(v.ballot_id == b.ballot_id, v.version == latest.c.version),
        )
    )
    for word in _search_words(search):
        if word in _BY_ELECTION_WORDS:
            query = query.where(b.by_election.is_(True))
            continue
        pattern = _like(word)
        query = query.where(
            sa.or_(
                *(
                    sa.func.lower(column).like(pattern, escape="\\")
                    for column in (b.ballot_id, b.division_name, e.organisation_name)
                )
            )
        )
    query = query.order_by(b.poll_date.desc(), b.ballot_id).limit(limit)
    with store.engine.connect() as connection:
        rows = connection.execute(query).all()
    found = []
    for row in rows:
        name = place_name(row.division_name, row.division, row.organisation_name, row.organisation)
        found.append(
            Listed(
                row.ballot_id,
                name or row.ballot_id,
                row.poll_date,
                int(row.seats),
                bool(row.by_election),
                int(row.version),
                str(row.kind),
            )
        )
    return found


def listed_json(found: Listed) -> dict[str, Any]:
    """A listed result as the API gives it (every number a string)."""
    return {
        "id": found.ballot_id,
        "name": found.name,
        "poll_date": found.poll_date.isoformat(),
        "seats": str(found.seats),
        "by_election": found.by_election,
        "version": str(found.version),
        "kind": found.kind,
    }


def elections(store: Store) -> list[dict[str, Any]]:
    """Every stored election, latest poll first: identifier, poll date, type, council,
    and how many of its ballots are stored and how many have a result."""
    e, b, v = t.elections.c, t.ballots.c, t.result_versions.c
    with_result = sa.select(v.ballot_id).distinct().subquery("with_result")
    query = (
        sa.select(
            e.election_id,
            e.poll_date,
            e.election_type,
            e.organisation,
            e.organisation_name,
            sa.func.count(b.ballot_id).label("ballots"),
            sa.func.count(with_result.c.ballot_id).label("results"),
        )
        .join(t.ballots, b.election_id == e.election_id, isouter=True)
        .join(with_result, with_result.c.ballot_id == b.ballot_id, isouter=True)
        .group_by(e.election_id, e.poll_date, e.election_type, e.organisation, e.organisation_name)
        .order_by(e.poll_date.desc(), e.election_id)
    )
    with store.engine.connect() as connection:
        rows = connection.execute(query).all()
    return [
        {
            "id": row.election_id,
            "poll_date": row.poll_date.isoformat(),
            "type": row.election_type,
            "organisation": row.organisation,
            "organisation_name": row.organisation_name,
            "ballots": str(row.ballots),
            "results": str(row.results),
        }
        for row in rows
    ]


def election(store: Store, election_id: str) -> dict[str, Any] | None:
    """One stored election and its ballots (with the current version of each one's result,
    ``null`` where none is stored); ``None`` if the election is not stored."""
    found = next((x for x in elections(store) if x["id"] == election_id), None)
    if found is None:
        return None
    v = t.result_versions.c
    versions = (
        sa.select(v.ballot_id, sa.func.max(v.version).label("version"))
        .join(t.ballots, t.ballots.c.ballot_id == v.ballot_id)
        .where(t.ballots.c.election_id == election_id)
        .group_by(v.ballot_id)
    )
    with store.engine.connect() as connection:
        current = {row.ballot_id: int(row.version) for row in connection.execute(versions)}
    ballots = []
    for ballot in store.ballots(election_id=election_id):
        version = current.get(ballot.ballot_id)
        ballots.append(
            {
                "id": ballot.ballot_id,
                "name": _ballot_place(ballot) or ballot.ballot_id,
                "poll_date": ballot.poll_date.isoformat(),
                "seats": str(ballot.seats),
                "by_election": ballot.by_election,
                "version": None if version is None else str(version),
            }
        )
    return {**found, "ballots": ballots}


def _ballot_place(ballot: Ballot) -> str:
    return place_name(
        ballot.division_name, ballot.division, ballot.organisation_name, ballot.organisation
    )


@dataclass(frozen=True, slots=True)
class Bar:
    """One party's line in the embeddable card's bar list."""

    party: str
    label: str
    votes: str
    percent: str
    won: bool


@dataclass(frozen=True, slots=True)
class Card:
    """A stored result as the embeddable card shows it.

    ``document`` is the card of ``tellers results show ID --format json`` and
    ``headline`` its outcome (``Robbani (IND) GAIN from LAB``); both ``None``, with
    ``error`` saying why, when the result cannot be analysed.
    """

    ballot: Ballot
    result: Result
    place: str
    document: dict[str, Any] | None
    headline: str | None
    error: str | None

    @property
    def bars(self) -> list[Bar]:
        """Each party that stood, largest share first (the card's shares); where one party
        (or none) covers every candidate, each candidate, most votes first, with the
        percentage of the votes cast."""
        if self.document is None:
            return []
        d = self.document
        candidates = self.result.candidates
        if not self.by_party:
            total = sum(c.votes for c in candidates)
            return [
                Bar(
                    c.party_key,
                    c.name,
                    f"{c.votes}",
                    round_half_away(Fraction(100 * c.votes, total), 1) if total else "0.0",
                    c.elected,
                )
                for c in sorted(candidates, key=lambda c: -c.votes)
            ]
        won = {e["party"] for e in d["elected"]}
        ranked = sorted(d["shares"].items(), key=lambda kv: -Decimal(kv[1]))
        return [
            Bar(party, d["party_labels"].get(party, party), d["votes"][party], share, party in won)
            for party, share in ranked
        ]

    @property
    def by_party(self) -> bool:
        """Do the bars give parties' shares (else candidates' votes: one party stood)?"""
        if self.document is None:
            return False
        return len(self.document["shares"]) != 1 or len(self.result.candidates) <= 1

    @property
    def provisional(self) -> bool:
        return bool(getattr(self.result, "provisional", False))


def result_card(store: Store, ballot_id: str) -> Card:
    """The card of the ballot's current result; :class:`~tellers.results.store.StoreError`
    if the ballot or its result is not stored."""
    from ..results.card import headline, to_json
    from .results import analyse_ballot, current

    ballot, result = current(store, ballot_id)
    document = title = error = None
    try:
        analysis = analyse_ballot(store, ballot_id)
        document, title = to_json(analysis), headline(analysis)
    except (TellersError, ValueError) as problem:
        error = str(problem)
    return Card(ballot, result, _ballot_place(ballot) or ballot_id, document, title, error)


@dataclass(frozen=True, slots=True)
class TrackerRow:
    """A by-election of the tracker with its ward's name."""

    row: ByElection
    place: str


def tracker_rows(store: Store, tracker: Tracker) -> list[TrackerRow]:
    """The tracker's by-elections, latest poll first (then by identifier), each with its
    ward's name."""
    latest_first = sorted(tracker.rows, key=lambda row: row.poll_date, reverse=True)
    return [
        TrackerRow(row, _ballot_place(store.ballot(row.ballot_id)) or row.ballot_id)
        for row in latest_first  # tracker.rows are by identifier within a day; sorted is stable
    ]
