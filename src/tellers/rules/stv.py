"""Pieces the STV rule families share: the Droop quota and the papers in play.

Purpose: every STV count moves ballot papers from candidate to candidate at
some value. The Droop quota of the UK and Irish rules (Scottish SSI 2011/399
Sch. 1 rule 47, NI 1985 Order rule 46, Electoral Act 1992 s. 120) and the
bookkeeping of who holds which papers at which value are the same in every
family; the families differ in which papers move and at what value.

Design: papers with the same ranking are indistinguishable, so they always
travel together at the same value. The state is kept per distinct ranking (a
*group*): its ranking (the :class:`Ballots`' own tuple, not a copy), its number
of papers and the position of the preference it currently counts for. A group
with no next available preference moves to position ``len(ranking)`` and onto
the pile of index ``exhausted``, as it would onto a candidate's: that pile is
the non-transferable papers. A candidate holds
*parcels*: ``(value, groups)`` in order of arrival, every paper in a parcel at
the same value in integer units. A transfer walks the groups of the parcels it
moves, advances each group to its next continuing preference and regroups them
into one new parcel per (target, value); the arithmetic is done once per
distinct value, never per paper.

The count sheet is written the same way by every family too: a stage with
its totals, then its exclusions, then its elections, then its transfers, one
per (source, target) (:func:`record_stage`, :func:`write_transfers`); the
lowest or highest candidate is found with the rule set's look-back and then by
lot (:func:`pick`), and at most the vacancies left are elected by the same
look-back (:func:`highest`).
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from ..core.count import LOSS_TO_ROUNDING, NON_TRANSFERABLE, Action
from ..core.model import Ballots, Election
from ..errors import RulesError, TellersError
from .sheet import LookBack, Sheet

if TYPE_CHECKING:
    from .array_papers import ArrayPapers

#: A parcel: every paper in it has this value (in units) and belongs to these groups.
Parcel = tuple[int, list[int]]

#: Why a candidate is excluded: the lowest, or the equal lowest chosen by lot.
LOWEST = "lowest votes"
LOWEST_BY_LOT = "lowest votes; equal lowest, decided by lot"
#: Why candidates are elected when no more continue than there are vacancies.
LAST_VACANCIES = "last vacancies: as many continuing candidates as seats left"
#: A count's note when fewer candidates stand than there are seats.
FEWER_THAN_SEATS = "fewer candidates than seats: every candidate is elected"


def droop_quota(valid_papers: int, seats: int) -> int:
    """The quota of the UK and Irish STV rules: ⌊valid papers / (seats + 1)⌋ + 1."""
    return valid_papers // (seats + 1) + 1


def ballots_of(election: Election, rules: str) -> Ballots:
    """The ballot papers of ``election``; an STV rule set cannot count declared totals."""
    ballots = election.votes
    if not isinstance(ballots, Ballots):
        raise RulesError(f"rule set {rules} counts ballot papers, not declared totals")
    return ballots


def void_notes(void: int) -> list[str]:
    """A count's opening notes: the papers that named only withdrawn candidates, if any."""
    if not void:
        return []
    return [f"{void} papers gave preferences only to withdrawn candidates and were not counted"]


def untransferred(tally: Sequence[int], pending: Iterable[int], quota: int) -> int:
    """The surpluses of ``pending`` (elected, not yet transferred), in units."""
    return sum(tally[c] - quota for c in pending)


def highest_first(candidates: Iterable[int], votes: Sequence[int]) -> list[int]:
    """``candidates`` by votes, most first; equal votes in candidate order."""
    return sorted(candidates, key=lambda c: (-votes[c], c))


def at_quota(candidates: Iterable[int], votes: Sequence[int], threshold: int) -> list[int]:
    """The candidates with at least ``threshold`` votes, most first."""
    reached = [c for c in candidates if votes[c] >= threshold]
    reached.sort(key=lambda c: (-votes[c], c))
    return reached


def last_vacancies(continuing: Sequence[int], vacancies: int, votes: Sequence[int]) -> list[int]:
    """Every continuing candidate, most votes first, when no more continue than there are
    vacancies (and some do); otherwise nobody."""
    if 0 < len(continuing) <= vacancies:
        return highest_first(continuing, votes)
    return []


