"""Meek STV (rule set ``meek``), as spec 06 Part A describes it.

Purpose: the count of the Proportional Representation Foundation's *Reference
Meek Rule* (``meek-prf``, the default) and, as an option, of the New Zealand
Local Electoral Regulations 2001 Sch. 1A (``meek-nz``):

* every candidate has a keep factor: 1 while hopeful, 0 once defeated (or
  withdrawn: a defeated candidate is as if they had never stood);
* *distribute*: each paper starts with weight 1; each candidate on it in turn
  keeps ``weight × keep factor``, rounded **up** to 9 places, and the weight
  goes on reduced by that amount; what is left at the end is excess;
* *quota*: ``trunc9(Σ votes / (seats + 1)) + 10^-9``, so it falls as papers
  exhaust; every hopeful with votes ≥ quota is elected, and a new round starts;
* *surplus*: ``Σ (votes − quota)`` over the elected (not below 0); the
  iteration stops when it is below ω = 0.000001, or when it has not fallen
  since the last iteration (a stall); otherwise each elected candidate's keep
  factor becomes ``up9(up9(kf × quota) / votes)`` and the papers are
  distributed again;
* *defeat*: when the iteration stops without electing anyone, the hopeful with
  the fewest votes is defeated (keep factor 0) and a new round starts;
* *finish*: when the seats are filled, or elected + hopeful ≤ seats (then every
  hopeful is elected).

Options:

* ``variant``: ``prf`` (default) or ``nz``. The NZ quota of Sch. 1A cl. 5,
  ``(v − vnt) / (n + 1) + 10^-9`` truncated to 9 places, is the same number as
  the PRF quota (``v − vnt`` is the sum of the candidates' votes), so the NZ
  variant differs only in its surplus threshold, 0.0001 (cl. 13) — that figure,
  and that NZ rounds keep values up (cl. 10), come from secondary sources:
  UNVERIFIED (spec A.5).
* ``ties``: how equal lowest votes (or more candidates at the quota than
  vacancies) are settled — the PRF text on ties was not read (UNVERIFIED,
  spec A.4): ``lot`` (default), ``backward-then-lot`` (the most recent earlier
  round where they differed, as OpenTally does), or ``forward-then-lot`` (the
  first round where they differed: NZ's "ahead at first difference", whose
  pseudo-random generator is not reproduced; the lot provider decides).

The record: one stage per round, holding the votes at the end of the round.
Stage 1 is the first distribution (first preferences). A later stage is
``surplus`` when the round redistributed the surpluses of the elected, or
``exclusion`` of the candidate defeated at the end of the previous round (the
decision is recorded at the stage that shows their votes passed on, as the
Scottish sheet does). The stage note gives the round, its iterations, the
quota, the total surplus and the keep factors of the elected; the Count's quota
is the final one. Meek moves no parcels, so no transfers are recorded.

Arithmetic and conservation: integers in units of 10^-9. Each paper's weight
is split exactly — what a candidate keeps (rounded up) is *subtracted* from the
weight passed on — so at every stage Σ votes + excess = valid papers exactly,
and the loss to rounding is always 0: rounding up moves value between
candidates and the excess, it never creates or destroys any.

Design: within a round only the elected candidates' keep factors change, so a
paper's path through the candidates is fixed for the round: defeated ones are
skipped, it passes through elected ones and stops at its first hopeful. The
rankings are reduced to these paths and merged (a few hundred at most for a
dozen candidates, however many papers); each iteration then distributes one
weight per path, with exactly the arithmetic a single paper would get, and
multiplies by the papers on the path. Between rounds a path changes only
where it stops, at a hopeful since elected or defeated, so the paths are kept
and only the rankings stopped at such a candidate are walked on from there:
over the whole count each ranking is walked once, not once a round.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import Enum

from ..core.count import Action, Count
from ..core.lots import LotProvider
from ..core.model import Ballots, Election
from ..errors import RulesError
from .registry import Option, OptionValue, RuleSet, register
from .sheet import LookBack, Sheet
from .stv import FEWER_THAN_SEATS, ballots_of, highest, pick, void_notes

NAME = "meek"
PLACES = 9
UNIT: int = 10**PLACES
VARIANTS = ("prf", "nz")
TIES = ("lot", "backward-then-lot", "forward-then-lot")
#: ω, the total surplus below which the iteration stops, in units of 10^-9.
OMEGA = {"prf": 10**3, "nz": 10**5}


class _State(Enum):
    HOPEFUL = 0
    ELECTED = 1
    DEFEATED = 2


def count_meek(election: Election, options: Mapping[str, OptionValue], lots: LotProvider) -> Count:
    """Count ``election`` by Meek's method (spec 06 Part A)."""
    ballots = ballots_of(election, NAME)
    variant = str(options.get("variant", "prf"))
    if variant not in VARIANTS:
        raise RulesError(f"option variant takes one of {', '.join(VARIANTS)}, not {variant!r}")
    ties = str(options.get("ties", "lot"))
    if ties not in TIES:
        raise RulesError(f"option ties takes one of {', '.join(TIES)}, not {ties!r}")
    return _Meek(election, ballots, variant, ties, lots).run(options)


