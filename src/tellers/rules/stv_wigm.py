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

Design: this is the engine of the Scottish count too: ``scot-2011`` is the
preset with the defaults (and its ``truncation``), so the two cannot drift
apart. The papers are kept per distinct ranking (:class:`~.stv.Papers`), each
new value computed once per distinct old value, in integer units of
10^-places. Electing on exceeding the quota is reaching the quota plus one
unit. Only a last-parcel surplus needs to know which parcels arrived at the
electing stage: then the count remembers, per stage, how many parcels each
candidate held before it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.count import Action, Count
from ..core.lots import LotProvider
from ..core.model import Ballots, Election
from ..errors import RulesError
from .registry import Option, OptionValue, RuleSet, register
from .sheet import LookBack, Sheet
from .stv import (
    FEWER_THAN_SEATS,
    LAST_VACANCIES,
    Elected,
    Move,
    Papers,
    at_quota,
    ballots_of,
    highest,
    last_vacancies,
    pick,
    record_stage,
    void_notes,
    whole_piles,
)

if TYPE_CHECKING:
    from .array_papers import ArrayPapers

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
    """The options of a ``wigm`` count, checked. The defaults are the Scottish count."""

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
    ballots = ballots_of(election, NAME)
    return gregory(election, ballots, Settings.of(options), NAME, lots, options)


def gregory(
    election: Election,
    ballots: Ballots,
    settings: Settings,
    rules: str,
    lots: LotProvider,
    options: Mapping[str, OptionValue],
) -> Count:
    """The weighted inclusive Gregory count of ``ballots`` with ``settings``, recorded as
    rule set ``rules`` with ``options``."""
    return _Count(election, ballots, settings, rules, lots).run(options)


class _Count:
    """One count in progress: the papers, the sheet and who stands where."""

    def __init__(
        self,
        election: Election,
        ballots: Ballots,
        settings: Settings,
        rules: str,
        lots: LotProvider,
    ) -> None:
        contest = election.contest
        self.contest = contest
        self.settings = settings
        self.unit: int = 10**settings.places
        self.n = len(contest.candidates)
        self.papers: Papers | ArrayPapers
        if settings.surplus_papers == "all":
            self.papers = whole_piles(ballots, self.n, contest.withdrawn, self.unit)
        else:
            self.papers = Papers(ballots, self.n, contest.withdrawn, self.unit)
        self.valid = ballots.papers - self.papers.void
        self.quota = settings.quota_units(self.valid, contest.seats)
        reach = settings.elect_at == "reach"
        self.threshold = self.quota if reach else self.quota + 1  # votes are whole units
        self.why = "reached the quota" if reach else "exceeded the quota"
        self.why_by_lot = f"{self.why}; equal votes, decided by lot"
        self.sheet = Sheet(contest, rules, settings.places, lots)
        self.continuing = list(contest.standing)
        self.elected: list[int] = []
        self.pending: list[int] = []  # elected with a surplus not yet transferred
        # last-parcel only: elected candidate -> first parcel of the last received, and
        # the parcels each candidate held before the current stage
        self.last_parcel: dict[int, int] | None = (
            {} if settings.surplus_papers == "last-parcel" else None
        )
        self.held = [0] * (self.n + 1)
        self.loss = 0
        self.notes = void_notes(self.papers.void)

    # -- the count ---------------------------------------------------------------
    def run(self, options: Mapping[str, OptionValue]) -> Count:
        seats = self.contest.seats
        self._record(Action.FIRST, (), ())
        while len(self.elected) < seats and self.continuing:
            if self.last_parcel is not None:
                assert isinstance(self.papers, Papers)
                self.held = [len(p) for p in self.papers.parcels]
            if self.pending:
                self._transfer_surplus(self._next_surplus())
            else:
                self._exclude(*self._lowest())
        if len(self.contest.standing) < seats:
            self.notes.append(FEWER_THAN_SEATS)
        return self.sheet.finish(self.valid * self.unit, self.quota, options, self.notes)

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
        """Elect at the quota (rule 48; at most the vacancies left, the highest) or to
        the last vacancies (rule 53), then write the stage, its decisions and its
        transfers."""
        papers = self.papers
        tally = papers.tally
        sheet = self.sheet
        reached = at_quota(self.continuing, tally, self.threshold)
        by_lots: set[int] = set()
        if len(reached) > self.contest.seats - len(self.elected):
            reached, by_lots = highest(
                sheet,
                reached,
                tally,
                self.contest.seats - len(self.elected),
                self.settings.look_back,
                "election: {tied} candidates with equal votes at the quota at this stage "
                "and every earlier one, for {wanted} vacancies",
            )
        for c in reached:
            self.continuing.remove(c)
            papers.continuing[c] = False
            self.elected.append(c)
            if self.last_parcel is not None:
                self.last_parcel[c] = self.held[c]
            if tally[c] > self.quota:
                self.pending.append(c)
        last: list[int] = []
        vacancies = self.contest.seats - len(self.elected)
        if len(self.continuing) <= vacancies:
            last = last_vacancies(self.continuing, vacancies, tally)
            self.elected.extend(last)
            self.continuing.clear()
            for c in last:
                papers.continuing[c] = False
        elected: list[Elected] = []
        if reached or last:
            why, by_lot_why = self.why, self.why_by_lot
            elected = [(c, by_lot_why, True) if c in by_lots else (c, why, False) for c in reached]
            elected += [(c, LAST_VACANCIES, False) for c in last]
        record_stage(
            sheet,
            action,
            tally,
            papers.exhausted,
            self.loss,
            subjects=subjects,
            elected=elected,
            excluded=excluded,
            by_lot=by_lot,
            moves={subjects[0]: moves} if moves else None,
            lost=lost,
        )

    # -- surpluses (rules 49 and 50) ---------------------------------------------------
    def _next_surplus(self) -> int:
        """The largest surplus; equal ones by the look-back, then by lot."""
        return pick(
            self.sheet,
            self.pending,
            self.papers.tally,
            lowest=False,
            look_back=self.settings.look_back,
            purpose="order of surpluses: equal surpluses, equal votes at stage {stage} "
            "and at every earlier stage",
            stage=len(self.sheet.stages),
        )[0]

    def _transfer_surplus(self, source: int) -> None:
        self.pending.remove(source)
        papers = self.papers
        tally = papers.tally
        total = tally[source]
        surplus = total - self.quota
        moving = None
        if self.last_parcel is not None:
            assert isinstance(papers, Papers)
            moving = papers.parcels[source][self.last_parcel[source] :]
            total = papers.weigh(moving)[1]
        revalue: Callable[[int], int]
        if self.settings.truncation == "quotient":

            def revalue(value: int) -> int:
                return surplus * value // total

        else:
            unit = self.unit

            def revalue(value: int) -> int:
                return surplus * value // unit * unit // total

        moves = papers.transfer(source, revalue, moving)
        tally[source] = self.quota
        moved = sum(m.papers * m.value for m in moves)
        lost = surplus - moved
        self.loss += lost
        self._record(Action.SURPLUS, (source,), moves, lost=lost)

    # -- exclusions (rules 51 and 52) --------------------------------------------------
    def _lowest(self) -> tuple[int, bool]:
        """The continuing candidate to exclude, and whether a lot decided it."""
        return pick(
            self.sheet,
            self.continuing,
            self.papers.tally,
            lowest=True,
            look_back=self.settings.look_back,
            purpose="exclusion: equal lowest votes at stage {stage} and at every earlier stage",
            stage=len(self.sheet.stages),
        )

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
