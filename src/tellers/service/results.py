"""What the results commands and the web app ask of the store, as plain functions.

::

    from tellers.service import results
    store = results.open_store("sqlite:///tellers.db")
    analysis = results.analyse_ballot(store, ballot_id)            # card of `results show`
    results.save_result(store, results.read_result("r.txt"), ballot_id, source)  # `results add`
    results.edit_result(store, ballot_id, defending="LAB")         # `results edit`

The by-election tracker is :mod:`.tracker`, a council's composition
:mod:`.council`, results in and out (CSV, JSON, Democracy Club, tables)
:mod:`.exchange`.

Purpose: the glue between stored results (:mod:`.store`) and the spec 08
analysis (:mod:`.analysis`): a stored result becomes a
:class:`~tellers.results.analysis.ContestResult`; the comparison base is chosen;
every stored by-election is set against the seat it filled; and a council's
composition on a date is rebuilt from its last ordinary election and the
by-elections since. The command line and the web app both call these, so a
page, the API and a command give the same figures in the same documents.

Design: functions of a :class:`~tellers.results.store.Store` and plain values,
returning frozen records or JSON-able documents; no printing and no click (the
export writes to a handle it is given). Conventions:

- The comparison base of a result is the ballot named with ``with_id``, else the
  one linked explicitly (``--comparable``), else the ward's last ordinary
  election before it (:meth:`Store.comparable`).
- A by-election is won from the *defending* party: the party that won the vacated
  seat at the last ordinary election (stored as the ballot's ``vacated_party``,
  ``--defending``); without it, the winner of a single-member base. Spec 08 §8.6
  makes this the default; ``holder_at_vacancy`` is not stored, so not offered.
- Council composition: seat by seat, from the organisation's last all-out poll on
  or before the date (the latest day that filled more than half as many seats as
  the busiest day), then every later poll in date order. An ordinary poll that
  fills all of a ward's seats replaces them (so a ward whose poll was postponed
  counts from its own, later poll); one that fills a part of them (a council
  elected by thirds or halves) replaces that many seats, those won with the fewest
  votes first (terms are not in the store; the councillor elected with the fewest
  votes retires first). A by-election moves one seat from the defending party to
  the winner's, keeping its term. Defections between elections are not in the
  store and are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ..errors import TellersError
from ..results import analysis as a
from ..results.analysis import system_of
from ..results.importing import import_csv, parse_columns
from ..results.integrity import Report, check
from ..results.parties import party_key
from ..results.store import (
    Ballot,
    BallotInfo,
    Change,
    ConflictError,
    ImportSummary,
    Result,
    Store,
    StoreError,
    changes,
    current,
    default_url,
    open_store,
    stated,
)

__all__ = [
    "Ballot",
    "BallotInfo",
    "Change",
    "ConflictError",
    "ImportSummary",
    "Report",
    "Result",
    "Store",
    "StoreError",
    "Version",
    "analyse_ballot",
    "base_ballot",
    "card_document",
    "check",
    "contest_result",
    "current",
    "default_url",
    "defending_not_known",
    "edit_result",
    "history",
    "history_document",
    "import_csv",
    "open_store",
    "parse_columns",
    "parse_day",
    "party_code",
    "read_result",
    "save_result",
    "system_of",
    "unknown_defending",
    "ward_held_by",
]


def contest_result(ballot: Ballot, result: Result) -> a.ContestResult:
    """A stored result as the analysis's input: party keys, papers, seats, by-election facts."""
    f = result.figures
    system = system_of(f.rules or ballot.rules)
    candidates = tuple(
        a.CandidateResult(c.name, c.party_key or "ind", c.votes, c.elected) for c in f.candidates
    )
    rejected = sum(f.rejected.values()) if f.rejected else None
    return a.ContestResult(
        ballot.ballot_id,
        candidates,
        seats=result.seats,
        system=system,
        valid_papers=f.valid_papers,
        rejected=rejected,
        electorate=f.electorate,
        by_election=ballot.by_election,
        defending_party=result.defending,
        provisional=result.provisional,
        count=result.count() if system != "fptp" else None,
    )


def base_ballot(store: Store, ballot_id: str, with_id: str | None = None) -> Ballot | None:
    """The ballot ``ballot_id`` is compared with: ``with_id``, the linked one, or the last
    ordinary election in the ward (see the module's docstring)."""
    if with_id is not None:
        base = store.ballot(with_id)
        if base.poll_date >= store.ballot(ballot_id).poll_date:
            raise StoreError(
                f"{ballot_id}: the election compared with must come before it, "
                f"not on {base.poll_date.isoformat()}"
            )
        return base
    return store.comparable(ballot_id)


