"""The store's records: ballots, results and their figures, and its errors."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any

from ...core.count import Count
from ...core.model import Candidate, Contest, Election, Totals
from ...errors import TellersError
from ..parties import party_key

#: Why a by-election was held: Democracy Club's codes (``Ballot.by_election_reason``
#: in YourNextRepresentative), from the Electoral Commission's guidance on casual vacancies.
BY_ELECTION_REASONS: Mapping[str, str] = MappingProxyType(
    {
        "DEATH": "The elected member died",
        "RESIGNATION": "The elected member resigned",
        "ELECTORAL_COURT": "The election of the elected member was declared void by an "
        "election court",
        "FAILURE_TO_ACCEPT": "The previous election winner did not sign a declaration of "
        "acceptance",
        "FAILURE_TO_ATTEND_MEETINGS": "The elected member failed to attend meetings for six months",
        "DISQUALIFICATION": "The elected member was disqualified",
        "LOSING_QUALIFICATION": "The elected member no longer qualified as a registered elector",
        "RECALL_PETITION": "The elected member was recalled by a successful recall petition",
        "OTHER": "Other",
        "UNKNOWN": "Unknown",
    }
)


class StoreError(TellersError):
    """A result or ballot the store cannot take as given, or one it does not hold."""


class ConflictError(StoreError):
    """The result changed since the editor read it: their save would overwrite a change."""

    def __init__(self, ballot_id: str, expected: int, current: int) -> None:
        self.ballot_id = ballot_id
        self.expected = expected
        self.current = current
        super().__init__(
            f"{ballot_id}: the result is at version {current}, not {expected}: "
            "someone saved a change since; reload it and make your change again"
        )


@dataclass(frozen=True, slots=True)
class PostalVotes:
    """Postal votes issued, returned, and rejected at opening by reason, where known."""

    issued: int | None = None
    returned: int | None = None
    rejected: Mapping[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {}
        if self.issued is not None:
            document["issued"] = self.issued
        if self.returned is not None:
            document["returned"] = self.returned
        if self.rejected:
            document["rejected"] = {k: self.rejected[k] for k in sorted(self.rejected)}
        return document

    @classmethod
    def from_json(cls, document: Mapping[str, Any] | None) -> PostalVotes:
        document = document or {}
        return cls(document.get("issued"), document.get("returned"), document.get("rejected", {}))


@dataclass(frozen=True, slots=True)
class CandidateResult:
    """One candidate's line of a result: votes (declared, or first preferences)."""

    name: str
    party: str | None
    votes: int
    elected: bool = False
    party_key: str = ""
    sitting: bool | None = None

    def __post_init__(self) -> None:
        if not self.party_key:
            object.__setattr__(self, "party_key", party_key(self.party))


@dataclass(frozen=True, slots=True)
class Figures:
    """A result's content, whatever it was read from: what a version stores."""

    candidates: tuple[CandidateResult, ...]
    kind: str = "totals"
    rules: str | None = None
    seats: int | None = None
    electorate: int | None = None
    papers_issued: int | None = None
    valid_papers: int | None = None
    rejected: Mapping[str, int] = field(default_factory=dict)
    rejected_in_part: int | None = None
    postal: PostalVotes = field(default_factory=PostalVotes)
    count_json: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class BallotInfo:
    """What is known of a ballot beyond its identifier; None: not known (or unchanged).

    ``seats``, ``poll_date``, ``division_name`` (the ward's name as the result gives it),
    ``vacated_party`` (the defending party), ``by_election_reason`` and ``comparable_id``
    are stated by each version of the ballot's result (:data:`VERSIONED`): a change to
    one is a new version. ``poll_date`` defaults to the identifier's date.
    """

    seats: int | None = None
    poll_date: date | None = None
    division_name: str | None = None
    division_gss: str | None = None
    organisation_name: str | None = None
    organisation_gss: str | None = None
    by_election_reason: str | None = None
    vacated_party: str | None = None
    comparable_id: str | None = None
    rules: str | None = None


#: The ballot's facts that each version of its result states (columns of ``ballots``
#: and of ``result_versions`` alike; the ballot's are its current version's).
VERSIONED = (
    "seats",
    "poll_date",
    "division_name",
    "vacated_party",
    "by_election_reason",
    "comparable_id",
)


@dataclass(frozen=True, slots=True)
class Ballot:
    """A stored ballot (one contest)."""

    ballot_id: str
    election_id: str
    election_type: str
    organisation: str | None
    organisation_name: str | None
    organisation_gss: str | None
    division: str | None
    division_name: str | None
    division_gss: str | None
    poll_date: date
    seats: int
    by_election: bool
    by_election_reason: str | None
    vacated_party: str | None
    comparable_id: str | None
    rules: str | None


@dataclass(frozen=True, slots=True)
class Result:
    """One version of a ballot's result.

    ``provisional``: typed in on the web and not yet confirmed by a second editor;
    once confirmed, False, with ``confirmed_by`` and ``confirmed_at`` set. The version
    also states the ballot's facts: ``poll_date``, ``ward_name`` (as the result gives it),
    ``defending`` (the party key of the vacated seat's last ordinary winner, where
    known), ``by_election_reason`` and ``comparable_id``; ``note``: the version's note.
    """

    ballot_id: str
    version: int
    created_at: datetime
    author: str
    source: str
    seats: int
    figures: Figures
    provisional: bool = False
    confirmed_by: str | None = None
    confirmed_at: datetime | None = None
    poll_date: date | None = None
    ward_name: str | None = None
    defending: str | None = None
    by_election_reason: str | None = None
    comparable_id: str | None = None

    @property
    def note(self) -> str | None:
        return self.figures.note

    @property
    def candidates(self) -> tuple[CandidateResult, ...]:
        return self.figures.candidates

    @property
    def kind(self) -> str:
        return self.figures.kind

    @property
    def elected(self) -> tuple[CandidateResult, ...]:
        return tuple(c for c in self.candidates if c.elected)

    def count(self) -> Count | None:
        """The count this result records, stage by stage, if it was stored as one."""
        if self.figures.count_json is None:
            return None
        from ...report.json import from_dict

        return from_dict(json.loads(self.figures.count_json), self.ballot_id)

    def to_election(self) -> Election:
        """The declared totals (first preferences, for a count) as an :class:`Election`."""
        f = self.figures
        contest = Contest(
            self.ballot_id,
            self.seats,
            tuple(Candidate(c.name, c.party) for c in f.candidates),
        )
        return Election(
            contest,
            Totals(tuple(c.votes for c in f.candidates), f.valid_papers),
            rejected=dict(f.rejected),
            rejected_in_part=f.rejected_in_part,
            electorate=f.electorate,
            papers_issued=f.papers_issued,
            source=self.source,
            rules=f.rules,
        )


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One result of a bulk import (:meth:`Store.import_rows`)."""

    ballot_id: str
    result: Figures | Election | str | Mapping[str, Any]
    source: str
    ballot: BallotInfo = field(default_factory=BallotInfo)
    elected: Sequence[str] | None = None
    postal: PostalVotes | None = None
    line: int | None = None  # where the row starts in its file, for messages


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did."""

    ballots: int = 0
    ballots_added: int = 0
    versions_added: int = 0
    unchanged: int = 0


def utc(moment: datetime) -> datetime:
    """``moment`` with its time zone: SQLite gives back UTC times without one."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
