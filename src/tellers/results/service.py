"""What the results commands (and later the web app) ask of the store, as plain functions.

::

    from tellers.results import service
    analysis = service.analyse_ballot(store, ballot_id)            # card of `results show`
    tracker = service.by_elections(store, since="2012-01-01")      # `results byelections`
    seats = service.council(store, "tower-hamlets", on="2014-06-01")  # `results council`

Purpose: the glue between stored results (:mod:`.store`) and the spec 08
analysis (:mod:`.analysis`): a stored result becomes a
:class:`~tellers.results.analysis.ContestResult`; the comparison base is chosen;
every stored by-election is set against the seat it filled; and a council's
composition on a date is rebuilt from its last ordinary election and the
by-elections since.

Design: functions of a :class:`~tellers.results.store.Store` and plain values,
returning frozen records; no printing and no click. Conventions:

- The comparison base of a result is the ballot named with ``with_id``, else the
  one linked explicitly (``--comparable``), else the ward's last ordinary
  election before it (:meth:`Store.comparable`).
- A by-election is won from the *defending* party: the party that won the vacated
  seat at the last ordinary election (stored as the ballot's ``vacated_party``,
  ``--defending``); without it, the winner of a single-member base. Spec 08 §8.6
  makes this the default; ``holder_at_vacancy`` is not stored, so not offered.
- Council composition: the seats won at the organisation's last ordinary poll on
  or before the date (all wards polled that day; a ward whose ordinary poll was
  postponed keeps its own, later ordinary poll), then each by-election after it,
  in date order, moves one seat from the defending party to the winner's. This is
  right for councils elected all-out; a council elected by thirds is not modelled.
  Defections between elections are not in the store and are not counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from . import analysis as a
from .store import Ballot, Result, Store, StoreError

__all__ = [
    "ByElection",
    "Composition",
    "Tracker",
    "analyse_ballot",
    "base_ballot",
    "by_elections",
    "contest_result",
    "council",
    "current",
    "system_of",
]

#: Rule set (family) -> the analysis's system; anything else counted in seats is ``stv``.
_SYSTEMS: Mapping[str, a.System] = {
    "uk-fptp": "fptp",
    "fptp": "fptp",
    "sv": "sv",
    "av": "av",
    "au-nsw": "av",
    "exhaustive": "av",
    "dhondt": "list",
    "sainte-lague": "list",
    "ams": "list",
    "gla-assembly": "list",
    "senedd-2026": "list",
}


def system_of(rules: str | None) -> a.System:
    """The spec 08 system of a rule set: ``uk-fptp`` (and unknown) -> fptp, STV rules -> stv."""
    if rules is None:
        return "fptp"
    if rules in _SYSTEMS:
        return _SYSTEMS[rules]
    return "stv"


def current(store: Store, ballot_id: str) -> tuple[Ballot, Result]:
    """The ballot and its current result; :class:`StoreError` if either is missing."""
    ballot = store.ballot(ballot_id)
    result = store.current_result(ballot_id)
    if result is None:
        raise StoreError(f"{ballot_id}: no result stored for this ballot")
    return ballot, result


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
    # The last all-out poll: the latest day on which at least half as many wards polled as
    # on the busiest day (so a single postponed ward poll is not taken for the council's).
    per_day = Counter(b.poll_date for b in ordinary)
    busiest = max(per_day.values())
    main = max(d for d, n in per_day.items() if 2 * n >= busiest)
    latest: dict[str, Ballot] = {}
    for ballot in ordinary:  # oldest first: each ward's latest ordinary poll wins
        if ballot.poll_date >= main:
            latest[_ward(ballot)] = ballot
    wards: dict[str, Counter[str]] = {}
    since: dict[str, date] = {}
    used: list[str] = []
    for ward, ballot in latest.items():
        result = store.current_result(ballot.ballot_id)
        if result is None:
            continue
        wards[ward] = Counter(c.party_key for c in result.elected)
        since[ward] = ballot.poll_date
        used.append(ballot.ballot_id)
    applied: list[str] = []
    unattributed: list[str] = []
    for ballot in ballots:
        ward = _ward(ballot)
        if not ballot.by_election or ballot.poll_date <= since.get(ward, main):
            continue
        if store.current_result(ballot.ballot_id) is None:
            continue
        found = analyse_ballot(store, ballot.ballot_id)
        held = wards.setdefault(ward, Counter())
        defending = _defending(found)
        for winner in found.result.elected:
            if defending is not None and held[defending] > 0:
                held[defending] -= 1
            else:
                unattributed.append(ballot.ballot_id)
            held[winner.party] += 1
        applied.append(ballot.ballot_id)
    total: Counter[str] = Counter()
    for held in wards.values():
        total.update(held)
    seats = sorted(((p, n) for p, n in total.items() if n > 0), key=lambda kv: (-kv[1], kv[0]))
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
