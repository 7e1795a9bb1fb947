"""The local by-election change indicator (spec 08 §8.10): not a projected national share."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from .change import change_in_share
from .contest import INDICATOR_LABEL, ContestResult, Options, Votes, _fraction
from .vote_share import shares


@dataclass(frozen=True, slots=True)
class ChangeIndicator:
    """The local by-election change indicator: a mean change added to a national baseline.

    It is not a projected national share, and :attr:`label` says so.
    """

    party: str
    changes: tuple[Fraction, ...]
    weights: tuple[Fraction, ...] | None
    mean_change: Fraction
    baseline: Fraction
    value: Fraction
    contests: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()
    label: str = INDICATOR_LABEL


def change_indicator(
    changes: Sequence[Votes],
    baseline: Votes,
    *,
    weights: Sequence[Votes] | None = None,
    party: str = "",
) -> ChangeIndicator:
    """Mean of ``changes`` (points; weighted by ``weights`` if given) plus ``baseline`` (§8.10)."""
    if not changes:
        raise ValueError("the indicator needs at least one by-election")
    exact = tuple(_fraction(c) for c in changes)
    if weights is None:
        mean = sum(exact, Fraction(0)) / len(exact)
        w: tuple[Fraction, ...] | None = None
    else:
        w = tuple(_fraction(x) for x in weights)
        if len(w) != len(exact) or any(x < 0 for x in w) or not sum(w):
            raise ValueError("one non-negative weight a change is needed, not all zero")
        mean = sum((c * x for c, x in zip(exact, w, strict=True)), Fraction(0)) / sum(w)
    base = _fraction(baseline)
    return ChangeIndicator(party, exact, w, mean, base, base + mean)


def by_election_indicator(
    party: str,
    pairs: Iterable[tuple[ContestResult, ContestResult]],
    baseline: Votes,
    *,
    weighted: bool = False,
    options: Options | None = None,
) -> ChangeIndicator:
    """The indicator from ``(by-election, base)`` pairs: ``party``'s change in share in each.

    A pair where ``party`` has no change figure (``new`` without
    ``absent_as_zero``, or did not stand now) is left out and listed.
    ``weighted`` weights each change by the by-election's valid votes.
    """
    opts = options or Options()
    changes: list[Fraction] = []
    weights: list[Fraction] = []
    used: list[str] = []
    left_out: list[str] = []
    for now, base in pairs:
        change = change_in_share(
            shares(now, opts.share_method),
            shares(base, opts.share_method),
            absent_as_zero=opts.absent_as_zero,
        ).get(party)
        if change is None or change.points is None:
            left_out.append(now.id)
            continue
        changes.append(change.points)
        weights.append(now.total_votes)
        used.append(now.id)
    indicator = change_indicator(
        changes, baseline, weights=weights if weighted else None, party=party
    )
    return ChangeIndicator(
        party,
        indicator.changes,
        indicator.weights,
        indicator.mean_change,
        indicator.baseline,
        indicator.value,
        tuple(used),
        tuple(left_out),
    )
