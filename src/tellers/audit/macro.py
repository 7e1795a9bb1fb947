"""Batch comparison: MACRO, the Kaplan–Markov test on batch taints.

Purpose: a batch-level comparison audit hand-counts whole batches and sets
each batch's count beside the batch subtotal the count reported (Stark,
"Efficient post-election audits of multiple contests: 2009 California tests",
2009, the "maximum across-contest relative overstatement", MACRO; Stark,
"Risk-limiting postelection audits: conservative P-values from common
probability inequalities", IEEE TIFS 2009, the Kaplan–Markov bound).

Design. For batch p with b_p papers and reported votes v_{cp}, its largest
possible overstatement relative to the margin, taken over the winner-loser
pairs (w, l) with reported margin V_{wl} in votes, is

    u_p = max_{w,l} (v_{wp} - v_{lp} + b_p) / V_{wl},       U = Σ u_p.

Batches are drawn with replacement with probability u_p/U (PPEB: Aslam,
Popa & Rivest 2008). A drawn batch's taint is t_p = e_p/u_p, where e_p is its
largest relative overstatement found (max over pairs of the reported
minus the counted w-l difference, over V_{wl}). The Kaplan–Markov P-value
after n batches is

    P = Π (1 - 1/U) / (1 - t_p),

and the audit stops when P <= α; with no overstatement found that takes
n = ⌈ln α / ln(1 - 1/U)⌉ batches. Floats: statistics of a sample.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence


def error_bound(
    batch_votes: Mapping[int, int],
    batch_papers: int,
    pairs: Sequence[tuple[int, int, int]],
) -> float:
    """u_p of one batch: ``pairs`` holds (winner, loser, reported margin in votes)."""
    return max(
        (batch_votes.get(w, 0) - batch_votes.get(lo, 0) + batch_papers) / margin
        for w, lo, margin in pairs
    )


def batches_needed(alpha: float, total_bound: float) -> int:
    """Batches to draw when no overstatement is found: ⌈ln α / ln(1 - 1/U)⌉."""
    if not 0 < alpha < 1:
        raise ValueError(f"a risk limit is between 0 and 1, not {alpha}")
    if total_bound <= 1:
        return 1
    return math.ceil(math.log(alpha) / math.log(1 - 1 / total_bound))


def p_value(taints: Iterable[float], total_bound: float) -> float:
    """The Kaplan–Markov P-value of the drawn batches' taints."""
    p = 1.0
    for taint in taints:
        if taint >= 1:
            return 1.0
        p *= (1 - 1 / total_bound) / (1 - taint)
    return min(1.0, p)
