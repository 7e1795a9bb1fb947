"""What an RCTab count is: its rules (the configuration's options), its contestants,
its rounds and tie-breaks, and the names RCTab gives its reserved nodes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from ...errors import RulesError

#: Name RCTab gives the undeclared write-in pseudo-candidate.
UNDECLARED_WRITE_INS = "Undeclared Write-ins"
#: Reserved transfer targets, as RCTab names them.
EXHAUSTED = "exhausted"
RESIDUAL_SURPLUS = "residual surplus"


class Overvote(StrEnum):
    EXHAUST_IMMEDIATELY = "exhaustImmediately"
    ALWAYS_SKIP = "alwaysSkipToNextRank"
    EXHAUST_IF_MULTIPLE_CONTINUING = "exhaustIfMultipleContinuing"


class Mode(StrEnum):
    SINGLE = "singleWinnerMajority"
    MULTI_ONE_PER_ROUND = "multiWinnerAllowOnlyOneWinnerPerRound"
    MULTI = "multiWinnerAllowMultipleWinnersPerRound"
    BOTTOMS_UP = "bottomsUp"
    BOTTOMS_UP_PERCENTAGE = "bottomsUpUsingPercentageThreshold"
    SEQUENTIAL = "multiPassIrv"


class Tiebreak(StrEnum):
    RANDOM = "random"
    ASK = "stopCountingAndAsk"
    PREVIOUS_THEN_RANDOM = "previousRoundCountsThenRandom"
    PREVIOUS_THEN_ASK = "previousRoundCountsThenAsk"
    CANDIDATE_ORDER = "useCandidateOrder"
    GENERATE_PERMUTATION = "generatePermutation"


class Inactive(StrEnum):
    """Why a paper stopped counting, with the key of RCTab's report."""

    UNDERVOTE = "undervotes"  # ranked no candidate at all
    OVERVOTE = "overvotes"
    SKIPPED = "skippedRankings"
    REPEATED = "repeatedRankings"
    EXHAUSTED = "exhaustedChoices"
    FINAL_ROUND_SURPLUS = "finalRoundSurplus"


@dataclass(frozen=True, slots=True)
class RctabRules:
    """The ``rules`` section of an RCTab contest configuration, checked."""

    seats: int = 1
    mode: Mode = Mode.SINGLE
    overvote: Overvote = Overvote.EXHAUST_IMMEDIATELY
    max_skipped_ranks: int | None = None  # None: unlimited
    max_rankings: int | None = None  # None: as many as declared candidates
    exhaust_on_duplicate: bool = False
    places: int = 4
    non_integer_threshold: bool = False
    hare_quota: bool = False
    first_round_determines_threshold: bool = False
    minimum_vote_threshold: Decimal = Decimal(0)
    bottoms_up_percentage: Decimal | None = None  # e.g. Decimal("0.15")
    batch_elimination: bool = False
    cutoff_elimination: bool = False  # bottoms-up by percentage: drop all below it at once
    continue_until_two: bool = False
    stop_after_round: int | None = None
    tiebreak: Tiebreak = Tiebreak.CANDIDATE_ORDER
    random_seed: int | None = None

    def __post_init__(self) -> None:
        if self.places < 0 or self.places > 20:
            raise RulesError(f"decimalPlacesForVoteArithmetic must be 0 to 20, not {self.places}")
        if self.max_skipped_ranks is not None and self.max_skipped_ranks < 0:
            raise RulesError("maxSkippedRanksAllowed must be 0 or more, or unlimited")
        if self.max_rankings is not None and self.max_rankings < 1:
            raise RulesError("maxRankingsAllowed must be 1 or more, or max")
        if self.minimum_vote_threshold.scaleb(self.places) % 1:
            # RCTab takes a whole number; a finer one would leave a winner's tally short
            # of the papers they hold by a part of a unit that no count can show.
            raise RulesError(
                f"minimumVoteThreshold {self.minimum_vote_threshold} has more decimal places "
                f"than decimalPlacesForVoteArithmetic ({self.places})"
            )
        needs_seed = self.tiebreak in (
            Tiebreak.RANDOM,
            Tiebreak.PREVIOUS_THEN_RANDOM,
            Tiebreak.GENERATE_PERMUTATION,
        )
        if needs_seed and self.random_seed is None:
            raise RulesError(f"tiebreakMode {self.tiebreak} needs a randomSeed")
        if self.mode is Mode.BOTTOMS_UP_PERCENTAGE and self.bottoms_up_percentage is None:
            raise RulesError("bottomsUpUsingPercentageThreshold needs a percentage")

    @property
    def uses_surpluses(self) -> bool:
        """Whether winners' surpluses are transferred (multi-winner, not bottoms-up)."""
        return self.seats > 1 and self.mode in (Mode.MULTI, Mode.MULTI_ONE_PER_ROUND)


@dataclass(frozen=True, slots=True)
class Contestants:
    """Who stands: names in configuration order, and the tie-break order.

    ``names`` may end with :data:`UNDECLARED_WRITE_INS` (index ``write_ins``).
    ``order`` is the candidates' tie-break order (``useCandidateOrder``),
    ``keys`` the strings RCTab sorts before generating a permutation (codes
    where the configuration gives them, else names).
    """

    names: tuple[str, ...]
    excluded: frozenset[int] = frozenset()
    write_ins: int | None = None
    keys: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.keys:
            object.__setattr__(self, "keys", self.names)
        if len(self.keys) != len(self.names):
            raise ValueError("one tie-break key is needed for each candidate")

    @property
    def declared(self) -> int:
        return len(self.names) - (1 if self.write_ins is not None else 0)


@dataclass(frozen=True, slots=True)
class TieBreak:
    """A tie decided by the tie-break mode: who was tied, who it chose, and how."""

    round: int
    electing: bool
    tied: tuple[int, ...]
    chosen: int
    how: str


@dataclass(frozen=True, slots=True)
class Round:
    """One round: its tally, threshold, inactive papers, and what it decided.

    ``transfers`` maps a candidate elected or eliminated in this round to the
    value their papers gave each candidate (or :data:`EXHAUSTED`,
    :data:`RESIDUAL_SURPLUS`) as the next round was counted.
    """

    number: int
    tally: Mapping[int, Decimal]
    threshold: Decimal
    inactive: Mapping[Inactive, Decimal]
    elected: tuple[int, ...]
    eliminated: tuple[int, ...]
    transfers: Mapping[int, Mapping[int | str, Decimal]]
    residual_surplus: Decimal
    tiebreaks: tuple[TieBreak, ...] = ()
    #: How many papers made each of ``transfers`` (none for a residual surplus).
    transfer_papers: Mapping[int, Mapping[int | str, int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RctabCount:
    """A finished RCTab count: the rounds and who won."""

    contestants: Contestants
    rules: RctabRules
    rounds: tuple[Round, ...]
    winners: tuple[int, ...]
    papers: int
    undervotes: int
    permutation: tuple[int, ...] = field(default=())

    def name(self, index: int) -> str:
        return self.contestants.names[index]


def format_value(value: Decimal) -> str:
    """A value as RCTab writes it: no exponent, no trailing zeros after the point."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


Formatter = Callable[[Decimal], str]
