"""The Store: results in a database; every method that writes is one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from ...core.model import Election
from ...errors import InputError
from .. import schema as t
from ..ids import parse_ballot_id
from .reading import (
    _ballot,
    _ballot_query,
    _date,
    _exists,
    _latest_version,
    _require_ballot,
    _same,
    read_results,
)
from .records import (
    VERSIONED,
    Ballot,
    BallotInfo,
    ConflictError,
    Figures,
    ImportSummary,
    PostalVotes,
    Result,
    ResultRow,
    StoreError,
)
from .writing import _check_info, _current, _edit, _ensure_ballot, _save


class Store:
    """Results in a database; every method that writes is one transaction."""

    def __init__(self, engine: sa.Engine, *, accounts: str | None = None) -> None:
        self.engine = engine
        #: Where the accounts are kept: a SQLite file, or a PostgreSQL schema.
        self.accounts = accounts

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
        deliberately with :meth:`update_ballot`. Once the ballot has a result, the facts
        its versions state (:data:`VERSIONED`) change only with a new version.
        """
        info = info or BallotInfo()
        with self._write() as connection:
            current = _current(connection, ballot_id) if _exists(connection, ballot_id) else None
            if current is not None:
                for name in VERSIONED:
                    value = getattr(info, name)
                    if value is not None and value != current[name]:
                        raise StoreError(
                            f"{ballot_id}: {name.replace('_', ' ')} is {current[name]!r} in "
                            f"version {current['version']}, this says {value!r} (change it "
                            "with edit_result, which makes a new version)"
                        )
            _ensure_ballot(connection, parse_ballot_id(ballot_id), info, versioned=current is None)
        return self.ballot(ballot_id)

    def update_ballot(self, ballot_id: str, **changes: Any) -> Ballot:
        """Change a ballot's facts (``seats=``, ``by_election_reason=``, ``comparable_id=``...).

        Once the ballot has a result, a change to a fact its versions state
        (:data:`VERSIONED`) is a new version (by ``tellers``; :meth:`edit_result` names
        its author)."""
        allowed = set(BallotInfo.__dataclass_fields__)
        unknown = set(changes) - allowed
        if unknown:
            raise StoreError(f"cannot change {sorted(unknown)}: expected some of {sorted(allowed)}")
        _check_info(ballot_id, BallotInfo(**changes))
        now = datetime.now(UTC)
        with self._write() as connection:
            ballot = _require_ballot(connection, ballot_id)
            if not ballot.by_election and (
                changes.get("by_election_reason") or changes.get("vacated_party")
            ):
                raise StoreError(f"{ballot_id}: a by-election reason needs a by-election ballot")
            versioned = {k: v for k, v in changes.items() if k in VERSIONED}
            if versioned and _current(connection, ballot_id) is not None:
                _edit(connection, ballot_id, versioned, "tellers", now, None)
                changes = {k: v for k, v in changes.items() if k not in VERSIONED}
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

    def edit_result(
        self,
        ballot_id: str,
        *,
        author: str = "tellers",
        expected_version: int | None = None,
        force: bool = False,
        **changes: Any,
    ) -> tuple[int, bool]:
        """A new version of the ballot's result with the same figures and ``changes``: any
        of ``seats``, ``poll_date``, ``division_name`` (the ward's name),
        ``vacated_party`` (the defending party's key), ``by_election_reason``,
        ``comparable_id``, ``source`` and ``note`` (``""`` clears one). Returns
        (the current version, whether one was added: not when nothing changes).

        A poll date or ward name that is not the identifier's is refused unless
        ``force``, and then the version's note says so.
        """
        now = datetime.now(UTC)
        with self._write() as connection:
            return _edit(connection, ballot_id, changes, author, now, expected_version, force=force)

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
        force: bool = False,
    ) -> int:
        """Save a result of ``ballot_id``; return its version (unchanged figures: the
        current version, and nothing is written).

        ``result``: an :class:`Election` of declared totals (``elected`` names the winners;
        without it they are counted under the election's rule set, ``uk-fptp`` by
        default), an Election of ballots (counted under its rule set), or a
        ``tellers.count/1`` document. ``source`` (a URL or a document) is required.
        ``expected_version``: the version the change was made to (0: none yet); if the
        current version is another, :class:`ConflictError`. ``provisional``: the version
        awaits a second editor's confirmation (see :mod:`tellers.results.entry`).
        ``ballot``: the ballot's facts; those a version states (:data:`VERSIONED`) and
        that differ from the current version's make a new version even with the same
        figures. A poll date or ward name given there that is not the identifier's is
        refused unless ``force``, and then the version's note says so.
        """
        row = ResultRow(ballot_id, result, source, ballot or BallotInfo(), elected, postal)
        return self._save_result(
            row, author, expected_version, provisional=provisional, force=force
        )[0]

    def _save_result(
        self,
        row: ResultRow,
        author: str,
        expected_version: int | None,
        *,
        provisional: bool = False,
        force: bool = False,
        then: Callable[[sa.Connection, int, bool], None] | None = None,
    ) -> tuple[int, bool]:
        """:meth:`add_result`, returning (version, whether one was written); ``then``
        is called with the connection, the version and that flag in the same
        transaction (:mod:`tellers.results.entry` records the edit there)."""
        now = datetime.now(UTC)
        try:
            with self._write() as connection:
                version, wrote = _save(
                    connection,
                    row,
                    author,
                    now,
                    expected_version,
                    provisional=provisional,
                    force=force,
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
        ward's last ordinary (not by-) election before it (:meth:`last_ordinary`)."""
        ballot = self.ballot(ballot_id)
        if ballot.comparable_id is not None:
            return self.ballot(ballot.comparable_id)
        return self.last_ordinary(ballot_id)

    def last_ordinary(self, ballot_id: str) -> Ballot | None:
        """The ward's last ordinary (not by-) election before this ballot's poll."""
        ordinary = [b for b in self.earlier_in_ward(ballot_id) if not b.by_election]
        return ordinary[-1] if ordinary else None

    def earlier_in_ward(self, ballot_id: str) -> list[Ballot]:
        """The ward's ballots polled before this one, oldest first: same type,
        organisation and division slug, or the same division GSS code."""
        ballot = self.ballot(ballot_id)
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
                b.poll_date < ballot.poll_date,
            )
            .order_by(b.poll_date, b.ballot_id)
        )
        with self.engine.connect() as connection:
            return [_ballot(row) for row in connection.execute(query)]

    def _results(
        self, ballot_ids: Sequence[str], *, current_only: bool, version: int | None = None
    ) -> list[Result]:
        with self.engine.connect() as connection:
            return read_results(connection, ballot_ids, current_only=current_only, version=version)


def current(store: Store, ballot_id: str) -> tuple[Ballot, Result]:
    """The ballot and its current result; :class:`StoreError` if either is missing."""
    ballot = store.ballot(ballot_id)
    result = store.current_result(ballot_id)
    if result is None:
        raise StoreError(f"{ballot_id}: no result stored for this ballot")
    return ballot, result
