"""The results store: declared results and stored counts, with their whole history.

::

    from tellers.results.store import open_store
    store = open_store()                      # $TELLERS_DB, else ./tellers.db (SQLite)
    store = open_store("postgresql+psycopg://user@host/db")
    version = store.add_result(read("ward.txt"), "local.tower-hamlets.spitalfields-banglatown"
                               ".by.2012-04-26", source="https://...", author="ann")
    store.current_result(ballot_id); store.history(ballot_id); store.comparable(ballot_id)

Design:

- One schema (:mod:`.schema`) on SQLite and PostgreSQL, through SQLAlchemy Core;
  :func:`open_store` brings the database to the newest Alembic revision first.
- A result is kept as versions. Saving inserts a new ``result_versions`` row (and
  its votes): nothing in the result tables is ever updated or deleted, so the
  history is the table itself and the current result is the highest version.
  Saving figures identical to the current version (same source too) adds nothing,
  which makes imports idempotent.
- ``expected_version``: the version the editor started from. If another change was
  saved since, :class:`ConflictError` is raised instead of writing over it
  (version numbers, not last-write-wins). ``0`` means "no result yet".
- A result typed in on the web (:mod:`.entry`) is saved ``provisional`` and stays so
  until a second editor confirms it (a row of ``confirmations``); results added by the
  command line and imports are not provisional.
- One transaction per call: a bulk import (:meth:`Store.import_rows`) that fails
  anywhere leaves the database exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import Any

import sqlalchemy as sa

from ..core.count import Count
from ..core.model import Candidate, Contest, Election, Totals
from ..errors import InputError, TellersError
from . import schema as t
from .ids import ElectionId, parse_ballot_id
from .parties import party_key

__all__ = [
    "BY_ELECTION_REASONS",
    "Ballot",
    "BallotInfo",
    "CandidateResult",
    "ConflictError",
    "Figures",
    "ImportSummary",
    "PostalVotes",
    "Result",
    "ResultRow",
    "Store",
    "StoreError",
    "current",
    "default_url",
    "figures_of",
    "open_store",
    "upgrade",
]

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

DEFAULT_FILE = "tellers.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


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


# --- records ---------------------------------------------------------------------------


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
    """What is known of a ballot beyond its identifier; None: not known (or unchanged)."""

    seats: int | None = None
    division_name: str | None = None
    division_gss: str | None = None
    organisation_name: str | None = None
    organisation_gss: str | None = None
    by_election_reason: str | None = None
    vacated_party: str | None = None
    comparable_id: str | None = None
    rules: str | None = None


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
    once confirmed, False, with ``confirmed_by`` and ``confirmed_at`` set.
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
        from ..report.json import from_dict

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


# --- opening ---------------------------------------------------------------------------


def default_url() -> str:
    """``$TELLERS_DB`` (a URL, or a path to a SQLite file), else ``./tellers.db``."""
    value = os.environ.get("TELLERS_DB", "").strip() or DEFAULT_FILE
    return value if "://" in value else f"sqlite:///{value}"


def _engine(url: str) -> sa.Engine:
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as error:
        raise StoreError(f"{url}: expected a database URL ({error})") from None
    except ModuleNotFoundError as error:
        raise StoreError(
            f"{url}: the database driver {error.name} is not installed "
            "(for PostgreSQL: pip install 'tellers[postgres]')"
        ) from None
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(connection: Any, _record: Any) -> None:
    # tellers, not the driver, says when a transaction begins (see _sqlite_begin)
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 30000")
    # readers go on reading while a result is saved (and across `serve --workers`)
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    # A write takes SQLite's write lock at its start, so that two editors saving at once
    # queue up and the second reads the first's version (and is told of the conflict)
    # instead of both reading the same version and one failing with "database is locked".
    immediate = connection.get_execution_options().get("tellers_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` with the migrations shipped in the package."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open the store at ``url`` (default :func:`default_url`), upgraded to the newest schema."""
    url = url or default_url()
    engine = _engine(url)
    if migrate:
        try:
            upgrade(engine)
        except sa.exc.OperationalError as error:
            engine.dispose()
            raise StoreError(
                f"cannot open the results store at {_safe(url)}: {error.orig}"
            ) from None
    return Store(engine)


def _safe(url: str) -> str:
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url


# --- reading results in ----------------------------------------------------------------


