"""STV: what can be audited, and what cannot.

Purpose: no sound risk-limiting audit of a single transferable vote outcome
is published (spec 09 §9.8; Blom, Stuckey, Teague et al. have audited only
special cases). tellers says so plainly and offers two checks of the count's
inputs, labelled as such, which are sound for what they claim:

* **first preferences**: each candidate's first preferences exceed those of
  the candidate next below them in the reported order of first preferences
  (:class:`~tellers.audit.assertions.Pairwise` over first marks), and a
  candidate elected at the first stage has more than quota - 1 first
  preferences (:class:`Share` at (quota - 1)/papers);
* **exhaustion total**: the papers that rank only candidates the count
  excluded are fewer than the non-transferable papers at the last stage plus
  one (:class:`Exhaustion`).

Neither confirms who was elected.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

from ..core.count import Count
from ..core.model import Ballots, Election
from ..errors import RulesError
from .assertions import HALF, ONE, ZERO, Assertion, Outcome, Pairwise, Paper, Share, tally_from

#: What the output says of an STV audit.
NOT_AN_RLA = (
    "no sound risk-limiting audit of an STV outcome is published: these assertions check "
    "the first preferences and the exhaustion total only, not who was elected"
)


def stv_outcome(election: Election, count: Count) -> Outcome:
    """The first-preference and exhaustion assertions of an STV count."""
    ballots = election.votes
    if not isinstance(ballots, Ballots):
        raise RulesError("an audit of STV first preferences needs the papers")
    contest = count.contest
    label = contest.names
    papers = ballots.papers
    first = ballots.first_preferences(len(label))
    order = sorted(contest.standing, key=lambda c: (-first[c], c))
    assertions: list[Assertion] = []
    for upper, lower in itertools.pairwise(order):
        if first[upper] == first[lower]:
            continue
        pair = Pairwise(upper, lower, 1)
        high, low = first[upper], first[lower]
        assertions.append(
            Assertion(
                "first preferences",
                f"{label[upper]} has more first preferences than {label[lower]}",
                pair,
                tally_from([(ONE, high), (ZERO, low), (HALF, papers - high - low)]),
            )
        )
    if count.quota is not None and count.stages:
        quota = Fraction(count.quota)
        for c in count.stages[0].elected:
            share = Share(c, (quota - 1) / papers, 1)
            assertions.append(
                Assertion(
                    "quota at stage 1",
                    f"{label[c]} has at least the quota ({count.quota}) in first preferences",
                    share,
                    tally_from([(share.upper, first[c]), (ZERO, papers - first[c])]),
                )
            )
    excluded = frozenset(count.excluded)
    exhausted = int(count.final.non_transferable)
    if excluded and exhausted < papers:
        limit = Fraction(exhausted + 1, papers)
        assorter = Exhaustion(excluded, 1 - limit)
        only_excluded = sum(
            n for r, n in zip(ballots.rankings, ballots.counts, strict=True) if assorter.exhausts(r)
        )
        assertions.append(
            Assertion(
                "exhaustion total",
                f"fewer than {exhausted + 1:,} papers rank only excluded candidates "
                f"(the last stage's non-transferable papers: {count.final.non_transferable})",
                assorter,
                tally_from([(assorter.upper, papers - only_excluded), (ZERO, only_excluded)]),
            )
        )
    return Outcome(
        contest.name,
        count.rules,
        count.elected_names(),
        tuple(assertions),
        papers,
        (NOT_AN_RLA,),
        sound=False,
    )


@dataclass(frozen=True, slots=True)
class Exhaustion:
    """More than ``fraction`` of the papers rank someone the count did not exclude
    (:class:`Share` against the papers that rank only ``excluded`` candidates)."""

    excluded: frozenset[int]
    fraction: Fraction

    @property
    def upper(self) -> Fraction:
        return 1 / (2 * self.fraction)

    def exhausts(self, paper: Paper) -> bool:
        return all(c in self.excluded for c in paper)

    def value(self, paper: Paper) -> Fraction:
        if not paper:
            return HALF
        return ZERO if self.exhausts(paper) else self.upper
