"""Hold, gain and loss: single seats, by-elections and multi-member wards (spec 08 §8.6)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from .contest import BY_ELECTION_BASES, ByElectionBase, ContestResult, party_label


@dataclass(frozen=True, slots=True)
class SeatOutcome:
    """One seat won: the party, ``hold`` or ``gain``, and from whom.

    ``gained_from`` is ``None`` for a hold, or a gain with nobody to attribute
    it to (more seats than at the base). ``base`` says what it was compared with.
    """

    party: str
    outcome: Literal["hold", "gain"]
    gained_from: str | None
    notional: bool
    base: str
    candidate: str = ""

    def label(self, labels: Mapping[str, str] | None = None) -> str:
        """``Lab hold``, ``Lab gain from Con``, ``Lab hold (notional)``."""
        text = f"{party_label(self.party, labels)} {self.outcome}"
        if self.gained_from is not None:
            text += f" from {party_label(self.gained_from, labels)}"
        return text + (" (notional)" if self.notional else "")


@dataclass(frozen=True, slots=True)
class PartySeats:
    """A party's seats in a multi-member ward: now, at the base, and what changed."""

    party: str
    base: int
    now: int
    holds: int
    gains: int
    losses: int
    gained_from: tuple[tuple[str, int], ...] = ()

    @property
    def net(self) -> int:
        return self.now - self.base


@dataclass(frozen=True, slots=True)
class WardOutcome:
    """Holds, gains and losses in a multi-member ward, with one :class:`SeatOutcome` a seat."""

    parties: tuple[PartySeats, ...]
    seats: tuple[SeatOutcome, ...]
    notional: bool

    def labels(self, labels: Mapping[str, str] | None = None) -> tuple[str, ...]:
        """``Lab gain (1) from Con``, ``Lab hold (1)``, ``Con hold (1)`` (spec 08 §8.6).

        Parties by seats won now (then key); each party's gains before its holds.
        """
        out: list[str] = []
        tag = " (notional)" if self.notional else ""
        for p in sorted(self.parties, key=lambda s: (-s.now, s.party)):
            name = party_label(p.party, labels)
            for loser, n in p.gained_from:
                out.append(f"{name} gain ({n}) from {party_label(loser, labels)}{tag}")
            unattributed = p.gains - sum(n for _, n in p.gained_from)
            if unattributed:
                out.append(f"{name} gain ({unattributed}){tag}")
            if p.holds:
                out.append(f"{name} hold ({p.holds}){tag}")
        return tuple(out)

    def net(self, labels: Mapping[str, str] | None = None) -> tuple[str, ...]:
        """``Lab +1``, ``Con -1`` for every party whose seats changed, largest gain first."""
        changed = [p for p in self.parties if p.net]
        changed.sort(key=lambda p: (-p.net, p.party))
        return tuple(f"{party_label(p.party, labels)} {p.net:+d}" for p in changed)


def ward_changes(
    base_seats: Mapping[str, int], now_seats: Mapping[str, int]
) -> tuple[PartySeats, ...]:
    """Per party ``holds = min(base, now)``, gains, losses, and each gain's loser (spec 08 §8.6).

    Gainers (most gains first, then key) take their gains from the losers in
    descending order of losses, then alphabetical by key. Parties in order of
    seats now, then key.
    """
    parties = sorted(set(base_seats) | set(now_seats))
    losses = {p: max(0, base_seats.get(p, 0) - now_seats.get(p, 0)) for p in parties}
    gains = {p: max(0, now_seats.get(p, 0) - base_seats.get(p, 0)) for p in parties}
    losers = [p for p in sorted(parties, key=lambda p: (-losses[p], p)) if losses[p]]
    left = dict(losses)
    attributed: dict[str, list[tuple[str, int]]] = {p: [] for p in parties}
    for gainer in sorted((p for p in parties if gains[p]), key=lambda p: (-gains[p], p)):
        need = gains[gainer]
        for loser in losers:
            if not need:
                break
            take = min(need, left[loser])
            if take:
                attributed[gainer].append((loser, take))
                left[loser] -= take
                need -= take
    rows = [
        PartySeats(
            p,
            base_seats.get(p, 0),
            now_seats.get(p, 0),
            min(base_seats.get(p, 0), now_seats.get(p, 0)),
            gains[p],
            losses[p],
            tuple(attributed[p]),
        )
        for p in parties
    ]
    rows.sort(key=lambda r: (-r.now, r.party))
    return tuple(rows)