def figures_of(
    result: Figures | Election | str | Mapping[str, Any],
    *,
    elected: Sequence[str] | None = None,
    postal: PostalVotes | None = None,
) -> Figures:
    """The figures of a result given as an :class:`Election` (declared totals, or ballots
    to count), a ``tellers.count/1`` document (text or parsed), or :class:`Figures`."""
    if isinstance(result, Figures):
        figures = result
    elif isinstance(result, Election):
        figures = _from_election(result, elected)
    elif isinstance(result, str):
        try:
            document = json.loads(result)
        except json.JSONDecodeError as error:
            raise InputError("count JSON", error.lineno, f"expected JSON: {error.msg}") from None
        figures = _from_count(document)
    elif isinstance(result, Mapping):
        figures = _from_count(result)
    else:
        raise StoreError(f"expected an Election or a tellers.count/1 document, found {result!r}")
    if postal is not None:
        figures = replace(figures, postal=postal)
    return figures


def _from_election(election: Election, elected: Sequence[str] | None) -> Figures:
    contest = election.contest
    if not isinstance(election.votes, Totals):
        from ..report.json import to_dict
        from ..rules import count

        rules = election.rules
        if rules is None:
            raise StoreError(f"{election.source}: name the rule set to count these ballots under")
        return _from_count(to_dict(election, count(election, rules)))
    if elected is None:
        from ..rules import count

        winners = count(election, election.rules or "uk-fptp").elected_names()
    else:
        winners = tuple(elected)
    _check_elected(election.source, contest.names, winners, contest.seats)
    return Figures(
        tuple(
            CandidateResult(c.name, c.party, votes, c.name in winners)
            for c, votes in zip(contest.candidates, election.votes.votes, strict=True)
        ),
        kind="totals",
        rules=election.rules,
        seats=contest.seats,
        electorate=election.electorate,
        papers_issued=election.papers_issued,
        valid_papers=election.votes.papers,
        rejected=dict(election.rejected),
        rejected_in_part=election.rejected_in_part,
    )


def _check_elected(source: str, names: Sequence[str], elected: Sequence[str], seats: int) -> None:
    unknown = [name for name in elected if name not in names]
    if unknown:
        raise InputError(
            source, None, f"expected elected candidates among those standing: {unknown}"
        )
    if len(set(elected)) > seats:
        raise InputError(source, None, f"expected at most {seats} elected, found {len(elected)}")


def _integer(value: Any, what: str) -> int | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InputError(
            "count JSON", None, f"expected a number for {what}, found {value!r}"
        ) from None
    if number != number.to_integral_value() or number < 0:
        raise InputError("count JSON", None, f"expected a whole number for {what}, found {value}")
    return int(number)


