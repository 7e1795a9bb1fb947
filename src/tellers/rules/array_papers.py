"""Who holds which papers, in numpy arrays: :class:`~.stv.Papers`, a whole pile at a time.

Purpose: the same bookkeeping as :class:`~.stv.Papers` (which papers each
candidate holds, at which value, and where a transfer sends them), for
rankings held as arrays (:class:`~tellers.core.rankings.RankingArrays`, as
the fast readers give them), so that a count of a million papers moves
hundreds of thousands of rankings with a few array operations per transfer
instead of a Python step per ranking, and never makes a tuple of one.

Design: each ranking of the arrays (a *group*; a ranking a file gives on
several lines is several groups, which move together) has three entries: the position in
the flat array of candidates of the preference it counts for, the pile that
holds it (a candidate, ``exhausted``, or -1 for papers that name nobody
standing), and its value, as an index into a short Python list of the values
in use, in units. A transfer takes every group of the source's pile, moves
each to its next continuing preference (a few passes over the groups still
on a candidate who is not continuing), and adds up the papers per (target,
value) in 64-bit integers (papers only: no sum can overflow, as the total is
below 2**63). Values are Python integers throughout: a new value is worked
out once per distinct old value by the rule's own function, and each
target's total is papers × value in Python. So the moves, and everything the
count records from them, are those of :class:`~.stv.Papers`, figure for
figure; ``tests/rules/test_array_papers.py`` holds the two to that over every
Scottish ward and many generated elections. Only whole piles move (the
inclusive Gregory surplus and exclusions): a rule that moves some parcels
and not others uses :class:`~.stv.Papers`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..core.model import Ballots
from .stv import Move, Parcel

if TYPE_CHECKING:
    from numpy.typing import NDArray


class ArrayPapers:
    """Who holds which ballot papers, at which value, in arrays (see the module).

    The attributes a count reads and sets are those of :class:`~.stv.Papers`:
    ``tally`` (Python integers, in units; index ``exhausted`` is the
    non-transferable pile), ``continuing`` (an array: a count sets a
    candidate's entry to False when he or she is elected or excluded),
    ``void`` and ``exhausted``.
    """

    def __init__(
        self, ballots: Ballots, candidates: int, skipped: Iterable[int], unit: int
    ) -> None:
        arrays = ballots.arrays()
        self.candidates = candidates
        self.exhausted = candidates
        self.unit = unit
        self.continuing: NDArray[np.bool_] = np.ones(candidates + 1, bool)
        for c in skipped:
            self.continuing[c] = False
        self.tally: list[int] = [0] * (candidates + 1)
        # each ranking followed by ``exhausted``, which always stops the search for the
        # next continuing preference: no ranking's end need be checked
        n = len(arrays)
        small = np.uint8 if candidates < 255 else np.int16  # a candidate, or exhausted
        self._choices = np.insert(arrays.candidates.astype(small), arrays.starts[1:], candidates)
        self._counts = arrays.counts
        self._values: list[int] = [unit]
        self._value_ids: dict[int, int] = {unit: 0}
        self._value: NDArray[np.int32] = np.zeros(n, np.int32)
        at, pile = self._next(arrays.starts[:-1] + np.arange(n))
        self._at: NDArray[np.intp] = at
        named = pile != self.exhausted
        self.void = int(self._counts[~named].sum())
        self._pile: NDArray[np.int16] = pile.astype(np.int16)  # -1: nobody's
        self._pile[~named] = -1
        held = np.zeros(candidates + 1, np.int64)
        np.add.at(held, pile[named], self._counts[named])
        for c, papers in enumerate(held[:candidates].tolist()):
            self.tally[c] = papers * unit

    def transfer(
        self,
        source: int,
        revalue: Callable[[int], int] | None = None,
        parcels: Sequence[Parcel] | None = None,
    ) -> list[Move]:
        """Move all of ``source``'s papers to their next continuing preference, as
        :meth:`.stv.Papers.transfer` does (``parcels`` must be None: the whole pile)."""
        if parcels is not None:
            raise ValueError("ArrayPapers moves whole piles only")
        groups = np.flatnonzero(self._pile == source)
        at, target = self._next(self._at[groups] + 1)
        self._at[groups] = at
        self._pile[groups] = target
        value = self._value[groups]
        if revalue is not None:
            renamed = np.arange(len(self._values), dtype=np.int32)
            for old in np.flatnonzero(np.bincount(value, minlength=len(self._values))).tolist():
                renamed[old] = self._value_id(revalue(self._values[old]))
            value = renamed[value]
            self._value[groups] = value
        kinds = len(self._values)
        papers = np.zeros((self.candidates + 1) * kinds, np.int64)
        np.add.at(papers, target.astype(np.intp) * kinds + value, self._counts[groups])
        found = np.flatnonzero(papers)
        moves = []
        tally = self.tally
        for key, n in zip(found.tolist(), papers[found].tolist(), strict=True):
            to, kind = divmod(key, kinds)
            worth = self._values[kind]
            tally[to] += n * worth
            moves.append(Move(to, worth, n))
        moves.sort(key=lambda m: (m.target, -m.value))
        return moves

    def _value_id(self, value: int) -> int:
        found = self._value_ids.get(value)
        if found is None:
            found = self._value_ids[value] = len(self._values)
            self._values.append(value)
        return found

    def _next(self, at: Any) -> tuple[Any, Any]:
        """From positions ``at`` (in the flat array of candidates): the position of the
        first continuing preference at or after each, and the pile it goes to (the
        candidate, or ``exhausted`` at the ranking's end)."""
        choices = self._choices
        continuing = self.continuing
        target = choices[at]
        passed = np.flatnonzero(~continuing[target])
        while len(passed):
            at[passed] += 1
            found = choices[at[passed]]
            target[passed] = found
            passed = passed[~continuing[found]]
        return at, target
