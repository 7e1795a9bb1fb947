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

A simulation draws from :class:`random.Random` seeded with the plan's seed,
so a plan is reproducible. A sample that would reach the papers cast is a
full hand count. The contest's figure is its hardest assertion's (the
largest expected size): every assertion runs on the same sample.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..errors import RulesError
from . import alpha as alpha_test
from . import bravo, comparison, macro
from .assertions import HALF, ONE, ZERO, Assertion, Outcome
from .sampler import Manifest

METHODS = ("ballot-polling", "comparison", "batch-comparison")
RISK_FUNCTIONS = ("bravo", "super-simple", "alpha", "macro")
#: Simulated audits per assertion, unless asked otherwise.
TRIALS = 1000
QUANTILES = (0.5, 0.9)


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
        rng = random.Random(f"{seed}:{i}")
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
    rng: random.Random,
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
        sizes = [_simulate_bravo(assertion, risk_limit, rng) for _ in range(trials)]
    elif function == "super-simple":
        expected = float(_super_simple_expected(assertion, risk_limit, gamma, error_rates))
        if expected >= papers:
            return _full(assertion, function)
        runs = trials if any(error_rates) else 1  # with no discrepancies every run is alike
        sizes = [
            _simulate_comparison(assertion, risk_limit, gamma, error_rates, rng)
            for _ in range(runs)
        ]
    elif function == "alpha":
        draw = (
            _polling_draw(assertion, rng)
            if method == "ballot-polling"
            else _overstatement_draw(assertion, error_rates, rng)
        )
        eta = _alpha_eta(assertion, method, error_rates)
        upper = (
            float(assertion.upper)
            if method == "ballot-polling"
            else 2 / (2 - float(assertion.diluted_margin))
        )
        sizes = [_simulate_alpha(draw, upper, eta, risk_limit, papers) for _ in range(trials)]
        expected = sum(sizes) / len(sizes)
    else:
        assert manifest is not None
        mu = float(assertion.diluted_margin)
        needed = macro.batches_needed(risk_limit, (1 + mu) / mu)
        sizes_biased = sum(b.papers**2 for b in manifest.batches) / manifest.papers
        expected = needed * sizes_biased
        sizes = [_simulate_batches(manifest, needed, rng) for _ in range(trials)]
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


def _simulate_bravo(assertion: Assertion, risk_limit: float, rng: random.Random) -> int:
    """Papers drawn (with replacement) until BRAVO confirms, at most all the papers."""
    papers = assertion.papers
    p1, p0 = _share(assertion, ONE), _share(assertion, ZERO)
    s = p1 / (p1 + p0)
    up = math.log(2 * s)
    down = math.log(2 * (1 - s)) if s < 1 else 0.0
    target = math.log(1 / risk_limit)
    log_t = 0.0
    informative = p1 + p0
    n = 0
    random_ = rng.random
    while n < papers:
        # papers for neither come between the informative ones: a geometric gap
        u = random_()
        if informative < 1:
            gap = int(math.log(1 - u) / math.log(1 - informative)) if u > 0 else 0
            n += gap
            if n >= papers:
                return papers
        n += 1
        log_t += up if random_() < s else down
        if log_t >= target:
            return n
    return papers


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


def _simulate_comparison(
    assertion: Assertion,
    risk_limit: float,
    gamma: float,
    rates: tuple[float, float],
    rng: random.Random,
) -> int:
    mu = float(assertion.diluted_margin)
    papers = assertion.papers
    base = math.log(1 - mu / (2 * gamma))
    one = base - math.log(1 - 1 / (2 * gamma))
    two = base - math.log(1 - 1 / gamma) if gamma > 1 else math.inf
    target = math.log(risk_limit)
    log_p = 0.0
    r1, r2 = rates
    for n in range(1, papers + 1):
        u = rng.random() if (r1 or r2) else 1.0
        log_p += two if u < r2 else one if u < r1 + r2 else base
        if log_p <= target:
            return n
    return papers


def _polling_draw(assertion: Assertion, rng: random.Random) -> _Draw:
    values = [float(v) for v, _ in assertion.tally]
    weights = [n for _, n in assertion.tally]
    return _Draw(values, weights, rng)


def _overstatement_draw(
    assertion: Assertion, rates: tuple[float, float], rng: random.Random
) -> _Draw:
    """Overstatement-assorter values B = (1 - ω/u)/(2 - μ) at the given error rates."""
    mu = float(assertion.diluted_margin)
    r1, r2 = rates
    values = [1 / (2 - mu), 0.5 / (2 - mu), 0.0]
    return _Draw(values, [max(0.0, 1 - r1 - r2), r1, r2], rng)


def _alpha_eta(assertion: Assertion, method: str, rates: tuple[float, float]) -> float:
    if method == "ballot-polling":
        return float(assertion.mean)
    upper = 2 / (2 - float(assertion.diluted_margin))
    p2 = max(rates[1], 1e-5)
    # SHANGRLA's optimal_comparison: the bet that suits papers without error
    return (1 - upper * (1 - p2)) / (2 - 2 * upper) + upper * (1 - p2) - 0.5


class _Draw:
    """Draws values with the given weights."""

    def __init__(self, values: Sequence[float], weights: Sequence[float], rng: random.Random):
        total = sum(weights)
        self.values = list(values)
        self.cumulative = []
        running = 0.0
        for w in weights:
            running += w / total
            self.cumulative.append(running)
        self.rng = rng

    def __call__(self) -> float:
        u = self.rng.random()
        for value, edge in zip(self.values, self.cumulative, strict=True):
            if u < edge:
                return value
        return self.values[-1]


def _simulate_alpha(draw: _Draw, upper: float, eta: float, risk_limit: float, papers: int) -> int:
    target = 1 / risk_limit
    eta = min(eta, upper * (1 - 1e-9))
    t = 0.5
    c = (eta - t) / 2
    d = alpha_test.D
    product = 1.0
    total = 0.0
    for i in range(1, papers + 1):
        x = draw()
        slack = c / math.sqrt(d + i - 1)
        shrunk = (d * eta + total) / (d + i - 1)
        estimate = min(upper * (1 - 2**-52) - slack, max(shrunk, t + slack))
        product *= (x * estimate / t + (upper - x) * (upper - estimate) / (upper - t)) / upper
        total += x
        if product >= target:
            return i
    return papers


def _simulate_batches(manifest: Manifest, draws: int, rng: random.Random) -> int:
    """Papers in the distinct batches of ``draws`` draws, each batch drawn with
    probability in proportion to its papers (PPEB when batches hold the reported shares)."""
    sizes = [b.papers for b in manifest.batches]
    chosen = set(rng.choices(range(len(sizes)), weights=sizes, k=draws))
    return sum(sizes[i] for i in chosen)


def contest_quantiles(plan_: Plan) -> dict[str, int]:
    """The contest's quantiles as ``{"50%": n, "90%": n}``."""
    return {f"{round(q * 100)}%": plan_.quantile(q) for q in QUANTILES}
