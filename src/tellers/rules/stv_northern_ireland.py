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
from .stv import Move, Papers, Parcel, droop_quota

NAME = "ni-1985"
PLACES = 2
UNIT: int = 10**PLACES

DENOMINATORS = ("transferable", "all-papers")
BULK = ("largest", "smallest", "none")


def count_northern_ireland(
    election: Election, options: Mapping[str, OptionValue], lots: LotProvider
) -> Count:
    """Count ``election`` under the 1985 Order rules 46–52."""
    ballots = election.votes
    if not isinstance(ballots, Ballots):
        raise RulesError(f"rule set {NAME} counts ballot papers, not declared totals")
    denominator = str(options.get("denominator", "transferable"))
    if denominator not in DENOMINATORS:
        raise RulesError(f"option denominator takes {' or '.join(DENOMINATORS)}")
    bulk = str(options.get("bulk-exclusion", "largest"))
    if bulk not in BULK:
        raise RulesError(f"option bulk-exclusion takes {', '.join(BULK)}")
    stop = bool(options.get("stop-at-quota", True))
    return _Count(election, ballots, lots, denominator, bulk, stop).run(options)


def _papers(papers: Papers, parcels: Sequence[Parcel]) -> int:
    counts = papers.counts
    return sum(counts[g] for _, groups in parcels for g in groups)


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
        self.notes: list[str] = []
        if self.papers.void:
            self.notes.append(
                f"{self.papers.void} papers gave preferences only to withdrawn "
                "candidates and were not counted"
            )

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
            self.notes.append("fewer candidates than seats: every candidate is elected")
        return self.sheet.finish(self.valid * UNIT, self.quota, options, self.notes)

    def _untransferred(self) -> int:
        tally = self.papers.tally
        return sum(tally[c] - self.quota for c in self.pending)

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
        transfer_values: Sequence[int] = (),
        note: str = "",
    ) -> int:
        """Elect at the quota (rule 48) and under rule 52, then write the stage and its
        decisions; ``early`` were elected part way through it. Returns the stage number."""
        tally = self.papers.tally
        reached = [c for c in self.continuing if tally[c] >= self.quota]
        reached.sort(key=lambda c: (-tally[c], c))
        self._elect(reached)
        last: list[int] = []
        reason = ""
        vacancies = self.seats - len(self.elected)
        if 0 < len(self.continuing) <= vacancies:
            last = sorted(self.continuing, key=lambda c: (-tally[c], c))
            reason = "rule 52(1): as many continuing candidates as vacancies"
        elif vacancies == 1 and len(self.continuing) > 1:
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
        sheet = self.sheet
        exhausted = self.papers.exhausted
        stage = sheet.stage(
            action,
            tally[:exhausted],
            tally[exhausted],
            0,
            subjects=subjects,
            elected=[*early, *reached, *last],
            excluded=excluded,
            transfer_values=transfer_values,
            deferred=deferred,
            note=note,
        )
        for c in excluded:
            why = "lowest votes; equal lowest, decided by lot" if by_lot else "lowest votes"
            if len(excluded) > 1:
                why = "rule 51(12): excluded together with the other lowest candidates"
            sheet.exclude(c, why, by_lot=by_lot)
        for c in early:
            sheet.elect(c, "reached the quota part way through the exclusion")
        for c in reached:
            sheet.elect(c, "reached the quota")
        for c in last:
            sheet.elect(c, reason)
        return stage.number

    def _write(self, stage: int, source: int, moves: Sequence[Move]) -> None:
        """Transfer records of one source, one per target (value per paper if uniform)."""
        exhausted = self.papers.exhausted
        by_target: dict[int, list[Move]] = {}
        for m in moves:
            by_target.setdefault(m.target, []).append(m)
        for target in sorted(by_target, key=lambda t: (t == exhausted, t)):
            ms = by_target[target]
            papers = sum(m.papers for m in ms)
            units = sum(m.papers * m.value for m in ms)
            values = {m.value for m in ms}
            value = values.pop() if len(values) == 1 else None
            node = NON_TRANSFERABLE if target == exhausted else target
            self.sheet.transfer(stage, source, node, papers, units, value)

    def _move(self, source: int, chosen: Sequence[Parcel], tv: int | None) -> list[Move]:
        """Move ``chosen`` (parcels of ``source``) on, at ``tv`` or at their own values."""
        papers = self.papers
        ids = {id(p) for p in chosen}
        keep = [p for p in papers.parcels[source] if id(p) not in ids]
        papers.parcels[source] = list(chosen)
        moves = papers.transfer(source, None if tv is None else (lambda _v: tv))
        papers.parcels[source] = keep
        return moves

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
        tally = self.papers.tally
        top = max(tally[c] for c in self.pending)
        tied = [c for c in self.pending if tally[c] == top]
        if len(tied) > 1:
            tied = list(self.sheet.look_back(tied, LookBack.FORWARD, lowest=False))
        if len(tied) > 1:
            order = self.sheet.draw(
                tied,
                "order of surpluses: equal surpluses, equal votes at every stage",
                favour="first",
            )
            self.sheet.attach_pending_lots()
            return order[0]
        return tied[0]

    def _transfer_surplus(self, source: int) -> None:
        self.pending.remove(source)
        papers = self.papers
        tally = papers.tally
        surplus = tally[source] - self.quota
        examined = papers.parcels[source][self.last[source] :]
        value = max(v for v, _ in examined)
        everything = _papers(papers, examined)
        transferable = everything - self._stuck(examined)
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
            Action.SURPLUS, (source,), transfer_values=(tv,) if gone else (), note=note
        )
        self._write(stage, source, gone)
        if surplus > moved:
            self.sheet.transfer(
                stage,
                source,
                NON_TRANSFERABLE,
                everything - sum(m.papers for m in gone),
                surplus - moved,
            )

    def _stuck(self, parcels: Sequence[Parcel]) -> int:
        """Papers in ``parcels`` with no next available preference."""
        papers = self.papers
        rankings, position, continuing = papers.rankings, papers.position, papers.continuing
        exhausted = papers.exhausted
        stuck = 0
        for _, groups in parcels:
            for g in groups:
                ranking = rankings[g]
                p = position[g] + 1
                while not continuing[ranking[p]]:
                    p += 1
                if ranking[p] == exhausted:
                    stuck += papers.counts[g]
        return stuck

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
        low = tally[ranked[0]]
        tied = [c for c in self.continuing if tally[c] == low]
        if len(tied) > 1:
            tied = list(self.sheet.look_back(tied, LookBack.FORWARD, lowest=True))
        if len(tied) > 1:
            order = self.sheet.draw(
                tied,
                "exclusion: equal lowest votes at every stage",
                favour="last",
            )
            self.sheet.attach_pending_lots()
            return [order[-1]], True
        return [tied[0]], False

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
                reached = [c for c in self.continuing if tally[c] >= self.quota]
                reached.sort(key=lambda c: (-tally[c], c))
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
        stage = self._record(
            Action.EXCLUSION,
            tuple(group),
            early=early,
            excluded=group,
            by_lot=by_lot,
            deferred=deferred,
            transfer_values=sorted(values, reverse=True),
            note="; ".join(notes),
        )
        for c in group:
            self._write(stage, c, moved[c])


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
