"""A council's composition on a day, seat by seat (``tellers results council``).

From the organisation's last all-out poll on or before the date (the latest day
that filled more than half as many seats as the busiest day), then every later
poll in date order. An ordinary poll that fills all of a ward's seats replaces
them (so a ward whose poll was postponed counts from its own, later poll); one
that fills a part of them (a council elected by thirds or halves) replaces that
many seats, those won with the fewest votes first (terms are not in the store;
the councillor elected with the fewest votes retires first). A by-election moves
one seat from the defending party to the winner's, keeping its term. Defections
between elections are not in the store and are not counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ..results.store import Ballot, Store, StoreError
from .results import analyse_ballot, parse_day
from .tracker import defending_party

__all__ = ["Composition", "council"]


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
    day = on if isinstance(on, date) else parse_day(on)
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
        defending = defending_party(found)
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
