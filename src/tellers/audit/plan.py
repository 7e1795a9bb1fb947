"""How many papers an audit should expect to inspect, per assertion and per contest.

Purpose: before the dice are rolled, the audit board needs to know how many
papers to pull. For each assertion the plan gives the expected sample size
and its 50% and 90% quantiles, on the assumption that the reported outcome
is right (and, for a comparison audit, that discrepancies occur at the
given rates).

Design, by method and risk function:

* ``ballot-polling``, BRAVO (assorters of 0, 1/2, 1): the expected sample
  size is the paper's average sample number (:mod:`tellers.audit.bravo`);
  other assorters use ALPHA with the reported mean as η_0 (SHANGRLA's
  polling choice). Quantiles by simulation: papers drawn with replacement
  from the reported tally until the assertion is confirmed.
* ``comparison``, super-simple (default): the closed form of Stark (2010)
  with the expected discrepancies (rates × the sample, iterated to a fixed
  point, as rlacalc's ``nminFromRates``); quantiles by simulating 1- and
  2-vote overstatements at the given rates. ALPHA (``risk_function=
  "alpha"``) runs on the overstatement assorter with η_0 set by SHANGRLA's
  ``optimal_comparison`` rule; its expected size is the simulated mean.
* ``batch-comparison``, MACRO (:mod:`tellers.audit.macro`): batches from the
  manifest, each assumed to hold the reported shares (no batch subtotals are
  given); batches needed with no overstatement, papers counted by
  simulating PPEB draws (distinct batches' papers added up).

Simulations run on numpy arrays, all the trials of an assertion at once (a
tellers dependency, imported only when a plan is made). Each assertion's
generator is numpy's PCG64 seeded with SHA-256 of ``"{seed}:{index}"``, so a
plan is reproducible from its seed (numpy keeps its streams from one version
to the next for these draws only "where possible": a numpy upgrade may move a
simulated quantile by a paper or so, never the expected size of BRAVO or
super-simple, which are closed forms). BRAVO's trials do not walk paper by
paper: a paper for neither side leaves T alone, so a trial draws the runs of
papers for the winner between papers for the loser (geometric), finds where
T first reaches 1/α, and adds the papers for neither drawn meanwhile
(negative binomial). ALPHA's estimate η_i depends only on the sum of the
earlier draws, so its statistic is computed for a block of draws at once
(cumulative sums). A sample that would reach the papers cast is a
full hand count. The contest's figure is its hardest assertion's (the
largest expected size): every assertion runs on the same sample.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..errors import RulesError
from . import alpha as alpha_test
from . import bravo, comparison, macro
from .assertions import HALF, ONE, ZERO, Assertion, Outcome
from .sampler import Manifest

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

METHODS = ("ballot-polling", "comparison", "batch-comparison")
RISK_FUNCTIONS = ("bravo", "super-simple", "alpha", "macro")
#: Simulated audits per assertion, unless asked otherwise.
TRIALS = 1000
QUANTILES = (0.5, 0.9)
#: Draws simulated at once for each trial still running, at most: blocks of a thousand
#: trials by a few hundred draws stay in the processor's cache (measured on the Scottish
#: wards: ALPHA's plans took half the time with 256 columns as with a few thousand).
_COLUMNS = 256


@dataclass(frozen=True, slots=True)
class AssertionPlan:
    """The plan of one assertion: expected papers, quantiles, or a full hand count."""

    assertion: Assertion
    risk_function: str
    expected_sample_size: float
    quantiles: tuple[tuple[float, int], ...]
    full_count: bool

    def quantile(self, q: float) -> int:
        return dict(self.quantiles)[q]


@dataclass(frozen=True, slots=True)
class Plan:
    """The plan of one contest."""

    outcome: Outcome
    method: str
    risk_limit: float
    assertions: tuple[AssertionPlan, ...]
    trials: int
    seed: int
    error_rates: tuple[float, float] = (0.0, 0.0)
    gamma: float = comparison.GAMMA

    @property
    def hardest(self) -> AssertionPlan | None:
        return max(self.assertions, key=lambda a: a.expected_sample_size, default=None)

    @property
    def expected_sample_size(self) -> float:
        hardest = self.hardest
        return hardest.expected_sample_size if hardest else 0.0

    @property
    def full_count(self) -> bool:
        return any(a.full_count for a in self.assertions)

    def quantile(self, q: float) -> int:
        return max((a.quantile(q) for a in self.assertions), default=0)


def is_bravo(assertion: Assertion) -> bool:
    """Whether the assertion's assorter takes only the values 0, 1/2 and 1."""
    return assertion.upper == ONE and all(v in (ZERO, HALF, ONE) for v, _ in assertion.tally)


