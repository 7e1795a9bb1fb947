"""First past the post and the block vote (rule set ``uk-fptp``).

Purpose: the count of RPA 1983 Sch. 1 rule 18 (the candidate with most votes
is elected) and of multi-member wards, where each voter has as many votes as
there are seats and the candidates with most votes fill them (SI 2006/3305
Sch. 2 rule 15; spec 01).

Design: one stage. Ties (rule 49, spec 01 §1.4) are drawn by lot only when
the tied group straddles the last seat: the lot orders the group, and the
favoured fill the seats left, as if given one more vote. The counted totals
are reported unchanged, with the lot recorded beside them. Whole votes only.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..core.count import Action, Count
from ..core.lots import LotProvider
from ..core.model import Ballots, Election
from ..errors import RulesError
from .registry import OptionValue, RuleSet, register
from .sheet import Sheet


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
        votes = votes_from_ballots(election.votes, len(contest.candidates), seats)
        papers: int | None = election.votes.papers
    else:
        votes = list(election.votes.votes)
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
        reason = "most votes; an additional vote allotted by lot" if c in lot_decided else "most votes"
        sheet.elect(c, reason, by_lot=c in lot_decided)
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
