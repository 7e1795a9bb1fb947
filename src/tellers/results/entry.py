"""Results typed in on the web: entered by one editor, confirmed by a second.

::

    from tellers.results import entry
    result = entry.enter_result(store, ballot_id, "Gulam Robbani (Independent) 1030\\n...",
                                user=ann, source="https://...", expected_version=0)
    result.provisional                          # True: awaits a second editor
    entry.confirm_result(store, ballot_id, result.version, user=bob)
    entry.edits(store, ballot_id)               # every attempt, oldest first
    entry.as_text(store.current_result(ballot_id))   # to fill in the edit form

Design:

- The text is a result as newspapers print it, read by the ``declared`` reader
  (:mod:`tellers.formats.declared`); candidates marked ``Elected`` are those
  elected, else they are found under ``uk-fptp``. It is saved as a new
  ``provisional`` version with :meth:`Store.add_result`'s ``expected_version``
  check: an editor who started from an older version gets :class:`ConflictError`
  rather than overwriting a change they have not seen. Postal vote figures, which
  the text cannot state, are carried over from the version edited.
- Every attempt is a row of ``edits`` with what the editor sent: a saved (or
  unchanged) entry in the transaction that saves it, a conflict or a refusal in a
  transaction of its own after it, so the history holds the loser's text too.
- A provisional version is confirmed by an editor other than its author, while it
  is still the current version.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import NoReturn

import sqlalchemy as sa

from . import accounts
from . import schema as t
from .parties import party_key
from .store import (
    BallotInfo,
    ConflictError,
    Result,
    ResultRow,
    Store,
    StoreError,
    stated,
    utc,
)
from .store.reading import _require_ballot

__all__ = ["Edit", "NotAllowed", "as_text", "confirm_result", "edits", "enter_result"]

#: How the entered text is named in messages about it.
SOURCE = "<text>"


class NotAllowed(StoreError):
    """A viewer editing, an editor confirming their own entry, or nothing to confirm."""


@dataclass(frozen=True, slots=True)
class Edit:
    """One attempt to enter or confirm a result, and what came of it.

    ``action``: ``enter`` or ``confirm``; ``outcome``: ``saved``, ``unchanged``,
    ``conflict`` or ``refused``; ``version``: the version written or confirmed (for
    a conflict, the version the ballot had moved on to); ``submitted``: the text
    the editor sent (empty for a confirmation).
    """

    ballot_id: str
    author: str
    at: datetime
    action: str
    base_version: int | None
    outcome: str
    version: int | None
    source: str
    submitted: str
    message: str | None


def enter_result(
    store: Store,
    ballot_id: str,
    text: str,
    *,
    user: accounts.User,
    source: str,
    expected_version: int,
    ballot: BallotInfo | None = None,
    defending: str | None = None,
) -> Result:
    """Save ``text`` as a provisional version of the ballot's result; return that version
    (the current one, when the figures and what they state are unchanged).

    :class:`NotAllowed` for a viewer; :class:`ConflictError` if the result is no longer
    at ``expected_version`` (0: no result yet); :class:`~tellers.errors.InputError` if
    the text cannot be read; :class:`StoreError` if the ward or date it states is not
    the identifier's. ``ballot``: facts of a ballot not stored yet (its seats).
    ``defending``: the defending party (a name or key; ``""``: as before), a fact of the
    version like the figures: a change to it alone is a new version.
    """
    edit = _attempt(ballot_id, user, "enter", expected_version, source=source, submitted=text)
    if not user.can_edit:
        _refuse(store, edit, NotAllowed(f"{user.username} may read results but not enter them"))
    from ..formats import read_text

    known = store.ballot(ballot_id) if store.has_ballot(ballot_id) else None
    seats = known.seats if known is not None else ballot.seats if ballot is not None else None
    election = read_text(text, SOURCE, "declared", seats=seats)
    rules = known.rules if known is not None else ballot.rules if ballot is not None else None
    if rules is not None:
        election = replace(election, rules=rules)
    before = store.current_result(ballot_id) if known is not None else None
    ward, poll_date = stated(election)
    info = replace(
        ballot or BallotInfo(),
        division_name=ward,
        poll_date=poll_date,
        vacated_party=party_key(defending, defending) if defending and defending.strip() else None,
    )
    row = ResultRow(
        ballot_id,
        election,
        source,
        info,
        _marked_elected(text, election.contest.names),
        before.figures.postal if before is not None else None,
    )

    def record(connection: sa.Connection, version: int, wrote: bool) -> None:
        outcome = "saved" if wrote else "unchanged"
        _insert(connection, replace(edit, outcome=outcome, version=version))

    try:
        version, _ = store._save_result(
            row, user.username, expected_version, provisional=True, then=record
        )
    except ConflictError as error:
        _refuse(store, replace(edit, outcome="conflict", version=error.current), error)
    except StoreError as error:  # a ward or date that is not the identifier's, say
        _refuse(store, edit, error)
    return store.result(ballot_id, version)


def confirm_result(store: Store, ballot_id: str, version: int, *, user: accounts.User) -> Result:
    """Confirm ``version``, the current provisional version of the ballot's result.

    :class:`NotAllowed` for a viewer, for the version's own author, or when it is not
    provisional; :class:`ConflictError` if the result has moved on from ``version``.
    """
    edit = _attempt(ballot_id, user, "confirm", version)
    if not user.can_edit:
        _refuse(store, edit, NotAllowed(f"{user.username} may read results but not confirm them"))
    v, f = t.result_versions.c, t.confirmations.c
    try:
        with store._write() as connection:
            # On PostgreSQL, confirmations and new versions of the ballot wait for each other.
            b = t.ballots.c
            if not connection.execute(
                sa.select(b.ballot_id).where(b.ballot_id == ballot_id).with_for_update()
            ).first():
                _require_ballot(connection, ballot_id)
            current = connection.execute(
                sa.select(v.id, v.version, v.author, v.source, v.provisional, f.confirmed_by)
                .outerjoin(t.confirmations, f.version_id == v.id)
                .where(v.ballot_id == ballot_id)
                .order_by(v.version.desc())
                .limit(1)
            ).first()
            if current is None:
                raise NotAllowed(f"{ballot_id}: there is no result to confirm")
            edit = replace(edit, source=current.source)
            if current.version != version:
                edit = replace(edit, version=current.version)
                raise ConflictError(ballot_id, version, current.version)
            if current.confirmed_by is not None:
                raise NotAllowed(
                    f"{ballot_id}: version {version} was confirmed by {current.confirmed_by}"
                )
            if not current.provisional:
                raise NotAllowed(f"{ballot_id}: version {version} is not provisional")
            if current.author == user.username:
                raise NotAllowed(
                    f"{ballot_id}: you entered version {version}; a second editor has to confirm it"
                )
            now = accounts.clock()
            connection.execute(
                t.confirmations.insert().values(
                    version_id=current.id, confirmed_by=user.username, confirmed_at=now
                )
            )
            _insert(connection, replace(edit, at=now, outcome="saved", version=version))
    except ConflictError as error:
        _refuse(store, replace(edit, outcome="conflict"), error)
    except NotAllowed as error:
        _refuse(store, edit, error)
    return store.result(ballot_id, version)


def edits(store: Store, ballot_id: str) -> list[Edit]:
    """Every attempt to enter or confirm the ballot's result, oldest first."""
    e = t.edits.c
    query = sa.select(*(e[name] for name in Edit.__dataclass_fields__)).where(
        e.ballot_id == ballot_id
    )
    with store.engine.connect() as connection:
        rows = connection.execute(query.order_by(e.id)).mappings().all()
    return [Edit(**{**row, "at": utc(row["at"])}) for row in rows]


