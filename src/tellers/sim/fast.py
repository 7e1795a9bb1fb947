"""Counts of the simple rules over a whole batch of elections at once.

Purpose: a million elections counted one by one through the exact rules would
take minutes; most of them need nothing the exact rules add. Here ``uk-fptp``
(and the block vote), ``av`` and ``borda`` are counted with numpy for every
election of a batch together, and the result is the exact rules' result.

Design: each count also says, per election, whether it met a tie it does not
settle. Those elections, and only those, are counted again by the exact rules
(with the run's lots), so nothing here ever breaks a tie by itself:

* ``uk-fptp``: a tie for the last seat is decided by lot (rule 49): counted
  exactly. Any other result is the ``seats`` candidates with most votes.
* ``av``: rule 45A round by round. A tie for fewest votes, or of the last
  two, is settled as rule 49 and 49A do, by the first stage at which the tied
  candidates differed, looking forward from the first preferences, once an
  elimination has taken place; where that does not settle it (or at the first
  stage) the rules draw a lot: counted exactly.
* ``borda``: a tie for the last seat: counted exactly (by lot).

The test suite checks these counts against the exact ones on many seeded
elections, ties included.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .papers import IntArray, Papers

BoolArray = npt.NDArray[np.bool_]

#: Rule set names counted here, and the function that counts each.
FAST_RULES = ("uk-fptp", "fptp", "block", "av", "irv", "uk-av-2011", "borda")


@dataclass(frozen=True, slots=True)
class Decided:
    """Winners of each election (``(B, seats)``, sorted), and which need the exact count."""

    winners: IntArray
    exact: BoolArray


def counts_fast(rule: str, seats: int) -> bool:
    """Whether ``rule`` with ``seats`` seats is counted here."""
    if rule in ("av", "irv", "uk-av-2011"):
        return seats == 1
    return rule in FAST_RULES


def count(rule: str, papers: Papers, seats: int) -> Decided:
    if rule in ("av", "irv", "uk-av-2011"):
        return alternative(papers)
    if rule == "borda":
        return highest(papers, borda_points(papers), seats)
    return highest(papers, papers.marks(seats), seats)


def borda_points(papers: Papers) -> IntArray:
    c = papers.candidates
    places = papers.positions()
    return papers.score(np.where(places < c, c - 1 - places, 0))


def highest(papers: Papers, scores: IntArray, seats: int) -> Decided:
    """The ``seats`` highest scores; a tie for the last seat goes to the exact count."""
    b, c = scores.shape
    if c <= seats:
        winners = np.broadcast_to(np.arange(c, dtype=np.int64), (b, c)).copy()
        return Decided(winners, np.zeros(b, dtype=np.bool_))
    order = np.argsort(-scores, axis=1, kind="stable")
    ranked = np.take_along_axis(scores, order, axis=1)
    tie = ranked[:, seats] == ranked[:, seats - 1]
    return Decided(np.sort(order[:, :seats], axis=1), tie)


def tally(papers: Papers, continuing: BoolArray) -> IntArray:
    """Papers held by each continuing candidate (``(B, C + 1)``, last: none continuing)."""
    c = papers.candidates
    b = papers.elections
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


def alternative(papers: Papers) -> Decided:
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
            if history:
                group = look_back(history, continuing, lowest=False)
                one = final & (group.sum(axis=1) == 1)
                winner[one] = group[one].argmax(axis=1)
                exact |= final & ~one
            else:
                exact |= final
            active &= ~final
        # fewest votes (rule 45A(3)), equal fewest (rule 49)
        fewest = np.where(continuing, votes, np.iinfo(np.int64).max).min(axis=1)
        tied = continuing & (votes == fewest[:, None])
        if history:
            tied = look_back(history, tied, lowest=True)
        else:
            tied = np.where((tied.sum(axis=1) > 1)[:, None], False, tied)
        single = tied.sum(axis=1) == 1
        exact |= active & ~single
        active &= single
        loser = tied.argmax(axis=1)
        continuing[rows[active], loser[active]] = False
        history.append(votes)
    return Decided(winner[:, None], exact)


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
