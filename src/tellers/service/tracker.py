"""The by-election tracker: every stored by-election against the seat it filled.

A by-election is won from the *defending* party: the party that won the vacated
seat at the last ordinary election (stored as the ballot's ``vacated_party``,
``--defending``); without it, the winner of a single-member base (spec 08 §8.6).
A by-election compared with another by-election never borrows its winner as the
defending party; where the seat cannot be known, the tracker says so and names
the parties that held the ward's seats.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from ..core.values import round_half_away
from ..results import analysis as a
from ..results.card import votes_text
from ..results.store import Store
from .results import analyse_ballot, defending_not_known, party_code, unknown_defending

__all__ = ["TRACKER_FORMAT", "ByElection", "Tracker", "by_elections", "defending_party"]


#: The ``format`` tag of :meth:`Tracker.to_json`.
TRACKER_FORMAT = "tellers.byelections/1"


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
    held_by: tuple[str, ...] | None = None

    @property
    def summary(self) -> str:
        """``IND GAIN from LAB``, ``LAB HOLD``, ``IND won · defending party not known
        (LAB or RESPECT held the ward's seats)``, or ``IND won (defending party not
        known)`` where several seats were filled at once."""
        if self.outcome == "gain":
            return f"{party_code(self.party)} GAIN from {party_code(self.gained_from)}"
        if self.outcome == "hold":
            return f"{party_code(self.party)} HOLD"
        if self.held_by is not None:
            return f"{party_code(self.party)} won · {defending_not_known(self.held_by)}"
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
            "ward_held_by": None if self.held_by is None else list(self.held_by),
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
            defending_party(found),
            None if outcome is None else outcome.outcome,
            None if outcome is None else outcome.gained_from,
            None if m is None else m.value,
            None if m is None else m.percent,
            None if found.base is None else found.base.id,
            None if outcome is not None else unknown_defending(store, found),
        )
        rows.append(row)
        if outcome is not None and outcome.outcome == "gain" and outcome.gained_from:
            gains[outcome.party] += 1
            losses[outcome.gained_from] += 1
    return Tracker(tuple(rows), dict(gains), dict(losses))


def defending_party(found: a.Analysis) -> str | None:
    """The party that defended the seat: the one named, else the single-member base's
    winner (spec 08 §8.6)."""
    if found.result.defending_party is not None:
        return found.result.defending_party
    outcome = found.outcome
    if isinstance(outcome, a.SeatOutcome):
        return outcome.party if outcome.outcome == "hold" else outcome.gained_from
    return None
