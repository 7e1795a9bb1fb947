"""Assertions for first past the post, the block vote and supermajorities.

Purpose: the reported winners of a plurality contest are right if every
winner has more votes than every loser (SHANGRLA, Stark 2020 §2.1; for a
vote-for-N contest, every winner against every loser: Lindeman, Stark &
Yates 2012 §6). A contest that needs a supermajority (a share f of the valid
votes) is right if the winner's share exceeds f (SHANGRLA §2.3).

Design: one :class:`~tellers.audit.assertions.Pairwise` assertion per
winner-loser pair, over a paper's first ``seats`` marks as the rule set
counts them (``tellers.rules.plurality``). From papers, each assertion is
tallied from the distinct rankings; from declared totals, a paper is taken
to vote for at most one of the pair (the mean, and so the margin, does not
depend on it). Winners come from the :class:`~tellers.core.count.Count`.
"""

from __future__ import annotations

from fractions import Fraction

from ..core.count import Count
from ..core.model import Ballots, Election, Totals
from ..errors import RulesError
from .assertions import HALF, ONE, ZERO, Assertion, Outcome, Pairwise, Share, tally_from, tally_of


def plurality_outcome(
    election: Election, count: Count, supermajority: Fraction | None = None
) -> Outcome:
    """Winner-loser pairs (and the supermajority, if the contest needs one)."""
    contest = count.contest
    seats = contest.seats
    names = contest.names
    winners = list(dict.fromkeys(count.elected))
    losers = [c for c in contest.standing if c not in winners]
    votes = [int(v) for v in count.final.votes]
    votes_in = election.votes
    if isinstance(votes_in, Ballots):
        papers = votes_in.papers
    elif isinstance(votes_in, Totals):
        declared = votes_in.papers
        if declared is not None:
            papers = declared
        else:
            if seats > 1:
                raise RulesError(
                    "declared totals of a multi-member ward do not say how many papers were "
                    "cast: give the papers with --ballots N"
                )
            papers = sum(votes)
    else:
        raise RulesError("a plurality audit reads papers or declared totals")
    assertions: list[Assertion] = []

    def tally(
        assorter: Pairwise | Share, w: int, lo: int | None
    ) -> tuple[tuple[Fraction, int], ...]:
        if isinstance(votes_in, Ballots):
            return tally_of(assorter, votes_in)
        high = votes[w]
        low = votes[lo] if lo is not None else papers - votes[w]
        if isinstance(assorter, Share):
            return tally_from([(assorter.upper, high), (ZERO, low)])
        return tally_from([(ONE, high), (ZERO, low), (HALF, papers - high - low)])

    if supermajority is not None:
        if not 0 < supermajority < 1:
            raise RulesError(f"a supermajority is a fraction between 0 and 1, not {supermajority}")
        for w in winners:
            share = Share(w, supermajority, seats)
            assertions.append(
                Assertion(
                    "supermajority",
                    f"{names[w]} has more than {_percent(supermajority)} of the valid votes",
                    share,
                    tally(share, w, None),
                )
            )
    if supermajority is None or supermajority < HALF:
        for w in winners:
            for lo in losers:
                pair = Pairwise(w, lo, seats)
                assertions.append(
                    Assertion(
                        "winner-loser",
                        f"{names[w]} has more votes than {names[lo]}",
                        pair,
                        tally(pair, w, lo),
                    )
                )
    notes = []
    if isinstance(votes_in, Totals):
        notes.append(
            "from declared totals: a sampled paper is read for the pair it shows; the "
            "simulation takes no paper to vote for both of a pair"
        )
    return Outcome(
        contest.name,
        count.rules,
        tuple(names[w] for w in winners),
        tuple(assertions),
        papers,
        tuple(notes),
    )


def _percent(fraction: Fraction) -> str:
    value = fraction * 100
    return f"{value.numerator / value.denominator:g}%" if value.denominator != 1 else f"{value}%"
