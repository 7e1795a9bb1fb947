"""Assertions for the supplementary vote (Mayor of London, English mayors, PCCs).

Purpose: the supplementary vote (GLA Act 1999 Sch. 2 paras. 1-4; spec 02)
returns a candidate with more than half of the first preferences; otherwise
the two candidates with most first preferences remain, the others' papers
pass on their second preferences, and the remaining candidate with more
votes wins. Its outcome is a short chain of assertions (SHANGRLA, Stark 2020
§2; the two-stage structure of spec 09 §9.6 without an elimination order):

* won at the first stage: the winner holds more than half of the first
  preferences (:class:`~tellers.audit.assertions.Share` at 1/2);
* otherwise, the first stage: each remaining candidate has more first
  preferences than each eliminated one (:class:`Pairwise` over first marks),
  so the same two remain; and the second stage: with the eliminated papers'
  second preferences added, the winner has more votes than the other
  remaining candidate (:class:`Finalists`).

Design: winners, the remaining and the eliminated come from the
:class:`~tellers.core.count.Count` of rule set ``sv``; the papers from the
election's ballots (first and second marks).
"""

from __future__ import annotations

from fractions import Fraction

from ..core.count import Count
from ..core.model import Ballots, Election
from ..errors import RulesError
from .assertions import Assertion, Finalists, Outcome, Pairwise, Share, names, tally_of


def supplementary_outcome(election: Election, count: Count) -> Outcome:
    """The SV assertions for ``count``."""
    ballots = election.votes
    if not isinstance(ballots, Ballots):
        raise RulesError("an audit of the supplementary vote needs the papers, not totals")
    contest = count.contest
    label = contest.names
    winner = count.elected[0]
    first_stage = count.stages[0]
    eliminated = [c for c in first_stage.excluded]
    remaining = [c for c in contest.standing if c not in eliminated]
    assertions: list[Assertion] = []
    notes: list[str] = []
    if len(count.stages) == 1 and len(contest.standing) >= 3:
        share = Share(winner, Fraction(1, 2), 1)
        assertions.append(
            Assertion(
                "majority",
                f"{label[winner]} has more than half of the first preferences",
                share,
                tally_of(share, ballots),
            )
        )
    elif len(contest.standing) < 3:
        for lo in remaining:
            if lo != winner:
                pair = Pairwise(winner, lo, 1)
                assertions.append(
                    Assertion(
                        "winner-loser",
                        f"{label[winner]} has more votes than {label[lo]}",
                        pair,
                        tally_of(pair, ballots),
                    )
                )
        notes.append("fewer than three candidates: the simple majority system")
    else:
        for kept in remaining:
            for out in eliminated:
                pair = Pairwise(kept, out, 1)
                assertions.append(
                    Assertion(
                        "first stage",
                        f"{label[kept]} has more first preferences than {label[out]}",
                        pair,
                        tally_of(pair, ballots),
                    )
                )
        out_set = frozenset(eliminated)
        for other in remaining:
            if other == winner:
                continue
            final = Finalists(winner, other, out_set)
            assertions.append(
                Assertion(
                    "second stage",
                    f"with the second preferences of {names(label, eliminated)} added, "
                    f"{label[winner]} has more votes than {label[other]}",
                    final,
                    tally_of(final, ballots),
                )
            )
    return Outcome(
        contest.name,
        count.rules,
        (label[winner],),
        tuple(assertions),
        ballots.papers,
        tuple(notes),
    )
