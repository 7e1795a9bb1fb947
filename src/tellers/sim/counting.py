"""Count a batch of simulated elections under a rule set: fast where it may be, exact always.

Purpose: every rule set tellers knows counts simulated elections exactly as it
counts a real one, through :func:`tellers.rules.count` on the election's
merged ballots, with lots drawn by a :class:`~tellers.core.lots.SeededLots`
seeded from the run's own lot stream (:mod:`.streams`). The simple rules are
first counted for the whole batch at once (:mod:`.fast`), where a tie that the
rules decide by lot is put to the same lot provider the exact count would ask.

A rule set that draws papers at random (``ie-dail``'s option ``paper-seed``)
is given the same seed as the lots.

Design: rule sets that count declared totals (list PR: ``dhondt``,
``sainte-lague``) are given each candidate's first preferences as the votes of
a party. The winners of a run are the candidates elected, sorted (for list PR,
a party once for each seat it wins); ``lots`` is how many lots its count drew.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..core.lots import SeededLots
from ..core.model import Ballots, Candidate, Contest, Election, Totals
from ..rules import count as count_rules
from ..rules import get
from . import fast
from .papers import IntArray, Papers
from .textbook import TEXTBOOK, count_borda


@dataclass(frozen=True, slots=True)
class Counted:
    """Each election's winners (``(B, seats)``, sorted, -1 where fewer) and lots drawn."""

    winners: IntArray
    lots: IntArray


def check_rule(rule: str) -> str:
    """The rule set's name if tellers knows it (textbook rules included); else an error."""
    if rule in TEXTBOOK:
        return rule
    return get(rule).name


def count_one(
    rule: str, contest: Contest, ballots: Ballots, lot_seed: int
) -> tuple[tuple[int, ...], int]:
    """One election counted exactly: the winners, sorted, and the lots drawn."""
    lots = SeededLots(lot_seed)
    if rule in TEXTBOOK:
        return count_borda(contest, ballots, lots)
    rule_set = get(rule)
    votes: Ballots | Totals = ballots
    if rule_set.needs == "totals":
        votes = Totals(tuple(ballots.first_preferences(len(contest.candidates))), ballots.papers)
    # a rule set that samples papers at random (ie-dail) samples from the run's seed too
    options = (
        {"paper-seed": lot_seed} if any(o.name == "paper-seed" for o in rule_set.options) else None
    )
    election = Election(contest, votes, source="simulated election")
    counted = count_rules(election, rule, options, lots=lots)
    return tuple(sorted(counted.elected)), len(counted.lots)


def count_batch(
    rule: str,
    papers: Papers,
    seats: int,
    names: Sequence[Candidate],
    lot_seed: Callable[[int], int],
) -> Counted:
    """Count every election of ``papers``; ``lot_seed(b)`` seeds election ``b``'s lots."""
    b = papers.elections
    winners = np.full((b, seats), -1, dtype=np.int64)
    lots = np.zeros(b, dtype=np.int64)
    if fast.counts_fast(rule, seats):
        lots_of = fast.Lots(names, lambda e: SeededLots(lot_seed(e)))
        decided = fast.count(rule, papers, seats, lots_of)
        winners[:, : decided.winners.shape[1]] = decided.winners
        lots[:] = decided.lots
        todo = np.flatnonzero(decided.exact)
    else:
        todo = np.arange(b)
    if len(todo):
        contest = Contest("simulated election", seats, tuple(names))
        for e in todo.tolist():
            elected, drawn = count_one(rule, contest, papers.ballots(e), lot_seed(e))
            winners[e] = -1
            winners[e, : len(elected)] = elected[:seats] if len(elected) > seats else elected
            lots[e] = drawn
    return Counted(winners, lots)
