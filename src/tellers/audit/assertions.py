"""Assertions and assorters: what an audit checks about a reported outcome.

Purpose: SHANGRLA (Stark, "Sets of Half-Average Nulls Generate Risk-Limiting
Audits", 2020, §2) reduces "the reported outcome is right" to a set of
assertions, each "the mean of an assorter over all the papers exceeds 1/2".
An assorter gives each paper a value in [0, u]; if every assertion holds, the
reported winners won. An audit tests each assertion's complement and stops
when every one is rejected at the risk limit.

Design: a paper is a :data:`~tellers.core.model.Ranking`, its marks in order
(for a plurality contest, the candidates it votes for; a blank or void paper
is ``()``). Each assorter is a small frozen record with ``value(paper)`` in
exact fractions and its upper bound ``upper``; every assorter gives 1/2 to a
blank paper, so papers outside the valid vote dilute the margin but never
favour either side. An :class:`Assertion` carries its assorter and the
reported papers tallied by assorter value, from the exact count (integers):
its mean and margin are exact :class:`~fractions.Fraction`.

The assorters (SHANGRLA §2.1-2.3, spec 09 §9.5-9.7):

* :class:`Pairwise` — w beats l: (1 + [w marked] - [l marked]) / 2 over the
  first ``marks`` marks (FPTP: 1, block vote: the seats).
* :class:`Share` — c's share of the valid papers exceeds f (a supermajority,
  a majority at f = 1/2, a list threshold, or, with ``against``, a share below
  1 - f): [vote for c] / (2f), 1/2 for a blank paper, 0 otherwise.
* :class:`Finalists` — the second stage of the supplementary vote.
* :class:`NotEliminatedBefore`, :class:`NotEliminatedNext` — RAIRE's NEB and
  NEN (Blom, Stuckey & Teague 2019).
* :class:`Divisor` — a highest-averages seat: party a's votes over its last
  divisor exceed party b's over its next (Blom, Stark, Stuckey, Teague et al.
  2021): [vote a]/d_a - [vote b]/d_b > 0, shifted and scaled into [0, u].
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Protocol

from ..core.model import Ballots

#: A paper as an audit reads it: its marks in order, one candidate a rank, or a
#: tuple of the candidates marked at one rank (an overvote, which some IRV rules
#: read by who is still continuing). A :data:`Ranking` is a paper.
Paper = tuple[int | tuple[int, ...], ...]

HALF = Fraction(1, 2)
ONE = Fraction(1)
ZERO = Fraction(0)


def _pair(winner: bool, loser: bool) -> Fraction:
    """(1 + [winner] - [loser]) / 2, without arithmetic on fractions."""
    if winner:
        return HALF if loser else ONE
    return ZERO if loser else HALF


class Assorter(Protocol):
    """Gives each paper a value in [0, upper]."""

    @property
    def upper(self) -> Fraction: ...

    def value(self, paper: Paper) -> Fraction: ...


@dataclass(frozen=True, slots=True)
class Pairwise:
    """``winner`` gets more votes than ``loser``; a paper's first ``marks`` marks are its votes."""

    winner: int
    loser: int
    marks: int = 1

    @property
    def upper(self) -> Fraction:
        return ONE

    def value(self, paper: Paper) -> Fraction:
        votes = paper[: self.marks]
        return _pair(self.winner in votes, self.loser in votes)


@dataclass(frozen=True, slots=True)
class Share:
    """``candidate`` holds more than ``fraction`` of the valid papers' votes.

    With ``against``, the papers *not* for ``candidate`` hold more than
    ``fraction`` (so the candidate holds less than 1 - fraction). A paper's
    first ``marks`` marks are its votes; a blank paper is not valid.
    """

    candidate: int
    fraction: Fraction
    marks: int = 1
    against: bool = False

    @property
    def upper(self) -> Fraction:
        return 1 / (2 * self.fraction)

    def value(self, paper: Paper) -> Fraction:
        votes = paper[: self.marks]
        if not votes:
            return HALF
        hit = (self.candidate in votes) != self.against
        return self.upper if hit else ZERO


@dataclass(frozen=True, slots=True)
class Finalists:
    """Supplementary vote, second stage: ``winner`` has more votes than ``runner_up``
    when the papers of the ``eliminated`` pass on their second preferences."""

    winner: int
    runner_up: int
    eliminated: frozenset[int]

    @property
    def upper(self) -> Fraction:
        return ONE

    def _for(self, paper: Paper) -> int | tuple[int, ...] | None:
        if not paper:
            return None
        if paper[0] in self.eliminated:
            return paper[1] if len(paper) > 1 else None
        return paper[0]

    def value(self, paper: Paper) -> Fraction:
        vote = self._for(paper)
        return _pair(vote == self.winner, vote == self.runner_up)


@dataclass(frozen=True, slots=True)
class NotEliminatedBefore:
    """RAIRE NEB: ``winner`` can never be eliminated while ``loser`` continues:
    its first preferences exceed the papers that rank ``loser`` above it."""

    winner: int
    loser: int

    @property
    def upper(self) -> Fraction:
        return ONE

    def value(self, paper: Paper) -> Fraction:
        if paper and paper[0] == self.winner:
            return ONE
        for rank in paper:
            group = rank if isinstance(rank, tuple) else (rank,)
            if self.winner in group:
                return HALF
            if self.loser in group:
                return ZERO
        return HALF