def analyse_ballot(
    store: Store,
    ballot_id: str,
    with_id: str | None = None,
    options: a.Options | None = None,
) -> a.Analysis:
    """The spec 08 analysis of the ballot's current result against its comparison base."""
    ballot, result = current(store, ballot_id)
    now = contest_result(ballot, result)
    if ballot.by_election and now.defending_party is None and result.seats == 1:
        now = replace(now, defending_party=_one_party_ward(store, ballot_id))
    base_id = base_ballot(store, ballot_id, with_id)
    base = None
    if base_id is not None:
        stored = store.current_result(base_id.ballot_id)
        if stored is None:
            if with_id is not None:
                raise StoreError(f"{with_id}: no result stored for this ballot")
        else:
            base = contest_result(base_id, stored)
    return a.analyse(now, base, options)


def _one_party_ward(store: Store, ballot_id: str) -> str | None:
    """The party that won every seat the ward's last ordinary election filled, where one
    did: the defending party of any seat of the ward (spec 08 §8.6, by default the
    vacated seat's winner at the last ordinary election). None otherwise."""
    ordinary = store.last_ordinary(ballot_id)
    result = store.current_result(ordinary.ballot_id) if ordinary is not None else None
    parties = {c.party_key for c in result.elected} if result is not None else set()
    return parties.pop() if len(parties) == 1 else None


def ward_held_by(store: Store, ballot_id: str) -> tuple[str, ...]:
    """The parties that held the ward's seats before this poll, as far as the store
    knows: the winners of the ward's last ordinary election, and the defending parties
    and winners of the by-elections since (of every earlier one, where no ordinary
    election is stored); in the order they appear."""
    earlier = store.earlier_in_ward(ballot_id)
    starts = [i for i, b in enumerate(earlier) if not b.by_election]
    parties: list[str] = []
    for ballot in earlier[starts[-1] if starts else 0 :]:
        result = store.current_result(ballot.ballot_id)
        if result is None:
            continue
        if result.defending is not None:
            parties.append(result.defending)
        parties.extend(c.party_key for c in result.elected)
    return tuple(dict.fromkeys(parties))


def defending_not_known(parties: tuple[str, ...]) -> str:
    """``defending party not known (LAB or RESPECT held the ward's seats)``."""
    if not parties:
        return "defending party not known (no earlier result of the ward is stored)"
    codes = [party_code(p) for p in parties]
    held = codes[0] if len(codes) == 1 else f"{', '.join(codes[:-1])} or {codes[-1]}"
    return f"defending party not known ({held} held the ward's seats)"


def unknown_defending(store: Store, analysis: a.Analysis) -> tuple[str, ...] | None:
    """For a one-seat by-election whose outcome cannot be given for want of the defending
    party: the parties that held the ward's seats (:func:`ward_held_by`); else None."""
    result = analysis.result
    if not result.by_election or result.seats != 1 or analysis.outcome is not None:
        return None
    if not result.elected:
        return None
    return ward_held_by(store, result.id)


# --------------------------------------------------------------------------- the card


def card_document(store: Store, ballot_id: str, with_id: str | None = None) -> dict[str, Any]:
    """The card of the ballot's current result against its comparison base (``with_id``,
    else the linked ballot, else the ward's last ordinary election), with the version,
    source and poll date: the document of ``tellers results show ID --format json``."""
    from ..results.card import to_json

    ballot, result = current(store, ballot_id)
    document = to_json(analyse_ballot(store, ballot_id, with_id))
    document.update(
        version=str(result.version),
        source=result.source,
        poll_date=ballot.poll_date.isoformat(),
    )
    return document


def party_code(party: str | None) -> str:
    """A party key as the tracker prints it: ``ind`` -> ``IND``; ``?`` where not known."""
    return "?" if party is None else party.upper()


