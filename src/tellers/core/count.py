"""The record of a count: immutable stages, decisions, transfers and lots.

Every report, chart and check is a view of a :class:`Count`; nothing re-counts
to draw. Values are :class:`~decimal.Decimal` with the rule set's decimal
places, so a record prints exactly as the count sheet does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING

from .model import Contest

if TYPE_CHECKING:  # the records hold Decimals that the rule sets make: no import at start-up
    from decimal import Decimal

    import polars
    import pyarrow  # type: ignore[import-untyped, import-not-found, unused-ignore]

#: Reserved transfer targets: value that left the count with papers that had no
#: next available preference, and value lost when transfer values are truncated.
NON_TRANSFERABLE = -1
LOSS_TO_ROUNDING = -2


class Action(StrEnum):
    """What happened at a stage, in the words of the count sheet."""

    FIRST = "first preferences"
    COUNT = "count"
    SURPLUS = "surplus"
    EXCLUSION = "exclusion"
    SECOND_PREFERENCES = "second preferences"
    LAST_VACANCIES = "last vacancies"
    ALLOCATION = "allocation"


class Outcome(StrEnum):
    ELECTED = "elected"
    EXCLUDED = "excluded"


@dataclass(frozen=True, slots=True)
class Lot:
    """A tie decided by lot: who was tied, the order drawn, and who it decided.

    ``order`` runs from the candidate the draw favoured to the one it did not:
    for an election the first is elected, for an exclusion the last is
    excluded, for the order of surpluses the first is transferred first.
    """

    stage: int
    purpose: str
    tied: tuple[int, ...]
    order: tuple[int, ...]
    chosen: int
    how: str


@dataclass(frozen=True, slots=True)
class Decision:
    """A candidate elected or excluded at a stage, and why."""

    stage: int
    candidate: int
    outcome: Outcome
    reason: str
    by_lot: bool = False


@dataclass(frozen=True, slots=True)
class Transfer:
    """Value moved at a stage from a candidate to a candidate or reserved node."""

    stage: int
    source: int
    target: int
    papers: int
    value: Decimal
    transfer_value: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of the count and the totals at its end.

    ``non_transferable`` and ``loss_to_rounding`` are running totals; at every
    stage ``sum(votes) + non_transferable + loss_to_rounding`` equals the valid
    papers (in a block vote, where a paper carries several votes, it does not).
    """

    number: int
    action: Action
    subjects: tuple[int, ...]
    votes: tuple[Decimal, ...]
    non_transferable: Decimal
    loss_to_rounding: Decimal
    elected: tuple[int, ...] = ()
    excluded: tuple[int, ...] = ()
    transfer_values: tuple[Decimal, ...] = ()
    deferred: tuple[int, ...] = ()
    lots: tuple[Lot, ...] = ()
    note: str = ""


def _frozen(mapping: Mapping[str, str] | None) -> Mapping[str, str]:
    return MappingProxyType(dict(sorted((mapping or {}).items())))


@dataclass(frozen=True, slots=True)
class Count:
    """A finished count: what was counted, under which rules, and every stage."""

    contest: Contest
    rules: str
    places: int
    valid_papers: Decimal | None
    quota: Decimal | None
    stages: tuple[Stage, ...]
    decisions: tuple[Decision, ...]
    transfers: tuple[Transfer, ...]
    options: Mapping[str, str] = field(default_factory=lambda: _frozen(None))
    notes: tuple[str, ...] = ()
    #: How lots were to be drawn, as printed with the result ("seed 42", "supplied").
    lot_provider: str = "none supplied"

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", _frozen(self.options))

    @property
    def elected(self) -> tuple[int, ...]:
        """Candidates elected, in order of election."""
        return tuple(d.candidate for d in self.decisions if d.outcome is Outcome.ELECTED)

    @property
    def excluded(self) -> tuple[int, ...]:
        return tuple(d.candidate for d in self.decisions if d.outcome is Outcome.EXCLUDED)

    @property
    def lots(self) -> tuple[Lot, ...]:
        return tuple(lot for stage in self.stages for lot in stage.lots)

    @property
    def final(self) -> Stage:
        return self.stages[-1]

    def name(self, index: int) -> str:
        """A candidate's name, or the name of a reserved transfer target."""
        if index == NON_TRANSFERABLE:
            return "non-transferable"
        if index == LOSS_TO_ROUNDING:
            return "loss to rounding"
        return self.contest.candidates[index].name

    def elected_names(self) -> tuple[str, ...]:
        return tuple(self.name(i) for i in self.elected)

    def stage_of(self, candidate: int) -> Decision | None:
        """The decision that elected or excluded ``candidate``, if any."""
        for decision in self.decisions:
            if decision.candidate == candidate:
                return decision
        return None

    def to_frame(self) -> polars.DataFrame:
        """The stage sheet as a tidy polars DataFrame, one row per stage and candidate
        (and non-transferable, loss to rounding); votes as exact decimals. Needs the
        ``frames`` extra. The columns: :mod:`tellers.core.table`."""
        from .table import to_frame

        return to_frame(self)

    def to_arrow(self) -> pyarrow.Table:
        """The same table as a pyarrow Table (``.to_pandas()`` gives pandas)."""
        from .table import to_arrow

        return to_arrow(self)
