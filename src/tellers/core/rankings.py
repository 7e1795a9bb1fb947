"""Distinct rankings held as arrays: what a fast reader makes and a fast count moves.

Purpose: a file of millions of papers holds hundreds of thousands of distinct
rankings. As Python tuples each costs a few hundred nanoseconds to make and
as much again to sort; held as three numpy arrays they cost neither, and a
count that moves whole piles at once (:mod:`tellers.rules.array_papers`) reads
them as they are. :class:`~tellers.core.model.Ballots` keeps them and makes
its sorted tuples from them only when a rule asks for those.

Design: :class:`RankingArrays` is the layout (candidates one ranking after
another, where each ranking starts, the papers of each), in any order; the
functions here turn tuples into arrays and arrays into the sorted tuples of
:class:`~tellers.core.model.Ballots`. numpy is imported here only, and only
when arrays are made or read: ``import tellers.core.model`` does not load it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Ranking = tuple[int, ...]

#: Preferences a sort key covers at most; rankings alike that far are sorted in Python.
_KEY_BYTES = 32


@dataclass(frozen=True, slots=True, eq=False)
class RankingArrays:
    """Rankings and their papers, in any order.

    ``candidates`` holds the candidate indices (from 0) of the first ranking,
    then of the second, and so on; ranking ``i`` is
    ``candidates[starts[i]:starts[i + 1]]`` (``starts`` has one more entry
    than there are rankings: the end) and was used by ``counts[i]`` papers.
    A ranking may be given more than once (as a file may give it on several
    lines, with different weights): the sorted tuples merge them, and a count
    moves them together, as they are alike. Rankings name each candidate at
    most once, every count is positive, and the total of the counts is below
    2**63. Whoever makes the arrays vouches for this (a reader checks it as it
    parses); the arrays are not changed afterwards.

    ``ordered`` says that each ranking is given once and in the order of
    :class:`~tellers.core.model.Ballots` already (as a simulation draws them):
    the sorted tuples are then read off without sorting. The maker vouches
    for that too.
    """

    candidates: NDArray[Any]
    starts: NDArray[np.int64]
    counts: NDArray[np.int64]
    ordered: bool = False

    def __len__(self) -> int:
        """How many rankings are given (some perhaps more than once)."""
        return len(self.counts)

    @property
    def lengths(self) -> NDArray[np.int64]:
        """How many candidates each ranking names."""
        import numpy as np

        return np.diff(self.starts)

    @property
    def papers(self) -> int:
        """The papers of all the rankings."""
        return int(self.counts.sum()) if len(self.counts) else 0


def from_tuples(rankings: Sequence[Ranking], counts: Sequence[int]) -> RankingArrays:
    """The arrays of ``rankings`` (each naming a candidate at most once) and their papers."""
    import numpy as np

    lengths = np.fromiter(map(len, rankings), np.int64, len(rankings))
    starts = np.zeros(len(rankings) + 1, np.int64)
    np.cumsum(lengths, out=starts[1:])
    flat = [c for ranking in rankings for c in ranking]
    width = np.uint8 if not flat or max(flat) < 256 else np.int32
    candidates = np.array(flat, dtype=width)
    return RankingArrays(candidates, starts, np.array(counts, dtype=np.int64))


def sorted_tuples(arrays: RankingArrays) -> tuple[tuple[Ranking, ...], tuple[int, ...]]:
    """The rankings as tuples in the order of :class:`~tellers.core.model.Ballots` (as
    tuples compare: by first preference, then second..., a ranking before any that goes
    on from it), each once, and the papers of each.

    numpy sorts them by a key of their first preferences, a byte each (two where there
    are more than 255 candidates), packed into 64-bit words; the few rankings alike in
    all of those, if any, are sorted in Python.
    """
    import numpy as np

    n = len(arrays)
    if not n:
        return (), ()
    if arrays.ordered:
        flat = arrays.candidates.tolist()
        bounds = arrays.starts.tolist()
        return tuple(tuple(flat[a:b]) for a, b in pairwise(bounds)), tuple(arrays.counts.tolist())
    lengths = arrays.lengths
    cands = arrays.candidates
    most = int(cands.max()) if len(cands) else 0
    if most >= 0xFFFF:  # keys of two bytes a preference cannot hold them
        return _in_python(arrays)
    wide = most >= 0xFF
    item = np.dtype(">u2") if wide else np.dtype(np.uint8)
    longest = int(lengths.max())
    width = min(longest, _KEY_BYTES // item.itemsize)
    per_word = 8 // item.itemsize
    words = max(1, -(-width // per_word))
    keys = np.zeros((n, words * per_word), dtype=item)
    rows = np.repeat(np.arange(n), lengths)
    position = np.arange(len(cands)) - np.repeat(arrays.starts[:-1], lengths)
    kept = position < width
    keys[rows[kept], position[kept]] = cands[kept].astype(item) + 1  # 0: no preference
    packed = keys.view(">u8").astype(np.uint64)  # big-endian: the first preference leads
    order = np.lexsort(packed.T[::-1])
    if longest > width:
        order = _alike_in_python(arrays, order, packed)
    counts = arrays.counts[order]
    order, counts = _merged(arrays, order, counts, packed[order], lengths[order], width)
    n = len(order)
    new_lengths = lengths[order]
    new_starts = np.zeros(n + 1, np.int64)
    np.cumsum(new_lengths, out=new_starts[1:])
    gather = np.repeat(arrays.starts[:-1][order] - new_starts[:-1], new_lengths)
    gather += np.arange(int(new_starts[-1]))
    flat = cands[gather].tolist()
    bounds = new_starts.tolist()
    rankings = tuple(tuple(flat[a:b]) for a, b in pairwise(bounds))
    return rankings, tuple(counts.tolist())


def _merged(
    arrays: RankingArrays, order: Any, counts: Any, keys: Any, lengths: Any, width: int
) -> tuple[Any, Any]:
    """``order`` (sorted) and ``counts`` with each ranking given more than once (so
    next to itself) kept once, with the papers of all its entries."""
    import numpy as np

    same = np.all(keys[1:] == keys[:-1], axis=1) & (lengths[1:] == lengths[:-1])
    beyond = np.flatnonzero(same & (lengths[1:] > width))
    if len(beyond):  # alike as far as the keys go: compared in full
        flat, starts = arrays.candidates, arrays.starts
        for i in beyond.tolist():
            a, b = order[i], order[i + 1]
            whole = np.array_equal(flat[starts[a] : starts[a + 1]], flat[starts[b] : starts[b + 1]])
            same[i] = whole
    if not same.any():
        return order, counts
    first = np.flatnonzero(np.concatenate(([True], ~same)))
    return order[first], np.add.reduceat(counts, first)


def _in_python(arrays: RankingArrays) -> tuple[tuple[Ranking, ...], tuple[int, ...]]:
    flat = arrays.candidates.tolist()
    bounds = arrays.starts.tolist()
    merged: dict[Ranking, int] = {}
    for a, b, n in zip(bounds, bounds[1:], arrays.counts.tolist(), strict=False):
        ranking = tuple(flat[a:b])
        merged[ranking] = merged.get(ranking, 0) + n
    rankings = sorted(merged)
    return tuple(rankings), tuple(merged[r] for r in rankings)


def _alike_in_python(arrays: RankingArrays, order: Any, packed: Any) -> Any:
    """``order`` with each run of rankings whose keys are equal sorted by their tuples."""
    import numpy as np

    ordered = packed[order]
    same = np.all(ordered[1:] == ordered[:-1], axis=1)
    if not same.any():
        return order
    order = order.copy()
    starts = arrays.starts.tolist()
    flat = arrays.candidates
    edges = np.flatnonzero(np.diff(np.concatenate(([0], same.astype(np.int8), [0]))))
    for first, last in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
        run = order[first : last + 1].tolist()
        run.sort(key=lambda i: tuple(flat[starts[i] : starts[i + 1]].tolist()))
        order[first : last + 1] = run
    return order