def parse_day(text: str) -> date:
    """A day written 2014-05-22; a :class:`StoreError` naming it otherwise."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StoreError(f"expected a date written 2014-05-22, found {text!r}") from None


# --------------------------------------------------------------------------- add, edit, history


def read_result(file: str, format_in: str | None = None, seats: int | None = None) -> Any:
    """What ``results add`` saves from FILE: a count document (its text) or an Election."""
    from ..formats import read

    try:
        if format_in is None and file != "-":
            with open(file, encoding="utf-8-sig") as handle:
                text = handle.read()
            if text.lstrip().startswith("{") and '"tellers.count/1"' in text:
                return text
        return read(file, format_in, seats=seats)
    except OSError as error:
        raise TellersError(f"{file}: cannot read the file: {error.strerror or error}") from None


def save_result(
    store: Store,
    result: Any,
    ballot_id: str,
    source: str,
    *,
    seats: int | None = None,
    by_election_reason: str | None = None,
    defending: str | None = None,
    comparable: str | None = None,
    expected_version: int | None = None,
    author: str = "tellers",
    force: bool = False,
) -> tuple[int, bool]:
    """Save what :func:`read_result` read as ``ballot_id``, as ``results add`` does:
    ``(version, saved)``; ``saved`` is false when the figures and the facts given were
    already the current version's (then nothing is written). ``defending`` may be a
    party's name or key.

    The ward's name and the poll's date the file states are the version's; where they
    are not the identifier's the result is refused, or with ``force`` stored with a
    note that says so.
    """
    ward, poll_date = stated(result)
    info = BallotInfo(
        seats=seats,
        poll_date=poll_date,
        division_name=ward,
        by_election_reason=by_election_reason.upper() if by_election_reason else None,
        vacated_party=party_key(defending, defending) if defending else None,
        comparable_id=comparable,
    )
    before = store.current_result(ballot_id) if store.has_ballot(ballot_id) else None
    version = store.add_result(
        result,
        ballot_id,
        source,
        author=author,
        expected_version=expected_version,
        ballot=info,
        force=force,
    )
    return version, before is None or before.version != version


def edit_result(
    store: Store,
    ballot_id: str,
    *,
    defending: str | None = None,
    source: str | None = None,
    poll_date: str | None = None,
    ward_name: str | None = None,
    note: str | None = None,
    by_election_reason: str | None = None,
    comparable: str | None = None,
    expected_version: int | None = None,
    author: str = "tellers",
    force: bool = False,
) -> tuple[int, bool]:
    """A new version of the ballot's result with the same figures and what is given
    changed, as ``results edit`` makes it: ``(version, saved)``, ``saved`` false when
    nothing changed. ``""`` clears a value (not the source or the date); ``defending``
    may be a party's name or key. A date or ward name that is not the identifier's is
    refused, or with ``force`` stored with a note that says so."""
    changes: dict[str, Any] = {}
    if defending is not None:
        changes["vacated_party"] = party_key(defending, defending) if defending.strip() else ""
    if poll_date is not None:
        changes["poll_date"] = parse_day(poll_date) if poll_date.strip() else ""
    if by_election_reason is not None:
        changes["by_election_reason"] = by_election_reason.strip().upper()
    given = {
        "source": source,
        "division_name": ward_name,
        "note": note,
        "comparable_id": comparable,
    }
    changes.update({k: v for k, v in given.items() if v is not None})
    return store.edit_result(
        ballot_id, author=author, expected_version=expected_version, force=force, **changes
    )


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a result in its history, and what it changed."""

    result: Result
    changes: tuple[Change, ...]

    def to_json(self) -> dict[str, Any]:
        r = self.result
        return {
            "version": str(r.version),
            "created_at": r.created_at.isoformat(),
            "author": r.author,
            "source": r.source,
            "poll_date": None if r.poll_date is None else r.poll_date.isoformat(),
            "ward_name": r.ward_name,
            "defending": r.defending,
            "note": r.note,
            "provisional": r.provisional,
            "confirmed_by": r.confirmed_by,
            "confirmed_at": None if r.confirmed_at is None else r.confirmed_at.isoformat(),
            "changes": [c.to_json() for c in self.changes],
        }


#: The ``format`` tag of :func:`history_document`.
HISTORY_FORMAT = "tellers.history/1"


def history(store: Store, ballot_id: str) -> list[Version]:
    """Every version of the ballot's result, oldest first, with what each changed;
    :class:`StoreError` if the ballot is not stored."""
    results = store.history(ballot_id)
    return [
        Version(after, tuple(changes(before, after)))
        for before, after in zip([None, *results], results, strict=False)
    ]


def history_document(store: Store, ballot_id: str) -> dict[str, Any]:
    """The ``tellers.history/1`` document of ``results history ID --format json``."""
    return {
        "format": HISTORY_FORMAT,
        "id": ballot_id,
        "versions": [v.to_json() for v in history(store, ballot_id)],
    }
