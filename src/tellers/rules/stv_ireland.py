"""STV at Dáil elections (rule set ``ie-dail``): whole papers, drawn at random.

Purpose: the count of the Electoral Act 1992 (Ireland) Part XIX (spec 05
Part B): s. 119 first count; s. 120 quota ⌊valid / (seats + 1)⌋ + 1, a
candidate with the quota at the end of a count is elected; s. 121 surplus;
s. 122 exclusion; s. 124 filling the last vacancies (as amended in 2001).

* Surplus (s. 121, from 1923 Third Schedule rule 6; UNVERIFIED in detail): a
  candidate whose votes are all first preferences has all their papers
  examined; otherwise only the sub-parcel last transferred to them. The
  transferable papers are sorted by next available preference. If there are
  no more of them than the surplus, all move; otherwise sub-parcel *i* of
  *n_i* papers gives ⌊n_i × surplus / T⌋ papers and the papers left over go
  one each to the largest remainders (equal remainders: the larger
  sub-parcel, then lot). Surpluses go largest first (equal: more votes at the
  first count where they differed, else lot).
* Which papers move is a uniformly random sample of the sub-parcel. Papers
  with the same ranking are interchangeable, so the draw is made over the
  distinct rankings of the sub-parcel in a fixed order (a multivariate
  hypergeometric draw, exact, with ``random.Random(paper-seed)``). The seed is
  an option, printed with the count, and every draw is written in the stage
  note, so the same seed replays the same papers whatever order the papers
  were read in.
* Deferral (UNVERIFIED): untransferred surpluses are not transferred while
  their total is less than the gap between the two lowest continuing
  candidates and (when ``quarter-quota`` is on) cannot decide whether the
  lowest exceeds a quarter of the quota. Option ``deferral``.
* Exclusion (s. 122; UNVERIFIED in detail): the lowest continuing candidate
  (equal lowest: fewer votes at the first count where they differed, else
  lot) has all their papers moved in one count. Option ``multiple-exclusion``:
  the two or more lowest together when their votes plus the untransferred
  surpluses are less than the next candidate's (the largest such group, never
  leaving fewer continuing candidates than vacancies). A quarter-quota proviso
  on joint exclusion, if the Act has one, is not applied.
* End (s. 124): (1) continuing candidates no more than the vacancies: all
  elected; (1A) one more than the vacancies, and the lowest plus the
  untransferred surpluses below the next: all but the lowest elected; (2) one
  vacancy and a candidate with more than all the others plus the
  untransferred surpluses: elected. (3) With ``quarter-quota`` on, counting
  goes on after the seats are filled while a continuing candidate who has not
  exceeded a quarter of the quota still could (by the untransferred surpluses
  and the votes of those below them); the quarter is of the quota for
  ``constituency-seats`` seats when that option is set (by-elections). The
  count's notes name the candidates who exceeded a quarter of the quota.

Design: votes are whole numbers (places 0). A candidate holds parcels in order
of arrival, each a map from a distinct ranking to a number of papers, so a
group of identical papers can split when some of them are drawn. Withdrawn
candidates are struck from every ranking before the count; a paper naming
nobody else is not counted.
"""

from __future__ import annotations

import hashlib
import random
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from itertools import accumulate

from ..core.count import NON_TRANSFERABLE, Action, Count
from ..core.lots import LotProvider
from ..core.model import Ballots, Election
from ..errors import RulesError
from .registry import Option, OptionValue, RuleSet, register
from .sheet import LookBack, Sheet
from .stv import (
    FEWER_THAN_SEATS,
    Elected,
    at_quota,
    ballots_of,
    droop_quota,
    highest_first,
    last_vacancies,
    pick,
    record_stage,
    untransferred,
    void_notes,
)

NAME = "ie-dail"

#: A parcel: distinct ranking (index) -> papers with that ranking.
Parcel = dict[int, int]

#: Draws with more distinct rankings than this are summarised by a digest in the note.
LISTED = 12


