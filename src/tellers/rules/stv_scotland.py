"""STV at Scottish local government elections (rule set ``scot-2011``).

Purpose: the count of the Scottish Local Government Elections Order 2011
(SSI 2011/399) Sch. 1 rules 46–53 (spec 04), the weighted inclusive Gregory
method to five decimal places:

* rule 46: first preferences; rule 47: quota ⌊valid / (seats + 1)⌋ + 1;
* rule 48: at the end of every stage each continuing candidate with votes equal
  to or above the quota is deemed elected;
* rules 49–50: one surplus per stage, the largest first (equal surpluses: the
  candidate with more votes at the most recent preceding stage where they
  differed, else lot). *All* the elected candidate's papers move; a paper of
  value v gets ``trunc5(surplus × v / total)``; the candidate keeps exactly the
  quota. No deferral: every surplus is transferred while a vacancy remains;
* rules 51–52: otherwise the lowest continuing candidate is excluded, one per
  stage, all papers at the values they came with (equal lowest: the fewest
  votes at the most recent preceding stage where they differed, else lot);
* rule 53: when as many continuing candidates remain as vacancies, all are
  deemed elected at once, with no further stage (as the councils' 2017 and
  2022 sheets show). The count stops when the seats are filled; a surplus then
  held is not transferred.

Design: the papers are kept per distinct ranking (:class:`~.stv.Papers`), so a
ward of ~5,000 papers is counted by moving ~1,500 groups, each new value being
computed once per distinct old value, in integer units of 10^-5. Value lost on
papers with no next preference goes to the non-transferable pile; the
truncation remainder of a surplus goes to loss to rounding, so at every stage
the votes, the non-transferable total and the loss add up to the valid papers.
Withdrawn candidates are skipped on every paper; a paper naming nobody else is
not counted. Option ``truncation`` chooses between the two readings of rule 49's
five-place instruction (spec 4.7, UNVERIFIED): ``quotient`` truncates
surplus × value / total once; ``product`` first truncates surplus × value to
five places. A lot drawn to settle a tie is recorded on the stage at whose end
the tie was found.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from ..core.count import LOSS_TO_ROUNDING, NON_TRANSFERABLE, Action, Count
from ..core.lots import LotProvider
from ..core.model import Ballots, Election
from ..errors import RulesError
from .registry import Option, OptionValue, RuleSet, register
from .sheet import LookBack, Sheet
from .stv import Move, Papers, droop_quota

NAME = "scot-2011"
PLACES = 5
UNIT: int = 10**PLACES


def count_scotland(
    election: Election, options: Mapping[str, OptionValue], lots: LotProvider
) -> Count:
    """Count ``election`` under SSI 2011/399 Sch. 1 rules 46–53."""
    ballots = election.votes
    if not isinstance(ballots, Ballots):
        raise RulesError(f"rule set {NAME} counts ballot papers, not declared totals")
    truncation = str(options.get("truncation", "quotient"))
    if truncation not in ("quotient", "product"):
        raise RulesError(f"option truncation takes quotient or product, not {truncation!r}")
    return _Count(election, ballots, truncation, lots).run(options)


class _Count:
    """One count in progress: the papers, the sheet and who stands where."""

    def __init__(
        self, election: Election, ballots: Ballots, truncation: str, lots: LotProvider
    ) -> None:
        contest = election.contest
        self.contest = contest
        self.truncation = truncation
        self.n = len(contest.candidates)
        self.papers = Papers(ballots, self.n, contest.withdrawn, UNIT)
        self.valid = ballots.papers - self.papers.void
        self.quota = droop_quota(self.valid, contest.seats) * UNIT
        self.sheet = Sheet(contest, NAME, PLACES, lots)
        self.continuing = list(contest.standing)
        self.elected: list[int] = []
        self.pending: list[int] = []  # elected with a surplus not yet transferred
        self.loss = 0
        self.notes: list[str] = []
        if self.papers.void:
            self.notes.append(
                f"{self.papers.void} papers gave preferences only to withdrawn "
                "candidates and were not counted"
            )

    # -- the count ---------------------------------------------------------------
    def run(self, options: Mapping[str, OptionValue]) -> Count:
        seats = self.contest.seats
        self._record(Action.FIRST, (), ())
        while len(self.elected) < seats and self.continuing:
            if self.pending:
                self._transfer_surplus(self._next_surplus())
            else:
                self._exclude(*self._lowest())
        if len(self.contest.standing) < seats:
            self.notes.append("fewer candidates than seats: every candidate is elected")
        return self.sheet.finish(self.valid * UNIT, self.quota, options, self.notes)

    def _record(
        self,
        action: Action,
        subjects: Sequence[int],
        moves: Sequence[Move],
        *,
        excluded: Sequence[int] = (),
        by_lot: bool = False,
        lost: int = 0,
    ) -> None:
        """Elect at the quota (rule 48) or to the last vacancies (rule 53), then
        write the stage, its decisions and its transfers."""
        tally = self.papers.tally
        quota = self.quota
        reached = [c for c in self.continuing if tally[c] >= quota]
        reached.sort(key=lambda c: (-tally[c], c))
        for c in reached:
            self.continuing.remove(c)
            self.papers.continuing[c] = False
            self.elected.append(c)
            if tally[c] > quota:
                self.pending.append(c)
        last: list[int] = []
        vacancies = self.contest.seats - len(self.elected)
        if 0 < len(self.continuing) <= vacancies:
            last = sorted(self.continuing, key=lambda c: (-tally[c], c))
            self.elected.extend(last)
            self.continuing.clear()
            for c in last:
                self.papers.continuing[c] = False
        sheet = self.sheet
        exhausted = self.papers.exhausted
        stage = sheet.stage(
            action,
            tally[:exhausted],
            tally[exhausted],
            self.loss,
            subjects=subjects,
            elected=reached + last,
            excluded=excluded,
            transfer_values=sorted({m.value for m in moves}, reverse=True),
        )
        for c in excluded:
            reason = "lowest votes; equal lowest, decided by lot" if by_lot else "lowest votes"
            sheet.exclude(c, reason, by_lot=by_lot)
        for c in reached:
            sheet.elect(c, "reached the quota")
        for c in last:
            sheet.elect(c, "last vacancies: as many continuing candidates as seats left")
        if moves:
            self._transfers(stage.number, subjects[0], moves)
        if lost:
            sheet.transfer(stage.number, subjects[0], LOSS_TO_ROUNDING, 0, lost)

    def _transfers(self, stage: int, source: int, moves: Sequence[Move]) -> None:
        sheet = self.sheet
        exhausted = self.papers.exhausted
        i = 0
        while i < len(moves):
            target = moves[i].target
            j = i
            papers = units = 0
            while j < len(moves) and moves[j].target == target:
                papers += moves[j].papers
                units += moves[j].papers * moves[j].value
                j += 1
            value = moves[i].value if j == i + 1 else None
            node = NON_TRANSFERABLE if target == exhausted else target
            sheet.transfer(stage, source, node, papers, units, value)
            i = j

    # -- surpluses (rules 49 and 50) ---------------------------------------------------
    def _next_surplus(self) -> int:
        """The largest surplus; equal ones by the most recent stage where they differed."""
        tally = self.papers.tally
        top = max(tally[c] for c in self.pending)
        tied = [c for c in self.pending if tally[c] == top]
        if len(tied) > 1:
            tied = list(self.sheet.look_back(tied, LookBack.BACKWARD, lowest=False))
        if len(tied) > 1:
            stage = len(self.sheet.stages)
            order = self.sheet.draw(
                tied,
                f"order of surpluses: equal surpluses, equal votes at stage {stage} "
                "and at every earlier stage",
                favour="first",
                stage=stage,
            )
            self.sheet.attach_pending_lots()
            return order[0]
        return tied[0]

    def _transfer_surplus(self, source: int) -> None:
        self.pending.remove(source)
        tally = self.papers.tally
        total = tally[source]
        surplus = total - self.quota
        revalue: Callable[[int], int]
        if self.truncation == "quotient":

            def revalue(value: int) -> int:
                return surplus * value // total

        else:

            def revalue(value: int) -> int:
                return surplus * value // UNIT * UNIT // total

        moves = self.papers.transfer(source, revalue)
        tally[source] = self.quota
        moved = sum(m.papers * m.value for m in moves)
        lost = surplus - moved
        self.loss += lost
        self._record(Action.SURPLUS, (source,), moves, lost=lost)

    # -- exclusions (rules 51 and 52) --------------------------------------------------
    def _lowest(self) -> tuple[int, bool]:
        """The continuing candidate to exclude, and whether a lot decided it."""
        tally = self.papers.tally
        low = min(tally[c] for c in self.continuing)
        tied = [c for c in self.continuing if tally[c] == low]
        if len(tied) > 1:
            tied = list(self.sheet.look_back(tied, LookBack.BACKWARD, lowest=True))
        if len(tied) > 1:
            stage = len(self.sheet.stages)
            order = self.sheet.draw(
                tied,
                f"exclusion: equal lowest votes at stage {stage} and at every earlier stage",
                favour="last",
                stage=stage,
            )
            self.sheet.attach_pending_lots()
            return order[-1], True
        return tied[0], False

    def _exclude(self, source: int, by_lot: bool) -> None:
        self.continuing.remove(source)
        self.papers.continuing[source] = False
        moves = self.papers.transfer(source)
        self.papers.tally[source] = 0
        self._record(Action.EXCLUSION, (source,), moves, excluded=(source,), by_lot=by_lot)


register(
    RuleSet(
        name=NAME,
        title="STV, Scottish local government elections (weighted inclusive Gregory, 5 d.p.)",
        family="stv",
        law="SSI 2011/399 Sch. 1 rules 46–53",
        in_force="Scottish local government elections from 2012 (SSI 2007/42 for 2007)",
        function=count_scotland,
        places=PLACES,
        needs="ballots",
        options=(
            Option(
                "truncation",
                "quotient",
                "rule 49's five decimal places: truncate surplus × value / total once "
                "(quotient) or truncate surplus × value first (product); spec 4.7, UNVERIFIED",
                choices=("quotient", "product"),
            ),
        ),
        aliases=("scottish-stv", "scotland"),
    )
)
