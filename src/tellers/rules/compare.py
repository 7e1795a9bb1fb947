"""Count one election under several rule sets and find where they part ways.

Purpose: the same ballot papers elect different people under different rules
(all papers or the last parcel in a surplus, Gregory or Meek, STV or the
block vote). :func:`compare` counts an :class:`~tellers.core.model.Election`
under each rule set asked for and, for every pair whose elected members
differ, finds the first stage at which their records differ: a different
action or subject (the surplus of one candidate against the exclusion of
another), different decisions (elected or excluded), or different totals.

Design: pure, like the rule modules: no I/O, no printing; the report lives in
:mod:`tellers.report.compare`. A rule set is named as on the command line,
optionally with options in brackets: ``wigm[surplus-papers=last-parcel]``,
several separated by ``;`` or ``,``. A rule set that cannot count the input
(list PR on ballot papers, a multi-member contest under a single-seat rule, a
tie with no lot supplied) gives a result that carries its error instead of a
count, so one failure never hides the others. Each count gets a fresh lot
provider from the factory given, so a seeded draw is the same as under
``tellers count`` with the same seed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from ..core.count import Count, Stage
from ..core.lots import LotProvider, NoLots
from ..core.model import Ballots, Election
from ..errors import RulesError, TellersError

__all__ = [
    "Comparison",
    "Divergence",
    "RuleResult",
    "RuleSpec",
    "compare",
    "default_rules",
    "divergences",
    "first_difference",
    "parse_rules",
]


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A rule set as asked for: its name and the options given with it."""

    name: str
    options: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        """``wigm[surplus-papers=last-parcel]``, or just the name."""
        if not self.options:
            return self.name
        return f"{self.name}[{';'.join(f'{k}={v}' for k, v in self.options)}]"


@dataclass(frozen=True, slots=True)
class RuleResult:
    """The count under one rule set, or why there is none."""

    spec: RuleSpec
    count: Count | None = None
    error: str | None = None
    #: The rule set refused the input (wrong kind of votes, wrong number of seats).
    refused: bool = False

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def elected(self) -> tuple[int, ...]:
        return self.count.elected if self.count is not None else ()


@dataclass(frozen=True, slots=True)
class Divergence:
    """Two counts that elect different members, and the first stage they differ at.

    ``stage`` is the number of that stage; ``first_stage`` or ``second_stage``
    is ``None`` where that count had already finished. ``why`` lists what
    differs: ``"action"`` (what the stage did, or to whom), ``"decisions"``
    (who was elected or excluded), ``"totals"`` (any candidate's total).
    ``changed`` holds the candidates whose totals differ at that stage.
    """

    first: RuleResult
    second: RuleResult
    stage: int
    first_stage: Stage | None
    second_stage: Stage | None
    why: tuple[str, ...]
    changed: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Comparison:
    """An election counted under several rule sets, and where they part ways."""

    election: Election
    results: tuple[RuleResult, ...]
    divergences: tuple[Divergence, ...] = field(default=())


def _split_top(text: str) -> list[str]:
    """Split at commas outside brackets."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth < 0:
                raise RulesError(f"unbalanced ']' in the rule list {text!r}")
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    if depth:
        raise RulesError(f"unclosed '[' in the rule list {text!r}")
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def parse_rules(text: str) -> tuple[RuleSpec, ...]:
    """Rule sets from ``"scot-2011,wigm[surplus-papers=last-parcel],ni-1985"``.

    Checks each name and its options against the registry.
    """
    from . import get

    specs = []
    for part in _split_top(text):
        name, bracket, rest = part.partition("[")
        options: list[tuple[str, str]] = []
        if bracket:
            if not rest.endswith("]"):
                raise RulesError(f"expected NAME[KEY=VALUE;...] in the rule list, not {part!r}")
            for item in rest[:-1].replace(";", ",").split(","):
                if not item.strip():
                    continue
                key, sep, value = item.partition("=")
                if not sep or not key.strip():
                    raise RulesError(f"expected KEY=VALUE in {part!r}, not {item.strip()!r}")
                options.append((key.strip(), value.strip()))
        spec = RuleSpec(name.strip(), tuple(options))
        get(spec.name).resolve(dict(spec.options))  # unknown names and options stop here
        specs.append(spec)
    if not specs:
        raise RulesError("no rule set named in the rule list")
    return tuple(specs)


def _count(election: Election, spec: RuleSpec, lots: LotProvider) -> RuleResult:
    from . import count

    try:
        return RuleResult(spec, count(election, spec.name, dict(spec.options), lots))
    except RulesError as error:  # the rule set cannot count this input
        return RuleResult(spec, error=" ".join(str(error).split()), refused=True)
    except TellersError as error:  # e.g. a lot is needed and none was supplied
        return RuleResult(spec, error=" ".join(str(error).split()))


def default_rules(election: Election) -> tuple[RuleSpec, ...]:
    """Every rule set that counts ballot papers, by name (those that count totals for totals)."""
    from . import rule_sets

    wanted = "ballots" if isinstance(election.votes, Ballots) else "totals"
    return tuple(RuleSpec(r.name) for r in rule_sets() if wanted in r.needs)


def compare(
    election: Election,
    rules: Sequence[RuleSpec] | None = None,
    lots: Callable[[], LotProvider | None] | None = None,
) -> Comparison:
    """Count ``election`` under each of ``rules`` and find where the counts part ways.

    Without ``rules``, every rule set that can count the input is tried, and
    those that refuse it (a :class:`~tellers.errors.RulesError`: wrong kind of
    votes, wrong number of seats) are left out; a named rule set that refuses
    is kept, with its error. ``lots`` makes a fresh lot provider for each count.
    """
    chosen = tuple(rules) if rules is not None else default_rules(election)
    results = []
    for spec in chosen:
        provider = lots() if lots is not None else None
        result = _count(election, spec, provider or NoLots())
        if rules is None and result.refused:
            continue
        results.append(result)
    return Comparison(election, tuple(results), tuple(divergences(results)))


def divergences(results: Sequence[RuleResult]) -> list[Divergence]:
    """For each pair of counts electing different members, where they first differ."""
    found = []
    for first, second in combinations(results, 2):
        if first.count is None or second.count is None:
            continue
        if set(first.count.elected) == set(second.count.elected):
            continue
        found.append(first_difference(first, second))
    return found


def first_difference(first: RuleResult, second: RuleResult) -> Divergence:
    """The first stage at which two counts' records differ."""
    a, b = first.count, second.count
    if a is None or b is None:
        raise ValueError("both results need a count")
    for i in range(max(len(a.stages), len(b.stages))):
        sa = a.stages[i] if i < len(a.stages) else None
        sb = b.stages[i] if i < len(b.stages) else None
        if sa is None or sb is None:
            return Divergence(first, second, i + 1, sa, sb, ("stages",))
        why = []
        if sa.action != sb.action or sa.subjects != sb.subjects:
            why.append("action")
        if set(sa.elected) != set(sb.elected) or set(sa.excluded) != set(sb.excluded):
            why.append("decisions")
        changed = tuple(
            c for c, (x, y) in enumerate(zip(sa.votes, sb.votes, strict=True)) if x != y
        )
        if changed:
            why.append("totals")
        if why:
            return Divergence(first, second, i + 1, sa, sb, tuple(why), changed)
    # same stages throughout, yet different members: the decisions after the last stage
    last = len(a.stages)
    return Divergence(first, second, last, a.stages[-1], b.stages[-1], ("decisions",))
