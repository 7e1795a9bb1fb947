"""Results in Democracy Club's candidates CSV: read into the store, and written back out.

::

    from tellers.results.democracy_club import read_rows, rows_of
    store.import_rows(read_rows("results.csv"))         # all or nothing
    for row in rows_of(ballot, result): ...              # one dict a candidate, COLUMNS

Purpose: UK results live in Democracy Club's data. Its candidates export
(candidates.democracyclub.org.uk, "Download data") is one row a candidacy,
with the ballot paper id (``local.tower-hamlets.spitalfields-banglatown.by.2012-04-19``),
the person, the party and, once declared, the result. ``tellers results import
--from democracy-club`` reads it; ``tellers results export --format democracy-club``
writes a stored result in the same shape, so a result entered here can go back.

Columns read (by heading, in any order; others are ignored):

    ballot_paper_id      the ballot's id (Democracy Club's grammar)           required
    person_name          the candidate's name                                 required
    party_name           the party as registered ("Labour Party"; "Independent")  required
    votes_cast           votes, a whole number                                required
    elected              t / f (also true, false, yes, no, 1, 0); empty: not marked
    election_id          must be the ballot's election            \\
    election_date        must be the ballot's date                 | optional,
    seats_contested      seats filled (default 1)                  | the same on
    post_label           the ward's name                           | every row of
    organisation_name    the council's name                        | a ballot
    gss                  the ward's GSS code                       |
    by_election_reason   DEATH, RESIGNATION, ... (by-elections)    |
    cancelled_poll       t: an uncontested return, no poll: skipped
    total_electorate     the electorate                            |
    spoilt_ballots       papers rejected (stored under the head ``unspecified``)
    turnout_reported     ballot papers counted (valid papers = this - spoilt)
    results_source       where the figures come from (default: the file)  /

Design: the whole file is read and checked before anything is stored; a row
that does not fit is refused with its line (``file:line: what was expected``)
and, as every import is one transaction, nothing is stored. A ballot where no
row is marked elected is counted under the rule set given (``uk-fptp``); where
some are, exactly ``min(seats, candidates)`` must be. The store keeps no
Democracy Club person ids or party ids: ``person_id`` is written empty (Democracy
Club matches a candidacy by ballot and name), and ``party_id`` is the Electoral
Commission's id of the main parties (:data:`PARTY_IDS`), else empty.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InputError
from .ids import parse_ballot_id
from .parties import INDEPENDENT
from .store import Ballot, BallotInfo, CandidateResult, Figures, Result, ResultRow

__all__ = ["COLUMNS", "PARTY_IDS", "REQUIRED", "party_id", "read_rows", "rows_of"]

#: The columns written, in Democracy Club's order (its core fields, then the results).
COLUMNS = (
    "person_id",
    "person_name",
    "election_id",
    "ballot_paper_id",
    "election_date",
    "election_current",
    "party_name",
    "party_id",
    "post_label",
    "cancelled_poll",
    "seats_contested",
    "by_election",
    "by_election_reason",
    "gss",
    "organisation_name",
    "votes_cast",
    "elected",
    "spoilt_ballots",
    "total_electorate",
    "turnout_reported",
    "results_source",
)
REQUIRED = ("ballot_paper_id", "person_name", "party_name", "votes_cast")

#: Democracy Club's party ids (the Electoral Commission's register) of the main parties,
#: by party key; independents are ``ynmp-party:2``.
PARTY_IDS: Mapping[str, str] = {
    "con": "PP52",
    "lab": "PP53",
    "ld": "PP90",
    "reform": "PP7931",
    "snp": "PP102",
    "pc": "PP77",
    INDEPENDENT: "ynmp-party:2",
}
#: The Green party of England and Wales; the Scottish and other Greens have their own ids.
GREEN_PARTY = ("green party", "PP63")

#: Rejected papers whose statutory heads the source does not give.
UNSPECIFIED = "unspecified"

_TRUE = frozenset({"t", "true", "yes", "y", "1"})
_FALSE = frozenset({"f", "false", "no", "n", "0"})
_WHOLE = re.compile(r"[0-9]+")
#: Facts of a ballot that every one of its rows must give alike.
_BALLOT_FACTS = (
    "election_id",
    "election_date",
    "seats_contested",
    "post_label",
    "organisation_name",
    "gss",
    "by_election_reason",
    "cancelled_poll",
    "total_electorate",
    "spoilt_ballots",
    "turnout_reported",
    "results_source",
)


@dataclass
class _Ballot:
    ballot_id: str
    line: int
    facts: dict[str, str]
    candidates: list[tuple[int, str, str, int, bool | None]] = field(default_factory=list)


def _flag(text: str, name: str, line: int, what: str) -> bool | None:
    folded = text.strip().casefold()
    if not folded:
        return None
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise InputError(name, line, f"expected {what} to be t or f, found {text!r}")


def _whole(text: str, name: str, line: int, what: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not _WHOLE.fullmatch(text):
        raise InputError(name, line, f"expected {what}, a whole number, found {text!r}")
    return int(text)


def _read(path: str | Path) -> tuple[list[_Ballot], str]:
    """The file's ballots, in order of first appearance, each row checked."""
    name = str(path)
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except OSError as error:
        raise InputError(name, None, f"cannot read the file: {error.strerror}") from None
    ballots: dict[str, _Ballot] = {}
    with handle:
        reader = csv.DictReader(handle)
        headings = reader.fieldnames or []
        missing = [column for column in REQUIRED if column not in headings]
        if missing:
            raise InputError(
                name, 1, f"expected Democracy Club's columns {', '.join(missing)} in the header"
            )
        for record in reader:
            line = reader.line_num
            values = {k: (v or "").strip() for k, v in record.items() if isinstance(k, str)}
            if not any(values.values()):
                continue
            ballot_id = values["ballot_paper_id"]
            try:
                parsed = parse_ballot_id(ballot_id)
            except InputError as error:
                raise InputError(name, line, error.message) from None
            facts = {k: values.get(k, "") for k in _BALLOT_FACTS}
            if facts["election_id"] and facts["election_id"] != parsed.election_id:
                raise InputError(
                    name,
                    line,
                    f"expected election_id {parsed.election_id} for ballot {ballot_id}, "
                    f"found {facts['election_id']!r}",
                )
            if facts["election_date"] and facts["election_date"] != parsed.date.isoformat():
                raise InputError(
                    name,
                    line,
                    f"expected election_date {parsed.date.isoformat()} for ballot {ballot_id}, "
                    f"found {facts['election_date']!r}",
                )
            ballot = ballots.get(ballot_id)
            if ballot is None:
                ballot = ballots[ballot_id] = _Ballot(ballot_id, line, facts)
            else:
                for key in _BALLOT_FACTS:
                    if facts[key] != ballot.facts[key]:
                        raise InputError(
                            name,
                            line,
                            f"expected {key} {ballot.facts[key]!r} as on line {ballot.line} "
                            f"for ballot {ballot_id}, found {facts[key]!r}",
                        )
            cancelled = _flag(facts["cancelled_poll"], name, line, "cancelled_poll")
            person = values["person_name"]
            if not person:
                raise InputError(name, line, "expected the candidate's name in person_name")
            if any(c[1] == person for c in ballot.candidates):
                raise InputError(
                    name, line, f"expected each candidate once in {ballot_id}, found {person!r}"
                )
            votes = _whole(values["votes_cast"], name, line, "votes_cast")
            if votes is None and not cancelled:
                raise InputError(name, line, f"expected votes_cast for {person}, found none")
            elected = _flag(values.get("elected", ""), name, line, "elected")
            ballot.candidates.append((line, person, values["party_name"], votes or 0, elected))
            for key in ("seats_contested", "total_electorate", "spoilt_ballots"):
                _whole(facts[key], name, line, key)
            _whole(facts["turnout_reported"], name, line, "turnout_reported")
    if not ballots:
        raise InputError(name, None, "expected candidate rows, found none")
    return list(ballots.values()), name


