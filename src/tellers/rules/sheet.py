"""The count sheet a rule set writes as it counts.

A :class:`Sheet` keeps the stages, decisions, transfers and lots of a count in
progress, draws lots through the :class:`~tellers.core.lots.LotProvider`, and
answers the look-back questions tie rules ask of earlier stages. Rule modules
do the arithmetic in integer units of 10^-places and hand the sheet their
totals; the sheet turns them into the immutable :class:`~tellers.core.count.Count`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from enum import StrEnum

from ..core.count import Action, Count, Decision, Lot, Outcome, Stage, Transfer
from ..core.lots import LotProvider
from ..core.model import Contest
from ..core.values import to_decimal


class LookBack(StrEnum):
    """Which earlier stage breaks a tie (spec README, convention 4)."""

    BACKWARD = "backward"  # the most recent earlier stage where the tied differ (Scotland)
    FORWARD = "forward"  # the first stage where they differ (NI, Ireland, ERS97, AV 2011)


class Sheet:
    """Stages, decisions, transfers and lots of a count in progress."""

    def __init__(self, contest: Contest, rules: str, places: int, lots: LotProvider) -> None:
        self.contest = contest
        self.rules = rules
        self.places = places
        self.lots = lots
        self.stages: list[Stage] = []
        self.decisions: list[Decision] = []
        self.transfers: list[Transfer] = []
        self._pending_lots: list[Lot] = []
        self._history: list[tuple[int, ...]] = []  # votes in units, per stage

    # -- values ---------------------------------------------------------------
    def value(self, units: int) -> Decimal:
        return to_decimal(units, self.places)

    @property
    def next_stage(self) -> int:
        return len(self.stages) + 1

    # -- recording ------------------------------------------------------------
    def stage(
        self,
        action: Action,
        votes: Sequence[int],
        non_transferable: int = 0,
        loss_to_rounding: int = 0,
        *,
        subjects: Sequence[int] = (),
        elected: Sequence[int] = (),
        excluded: Sequence[int] = (),
        transfer_values: Sequence[int] = (),
        deferred: Sequence[int] = (),
        note: str = "",
    ) -> Stage:
        """Record a stage; ``votes`` and the other amounts are in units."""
        number = self.next_stage
        lots = tuple(replace(lot, stage=number) for lot in self._pending_lots)
        self._pending_lots.clear()
        record = Stage(
            number=number,
            action=action,
            subjects=tuple(subjects),
            votes=tuple(self.value(v) for v in votes),
            non_transferable=self.value(non_transferable),
            loss_to_rounding=self.value(loss_to_rounding),
            elected=tuple(elected),
            excluded=tuple(excluded),
            transfer_values=tuple(self.value(v) for v in transfer_values),
            deferred=tuple(deferred),
            lots=lots,
            note=note,
        )
        self.stages.append(record)
        self._history.append(tuple(votes))
        return record

    def decide(
        self,
        candidate: int,
        outcome: Outcome,
        reason: str,
        *,
        stage: int | None = None,
        by_lot: bool = False,
    ) -> None:
        number = stage if stage is not None else len(self.stages)
        self.decisions.append(Decision(number, candidate, outcome, reason, by_lot))

    def elect(self, candidate: int, reason: str, *, by_lot: bool = False) -> None:
        """Record ``candidate`` as elected at the latest stage."""
        self.decide(candidate, Outcome.ELECTED, reason, by_lot=by_lot)

    def exclude(
        self, candidate: int, reason: str, *, stage: int | None = None, by_lot: bool = False
    ) -> None:
        self.decide(candidate, Outcome.EXCLUDED, reason, stage=stage, by_lot=by_lot)

    def transfer(
        self,
        stage: int,
        source: int,
        target: int,
        papers: int,
        units: int,
        transfer_value: int | None = None,
    ) -> None:
        tv = None if transfer_value is None else self.value(transfer_value)
        self.transfers.append(Transfer(stage, source, target, papers, self.value(units), tv))

    # -- ties -----------------------------------------------------------------
    def draw(
        self, tied: Sequence[int], purpose: str, *, favour: str = "first", stage: int | None = None
    ) -> tuple[int, ...]:
        """Ask the lot provider to order ``tied``; record the lot for the next stage.

        Returns the order, favoured first. ``favour`` says whom the lot decides
        for: ``"first"`` (elected, transferred first) or ``"last"`` (excluded).
        ``stage`` is the stage the question is asked at, as told to the provider
        and printed if no lot can be drawn (default: the next stage).
        """
        names = [self.contest.candidates[i].name for i in sorted(tied)]
        asked_at = stage if stage is not None else self.next_stage
        answer = list(self.lots.draw(names, purpose, asked_at))
        if sorted(answer) != sorted(names):
            raise ValueError(f"the lot provider answered {answer} for {names}")
        order = tuple(self.contest.index(name) for name in answer)
        chosen = order[0] if favour == "first" else order[-1]
        lot = Lot(asked_at, purpose, tuple(sorted(tied)), order, chosen, self.lots.describe())
        self._pending_lots.append(lot)
        return order

    def attach_pending_lots(self) -> None:
        """Attach lots drawn after the last stage (e.g. a final tie) to that stage."""
        if self._pending_lots and self.stages:
            last = self.stages[-1]
            lots = last.lots + tuple(replace(lot, stage=last.number) for lot in self._pending_lots)
            self.stages[-1] = replace(last, lots=lots)
            self._pending_lots.clear()

    def look_back(
        self, tied: Sequence[int], direction: LookBack, *, lowest: bool, before: int | None = None
    ) -> tuple[int, ...]:
        """Narrow ``tied`` by earlier stages; return who is still tied at the extreme.

        Stages are examined from the most recent preceding one (backward) or
        the first (forward), up to but not including stage ``before`` (default:
        the latest stage). At each stage only the candidates at the extreme
        (lowest, or highest) stay tied; one candidate left ends the search.
        """
        group = tuple(sorted(tied))
        end = (before if before is not None else len(self._history)) - 1
        numbers = range(end - 1, -1, -1) if direction is LookBack.BACKWARD else range(end)
        for i in numbers:
            votes = self._history[i]
            pick = min if lowest else max
            extreme = pick(votes[c] for c in group)
            group = tuple(c for c in group if votes[c] == extreme)
            if len(group) == 1:
                break
        return group

    # -- result ---------------------------------------------------------------
    def finish(
        self,
        valid_papers: int | None,
        quota: int | None,
        options: Mapping[str, object],
        notes: Sequence[str] = (),
    ) -> Count:
        """The finished :class:`Count`. ``valid_papers`` and ``quota`` are in units."""
        self.attach_pending_lots()
        return Count(
            contest=self.contest,
            rules=self.rules,
            places=self.places,
            valid_papers=None if valid_papers is None else self.value(valid_papers),
            quota=None if quota is None else self.value(quota),
            stages=tuple(self.stages),
            decisions=tuple(self.decisions),
            transfers=tuple(self.transfers),
            options={k: _option_text(v) for k, v in options.items()},
            lot_provider=self.lots.describe(),
            notes=tuple(notes),
        )


def _option_text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
