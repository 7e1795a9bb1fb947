"""Counts of the simple rules over a whole batch of elections at once.

Purpose: a million elections counted one by one through the exact rules would
take minutes; most of them need nothing the exact rules add. Here ``uk-fptp``
(and the block vote), ``av`` and ``borda`` are counted with numpy for every
election of a batch together, and the result is the exact rules' result.

Design: a tie is never broken here by any rule of our own. Where the rule set
draws a lot, the election's lot provider (:class:`Lots`: for each election its
own, made from the run's lot seed as the exact count's would be) is asked the
same question, in the same words and the same order, with the tied candidates'
names, and its answer is counted as a lot drawn:

* ``uk-fptp``: a tie for the last seat is decided by lot (rule 49): the lot
  orders the tied group and the favoured fill the seats left. Any other result
  is the ``seats`` candidates with most votes.
* ``av``: rule 45A round by round. A tie for fewest votes, or of the last
  two, is settled as rule 49 and 49A do, by the first stage at which the tied
  candidates differed, looking forward from the first preferences, once an
  elimination has taken place; where that does not settle it (or at the first
  stage) the lot decides: the last of its order is excluded, the first of the
  last two elected.
* ``borda``: a tie for the last seat, as ``uk-fptp``.

Without a :class:`Lots`, an election that needs a lot is marked instead, for
the exact count to settle.

The test suite checks these counts against the exact ones on many seeded
elections, ties included.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..core.lots import LotProvider
from ..core.model import Candidate
from .papers import IntArray, Papers

BoolArray = npt.NDArray[np.bool_]

#: Rule set names counted here, and the function that counts each.
FAST_RULES = ("uk-fptp", "fptp", "block", "av", "irv", "uk-av-2011", "borda")


@dataclass(frozen=True, slots=True)
class Decided:
    """Winners of each election (``(B, seats)``, sorted), which need the exact count,
    and the lots drawn in each."""

    winners: IntArray
    exact: BoolArray
    lots: IntArray


class Lots:
    """Each election's lot provider, made when its first tie needs a lot."""

    def __init__(self, names: Sequence[Candidate], make: Callable[[int], LotProvider]) -> None:
        self.names = [c.name for c in names]
        self.index = {name: i for i, name in enumerate(self.names)}
        self.make = make
        self.providers: dict[int, LotProvider] = {}
        self.drawn: dict[int, int] = {}

    def draw(self, election: int, tied: Sequence[int], purpose: str, stage: int) -> list[int]:
        """The tied candidates in the order the lot gives, favoured first."""
        provider = self.providers.get(election)
        if provider is None:
            provider = self.providers[election] = self.make(election)
        answer = provider.draw([self.names[c] for c in sorted(tied)], purpose, stage)
        self.drawn[election] = self.drawn.get(election, 0) + 1
        return [self.index[name] for name in answer]

    def counts(self, elections: int) -> IntArray:
        out = np.zeros(elections, dtype=np.int64)
        for election, n in self.drawn.items():
            out[election] = n
        return out


def counts_fast(rule: str, seats: int) -> bool:
    """Whether ``rule`` with ``seats`` seats is counted here."""
    if rule in ("av", "irv", "uk-av-2011"):
        return seats == 1
    return rule in FAST_RULES


def count(rule: str, papers: Papers, seats: int, lots: Lots | None = None) -> Decided:
    if rule in ("av", "irv", "uk-av-2011"):
        return alternative(papers, lots)
    if rule == "borda":
        purpose = "equality of Borda points for the last seat"
        return highest(papers, borda_points(papers), seats, lots, purpose)
    purpose = "equality of votes for the last seat"
    return highest(papers, papers.marks(seats), seats, lots, purpose)


def borda_points(papers: Papers) -> IntArray:
    c = papers.candidates
    places = papers.positions()
    return papers.score(np.where(places < c, c - 1 - places, 0))


def highest(
    papers: Papers, scores: IntArray, seats: int, lots: Lots | None, purpose: str
) -> Decided:
    """The ``seats`` highest scores; a tie for the last seat by lot (rule 49)."""
    b, c = scores.shape
    none = np.zeros(b, dtype=np.bool_)
    if c <= seats:
        winners = np.broadcast_to(np.arange(c, dtype=np.int64), (b, c)).copy()
        return Decided(winners, none, np.zeros(b, dtype=np.int64))
    order = np.argsort(-scores, axis=1, kind="stable")
    ranked = np.take_along_axis(scores, order, axis=1)
    tie = ranked[:, seats] == ranked[:, seats - 1]
    winners = np.sort(order[:, :seats], axis=1)
    if lots is None:
        return Decided(winners, tie, np.zeros(b, dtype=np.int64))
    for e in np.flatnonzero(tie).tolist():
        boundary = ranked[e, seats - 1]
        above = [int(x) for x in order[e] if scores[e, x] > boundary]
        group = [int(x) for x in order[e] if scores[e, x] == boundary]
        drawn = lots.draw(e, group, purpose, 1)
        winners[e] = sorted(above + drawn[: seats - len(above)])
    return Decided(winners, none, lots.counts(b))


#: Shared rankings of at most this many candidates are tallied by sets of continuing
#: candidates: one matrix product for all the elections with the same set.
BY_SET = 8


def _held_by(rankings: IntArray, live: BoolArray) -> IntArray:
    """``(K, C + 1)``: 1 where ranking ``k`` goes to candidate ``c`` (or to none, last)."""
    k, c = rankings.shape
    index = np.where(rankings < 0, c, rankings)
    marked = np.concatenate([live, [False]])[index]
    held = np.where(marked.any(axis=1), index[np.arange(k), marked.argmax(axis=1)], c)
    table = np.zeros((k, c + 1), dtype=np.int64)
    table[np.arange(k), held] = 1
    return table