def as_text(result: Result) -> str:
    """The result as newspapers print it, which the ``declared`` reader reads back to the
    same candidates, votes, elected, seats and papers (not the postal vote figures)."""
    f = result.figures
    lines = [f"Seats: {result.seats}"]
    valid = f.valid_papers
    if result.seats == 1 and valid == sum(c.votes for c in f.candidates):
        valid = None  # the reader's own sum: left out, so that a corrected vote adds up
    facts = (
        ("Electorate", f.electorate),
        ("Ballot papers issued", f.papers_issued),
        ("Valid", valid),
    )
    lines += [f"{label}: {n}" for label, n in facts if n is not None]
    lines += [f"Rejected ({head.replace('_', ' ')}): {n}" for head, n in f.rejected.items()]
    if f.rejected_in_part is not None:
        lines.append(f"Rejected in part: {f.rejected_in_part}")
    for c in f.candidates:
        party = f" ({c.party})" if c.party else ""
        lines.append(f"{c.name}{party} {c.votes}" + (" Elected" if c.elected else ""))
    return "\n".join(lines) + "\n"


# --- helpers ---------------------------------------------------------------------------


def _marked_elected(text: str, names: tuple[str, ...]) -> list[str] | None:
    """The candidates whose lines end in ``Elected``; None if no line does."""
    from ..formats.declared import _candidate_line

    marked = []
    for line in text.splitlines():
        try:
            found = _candidate_line(line.strip())
        except ValueError:
            continue
        if found is not None and found[2]:
            candidate = found[0]
            marked.append(candidate.name if candidate.name in names else candidate.label())
    return marked or None


def _attempt(
    ballot_id: str,
    user: accounts.User,
    action: str,
    base_version: int,
    *,
    source: str = "",
    submitted: str = "",
) -> Edit:
    """An edit begun now; its outcome is filled in when it is known."""
    return Edit(
        ballot_id,
        user.username,
        accounts.clock(),
        action,
        base_version,
        outcome="",
        version=None,
        source=source,
        submitted=submitted,
        message=None,
    )


def _insert(connection: sa.Connection, edit: Edit) -> None:
    values = {name: getattr(edit, name) for name in Edit.__dataclass_fields__}
    connection.execute(t.edits.insert().values(values))


def _refuse(store: Store, edit: Edit, error: StoreError) -> NoReturn:
    """Record the attempt that failed with ``error`` (in its own transaction), then raise it."""
    outcome = edit.outcome or "refused"
    with store._write() as connection:
        _insert(connection, replace(edit, outcome=outcome, message=str(error)))
    raise error