def plan(
    outcome: Outcome,
    risk_limit: float,
    method: str = "ballot-polling",
    *,
    risk_function: str | None = None,
    error_rates: tuple[float, float] = (0.0, 0.0),
    gamma: float = comparison.GAMMA,
    manifest: Manifest | None = None,
    trials: int = TRIALS,
    seed: int = 1,
) -> Plan:
    """The plan of every assertion of ``outcome``."""
    if not 0 < risk_limit < 1:
        raise RulesError(f"a risk limit is between 0 and 1, not {risk_limit}")
    if method not in METHODS:
        raise RulesError(f"no audit method called {method!r} (known: {', '.join(METHODS)})")
    if trials < 1:
        raise RulesError("a plan simulates at least one audit")
    if method == "batch-comparison" and manifest is None:
        raise RulesError("a batch comparison needs the batches: give --manifest FILE")
    plans = []
    for i, assertion in enumerate(outcome.assertions):
        rng = _generator(seed, i)
        plans.append(
            _plan_one(
                assertion,
                risk_limit,
                method,
                risk_function,
                error_rates,
                gamma,
                manifest,
                trials,
                rng,
            )
        )
    return Plan(outcome, method, risk_limit, tuple(plans), trials, seed, error_rates, gamma)


def default_risk_function(method: str, assertion: Assertion) -> str:
    if method == "ballot-polling":
        return "bravo" if is_bravo(assertion) else "alpha"
    if method == "comparison":
        return "super-simple"
    return "macro"


def _plan_one(
    assertion: Assertion,
    risk_limit: float,
    method: str,
    risk_function: str | None,
    error_rates: tuple[float, float],
    gamma: float,
    manifest: Manifest | None,
    trials: int,
    rng: np.random.Generator,
) -> AssertionPlan:
    function = risk_function or default_risk_function(method, assertion)
    allowed = {
        "ballot-polling": ("bravo", "alpha"),
        "comparison": ("super-simple", "alpha"),
        "batch-comparison": ("macro",),
    }[method]
    if function not in allowed:
        raise RulesError(f"a {method} audit uses {' or '.join(allowed)}, not {function}")
    if function == "bravo" and not is_bravo(assertion):
        raise RulesError(f"BRAVO needs an assorter of 0, 1/2 and 1: {assertion.statement}")
    papers = assertion.papers
    if assertion.margin <= 0:
        return _full(assertion, function)
    if function == "bravo":
        p1, p0 = _share(assertion, ONE), _share(assertion, ZERO)
        expected = bravo.average_sample_number(risk_limit, p1, p0)
        if expected >= papers:
            return _full(assertion, function)
        sizes = _simulate_bravo(p1, p0, risk_limit, papers, trials, expected, rng)
    elif function == "super-simple":
        expected = float(_super_simple_expected(assertion, risk_limit, gamma, error_rates))
        if expected >= papers:
            return _full(assertion, function)
        runs = trials if any(error_rates) else 1  # with no discrepancies every run is alike
        sizes = _simulate_comparison(assertion, risk_limit, gamma, error_rates, runs, rng)
    elif function == "alpha":
        if method == "ballot-polling":
            values = [float(v) for v, _ in assertion.tally]
            weights = [float(n) for _, n in assertion.tally]
            upper = float(assertion.upper)
        else:
            mu = float(assertion.diluted_margin)
            values, weights = comparison.overstatement_values(mu, error_rates)
            upper = 2 / (2 - mu)
        eta = _alpha_eta(assertion, method, error_rates)
        if alpha_guess(values, weights, upper, eta, risk_limit) >= papers:
            return _full(assertion, function)
        sizes = _simulate_alpha(values, weights, upper, eta, risk_limit, papers, trials, rng)
        expected = sum(sizes) / len(sizes)
    else:
        assert manifest is not None
        mu = float(assertion.diluted_margin)
        needed = macro.batches_needed(risk_limit, (1 + mu) / mu)
        sizes_biased = sum(b.papers**2 for b in manifest.batches) / manifest.papers
        expected = needed * sizes_biased
        sizes = _simulate_batches(manifest, needed, trials, rng)
    sizes.sort()
    quantiles = tuple(
        (q, min(papers, sizes[max(0, math.ceil(q * len(sizes)) - 1)])) for q in QUANTILES
    )
    full = expected >= papers
    return AssertionPlan(assertion, function, min(float(papers), expected), quantiles, full)


