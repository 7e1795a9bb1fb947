"""ALPHA: Stark's adaptive test supermartingale for "the mean is at most 1/2".

Purpose: the risk function of SHANGRLA audits (Stark, "ALPHA: Audit that
Learns from Previously Hand-Audited Ballots", Annals of Applied Statistics
2023; arXiv:2201.02707), for any assorter bounded by ``u``: ballot polling
on the assorter itself, comparison audits on the overstatement assorter.

Design (ALPHA eq. 10 and §2.5): for draws x_1, x_2, ... in [0, u], null mean
t = 1/2,

    T_j = Π_{i<=j} (1/u) (x_i η_i/μ_i + (u - x_i)(u - η_i)/(u - μ_i)),

where μ_i is the mean of the papers not yet drawn if the null were true:
t with replacement, (N t - S_{i-1})/(N - i + 1) without (S_{i-1} the sum
of the earlier draws). η_i is the "truncated shrinkage" estimate of the true
mean (ALPHA eq. 18 with f = 0): the running mean shrunk towards a prior
guess η_0 with weight d, then kept within (μ_i + e_i, u - e_i) where
e_i = c/√(d + i - 1). The null is rejected when T_j >= 1/α; the risk measure
is min(1, 1/max T). If μ_i < 0 the null is impossible (T = ∞); if μ_i > u it
is certain (T = 0); once the draws' sum exceeds N t it is impossible.
Floats: these are statistics of a sample.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

#: Weight of the prior guess η_0, in papers (ALPHA §2.5.2's example value).
D = 100
_EPS = 2.0**-52


def estimate(
    i: int, total: float, mu: float, upper: float, eta0: float, d: float, c: float
) -> float:
    """η_i, the truncated shrinkage estimate before draw ``i`` (1-based), from the sum of
    the earlier draws ``total`` and the null mean ``mu`` of the papers left (ALPHA eq. 18,
    f = 0): (d η_0 + total)/(d + i - 1), kept within (μ_i + e_i, u - e_i)."""
    slack = c / math.sqrt(d + i - 1)
    shrunk = (d * eta0 + total) / (d + i - 1)
    return min(upper * (1 - _EPS) - slack, max(shrunk, mu * (1 + _EPS) + slack))


def estimates(
    values: Iterable[float],
    upper: float,
    eta0: float,
    papers: int | None = None,
    d: float = D,
    c: float | None = None,
) -> list[float]:
    """η_i for each draw (as :func:`statistic` bets), with or without replacement."""
    t = 0.5
    c = (eta0 - t) / 2 if c is None else c
    total = 0.0
    found = []
    for i, x in enumerate(values, start=1):
        mu = t if papers is None else (papers * t - total) / (papers - i + 1)
        found.append(estimate(i, total, mu, upper, eta0, d, c))
        total += x
    return found


def statistic(
    values: Iterable[float],
    upper: float,
    eta0: float,
    papers: int | None = None,
    d: float = D,
    c: float | None = None,
) -> list[float]:
    """T after each draw. ``papers`` is N for draws without replacement, else None.

    ``eta0`` is the prior guess of the assorter mean (the reported mean, for
    ballot polling); ``c`` defaults to (η_0 - 1/2)/2 as in SHANGRLA.
    """
    t = 0.5
    if not t < eta0 <= upper:
        raise ValueError(f"ALPHA needs a guessed mean between 1/2 and {upper}, not {eta0}")
    if c is None:
        c = (eta0 - t) / 2
    total = 0.0
    product = 1.0
    history: list[float] = []
    for i, x in enumerate(values, start=1):
        if not 0 <= x <= upper:
            raise ValueError(f"an assorter value is between 0 and {upper}, not {x}")
        if papers is None:
            mu = t
        else:
            left = papers - i + 1
            mu = (papers * t - total) / left if left > 0 else 0.0
        if mu < 0:
            product = math.inf
        elif mu > upper:
            product = 0.0
        elif product not in (0.0, math.inf) and 0 < mu < upper:
            eta = estimate(i, total, mu, upper, eta0, d, c)
            product *= (x * eta / mu + (upper - x) * (upper - eta) / (upper - mu)) / upper
        total += x
        if papers is not None and total > papers * t:
            product = math.inf  # the papers drawn already hold more than the null allows
        history.append(product)
    return history


def risk(
    values: Iterable[float],
    upper: float,
    eta0: float,
    papers: int | None = None,
    d: float = D,
    c: float | None = None,
) -> float:
    """The risk measure min(1, 1/max T) after the draws."""
    best = max(statistic(values, upper, eta0, papers, d, c), default=1.0)
    return min(1.0, 1 / best) if best > 0 else 1.0