def pick(
    sheet: Sheet,
    candidates: Sequence[int],
    votes: Sequence[int],
    *,
    lowest: bool,
    look_back: LookBack | None,
    purpose: str,
    stage: int | None = None,
) -> tuple[int, bool]:
    """The candidate with the fewest (``lowest``) or the most votes, and whether a lot
    decided it.

    Equal votes go to the ``look_back`` (``None``: none), then to a lot drawn for
    ``purpose`` (in which ``{stage}`` stands for the latest stage's number),
    asked at ``stage`` (default: the next stage) and attached to the latest
    stage: the lowest is the last of the order drawn, the highest the first.
    """
    extreme = (min if lowest else max)(map(votes.__getitem__, candidates))
    tied = [c for c in candidates if votes[c] == extreme]
    if len(tied) > 1 and look_back is not None:
        tied = list(sheet.look_back(tied, look_back, lowest=lowest))
    if len(tied) == 1:
        return tied[0], False
    text = purpose.format(stage=len(sheet.stages))
    order = sheet.draw(tied, text, favour="last" if lowest else "first", stage=stage)
    sheet.attach_pending_lots()
    return (order[-1] if lowest else order[0]), True


def highest(
    sheet: Sheet,
    ranked: list[int],
    votes: Sequence[int],
    places: int,
    look_back: LookBack | None,
    purpose: str | None,
) -> tuple[list[int], set[int]]:
    """At most ``places`` of ``ranked`` (most votes first), and those of them a lot chose.

    Candidates with equal votes at the edge are separated by the ``look_back``
    at the stages before the next; those still equal are chosen by a lot drawn
    for ``purpose`` (formatted with ``tied`` and ``wanted``), or, if
    ``purpose`` is ``None``, none of them is chosen.
    """
    if len(ranked) <= places:
        return ranked, set()
    edge = votes[ranked[places - 1]]
    chosen = [c for c in ranked if votes[c] > edge]
    remaining = [c for c in ranked if votes[c] == edge]
    while len(chosen) < places:
        wanted = places - len(chosen)
        top = remaining
        if look_back is not None and len(remaining) > 1:
            top = list(sheet.look_back(remaining, look_back, lowest=False, before=sheet.next_stage))
        if len(top) > wanted:
            if purpose is None:
                break
            text = purpose.format(tied=len(top), wanted=wanted)
            order = sheet.draw(top, text, favour="first")
            return chosen + list(order[:wanted]), set(order[:wanted])
        chosen.extend(sorted(top))
        remaining = [c for c in remaining if c not in top]
    return chosen, set()


#: An election to record: the candidate, why, and whether a lot decided it.
Elected = tuple[int, str, bool]


def record_stage(
    sheet: Sheet,
    action: Action,
    tally: Sequence[int],
    exhausted: int,
    loss: int = 0,
    *,
    subjects: Sequence[int] = (),
    elected: Sequence[Elected] = (),
    excluded: Sequence[int] = (),
    by_lot: bool = False,
    together: str | None = None,
    moves: Mapping[int, Sequence[Move]] | None = None,
    transfer_values: Sequence[int] | None = None,
    lost: int = 0,
    set_aside: int = 0,
    deferred: Sequence[int] = (),
    note: str = "",
) -> int:
    """Write a stage, its decisions and its transfers; return the stage's number.

    ``tally`` holds the candidates' votes and then, at ``exhausted``, the
    non-transferable total; ``loss`` is the running loss to rounding. The
    excluded are recorded first (``together`` is the reason when several go at
    once; by default the reason of one), then the elected in the order given,
    then each source's ``moves`` (:func:`write_transfers`), then the surplus
    ``lost`` to rounding and the value ``set_aside`` as non-transferable, both
    from the first subject. ``transfer_values`` defaults to the distinct values
    of the moves, highest first.
    """
    moves = moves or {}
    if transfer_values is None:
        transfer_values = (
            sorted({m.value for ms in moves.values() for m in ms}, reverse=True) if moves else ()
        )
    number = sheet.stage(
        action,
        tally[:exhausted],
        tally[exhausted],
        loss,
        subjects=subjects,
        elected=[e[0] for e in elected] if elected else (),
        excluded=excluded,
        transfer_values=transfer_values,
        deferred=deferred,
        note=note,
    ).number
    reason = LOWEST_BY_LOT if by_lot else LOWEST
    if together is not None and len(excluded) > 1:
        reason = together
    for c in excluded:
        sheet.exclude(c, reason, by_lot=by_lot)
    for c, why, lot in elected:
        sheet.elect(c, why, by_lot=lot)
    for source, ms in moves.items():
        write_transfers(sheet, number, source, ms, exhausted)
    if lost:
        sheet.transfer(number, subjects[0], LOSS_TO_ROUNDING, 0, lost)
    if set_aside:
        sheet.transfer(number, subjects[0], NON_TRANSFERABLE, 0, set_aside)
    return number


