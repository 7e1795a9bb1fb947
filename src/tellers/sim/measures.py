"""What is measured in each run of an ensemble, for a batch of runs at once.

Per run, for each rule set ``r`` (columns of the table of runs):

* ``winners:r`` — the candidates elected (candidate numbers, 1 first; for list
  PR a party once for each seat), and ``lots:r`` the lots its count drew;
* ``condorcet`` — ``condorcet_winner`` (the candidate who beats every other
  head to head on more papers than the other way round; 0 if none),
  ``no_condorcet_winner``, and ``condorcet_elected:r`` (whether ``r`` elected
  it; null where there is none);
* ``first-share`` — ``first_share:r``: the share of first preferences held by
  the candidates ``r`` elected;
* ``disproportionality`` — ``gallagher:r`` and ``loosemore_hanby:r``: each
  candidate (a party, under list PR) with its share of first preferences ``v``
  and of the seats ``s``: Gallagher's least-squares index
  ``sqrt(½ Σ (v - s)²)`` and Loosemore–Hanby's ``½ Σ |v - s|``, as fractions
  (not percentages);
* ``monotonicity`` — ``monotonicity_failure:r``: whether the winner, raised one
  place on half (rounded up) of the papers of the most used ranking that has
  them second or lower, then loses (single-seat contests);
* ``participation`` — ``participation_failure:r``: whether removing half
  (rounded up) of the papers of the most used ranking among those that put the
  winner lowest elects someone those papers prefer to the winner.

Both perturbations are one recount each: the frequencies they give are lower
bounds of how often a rule can fail. A run is recorded as null where the
perturbed election cannot be made (no such paper) or where either count drew
a lot (a lot, not the rule, would then decide the change).

Design: every figure is a ratio of whole numbers, computed with numpy per run,
so no figure depends on the batch a run was counted in; the pairwise
comparisons come from one matrix product over the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.model import Candidate
from . import fast
from .counting import Counted, count_batch
from .papers import IntArray, Papers

#: The measures ``--measure`` takes (winners and lots are always recorded).
MEASURES = (
    "condorcet",
    "agreement",
    "first-share",
    "disproportionality",
    "monotonicity",
    "participation",
)
#: Measured unless others are asked for.
DEFAULT_MEASURES = ("condorcet", "agreement", "first-share")
#: Measures that count each election again (single-seat contests only).
PERTURBATIONS = ("monotonicity", "participation")

Columns = dict[str, npt.NDArray[Any]]


def measure(
    papers: Papers,
    seats: int,
    rules: Sequence[str],
    measures: Sequence[str],
    names: Sequence[Candidate],
    lot_seed: Callable[[int], int],
) -> Columns:
    """The columns of the runs of one batch."""
    columns: Columns = {}
    counted: dict[str, Counted] = {}
    for rule in rules:
        counted[rule] = count_batch(rule, papers, seats, names, lot_seed)
        columns[f"winners:{rule}"] = counted[rule].winners + 1
        columns[f"lots:{rule}"] = counted[rule].lots
    firsts = papers.first_preferences()
    total = papers.totals()
    if "condorcet" in measures:
        winner = fast.condorcet_winner(fast.pairwise(papers))
        columns["condorcet_winner"] = winner + 1
        columns["no_condorcet_winner"] = winner < 0
        for rule in rules:
            elected = (counted[rule].winners == winner[:, None]).any(axis=1)
            columns[f"condorcet_elected:{rule}"] = np.where(winner < 0, -1, elected).astype(np.int8)
    if "first-share" in measures:
        for rule in rules:
            mine = won(counted[rule].winners, papers.candidates) > 0
            columns[f"first_share:{rule}"] = np.where(mine, firsts, 0).sum(axis=1) / total
    if "disproportionality" in measures:
        for rule in rules:
            seats_won = won(counted[rule].winners, papers.candidates)
            gap = firsts * seats - seats_won * total[:, None]
            scale = (total * seats).astype(np.float64)
            columns[f"gallagher:{rule}"] = np.sqrt((gap * gap).sum(axis=1) / 2) / scale
            columns[f"loosemore_hanby:{rule}"] = np.abs(gap).sum(axis=1) / 2 / scale
    if "monotonicity" in measures:
        for rule in rules:
            columns[f"monotonicity_failure:{rule}"] = monotonicity(
                papers, rule, counted[rule], names, lot_seed
            )
    if "participation" in measures:
        for rule in rules:
            columns[f"participation_failure:{rule}"] = participation(
                papers, rule, counted[rule], names, lot_seed
            )
    return columns


def won(winners: IntArray, candidates: int) -> IntArray:
    """Seats won by each candidate: ``(B, C)``."""
    b = winners.shape[0]
    flat = np.where(winners >= 0, winners + candidates * np.arange(b)[:, None], b * candidates)
    return np.bincount(flat.ravel(), minlength=b * candidates + 1)[:-1].reshape(b, candidates)


def _per_run(papers: Papers) -> tuple[IntArray, IntArray, IntArray]:
    """Rankings ``(B, K + 1, C)`` with a free last row, counts to match, and places."""
    b, c = papers.elections, papers.candidates
    rankings = np.broadcast_to(papers.rankings, (b, *papers.rankings.shape[-2:])).astype(np.int8)
    extra = np.full((b, 1, c), -1, dtype=np.int8)
    rankings = np.concatenate([rankings, extra], axis=1)
    counts = np.concatenate([papers.counts, np.zeros((b, 1), dtype=np.int64)], axis=1)
    places = Papers(rankings, counts, c).positions()
    return rankings.astype(np.int64), counts, places


def monotonicity(
    papers: Papers,
    rule: str,
    counted: Counted,
    names: Sequence[Candidate],
    lot_seed: Callable[[int], int],
) -> npt.NDArray[np.int8]:
    b, c = papers.elections, papers.candidates
    rankings, counts, places = _per_run(papers)
    rows = np.arange(b)
    winner = counted.winners[:, 0]
    place = places[rows, :, winner]  # (B, K + 1)
    usable = (place >= 1) & (place < c) & (counts > 0)
    k = np.where(usable, counts, -1).argmax(axis=1)
    ok = usable[rows, k]
    moved = (counts[rows, k] + 1) // 2
    raised = rankings[rows, k].copy()  # (B, C)
    at = place[rows, k]
    above = raised[rows, np.maximum(at - 1, 0)]
    raised[rows, np.maximum(at - 1, 0)] = winner
    raised[rows, np.minimum(at, c - 1)] = above
    counts[rows, k] -= np.where(ok, moved, 0)
    counts[:, -1] = np.where(ok, moved, 0)
    rankings[:, -1] = np.where(ok[:, None], raised, -1)
    again = count_batch(
        rule, Papers(rankings.astype(np.int8), counts, c, tidy=False), 1, names, lot_seed
    )
    failed = again.winners[:, 0] != winner
    ok &= (counted.lots == 0) & (again.lots == 0)
    return np.where(ok, failed, -1).astype(np.int8)


def participation(
    papers: Papers,
    rule: str,
    counted: Counted,
    names: Sequence[Candidate],
    lot_seed: Callable[[int], int],
) -> npt.NDArray[np.int8]:
    b, c = papers.elections, papers.candidates
    rankings, counts, places = _per_run(papers)
    rows = np.arange(b)
    winner = counted.winners[:, 0]
    place = places[rows, :, winner]
    size = counts.max() + 1
    key = np.where(counts > 0, place * size + counts, -1)
    k = key.argmax(axis=1)
    removed = (counts[rows, k] + 1) // 2
    ok = (place[rows, k] >= 1) & (counts.sum(axis=1) > removed)
    counts[rows, k] -= np.where(ok, removed, 0)
    again = count_batch(
        rule, Papers(rankings.astype(np.int8), counts, c, tidy=False), 1, names, lot_seed
    )
    new = again.winners[:, 0]
    preferred = places[rows, k, np.maximum(new, 0)] < place[rows, k]
    failed = (new != winner) & (new >= 0) & preferred
    ok &= (counted.lots == 0) & (again.lots == 0)
    return np.where(ok, failed, -1).astype(np.int8)