def seats_by_party(result: ContestResult) -> dict[str, int]:
    """How many seats each party won (the elected flags)."""
    won: dict[str, int] = {}
    for candidate in result.elected:
        won[candidate.party] = won.get(candidate.party, 0) + 1
    return won


def hold_or_gain(
    now: ContestResult,
    base: ContestResult | None,
    by_election_base: ByElectionBase = "last_ordinary_winner",
) -> SeatOutcome | WardOutcome | None:
    """Hold or gain for a single seat, a by-election, or a multi-member ward (spec 08 §8.6).

    * A by-election (``now.by_election``) for one seat is compared with the
      defending party, the winner of the vacated seat at the last ordinary
      election (``now.defending_party``; with no defending party given, the
      winner of a base that is an ordinary election of one seat, never of a base
      that is itself a by-election, which may have filled another of the ward's
      seats), or with
      ``now.holder_at_vacancy`` under ``by_election_base="holder_at_vacancy"``
      (falling back to the defending party where it is not given).
    * Any other single seat is compared with the winner's party at the base
      (labelled ``notional`` where the base is notional).
    * A multi-member contest compares seats per party with the base
      (:func:`ward_changes`); within a party the holds go to its
      highest-polling winners and the gains to the rest.

    ``None`` where there is nothing to compare with or nobody elected now.
    """
    if by_election_base not in BY_ELECTION_BASES:
        raise ValueError(f"unknown by-election base {by_election_base!r}")
    elected = now.elected
    if not elected:
        return None
    notional = base is not None and base.notional
    if now.seats == 1:
        winner = elected[0]
        previous, what = _previous_holder(now, base, by_election_base)
        if previous is None:
            return None
        if winner.party == previous:
            return SeatOutcome(winner.party, "hold", None, notional, what, winner.name)
        return SeatOutcome(winner.party, "gain", previous, notional, what, winner.name)
    if base is None or not base.elected:
        return None
    parties = ward_changes(seats_by_party(base), seats_by_party(now))
    what = "notional result" if notional else f"seats won at {base.id}"
    seats: list[SeatOutcome] = []
    by_party = {p.party: p for p in parties}
    for party in dict.fromkeys(c.party for c in elected):
        row = by_party[party]
        sources = [loser for loser, n in row.gained_from for _ in range(n)]
        winners = [c for c in elected if c.party == party]
        for place, candidate in enumerate(winners):
            if place < row.holds:
                seats.append(SeatOutcome(party, "hold", None, notional, what, candidate.name))
            else:
                k = place - row.holds
                source = sources[k] if k < len(sources) else None
                seats.append(SeatOutcome(party, "gain", source, notional, what, candidate.name))
    order = {c.name: i for i, c in enumerate(elected)}
    seats.sort(key=lambda s: order[s.candidate])
    return WardOutcome(parties, tuple(seats), notional)


def _previous_holder(
    now: ContestResult, base: ContestResult | None, option: ByElectionBase
) -> tuple[str | None, str]:
    """The party a single seat is compared with, and what that party is."""
    if now.by_election:
        if option == "holder_at_vacancy" and now.holder_at_vacancy is not None:
            return now.holder_at_vacancy, "holder at vacancy"
        if now.defending_party is not None:
            return now.defending_party, "defending party (last ordinary winner)"
        if base is not None and base.by_election:
            return None, ""  # which seat the base's by-election filled is not known
    if base is None or base.seats != 1 or not base.elected:
        return None, ""
    what = "notional winner" if base.notional else f"winner at {base.id}"
    return base.elected[0].party, what
