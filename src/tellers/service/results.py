"""What the results commands and the web app ask of the store, as plain functions.

::

    from tellers.service import results
    store = results.open_store("sqlite:///tellers.db")
    analysis = results.analyse_ballot(store, ballot_id)            # card of `results show`
    tracker = results.by_elections(store, since="2012-01-01")      # `results byelections`
    tracker.to_json()                                              # ... --format json
    seats = results.council(store, "tower-hamlets", on="2014-06-01")  # `results council`
    results.save_result(store, results.read_result("r.txt"), ballot_id, source)  # `results add`
    results.write_csv(store, out)                                  # `results export`

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

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any, TextIO

from ..core.values import round_half_away
from ..errors import TellersError
from ..results import analysis as a
from ..results.analysis import system_of
from ..results.card import votes_text
from ..results.importing import import_csv, parse_columns
from ..results.integrity import Report, check
from ..results.store import (
    Ballot,
    BallotInfo,
    ConflictError,
    ImportSummary,
    Result,
    Store,
    StoreError,
    current,
    default_url,
    open_store,
)

__all__ = [
    "CSV_HEADER",
    "Ballot",
    "BallotInfo",
    "ByElection",
    "Composition",
    "ConflictError",
    "ImportSummary",
    "Report",
    "Result",
    "Store",
    "StoreError",
    "Tracker",
    "analyse_ballot",
    "base_ballot",
    "by_elections",
    "card_document",
    "check",
    "contest_result",
    "council",
    "current",
    "default_url",
    "export_document",
    "export_rows",
    "import_csv",
    "open_store",
    "parse_columns",
    "party_code",
    "read_result",
    "save_result",
    "system_of",
    "write_csv",
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
        defending_party=ballot.vacated_party,
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


# --------------------------------------------------------------------------- by-elections

#: The ``format`` tag of :meth:`Tracker.to_json`.
TRACKER_FORMAT = "tellers.byelections/1"


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


def _pct(value: Fraction | None) -> str | None:
    return None if value is None else round_half_away(value, 1)


@dataclass(frozen=True, slots=True)
class ByElection:
    """One by-election in the tracker: who won, whom the seat was defended by, and the outcome.

    ``outcome`` is ``hold``, ``gain`` or ``None`` where the defending party is not known
    (then ``gained_from`` is ``None`` too). ``majority`` and ``majority_percent`` are
    exact (percent of the valid votes); ``None`` where undefined.
    """

    ballot_id: str
    poll_date: date
    organisation: str | None
    division: str | None
    reason: str | None
    winner: str | None
    party: str | None
    defending: str | None
    outcome: str | None
    gained_from: str | None
    majority: Fraction | None
    majority_percent: Fraction | None
    compared_with: str | None

    @property
    def summary(self) -> str:
        """``IND GAIN from LAB``, ``LAB HOLD``, or ``IND won (defending party not known)``."""
        if self.outcome == "gain":
            return f"{party_code(self.party)} GAIN from {party_code(self.gained_from)}"
        if self.outcome == "hold":
            return f"{party_code(self.party)} HOLD"
        return f"{party_code(self.party)} won (defending party not known)"

    @property
    def majority_text(self) -> str | None:
        """``majority 43 (1.9%)``; ``None`` where there is no majority."""
        if self.majority is None:
            return None
        pct = _pct(self.majority_percent)
        return f"majority {votes_text(self.majority)}" + (f" ({pct}%)" if pct else "")

    def to_json(self) -> dict[str, Any]:
        """The row as ``tellers results byelections --format json`` gives it."""
        return {
            "id": self.ballot_id,
            "poll_date": self.poll_date.isoformat(),
            "organisation": self.organisation,
            "division": self.division,
            "reason": self.reason,
            "winner": self.winner,
            "party": self.party,
            "defending": self.defending,
            "outcome": self.outcome,
            "gained_from": self.gained_from,
            "majority": None if self.majority is None else votes_text(self.majority, grouped=False),
            "majority_percent": _pct(self.majority_percent),
            "compared_with": self.compared_with,
        }


@dataclass(frozen=True, slots=True)
class Tracker:
    """By-elections oldest first, with each party's gains, losses and net change of seats."""

    rows: tuple[ByElection, ...]
    gains: Mapping[str, int] = field(default_factory=dict)
    losses: Mapping[str, int] = field(default_factory=dict)

    @property
    def net(self) -> dict[str, int]:
        """Net change of seats per party, the largest gain first, then by party key."""
        parties = set(self.gains) | set(self.losses)
        net = {p: self.gains.get(p, 0) - self.losses.get(p, 0) for p in parties}
        return dict(sorted(net.items(), key=lambda kv: (-kv[1], kv[0])))

    def net_text(self) -> str:
        """``IND +1, LAB -1``: the parties whose seats changed; ``none`` if none did."""
        moved = ", ".join(f"{party_code(p)} {n:+d}" for p, n in self.net.items() if n)
        return moved or "none"

    def to_json(self) -> dict[str, Any]:
        """The ``tellers.byelections/1`` document: rows oldest first, gains, losses, net."""
        return {
            "format": TRACKER_FORMAT,
            "by_elections": [row.to_json() for row in self.rows],
            "gains": {p: str(n) for p, n in sorted(self.gains.items())},
            "losses": {p: str(n) for p, n in sorted(self.losses.items())},
            "net": {p: f"{n:+d}" if n else "0" for p, n in self.net.items()},
        }