def tally(papers: Papers, continuing: BoolArray) -> IntArray:
    """Papers held by each continuing candidate (``(B, C + 1)``, last: none continuing)."""
    c = papers.candidates
    b = papers.elections
    if papers.shared and c <= BY_SET:
        sets = continuing.astype(np.int64) @ (1 << np.arange(c, dtype=np.int64))
        votes = np.empty((b, c + 1), dtype=np.int64)
        rankings = papers.rankings.astype(np.int64)
        for live in np.unique(sets).tolist():
            rows = sets == live
            table = _held_by(rankings, (live >> np.arange(c)) & 1 == 1)
            votes[rows] = papers.counts[rows] @ table
        return votes
    live = np.concatenate([continuing, np.zeros((b, 1), dtype=np.bool_)], axis=1)
    ranks = papers.rankings.astype(np.int64)
    index = np.where(ranks < 0, c, ranks)
    if papers.shared:
        marked = live[:, index]  # (B, K, C)
        first = marked.argmax(axis=2)
        held = index[np.arange(index.shape[0])[None, :], first]
    else:
        marked = np.take_along_axis(live[:, None, :], index, axis=2)
        first = marked.argmax(axis=2)
        held = np.take_along_axis(index, first[:, :, None], axis=2)[:, :, 0]
    held = np.where(marked.any(axis=2), held, c)
    flat = held + (c + 1) * np.arange(b)[:, None]
    votes = np.bincount(flat.ravel(), weights=papers.counts.ravel(), minlength=b * (c + 1))
    return votes.astype(np.int64).reshape(b, c + 1)


def look_back(history: list[IntArray], group: BoolArray, *, lowest: bool) -> BoolArray:
    """Narrow each tied ``group`` by the stages so far, from the first (rules 49, 49A)."""
    group = group.copy()
    for votes in history:
        settled = group.sum(axis=1) == 1
        fill = np.iinfo(np.int64).max if lowest else -1
        masked = np.where(group, votes[:, : group.shape[1]], fill)
        extreme = masked.min(axis=1) if lowest else masked.max(axis=1)
        narrowed = group & (masked == extreme[:, None])
        group = np.where(settled[:, None], group, narrowed)
    return group


def alternative(papers: Papers, lots: Lots | None = None) -> Decided:
    """The alternative vote (rule set ``av``) for every election of the batch."""
    b, c = papers.elections, papers.candidates
    continuing = np.ones((b, c), dtype=np.bool_)
    active = np.ones(b, dtype=np.bool_)
    exact = np.zeros(b, dtype=np.bool_)
    winner = np.full(b, -1, dtype=np.int64)
    history: list[IntArray] = []
    rows = np.arange(b)
    while active.any():
        votes = tally(papers, continuing)[:, :c]
        standing = continuing.sum(axis=1)
        allocated = np.where(continuing, votes, 0).sum(axis=1)
        leader = np.where(continuing, votes, -1).argmax(axis=1)
        elected = active & ((standing == 1) | (2 * votes[rows, leader] > allocated))
        winner[elected] = leader[elected]
        active &= ~elected
        # the last two, equal (rule 49A)
        final = active & (standing == 2)
        if final.any():
            group = look_back(history, continuing, lowest=False) if history else continuing
            one = final & (group.sum(axis=1) == 1)
            winner[one] = group[one].argmax(axis=1)
            drawn = final & ~one
            if lots is None:
                exact |= drawn
            else:
                purpose = "equality of the last two: whom to elect"
                for e in np.flatnonzero(drawn).tolist():
                    tied = np.flatnonzero(group[e]).tolist()
                    winner[e] = lots.draw(e, tied, purpose, len(history) + 1)[0]
            active &= ~final
        # fewest votes (rule 45A(3)), equal fewest (rule 49)
        fewest = np.where(continuing, votes, np.iinfo(np.int64).max).min(axis=1)
        tied = continuing & (votes == fewest[:, None])
        if history:
            tied = look_back(history, tied, lowest=True)
        single = tied.sum(axis=1) == 1
        loser = tied.argmax(axis=1)
        drawn = active & ~single
        if lots is None:
            exact |= drawn
            active &= single
        else:
            purpose = "equality of fewest votes: whom to eliminate"
            for e in np.flatnonzero(drawn).tolist():
                group = np.flatnonzero(tied[e]).tolist()
                loser[e] = lots.draw(e, group, purpose, len(history) + 1)[-1]
        continuing[rows[active], loser[active]] = False
        history.append(votes)
    drawn_lots = lots.counts(b) if lots is not None else np.zeros(b, dtype=np.int64)
    return Decided(winner[:, None], exact, drawn_lots)


def pairwise(papers: Papers) -> IntArray:
    """``(B, C, C)``: papers ranking ``x`` above ``y`` (``y`` lower or unranked)."""
    places = papers.positions()
    above = (places[..., :, None] < places[..., None, :]).astype(np.int64)
    if papers.shared:
        k, c = places.shape
        return (papers.counts @ above.reshape(k, c * c)).reshape(-1, c, c)
    summed: IntArray = np.einsum("bk,bkxy->bxy", papers.counts, above)
    return summed


def condorcet_winner(preferred: IntArray) -> IntArray:
    """The candidate who beats every other head to head, or -1: ``(B,)``."""
    c = preferred.shape[1]
    beats = preferred > preferred.transpose(0, 2, 1)
    wins = beats.sum(axis=2)
    winner = wins.argmax(axis=1)
    return np.where(wins.max(axis=1) == c - 1, winner, -1)
