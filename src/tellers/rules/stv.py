"""Pieces the STV rule families share: the Droop quota and the papers in play.

Purpose: every STV count moves ballot papers from candidate to candidate at
some value. The Droop quota of the UK and Irish rules (Scottish SSI 2011/399
Sch. 1 rule 47, NI 1985 Order rule 46, Electoral Act 1992 s. 120) and the
bookkeeping of who holds which papers at which value are the same in every
family; the families differ in which papers move and at what value.

Design: papers with the same ranking are indistinguishable, so they always
travel together at the same value. The state is kept per distinct ranking (a
*group*): its ranking, its number of papers and the position of the preference
it currently counts for. Each ranking ends with a sentinel: an extra index,
``exhausted``, that is always "continuing", so finding the next available
preference needs no bounds check and a paper with none lands on the
non-transferable pile like on any other candidate. A candidate holds
*parcels*: ``(value, groups)`` in order of arrival, every paper in a parcel at
the same value in integer units. A transfer walks the groups of the parcels it
moves, advances each group to its next continuing preference and regroups them
into one new parcel per (target, value); the arithmetic is done once per
distinct value, never per paper.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from ..core.model import Ballots

#: A parcel: every paper in it has this value (in units) and belongs to these groups.
Parcel = tuple[int, list[int]]


def droop_quota(valid_papers: int, seats: int) -> int:
    """The quota of the UK and Irish STV rules: ⌊valid papers / (seats + 1)⌋ + 1."""
    return valid_papers // (seats + 1) + 1


class Move(NamedTuple):
    """Papers that went to one target at one value in a transfer."""

    target: int
    value: int
    papers: int


class Papers:
    """Who holds which ballot papers, at which value, during an STV count.

    Candidates are ``0 .. candidates - 1``; index ``exhausted`` (= ``candidates``)
    is the pile of papers with no next available preference. ``tally[c]`` is the
    value in units each holds: a transfer adds to its targets, and the rule sets
    the source's credit afterwards (the quota after a surplus, 0 after an
    exclusion). Candidates in ``skipped`` (withdrawn) are passed over as if
    absent from the paper. ``void`` counts papers that name nobody standing;
    they are not placed anywhere.
    """

    def __init__(
        self, ballots: Ballots, candidates: int, skipped: Iterable[int], unit: int
    ) -> None:
        self.candidates = candidates
        self.exhausted = candidates
        self.unit = unit
        sentinel = (candidates,)
        self.rankings: list[tuple[int, ...]] = [r + sentinel for r in ballots.rankings]
        self.counts: list[int] = list(ballots.counts)
        self.position: list[int] = [-1] * len(self.rankings)
        self.continuing: list[bool] = [True] * (candidates + 1)
        for c in skipped:
            self.continuing[c] = False
        self.parcels: list[list[Parcel]] = [[] for _ in range(candidates + 1)]
        self.tally: list[int] = [0] * (candidates + 1)
        self.void = 0
        if all(self.continuing) and _is_sorted(ballots.rankings):
            self._first_preferences_sorted(ballots.rankings)
        else:
            self._moves(self._place([(unit, list(range(len(self.rankings))))]))
            self.void = self.tally[self.exhausted] // unit
            self.tally[self.exhausted] = 0
            self.parcels[self.exhausted] = []

    def _first_preferences_sorted(self, rankings: Sequence[tuple[int, ...]]) -> None:
        """First preferences when nobody is skipped and the rankings are sorted: the
        papers of each first preference are one run of the rankings, found by bisection."""
        unit = self.unit
        counts = self.counts
        starts = [bisect_left(rankings, (c,)) for c in range(self.candidates + 1)]
        starts[-1] = len(rankings)
        self.void = sum(counts[: starts[0]])  # empty rankings name nobody
        self.position = [0] * len(rankings)
        for c in range(self.candidates):
            lo, hi = starts[c], starts[c + 1]
            if hi > lo:
                self.parcels[c].append((unit, list(range(lo, hi))))
                self.tally[c] = sum(counts[lo:hi]) * unit

    def transfer(self, source: int, revalue: Callable[[int], int] | None = None) -> list[Move]:
        """Move all ``source``'s papers to their next continuing preference.

        ``revalue`` gives a paper's new value from its current one (asked once
        per distinct value); ``None`` keeps the values. The papers leave
        ``source``; ``tally[source]`` is left for the rule to set. Returns one
        :class:`Move` per (target, value), targets in index order (``exhausted``
        last), higher values first.
        """
        moving, self.parcels[source] = self.parcels[source], []
        if revalue is None:
            return self._moves(self._place(moving))
        cache: dict[int, int] = {}
        revalued = []
        for value, groups in moving:
            new = cache.get(value)
            if new is None:
                new = cache[value] = revalue(value)
            revalued.append((new, groups))
        return self._moves(self._place(revalued))

    def _place(self, moving: list[Parcel]) -> dict[int, list[list[int]]]:
        """Advance every group of ``moving`` to its next continuing preference."""
        rankings = self.rankings
        position = self.position
        continuing = self.continuing
        width = len(continuing)
        out: dict[int, list[list[int]]] = {}
        for value, groups in moving:
            dest = out.get(value)
            if dest is None:
                dest = out[value] = [[] for _ in range(width)]
            for g in groups:
                ranking = rankings[g]
                p = position[g] + 1
                t = ranking[p]
                while not continuing[t]:
                    p += 1
                    t = ranking[p]
                position[g] = p
                dest[t].append(g)
        return out

    def _moves(self, out: dict[int, list[list[int]]]) -> list[Move]:
        counts = self.counts
        parcels = self.parcels
        tally = self.tally
        moves: list[Move] = []
        for value, dest in out.items():
            for target, groups in enumerate(dest):
                if groups:
                    n = sum(map(counts.__getitem__, groups))
                    parcels[target].append((value, groups))
                    tally[target] += n * value
                    moves.append(Move(target, value, n))
        moves.sort(key=lambda m: (m.target, -m.value))
        return moves


def _is_sorted(rankings: Sequence[tuple[int, ...]]) -> bool:
    return list(rankings) == sorted(rankings)
