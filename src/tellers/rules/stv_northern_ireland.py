"""STV at Northern Ireland local elections (rule set ``ni-1985``).

Purpose: the count of the Local Elections (Northern Ireland) Order 1985 rules
41 and 46–52, now Sch. 5 to the Electoral Law Act (NI) 1962 (spec 05 Part A),
a Gregory method that takes a later surplus from the last parcel only, to two
decimal places:

* rule 48: quota ⌊valid / (seats + 1)⌋ + 1; a candidate with the quota is
  deemed elected (at a single-vacancy election only once an exclusion is
  complete, rule 48(3), and no surplus is transferred, rule 49(11));
* rule 49(1)–(4): a surplus arising at the first stage is taken from all the
  candidate's first-preference papers; rule 49(5)–(7): a later surplus only
  from the sub-parcel last received. ``TV = trunc2(surplus / transferable
  papers)``, never more than the value at which the papers came; the
  difference between the surplus and the value moved is non-transferable
  (rule 50(2)(c)), so this rule set records no separate loss to rounding;
* rule 50: one surplus per stage, the largest first (equal surpluses: the
  candidate with more votes at the earliest stage where they differed, else
  lot);
* rule 49(10): untransferred surpluses are deferred while their total is less
  than the gap between the two lowest continuing candidates, or less than the
  gap between a group of the lowest candidates and the candidate next above
  them where the group's total is below that candidate's (spec A.5);
* rule 51: otherwise exclude the lowest continuing candidate (equal lowest:
  the fewest votes at the earliest stage where they differed, else lot), or,
  rule 51(12), the two or more lowest together when their votes plus every
  untransferred surplus are less than the next candidate's. Their
  first-preference papers move first at 1.00, then the papers they received,
  one sub-parcel per value, highest value first, all in one stage; the totals
  after each sub-parcel are kept in the stage note (rule 51(10));
* rule 52: (1) as many continuing candidates as vacancies: all elected;
  (2) one vacancy and a continuing candidate with at least the votes of all
  the others plus the untransferred surpluses: elected; (3) then no more
  transfers.

Design: the papers are :class:`~.stv.Papers` groups in integer hundredths. A
candidate's parcels are kept in order of arrival, and for each candidate the
index where the sub-parcel it received last begins, so a later surplus moves
just those parcels. Options for the points spec 05 marks UNVERIFIED:
``denominator`` (rule 49(4)(b): ``transferable`` papers, as the spec reads it,
or ``all-papers``), ``stop-at-quota`` (a candidate who reaches the quota part
way through an exclusion receives no later sub-parcel, as ERS97 §5.4.10; on by
default) and ``bulk-exclusion`` (which qualifying group rule 51(12) excludes:
the ``largest``, the ``smallest``, or ``none``). An exclusion in progress is
completed even if the last vacancy is filled part way through it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..core.count import NON_TRANSFERABLE, Action, Count
from ..core.lots import LotProvider
from ..core.model import Ballots, Election
from ..errors import RulesError
from .registry import Option, OptionValue, RuleSet, register
from .sheet import LookBack, Sheet
from .stv import (
    FEWER_THAN_SEATS,
    Elected,
    Move,
    Papers,
    Parcel,
    at_quota,
    ballots_of,
    droop_quota,
    last_vacancies,
    pick,
    record_stage,
    untransferred,
    void_notes,
)

NAME = "ni-1985"
PLACES = 2
UNIT: int = 10**PLACES

DENOMINATORS = ("transferable", "all-papers")
BULK = ("largest", "smallest", "none")


def count_northern_ireland(
    election: Election, options: Mapping[str, OptionValue], lots: LotProvider
) -> Count:
    """Count ``election`` under the 1985 Order rules 46–52."""
    ballots = ballots_of(election, NAME)
    denominator = str(options.get("denominator", "transferable"))
    if denominator not in DENOMINATORS:
        raise RulesError(f"option denominator takes {' or '.join(DENOMINATORS)}")
    bulk = str(options.get("bulk-exclusion", "largest"))
    if bulk not in BULK:
        raise RulesError(f"option bulk-exclusion takes {', '.join(BULK)}")
    stop = bool(options.get("stop-at-quota", True))
    return _Count(election, ballots, lots, denominator, bulk, stop).run(options)


class _Count:
    """One count in progress: the papers, the sheet and who stands where."""

    def __init__(
        self,
        election: Election,
        ballots: Ballots,
        lots: LotProvider,
        denominator: str,
        bulk: str,
        stop: bool,
    ) -> None:
        contest = election.contest
        self.contest = contest
        self.seats = contest.seats
        self.single = contest.seats == 1
        self.denominator = denominator
        self.bulk = bulk
        self.stop = stop and not self.single
        self.n = len(contest.candidates)
        self.papers = Papers(ballots, self.n, contest.withdrawn, UNIT)
        self.valid = ballots.papers - self.papers.void
        self.quota = droop_quota(self.valid, contest.seats) * UNIT
        self.sheet = Sheet(contest, NAME, PLACES, lots)
        self.continuing = list(contest.standing)
        self.elected: list[int] = []
        self.pending: list[int] = []  # elected with a surplus not yet transferred
        # the first-preference parcel of each candidate, and where the last sub-parcel begins
        self.original: list[Parcel | None] = [
            parcels[0] if parcels else None for parcels in self.papers.parcels[: self.n]
        ]
        self.last = [0] * self.n
        self.notes = void_notes(self.papers.void)

    # -- the count ---------------------------------------------------------------
    def run(self, options: Mapping[str, OptionValue]) -> Count:
        self._record(Action.FIRST, ())
        while len(self.elected) < self.seats and self.continuing:
            deferred = self._deferred()
            if self.pending and not deferred:
                self._transfer_surplus(self._next_surplus())
            else:
                group, by_lot = self._to_exclude()
                self._exclude(group, by_lot, deferred)
        if len(self.contest.standing) < self.seats:
            self.notes.append(FEWER_THAN_SEATS)
        return self.sheet.finish(self.valid * UNIT, self.quota, options, self.notes)

    def _untransferred(self) -> int:
        return untransferred(self.papers.tally, self.pending, self.quota)

    def _elect(self, candidates: Sequence[int]) -> None:
        for c in candidates:
            self.continuing.remove(c)
            self.papers.continuing[c] = False
            self.elected.append(c)
            if self.papers.tally[c] > self.quota and not self.single:
                self.pending.append(c)

    def _record(
        self,
        action: Action,
        subjects: Sequence[int],
        *,
        early: Sequence[int] = (),
        excluded: Sequence[int] = (),
        by_lot: bool = False,
        deferred: Sequence[int] = (),
        moves: Mapping[int, Sequence[Move]] | None = None,
        transfer_values: Sequence[int] = (),
        note: str = "",
    ) -> int:
        """Elect at the quota (rule 48) and under rule 52, then write the stage, its
        decisions and the transfers of ``moves``; ``early`` were elected part way
        through it. Returns the stage number."""
        tally = self.papers.tally
        reached = at_quota(self.continuing, tally, self.quota)
        self._elect(reached)
        reason = "rule 52(1): as many continuing candidates as vacancies"
        vacancies = self.seats - len(self.elected)
        last = last_vacancies(self.continuing, vacancies, tally)
        if not last and vacancies == 1 and len(self.continuing) > 1:
            ranked = sorted(self.continuing, key=lambda c: -tally[c])
            top, rest = ranked[0], ranked[1:]
            others = sum(tally[c] for c in rest) + self._untransferred()
            if tally[top] > tally[rest[0]] and tally[top] >= others:
                last = [top]
                reason = (
                    "rule 52(2): at least the votes of all other continuing candidates "
                    "and the untransferred surpluses"
                )
        self._elect(last)
        elected: list[Elected] = [
            (c, "reached the quota part way through the exclusion", False) for c in early
        ]
        elected += [(c, "reached the quota", False) for c in reached]
        elected += [(c, reason, False) for c in last]
        return record_stage(
            self.sheet,
            action,
            self.papers.tally,
            self.papers.exhausted,
            subjects=subjects,
            elected=elected,
            excluded=excluded,
            by_lot=by_lot,
            together="rule 51(12): excluded together with the other lowest candidates",
            moves=moves,
            transfer_values=transfer_values,
            deferred=deferred,
            note=note,
        )

    def _move(self, source: int, chosen: Sequence[Parcel], tv: int | None) -> list[Move]:
        """Move ``chosen`` (parcels of ``source``) on, at ``tv`` or at their own values."""
        return self.papers.transfer(source, None if tv is None else (lambda _v: tv), chosen)

    def _mark_last(self, before: Sequence[int], moves: Sequence[Move]) -> None:
        """Remember where each target's newest sub-parcel begins."""
        for m in moves:
            if m.target < self.n and m.value > 0:
                self.last[m.target] = before[m.target]

    # -- surpluses (rules 49 and 50) ---------------------------------------------------
    def _deferred(self) -> tuple[int, ...]:
        """The untransferred surpluses, if rule 49(10) defers them at this stage."""
        if not self.pending:
            return ()
        total = self._untransferred()
        tally = self.papers.tally
        votes = sorted(tally[c] for c in self.continuing)
        defer = len(votes) > 1 and total < votes[1] - votes[0]
        combined = votes[0] if votes else 0
        for k in range(2, len(votes)):
            combined += votes[k - 1]
            if combined < votes[k] and total < votes[k] - combined:
                defer = True
        return tuple(self.pending) if defer else ()

    def _next_surplus(self) -> int:
        """The largest surplus; equal ones by the earliest stage where they differed."""
        return pick(
            self.sheet,
            self.pending,
            self.papers.tally,
            lowest=False,
            look_back=LookBack.FORWARD,
            purpose="order of surpluses: equal surpluses, equal votes at every stage",
        )[0]

    def _transfer_surplus(self, source: int) -> None:
        self.pending.remove(source)
        papers = self.papers
        tally = papers.tally
        surplus = tally[source] - self.quota
        examined = papers.parcels[source][self.last[source] :]
        value = max(v for v, _ in examined)
        everything = papers.weigh(examined)[0]
        transferable = papers.transferable(examined)[0]
        denominator = transferable if self.denominator == "transferable" else everything
        tv = min(surplus // denominator, value) if denominator else 0
        exhausted = papers.exhausted
        before_nt = tally[exhausted]
        before = [len(p) for p in papers.parcels]
        moves = self._move(source, examined, tv) if tv and transferable else []
        self._mark_last(before, moves)
        tally[source] = self.quota
        gone = [m for m in moves if m.target != exhausted]
        moved = sum(m.papers * m.value for m in gone)
        tally[exhausted] = before_nt + surplus - moved
        first = examined[0] is self.original[source]
        where = "first-preference papers" if first else "last sub-parcel"
        note = (
            f"surplus {self.sheet.value(surplus)} from the {where} ({everything} papers, "
            f"{transferable} transferable): transfer value {self.sheet.value(tv)}"
        )
        stage = self._record(
            Action.SURPLUS,
            (source,),
            moves={source: gone},
            transfer_values=(tv,) if gone else (),
            note=note,
        )
        if surplus > moved:
            self.sheet.transfer(
                stage,
                source,
                NON_TRANSFERABLE,
                everything - sum(m.papers for m in gone),
                surplus - moved,
            )

    # -- exclusions (rule 51) ------------------------------------------------------------
    def _to_exclude(self) -> tuple[list[int], bool]:
        """The candidates to exclude (rule 51(1), (12), (13)) and whether a lot decided it."""
        tally = self.papers.tally
        ranked = sorted(self.continuing, key=lambda c: tally[c])
        if self.bulk != "none":
            surplus = self._untransferred()
            most = len(ranked) - (self.seats - len(self.elected))
            sizes = [
                k
                for k in range(2, most + 1)
                if sum(tally[c] for c in ranked[:k]) + surplus < tally[ranked[k]]
            ]
            if sizes:
                k = max(sizes) if self.bulk == "largest" else min(sizes)
                return sorted(ranked[:k]), False
        loser, by_lot = pick(
            self.sheet,
            self.continuing,
            tally,
            lowest=True,
            look_back=LookBack.FORWARD,
            purpose="exclusion: equal lowest votes at every stage",
        )
        return [loser], by_lot

    def _exclude(self, group: Sequence[int], by_lot: bool, deferred: Sequence[int]) -> None:
        papers = self.papers
        tally = papers.tally
        for c in group:
            self.continuing.remove(c)
            papers.continuing[c] = False
        # sub-parcels: first preferences, then the papers received, highest value first
        steps: list[tuple[str, list[tuple[int, Parcel]]]] = []
        firsts = [(c, p) for c in group for p in papers.parcels[c] if p is self.original[c]]
        if firsts:
            steps.append(("first preferences", firsts))
        received: dict[int, list[tuple[int, Parcel]]] = {}
        for c in group:
            for p in papers.parcels[c]:
                if p is not self.original[c]:
                    received.setdefault(p[0], []).append((c, p))
        for value in sorted(received, reverse=True):
            steps.append((f"papers at {self.sheet.value(value)}", received[value]))
        early: list[int] = []
        moved: dict[int, list[Move]] = {c: [] for c in group}
        values: set[int] = set()
        notes: list[str] = []
        for label, step in steps:
            before = [len(p) for p in papers.parcels]
            step_moves: list[Move] = []
            for c in group:
                chosen = [p for s, p in step if s == c]
                if not chosen:
                    continue
                moves = self._move(c, chosen, None)
                tally[c] -= sum(m.papers * m.value for m in moves)
                moved[c].extend(moves)
                step_moves.extend(moves)
            values.update(m.value for m in step_moves)
            self._mark_last(before, step_moves)
            if self.stop:
                reached = at_quota(self.continuing, tally, self.quota)
                self._elect(reached)
                early.extend(reached)
            if len(steps) > 1:
                totals = ", ".join(
                    f"{self.contest.candidates[c].name} {self.sheet.value(tally[c])}"
                    for c in sorted(self.continuing + self.elected)
                )
                notes.append(f"after {label}: {totals}")
        for c in group:
            tally[c] = 0
        self._record(
            Action.EXCLUSION,
            tuple(group),
            early=early,
            excluded=group,
            by_lot=by_lot,
            deferred=deferred,
            moves=moved,
            transfer_values=sorted(values, reverse=True),
            note="; ".join(notes),
        )


register(
    RuleSet(
        name=NAME,
        title="STV, Northern Ireland local elections (Gregory, last parcel, 2 d.p.)",
        family="stv",
        law="Local Elections (NI) Order 1985 rules 41, 46–52 (Electoral Law Act (NI) 1962 Sch. 5)",
        in_force="Northern Ireland district council elections from 1985",
        function=count_northern_ireland,
        places=PLACES,
        needs="ballots",
        options=(
            Option(
                "denominator",
                "transferable",
                "rule 49(4)(b): divide the surplus by the transferable papers (as the spec "
                "and ERS97 read it) or by all the papers examined; spec A.5, UNVERIFIED",
                choices=DENOMINATORS,
            ),
            Option(
                "stop-at-quota",
                True,
                "a candidate who reaches the quota part way through an exclusion gets no "
                "later sub-parcel (as ERS97 §5.4.10); spec A.6(4), UNVERIFIED for NI",
            ),
            Option(
                "bulk-exclusion",
                "largest",
                "rule 51(12): when several groups of lowest candidates qualify, exclude the "
                "largest, the smallest, or none together; spec A.6(2), UNVERIFIED",
                choices=BULK,
            ),
        ),
        aliases=("ni-local",),
    )
)
