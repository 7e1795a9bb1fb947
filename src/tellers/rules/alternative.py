"""The alternative vote (rule set ``av``) and the exhaustive ballot (``exhaustive``).

Purpose: the count the Parliamentary Voting System and Constituencies Act
2011 would have put into RPA 1983 Sch. 1 (spec 03 §3.3-3.4): new rule 45A
(papers go to their first preference; a candidate with more votes than all
the others together is elected; otherwise the candidate with fewest votes is
eliminated and each of their papers goes to its highest-ranked continuing
candidate, or is not reallocated), rule 49 (a tie for fewest votes is broken
by the first stage at which the tied candidates differed, looking forward from
the first preferences, and only if there has been an earlier elimination;
otherwise by lot) and rule 49A (the last two equal: the one with more votes at
the first stage at which they differed, else lot). The provisions never took
effect: the 5 May 2011 referendum did not approve them (PVSCA 2011 s. 8).

Also the exhaustive ballot of House of Commons Standing Order No. 1B (spec 03
§3.8): more than half of the votes cast in a ballot elects; otherwise the
candidate with fewest votes and every candidate with less than 5% of the votes
cast are dropped before the next ballot.

Design: papers are never counted one by one, nor even rankings. Ballots keep
their distinct rankings sorted, so the rankings that share a prefix form one
contiguous run, sorted in turn by the next preference. A candidate holds runs
(:class:`Piles`) and their paper totals come from prefix sums of the counts;
an elimination splits each of the loser's runs by the next preference with a
binary search per candidate found, so a count does work in proportion to the
distinct prefixes it visits, not to the papers or rankings (a million random
papers in 424,000 distinct rankings of 12 candidates take some 20,000
searches). Whole votes only; the non-transferable total is the running
number of papers "not reallocated".

The exhaustive ballot from ranked papers simulates fresh ballots: in each
round every paper votes for its highest-ranked continuing candidate (papers
ranking none of them abstain, shown as non-transferable). From declared
:class:`~tellers.core.model.Totals` it counts one ballot: the single stage
records either the winner or the candidates dropped before the next ballot;
candidates who withdrew before that ballot are the contest's withdrawn ones.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from itertools import accumulate
from operator import itemgetter, le

from ..core.count import NON_TRANSFERABLE, Action, Count
from ..core.lots import LotProvider
from ..core.model import Ballots, Contest, Election, Totals
from ..errors import RulesError
from .plurality import check_ballots
from .registry import Option, OptionValue, RuleSet, register
from .sheet import LookBack, Sheet

#: Runs of at most this many rankings are followed one ranking at a time.
SMALL = 16


class Piles:
    """The papers, each held by its highest-ranked continuing candidate.

    Distinct rankings are kept sorted, so the rankings that share a prefix are
    one contiguous run, itself sorted by the next preference. A candidate
    holds *runs* ``(lo, hi, depth)``: every ranking in ``rankings[lo:hi]`` has
    ``depth`` preferences for candidates no longer continuing and then that
    candidate. Taking a candidate out splits each of their runs by the
    preference after it, a binary search per candidate found, so large runs
    move whole. A run of a few rankings is broken up: the candidate then holds
    each of its rankings *singly*, with a pointer to the preference it counts
    for, which is cheaper to follow than to search. ``votes[c]`` is the number
    of papers candidate ``c`` holds; ``non_transferable`` counts papers that
    rank no continuing candidate.
    """

    def __init__(
        self, ballots: Ballots, candidates: int, continuing: Iterable[int], small: int = SMALL
    ) -> None:
        self.small = small
        rankings = ballots.rankings
        counts = ballots.counts
        try:
            firsts = list(map(itemgetter(0), rankings))
        except IndexError:  # a blank paper, refused by Piles.of
            firsts = [ranking[0] if ranking else -1 for ranking in rankings]
        if not all(map(le, firsts, firsts[1:])):
            # Ballots keep their rankings sorted; these were put together by hand
            order = sorted(range(len(rankings)), key=rankings.__getitem__)
            rankings = tuple(rankings[i] for i in order)
            counts = tuple(counts[i] for i in order)
        self.rankings = rankings
        self.counts = counts
        self._before = list(accumulate(counts, initial=0))  # papers in groups before i
        self.continuing = bytearray(candidates)
        for c in continuing:
            self.continuing[c] = 1
        self.runs: list[list[tuple[int, int, int]]] = [[] for _ in range(candidates)]
        self.singles: list[list[int]] = [[] for _ in range(candidates)]
        self.position = [0] * len(rankings)  # of a ranking held singly
        tally = [0] * (candidates + 1)
        self._split([(0, len(rankings), 0)], tally)
        self.votes = tally[:candidates]
        self.non_transferable = tally[candidates]

    @classmethod
    def of(cls, ballots: Ballots, contest: Contest, continuing: Iterable[int]) -> Piles:
        """The piles at the first stage, refusing papers no count may take."""
        if contest.withdrawn:
            check_ballots(ballots, contest)
        piles = cls(ballots, len(contest.candidates), continuing)
        if piles.non_transferable:
            raise RulesError(
                f"{piles.non_transferable} paper(s) have no first preference: such papers "
                "are rejected (unmarked or void for uncertainty) and are not counted"
            )
        return piles

    def _split(self, runs: list[tuple[int, int, int]], tally: list[int]) -> None:
        """Give the papers of ``runs`` to their next continuing candidates.

        The rankings of a run agree on their first ``depth`` preferences, all
        for candidates no longer continuing. Adds to ``tally`` the papers given
        to each candidate and, in its last slot, those ranking none continuing.
        """
        rankings = self.rankings
        before = self._before
        live = self.continuing
        held = self.runs
        width = len(live)
        small = self.small
        counts = self.counts
        position = self.position
        file = [pile.append for pile in self.singles]
        while runs:
            lo, hi, depth = runs.pop()
            if hi - lo <= small:  # hold each ranking singly (as in _follow)
                for group in range(lo, hi):
                    ranking = rankings[group]
                    place = depth
                    length = len(ranking)
                    while place < length and not live[ranking[place]]:
                        place += 1
                    if place < length:
                        c = ranking[place]
                        position[group] = place
                        file[c](group)
                        tally[c] += counts[group]
                    else:
                        tally[width] += counts[group]
                continue
            start = lo
            while lo < hi and len(rankings[lo]) == depth:  # no further preference
                lo += 1
            tally[width] += before[lo] - before[start]
            key = itemgetter(depth)
            while lo < hi:
                c = rankings[lo][depth]
                end = bisect_right(rankings, c, lo, hi, key=key)
                if live[c]:
                    held[c].append((lo, end, depth))
                    tally[c] += before[end] - before[lo]
                else:
                    runs.append((lo, end, depth + 1))
                lo = end

    def _follow(self, groups: Iterable[int], tally: list[int]) -> None:
        """Give each ranking held singly to its next continuing candidate."""
        rankings = self.rankings
        counts = self.counts
        live = self.continuing
        position = self.position
        file = [pile.append for pile in self.singles]
        width = len(live)
        for group in groups:
            ranking = rankings[group]
            place = position[group] + 1
            length = len(ranking)
            while place < length and not live[ranking[place]]:
                place += 1
            if place < length:
                c = ranking[place]
                position[group] = place
                file[c](group)
                tally[c] += counts[group]
            else:
                tally[width] += counts[group]

    def drop(self, losers: Sequence[int]) -> dict[int, dict[int, int]]:
        """Take ``losers`` out together and move their papers on.

        Returns, for each loser, the papers moved to each candidate (or to
        :data:`~tellers.core.count.NON_TRANSFERABLE`), omitting zeros.
        """
        for c in losers:
            self.continuing[c] = 0
        width = len(self.votes)
        moves: dict[int, dict[int, int]] = {}
        for loser in losers:
            tally = [0] * (width + 1)
            self._split([(lo, hi, depth + 1) for lo, hi, depth in self.runs[loser]], tally)
            self._follow(self.singles[loser], tally)
            self.runs[loser] = []
            self.singles[loser] = []
            self.votes[loser] = 0
            moved: dict[int, int] = {}
            for c in range(width):
                if tally[c]:
                    self.votes[c] += tally[c]
                    moved[c] = tally[c]
            if tally[width]:
                self.non_transferable += tally[width]
                moved[NON_TRANSFERABLE] = tally[width]
            moves[loser] = moved
        return moves


def _names(contest: Contest, candidates: Iterable[int]) -> str:
    names = [contest.candidates[c].name for c in sorted(candidates)]
    return " and ".join(", ".join(names).rsplit(", ", 1)) if names else ""


def _record_moves(sheet: Sheet, moves: Mapping[int, Mapping[int, int]]) -> None:
    """Record papers moved at the stage about to be written (whole votes)."""
    number = sheet.next_stage
    for source, moved in moves.items():
        for target, papers in moved.items():
            sheet.transfer(number, source, target, papers, papers)


def _separate(sheet: Sheet, tied: Sequence[int], *, lowest: bool) -> tuple[tuple[int, ...], int]:
    """Forward look-back over the stages recorded so far, narrowing the tie.

    Returns who is still tied at the extreme after the look-back and the
    stage that left one candidate (0 if none did).
    """
    group = tuple(sorted(tied))
    for before in range(2, sheet.next_stage + 1):
        group = sheet.look_back(tied, LookBack.FORWARD, lowest=lowest, before=before)
        if len(group) == 1:
            return group, before - 1
    return group, 0


def _at_stage(stage: int) -> str:
    return "first preferences" if stage == 1 else f"votes at stage {stage}"


def _one_loser(sheet: Sheet, tied: Sequence[int]) -> tuple[int, str, bool]:
    """Rule 49: which of the candidates tied for fewest votes is eliminated."""
    contest = sheet.contest
    others = _names(contest, tied)
    if len(tied) == 1:
        return tied[0], "fewest votes (rule 45A(3))", False
    group: tuple[int, ...] = tuple(sorted(tied))
    if sheet.next_stage > 1:  # an elimination has already taken place
        group, stage = _separate(sheet, tied, lowest=True)
        if len(group) == 1:
            reason = f"{others} equal on fewest votes; fewest {_at_stage(stage)} (rule 49)"
            return group[0], reason, False
    order = sheet.draw(group, "equality of fewest votes: whom to eliminate", favour="last")
    return order[-1], f"{others} equal on fewest votes; eliminated by lot (rule 49)", True


def _final_two(sheet: Sheet, tied: Sequence[int]) -> tuple[int, str, bool]:
    """Rule 49A: which of the last two, equal, is elected."""
    contest = sheet.contest
    others = _names(contest, tied)
    group: tuple[int, ...] = tuple(sorted(tied))
    if sheet.next_stage > 1:  # not a two-candidate election tied at the outset
        group, stage = _separate(sheet, tied, lowest=False)
        if len(group) == 1:
            reason = f"the last two, {others}, equal; more {_at_stage(stage)} (rule 49A)"
            return group[0], reason, False
    order = sheet.draw(group, "equality of the last two: whom to elect", favour="first")
    return order[0], f"the last two, {others}, equal; elected by lot (rule 49A)", True


def _elected(
    sheet: Sheet, votes: Sequence[int], continuing: Sequence[int]
) -> tuple[int, str, bool] | None:
    """Rule 45A(2) and rule 49A: who is elected at this stage, if anyone."""
    if len(continuing) == 1:
        return continuing[0], "the only continuing candidate", False
    allocated = sum(votes[c] for c in continuing)
    leader = max(continuing, key=lambda c: (votes[c], -c))
    if 2 * votes[leader] > allocated:
        why = "more votes than all the other continuing candidates together (rule 45A)"
        return leader, why, False
    if len(continuing) == 2:  # neither has more than the other: equal
        return _final_two(sheet, continuing)
    return None


def _ballots(election: Election, rules: str) -> Ballots:
    votes = election.votes
    if not isinstance(votes, Ballots):
        raise RulesError(f"rule set {rules} counts ballot papers, not declared totals")
    return votes


def _single_seat(contest: Contest, rules: str) -> tuple[int, ...]:
    if contest.seats != 1:
        raise RulesError(f"rule set {rules} elects one member, not {contest.seats}")
    if not contest.standing:
        raise RulesError(f"nobody stands in {contest.name}")
    return contest.standing


def count_alternative(
    election: Election, options: Mapping[str, OptionValue], lots: LotProvider
) -> Count:
    contest = election.contest
    continuing = list(_single_seat(contest, "av"))
    ballots = _ballots(election, "av")
    multiple = bool(options.get("multiple-elimination", False))
    sheet = Sheet(contest, "av", 0, lots)
    piles = Piles.of(ballots, contest, continuing)
    votes = piles.votes
    action = Action.FIRST
    subjects: tuple[int, ...] = ()
    while True:
        elected = _elected(sheet, votes, continuing)
        if elected is not None:
            winner, reason, by_lot = elected
            sheet.stage(action, votes, piles.non_transferable, subjects=subjects, elected=(winner,))
            sheet.elect(winner, reason, by_lot=by_lot)
            break
        fewest = min(votes[c] for c in continuing)
        tied = [c for c in continuing if votes[c] == fewest]
        if multiple and len(tied) < len(continuing):
            losers = tied
            why = (
                "fewest votes (multiple elimination)"
                if len(tied) > 1
                else "fewest votes (rule 45A(3))"
            )
            decided = [(c, why, False) for c in tied]
        else:
            decided = [_one_loser(sheet, tied)]
            losers = [decided[0][0]]
        sheet.stage(
            action, votes, piles.non_transferable, subjects=subjects, excluded=sorted(losers)
        )
        for c, why, by_lot in decided:
            sheet.exclude(c, why, by_lot=by_lot)
        _record_moves(sheet, piles.drop(sorted(losers)))
        continuing = [c for c in continuing if c not in losers]
        action = Action.EXCLUSION
        subjects = tuple(sorted(losers))
    notes = ["never in force: the PVSCA 2011 rules lapsed when the 2011 referendum said no"]
    if multiple:
        notes.append("candidates equal on fewest votes eliminated together (hoc-ranked variant)")
    return sheet.finish(ballots.papers, None, options, notes)


def _round(
    sheet: Sheet,
    votes: Sequence[int],
    continuing: Sequence[int],
    threshold: int,
    fewest_tie: str,
) -> tuple[int | None, list[tuple[int, str, bool]]]:
    """One ballot of SO 1B: the winner, or who is dropped before the next ballot."""
    contest = sheet.contest
    cast = sum(votes[c] for c in continuing)
    leader = max(continuing, key=lambda c: (votes[c], -c))
    if len(continuing) == 1 or 2 * votes[leader] > cast:
        return leader, []
    below = [c for c in continuing if 100 * votes[c] < threshold * cast]
    if len(below) == len(continuing):
        below = []  # the limb would leave nobody: drop only the fewest
    limb = f"less than {threshold}% of the votes cast"
    dropped: dict[int, tuple[str, bool]] = {c: (limb, False) for c in below}
    fewest = min(votes[c] for c in continuing)
    tied = [c for c in continuing if votes[c] == fewest]
    equal = f"fewest votes ({_names(contest, tied)} equal)"
    if len(tied) == 1:
        c = tied[0]
        dropped[c] = (f"fewest votes and {limb}" if c in dropped else "fewest votes", False)
    elif set(tied) <= set(below):  # all of them go anyway: no lot is needed
        for c in tied:
            dropped[c] = (f"{equal} and {limb}", False)
    elif fewest_tie == "all" and len(tied) < len(continuing):
        for c in tied:
            dropped[c] = (equal, False)
    else:
        order = sheet.draw(tied, "equality of fewest votes: whom to drop", favour="last")
        dropped[order[-1]] = (f"{equal}; dropped by lot", True)
    return None, [(c, why, lot) for c, (why, lot) in sorted(dropped.items())]


def count_exhaustive(
    election: Election, options: Mapping[str, OptionValue], lots: LotProvider
) -> Count:
    contest = election.contest
    continuing = list(_single_seat(contest, "exhaustive"))
    threshold = int(options.get("threshold-percent", 5))
    fewest_tie = str(options.get("fewest-tie", "lot"))
    if not 0 <= threshold <= 100:
        raise RulesError(f"threshold-percent must be between 0 and 100, not {threshold}")
    sheet = Sheet(contest, "exhaustive", 0, lots)
    votes: list[int]
    piles: Piles | None = None
    if isinstance(election.votes, Ballots):
        ballots = election.votes
        ranked = Piles.of(ballots, contest, continuing)
        piles, votes, papers = ranked, ranked.votes, ballots.papers
    else:
        if not isinstance(election.votes, Totals):
            raise RulesError("this rule set counts ballot papers or declared totals")
        votes = list(election.votes.votes)
        if len(votes) != len(contest.candidates):
            raise RulesError(f"{len(votes)} vote totals for {len(contest.candidates)} candidates")
        for c in contest.withdrawn:
            if votes[c]:
                raise RulesError(f"{contest.candidates[c].name} withdrew but has {votes[c]} votes")
        papers = sum(votes)
        if election.votes.papers is not None and election.votes.papers != papers:
            raise RulesError(
                f"{election.votes.papers} valid papers but {papers} votes: "
                "each paper in an exhaustive ballot carries one vote"
            )
    subjects: tuple[int, ...] = ()
    notes: list[str] = []
    while True:
        ballot = sheet.next_stage
        non_transferable = piles.non_transferable if piles else 0
        winner, dropped = _round(sheet, votes, continuing, threshold, fewest_tie)
        if winner is not None:
            sheet.stage(
                Action.COUNT,
                votes,
                non_transferable,
                subjects=subjects,
                elected=(winner,),
                note=f"ballot {ballot}",
            )
            if len(continuing) == 1:
                sheet.elect(winner, "the only candidate left (SO 1B)")
            else:
                sheet.elect(winner, "more than half of the votes cast (SO 1B)")
            break
        losers = [c for c, _, _ in dropped]
        sheet.stage(
            Action.COUNT,
            votes,
            non_transferable,
            subjects=subjects,
            excluded=losers,
            note=f"ballot {ballot}",
        )
        for c, why, by_lot in dropped:
            sheet.exclude(c, why + " (SO 1B)", by_lot=by_lot)
        if piles is None:
            notes.append("one ballot counted: the candidates excluded are dropped before the next")
            break
        _record_moves(sheet, piles.drop(losers))
        continuing = [c for c in continuing if c not in losers]
        subjects = tuple(losers)
    if piles is not None:
        notes.append(
            "each later ballot simulated from the ranked papers: a paper votes for its "
            "highest-ranked continuing candidate; papers ranking none abstain"
        )
    return sheet.finish(papers, None, options, notes)


register(
    RuleSet(
        name="av",
        title="Alternative vote (the 2011 referendum proposal for the House of Commons)",
        family="alternative vote",
        law="PVSCA 2011 s. 9 and Sch. 10: RPA 1983 Sch. 1 new rules 45A, 49, 49A (never commenced)",
        in_force="never in force: to commence only after a Yes vote in the 5 May 2011 "
        "referendum, which rejected it (PVSCA 2011 s. 8)",
        function=count_alternative,
        needs="ballots",
        options=(
            Option(
                "multiple-elimination",
                False,
                "eliminate together all candidates equal on fewest votes (the hoc-ranked "
                "variant, spec 03 §3.1; UNVERIFIED) instead of breaking the tie by rule 49",
            ),
        ),
        aliases=("uk-av-2011", "irv"),
        notes=(
            "non-statutory-in-force: the rules were never commenced and are counted here "
            "as documented in spec 03",
        ),
    )
)

register(
    RuleSet(
        name="exhaustive",
        title="Exhaustive ballot (election of the Speaker of the House of Commons)",
        family="alternative vote",
        law="House of Commons Standing Order No. 1B",
        in_force="House of Commons Speaker elections, to date (the 'fewest' and '5%' limbs "
        "UNVERIFIED against the current text)",
        function=count_exhaustive,
        needs="ballots or totals",
        options=(
            Option(
                "threshold-percent",
                5,
                "drop every candidate with less than this percentage of the votes cast "
                "(spec 03 §3.8; UNVERIFIED)",
            ),
            Option(
                "fewest-tie",
                "lot",
                "candidates equal on fewest votes: drop one chosen by lot, or drop them all "
                "(spec 03 §3.8; UNVERIFIED)",
                choices=("lot", "all"),
            ),
        ),
        aliases=("exhaustive-ballot",),
    )
)