def write_transfers(
    sheet: Sheet, stage: int, source: int, moves: Iterable[Move], exhausted: int
) -> None:
    """One transfer record per target of ``moves`` from ``source``, in target order
    (non-transferable last), with the value per paper where it is the same for all."""
    ordered = sorted(moves)  # by target; the totals do not depend on the order within one
    i, end = 0, len(ordered)
    while i < end:
        target, first, n = ordered[i]
        units = n * first
        same: int | None = first
        i += 1
        while i < end and ordered[i][0] == target:
            _, value, papers = ordered[i]
            n += papers
            units += papers * value
            if value != same:
                same = None
            i += 1
        node = NON_TRANSFERABLE if target == exhausted else target
        sheet.transfer(stage, source, node, n, units, same)


class Move(NamedTuple):
    """Papers that went to one target at one value in a transfer."""

    target: int
    value: int
    papers: int


class Papers:
    """Who holds which ballot papers, at which value, during an STV count.

    Candidates are ``0 .. candidates - 1``; index ``exhausted`` (= ``candidates``)
    is the pile of papers with no next available preference. ``tally[c]`` is the
    value in units each holds: a transfer adds to its targets, and the rule sets
    the source's credit afterwards (the quota after a surplus, 0 after an
    exclusion). Candidates in ``skipped`` (withdrawn) are passed over as if
    absent from the paper. ``void`` counts papers that name nobody standing;
    they are not placed anywhere.
    """

    def __init__(
        self, ballots: Ballots, candidates: int, skipped: Iterable[int], unit: int
    ) -> None:
        self.candidates = candidates
        self.exhausted = candidates
        self.unit = unit
        self.rankings: Sequence[tuple[int, ...]] = ballots.rankings
        self.counts: list[int] = list(ballots.counts)
        self.position: list[int] = [-1] * len(self.rankings)
        self.continuing: list[bool] = [True] * (candidates + 1)
        for c in skipped:
            self.continuing[c] = False
        self.parcels: list[list[Parcel]] = [[] for _ in range(candidates + 1)]
        self.tally: list[int] = [0] * (candidates + 1)
        self.void = 0
        if all(self.continuing):
            self._first_preferences_sorted(ballots.rankings)
        else:
            self._moves(self._place([(unit, list(range(len(self.rankings))))]))
            self.void = self.tally[self.exhausted] // unit
            self.tally[self.exhausted] = 0
            self.parcels[self.exhausted] = []

    def _first_preferences_sorted(self, rankings: Sequence[tuple[int, ...]]) -> None:
        """First preferences when nobody is skipped: the rankings of :class:`Ballots` are
        sorted, so the papers of each first preference are one run of them, found by
        bisection."""
        unit = self.unit
        counts = self.counts
        starts = [bisect_left(rankings, (c,)) for c in range(self.candidates + 1)]
        starts[-1] = len(rankings)
        self.void = sum(counts[: starts[0]])  # empty rankings name nobody
        self.position = [0] * len(rankings)
        for c in range(self.candidates):
            lo, hi = starts[c], starts[c + 1]
            if hi > lo:
                self.parcels[c].append((unit, list(range(lo, hi))))
                self.tally[c] = sum(counts[lo:hi]) * unit

    def transfer(
        self,
        source: int,
        revalue: Callable[[int], int] | None = None,
        parcels: Sequence[Parcel] | None = None,
    ) -> list[Move]:
        """Move ``source``'s papers to their next continuing preference.

        ``parcels`` (some of ``source``'s parcels, default all) are the papers
        that move; the rest stay. ``revalue`` gives a paper's new value from
        its current one (asked once per distinct value); ``None`` keeps the
        values. ``tally[source]`` is left for the rule to set. Returns one
        :class:`Move` per (target, value), targets in index order (``exhausted``
        last), higher values first.
        """
        if parcels is None:
            moving, self.parcels[source] = self.parcels[source], []
        else:
            moving = list(parcels)
            chosen = {id(p) for p in moving}
            self.parcels[source] = [p for p in self.parcels[source] if id(p) not in chosen]
        if revalue is None:
            return self._moves(self._place(moving))
        cache: dict[int, int] = {}
        revalued = []
        for value, groups in moving:
            new = cache.get(value)
            if new is None:
                new = cache[value] = revalue(value)
            revalued.append((new, groups))
        return self._moves(self._place(revalued))

    def weigh(self, parcels: Iterable[Parcel]) -> tuple[int, int]:
        """The papers in ``parcels`` and their value in units."""
        counts = self.counts
        papers = units = 0
        for value, groups in parcels:
            n = sum(counts[g] for g in groups)
            papers += n
            units += n * value
        return papers, units

    def transferable(self, parcels: Iterable[Parcel]) -> tuple[int, int]:
        """The papers in ``parcels`` with a next available preference, and their value."""
        rankings, position, continuing = self.rankings, self.position, self.continuing
        counts = self.counts
        papers = units = 0
        for value, groups in parcels:
            for g in groups:
                ranking = rankings[g]
                p = position[g] + 1
                end = len(ranking)
                while p < end and not continuing[ranking[p]]:
                    p += 1
                if p < end:
                    papers += counts[g]
                    units += counts[g] * value
        return papers, units

    def _place(self, moving: list[Parcel]) -> dict[int, list[list[int]]]:
        """Advance every group of ``moving`` to its next continuing preference."""
        rankings = self.rankings
        position = self.position
        continuing = self.continuing
        exhausted = self.exhausted
        width = len(continuing)
        out: dict[int, list[list[int]]] = {}
        for value, groups in moving:
            dest = out.get(value)
            if dest is None:
                dest = out[value] = [[] for _ in range(width)]
            for g in groups:
                ranking = rankings[g]
                p = position[g] + 1
                end = len(ranking)
                while p < end and not continuing[ranking[p]]:
                    p += 1
                position[g] = p
                dest[ranking[p] if p < end else exhausted].append(g)
        return out

    def _moves(self, out: dict[int, list[list[int]]]) -> list[Move]:
        counts = self.counts
        parcels = self.parcels
        tally = self.tally
        moves: list[Move] = []
        for value, dest in out.items():
            for target, groups in enumerate(dest):
                if groups:
                    n = sum(map(counts.__getitem__, groups))
                    parcels[target].append((value, groups))
                    tally[target] += n * value
                    moves.append(Move(target, value, n))
        moves.sort(key=lambda m: (m.target, -m.value))
        return moves


