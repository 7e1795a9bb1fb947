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

from ..core.count import LOSS_TO_ROUNDING, NON_TRANSFERABLE, Action, Count
from ..core.lots import LotProvider
from ..core.model import Ballots, Election
from ..errors import RulesError
from .registry import OptionValue, RuleSet, register
from .sheet import LookBack, Sheet
from .stv import Move, Papers

NAME = "ers97"
PLACES = 2
UNIT: int = 10**PLACES
FORWARD = LookBack.FORWARD


def ers97_quota(units: int, seats: int) -> int:
    """``units`` / (seats + 1) to two places: exact, or truncated plus 0.01 (§5.1.6)."""
    return -(-units // (seats + 1))


def count_ers97(election: Election, options: Mapping[str, OptionValue], lots: LotProvider) -> Count:
    """Count ``election`` under the ERS97 rules (spec 06 Part B)."""
    ballots = election.votes
    if not isinstance(ballots, Ballots):
        raise RulesError(f"rule set {NAME} counts ballot papers, not declared totals")
    return _Count(election, ballots, lots).run(options)


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
        self.notes: list[str] = []
        if self.papers.void:
            self.notes.append(
                f"{self.papers.void} papers gave preferences only to withdrawn "
                "candidates and were not counted"
            )

    @property
    def vacancies(self) -> int:
        return self.seats - len(self.elected)

    def _surpluses(self) -> int:
        tally = self.papers.tally
        return sum(tally[c] - self.quota for c in self.pending)

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
        if len(qualified) > vacancies:
            edge = tally[qualified[vacancies - 1]]
            chosen = [c for c in qualified if tally[c] > edge]
            remaining = [c for c in qualified if tally[c] == edge]
            while len(chosen) < vacancies:
                top = self.sheet.look_back(
                    remaining, FORWARD, lowest=False, before=self.sheet.next_stage
                )
                if len(top) > vacancies - len(chosen):
                    break  # equal throughout: none of them is elected at this stage
                chosen.extend(sorted(top))
                remaining = [c for c in remaining if c not in top]
            qualified = chosen
        for c in qualified:
            self._mark(c)
            self.last_batch[c] = self.held[c]
            if tally[c] > quota:
                self.pending.append(c)
        last: list[int] = []
        if 0 < len(self.continuing) <= self.vacancies:
            last = sorted(self.continuing, key=lambda c: (-tally[c], c))
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
        sheet = self.sheet
        tally = self.papers.tally
        exhausted = self.papers.exhausted
        values = transfer_values or sorted(
            {m.value for ms in moves.values() for m in ms}, reverse=True
        )
        stage = sheet.stage(
            action,
            tally[:exhausted],
            tally[exhausted],
            self.loss,
            subjects=subjects,
            elected=reached + last,
            excluded=excluded,
            transfer_values=values,
            deferred=deferred,
            note=note,
        )
        for c in excluded:
            reason = "lowest votes; equal lowest, decided by lot" if by_lot else "lowest votes"
            sheet.exclude(c, reason, by_lot=by_lot)
        for c in reached:
            why = "reached the quota" if tally[c] >= self.quota else "active-vote threshold"
            sheet.elect(c, why)
        for c in last:
            sheet.elect(c, "last places: as many continuing candidates as places left")
        for source, ms in moves.items():
            self._transfers(stage.number, source, ms)
        if lost:
            sheet.transfer(stage.number, subjects[0], LOSS_TO_ROUNDING, 0, lost)
        if set_aside:
            sheet.transfer(stage.number, subjects[0], NON_TRANSFERABLE, 0, set_aside)

    def _transfers(self, stage: int, source: int, moves: Sequence[Move]) -> None:
        sheet = self.sheet
        exhausted = self.papers.exhausted
        totals: dict[int, tuple[int, int, set[int]]] = {}
        for m in moves:
            papers, units, values = totals.get(m.target, (0, 0, set()))
            totals[m.target] = (papers + m.papers, units + m.papers * m.value, values | {m.value})
        for target, (papers, units, values) in totals.items():
            node = NON_TRANSFERABLE if target == exhausted else target
            value = next(iter(values)) if len(values) == 1 else None
            sheet.transfer(stage, source, node, papers, units, value)

    # -- ties ----------------------------------------------------------------------------
    def _pick(self, tied: Sequence[int], *, lowest: bool, purpose: str) -> tuple[int, bool]:
        """Forward look-back, then lot: the candidate to exclude (lowest) or transfer first."""
        group = list(self.sheet.look_back(tied, FORWARD, lowest=lowest)) if len(tied) > 1 else []
        if len(tied) == 1:
            return tied[0], False
        if len(group) == 1:
            return group[0], False
        order = self.sheet.draw(group, purpose, favour="last" if lowest else "first")
        self.sheet.attach_pending_lots()
        return (order[-1] if lowest else order[0]), True

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
        tally = self.papers.tally
        top = max(tally[c] for c in self.pending)
        tied = [c for c in self.pending if tally[c] == top]
        stage = len(self.sheet.stages)
        chosen, _ = self._pick(
            tied,
            lowest=False,
            purpose=f"order of surpluses: equal surpluses, equal votes at stage {stage} "
            "and at every earlier stage",
        )
        return chosen

    def _transfer_surplus(self, source: int) -> None:
        self.pending.remove(source)
        papers = self.papers
        tally = papers.tally
        surplus = tally[source] - self.quota
        start = self.last_batch.get(source, 0)
        kept = papers.parcels[source][:start]
        batch = papers.parcels[source][start:]
        count, worth = self._transferable(batch)
        revalue: Callable[[int], int] | None = None
        tv = 0
        if worth > surplus:
            tv = surplus // count

            def revalue(value: int) -> int:
                return tv

        papers.parcels[source] = batch
        moves = papers.transfer(source, revalue)
        papers.parcels[source] = kept
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

    def _transferable(self, parcels: Sequence[tuple[int, list[int]]]) -> tuple[int, int]:
        """Papers in ``parcels`` with a next available preference, and their value."""
        papers = self.papers
        rankings, position, continuing = papers.rankings, papers.position, papers.continuing
        exhausted = papers.exhausted
        count = worth = 0
        for value, groups in parcels:
            for g in groups:
                ranking = rankings[g]
                p = position[g] + 1
                while not continuing[ranking[p]]:
                    p += 1
                if ranking[p] != exhausted:
                    count += papers.counts[g]
                    worth += papers.counts[g] * value
        return count, worth

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
            low = min(tally[c] for c in self.continuing)
            tied = [c for c in self.continuing if tally[c] == low]
            stage = len(self.sheet.stages)
            loser, by_lot = self._pick(
                tied,
                lowest=True,
                purpose=f"exclusion: equal lowest votes at stage {stage} and at every "
                "earlier stage",
            )
            group = [loser]
        group.sort()
        for c in group:
            self.continuing.remove(c)
            self.papers.continuing[c] = False
        if len(self.continuing) <= self.vacancies:
            # §5.5.1: the rest are deemed elected; no transfer is needed
            rest = sorted(self.continuing, key=lambda c: (-tally[c], c))
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
                parcels = self.papers.parcels[c]
                batch = [p for p in parcels if p[0] == value]
                if not batch:
                    continue
                self.papers.parcels[c] = batch
                moved = self.papers.transfer(c)
                self.papers.parcels[c] = [p for p in parcels if p[0] != value]
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