def _full(assertion: Assertion, function: str) -> AssertionPlan:
    """A full hand count: every paper."""
    papers = assertion.papers
    return AssertionPlan(
        assertion, function, float(papers), tuple((q, papers) for q in QUANTILES), True
    )


def _quantile(ordered: Sequence[int], q: float) -> int:
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _share(assertion: Assertion, value: Fraction) -> float:
    return sum(n for v, n in assertion.tally if v == value) / assertion.papers


def _generator(seed: int, index: int) -> np.random.Generator:
    """numpy's PCG64 for assertion ``index`` of a plan with seed ``seed``."""
    import numpy as np

    digest = hashlib.sha256(f"{seed}:{index}".encode()).digest()
    return np.random.Generator(np.random.PCG64(int.from_bytes(digest[:16], "big")))


def _first_at_least(start: float, step: float, target: float) -> int:
    """The least k >= 0 with start + k * step >= target (step > 0), as the floats compare."""
    k = max(0, math.ceil((target - start) / step))
    while k > 0 and start + (k - 1) * step >= target:
        k -= 1
    while start + k * step < target:
        k += 1
    return k


def _simulate_bravo(
    p1: float,
    p0: float,
    risk_limit: float,
    papers: int,
    trials: int,
    expected: float,
    rng: np.random.Generator,
) -> list[int]:
    """Papers drawn (with replacement) until BRAVO confirms, in each of ``trials``
    audits, at most all the papers. ``p1``, ``p0``: the shares of papers for the
    winner and for the loser; ``expected``: the ASN (sizes the first block).

    Only the papers for either side move T: a trial draws those (for the winner
    with probability s), and T first reaches 1/α after k of them when the papers
    for the winner among them reach the least u with u·ln(2s) + (k - u)·ln(2 - 2s)
    >= ln(1/α). The papers for neither drawn meanwhile are negative binomial.
    """
    import numpy as np

    informative = p1 + p0
    s = p1 / informative
    up = math.log(2 * s)
    down = math.log(2 * (1 - s)) if s < 1 else -math.inf
    target = math.log(1 / risk_limit)
    steps = np.full(trials, papers + 1, dtype=np.int64)  # informative papers to confirm
    alive = np.arange(trials)
    ups = np.zeros(trials, dtype=np.int32)
    done_steps = 0
    block = int(max(32.0, 1.25 * expected * informative))
    while alive.size and done_steps < papers:
        width = min(block, papers - done_steps, 2 * _COLUMNS)
        k = np.arange(done_steps + 1, done_steps + width + 1)
        if s < 1:
            # u·up + (k - u)·down >= target  <=>  u >= (target - k·down) / (up - down)
            need = np.ceil((target - k * down) / (up - down)).astype(np.int64)
            need -= (need - 1) * up + (k - need + 1) * down >= target
            need += need * up + (k - need) * down < target
        else:
            need = np.full(width, _first_at_least(0.0, up, target), dtype=np.int64)
        wins = rng.random((alive.size, width), dtype=np.float32) < s
        reached = np.cumsum(wins, axis=1, dtype=np.int32)
        reached += ups[alive, None]
        hit = reached >= need[None, :]
        done = hit.any(axis=1)
        first = hit.argmax(axis=1)[done]
        steps[alive[done]] = done_steps + first + 1
        ups[alive] = reached[:, -1]
        alive = alive[~done]
        done_steps += width
        block = max(64, block // 2)
    if informative < 1:
        sizes = steps + rng.negative_binomial(np.minimum(steps, papers), informative)
    else:
        sizes = steps
    return np.minimum(sizes, papers).tolist()  # type: ignore[no-any-return]


def _super_simple_expected(
    assertion: Assertion, risk_limit: float, gamma: float, rates: tuple[float, float]
) -> int:
    mu = float(assertion.diluted_margin)
    n = comparison.sample_size(risk_limit, mu, gamma)
    for _ in range(100):
        o1 = math.ceil(rates[0] * n) if rates[0] else 0
        o2 = math.ceil(rates[1] * n) if rates[1] else 0
        following = comparison.sample_size(risk_limit, mu, gamma, o1, o2)
        if following == n or following > assertion.papers:
            return following
        n = following
    return n


def _first_crossing(
    steps: NDArray[Any], start: NDArray[Any], target: float, above: bool
) -> tuple[NDArray[Any], NDArray[Any], NDArray[Any]]:
    """Cumulative sums of ``steps`` (a row per trial) from ``start``; which rows reach
    ``target`` (at or above it, or at or below), and at which column (0-based)."""
    import numpy as np

    total = steps.cumsum(axis=1, dtype=np.float64)
    total += start[:, None]
    hit = total >= target if above else total <= target
    done: NDArray[Any] = np.asarray(hit.any(axis=1))
    return done, hit.argmax(axis=1), total[:, -1]


def _simulate_comparison(
    assertion: Assertion,
    risk_limit: float,
    gamma: float,
    rates: tuple[float, float],
    trials: int,
    rng: np.random.Generator,
) -> list[int]:
    """Papers until the Kaplan–Markov P-value reaches α, with 1- and 2-vote
    overstatements at the given rates."""
    import numpy as np

    mu = float(assertion.diluted_margin)
    papers = assertion.papers
    base = math.log(1 - mu / (2 * gamma))
    one = base - math.log(1 - 1 / (2 * gamma))
    two = base - math.log(1 - 1 / gamma) if gamma > 1 else math.inf
    target = math.log(risk_limit)
    r1, r2 = rates
    if not (r1 or r2):
        # every paper multiplies P by 1 - μ/2γ: the least n with n·ln(1 - μ/2γ) <= ln α
        n = _first_at_least(0.0, -base, -target)
        return [min(n, papers)] * trials
    sizes = np.full(trials, papers, dtype=np.int64)
    alive = np.arange(trials)
    log_p = np.zeros(trials)
    done_steps = 0
    block = 256
    while alive.size and done_steps < papers:
        width = min(block, papers - done_steps, _COLUMNS)
        u = rng.random((alive.size, width))
        steps = np.where(u < r2, two, np.where(u < r1 + r2, one, base))
        done, first, last = _first_crossing(steps, log_p[alive], target, above=False)
        sizes[alive[done]] = done_steps + first[done] + 1
        log_p[alive] = last
        alive = alive[~done]
        done_steps += width
        block *= 2
    return sizes.tolist()


def _alpha_eta(assertion: Assertion, method: str, rates: tuple[float, float]) -> float:
    if method == "ballot-polling":
        return float(assertion.mean)
    upper = 2 / (2 - float(assertion.diluted_margin))
    p2 = max(rates[1], 1e-5)
    # SHANGRLA's optimal_comparison: the bet that suits papers without error
    return (1 - upper * (1 - p2)) / (2 - 2 * upper) + upper * (1 - p2) - 0.5


def alpha_guess(
    values: Sequence[float], weights: Sequence[float], upper: float, eta: float, risk_limit: float
) -> float:
    """Papers a fixed bet at η would need on average (Wald's approximation,
    ln(1/α) / E[ln factor]); η = the true mean is the best fixed bet where the
    assorter takes two values, and ALPHA's adaptive bet needs more. Infinite
    where the bet does not grow."""
    total = sum(weights)
    t = 0.5
    eta = min(eta, upper * (1 - 1e-9))
    growth = sum(
        w / total * math.log((x * eta / t + (upper - x) * (upper - eta) / (upper - t)) / upper)
        for x, w in zip(values, weights, strict=True)
        if w
    )
    return math.log(1 / risk_limit) / growth if growth > 0 else math.inf


def _simulate_alpha(
    values: Sequence[float],
    weights: Sequence[float],
    upper: float,
    eta: float,
    risk_limit: float,
    papers: int,
    trials: int,
    rng: np.random.Generator,
) -> list[int]:
    """Papers drawn (with replacement, values with the given weights) until ALPHA
    (:mod:`tellers.audit.alpha`, with replacement: μ_i = 1/2) reaches 1/α.

    Draws come a block at a time for the trials still running; the first block
    is sized by the papers a fixed bet at η_0 would need, ln(1/α) / E[ln factor].
    """
    import numpy as np

    table = np.asarray(values, dtype=float)
    chances = np.asarray(weights, dtype=float)
    chances /= chances.sum()
    edges = np.cumsum(chances)
    target = math.log(1 / risk_limit)
    eta = min(eta, upper * (1 - 1e-9))
    t = 0.5
    c = (eta - t) / 2
    d = alpha_test.D
    guess = min(float(papers), alpha_guess(values, weights, upper, eta, risk_limit))
    # where the assorter takes the two values 0 and u, a draw is a comparison
    two_valued = len(table) == 2 and table[0] == 0.0
    sizes = np.full(trials, papers, dtype=np.int64)
    alive = np.arange(trials)
    total = np.zeros(trials)
    log_t = np.zeros(trials)
    done_steps = 0
    block = int(min(papers, max(32.0, 1.25 * guess)))
    while alive.size and done_steps < papers:
        width = min(block, papers - done_steps, _COLUMNS)
        uniform = rng.random((alive.size, width), dtype=np.float32)
        if not two_valued:
            x = table[np.searchsorted(edges[:-1], uniform, "right")]
        i = np.arange(done_steps, done_steps + width, dtype=float)  # i - 1
        slack = c / np.sqrt(d + i)
        lowest, highest = t + slack, upper * (1 - 2**-52) - slack
        if two_valued:
            # single precision for the bets (the statistic is summed in double)
            hits = uniform >= edges[0]
            earlier = np.cumsum(hits, axis=1, dtype=np.int32)
            earlier -= hits
            estimate = earlier.astype(np.float32)
            estimate *= upper
            estimate += (total[alive, None] + d * eta).astype(np.float32)
            estimate *= (1 / (d + i)).astype(np.float32)
            np.clip(estimate, lowest.astype(np.float32), highest.astype(np.float32), out=estimate)
            factor = np.where(hits, estimate / t, (upper - estimate) / (upper - t))
            x_sum = hits.sum(axis=1) * upper
        else:
            running = np.cumsum(x, axis=1)
            running -= x
            running += total[alive, None] + d * eta
            running /= d + i
            estimate = np.minimum(np.maximum(running, lowest), highest, out=running)
            factor = (x * estimate / t + (upper - x) * (upper - estimate) / (upper - t)) / upper
            x_sum = x.sum(axis=1)
        done, first, last = _first_crossing(np.log(factor, out=factor), log_t[alive], target,
                                            above=True)  # fmt: skip
        sizes[alive[done]] = done_steps + first[done] + 1
        log_t[alive] = last
        total[alive] += x_sum
        alive = alive[~done]
        done_steps += width
        block = max(64, int(0.75 * guess), block // 2)
    return sizes.tolist()


def _simulate_batches(
    manifest: Manifest, draws: int, trials: int, rng: np.random.Generator
) -> list[int]:
    """Papers in the distinct batches of ``draws`` draws, each batch drawn with
    probability in proportion to its papers (PPEB when batches hold the reported shares)."""
    import numpy as np

    sizes = np.array([b.papers for b in manifest.batches], dtype=np.int64)
    picks = rng.choice(len(sizes), size=(trials, draws), p=sizes / sizes.sum())
    chosen = np.zeros((trials, len(sizes)), dtype=bool)
    chosen[np.arange(trials)[:, None], picks] = True
    return (chosen @ sizes).tolist()  # type: ignore[no-any-return]


def contest_quantiles(plan_: Plan) -> dict[str, int]:
    """The contest's quantiles as ``{"50%": n, "90%": n}``."""
    return {f"{round(q * 100)}%": plan_.quantile(q) for q in QUANTILES}