class _Meek:
    """One Meek count in progress."""

    def __init__(
        self, election: Election, ballots: Ballots, variant: str, ties: str, lots: LotProvider
    ) -> None:
        contest = election.contest
        self.contest = contest
        self.seats = contest.seats
        self.n = len(contest.candidates)
        self.omega = OMEGA[variant]
        self.look_back = {"lot": None, "backward-then-lot": LookBack.BACKWARD}.get(
            ties, LookBack.FORWARD
        )
        self.sheet = Sheet(contest, NAME, PLACES, lots)
        self.state = [_State.HOPEFUL] * self.n
        self.kf = [UNIT] * self.n
        for c in contest.withdrawn:
            self.state[c] = _State.DEFEATED
            self.kf[c] = 0
        # rankings with withdrawn candidates left out; papers naming nobody else are void
        withdrawn = contest.withdrawn
        self.rankings: list[tuple[int, ...]] = []
        self.counts: list[int] = []
        void = 0
        for ranking, n in zip(ballots.rankings, ballots.counts, strict=True):
            kept = tuple(c for c in ranking if c not in withdrawn) if withdrawn else ranking
            if kept:
                self.rankings.append(kept)
                self.counts.append(n)
            else:
                void += n
        self.valid = ballots.papers - void
        self.quota = 0
        self.notes = void_notes(void)
        # the paths of the papers, kept from round to round (see _paths): the states
        # they were walked under, each ranking's place and the elected it passed,
        # the rankings stopped at each hopeful, and the papers on each path
        self._seen = [_State.HOPEFUL] * self.n
        self._at: list[int] | None = None
        self._passed: list[tuple[int, ...]] = [()] * len(self.rankings)
        self._piles: list[list[int]] = [[] for _ in range(self.n)]
        self._merged: dict[tuple[int, ...], int] = {}

    def _with(self, state: _State) -> list[int]:
        return [c for c in range(self.n) if self.state[c] is state]

    # -- the count ---------------------------------------------------------------
    def run(self, options: Mapping[str, OptionValue]) -> Count:
        sheet = self.sheet
        action = Action.FIRST
        subjects: tuple[int, ...] = ()
        excluded: tuple[int, ...] = ()
        by_lot = False
        round_number = 0
        while True:
            round_number += 1
            hopeful = self._with(_State.HOPEFUL)
            elected = self._with(_State.ELECTED)
            last = len(elected) + len(hopeful) <= self.seats
            paths = self._paths()
            iterations, votes, excess, surplus, winners = self._iterate(paths, once=last)
            if last:
                winners = sorted(hopeful, key=lambda c: (-votes[c], c))
                reason = "last vacancies: as many hopeful candidates as seats left, or fewer"
                chosen_by_lot: set[int] = set()
            else:
                winners, chosen_by_lot = self._cap(winners, votes)
                reason = "reached the quota"
            for c in winners:
                self.state[c] = _State.ELECTED
            stage = sheet.stage(
                action,
                votes,
                excess,
                0,
                subjects=subjects,
                elected=winners,
                excluded=excluded,
                note=self._note(round_number, iterations, surplus),
            )
            for c in excluded:
                why = "lowest vote; equal lowest, decided by lot" if by_lot else "lowest vote"
                sheet.exclude(c, why, by_lot=by_lot)
            for c in winners:
                if c in chosen_by_lot:
                    sheet.elect(c, f"{reason}; equal votes, decided by lot", by_lot=True)
                else:
                    sheet.elect(c, reason)
            if last or len(self._with(_State.ELECTED)) >= self.seats:
                break
            if winners:
                action, subjects, excluded, by_lot = Action.SURPLUS, tuple(elected), (), False
                continue
            loser, by_lot = self._lowest(votes, stage.number)
            self.state[loser] = _State.DEFEATED
            self.kf[loser] = 0
            action, subjects, excluded = Action.EXCLUSION, (loser,), (loser,)
        if len(self.contest.standing) < self.seats:
            self.notes.append(FEWER_THAN_SEATS)
        return sheet.finish(self.valid * UNIT, self.quota, options, self.notes)

    def _note(self, round_number: int, iterations: int, surplus: int) -> str:
        def value(units: int) -> str:
            return format(self.sheet.value(units), "f")

        factors = ", ".join(
            f"{self.contest.candidates[c].name} {value(self.kf[c])}"
            for c in self._with(_State.ELECTED)
        )
        plural = "s" if iterations != 1 else ""
        text = (
            f"round {round_number}: {iterations} iteration{plural}; quota {value(self.quota)}; "
            f"total surplus {value(surplus)}"
        )
        return f"{text}; keep factors {factors}" if factors else text

    # -- the iteration -----------------------------------------------------------------
    def _paths(self) -> list[tuple[tuple[int, ...], int]]:
        """Each paper's path this round (skip the defeated, stop at the first hopeful),
        merged: (path, papers).

        Kept from round to round: a path changes only where it stops, at a hopeful
        who has since been elected or defeated, so only the rankings stopped at those
        candidates are walked on, from where they stopped."""
        state = self.state
        if self._at is None:
            self._at = [-1] * len(self.rankings)
            self._walk(range(len(self.rankings)))
        for c in range(self.n):
            if state[c] is not self._seen[c]:
                self._seen[c] = state[c]
                pile, self._piles[c] = self._piles[c], []
                merged = self._merged
                for i in pile:
                    key = (*self._passed[i], c)
                    left = merged[key] - self.counts[i]
                    if left:
                        merged[key] = left
                    else:
                        del merged[key]
                self._walk(pile)
        return list(self._merged.items())

    def _walk(self, indices: Iterable[int]) -> None:
        """Walk each of these rankings on from where it stopped to its next hopeful (or
        its end), passing the elected and skipping the defeated; add it to its path."""
        state = self.state
        defeated, hopeful = _State.DEFEATED, _State.HOPEFUL
        rankings, counts, passed, at = self.rankings, self.counts, self._passed, self._at
        assert at is not None
        piles, merged = self._piles, self._merged
        for i in indices:
            ranking = rankings[i]
            p = at[i]
            path = list(passed[i])
            if p >= 0 and state[ranking[p]] is not defeated:
                path.append(ranking[p])  # stopped at a hopeful since elected
            p += 1
            end = len(ranking)
            while p < end:
                c = ranking[p]
                s = state[c]
                if s is hopeful:
                    break
                if s is not defeated:
                    path.append(c)
                p += 1
            at[i] = p
            passed[i] = tuple(path)
            if p < end:
                piles[ranking[p]].append(i)
                key = (*path, ranking[p])
            else:
                key = passed[i]
            merged[key] = merged.get(key, 0) + counts[i]

    def _distribute(self, paths: Sequence[tuple[tuple[int, ...], int]]) -> tuple[list[int], int]:
        """Votes of every candidate and the excess, in units."""
        kf = self.kf
        votes = [0] * self.n
        excess = 0
        for path, n in paths:
            weight = UNIT
            for c in path:
                k = kf[c]
                if k == UNIT:
                    votes[c] += weight * n
                    weight = 0
                    break
                keep = -(-weight * k // UNIT)
                votes[c] += keep * n
                weight -= keep
                if not weight:
                    break
            excess += weight * n
        return votes, excess

    def _iterate(
        self, paths: Sequence[tuple[tuple[int, ...], int]], *, once: bool
    ) -> tuple[int, list[int], int, int, list[int]]:
        """Iterate until someone reaches the quota, the surplus is below ω, or it stalls.

        Returns the iterations, the votes, the excess, the total surplus and the
        hopefuls at the quota (highest first)."""
        kf = self.kf
        elected = self._with(_State.ELECTED)
        hopeful = self._with(_State.HOPEFUL)
        previous: int | None = None
        iterations = 0
        while True:
            iterations += 1
            votes, excess = self._distribute(paths)
            quota = (self.valid * UNIT - excess) // (self.seats + 1) + 1
            self.quota = quota
            surplus = max(0, sum(votes[c] - quota for c in elected))
            winners = sorted(
                (c for c in hopeful if votes[c] >= quota), key=lambda c: (-votes[c], c)
            )
            if once or winners:
                return iterations, votes, excess, surplus, winners
            if surplus < self.omega or (previous is not None and surplus >= previous):
                return iterations, votes, excess, surplus, []
            previous = surplus
            for c in elected:
                if votes[c]:
                    kept = -(-kf[c] * quota // UNIT)
                    kf[c] = min(UNIT, -(-kept * UNIT // votes[c]))

    # -- ties --------------------------------------------------------------------------
    def _cap(self, winners: list[int], votes: Sequence[int]) -> tuple[list[int], set[int]]:
        """At most the vacancies left of ``winners`` (highest first), and who a lot chose."""
        return highest(
            self.sheet,
            winners,
            votes,
            self.seats - len(self._with(_State.ELECTED)),
            self.look_back,
            "election: {tied} candidates with equal votes at the quota for {wanted} vacancies",
        )

    def _lowest(self, votes: Sequence[int], stage: int) -> tuple[int, bool]:
        """The hopeful to defeat after ``stage``, and whether a lot decided it."""
        return pick(
            self.sheet,
            self._with(_State.HOPEFUL),
            votes,
            lowest=True,
            look_back=self.look_back,
            purpose="defeat: equal lowest votes at stage {stage}",
            stage=stage,
        )


register(
    RuleSet(
        name=NAME,
        title="Meek STV (PR Foundation reference rule; NZ Sch. 1A as an option), 9 d.p.",
        family="stv",
        law="none (PR Foundation Reference Meek Rule; NZ Local Electoral Regulations 2001 "
        "Sch. 1A as variant nz)",
        in_force="organisations' elections; NZ local government (variant nz)",
        function=count_meek,
        places=PLACES,
        needs="ballots",
        options=(
            Option(
                "variant",
                "prf",
                "prf = PR Foundation reference rule (ω = 0.000001); nz = NZ Sch. 1A "
                "(surplus threshold 0.0001; UNVERIFIED beyond the quota, spec A.5)",
                choices=VARIANTS,
            ),
            Option(
                "ties",
                "lot",
                "equal lowest votes: lot, or the most recent (backward) or first (forward) "
                "earlier round where they differed, then lot; spec A.4, UNVERIFIED",
                choices=TIES,
            ),
        ),
    )
)