#: The environment variable that picks how a count that moves whole piles keeps its
#: papers: ``auto`` (the default: in arrays where the reader gave the rankings as arrays,
#: else in Python: packing tuples into arrays costs more than it saves), ``pure``
#: (:class:`Papers`) or ``arrays`` (:class:`~.array_papers.ArrayPapers`; an error
#: without numpy).
ENGINE_VARIABLE = "TELLERS_COUNT_ENGINE"
ENGINES = ("auto", "pure", "arrays")


def whole_piles(
    ballots: Ballots, candidates: int, skipped: Iterable[int], unit: int
) -> Papers | ArrayPapers:
    """The papers of a count whose transfers move a candidate's whole pile: in arrays
    or in Python (see :data:`ENGINE_VARIABLE`); the two move the same papers."""
    chosen = (os.environ.get(ENGINE_VARIABLE) or "auto").strip().lower()
    if chosen not in ENGINES:
        raise TellersError(
            f"expected a count engine among {', '.join(ENGINES)}, not {chosen!r} "
            f"(from {ENGINE_VARIABLE})"
        )
    if chosen == "auto" and not ballots.has_arrays:
        chosen = "pure"
    if chosen != "pure":
        try:
            from .array_papers import ArrayPapers
        except ImportError:
            if chosen == "arrays":
                raise TellersError(
                    f"{ENGINE_VARIABLE}=arrays needs numpy: pip install numpy"
                ) from None
        else:
            return ArrayPapers(ballots, candidates, skipped, unit)
    return Papers(ballots, candidates, skipped, unit)
