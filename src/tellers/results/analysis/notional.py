"""Notional results on new boundaries by the simple homogeneous method (spec 08 §8.9)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from .contest import CandidateResult, ContestResult, System, _fraction, party_label


@dataclass(frozen=True, slots=True)
class Fragment:
    """Part of an old seat going to a new one: the old result and how many of its electors."""

    old: ContestResult
    electors: int

    def __post_init__(self) -> None:
        if self.old.electorate is None:
            raise ValueError(f"{self.old.id}: a fragment needs the old seat's electorate")
        if not 0 <= self.electors <= self.old.electorate:
            raise ValueError(f"{self.old.id}: a fragment has 0 to all of the seat's electors")

    @property
    def weight(self) -> Fraction:
        assert self.old.electorate is not None
        return Fraction(self.electors) / _fraction(self.old.electorate)


def notional_result(
    new_id: str,
    fragments: Sequence[Fragment],
    *,
    seats: int = 1,
    system: System = "fptp",
    party_labels: Mapping[str, str] | None = None,
) -> ContestResult:
    """A notional result on new boundaries by the simple homogeneous method (spec 08 §8.9).

    Each fragment takes every party's old votes (and papers) in proportion to
    its share of the old seat's electorate; fragments are summed into the new
    seat. One line a party (named by its label, exact Fraction votes); the
    ``seats`` parties with most notional votes are marked elected. Old seats
    must each have one vote a paper (not multi-member block votes).
    """
    if not fragments:
        raise ValueError(f"{new_id}: a notional result needs at least one fragment")
    votes: dict[str, Fraction] = {}
    labels: dict[str, str] = dict(party_labels or {})
    papers: dict[str, Fraction | None] = {"valid": Fraction(0), "counted": Fraction(0)}
    for fragment in fragments:
        old = fragment.old
        if old.block:
            raise ValueError(f"{old.id}: the homogeneous method here takes single-vote seats only")
        w = fragment.weight
        for candidate in old.candidates:
            share = w * _fraction(candidate.votes)
            votes[candidate.party] = votes.get(candidate.party, Fraction(0)) + share
        for key, figure in (("valid", old.valid), ("counted", old.counted)):
            so_far = papers[key]
            papers[key] = None if so_far is None or figure is None else so_far + w * figure
        for key, text in old.party_labels.items():
            labels.setdefault(key, text)
    ranked = sorted(votes, key=lambda p: -votes[p])
    if len(ranked) > seats and votes[ranked[seats - 1]] == votes[ranked[seats]]:
        raise ValueError(f"{new_id}: the notional result is a tie for the last seat")
    winners = set(ranked[:seats])
    candidates = tuple(
        CandidateResult(party_label(p, labels), p, votes[p], p in winners) for p in ranked
    )
    electorate = sum((f.electors for f in fragments), 0)
    return ContestResult(
        new_id,
        candidates,
        seats=seats,
        system=system,
        valid_papers=papers["valid"],
        ballot_papers_counted=papers["counted"],
        electorate=electorate,
        notional=True,
        party_labels=labels,
    )
