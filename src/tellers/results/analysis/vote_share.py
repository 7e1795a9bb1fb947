"""Vote shares (spec 08 §8.2) and the majority or final-stage margin (§8.3)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Literal

from ...core.count import Count
from .contest import SHARE_METHODS, ContestResult, MajorityKind, ShareMethod, _fraction


@dataclass(frozen=True, slots=True)
class Shares:
    """Each party's vote measure and its exact share (percent of ``total``).

    ``method`` is ``votes`` (each party's votes over the valid votes: every
    contest but a multi-member block vote) or the block-vote method used.
    """

    method: Literal["votes", "top", "average", "all_votes"]
    votes: Mapping[str, Fraction]
    total: Fraction
    percent: Mapping[str, Fraction]

    def ranked(self) -> tuple[str, ...]:
        """Party keys by share, highest first; ties by party key."""
        return tuple(sorted(self.votes, key=lambda p: (-self.votes[p], p)))


def shares(result: ContestResult, method: ShareMethod = "top") -> Shares:
    """Vote shares by party, exactly (spec 08 §8.2).

    Single-member contests and every system with one vote a paper:
    ``votes / Σ valid votes × 100``. A multi-member block vote uses ``method``:
    ``top`` (each party's best candidate, over the sum of the tops),
    ``average`` (each party's mean, over the sum of the means) or
    ``all_votes`` (each party's votes, over all votes cast).
    """
    if method not in SHARE_METHODS:
        raise ValueError(f"unknown share method {method!r}")
    by_party: dict[str, list[Fraction]] = {}
    for candidate in result.candidates:
        by_party.setdefault(candidate.party, []).append(_fraction(candidate.votes))
    used: Literal["votes", "top", "average", "all_votes"]
    if not result.block:
        used = "votes"
        measure = {p: sum(v, Fraction(0)) for p, v in by_party.items()}
    elif method == "top":
        used = method
        measure = {p: max(v) for p, v in by_party.items()}
    elif method == "average":
        used = method
        measure = {p: sum(v, Fraction(0)) / len(v) for p, v in by_party.items()}
    else:
        used = method
        measure = {p: sum(v, Fraction(0)) for p, v in by_party.items()}
    total = sum(measure.values(), Fraction(0))
    pct = {p: (v / total * 100 if total else Fraction(0)) for p, v in measure.items()}
    return Shares(used, MappingProxyType(measure), total, MappingProxyType(pct))


# --------------------------------------------------------------------------- majority (§8.3)


@dataclass(frozen=True, slots=True)
class Majority:
    """A winning margin, what kind it is, and its percentage where the spec gives one.

    ``kind`` is ``majority`` (single-member plurality), ``block majority`` (last
    elected minus highest unelected) or ``final-stage margin`` (SV, AV, STV,
    never called a majority). ``percent`` is of ``denominator``.
    """

    kind: MajorityKind
    value: Fraction
    percent: Fraction | None
    denominator: str
    notional: bool = False

    @property
    def label(self) -> str:
        return {
            "majority": "majority",
            "block majority": "majority (last elected over highest unelected)",
            "final-stage margin": "final-stage margin",
        }[self.kind]


def majority(result: ContestResult, method: ShareMethod = "top") -> Majority | None:
    """The majority or final-stage margin (spec 08 §8.3); ``None`` where undefined.

    Single-member FPTP: winner − runner-up, as a percentage of the valid votes.
    Block vote: last elected − highest unelected, as a percentage of the
    ``method`` denominator (the sum of the tops, of the means, or all votes).
    SV, AV and STV: the final-stage margin from ``result.count`` (no
    percentage; ``None`` without the count). List elections: ``None``.
    """
    if result.system in ("sv", "av", "stv"):
        if result.count is None:
            return None
        margin = final_stage_margin(result.count)
        if margin is None:
            return None
        return Majority("final-stage margin", margin, None, "", result.notional)
    if result.system == "list":
        return None
    elected = result.elected
    others = [_fraction(c.votes) for c in result.candidates if not c.elected]
    if not elected or not others:
        return None
    if result.block:
        value = _fraction(elected[-1].votes) - max(others)
        base = shares(result, method)
        pct = value / base.total * 100 if base.total else None
        return Majority("block majority", value, pct, base.method, result.notional)
    value = _fraction(elected[0].votes) - max(others)
    total = result.total_votes
    pct = value / total * 100 if total else None
    return Majority("majority", value, pct, "valid votes", result.notional)


def final_stage_margin(count: Count) -> Fraction | None:
    """The last elected's votes at the final stage minus the best unelected candidate's.

    For SV and AV (one seat) that is winner − runner-up at the final stage.
    For STV it is the last elected over the candidate who came closest: a
    candidate still continuing at the final stage at their final votes, or,
    where every unelected candidate was excluded, the last excluded at their
    votes when excluded (the most they held). Convention UNVERIFIED (spec 08
    §8.3).
    """
    if not count.elected:
        return None
    final = count.final
    last = count.elected[-1]
    elected = set(count.elected)
    excluded = count.excluded
    standing = [c for c in count.contest.standing if c not in elected]
    continuing = [c for c in standing if c not in excluded]
    if continuing:
        best = max(Fraction(final.votes[c]) for c in continuing)
    elif excluded:
        loser = [c for c in excluded if c not in elected][-1]
        best = max(Fraction(stage.votes[loser]) for stage in count.stages)
    else:
        return None
    return Fraction(final.votes[last]) - best
