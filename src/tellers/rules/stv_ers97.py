"""ERS97 STV (rule set ``ers97``): the Electoral Reform Society's rules, 3rd ed. 1997.

Purpose: the count of *How to conduct an election by the Single Transferable
Vote* (ERS97) §§5–6 as spec 06 Part B reads it, in hundredths of a vote:

* quota (§5.1.6): valid papers / (places + 1) to two places: exact if it
  divides, otherwise truncated and 0.01 added. While nobody has been elected,
  the quota is recalculated in the same way whenever papers have become
  non-transferable, ignoring them (§5.4.8);
* election (§§5.1.7, 5.4.9): after every stage, continuing candidates are
  considered highest first and elected, up to the places left, if their votes
  equal or exceed (a) the quota or (b) the total active vote (continuing
  candidates' votes plus surpluses awaiting transfer) divided by one more than
  the places left. Candidates with equal votes competing for too few places:
  the one with more votes at the first stage, or at the earliest later stage
  where they differed, is preferred; if they were equal throughout, none of
  them is elected at that stage (§5.6.2);
* surpluses (§§5.2.2–5.3): the largest first (equal: forward look-back, then
  lot, §5.2.3), unless the total of all surpluses does not exceed (a) the
  difference between the two lowest continuing candidates or (b) the gap
  between the candidates who could be excluded together (§5.2.5) and the
  candidate next above them — then they are deferred (§5.2.2). A surplus from
  the first stage carries all the candidate's papers; a later one only the last
  batch received (§§5.3.1–5.3.2). If the transferable papers of that batch are
  worth more than the surplus, each moves at trunc2(surplus / transferable
  papers), and the difference lost by truncation is recorded as loss to
  rounding; otherwise each moves at its present value and the rest of the
  surplus is non-transferable (§5.3.7). ERS97's result sheet prints the two
  together in its non-transferable column (§§5.3.9, 6.11);
* exclusion (§§5.2.5, 5.4): as many of the lowest candidates together as
  possible, provided enough candidates remain to fill the places and their
  votes plus the deferred surpluses do not exceed the vote of the candidate
  next above; otherwise the lowest alone (equal lowest: forward look-back, then
  lot). Their papers move in batches by value, highest first, one stage a
  batch; after each batch the election test is applied and newly elected
  candidates receive no further papers (§5.4.10);
* completion (§5.5): if an exclusion would leave only as many continuing
  candidates as places, the candidates are excluded without transfer and the
  rest are deemed elected; likewise whenever, after a stage, no more
  candidates continue than places remain. When all places are filled the count
  stops; surpluses then held are not transferred.

Design: the papers are kept per distinct ranking (:class:`~.stv.Papers`) in
integer units of 0.01. The count remembers, per stage, how many parcels each
candidate held before it, so an elected candidate's last batch is the parcels
received at the stage that elected them. The non-transferable pile is the
``exhausted`` tally of :class:`~.stv.Papers`, corrected after a surplus (whose
non-transferable papers stay with the quota). Deferred surpluses are recorded
on each stage at which they were deferred.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from ..core.count import Action, Count
from ..core.lots import LotProvider
from ..core.model import Ballots, Election
from .registry import OptionValue, RuleSet, register
from .sheet import LookBack, Sheet
from .stv import (
    Elected,
    Move,
    Papers,
    ballots_of,
    highest,
    highest_first,
    last_vacancies,
    pick,
    record_stage,
    untransferred,
    void_notes,
)

NAME = "ers97"
PLACES = 2
UNIT: int = 10**PLACES
FORWARD = LookBack.FORWARD


def ers97_quota(units: int, seats: int) -> int:
    """``units`` / (seats + 1) to two places: exact, or truncated plus 0.01 (§5.1.6)."""
    return -(-units // (seats + 1))


def count_ers97(election: Election, options: Mapping[str, OptionValue], lots: LotProvider) -> Count:
    """Count ``election`` under the ERS97 rules (spec 06 Part B)."""
    return _Count(election, ballots_of(election, NAME), lots).run(options)


class _Count:
    """One ERS97 count in progress."""

    def __init__(self, election: Election, ballots: Ballots, lots: LotProvider) -> None:
        contest = election.contest
        self.contest = contest
        self.seats = contest.seats
        self.n = len(contest.candidates)
        self.papers = Papers(ballots, self.n, contest.withdrawn, UNIT)
        self.valid = ballots.papers - self.papers.void
        self.quota = ers97_quota(self.valid * UNIT, self.seats)
        self.sheet = Sheet(contest, NAME, PLACES, lots)
        self.continuing = list(contest.standing)
        self.elected: list[int] = []
        self.pending: list[int] = []  # elected with a surplus not yet transferred
        self.last_batch: dict[int, int] = {}
        self.held = [0] * (self.n + 1)
        self.loss = 0
        self.notes = void_notes(self.papers.void)

    @property
    def vacancies(self) -> int:
        return self.seats - len(self.elected)

    def _surpluses(self) -> int:
        return untransferred(self.papers.tally, self.pending, self.quota)

    # -- the count ---------------------------------------------------------------
    def run(self, options: Mapping[str, OptionValue]) -> Count:
        self._record(Action.FIRST, (), {})
        while self.vacancies > 0 and self.continuing:
            self.held = [len(p) for p in self.papers.parcels]
            if self.pending and not self._defer():
                self._transfer_surplus(self._largest_surplus())
            else:
                self._exclude()
        if len(self.contest.standing) < self.seats:
            self.notes.append("fewer candidates than places: every candidate is elected")
        return self.sheet.finish(self.valid * UNIT, self.quota, options, self.notes)

    # -- election (§§5.1.7, 5.4.8, 5.4.9, 5.6.2) ----------------------------------------
    def _elect(self) -> tuple[list[int], list[int], str]:
        """Apply the election test; return those elected on it, those elected to the last
        places, and a note of a recalculated quota."""
        papers = self.papers
        tally = papers.tally
        note = ""
        lost = tally[papers.exhausted]
        if not self.elected and lost:
            quota = ers97_quota(self.valid * UNIT - lost, self.seats)
            if quota != self.quota:
                note = (
                    "quota recalculated without the non-transferable papers (§5.4.8): "
                    f"{self.sheet.value(quota)}"
                )
                self.quota = quota
        vacancies = self.vacancies
        active = sum(tally[c] for c in self.continuing) + self._surpluses()
        quota = self.quota
        qualified = [
            c
            for c in self.continuing
            if tally[c] >= quota or (tally[c] > 0 and tally[c] * (vacancies + 1) >= active)
        ]
        qualified.sort(key=lambda c: (-tally[c], c))
        # equal throughout: none of them is elected at this stage (no lot)
        qualified, _ = highest(self.sheet, qualified, tally, vacancies, FORWARD, None)
        for c in qualified:
            self._mark(c)
            self.last_batch[c] = self.held[c]
            if tally[c] > quota:
                self.pending.append(c)
        last = last_vacancies(self.continuing, self.vacancies, tally)
        for c in last:
            self._mark(c)
        return qualified, last, note

    def _mark(self, c: int) -> None:
        self.continuing.remove(c)
        self.papers.continuing[c] = False
        self.elected.append(c)

    def _record(
        self,
        action: Action,
        subjects: Sequence[int],
        moves: Mapping[int, Sequence[Move]],
        *,
        excluded: Sequence[int] = (),
        by_lot: bool = False,
        lost: int = 0,
        set_aside: int = 0,
        deferred: Sequence[int] = (),
        transfer_values: Sequence[int] = (),
        elect: bool = True,
        last_places: Sequence[int] = (),
    ) -> None:
        reached, last, note = self._elect() if elect else ([], list(last_places), "")
        tally = self.papers.tally
        elected: list[Elected] = [
            (c, "reached the quota" if tally[c] >= self.quota else "active-vote threshold", False)
            for c in reached
        ]
        elected += [
            (c, "last places: as many continuing candidates as places left", False) for c in last
        ]
        record_stage(
            self.sheet,
            action,
            tally,
            self.papers.exhausted,
            self.loss,
            subjects=subjects,
            elected=elected,
            excluded=excluded,
            by_lot=by_lot,
            moves=moves,
            transfer_values=transfer_values or None,
            lost=lost,
            set_aside=set_aside,
            deferred=deferred,
            note=note,
        )

    # -- surpluses (§§5.2.2–5.3) -------------------------------------------------------
    def _defer(self) -> bool:
        """Whether every surplus is deferred (§5.2.2)."""
        if len(self.continuing) < 2:
            return False
        tally = self.papers.tally
        total = self._surpluses()
        ordered = sorted(tally[c] for c in self.continuing)
        if total <= ordered[1] - ordered[0]:
            return True
        group = self._bulk(total)
        if group:
            above = ordered[len(group)]
            return total <= above - sum(tally[c] for c in group)
        return False

    def _largest_surplus(self) -> int:
        return pick(
            self.sheet,
            self.pending,
            self.papers.tally,
            lowest=False,
            look_back=FORWARD,
            purpose="order of surpluses: equal surpluses, equal votes at stage {stage} "
            "and at every earlier stage",
        )[0]

    def _transfer_surplus(self, source: int) -> None:
        self.pending.remove(source)
        papers = self.papers
        tally = papers.tally
        surplus = tally[source] - self.quota
        batch = papers.parcels[source][self.last_batch.get(source, 0) :]
        count, worth = papers.transferable(batch)
        revalue: Callable[[int], int] | None = None
        tv = 0
        if worth > surplus:
            tv = surplus // count

            def revalue(value: int) -> int:
                return tv

        moves = papers.transfer(source, revalue, batch)
        exhausted = papers.exhausted
        # papers with no next preference stay with the quota
        tally[exhausted] -= sum(m.papers * m.value for m in moves if m.target == exhausted)
        moves = [m for m in moves if m.target != exhausted]
        moved = sum(m.papers * m.value for m in moves)
        tally[source] = self.quota
        lost = set_aside = 0
        if revalue is not None:
            lost = surplus - moved
            self.loss += lost
        else:
            set_aside = surplus - moved
            tally[exhausted] += set_aside
        self._record(
            Action.SURPLUS,
            (source,),
            {source: moves},
            lost=lost,
            set_aside=set_aside,
            transfer_values=(tv,) if revalue is not None else (),
        )

    # -- exclusion (§§5.2.5, 5.4, 5.5.1) -----------------------------------------------
    def _bulk(self, surpluses: int) -> list[int]:
        """The largest group (two or more) of lowest candidates that may be excluded together."""
        tally = self.papers.tally
        ordered = sorted(self.continuing, key=lambda c: (tally[c], c))
        best: list[int] = []
        running = tally[ordered[0]] if ordered else 0
        for k in range(2, len(ordered) - self.vacancies + 1):
            running += tally[ordered[k - 1]]
            below, above = tally[ordered[k - 1]], tally[ordered[k]]
            if below < above and running + surpluses <= above:
                best = ordered[:k]
        return best

    def _exclude(self) -> None:
        tally = self.papers.tally
        deferred = tuple(self.pending)
        group = self._bulk(self._surpluses())
        by_lot = False
        if not group:
            loser, by_lot = pick(
                self.sheet,
                self.continuing,
                tally,
                lowest=True,
                look_back=FORWARD,
                purpose="exclusion: equal lowest votes at stage {stage} and at every earlier stage",
            )
            group = [loser]
        group.sort()
        for c in group:
            self.continuing.remove(c)
            self.papers.continuing[c] = False
        if len(self.continuing) <= self.vacancies:
            # §5.5.1: the rest are deemed elected; no transfer is needed
            rest = highest_first(self.continuing, tally)
            for c in rest:
                self._mark(c)
            self._record(
                Action.EXCLUSION,
                group,
                {},
                excluded=group,
                by_lot=by_lot,
                deferred=deferred,
                elect=False,
                last_places=rest,
            )
            return
        values: list[int | None] = []
        values.extend(sorted({v for c in group for v, _ in self.papers.parcels[c]}, reverse=True))
        first = True
        for value in values or [None]:  # a candidate without papers: one empty stage
            if self.vacancies == 0:
                break
            self.held = [len(p) for p in self.papers.parcels]
            moves: dict[int, list[Move]] = {}
            for c in group:
                batch = [p for p in self.papers.parcels[c] if p[0] == value]
                if not batch:
                    continue
                moved = self.papers.transfer(c, None, batch)
                tally[c] -= sum(m.papers * m.value for m in moved)
                moves[c] = moved
            self._record(
                Action.EXCLUSION,
                group,
                moves,
                excluded=group if first else (),
                by_lot=by_lot,
                deferred=deferred,
                transfer_values=() if value is None else (value,),
            )
            first = False


register(
    RuleSet(
        name=NAME,
        title="STV, Electoral Reform Society rules (ERS97), 2 d.p.",
        family="stv",
        law="none (Electoral Reform Society, How to conduct an election by the Single "
        "Transferable Vote, 3rd ed. 1997, §§5–6)",
        in_force="organisations' and students' unions' elections",
        function=count_ers97,
        places=PLACES,
        needs="ballots",
        options=(),
    )
)