@dataclass(frozen=True, slots=True)
class NotEliminatedNext:
    """RAIRE NEN: with only ``continuing`` left, ``winner`` has more votes than ``loser``.

    At an overvote (a tuple in the paper) the count's rule lets the continuing
    candidates decide, and what it did depends on when the paper reached it:
    such a paper is counted the loser's way, never the winner's.
    """

    winner: int
    loser: int
    continuing: frozenset[int]

    @property
    def upper(self) -> Fraction:
        return ONE

    def value(self, paper: Paper) -> Fraction:
        for rank in paper:
            if isinstance(rank, tuple):
                live = [c for c in rank if c in self.continuing]
                if len(live) == 1:
                    # an overvote with one marked candidate continuing counts for it only
                    # if the others went out before the paper reached it: the loser may
                    # have it, the winner is not sure of it
                    return ZERO if live[0] == self.loser else HALF
                if live:
                    return HALF  # exhausted
            elif rank in self.continuing:
                return _pair(rank == self.winner, rank == self.loser)
        return HALF


@dataclass(frozen=True, slots=True)
class Divisor:
    """Party ``a``'s votes / ``divisor_a`` exceed party ``b``'s votes / ``divisor_b``.

    The linear assorter g = [a]/d_a - [b]/d_b has mean > 0; shifted and
    scaled, (g + 1/d_b) · d_b / 2 has mean > 1/2: a vote for a gives
    (1 + d_b/d_a)/2, a vote for b 0, any other paper 1/2.
    """

    a: int
    divisor_a: Fraction
    b: int
    divisor_b: Fraction

    @property
    def upper(self) -> Fraction:
        return (1 + self.divisor_b / self.divisor_a) / 2

    def value(self, paper: Paper) -> Fraction:
        vote = paper[0] if paper else None
        if vote == self.a:
            return self.upper
        if vote == self.b:
            return ZERO
        return HALF


@dataclass(frozen=True, slots=True)
class Assertion:
    """One assertion: its assorter, what it says, and the reported papers by assorter value.

    ``tally`` holds (value, papers) pairs, from the exact count, in increasing
    value; the papers of the population are their sum.
    """

    kind: str
    statement: str
    assorter: Assorter
    tally: tuple[tuple[Fraction, int], ...] = field(repr=False)

    @property
    def papers(self) -> int:
        return sum(n for _, n in self.tally)

    @property
    def upper(self) -> Fraction:
        return self.assorter.upper

    @property
    def mean(self) -> Fraction:
        """The reported assorter mean over all papers."""
        return sum((v * n for v, n in self.tally), ZERO) / self.papers

    @property
    def margin(self) -> Fraction:
        """The assorter margin 2·mean - 1 (for a winner-loser pair: the vote margin / papers)."""
        return 2 * self.mean - 1

    @property
    def diluted_margin(self) -> Fraction:
        """The margin in units of the assorter's bound, margin / u (Stark 2010's μ)."""
        return self.margin / self.upper

    @property
    def margin_votes(self) -> Fraction:
        """The margin in papers: Σ (2a(b) - 1)/u over the papers (a whole number for a pair)."""
        return self.diluted_margin * self.papers

    def diluted(self, papers: int) -> Assertion:
        """The same assertion over ``papers`` papers, the extra ones blank (value 1/2)."""
        extra = papers - self.papers
        if extra < 0:
            raise ValueError(f"{papers} papers cannot hold the {self.papers} counted")
        if extra == 0:
            return self
        merged = Counter(dict(self.tally))
        merged[HALF] += extra
        return Assertion(self.kind, self.statement, self.assorter, _sorted(merged))


def _sorted(tally: Counter[Fraction]) -> tuple[tuple[Fraction, int], ...]:
    return tuple(sorted((v, n) for v, n in tally.items() if n))


def tally_of(
    assorter: Assorter, papers: Ballots | Iterable[tuple[Paper, int]]
) -> tuple[tuple[Fraction, int], ...]:
    """The reported papers by assorter value, one evaluation per distinct paper."""
    pairs = (
        zip(papers.rankings, papers.counts, strict=True) if isinstance(papers, Ballots) else papers
    )
    found: Counter[Fraction] = Counter()
    for paper, n in pairs:
        found[assorter.value(paper)] += n
    return _sorted(found)


def tally_from(pairs: Iterable[tuple[Fraction, int]]) -> tuple[tuple[Fraction, int], ...]:
    """A tally from (value, papers) pairs, merged."""
    found: Counter[Fraction] = Counter()
    for value, n in pairs:
        found[value] += n
    return _sorted(found)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The assertions that together imply a contest's reported outcome.

    ``sound`` is False where no published method checks the whole outcome
    (STV): the assertions then check only what ``notes`` say.
    """

    contest: str
    rules: str
    winners: tuple[str, ...]
    assertions: tuple[Assertion, ...]
    papers: int
    notes: tuple[str, ...] = ()
    sound: bool = True

    def diluted(self, papers: int | None) -> Outcome:
        """The outcome over ``papers`` papers (the manifest's), the extra ones blank."""
        if papers is None or papers == self.papers:
            return self
        return Outcome(
            self.contest,
            self.rules,
            self.winners,
            tuple(a.diluted(papers) for a in self.assertions),
            papers,
            self.notes,
            self.sound,
        )

    def hardest(self) -> Assertion | None:
        """The assertion with the smallest diluted margin."""
        return min(self.assertions, key=lambda a: a.diluted_margin, default=None)


def names(candidates: Sequence[str], indices: Iterable[int]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    listed = [candidates[i] for i in indices]
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + " and " + listed[-1]
