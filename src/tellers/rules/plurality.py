"""First past the post and the block vote (rule set ``uk-fptp``).

Purpose: the count of RPA 1983 Sch. 1 rule 18 (the candidate with most votes
is elected) and of multi-member wards, where each voter has as many votes as
there are seats and the candidates with most votes fill them (SI 2006/3305
Sch. 2 rule 15; spec 01).

Design: one stage. Ties (rule 49, spec 01 §1.4) are drawn by lot only when
the tied group straddles the last seat: the lot orders the group, and the
favoured fill the seats left, as if given one more vote. The counted totals
are reported unchanged, with the lot recorded beside them. Whole votes only.
From papers, each paper's first ``seats`` marks count; a paper without any
mark, or marking a candidate who withdrew, is refused (:func:`check_ballots`,
shared with the other single-vote rule sets).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..core.count import Action, Count
from ..core.lots import LotProvider
from ..core.model import Ballots, Contest, Election, Totals
from ..errors import RulesError
from .registry import OptionValue, RuleSet, register
from .sheet import Sheet


def check_ballots(ballots: Ballots, contest: Contest, marks: int | None = None) -> None:
    """Refuse papers no count may take, before counting them.

    Every paper must carry a first preference (a paper without one is rejected
    before the count, as unmarked, and never reaches it), name only candidates
    on the ballot, and, in its first ``marks`` preferences (all, by default),
    none who withdrew.
    """
    rankings = ballots.rankings
    if not rankings:
        return
    if not all(rankings):
        blank = sum(n for r, n in zip(rankings, ballots.counts, strict=True) if not r)
        raise RulesError(
            f"{blank} paper(s) have no first preference: such papers are rejected "
            "(unmarked or void for uncertainty) and are not counted"
        )
    marked: set[int] = set().union(*(rankings if marks is None else (r[:marks] for r in rankings)))
    if min(marked) < 0 or max(marked) >= len(contest.candidates):
        raise RulesError(f"a paper names a candidate that {contest.name} does not have")
    withdrawn = sorted(marked & contest.withdrawn)
    if withdrawn:
        name = contest.candidates[withdrawn[0]].name
        raise RulesError(f"a paper gives a preference to {name}, who withdrew")


def votes_from_ballots(ballots: Ballots, candidates: int, marks: int) -> list[int]:
    """Votes for each candidate: each paper's first ``marks`` preferences count one each."""
    votes = [0] * candidates
    for ranking, n in zip(ballots.rankings, ballots.counts, strict=True):
        for candidate in ranking[:marks]:
            votes[candidate] += n
    return votes


def count_plurality(
    election: Election, options: Mapping[str, OptionValue], lots: LotProvider
) -> Count:
    contest = election.contest
    seats = contest.seats
    standing = contest.standing
    if isinstance(election.votes, Ballots):
        check_ballots(election.votes, contest, seats)
        votes = votes_from_ballots(election.votes, len(contest.candidates), seats)
        papers: int | None = election.votes.papers
    else:
        if not isinstance(election.votes, Totals):
            raise RulesError("this rule set counts ballot papers or declared totals")
        votes = list(election.votes.votes)
        if len(votes) != len(contest.candidates):
            raise RulesError(f"{len(votes)} vote totals for {len(contest.candidates)} candidates")
        papers = election.votes.papers
        if papers is None and seats == 1:
            papers = sum(votes)
    for i in contest.withdrawn:
        if votes[i]:
            raise RulesError(f"{contest.candidates[i].name} withdrew but has {votes[i]} votes")
    sheet = Sheet(contest, "uk-fptp", 0, lots)
    order = sorted(standing, key=lambda c: (-votes[c], c))
    if len(order) <= seats:
        winners = order
        lot_decided: set[int] = set()
    else:
        boundary = votes[order[seats - 1]]
        above = [c for c in order if votes[c] > boundary]
        group = [c for c in order if votes[c] == boundary]
        left = seats - len(above)
        if len(group) > left:
            drawn = sheet.draw(group, "equality of votes for the last seat")
            lot_decided = set(drawn[:left])
            winners = above + list(drawn[:left])
        else:
            lot_decided = set()
            winners = above + group
    sheet.stage(Action.COUNT, votes, elected=winners)
    for c in winners:
        if c in lot_decided:
            sheet.elect(c, "most votes; an additional vote allotted by lot (rule 49)", by_lot=True)
        else:
            sheet.elect(c, "most votes")
    notes = []
    if len(standing) <= seats:
        notes.append("no more candidates than seats: all elected")
    return sheet.finish(papers, None, options, notes)


register(
    RuleSet(
        name="uk-fptp",
        title="First past the post (single-member) and block vote (multi-member wards)",
        family="plurality",
        law="RPA 1983 Sch. 1 rules 18, 49; SI 2006/3304 and SI 2006/3305 Sch. 2",
        in_force="UK Parliament and English and Welsh councils, to date; "
        "English mayors and PCCs from 4 May 2023",
        function=count_plurality,
        needs="ballots or totals",
        aliases=("fptp", "block"),
    )
)