def read_rows(
    path: str | Path, *, rules: str = "uk-fptp", skipped: list[str] | None = None
) -> Iterator[ResultRow]:
    """The file's ballots as rows for :meth:`Store.import_rows`; every row is checked
    before the first is given. Cancelled polls are left out (their ids appended to
    ``skipped`` where given)."""
    ballots, name = _read(path)
    rows = []
    for ballot in ballots:
        facts = ballot.facts
        line = ballot.line
        if _flag(facts["cancelled_poll"], name, line, "cancelled_poll"):
            if skipped is not None:
                skipped.append(ballot.ballot_id)
            continue
        seats = _whole(facts["seats_contested"], name, line, "seats_contested") or 1
        marked = [c for c in ballot.candidates if c[4]]
        if marked and len(marked) != min(seats, len(ballot.candidates)):
            raise InputError(
                name,
                line,
                f"expected {min(seats, len(ballot.candidates))} candidates elected in "
                f"{ballot.ballot_id}, found {len(marked)}",
            )
        candidates = tuple(
            CandidateResult(person, party or None, votes, bool(elected))
            for _, person, party, votes, elected in ballot.candidates
        )
        spoilt = _whole(facts["spoilt_ballots"], name, line, "spoilt_ballots")
        turnout = _whole(facts["turnout_reported"], name, line, "turnout_reported")
        valid = None if turnout is None else turnout - (spoilt or 0)
        if valid is not None and valid < 0:
            raise InputError(
                name, line, f"expected turnout_reported of at least spoilt_ballots ({spoilt})"
            )
        figures = Figures(
            candidates,
            kind="totals",
            rules=rules,
            seats=seats,
            electorate=_whole(facts["total_electorate"], name, line, "total_electorate"),
            valid_papers=valid,
            rejected={UNSPECIFIED: spoilt} if spoilt is not None else {},
        )
        # unmarked: those elected are found under the rule set, as `results add` does
        result = figures if marked else _election(ballot.ballot_id, figures, rules, name)
        info = BallotInfo(
            seats=seats,
            division_name=facts["post_label"] or None,
            division_gss=facts["gss"] or None,
            organisation_name=facts["organisation_name"] or None,
            by_election_reason=facts["by_election_reason"].upper() or None,
            rules=rules,
        )
        source = facts["results_source"] or name
        rows.append(ResultRow(ballot.ballot_id, result, source, info, line=line))
    yield from rows


