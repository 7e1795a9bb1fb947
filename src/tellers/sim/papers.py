"""A batch of simulated elections, held as arrays: rankings and paper counts.

Purpose: measures and the simple rules are computed for thousands of
elections at once, and each election can still be handed, exactly, to the
count of any rule set as :class:`~tellers.core.model.Ballots`.

Design: ``rankings`` holds candidate indices, most preferred first, with ``-1``
after a paper's last preference; ``counts[b, k]`` is how many papers of
election ``b`` carry ranking ``k``. Models whose elections share one list of
rankings (impartial culture: the ``C!`` orders) keep a single ``(K, C)``
array, so an election costs only its ``K`` counts; the others keep one
``(B, K, C)`` array, each election's distinct rankings sorted, padded with
rankings no paper carries.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..core.model import Ballots, Ranking
from ..core.rankings import RankingArrays

IntArray = npt.NDArray[np.int64]
Rankings = npt.NDArray[np.int8]


@dataclass(frozen=True, slots=True)
class Papers:
    """The papers of a batch of elections with ``candidates`` candidates each."""

    rankings: Rankings
    counts: IntArray
    candidates: int
    #: Each election's rankings with a paper are distinct and sorted (Ballots order).
    tidy: bool = True

    @property
    def elections(self) -> int:
        return int(self.counts.shape[0])

    @property
    def shared(self) -> bool:
        """All elections of the batch use one list of rankings."""
        return self.rankings.ndim == 2

    def totals(self) -> IntArray:
        """Papers in each election."""
        totals: IntArray = self.counts.sum(axis=1)
        return totals

    def positions(self) -> IntArray:
        """Where each candidate stands on each ranking (0 first), ``candidates`` if unranked.

        Shape ``(K, C, )`` for shared rankings, else ``(B, K, C)``.
        """
        c = self.candidates
        ranks = self.rankings.astype(np.int64)
        where = np.where(ranks < 0, c, ranks)
        order = np.broadcast_to(np.arange(c, dtype=np.int64), ranks.shape)
        # scatter: places[..., where[..., j]] = j, ignoring the -1 entries
        padded = np.full((*ranks.shape[:-1], c + 1), c, dtype=np.int64)
        np.put_along_axis(padded, where, order, axis=-1)
        places = padded[..., :c]
        return places

    def ballots(self, election: int) -> Ballots:
        """The papers of one election, as the count of a rule set takes them.

        Tidy papers are handed over as arrays, in order (a count that moves whole
        piles reads them as they are; another has its tuples made without a sort).
        """
        rows = self.rankings if self.shared else self.rankings[election]
        counts = self.counts[election]
        used = counts > 0
        rows = rows[used]
        if self.tidy:
            marked = rows >= 0
            starts = np.zeros(len(rows) + 1, dtype=np.int64)
            np.cumsum(marked.sum(axis=1), out=starts[1:])
            flat = rows[marked].astype(np.uint8)
            return Ballots.from_arrays(RankingArrays(flat, starts, counts[used], ordered=True))
        kept = counts[used].tolist()
        lengths = (rows >= 0).sum(axis=1)
        # tuples made column-wise by zip: a third of the time of one list per row
        rankings: list[Ranking] = list(zip(*rows.T.tolist(), strict=True))
        if not bool((lengths == self.candidates).all()):
            rankings = [r[:n] for r, n in zip(rankings, lengths.tolist(), strict=True)]
        return Ballots.compress(zip(rankings, kept, strict=True))

    def first_preferences(self) -> IntArray:
        """Papers whose first preference is each candidate, per election: ``(B, C)``."""
        return self.marks(1)

    def marks(self, depth: int) -> IntArray:
        """Papers marking each candidate among their first ``depth`` preferences: ``(B, C)``."""
        return self.score(np.where(self.positions() < depth, 1, 0))

    def score(self, points: IntArray) -> IntArray:
        """Sum over papers of ``points[k, c]`` (or ``points[b, k, c]``): ``(B, C)``."""
        if points.ndim == 2:
            return self.counts @ points
        summed: IntArray = np.einsum("bk,bkc->bc", self.counts, points)
        return summed

    def select(self, elections: npt.NDArray[np.bool_] | IntArray) -> Papers:
        """The elections picked by a mask or by their indices."""
        rankings = self.rankings if self.shared else self.rankings[elections]
        return Papers(rankings, self.counts[elections], self.candidates, self.tidy)


def compress(drawn: Rankings) -> tuple[Rankings, IntArray]:
    """One election's papers ``(V, C)``: its distinct rankings, sorted, and their counts.

    Each ranking is read as a number whose digits are the preferences (``c + 1``,
    then 0 for none), so that sorting the numbers sorts the rankings as tuples.
    """
    c = drawn.shape[1]
    base = c + 1
    if base**c < 2**62:
        digits = drawn.astype(np.int64) + 1
        weights = base ** np.arange(c - 1, -1, -1, dtype=np.int64)
        codes = digits @ weights
        _, first, counts = np.unique(codes, return_index=True, return_counts=True)
        return drawn[first], counts.astype(np.int64)
    rows, counts = np.unique(drawn.astype(np.int16) + 1, axis=0, return_counts=True)
    return (rows - 1).astype(np.int8), counts.astype(np.int64)


def stack(elections: list[tuple[Rankings, IntArray]], candidates: int) -> Papers:
    """A batch from each election's distinct rankings and counts (padded to one width)."""
    width = max((len(counts) for _, counts in elections), default=0)
    rankings = np.full((len(elections), width, candidates), -1, dtype=np.int8)
    counts = np.zeros((len(elections), width), dtype=np.int64)
    for b, (rows, n) in enumerate(elections):
        rankings[b, : len(n)] = rows
        counts[b, : len(n)] = n
    return Papers(rankings, counts, candidates)