def _from_count(document: Mapping[str, Any]) -> Figures:
    source = str(document.get("source") or "count JSON")
    if document.get("format") != "tellers.count/1":
        raise InputError(
            source, None, f"expected a tellers.count/1 document, found {document.get('format')!r}"
        )
    try:
        contest = document["contest"]
        stages = document["stages"]
        first = stages[0]["votes"] if stages else {}
        elected = set(document["elected"])
        candidates = tuple(
            CandidateResult(
                str(c["name"]),
                c.get("party"),
                _integer(first.get(c["name"], "0"), f"the first preferences of {c['name']}") or 0,
                c["name"] in elected,
            )
            for c in contest["candidates"]
        )
        seats = _integer(contest["seats"], "seats")
    except (KeyError, TypeError, IndexError, AttributeError) as error:
        raise InputError(source, None, f"expected a tellers.count/1 document: {error!r}") from None
    _check_elected(source, [c.name for c in candidates], sorted(elected), seats or 1)
    rejected = {
        str(k): _integer(v, f"rejected ({k})") or 0 for k, v in document["rejected"].items()
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return Figures(
        candidates,
        kind="count",
        rules=contest.get("rules"),
        seats=seats,
        electorate=_integer(document.get("electorate"), "electorate"),
        valid_papers=_integer(document.get("valid_papers"), "valid papers"),
        rejected=rejected,
        rejected_in_part=_integer(document.get("rejected_in_part"), "rejected in part"),
        count_json=text,
    )


def _digest(figures: Figures, source: str) -> str:
    content = {
        "source": source,
        "kind": figures.kind,
        "rules": figures.rules,
        "electorate": figures.electorate,
        "papers_issued": figures.papers_issued,
        "valid_papers": figures.valid_papers,
        "rejected": dict(sorted(figures.rejected.items())),
        "rejected_in_part": figures.rejected_in_part,
        "postal": figures.postal.to_json(),
        "count_json": figures.count_json,
        "note": figures.note,
        "candidates": [
            [c.name, c.party, c.party_key, c.votes, c.elected, c.sitting]
            for c in figures.candidates
        ],
    }
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# --- the store -------------------------------------------------------------------------


class Store:
    """Results in a database; every method that writes is one transaction."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        try:
            with self.engine.connect() as connection:
                connection.execution_options(tellers_write=True)
                with connection.begin():
                    yield connection
        except sa.exc.IntegrityError as error:
            raise StoreError(f"the store refused the change: {error.orig}") from None

    # writing ---------------------------------------------------------------------------

    def add_ballot(self, ballot_id: str, info: BallotInfo | None = None) -> Ballot:
        """Record a ballot (and its election); fill in what was not known before.

        A value that contradicts the stored one raises :class:`StoreError`; change it
        deliberately with :meth:`update_ballot`.
        """
        with self._write() as connection:
            _ensure_ballot(connection, parse_ballot_id(ballot_id), info or BallotInfo())
        return self.ballot(ballot_id)

    def update_ballot(self, ballot_id: str, **changes: Any) -> Ballot:
        """Change a ballot's facts (``seats=``, ``by_election_reason=``, ``comparable_id=``...)."""
        allowed = set(BallotInfo.__dataclass_fields__)
        unknown = set(changes) - allowed
        if unknown:
            raise StoreError(f"cannot change {sorted(unknown)}: expected some of {sorted(allowed)}")
        _check_info(ballot_id, BallotInfo(**changes))
        with self._write() as connection:
            ballot = _require_ballot(connection, ballot_id)
            if not ballot.by_election and (
                changes.get("by_election_reason") or changes.get("vacated_party")
            ):
                raise StoreError(f"{ballot_id}: a by-election reason needs a by-election ballot")
            own = {k: v for k, v in changes.items() if not k.startswith("organisation")}
            if own:
                connection.execute(
                    t.ballots.update().where(t.ballots.c.ballot_id == ballot_id).values(own)
                )
            election = {k: v for k, v in changes.items() if k.startswith("organisation")}
            if election:
                e = t.elections.c
                connection.execute(
                    t.elections.update().where(e.election_id == ballot.election_id).values(election)
                )
        return self.ballot(ballot_id)

    def link_comparable(self, ballot_id: str, earlier_id: str) -> Ballot:
        """Record that ``earlier_id`` is the election ``ballot_id`` is compared with."""
        return self.update_ballot(ballot_id, comparable_id=earlier_id)

    def add_result(
        self,
        result: Figures | Election | str | Mapping[str, Any],
        ballot_id: str,
        source: str,
        *,
        author: str = "tellers",
        expected_version: int | None = None,
        elected: Sequence[str] | None = None,
        postal: PostalVotes | None = None,
        ballot: BallotInfo | None = None,
        provisional: bool = False,
    ) -> int:
        """Save a result of ``ballot_id``; return its version (unchanged figures: the
        current version, and nothing is written).

        ``result``: an :class:`Election` of declared totals (``elected`` names the winners;
        without it they are counted under the election's rule set, ``uk-fptp`` by
        default), an Election of ballots (counted under its rule set), or a
        ``tellers.count/1`` document. ``source`` (a URL or a document) is required.
        ``expected_version``: the version the change was made to (0: none yet); if the
        current version is another, :class:`ConflictError`. ``provisional``: the version
        awaits a second editor's confirmation (see :mod:`.entry`).
        """
        row = ResultRow(ballot_id, result, source, ballot or BallotInfo(), elected, postal)
        return self._save_result(row, author, expected_version, provisional=provisional)[0]

    def _save_result(
        self,
        row: ResultRow,
        author: str,
        expected_version: int | None,
        *,
        provisional: bool = False,
        then: Callable[[sa.Connection, int, bool], None] | None = None,
    ) -> tuple[int, bool]:
        """:meth:`add_result`, returning (version, whether one was written); ``then``
        is called with the connection, the version and that flag in the same
        transaction (:mod:`.entry` records the edit there)."""
        now = datetime.now(UTC)
        try:
            with self._write() as connection:
                version, wrote = _save(
                    connection, row, author, now, expected_version, provisional=provisional
                )
                if then is not None:
                    then(connection, version, wrote)
        except StoreError:
            # Two saves made to the same version at the same moment: the database's
            # unique (ballot, version) lets one in; the other is told it lost the race.
            if expected_version is not None:
                current = self.current_result(row.ballot_id)
                if current is not None and current.version != expected_version:
                    raise ConflictError(row.ballot_id, expected_version, current.version) from None
            raise
        return version, wrote

    def import_rows(self, rows: Iterable[ResultRow], *, author: str = "tellers") -> ImportSummary:
        """Save many results in one transaction: all of them, or (on any error) none."""
        now = datetime.now(UTC)
        ballots = added_ballots = added = unchanged = 0
        with self._write() as connection:
            for row in rows:
                try:
                    new_ballot = not _exists(connection, row.ballot_id)
                    _, wrote = _save(connection, row, author, now, None)
                except InputError as error:
                    if row.line is None or error.line is not None:
                        raise
                    raise InputError(row.source, row.line, error.message) from None
                except StoreError as error:
                    if row.line is None:
                        raise
                    raise InputError(row.source, row.line, str(error)) from None
                ballots += 1
                added_ballots += new_ballot
                added += wrote
                unchanged += not wrote
        return ImportSummary(ballots, added_ballots, added, unchanged)

    # reading ---------------------------------------------------------------------------

    def ballot(self, ballot_id: str) -> Ballot:
        """The stored ballot; :class:`StoreError` if there is none."""
        with self.engine.connect() as connection:
            return _require_ballot(connection, ballot_id)

    def has_ballot(self, ballot_id: str) -> bool:
        with self.engine.connect() as connection:
            return _exists(connection, ballot_id)

    def ballots(
        self,
        *,
        organisation: str | None = None,
        election_id: str | None = None,
        election_type: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        by_elections_only: bool = False,
    ) -> list[Ballot]:
        """Stored ballots, oldest poll first, then by identifier."""
        query = _ballot_query()
        b = t.ballots.c
        if organisation is not None:
            query = query.where(b.organisation == organisation)
        if election_id is not None:
            query = query.where(b.election_id == election_id)
        if election_type is not None:
            query = query.where(b.election_type == election_type)
        if since is not None:
            query = query.where(b.poll_date >= _date(since))
        if until is not None:
            query = query.where(b.poll_date <= _date(until))
        if by_elections_only:
            query = query.where(b.by_election.is_(True))
        with self.engine.connect() as connection:
            rows = connection.execute(query.order_by(b.poll_date, b.ballot_id))
            return [_ballot(row) for row in rows]

    def elections(self) -> list[str]:
        """Identifiers of the stored elections, oldest first."""
        e = t.elections.c
        with self.engine.connect() as connection:
            query = sa.select(e.election_id).order_by(e.poll_date, e.election_id)
            return list(connection.scalars(query))

    def current_result(self, ballot_id: str) -> Result | None:
        """The latest version of the ballot's result, or None if none is stored."""
        history = self._results([ballot_id], current_only=True)
        return history[0] if history else None

    def result(self, ballot_id: str, version: int) -> Result:
        """One version of the ballot's result; :class:`StoreError` if there is no such version."""
        found = self._results([ballot_id], current_only=False, version=version)
        if not found:
            self.ballot(ballot_id)
            raise StoreError(f"{ballot_id}: no version {version} of the result")
        return found[0]

    def history(self, ballot_id: str) -> list[Result]:
        """Every version of the ballot's result, oldest first."""
        self.ballot(ballot_id)
        return self._results([ballot_id], current_only=False)

    def results(self, election_id: str) -> list[Result]:
        """The current result of every ballot of an election that has one."""
        with self.engine.connect() as connection:
            ids = list(
                connection.scalars(
                    sa.select(t.ballots.c.ballot_id)
                    .where(t.ballots.c.election_id == election_id)
                    .order_by(t.ballots.c.ballot_id)
                )
            )
        return self._results(ids, current_only=True)

    def seats_won(
        self,
        *,
        election_id: str | None = None,
        organisation: str | None = None,
        poll_date: date | str | None = None,
    ) -> dict[str, int]:
        """Seats won per party key in the current results, most first."""
        v, r, c, b = t.result_versions.c, t.result_votes.c, t.candidacies.c, t.ballots.c
        query = (
            sa.select(c.party_key, sa.func.count())
            .select_from(
                t.result_votes.join(t.result_versions, r.version_id == v.id)
                .join(t.candidacies, r.candidacy_id == c.id)
                .join(t.ballots, v.ballot_id == b.ballot_id)
            )
            .where(r.elected.is_(True), v.version == _latest_version(v.ballot_id))
            .group_by(c.party_key)
        )
        if election_id is not None:
            query = query.where(b.election_id == election_id)
        if organisation is not None:
            query = query.where(b.organisation == organisation)
        if poll_date is not None:
            query = query.where(b.poll_date == _date(poll_date))
        with self.engine.connect() as connection:
            counts = {str(key): int(n) for key, n in connection.execute(query)}
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def comparable(self, ballot_id: str) -> Ballot | None:
        """The earlier ballot this one is compared with: the one linked explicitly, else the
        ward's last ordinary (not by-) election before it: same type, organisation and
        division slug, or the same division GSS code."""
        ballot = self.ballot(ballot_id)
        if ballot.comparable_id is not None:
            return self.ballot(ballot.comparable_id)
        b = t.ballots.c
        same_place = b.division == ballot.division if ballot.division is not None else sa.true()
        if ballot.division_gss is not None:
            same_place = sa.or_(same_place, b.division_gss == ballot.division_gss)
        query = (
            _ballot_query()
            .where(
                b.election_type == ballot.election_type,
                _same(b.organisation, ballot.organisation),
                same_place,
                b.by_election.is_(False),
                b.poll_date < ballot.poll_date,
            )
            .order_by(b.poll_date.desc())
            .limit(1)
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return None if row is None else _ballot(row)

    def _results(
        self, ballot_ids: Sequence[str], *, current_only: bool, version: int | None = None
    ) -> list[Result]:
        if not ballot_ids:
            return []
        v, r, c = t.result_versions.c, t.result_votes.c, t.candidacies.c
        f = t.confirmations.c
        query = (
            sa.select(t.result_versions, t.ballots.c.seats, f.confirmed_by, f.confirmed_at)
            .join(t.ballots, t.ballots.c.ballot_id == v.ballot_id)
            .outerjoin(t.confirmations, f.version_id == v.id)
            .where(v.ballot_id.in_(ballot_ids))
            .order_by(v.ballot_id, v.version)
        )
        if current_only:
            query = query.where(v.version == _latest_version(v.ballot_id))
        if version is not None:
            query = query.where(v.version == version)
        with self.engine.connect() as connection:
            versions = connection.execute(query).mappings().all()
            ids = [row["id"] for row in versions]
            votes: dict[int, list[CandidateResult]] = {i: [] for i in ids}
            for i in range(0, len(ids), 500):
                lines = connection.execute(
                    sa.select(
                        r.version_id, r.votes, r.elected, r.sitting, c.name, c.party, c.party_key
                    )
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


# --- helpers (each takes an open connection) ---------------------------------------------


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


def utc(moment: datetime) -> datetime:
    """``moment`` with its time zone: SQLite gives back UTC times without one."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


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


def _check_figures(ballot_id: str, figures: Figures) -> None:
    names = [c.name for c in figures.candidates]
    if not names:
        raise StoreError(f"{ballot_id}: a result needs its candidates")
    if len(set(names)) != len(names):
        raise StoreError(f"{ballot_id}: expected each candidate once")
    for c in figures.candidates:
        if c.votes < 0:
            raise StoreError(f"{ballot_id}: {c.name} has {c.votes} votes")
    numbers = {
        "electorate": figures.electorate,
        "papers issued": figures.papers_issued,
        "valid papers": figures.valid_papers,
        "rejected in part": figures.rejected_in_part,
        **{f"rejected ({head})": n for head, n in figures.rejected.items()},
        "postal votes issued": figures.postal.issued,
        "postal votes returned": figures.postal.returned,
        **{f"postal votes rejected ({why})": n for why, n in figures.postal.rejected.items()},
    }
    for what, n in numbers.items():
        if n is not None and (not isinstance(n, int) or n < 0):
            raise StoreError(f"{ballot_id}: expected a whole number for {what}, found {n!r}")


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


def current(store: Store, ballot_id: str) -> tuple[Ballot, Result]:
    """The ballot and its current result; :class:`StoreError` if either is missing."""
    ballot = store.ballot(ballot_id)
    result = store.current_result(ballot_id)
    if result is None:
        raise StoreError(f"{ballot_id}: no result stored for this ballot")
    return ballot, result