def _election(ballot_id: str, figures: Figures, rules: str, source: str) -> Any:
    """Declared totals as an Election, for the store to count under ``rules``."""
    from ..core.model import Candidate, Contest, Election, Totals

    return Election(
        Contest(
            ballot_id,
            figures.seats or 1,
            tuple(Candidate(c.name, c.party) for c in figures.candidates),
        ),
        Totals(tuple(c.votes for c in figures.candidates), figures.valid_papers),
        rejected=dict(figures.rejected),
        electorate=figures.electorate,
        source=source,
        rules=rules,
    )


def party_id(party: str | None, key: str) -> str:
    """Democracy Club's id of a party, where tellers knows it, else empty."""
    if party is not None and party.strip().casefold() == GREEN_PARTY[0]:
        return GREEN_PARTY[1]
    return PARTY_IDS.get(key, "")


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def rows_of(ballot: Ballot, result: Result) -> Iterator[dict[str, str]]:
    """A stored result as Democracy Club's rows, one a candidate (:data:`COLUMNS`)."""
    f = result.figures
    spoilt = sum(f.rejected.values()) if f.rejected else None
    turnout = None if f.valid_papers is None else f.valid_papers + (spoilt or 0)
    for c in result.candidates:
        independent = c.party_key == INDEPENDENT
        values: dict[str, Any] = {
            "person_id": None,
            "person_name": c.name,
            "election_id": ballot.election_id,
            "ballot_paper_id": ballot.ballot_id,
            "election_date": ballot.poll_date,
            "election_current": None,
            "party_name": c.party or ("Independent" if independent else None),
            "party_id": party_id(c.party, c.party_key),
            "post_label": ballot.division_name,
            "cancelled_poll": False,
            "seats_contested": result.seats,
            "by_election": ballot.by_election,
            "by_election_reason": ballot.by_election_reason,
            "gss": ballot.division_gss,
            "organisation_name": ballot.organisation_name,
            "votes_cast": c.votes,
            "elected": c.elected,
            "spoilt_ballots": spoilt,
            "total_electorate": f.electorate,
            "turnout_reported": turnout,
            "results_source": result.source,
        }
        yield {column: _text(values[column]) for column in COLUMNS}
