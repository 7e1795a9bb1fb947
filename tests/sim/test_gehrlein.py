"""How often there is no Condorcet winner: the published probabilities, within the interval.

Independent figures (Gehrlein, *Condorcet's Paradox*, Springer 2006, ch. 2 and 4;
Gehrlein and Fishburn, J. Econ. Theory 13, 1976):

* impartial culture, 3 voters, 3 candidates: 1/18 exactly (of the 6³ = 216
  profiles, 12 are cyclic: each cyclic triple of orders in 3! arrangements,
  2 cyclic triples);
* impartial culture, n → ∞, 3 candidates: 1/4 − (3/2π) arcsin(1/3) = 0.08774
  (Guilbaud 1952); 4 candidates: 0.1755;
* impartial anonymous culture, n → ∞, 3 candidates: 1/16.

The limits are checked with 10,001 voters (odd, so no pairwise tie; the
finite-n probabilities are then within 10⁻⁴ of the limits, far inside the
intervals). Each summary's 95 % interval must hold the published figure.

A 95 % interval misses the true value in one ensemble in twenty, so each case
is run from three seeds (1, 2, 3: 100,000 runs each) and each interval must
hold the figure. The table (no Condorcet winner, 100,000 runs; * the interval
misses) shows the seeds beside others tried:

==============  =======  ======  ======  ======  ======  ======  =======
case            figure   1       2       3       4       5       2026
==============  =======  ======  ======  ======  ======  ======  =======
ic-3-voters     0.05556  0.0558  0.0546  0.0563  0.0562  0.0547  0.0561
ic-3-limit      0.08774  0.0871  0.0874  0.0880  0.0866  0.0877  0.0878
ic-4-limit      0.1755   0.1744  0.1759  0.1741  0.1761  0.1762  0.1722*
iac-3-limit     0.0625   0.0635  0.0626  0.0615  0.0627  0.0630  0.0638
==============  =======  ======  ======  ======  ======  ======  =======

One miss in 24 intervals, as 95 % intervals give. (Before runs were drawn in
blocks, seeds 1952 and 2026 had each missed once in ``ic-3-limit``; a million
runs then gave 0.087607, interval [0.087054, 0.088163].)
"""

from __future__ import annotations

import math

import pytest

from tellers.sim import Ensemble, simulate, summarise
from tellers.sim.models import Impartial, ImpartialAnonymous, Model

GUILBAUD = 0.25 - 3 / (2 * math.pi) * math.asin(1 / 3)

RUNS = 100_000
CASES = [
    (Impartial(candidates=3, voters=3), 1 / 18),
    (Impartial(candidates=3, voters=10_001), GUILBAUD),
    (Impartial(candidates=4, voters=10_001), 0.1755),
    (ImpartialAnonymous(candidates=3, voters=10_001), 1 / 16),
]


def test_guilbaud_formula_is_the_published_figure() -> None:
    assert round(GUILBAUD, 4) == 0.0877


@pytest.mark.parametrize(
    ("model", "expected"), CASES, ids=["ic-3-voters", "ic-3-limit", "ic-4-limit", "iac-3-limit"]
)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_condorcet_winner(model: Model, expected: float, seed: int) -> None:
    ensemble = Ensemble(model, 1, RUNS, seed, ("uk-fptp",), ("condorcet",))
    summary = summarise(ensemble, simulate(ensemble, jobs=2))
    low, high = summary["intervals"]["no_condorcet_winner"]
    assert low <= expected <= high
    assert high - low < 0.008  # tight enough to tell 1/18 from 1/16
