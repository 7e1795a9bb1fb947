"""Rules from the textbooks that no UK statute uses, counted for comparison only.

Purpose: researchers compare the legal rule sets with the rules of the
social-choice literature; the simulations count these beside them.

* ``borda`` — each paper gives a candidate it ranks ``C - 1 - p`` points,
  ``p`` the place (0 first) and ``C`` the candidates standing; a candidate it
  does not rank gets nothing from it. The ``seats`` candidates with most
  points are elected.

Design: whole points, so the count is exact. A tie for the last seat is
decided as in ``uk-fptp``: the tied candidates are ordered by the lot provider
and the favoured fill the seats left; the lot is counted, never silent.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..core.lots import LotProvider
from ..core.model import Ballots, Contest
from ..errors import RulesError

#: The textbook rules, by name.
TEXTBOOK = ("borda",)


def borda_points(ballots: Ballots, candidates: int) -> list[int]:
    """Each candidate's Borda points."""
    points = [0] * candidates
    for ranking, n in zip(ballots.rankings, ballots.counts, strict=True):
        for place, c in enumerate(ranking):
            points[c] += n * (candidates - 1 - place)
    return points


def top(
    contest: Contest, scores: Sequence[int], lots: LotProvider, purpose: str
) -> tuple[tuple[int, ...], int]:
    """The ``seats`` highest scores (a tie for the last seat by lot), and the lots drawn."""
    seats = contest.seats
    order = sorted(contest.standing, key=lambda c: (-scores[c], c))
    if len(order) <= seats:
        return tuple(sorted(order)), 0
    boundary = scores[order[seats - 1]]
    above = [c for c in order if scores[c] > boundary]
    group = [c for c in order if scores[c] == boundary]
    left = seats - len(above)
    if len(group) <= left:
        return tuple(sorted(above + group)), 0
    names = [contest.candidates[c].name for c in sorted(group)]
    drawn = [contest.index(n) for n in lots.draw(names, purpose, 1)]
    return tuple(sorted(above + drawn[:left])), 1


def count_borda(
    contest: Contest, ballots: Ballots, lots: LotProvider
) -> tuple[tuple[int, ...], int]:
    """The Borda winners of ``ballots`` and the lots drawn."""
    if contest.withdrawn:
        raise RulesError("borda counts contests where every candidate stands")
    points = borda_points(ballots, len(contest.candidates))
    return top(contest, points, lots, "equality of Borda points for the last seat")