def by_elections(
    store: Store,
    *,
    since: date | str | None = None,
    until: date | str | None = None,
    organisation: str | None = None,
) -> Tracker:
    """Every stored by-election (with a result) in the period: outcome against the defending
    party, majority, and the tally of gains and losses per party."""
    rows: list[ByElection] = []
    gains: Counter[str] = Counter()
    losses: Counter[str] = Counter()
    for ballot in store.ballots(
        organisation=organisation, since=since, until=until, by_elections_only=True
    ):
        if store.current_result(ballot.ballot_id) is None:
            continue
        found = analyse_ballot(store, ballot.ballot_id)
        elected = found.result.elected
        winner = elected[0] if elected else None
        outcome = found.outcome if isinstance(found.outcome, a.SeatOutcome) else None
        if found.result.seats > 1 and isinstance(found.outcome, a.WardOutcome):
            outcome = None  # several vacancies filled at once: listed, not attributed
        m = found.majority
        row = ByElection(
            ballot.ballot_id,
            ballot.poll_date,
            ballot.organisation,
            ballot.division,
            ballot.by_election_reason,
            None if winner is None else winner.name,
            None if winner is None else winner.party,
            _defending(found),
            None if outcome is None else outcome.outcome,
            None if outcome is None else outcome.gained_from,
            None if m is None else m.value,
            None if m is None else m.percent,
            None if found.base is None else found.base.id,
        )
        rows.append(row)
        if outcome is not None and outcome.outcome == "gain" and outcome.gained_from:
            gains[outcome.party] += 1
            losses[outcome.gained_from] += 1
    return Tracker(tuple(rows), dict(gains), dict(losses))


def _defending(found: a.Analysis) -> str | None:
    if found.result.defending_party is not None:
        return found.result.defending_party
    outcome = found.outcome
    if isinstance(outcome, a.SeatOutcome):
        return outcome.party if outcome.outcome == "hold" else outcome.gained_from
    return None


# --------------------------------------------------------------------------- council


@dataclass(frozen=True, slots=True)
class Composition:
    """Seats per party on a date, and how they were arrived at.

    ``ordinary`` names the ordinary poll(s) the seats start from; ``by_elections`` the
    by-elections applied after them, oldest first; ``unattributed`` those whose
    defending party is not known (the winner's seat is added, none taken away).
    """

    organisation: str
    on: date
    seats: Mapping[str, int]
    ordinary: tuple[str, ...]
    by_elections: tuple[str, ...]
    unattributed: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.seats.values())


def council(store: Store, organisation: str, on: date | str) -> Composition:
    """The council's composition on ``on`` (see the module's docstring)."""
    day = on if isinstance(on, date) else _date(on)
    ballots = store.ballots(organisation=organisation, until=day)
    ordinary = [b for b in ballots if not b.by_election]
    if not ordinary:
        raise StoreError(f"{organisation}: no ordinary election stored on or before {day}")
    # The last all-out poll: the latest day on which more than half as many seats were
    # filled as on the busiest day (not a single postponed ward's poll, nor the third
    # or the half of a council elected in parts).
    per_day: Counter[date] = Counter()
    for ballot in ordinary:
        per_day[ballot.poll_date] += ballot.seats
    busiest = max(per_day.values())
    main = max(d for d, n in per_day.items() if 2 * n > busiest)
    wards: dict[str, list[tuple[str, int]]] = {}  # the seats, first to retire first
    size: dict[str, int] = {}
    used: list[str] = []
    applied: list[str] = []
    unattributed: list[str] = []
    for ballot in ballots:  # oldest first
        if ballot.poll_date < main:
            continue
        ward = _ward(ballot)
        result = store.current_result(ballot.ballot_id)
        if result is None:
            continue
        if not ballot.by_election:
            # the winners, the fewest votes first: they retire first when the ward is
            # elected in parts (a councillor's term is not in the store)
            winners = [(c.party_key, c.votes) for c in result.elected]
            winners.sort(key=lambda seat: seat[1])
            if ballot.seats >= size.get(ward, 0):  # the whole ward
                size[ward] = ballot.seats
                wards[ward] = winners
            else:  # a part: those whose term ends make way
                held = wards[ward]
                del held[: max(0, len(held) + len(winners) - size[ward])]
                held.extend(winners)
            used.append(ballot.ballot_id)
            continue
        found = analyse_ballot(store, ballot.ballot_id)
        held = wards.setdefault(ward, [])
        defending = _defending(found)
        for winner in found.result.elected:
            parties = [party for party, _ in held]
            if defending is not None and defending in parties:
                at = parties.index(defending)  # the winner serves out that term
                held[at] = (winner.party, held[at][1])
            else:
                unattributed.append(ballot.ballot_id)
                held.append((winner.party, 0))
        applied.append(ballot.ballot_id)
    total: Counter[str] = Counter(party for held in wards.values() for party, _ in held)
    seats = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
    return Composition(
        organisation,
        day,
        dict(seats),
        tuple(used),
        tuple(applied),
        tuple(dict.fromkeys(unattributed)),
    )


