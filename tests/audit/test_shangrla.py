"""Our risk functions and assorters against the values in SHANGRLA's own tests.

SHANGRLA (Stark et al., github.com/pbstark/SHANGRLA) is not on PyPI; its tests
were read at commit 9d5db92edf1b5405204ab5a9f10cce2a9331e913 (4 May 2026) and
the values they assert are transcribed here (no code is copied):

* ``tests/core/test_NonnegMean.py``: ``test_alpha_mart``, ``test_shrink_trunc``,
  ``test_kaplan_markov``, ``test_kaplan_wald``, ``test_sample_size``;
* ``tests/core/test_Assertion.py``: ``test_overstatement_assorter_margin``,
  ``test_overstatement_assorter_mean``, ``test_make_plurality_assertions``,
  ``test_supermajority_assorter``, ``test_rcv_assorter``.

Two identities (worked here by hand) let the Kaplan–Markov and Kaplan–Wald
tests check our ALPHA: with u = 1 and t = 1/2, ALPHA with a fixed bet η has the
factor 2(1 - η) + x(4η - 2), linear in x, as both of theirs are. Kaplan–Wald's
(1 - g)x/t + g is that factor at η = 1 - g/2; Kaplan–Markov's (x + g)/(t + g)
is it at η = 1 - g/(1 + 2g). A fixed bet is ALPHA with an infinite weight d on
η_0 and no truncation slack (c = 0).
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from tellers.audit import alpha, comparison
from tellers.audit.assertions import NotEliminatedBefore, NotEliminatedNext, Pairwise, Share

FIXED = {"d": 1e15, "c": 0.0}  # a bet that stays at η_0


def _size(values: list[float], upper: float, eta: float, risk_limit: float, **kw: object) -> int:
    """The first draw at which T reaches 1/α."""
    history = alpha.statistic(values, upper, eta, **kw)  # type: ignore[arg-type]
    return next(i for i, t in enumerate(history, start=1) if t >= 1 / risk_limit)


# -- test_NonnegMean.py --------------------------------------------------------------------


def test_alpha_mart_papers_at_one_half_leave_the_risk_at_one() -> None:
    # "When all the items are 1/2, estimated p for a mean of 1/2 should be 1."
    assert alpha.risk([0.5] * 5, 1.0, 0.6, papers=10**6) == pytest.approx(1.0)


def test_alpha_mart_knows_an_impossible_null() -> None:
    # s1 = [1, 0, 1, 1, 0, 0, 1], N = 7, t = 3/7: the final p-value is 0. Our null mean
    # is 1/2: the same test scaled by (1/2)/(3/7) = 7/6 (values and u alike).
    scale = 7 / 6
    s1 = [v * scale for v in (1, 0, 1, 1, 0, 0, 1)]
    s2 = [v * scale for v in (1, 0, 1, 1, 0, 0, 0)]
    first = alpha.statistic(s1, scale, 0.55 * scale, papers=7)
    second = alpha.statistic(s2, scale, 0.55 * scale, papers=7)
    assert first[-1] == math.inf  # p-value 0
    assert first[:-1] == second[:-1]  # they differ only in the last draw


@pytest.mark.parametrize("eta", [0.51, 0.55, 0.6])
@pytest.mark.parametrize(
    "x", [[0, 0, 0, 0, 0, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 0, 0, 0, 0]], ids=["rising", "falling"]
)
@pytest.mark.parametrize("finite", [False, True])
def test_shrink_trunc(eta: float, x: list[int], finite: bool) -> None:
    # t = 1/2, u = 1, d = 10, f = 0, c = (η - t)/2: the estimate before draw j is
    # min(max(t_j + c/√(d + j - 1), (dη + S_j)/(d + j - 1)), u(1 - ε) - c/√(d + j - 1)),
    # t_j = (N t - S_j)/(N - j + 1) without replacement (N = len(x)), t with it
    t, u, d, c = 0.5, 1.0, 10, (eta - 0.5) / 2
    n = len(x)
    expected = []
    for j in range(1, n + 1):
        s_j = sum(x[: j - 1])
        t_j = (n * t - s_j) / (n - j + 1) if finite else t
        slack = c / math.sqrt(d + j - 1)
        shrunk = (d * eta + s_j) / (d + j - 1)
        expected.append(min(max(t_j + slack, shrunk), u * (1 - 2**-52) - slack))
    ours = alpha.estimates([float(v) for v in x], u, eta, n if finite else None, d=d, c=c)
    assert ours == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("g", "values", "p"),
    [
        (0.0, [1.0] * 5, 2**-5),
        (0.1, [1.0] * 5 + [0.0], (1.1 / 0.6) ** -5),  # the smallest p along the way
    ],
)
def test_kaplan_markov(g: float, values: list[float], p: float) -> None:
    eta = 1 - g / (1 + 2 * g)
    assert alpha.risk(values, 1.0, eta, **FIXED) == pytest.approx(p, rel=1e-9)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("g", "values", "p"),
    [(0.0, [1.0] * 5, 2**-5), (0.1, [1.0] * 5 + [0.0], 1.9**-5)],
)
def test_kaplan_wald(g: float, values: list[float], p: float) -> None:
    eta = 1 - g / 2
    assert alpha.risk(values, 1.0, eta, **FIXED) == pytest.approx(p, rel=1e-9)  # type: ignore[arg-type]


def test_sample_size_alpha_with_a_fixed_alternative() -> None:
    # η = 0.75, u = 1, N = 1000, t = 1/2, α = 0.05: papers all 1 need 8
    # (1.5^8 = 25.6 > 20); papers all 0.75 need 14 (1.25^14 = 22.7 > 20)
    assert _size([1.0] * 20, 1.0, 0.75, 0.05, papers=1000, **FIXED) == 8
    assert _size([0.75] * 30, 1.0, 0.75, 0.05, papers=1000, **FIXED) == 14


def test_sample_size_kaplan_wald() -> None:
    # g = 0.1: ⌈ln(1/α) / ln((1 - g)/t + g)⌉ = ⌈2.9957 / ln 1.9⌉ = 5 for papers all 1,
    # ⌈2.9957 / ln(0.75 × 0.9/0.5 + 0.1)⌉ = ⌈2.9957 / ln 1.45⌉ = 9 for papers all 0.75
    g = 0.1
    assert _size([1.0] * 20, 1.0, 1 - g / 2, 0.05, **FIXED) == math.ceil(
        math.log(20) / math.log((1 - g) / 0.5 + g)
    )
    assert _size([1.0] * 20, 1.0, 1 - g / 2, 0.05, **FIXED) == 5
    assert _size([0.75] * 20, 1.0, 1 - g / 2, 0.05, **FIXED) == 9


# -- test_Assertion.py ---------------------------------------------------------------------


def test_overstatement_assorter_margin_and_mean() -> None:
    # an assertion with assorter margin 0.5 and u = 1
    assert comparison.overstatement_margin(0.5) == pytest.approx(1 / 3)
    assert comparison.overstatement_mean(0.5) == pytest.approx(1 / 1.5)
    assert comparison.overstatement_mean(0.5, (0.5, 0.0)) == pytest.approx(0.5)
    assert comparison.overstatement_mean(0.5, (0.0, 0.25)) == pytest.approx(0.5)
    assert comparison.overstatement_mean(0.5, (0.25, 0.25)) == pytest.approx(
        (1 - 0.125 - 0.25) / (2 - 0.5)
    )


ALICE, BOB, CANDY, DAN = 0, 1, 2, 3
HALF = Fraction(1, 2)


def test_plurality_assorters() -> None:
    # Alice and Bob won, Candy and Dan lost
    cases = {
        (ALICE, CANDY): {ALICE: 1, BOB: HALF, CANDY: 0, DAN: HALF},
        (ALICE, DAN): {ALICE: 1, BOB: HALF, CANDY: HALF, DAN: 0},
        (BOB, CANDY): {ALICE: HALF, BOB: 1, CANDY: 0, DAN: HALF},
        (BOB, DAN): {ALICE: HALF, BOB: 1, CANDY: HALF, DAN: 0},
    }
    for (winner, loser), values in cases.items():
        assorter = Pairwise(winner, loser)
        for vote, value in values.items():
            assert assorter.value((vote,)) == value


def test_supermajority_assorter() -> None:
    # share to win 2/3: a vote for the winner 1/(2 × 2/3) = 3/4, for a loser 0, an invalid
    # paper 1/2 (an overvote in a vote-for-one contest is read as void, no marks)
    assorter = Share(ALICE, Fraction(2, 3))
    assert assorter.value((ALICE,)) == Fraction(3, 4)
    assert assorter.value((BOB,)) == 0
    assert assorter.value(()) == HALF


@pytest.mark.parametrize(
    ("assorter", "cases"),
    [
        (  # contest 334, "5 v 47": winner only (NEB)
            NotEliminatedBefore(5, 47),
            [((5, 47), 1), ((47, 5), 0), ((3, 6), HALF), ((3, 47), 0), ((3, 5), HALF)],
        ),
        (  # contest 334, "5 v 3 elim 1 6 47": with 5 and 3 continuing (NEN)
            NotEliminatedNext(5, 3, frozenset({5, 3})),
            [
                ((5, 47), 1),
                ((47, 5), 1),
                ((6, 1, 3, 5), 0),
                ((3, 47), 0),
                ((), HALF),
                ((6, 47), HALF),
                ((6, 47, 5), 1),
            ],
        ),
        (  # contest 361, "28 v 50": winner only (NEB)
            NotEliminatedBefore(28, 50),
            [
                ((28, 50), 1),
                ((28,), 1),
                ((50,), 0),
                ((27, 28), HALF),
                ((50, 28), 0),
                ((27, 26), HALF),
                ((), HALF),
            ],
        ),
        (  # contest 361, "27 v 26 elim 28 50": with 27 and 26 continuing (NEN)
            NotEliminatedNext(27, 26, frozenset({27, 26})),
            [
                ((27,), 1),
                ((50, 27), 1),
                ((28, 50, 27), 1),
                ((28, 27, 50), 1),
                ((26,), 0),
                ((50, 26), 0),
                ((28, 50, 26), 0),
                ((28, 26, 50), 0),
                ((50,), HALF),
                ((), HALF),
                ((50, 28), HALF),
                ((28, 50), HALF),
            ],
        ),
    ],
    ids=["334 NEB", "334 NEN", "361 NEB", "361 NEN"],
)
def test_rcv_assorters(
    assorter: NotEliminatedBefore | NotEliminatedNext, cases: list[tuple[tuple[int, ...], object]]
) -> None:
    for paper, value in cases:
        assert assorter.value(paper) == value, paper
