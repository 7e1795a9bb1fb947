"""Risk functions against the papers' figures, hand calculations and rlacalc.

Independent sources:

* spec 09 §9.3 and §9.4 worked examples (BRAVO ASN 119; super-simple 125);
* BRAVO (Lindeman, Stark & Yates 2012) Table 1 as transcribed in rlacalc's
  ``findAsn`` doctests (margins 1%, 4%, 20% at α = 10%: 46,151, 2,902, 119);
* "A Gentle Introduction to Risk-Limiting Audits" p. 5 as transcribed in rlacalc's
  ``nmin`` doctests (α = 10%, γ = 1.03905: margins 20%, 10%, 5%, 0.2% need 24, 48,
  96, 2,393; one 1-vote overstatement at 5% needs 123);
* the ``rlacalc`` package (McBurnett) run side by side;
* hand calculations shown in the tests.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from tellers.audit import alpha, bravo, comparison, macro

W, N, L = Fraction(1), Fraction(1, 2), Fraction(0)


def test_bravo_asn_spec_worked_example() -> None:
    # spec 09 §9.3: α = 0.10, 600 v 400 of 1,000: ASN ≈ 119
    assert bravo.average_sample_number(0.1, 0.6, 0.4) == pytest.approx(2.3937 / 0.02014, rel=1e-3)
    assert math.ceil(bravo.average_sample_number(0.1, 0.6, 0.4)) == 119


@pytest.mark.parametrize(("margin", "asn"), [(0.01, 46151), (0.04, 2902), (0.2, 119)])
def test_bravo_asn_paper_table(margin: float, asn: int) -> None:
    w, lo = (1 + margin) / 2, (1 - margin) / 2
    assert math.ceil(bravo.average_sample_number(0.1, w, lo)) == asn


@pytest.mark.parametrize("alpha_", [0.01, 0.05, 0.1, 0.2])
@pytest.mark.parametrize("margin", [0.005, 0.02, 0.1, 0.3, 0.6])
def test_bravo_asn_against_rlacalc(alpha_: float, margin: float) -> None:
    rlacalc = pytest.importorskip("rlacalc")
    w, lo = 0.5 + margin / 2, 0.5 - margin / 2
    assert math.ceil(bravo.average_sample_number(alpha_, w, lo)) == rlacalc.findAsn(
        alpha=alpha_, margin=margin
    )


def test_bravo_statistic_by_hand() -> None:
    # s = 0.6: a winner's paper doubles 0.6 -> 1.2, a loser's gives 0.8
    history = bravo.statistic([W, W, N, L], 0.6)
    assert history == pytest.approx([1.2, 1.44, 1.44, 1.152])
    assert bravo.risk([W, W, N, L], 0.6) == pytest.approx(1 / 1.44)


@pytest.mark.parametrize(
    ("winner_votes", "loser_votes", "winner_obs", "loser_obs"),
    [(1410, 1132, 170, 135), (2894, 1695, 45, 32), (5000, 4000, 300, 250)],
)
def test_bravo_risk_against_rlacalc(
    winner_votes: int, loser_votes: int, winner_obs: int, loser_obs: int
) -> None:
    rlacalc = pytest.importorskip("rlacalc")
    share = winner_votes / (winner_votes + loser_votes)
    values = [W] * winner_obs + [L] * loser_obs  # winners first: the final T is the max
    ours = 1 / bravo.statistic(values, share)[-1]
    assert ours == pytest.approx(
        rlacalc.ballot_polling_risk_level(winner_votes, loser_votes, winner_obs, loser_obs)
    )


def test_super_simple_spec_worked_example() -> None:
    # spec 09 §9.4: α = 0.05, μ = 0.05: ⌈2 × 1.03905 × 2.99573 / 0.05⌉ = ⌈124.5⌉ = 125
    assert comparison.sample_size(0.05, 0.05) == 125
    assert comparison.sample_size(0.05, 0.05) == math.ceil(-2 * 1.03905 * math.log(0.05) / 0.05)


@pytest.mark.parametrize(
    ("margin", "o1", "expected"),
    [(0.2, 0, 24), (0.1, 0, 48), (0.05, 0, 96), (0.002, 0, 2393), (0.05, 1, 123)],
)
def test_super_simple_gentle_introduction(margin: float, o1: int, expected: int) -> None:
    assert comparison.sample_size(0.1, margin, o1=o1) == expected


@pytest.mark.parametrize("alpha_", [0.01, 0.05, 0.1])
@pytest.mark.parametrize("margin", [0.001, 0.01, 0.05, 0.2])
@pytest.mark.parametrize(("o1", "o2", "u1", "u2"), [(0, 0, 0, 0), (2, 0, 0, 0), (1, 1, 1, 0)])
def test_super_simple_against_rlacalc(
    alpha_: float, margin: float, o1: int, o2: int, u1: int, u2: int
) -> None:
    rlacalc = pytest.importorskip("rlacalc")
    theirs = rlacalc.nmin(alpha=alpha_, gamma=1.03905, margin=margin, o1=o1, o2=o2, u1=u1, u2=u2)
    assert comparison.sample_size(alpha_, margin, 1.03905, o1, o2, u1, u2) == theirs
    p_theirs = rlacalc.KM_P_value(200, 1.03905, margin, o1, o2, u1, u2)
    assert comparison.p_value(200, margin, 1.03905, o1, o2, u1, u2) == pytest.approx(
        min(1.0, p_theirs)
    )


def test_kaplan_markov_sequence_matches_the_closed_p_value() -> None:
    # New Hampshire 2016 (rlacalc's doctest): 200 papers, one 1-vote overstatement
    margin = (354040 - 337589) / (354040 + 337589 + 33234)
    discrepancies = [0.0] * 199 + [1.0]
    risk = 1 / comparison.statistic(discrepancies, margin)[-1]
    assert risk == pytest.approx(0.21438135077031842)
    assert comparison.p_value(200, margin, o1=1) == pytest.approx(0.21438135077031842)


def test_alpha_by_hand() -> None:
    # u = 1, η_0 = 0.6, d = 100, c = 0.05, with replacement (μ = 1/2):
    # draw 1, x = 1: η_1 = min(1 - ε - 0.005, max(0.6, 0.5 + 0.005)) = 0.6,
    #   T = (1 × 0.6/0.5 + 0) / 1 = 1.2
    # draw 2, x = 0: η_2 = (100 × 0.6 + 1)/101 = 0.60396, kept in (0.50498, 0.99502),
    #   factor = (0 + 1 × (1 - 0.60396)/0.5) = 0.79208, T = 0.950495
    history = alpha.statistic([1.0, 0.0], 1.0, 0.6)
    eta2 = 61 / 101
    assert history == pytest.approx([1.2, 1.2 * (1 - eta2) / 0.5])


def test_alpha_without_replacement_knows_when_the_null_is_impossible() -> None:
    # N = 4, t = 1/2: the null total is 2; three draws of 1 leave a mean of -1 for the last
    history = alpha.statistic([1.0, 1.0, 1.0], 1.0, 0.75, papers=4)
    assert history[-1] == math.inf
    assert alpha.risk([1.0, 1.0, 1.0], 1.0, 0.75, papers=4) == 0.0


def test_macro_by_hand() -> None:
    # U = 21 (ten batches, u_p = 2.1 each): ⌈ln 0.05 / ln(20/21)⌉ = ⌈61.4⌉ = 62
    assert macro.batches_needed(0.05, 21) == 62
    # a batch with 100 papers, reported A 60 B 40, margin 200 votes: (60 - 40 + 100)/200
    assert macro.error_bound({0: 60, 1: 40}, 100, [(0, 1, 200)]) == pytest.approx(0.6)
    # ten clean batches and one with taint 0.1: (20/21)^11 / 0.9
    assert macro.p_value([0.0] * 10 + [0.1], 21) == pytest.approx((20 / 21) ** 11 / 0.9)


def _walk(values: list[float], weights: list[float], step: object, seed: int) -> list[int]:
    """Papers until the statistic reaches 20 (α = 5%), at most 1,500, drawn with
    :mod:`random` and scored by the library's own statistic: 1,000 audits."""
    import random

    rng = random.Random(seed)
    sizes = []
    for _ in range(1000):
        draws: list[float] = []
        size = 1500
        while len(draws) < 1500:
            draws += rng.choices(values, weights, k=250)
            history = step(draws)  # type: ignore[operator]
            found = next((i for i, t in enumerate(history, start=1) if t >= 20), None)
            if found is not None:
                size = found
                break
        sizes.append(size)
    return sizes