def count_ireland(
    election: Election, options: Mapping[str, OptionValue], lots: LotProvider
) -> Count:
    """Count ``election`` under the Electoral Act 1992 ss. 119–124."""
    ballots = ballots_of(election, NAME)
    seed = options.get("paper-seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise RulesError(f"option paper-seed takes a whole number, not {seed!r}")
    seats = options.get("constituency-seats", 0)
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 0:
        raise RulesError(f"option constituency-seats takes a whole number, not {seats!r}")
    return _Count(
        election,
        ballots,
        lots,
        seed=seed,
        deferral=bool(options.get("deferral", True)),
        multiple=bool(options.get("multiple-exclusion", True)),
        quarter=bool(options.get("quarter-quota", True)),
        constituency_seats=seats or election.contest.seats,
    ).run(options)


class _Count:
    """One count in progress: the papers, the sheet and who stands where."""

    def __init__(
        self,
        election: Election,
        ballots: Ballots,
        lots: LotProvider,
        *,
        seed: int,
        deferral: bool,
        multiple: bool,
        quarter: bool,
        constituency_seats: int,
    ) -> None:
        contest = election.contest
        self.contest = contest
        self.seats = contest.seats
        self.seed = seed
        self.random = random.Random(seed)
        self.deferral = deferral
        self.multiple = multiple
        self.quarter = quarter
        n = self.n = len(contest.candidates)
        self.exhausted = n
        # canonical groups: withdrawn candidates struck out, merged, sorted
        merged: dict[tuple[int, ...], int] = {}
        void = 0
        for ranking, papers in zip(ballots.rankings, ballots.counts, strict=True):
            kept = tuple(c for c in ranking if c not in contest.withdrawn)
            if kept:
                merged[kept] = merged.get(kept, 0) + papers
            else:
                void += papers
        keys = sorted(merged)
        self.rankings = [(*k, n) for k in keys]
        self.continuing_flag = [True] * (n + 1)
        for c in contest.withdrawn:
            self.continuing_flag[c] = False
        self.parcels: list[list[Parcel]] = [[] for _ in range(n)]
        self.received = [False] * n
        self.tally = [0] * (n + 1)
        for g, key in enumerate(keys):
            first = key[0]
            if not self.parcels[first]:
                self.parcels[first].append({})
            self.parcels[first][0][g] = merged[key]
            self.tally[first] += merged[key]
        self.valid = ballots.papers - void
        self.quota = droop_quota(self.valid, contest.seats)
        self.quarter_of = droop_quota(self.valid, constituency_seats)  # 4 × votes > this
        self.sheet = Sheet(contest, NAME, 0, lots)
        self.continuing = list(contest.standing)
        self.elected: list[int] = []
        self.pending: list[int] = []
        self.peak = list(self.tally[:n])
        self.notes: list[str] = [
            f"papers moved in surplus transfers are drawn at random by random.Random "
            f"seeded with {seed} (option paper-seed); the same seed draws the same papers",
            *void_notes(void),
        ]

    # -- the count ---------------------------------------------------------------
    def run(self, options: Mapping[str, OptionValue]) -> Count:
        self._record(Action.FIRST, ())
        while len(self.elected) < self.seats and self.continuing:
            deferred = self._deferred()
            if self.pending and not deferred:
                self._transfer_surplus(self._next_surplus())
            else:
                self._exclude(*self._to_exclude(), deferred=deferred)
        if self.quarter:
            while True:
                waiting = self._could_pass_quarter()
                if not waiting:
                    break
                names = ", ".join(self.contest.candidates[c].name for c in waiting)
                why = f"s. 124(3): to establish whether {names} can exceed a quarter of the quota"
                if self.pending:
                    self._transfer_surplus(self._next_surplus(), why)
                else:
                    self._exclude(*self._lowest(), why=why)
        if len(self.contest.standing) < self.seats:
            self.notes.append(FEWER_THAN_SEATS)
        passed = [c for c in self.contest.standing if 4 * self.peak[c] > self.quarter_of]
        listed = ", ".join(self.contest.candidates[c].name for c in passed) or "none"
        self.notes.append(
            f"exceeded a quarter of the quota ({self.quarter_of}/4): {listed}"
            + ("" if self.quarter else " (counting stopped when the seats were filled)")
        )
        return self.sheet.finish(self.valid, self.quota, options, self.notes)

    def _untransferred(self) -> int:
        return untransferred(self.tally, self.pending, self.quota)

    def _could_pass_quarter(self) -> list[int]:
        """Continuing candidates not yet past a quarter of the quota who still could be."""
        tally = self.tally
        surplus = self._untransferred()
        out = []
        for c in self.continuing:
            if 4 * tally[c] > self.quarter_of:
                continue
            below = sum(tally[d] for d in self.continuing if tally[d] < tally[c])
            if 4 * (tally[c] + surplus + below) > self.quarter_of:
                out.append(c)
        return out

    def _elect(self, candidates: Sequence[int]) -> None:
        for c in candidates:
            self.continuing.remove(c)
            self.continuing_flag[c] = False
            self.elected.append(c)
            if self.tally[c] > self.quota:
                self.pending.append(c)

    def _record(
        self,
        action: Action,
        subjects: Sequence[int],
        *,
        excluded: Sequence[int] = (),
        by_lot: bool = False,
        deferred: Sequence[int] = (),
        note: str = "",
    ) -> int:
        """Elect at the quota (s. 120) and under s. 124, then write the count."""
        tally = self.tally
        for c in range(self.n):
            self.peak[c] = max(self.peak[c], tally[c])
        reached: list[int] = []
        last: list[int] = []
        reason = ""
        if len(self.elected) < self.seats:
            reached = at_quota(self.continuing, tally, self.quota)
            self._elect(reached)
            last, reason = self._last_vacancies()
            self._elect(last)
        elected: list[Elected] = [(c, "reached the quota", False) for c in reached]
        elected += [(c, reason, False) for c in last]
        return record_stage(
            self.sheet,
            action,
            tally,
            self.exhausted,
            subjects=subjects,
            elected=elected,
            excluded=excluded,
            by_lot=by_lot,
            together="excluded together: their votes and the surpluses are below the next",
            deferred=deferred,
            note=note,
        )

    def _last_vacancies(self) -> tuple[list[int], str]:
        """Who s. 124 (1), (1A) or (2) deems elected now, and which subsection."""
        tally = self.tally
        vacancies = self.seats - len(self.elected)
        if vacancies <= 0 or not self.continuing:
            return [], ""
        last = last_vacancies(self.continuing, vacancies, tally)
        if last:
            return last, "s. 124(1): as many continuing candidates as vacancies"
        ranked = highest_first(self.continuing, tally)
        surplus = self._untransferred()
        if vacancies == 1:
            others = sum(tally[c] for c in ranked[1:]) + surplus
            if tally[ranked[0]] > others:
                return ranked[:1], (
                    "s. 124(2): more votes than all other continuing candidates "
                    "and the untransferred surpluses"
                )
        if len(ranked) == vacancies + 1 and tally[ranked[-1]] + surplus < tally[ranked[-2]]:
            return ranked[:-1], (
                "s. 124(1A): the lowest candidate's votes and the untransferred "
                "surpluses are below the next candidate's"
            )
        return [], ""

    # -- papers ------------------------------------------------------------------------
    def _next(self, holder: int, g: int) -> int:
        ranking = self.rankings[g]
        flag = self.continuing_flag
        p = ranking.index(holder) + 1
        while not flag[ranking[p]]:
            p += 1
        return ranking[p]

    def _sort(self, held: Sequence[tuple[int, Parcel]]) -> dict[int, Parcel]:
        """Papers sorted into sub-parcels by next available preference."""
        out: dict[int, Parcel] = {}
        for holder, parcel in held:
            for g, papers in parcel.items():
                target = out.setdefault(self._next(holder, g), {})
                target[g] = target.get(g, 0) + papers
        return out

    def _give(self, stage_moves: dict[int, Parcel]) -> None:
        """Hand each target its new sub-parcel (the exhausted pile only counts)."""
        for target, parcel in stage_moves.items():
            papers = sum(parcel.values())
            if not papers:
                continue
            self.tally[target] += papers
            if target != self.exhausted:
                self.parcels[target].append(parcel)
                self.received[target] = True

    def _draw(self, parcel: Parcel, k: int) -> Parcel:
        """``k`` papers of ``parcel`` drawn uniformly at random (all, if k is all)."""
        groups = sorted(parcel)
        sizes = [parcel[g] for g in groups]
        total = sum(sizes)
        if k >= total:
            return dict(parcel)
        if len(groups) == 1:
            return {groups[0]: k}
        ends = list(accumulate(sizes))
        drawn: Parcel = {}
        for i in self.random.sample(range(total), k):
            g = groups[bisect_right(ends, i)]
            drawn[g] = drawn.get(g, 0) + 1
        return {g: drawn[g] for g in sorted(drawn)}

    def _describe(self, draws: Mapping[int, tuple[Parcel, Parcel]]) -> str:
        names = self.contest.candidates
        parts = []
        rows = sum(len(d) for _, d in draws.values())
        digest = hashlib.sha256()
        for target in sorted(draws):
            pool, drawn = draws[target]
            for g in sorted(drawn):
                digest.update(f"{target}:{g}:{drawn[g]};".encode())
            if rows <= LISTED:
                listed = ", ".join(
                    f"{drawn[g]} of {pool[g]} "
                    + ">".join(names[c].name for c in self.rankings[g][:-1])
                    for g in sorted(drawn)
                )
                parts.append(f"to {names[target].name}: {listed}")
        head = f"papers drawn with paper-seed {self.seed}"
        if rows <= LISTED:
            return f"{head}: " + "; ".join(parts)
        return f"{head}: {rows} ranking groups, selection sha256 {digest.hexdigest()[:16]}"

    # -- surpluses (s. 121) ----------------------------------------------------------------
    def _deferred(self) -> tuple[int, ...]:
        if not self.pending or not self.deferral:
            return ()
        surplus = self._untransferred()
        votes = sorted(self.tally[c] for c in self.continuing)
        if len(votes) < 2 or surplus >= votes[1] - votes[0]:
            return ()
        low = votes[0]
        if self.quarter and 4 * low <= self.quarter_of < 4 * (low + surplus):
            return ()
        return tuple(self.pending)

    def _next_surplus(self) -> int:
        return pick(
            self.sheet,
            self.pending,
            self.tally,
            lowest=False,
            look_back=LookBack.FORWARD,
            purpose="order of surpluses: equal surpluses, equal at every count",
        )[0]

    def _transfer_surplus(self, source: int, why: str = "") -> None:
        self.pending.remove(source)
        tally = self.tally
        surplus = tally[source] - self.quota
        examined = self.parcels[source][-1]
        sub = self._sort([(source, examined)])
        stuck = sub.pop(self.exhausted, {})
        sizes = {t: sum(p.values()) for t, p in sub.items()}
        transferable = sum(sizes.values())
        where = "last sub-parcel" if self.received[source] else "all papers (first preferences)"
        draws: dict[int, tuple[Parcel, Parcel]] = {}
        if transferable <= surplus:
            moves = sub
            note = f"surplus {surplus} from {where}: all {transferable} transferable papers move"
        else:
            shares = self._shares(sizes, surplus, transferable)
            moves = {}
            for t in sorted(sub):
                if shares[t]:
                    moves[t] = self._draw(sub[t], shares[t])
                    if shares[t] < sizes[t]:
                        draws[t] = (sub[t], moves[t])
            note = f"surplus {surplus} from {where}: {transferable} transferable papers"
            if draws:
                note += "; " + self._describe(draws)
        for parcel in moves.values():
            for g, k in parcel.items():
                examined[g] -= k
        for g in [g for g, k in examined.items() if not k]:
            del examined[g]
        self._give(moves)
        moved = sum(sum(p.values()) for p in moves.values())
        tally[source] = self.quota
        tally[self.exhausted] += surplus - moved
        if why:
            note = f"{why}; {note}"
        stage = self._record(Action.SURPLUS, (source,), note=note)
        for t in sorted(moves):
            papers = sum(moves[t].values())
            self.sheet.transfer(stage, source, t, papers, papers, 1)
        if surplus > moved:
            self.sheet.transfer(
                stage, source, NON_TRANSFERABLE, sum(stuck.values()), surplus - moved
            )

    def _shares(self, sizes: Mapping[int, int], surplus: int, total: int) -> dict[int, int]:
        """⌊n × surplus / total⌋ each, the rest to the largest remainders (then larger
        sub-parcel, then lot)."""
        shares = {t: n * surplus // total for t, n in sizes.items()}
        left = surplus - sum(shares.values())
        keys = {t: (n * surplus % total, n) for t, n in sizes.items()}
        for key in sorted(set(keys.values()), reverse=True):
            if left <= 0:
                break
            tied = sorted(t for t, k in keys.items() if k == key)
            if len(tied) > left:
                tied = list(
                    self.sheet.draw(
                        tied,
                        "equality of fractions: equal remainders from equal sub-parcels",
                        favour="first",
                    )
                )[:left]
            for t in tied:
                shares[t] += 1
            left -= len(tied)
        return shares

    # -- exclusions (s. 122) -----------------------------------------------------------
    def _to_exclude(self) -> tuple[list[int], bool]:
        tally = self.tally
        if self.multiple:
            ranked = sorted(self.continuing, key=lambda c: tally[c])
            surplus = self._untransferred()
            most = len(ranked) - (self.seats - len(self.elected))
            for k in range(most, 1, -1):
                if sum(tally[c] for c in ranked[:k]) + surplus < tally[ranked[k]]:
                    return sorted(ranked[:k]), False
        return self._lowest()

    def _lowest(self) -> tuple[list[int], bool]:
        loser, by_lot = pick(
            self.sheet,
            self.continuing,
            self.tally,
            lowest=True,
            look_back=LookBack.FORWARD,
            purpose="exclusion: equal lowest votes at every count",
        )
        return [loser], by_lot

    def _exclude(
        self, group: Sequence[int], by_lot: bool, deferred: Sequence[int] = (), why: str = ""
    ) -> None:
        for c in group:
            self.continuing.remove(c)
            self.continuing_flag[c] = False
        per_source = {c: self._sort([(c, p) for p in self.parcels[c]]) for c in group}
        merged: dict[int, Parcel] = {}
        for moves in per_source.values():
            for t, parcel in moves.items():
                into = merged.setdefault(t, {})
                for g, k in parcel.items():
                    into[g] = into.get(g, 0) + k
        for c in group:
            self.parcels[c] = []
            self.tally[c] = 0
        self._give(merged)
        stage = self._record(
            Action.EXCLUSION,
            tuple(group),
            excluded=group,
            by_lot=by_lot,
            deferred=deferred,
            note=why,
        )
        for c in group:
            for t in sorted(per_source[c]):
                papers = sum(per_source[c][t].values())
                node = NON_TRANSFERABLE if t == self.exhausted else t
                self.sheet.transfer(stage, c, node, papers, papers, 1 if node >= 0 else None)


register(
    RuleSet(
        name=NAME,
        title="STV, Dáil elections (whole papers, surplus papers drawn at random)",
        family="stv",
        law="Electoral Act 1992 (Ireland) ss. 118–124, as amended in 2001",
        in_force="Dáil general elections and by-elections from 1992",
        function=count_ireland,
        places=0,
        needs="ballots",
        options=(
            Option(
                "paper-seed",
                0,
                "seed of the random draw of the papers that move in a surplus transfer "
                "(printed with the count; the same seed draws the same papers)",
            ),
            Option(
                "deferral",
                True,
                "defer surpluses smaller than the gap between the two lowest that cannot "
                "decide a quarter of the quota; spec B.5, UNVERIFIED",
            ),
            Option(
                "multiple-exclusion",
                True,
                "exclude the lowest candidates together when their votes and the surpluses "
                "are below the next candidate's; spec B.6, UNVERIFIED",
            ),
            Option(
                "quarter-quota",
                True,
                "s. 124(3): go on counting after the seats are filled while a candidate "
                "could still exceed a quarter of the quota",
            ),
            Option(
                "constituency-seats",
                0,
                "s. 124(3) at a by-election: seats of the constituency for the quarter "
                "of the quota (0 = the seats being filled)",
            ),
        ),
        aliases=("irish-stv",),
    )
)