def _ward(ballot: Ballot) -> str:
    return ballot.division or ballot.division_gss or ballot.ballot_id


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StoreError(f"expected a date written 2014-05-22, found {text!r}") from None


# --------------------------------------------------------------------------- add and export


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
) -> tuple[int, bool]:
    """Save what :func:`read_result` read as ``ballot_id``, as ``results add`` does:
    ``(version, saved)``; ``saved`` is false when the figures were already the current
    version's (then nothing is written). ``defending`` may be a party's name or key."""
    from ..results.parties import party_key

    info = BallotInfo(
        seats=seats,
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
    )
    return version, before is None or before.version != version


#: The columns of :func:`export_rows`, one candidate a row.
CSV_HEADER = (
    "ballot_id",
    "poll_date",
    "seats",
    "by_election",
    "version",
    "candidate",
    "party",
    "party_key",
    "votes",
    "elected",
)


def _exported(
    store: Store, organisation: str | None, ballot_ids: list[str] | None
) -> Iterator[tuple[Ballot, Result]]:
    """Each ballot's current result: the council's (all, without ``organisation``), or
    those of ``ballot_ids`` (of the council, with both); ballots without a result are
    left out."""
    if ballot_ids is None:
        ballots = store.ballots(organisation=organisation)
    else:
        ballots = [store.ballot(ballot_id) for ballot_id in ballot_ids]
        if organisation is not None:
            ballots = [b for b in ballots if b.organisation == organisation]
    for ballot in ballots:
        result = store.current_result(ballot.ballot_id)
        if result is not None:
            yield ballot, result


def export_rows(
    store: Store, *, organisation: str | None = None, ballot_ids: list[str] | None = None
) -> Iterator[list[str]]:
    """The rows of ``results export --format csv``: :data:`CSV_HEADER`, then one candidate
    a row, ballots oldest poll first."""
    yield list(CSV_HEADER)
    for ballot, result in _exported(store, organisation, ballot_ids):
        for c in result.candidates:
            yield [
                ballot.ballot_id,
                ballot.poll_date.isoformat(),
                str(result.seats),
                "yes" if ballot.by_election else "no",
                str(result.version),
                c.name,
                c.party or "",
                c.party_key,
                str(c.votes),
                "yes" if c.elected else "no",
            ]


def write_csv(
    store: Store,
    out: TextIO,
    *,
    organisation: str | None = None,
    ballot_ids: list[str] | None = None,
) -> None:
    """Write :func:`export_rows` to ``out`` as CSV (``\\n`` line ends)."""
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(export_rows(store, organisation=organisation, ballot_ids=ballot_ids))


def export_document(
    store: Store, *, organisation: str | None = None, ballot_ids: list[str] | None = None
) -> dict[str, Any]:
    """The ``tellers.results/1`` document of ``results export --format json``."""
    documents = []
    for ballot, result in _exported(store, organisation, ballot_ids):
        f = result.figures
        documents.append(
            {
                "id": ballot.ballot_id,
                "poll_date": ballot.poll_date.isoformat(),
                "seats": str(result.seats),
                "by_election": ballot.by_election,
                "version": str(result.version),
                "source": result.source,
                "electorate": None if f.electorate is None else str(f.electorate),
                "valid_papers": None if f.valid_papers is None else str(f.valid_papers),
                "rejected": {k: str(v) for k, v in f.rejected.items()},
                "candidates": [
                    {
                        "name": c.name,
                        "party": c.party,
                        "party_key": c.party_key,
                        "votes": str(c.votes),
                        "elected": c.elected,
                    }
                    for c in f.candidates
                ],
            }
        )
    return {"format": "tellers.results/1", "ballots": documents}
