"""Ballot-level comparison: the super-simple bound and its Kaplan–Markov risk.

Purpose: a comparison audit sets each sampled paper, as the auditors read it,
beside the scanner's cast vote record (CVR) for that paper, and measures how
far the CVR overstated the winner's margin (Stark, "Super-simple simultaneous
single-ballot risk-limiting audits", EVT/WOTE 2010; Lindeman & Stark 2012 §4).

Design. For one assertion with assorter ``A`` bounded by ``u`` (SHANGRLA,
Stark 2020 §3.2), a paper's overstatement is ``ω = A(cvr) - A(paper)`` and, in
the units of Stark (2010), ``e = 2ω/u``: 1 is a one-vote overstatement, 2 a
two-vote one, -1 and -2 understatements. The diluted margin ``μ`` is the
assorter margin ``2·mean - 1`` divided by ``u`` (for a winner-loser pair:
the vote margin over the papers cast). With inflation ``γ`` (1.03905, the
customary value), the Kaplan–Markov P-value after ``n`` papers is (Stark 2010
eq. 9; Lindeman & Stark 2012 §4.3)

    P = Π (1 - μ/(2γ)) / (1 - e_i/(2γ)),

and the audit stops when P <= α. Each factor is the ratio of a betting
supermartingale (γ = 1 is Markov's product for the overstatement assorter of
SHANGRLA), so stopping at any draw keeps the risk limit. Taking logarithms
with ln(1 - μ/(2γ)) ≈ -μ/(2γ) gives the papers needed when ``o1``, ``o2``
overstatements and ``u1``, ``u2`` understatements are found (spec 09 §9.4):

    n = ⌈-2γ (ln α + o1 ln(1 - 1/(2γ)) + o2 ln(1 - 1/γ)
               + u1 ln(1 + 1/(2γ)) + u2 ln(1 + 1/γ)) / μ⌉,

with no discrepancies n = ⌈-2γ ln α / μ⌉.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

#: Stark's customary error inflation.
GAMMA = 1.03905


def sample_size(
    alpha: float,
    margin: float,
    gamma: float = GAMMA,
    o1: int = 0,
    o2: int = 0,
    u1: int = 0,
    u2: int = 0,
) -> int:
    """Papers to audit for diluted margin ``margin`` (the module's closed form)."""
    _check(alpha, margin, gamma)
    log_sum = (
        math.log(alpha)
        + o1 * math.log(1 - 1 / (2 * gamma))
        + o2 * math.log(1 - 1 / gamma)
        + u1 * math.log(1 + 1 / (2 * gamma))
        + u2 * math.log(1 + 1 / gamma)
    )
    return max(o1 + o2 + u1 + u2, math.ceil(-2 * gamma * log_sum / margin))


def p_value(
    n: int,
    margin: float,
    gamma: float = GAMMA,
    o1: int = 0,
    o2: int = 0,
    u1: int = 0,
    u2: int = 0,
) -> float:
    """The Kaplan–Markov P-value after ``n`` papers with the given discrepancies."""
    _check(0.5, margin, gamma)
    return min(
        1.0,
        (1 - margin / (2 * gamma)) ** n
        * (1 - 1 / (2 * gamma)) ** -o1
        * (1 - 1 / gamma) ** -o2
        * (1 + 1 / (2 * gamma)) ** -u1
        * (1 + 1 / gamma) ** -u2,
    )


def statistic(discrepancies: Iterable[float], margin: float, gamma: float = GAMMA) -> list[float]:
    """1/P after each paper, from the papers' discrepancies ``e`` in draw order."""
    _check(0.5, margin, gamma)
    base = 1 - margin / (2 * gamma)
    t = 1.0
    history: list[float] = []
    for e in discrepancies:
        if not -2 <= e <= 2:
            raise ValueError(f"a discrepancy is between -2 and 2 votes, not {e}")
        if e >= 2 * gamma:
            t = 0.0
        else:
            t *= (1 - e / (2 * gamma)) / base
        history.append(t)
    return history


def risk(discrepancies: Iterable[float], margin: float, gamma: float = GAMMA) -> float:
    """The risk measure min(1, 1/max(1/P)) after the sampled papers."""
    best = max(statistic(discrepancies, margin, gamma), default=1.0)
    return min(1.0, 1 / best) if best > 0 else 1.0


def overstatement_mean(margin: float, rates: tuple[float, float] = (0.0, 0.0)) -> float:
    """The mean of SHANGRLA's overstatement assorter B = (1 - ω/u)/(2 - μ) (Stark 2020
    §3.2) when 1- and 2-vote overstatements occur at ``rates``: (1 - r1/2 - r2)/(2 - μ)."""
    r1, r2 = rates
    return (1 - r1 / 2 - r2) / (2 - margin)


def overstatement_margin(margin: float, rates: tuple[float, float] = (0.0, 0.0)) -> float:
    """The overstatement assorter's margin, 2·mean - 1 (μ/(2 - μ) with no errors)."""
    return 2 * overstatement_mean(margin, rates) - 1


def overstatement_values(
    margin: float, rates: tuple[float, float] = (0.0, 0.0)
) -> tuple[list[float], list[float]]:
    """The overstatement assorter's values for a paper without error, with a 1-vote and
    with a 2-vote overstatement, and how often each occurs at ``rates``."""
    r1, r2 = rates
    scale = 1 / (2 - margin)
    return [scale, scale / 2, 0.0], [max(0.0, 1 - r1 - r2), r1, r2]


def _check(alpha: float, margin: float, gamma: float) -> None:
    if not 0 < alpha < 1:
        raise ValueError(f"a risk limit is between 0 and 1, not {alpha}")
    if not 0 < margin <= 2:
        raise ValueError(f"a comparison audit needs a positive diluted margin, not {margin}")
    if gamma <= 1:
        raise ValueError(f"the error inflation γ is above 1, not {gamma}")
