"""BRAVO: the ballot-polling test of Lindeman, Stark & Yates (2012).

Purpose: a ballot-polling audit of one assertion whose assorter takes the
values 0, 1/2 and 1 (a paper for the loser, a paper for neither, a paper for
the winner), such as a winner-loser pair under plurality or a RAIRE
assertion. It is Wald's sequential probability ratio test of "the winner's
share s of the papers for either is 1/2" against "it is the reported share".

Design (BRAVO §4, spec 09 §9.3): start T = 1; a paper for the winner
multiplies T by s/(1/2) = 2s, a paper for the loser by 2(1 - s), any other
paper leaves it. The assertion is confirmed once T >= 1/α; the risk measure
printed is min(1, 1/max T). Sampling is with replacement. The paper's average
sample number (BRAVO §5, eq. for ASN; Lindeman & Stark 2012 §5):

    ASN ≈ (ln(1/α) + ln(2s)/2) / (p_w ln(2s) + p_l ln(2 - 2s))

with p_w, p_l the winner's and loser's shares of all papers. These are
statistics of a sample, not a count: floats are used here, while the shares
come from the exact count.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction

#: Values of a BRAVO assorter.
WINNER, NEITHER, LOSER = Fraction(1), Fraction(1, 2), Fraction(0)


def statistic(values: Iterable[Fraction], share: float) -> list[float]:
    """T after each sampled paper (assorter values 0, 1/2 or 1), in draw order.

    ``share`` is the winner's reported share s of the papers for winner or
    loser (s > 1/2).
    """
    if not 0.5 < share <= 1:
        raise ValueError(f"BRAVO needs a reported share above 1/2, not {share}")
    up = 2 * share
    down = 2 * (1 - share)
    t = 1.0
    history: list[float] = []
    for value in values:
        if value == WINNER:
            t *= up
        elif value == LOSER:
            t *= down
        elif value != NEITHER:
            raise ValueError(f"a BRAVO assorter is 0, 1/2 or 1, not {value}")
        history.append(t)
    return history


def risk(values: Iterable[Fraction], share: float) -> float:
    """The risk measure min(1, 1/max T) after the sampled papers."""
    history = statistic(values, share)
    best = max(history, default=1.0)
    return min(1.0, 1.0 / best) if best > 0 else 1.0


def average_sample_number(alpha: float, winner: float, loser: float) -> float:
    """BRAVO's ASN for risk limit ``alpha`` when the winner and loser hold the
    given shares of all papers (the formula of the module docstring)."""
    if not 0 < alpha < 1:
        raise ValueError(f"a risk limit is between 0 and 1, not {alpha}")
    if winner <= loser:
        return math.inf
    s = winner / (winner + loser)
    zw = math.log(2 * s)
    zl = math.log(2 - 2 * s) if s < 1 else -math.inf
    if loser == 0:
        # every informative paper is for the winner: T doubles at each one
        return math.ceil(math.log(1 / alpha) / math.log(2)) / winner
    return (math.log(1 / alpha) + zw / 2) / (winner * zw + loser * zl)


def confirmed_after(alpha: float, share: float, winners: int, losers: int) -> bool:
    """Whether ``winners`` papers for the winner and ``losers`` for the loser reach 1/α."""
    log_t = winners * math.log(2 * share) + (losers * math.log(2 * (1 - share)) if losers else 0.0)
    return log_t >= math.log(1 / alpha)
