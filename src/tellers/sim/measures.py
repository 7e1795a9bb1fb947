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
  place on half (rounded up) of the papers of a ranking that has them second or
  lower, then loses; tried on each of the :data:`PROBES` most used such
  rankings in turn (single-seat contests);
* ``participation`` — ``participation_failure:r``: whether removing half
  (rounded up) of the papers of a ranking that does not put the winner first
  elects someone those papers prefer to the winner; tried on the
  :data:`PROBES` rankings that put the winner lowest (the most used first).

Each probe is one recount of the whole batch: the frequencies found are lower
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
#: Rankings perturbed in each run, one recount each, by the two perturbation measures.
PROBES = 4
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
    if "first-share" in measures or "disproportionality" in measures:
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


def _probes(key: IntArray) -> IntArray:
    """The rows to perturb, best first: ``(B, PROBES)`` indices (key -1: not eligible)."""
    return np.argsort(-key, axis=1, kind="stable")[:, :PROBES]


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
    key = np.where((place >= 1) & (place < c) & (counts > 0), counts, -1)
    measured = np.zeros(b, dtype=np.bool_)
    failed = np.zeros(b, dtype=np.bool_)
    for k in _probes(key).T:
        ok = key[rows, k] >= 0
        moved = np.where(ok, (counts[rows, k] + 1) // 2, 0)
        raised = rankings[rows, k].copy()  # (B, C)
        at = np.maximum(place[rows, k], 1)
        above = raised[rows, at - 1]
        raised[rows, at - 1] = winner
        raised[rows, np.minimum(at, c - 1)] = above
        trial = counts.copy()
        trial[rows, k] -= moved
        trial[:, -1] = moved
        tried = rankings.copy()
        tried[:, -1] = np.where(ok[:, None], raised, -1)
        perturbed = Papers(tried.astype(np.int8), trial, c, tidy=False)
        again = count_batch(rule, perturbed, 1, names, lot_seed)
        ok &= (counted.lots == 0) & (again.lots == 0)
        measured |= ok
        failed |= ok & (again.winners[:, 0] != winner)
    return np.where(measured, failed, -1).astype(np.int8)


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
    key = np.where((counts > 0) & (place >= 1), place * size + counts, -1)
    measured = np.zeros(b, dtype=np.bool_)
    failed = np.zeros(b, dtype=np.bool_)
    for k in _probes(key).T:
        removed = (counts[rows, k] + 1) // 2
        ok = (key[rows, k] >= 0) & (counts.sum(axis=1) > removed)
        trial = counts.copy()
        trial[rows, k] -= np.where(ok, removed, 0)
        perturbed = Papers(rankings.astype(np.int8), trial, c, tidy=False)
        again = count_batch(rule, perturbed, 1, names, lot_seed)
        new = again.winners[:, 0]
        preferred = places[rows, k, np.maximum(new, 0)] < place[rows, k]
        ok &= (counted.lots == 0) & (again.lots == 0)
        measured |= ok
        failed |= ok & (new != winner) & (new >= 0) & preferred
    return np.where(measured, failed, -1).astype(np.int8)
