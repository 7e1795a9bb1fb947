"""Optional preferential voting for one seat (rule set ``au-nsw``).

Purpose: the count of a New South Wales Legislative Assembly district, where a
formal paper needs only a first preference and further preferences are
optional (the 2023 general election, held under the Electoral Act 2017 (NSW),
which replaced the Parliamentary Electorates and Elections Act 1912; the
section or schedule clause that sets out the count is UNVERIFIED, as no text
of it was read):

* the papers are sorted by first preference and counted;
* a candidate with an absolute majority of the votes still in the count
  (more than half of the papers not exhausted) is elected;
* otherwise the candidate with fewest votes is excluded, one per stage, and
  each of their papers goes at full value to the continuing candidate next in
  the voter's order of preference; a paper with no further preference for a
  continuing candidate is exhausted and leaves the count;
* candidates equal on fewest votes: the one with fewer votes at an earlier
  stage (option ``tie-look-back``: the first stage at which they differed, the
  most recent one, or none), else by lot. The NSW rule for this tie is
  UNVERIFIED, hence the option; the default looks forward from the first
  preferences.

Option ``two-candidate-preferred`` (default yes): after the winner is found,
the lowest candidates are still excluded, one a stage, until two remain, so
that the final stage holds the two-candidate-preferred count the Electoral
Commission and the press report. Those stages come *after the election*: each
says so in its note, the exclusions are recorded with that reason, and the
winner (``Count.elected``) is the one found at the majority.

Design: the papers are held in ranking groups by
:class:`~tellers.rules.alternative.Piles` (the structure ``av`` counts with),
so an exclusion moves whole runs of rankings that share a prefix and a count
does work in proportion to the distinct prefixes it visits, not to the papers.
Whole votes only; the non-transferable row is the running total of exhausted
papers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..core.count import Action, Count
from ..core.lots import LotProvider
from ..core.model import Ballots, Election
from ..errors import RulesError
from .alternative import Piles
from .registry import Option, OptionValue, RuleSet, register
from .sheet import LookBack, Sheet

NAME = "au-nsw"
LOOK_BACKS = ("forward", "backward", "none")
AFTER = "after the election: exclusions continue to the two-candidate-preferred count"
ELECTED_HERE = "elected with an absolute majority; " + AFTER


def _names(sheet: Sheet, candidates: Sequence[int]) -> str:
    names = [sheet.contest.candidates[c].name for c in sorted(candidates)]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def _fewest(sheet: Sheet, tied: Sequence[int], look_back: str) -> tuple[int, str, bool]:
    """Who of the candidates equal on fewest votes is excluded, why, and whether by lot."""
    if len(tied) == 1:
        return tied[0], "fewest votes", False
    equal = f"{_names(sheet, tied)} equal on fewest votes"
    group: tuple[int, ...] = tuple(sorted(tied))
    if look_back != "none" and sheet.stages:
        direction = LookBack.FORWARD if look_back == "forward" else LookBack.BACKWARD
        group = sheet.look_back(group, direction, lowest=True, before=sheet.next_stage)
        if len(group) == 1:
            return group[0], f"{equal}; fewest at an earlier stage ({look_back} look-back)", False
    order = sheet.draw(group, "equality of fewest votes: whom to exclude", favour="last")
    return order[-1], f"{equal}; excluded by lot", True


def _majority(votes: Sequence[int], continuing: Sequence[int]) -> tuple[int, str] | None:
    """The candidate with an absolute majority of the votes still in the count, if any."""
    leader = max(continuing, key=lambda c: (votes[c], -c))
    if len(continuing) == 1:
        return leader, "the only continuing candidate"
    if 2 * votes[leader] > sum(votes[c] for c in continuing):
        return leader, "an absolute majority of the votes in the count (more than half)"
    return None


def count_optional_preferential(
    election: Election, options: Mapping[str, OptionValue], lots: LotProvider
) -> Count:
    """Count one seat by optional preferential voting (NSW Legislative Assembly)."""
    contest = election.contest
    ballots = election.votes
    if not isinstance(ballots, Ballots):
        raise RulesError(f"rule set {NAME} counts ballot papers, not declared totals")
    if contest.seats != 1:
        raise RulesError(f"rule set {NAME} elects one member, not {contest.seats}")
    if not contest.standing:
        raise RulesError(f"nobody stands in {contest.name}")
    two_candidate = bool(options.get("two-candidate-preferred", True))
    look_back = str(options.get("tie-look-back", "forward"))
    if look_back not in LOOK_BACKS:
        raise RulesError(f"option tie-look-back takes one of {', '.join(LOOK_BACKS)}")

    sheet = Sheet(contest, NAME, 0, lots)
    continuing = list(contest.standing)
    piles = Piles.of(ballots, contest, continuing)
    votes = piles.votes
    winner: int | None = None
    why = ""
    action = Action.FIRST
    subjects: tuple[int, ...] = ()
    while True:
        elected: tuple[int, ...] = ()
        if winner is None:
            found = _majority(votes, continuing)
            if found is not None:
                winner, why = found
                elected = (winner,)
        note = "" if winner is None else (ELECTED_HERE if elected else AFTER)
        if winner is not None and (not two_candidate or len(continuing) <= 2):
            note = "" if elected else note
            sheet.stage(
                action, votes, piles.non_transferable, subjects=subjects, elected=elected, note=note
            )
            if elected:
                sheet.elect(elected[0], why)
            break
        fewest = min(votes[c] for c in continuing)
        tied = [c for c in continuing if votes[c] == fewest]
        loser, reason, by_lot = _fewest(sheet, tied, look_back)
        if winner is not None:
            reason = f"{reason}; {AFTER}"
        sheet.stage(
            action,
            votes,
            piles.non_transferable,
            subjects=subjects,
            elected=elected,
            excluded=(loser,),
            note=note,
        )
        if elected:
            sheet.elect(elected[0], why)
        sheet.exclude(loser, reason, by_lot=by_lot)
        number = sheet.next_stage
        for target, papers in piles.drop([loser])[loser].items():
            sheet.transfer(number, loser, target, papers, papers)
        continuing.remove(loser)
        action, subjects = Action.EXCLUSION, (loser,)
    notes = []
    last = sheet.stages[-1].number
    if winner is not None and sheet.stages[-1].elected != (winner,):
        at = next(d.stage for d in sheet.decisions if d.candidate == winner)
        notes.append(
            f"{contest.candidates[winner].name} elected at stage {at}; stages {at + 1} to "
            f"{last} come after the election, to the two-candidate-preferred count"
        )
    return sheet.finish(ballots.papers, None, options, notes)


register(
    RuleSet(
        name=NAME,
        title="Optional preferential vote, one seat (NSW Legislative Assembly)",
        family="alternative vote",
        law="Electoral Act 2017 (NSW), count of votes at an Assembly election "
        "(section or clause UNVERIFIED); earlier the Parliamentary Electorates and "
        "Elections Act 1912 (NSW)",
        in_force="New South Wales Legislative Assembly elections (the 2023 general election "
        "among them)",
        function=count_optional_preferential,
        needs="ballots",
        options=(
            Option(
                "two-candidate-preferred",
                True,
                "after the winner is found, keep excluding until two candidates remain, to "
                "report the two-candidate-preferred count (stages marked as after the election)",
            ),
            Option(
                "tie-look-back",
                "forward",
                "candidates equal on fewest votes: fewest at the first earlier stage where "
                "they differed (forward), at the most recent one (backward), or straight to "
                "lot (none); UNVERIFIED",
                choices=LOOK_BACKS,
            ),
        ),
        aliases=("nsw-la", "optional-preferential"),
    )
)
