"""The supplementary vote (rule set ``sv``): Mayor of London, English mayors, PCCs.

Purpose: the count of GLA Act 1999 Sch. 2 paras. 1-4, and the materially
identical LGA 2000 Sch. 2 paras. 1-3, LDEDCA 2009 Sch. 5B paras. 4-5 and
PRSRA 2011 Sch. 9 paras. 1-4 (spec 02 §2.3-2.4). First preferences are
counted; a candidate with more than half of them is returned. Otherwise the
two candidates with most first preferences remain (all of them, without a lot,
when an equality puts three or more in those two places: para. 4(3)) and the
others are eliminated in one step. The papers of the eliminated candidates
whose second preference is for a remaining candidate are added to that
candidate's total; the remaining candidate with the greatest total is
returned, an equality being decided by lot (para. 4(8)). With fewer than three
candidates the simple majority system applies (GLA Act 1999 explanatory note
45; LGA 2000 s. 42(2)-(3)).

Design: two stages at most, whole votes, straight from the distinct rankings.
A ranking's first mark is the first preference and its second mark, if any,
the second preference; later marks are ignored. Stage 2 shows the eliminated
candidates with no votes and every paper of theirs that does not pass to a
remaining candidate as non-transferable, so that the votes and the
non-transferable papers always add up to the valid papers.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..core.count import NON_TRANSFERABLE, Action, Count
from ..core.lots import LotProvider
from ..core.model import Ballots, Election
from ..errors import RulesError
from .plurality import check_ballots
from .registry import OptionValue, RuleSet, register
from .sheet import Sheet


def count_supplementary(
    election: Election, options: Mapping[str, OptionValue], lots: LotProvider
) -> Count:
    contest = election.contest
    ballots = election.votes
    if not isinstance(ballots, Ballots):
        raise RulesError("rule set sv counts ballot papers, not declared totals")
    if contest.seats != 1:
        raise RulesError(f"rule set sv elects one member, not {contest.seats}")
    standing = contest.standing
    if not standing:
        raise RulesError(f"nobody stands in {contest.name}")
    check_ballots(ballots, contest, 2)
    width = len(contest.candidates)
    sheet = Sheet(contest, "sv", 0, lots)
    first = ballots.first_preferences(width)
    papers = ballots.papers
    notes: list[str] = []

    if len(standing) < 3:
        notes.append(
            "fewer than three candidates: the simple majority system applies and second "
            "preferences are not counted (GLA Act 1999 explanatory note 45; LGA 2000 s. 42)"
        )
        most = max(first[c] for c in standing)
        top = [c for c in standing if first[c] == most]
        if len(top) > 1:
            winner = sheet.draw(top, "equality of votes", favour="first")[0]
            sheet.stage(Action.COUNT, first, elected=(winner,))
            sheet.elect(winner, "most votes; an additional vote allotted by lot", by_lot=True)
        else:
            winner = top[0]
            sheet.stage(Action.COUNT, first, elected=(winner,))
            sheet.elect(winner, "most votes (simple majority)")
        return sheet.finish(papers, None, options, notes)

    leader = max(standing, key=lambda c: (first[c], -c))
    if 2 * first[leader] > papers:
        sheet.stage(Action.FIRST, first, elected=(leader,))
        sheet.elect(leader, "more than half of the first-preference votes")
        return sheet.finish(papers, None, options, notes)

    second_most = sorted((first[c] for c in standing), reverse=True)[1]
    remaining = [c for c in standing if first[c] >= second_most]
    eliminated = [c for c in standing if first[c] < second_most]
    sheet.stage(Action.FIRST, first, excluded=eliminated)
    for c in eliminated:
        sheet.exclude(c, "not one of the two candidates with most first preferences")
    if len(remaining) > 2:
        notes.append(
            f"{len(remaining)} candidates remain: an equality of first preferences put them "
            "all in the first two places (GLA Act 1999 Sch. 2 para. 4(3))"
        )

    out = bytearray(width)
    for c in eliminated:
        out[c] = 1
    is_remaining = bytearray(width)
    for c in remaining:
        is_remaining[c] = 1
    # moved[source][target]: the last slot holds the papers that do not pass on
    moved = [[0] * (width + 1) for _ in range(width)]
    for ranking, n in zip(ballots.rankings, ballots.counts, strict=True):
        source = ranking[0]
        if out[source]:
            target = ranking[1] if len(ranking) > 1 and is_remaining[ranking[1]] else width
            moved[source][target] += n

    totals = [0] * width
    non_transferable = 0
    number = sheet.next_stage
    for c in remaining:
        totals[c] = first[c]
    for source in eliminated:
        for target in (*remaining, width):
            n = moved[source][target]
            if not n:
                continue
            if target == width:
                non_transferable += n
                sheet.transfer(number, source, NON_TRANSFERABLE, n, n)
            else:
                totals[target] += n
                sheet.transfer(number, source, target, n, n)

    most = max(totals[c] for c in remaining)
    top = [c for c in remaining if totals[c] == most]
    if len(top) > 1:
        winner = sheet.draw(top, "equality of total votes: whom to return", favour="first")[0]
        names = " and ".join(contest.candidates[c].name for c in top)
        reason = f"greatest total, {names} equal; decided by lot (GLA Act 1999 Sch. 2 para. 4(8))"
        by_lot = True
    else:
        winner = top[0]
        reason = "greatest total of first and second preferences"
        by_lot = False
    sheet.stage(
        Action.SECOND_PREFERENCES,
        totals,
        non_transferable,
        subjects=eliminated,
        elected=(winner,),
    )
    sheet.elect(winner, reason, by_lot=by_lot)
    return sheet.finish(papers, None, options, notes)


register(
    RuleSet(
        name="sv",
        title="Supplementary vote (Mayor of London, English mayors, Police and Crime "
        "Commissioners)",
        family="supplementary vote",
        law="GLA Act 1999 s. 4 and Sch. 2 paras. 1-4; LGA 2000 s. 42 and Sch. 2 paras. 1-3; "
        "LDEDCA 2009 Sch. 5B paras. 4-5; PRSRA 2011 Sch. 9 paras. 1-4; "
        "replaced by first past the post by Elections Act 2022 s. 13",
        in_force="Mayor of London to 2021; English mayors to May 2022; PCCs to 2021 "
        "(polls before 4 May 2023)",
        function=count_supplementary,
        needs="ballots",
        aliases=("gla-mayor-sv", "supplementary-vote"),
    )
)