@pytest.mark.parametrize("function", ["bravo", "alpha"])
def test_the_plans_simulation_agrees_with_a_paper_by_paper_walk(function: str) -> None:
    # The plan simulates all its trials at once on arrays; walking paper by paper with
    # the risk function of a round must give the same distribution: the means agree
    # within 4 standard errors, the medians within 10%.
    import statistics

    from tellers.audit.plan import _generator, _simulate_alpha, _simulate_bravo

    if function == "bravo":
        # 40% for the winner, 28% for the loser, 32% for neither, of 1,500 papers
        values, weights = [1.0, 0.5, 0.0], [0.40, 0.32, 0.28]
        ours = _simulate_bravo(0.40, 0.28, 0.05, 1500, 1000, 300.0, _generator(3, 0))
        share = 0.40 / 0.68
        theirs = _walk(
            values, weights, lambda d: bravo.statistic([Fraction(x) for x in d], share), 11
        )
    else:
        # a candidate with 30% of the papers against a share of 1/4: values 0 and 2
        values, weights = [0.0, 2.0], [0.70, 0.30]
        ours = _simulate_alpha(values, weights, 2.0, 0.6, 0.05, 1500, 1000, _generator(3, 1))
        theirs = _walk(values, weights, lambda d: alpha.statistic(d, 2.0, 0.6), 12)
    error = (statistics.stdev(ours) ** 2 / 1000 + statistics.stdev(theirs) ** 2 / 1000) ** 0.5
    assert abs(statistics.mean(ours) - statistics.mean(theirs)) < 4 * error
    assert statistics.median(ours) == pytest.approx(statistics.median(theirs), rel=0.1)


def test_a_plan_is_the_same_from_the_same_seed() -> None:
    from tellers import Candidate, Contest, Election, Totals, count
    from tellers.audit import outcome, plan

    contest = Contest("Ward", 1, (Candidate("Ann"), Candidate("Bob"), Candidate("Cy")))
    election = Election(contest, Totals((450, 380, 170), 1000))
    found = outcome(election, count(election, "fptp"))
    first = plan(found, 0.05, trials=300, seed=4)
    again = plan(found, 0.05, trials=300, seed=4)
    other = plan(found, 0.05, trials=300, seed=5)
    assert [a.quantiles for a in first.assertions] == [a.quantiles for a in again.assertions]
    assert [a.quantiles for a in first.assertions] != [a.quantiles for a in other.assertions]
