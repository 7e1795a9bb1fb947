"""Weighted inclusive Gregory STV as a configurable family (rule set ``wigm``).

Purpose: the Scottish count (SSI 2011/399 Sch. 1 rules 46–53, spec 04) is one
member of a family of Gregory counts that differ in a handful of choices: the
quota, its arithmetic, the decimal places, the tie look-back, whether a
candidate is elected on reaching or exceeding the quota, and which papers carry
a surplus. Here each choice is an option, so another jurisdiction is a set of
options rather than new code. With the defaults the count is exactly the
Scottish one: same stages, decisions, transfers and lots as ``scot-2011``.

* ``quota``: ``droop`` (valid / (seats + 1), default) or ``hare`` (valid / seats).
* ``quota-form``: ``integer`` = ⌊valid / d⌋ + 1 (default, rule 47);
  ``fractional`` = valid / d to ``places`` decimals, rounded up where it needs
  more (so that reaching the quota never means falling short of valid / d);
  ``fractional-plus`` = valid / d truncated to ``places``, plus one unit.
* ``places``: decimal places of transfer values (default 5, rule 49).
* ``look-back``: ``backward`` (default, rules 50 and 52) or ``forward``.
* ``elect-at``: ``reach`` (votes ≥ quota, default, rule 48) or ``exceed``.
* ``surplus-papers``: ``all`` (inclusive, default, rule 49) or ``last-parcel``:
  only the papers received at the stage that elected the candidate (all papers
  if elected at the first stage) move, each of value v at
  ``trunc(surplus × v / value of that parcel)``; the rest stay with the
  candidate, who keeps exactly the quota.
* ``truncation``: ``quotient`` (default) or ``product``: the two readings of
  rule 49's instruction (spec 4.7, UNVERIFIED), as in ``scot-2011``.

The rest follows spec 04: one surplus per stage, largest first; one exclusion
per stage, lowest first, papers at the values they came with; no deferral;
when as many continuing candidates remain as vacancies, all are elected at
once. Where a quota form lets more candidates reach the quota than there are
vacancies (possible with a fractional Hare or Droop quota), the highest are
elected, equal votes decided by the look-back and then by lot.

Design: the Scottish count's design (:class:`~.stv.Papers`, integer units of
10^-places), parameterised. A last-parcel surplus moves only the parcels the
candidate received at the electing stage: the count remembers, per stage, how
many parcels each candidate held before it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..core.count import LOSS_TO_ROUNDING, NON_TRANSFERABLE, Action, Count
from ..core.lots import LotProvider
from ..core.model import Ballots, Election
from ..errors import RulesError
from .registry import Option, OptionValue, RuleSet, register
from .sheet import LookBack, Sheet
from .stv import Move, Papers

NAME = "wigm"
PLACES = 5

QUOTAS = ("droop", "hare")
QUOTA_FORMS = ("integer", "fractional", "fractional-plus")
LOOK_BACKS = ("backward", "forward")
ELECT_AT = ("reach", "exceed")
SURPLUS_PAPERS = ("all", "last-parcel")
TRUNCATIONS = ("quotient", "product")


@dataclass(frozen=True, slots=True)
class Settings:
    """The options of a ``wigm`` count, checked."""

    quota: str = "droop"
    quota_form: str = "integer"
    places: int = PLACES
    look_back: LookBack = LookBack.BACKWARD
    elect_at: str = "reach"
    surplus_papers: str = "all"
    truncation: str = "quotient"

    @classmethod
    def of(cls, options: Mapping[str, OptionValue]) -> Settings:
        def choice(name: str, default: str, allowed: tuple[str, ...]) -> str:
            value = str(options.get(name, default))
            if value not in allowed:
                raise RulesError(f"option {name} takes one of {', '.join(allowed)}, not {value!r}")
            return value

        places = options.get("places", PLACES)
        if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 12:
            raise RulesError(f"option places takes a whole number from 0 to 12, not {places!r}")
        return cls(
            quota=choice("quota", "droop", QUOTAS),
            quota_form=choice("quota-form", "integer", QUOTA_FORMS),
            places=places,
            look_back=LookBack(choice("look-back", "backward", LOOK_BACKS)),
            elect_at=choice("elect-at", "reach", ELECT_AT),
            surplus_papers=choice("surplus-papers", "all", SURPLUS_PAPERS),
            truncation=choice("truncation", "quotient", TRUNCATIONS),
        )

    def quota_units(self, valid: int, seats: int) -> int:
        """The quota in units of 10^-places for ``valid`` papers."""
        unit: int = 10**self.places
        divisor = seats + 1 if self.quota == "droop" else seats
        if self.quota_form == "integer":
            return (valid // divisor + 1) * unit
        if self.quota_form == "fractional":
            return -(-valid * unit // divisor)
        return valid * unit // divisor + 1


def count_wigm(election: Election, options: Mapping[str, OptionValue], lots: LotProvider) -> Count:
    """Count ``election`` by weighted inclusive Gregory with the given options."""
    ballots = election.votes
    if not isinstance(ballots, Ballots):
        raise RulesError(f"rule set {NAME} counts ballot papers, not declared totals")
    return _Count(election, ballots, Settings.of(options), lots).run(options)


class _Count:
    """One count in progress: the papers, the sheet and who stands where."""

    def __init__(
        self, election: Election, ballots: Ballots, settings: Settings, lots: LotProvider
    ) -> None:
        contest = election.contest
        self.contest = contest
        self.settings = settings
        self.unit: int = 10**settings.places
        self.n = len(contest.candidates)
        self.papers = Papers(ballots, self.n, contest.withdrawn, self.unit)
        self.valid = ballots.papers - self.papers.void
        self.quota = settings.quota_units(self.valid, contest.seats)
        self.sheet = Sheet(contest, NAME, settings.places, lots)
        self.continuing = list(contest.standing)
        self.elected: list[int] = []
        self.pending: list[int] = []  # elected with a surplus not yet transferred
        self.last_parcel: dict[int, int] = {}  # elected candidate -> first parcel of the last
        self.held = [0] * (self.n + 1)  # parcels each held before the current stage
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
            self.held = [len(p) for p in self.papers.parcels]
            if self.pending:
                self._transfer_surplus(self._next_surplus())
            else:
                self._exclude(*self._lowest())
        if len(self.contest.standing) < seats:
            self.notes.append("fewer candidates than seats: every candidate is elected")
        return self.sheet.finish(self.valid * self.unit, self.quota, options, self.notes)

    def _reaches(self, votes: int) -> bool:
        if self.settings.elect_at == "reach":
            return votes >= self.quota
        return votes > self.quota

    def _reached(self) -> tuple[list[int], set[int]]:
        """Continuing candidates at the quota, highest first, at most the vacancies
        left, and those of them a lot chose."""
        tally = self.papers.tally
        reached = [c for c in self.continuing if self._reaches(tally[c])]
        reached.sort(key=lambda c: (-tally[c], c))
        vacancies = self.contest.seats - len(self.elected)
        if len(reached) <= vacancies:
            return reached, set()
        edge = tally[reached[vacancies - 1]]
        chosen = [c for c in reached if tally[c] > edge]
        remaining = [c for c in reached if tally[c] == edge]
        sheet = self.sheet
        while len(chosen) < vacancies:
            wanted = vacancies - len(chosen)
            top = list(
                sheet.look_back(
                    remaining, self.settings.look_back, lowest=False, before=sheet.next_stage
                )
            )
            if len(top) > wanted:
                order = sheet.draw(
                    top,
                    f"election: {len(top)} candidates with equal votes at the quota "
                    f"at this stage and every earlier one, for {wanted} vacancies",
                    favour="first",
                )
                return chosen + list(order[:wanted]), set(order[:wanted])
            chosen.extend(sorted(top))
            remaining = [c for c in remaining if c not in top]
        return chosen, set()

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
        """Elect at the quota or to the last vacancies, then write the stage, its
        decisions and its transfers."""
        tally = self.papers.tally
        quota = self.quota
        reached, by_lots = self._reached()
        for c in reached:
            self.continuing.remove(c)
            self.papers.continuing[c] = False
            self.elected.append(c)
            self.last_parcel[c] = self.held[c]
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
        verb = "reached" if self.settings.elect_at == "reach" else "exceeded"
        for c in reached:
            if c in by_lots:
                sheet.elect(c, f"{verb} the quota; equal votes, decided by lot", by_lot=True)
            else:
                sheet.elect(c, f"{verb} the quota")
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

    # -- surpluses ---------------------------------------------------------------------
    def _next_surplus(self) -> int:
        """The largest surplus; equal ones by the look-back, then by lot."""
        tally = self.papers.tally
        top = max(tally[c] for c in self.pending)
        tied = [c for c in self.pending if tally[c] == top]
        if len(tied) > 1:
            tied = list(self.sheet.look_back(tied, self.settings.look_back, lowest=False))
        if len(tied) > 1:
            stage = len(self.sheet.stages)
            order = self.sheet.draw(
                tied,
                f"order of surpluses: equal surpluses, equal votes at stage {stage} "
                "and at every earlier stage",
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
        kept: list[tuple[int, list[int]]] = []
        if self.settings.surplus_papers == "last-parcel":
            start = self.last_parcel[source]
            kept = papers.parcels[source][:start]
            papers.parcels[source] = papers.parcels[source][start:]
        total = sum(
            value * sum(papers.counts[g] for g in groups)
            for value, groups in papers.parcels[source]
        )
        unit = self.unit
        revalue: Callable[[int], int]
        if self.settings.truncation == "quotient":

            def revalue(value: int) -> int:
                return surplus * value // total

        else:

            def revalue(value: int) -> int:
                return surplus * value // unit * unit // total

        moves = papers.transfer(source, revalue)
        papers.parcels[source] = kept
        tally[source] = self.quota
        moved = sum(m.papers * m.value for m in moves)
        lost = surplus - moved
        self.loss += lost
        self._record(Action.SURPLUS, (source,), moves, lost=lost)

    # -- exclusions --------------------------------------------------------------------
    def _lowest(self) -> tuple[int, bool]:
        """The continuing candidate to exclude, and whether a lot decided it."""
        tally = self.papers.tally
        low = min(tally[c] for c in self.continuing)
        tied = [c for c in self.continuing if tally[c] == low]
        if len(tied) > 1:
            tied = list(self.sheet.look_back(tied, self.settings.look_back, lowest=True))
        if len(tied) > 1:
            stage = len(self.sheet.stages)
            order = self.sheet.draw(
                tied,
                f"exclusion: equal lowest votes at stage {stage} and at every earlier stage",
                favour="last",
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


def _options() -> tuple[Option, ...]:
    return (
        Option(
            "quota",
            "droop",
            "droop = valid / (seats + 1) (SSI 2011/399 rule 47); hare = valid / seats",
            choices=QUOTAS,
        ),
        Option(
            "quota-form",
            "integer",
            "integer = ⌊valid / d⌋ + 1 (rule 47); fractional = valid / d to the places "
            "(rounded up where inexact); fractional-plus = valid / d truncated, plus one unit",
            choices=QUOTA_FORMS,
        ),
        Option("places", PLACES, "decimal places of transfer values and totals (rule 49: 5)"),
        Option(
            "look-back",
            "backward",
            "ties: the most recent earlier stage where the tied differed (backward, "
            "rules 50 and 52) or the first (forward)",
            choices=LOOK_BACKS,
        ),
        Option(
            "elect-at",
            "reach",
            "elected on reaching the quota (rule 48) or only on exceeding it",
            choices=ELECT_AT,
        ),
        Option(
            "surplus-papers",
            "all",
            "a surplus carries all the candidate's papers (inclusive, rule 49) or only "
            "the last parcel received",
            choices=SURPLUS_PAPERS,
        ),
        Option(
            "truncation",
            "quotient",
            "truncate surplus × value / total once (quotient) or truncate surplus × value "
            "first (product); spec 4.7, UNVERIFIED",
            choices=TRUNCATIONS,
        ),
    )


register(
    RuleSet(
        name=NAME,
        title="STV, weighted inclusive Gregory (configurable; defaults = Scottish rules)",
        family="stv",
        law="SSI 2011/399 Sch. 1 rules 46–53 with the default options; otherwise none",
        in_force="a family of rules: the defaults are the Scottish local government count",
        function=count_wigm,
        places=PLACES,
        needs="ballots",
        options=_options(),
    )
)
