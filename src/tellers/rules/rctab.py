"""US ranked-choice voting with RCTab's option set (rule set ``rctab``).

Purpose: count cast vote records as the RCTab tabulator (BrightSpots/rcv,
the tabulator certified for US ranked-choice elections) does, option for
option, so that a contest configuration gives the same rounds, tallies,
transfers and thresholds as RCTab's detailed report. The options are those
of RCTab's contest configuration ``rules`` section:

* ``overvoteRule``: an overvote (two or more marks at one rank, or a mark
  the file reports only as "overvote") exhausts the paper
  (``exhaustImmediately``), is passed over (``alwaysSkipToNextRank``), or
  exhausts the paper only when two or more of the marked candidates are
  still continuing (``exhaustIfMultipleContinuing``);
* ``maxSkippedRanksAllowed``: a gap of more unmarked ranks than this between
  two marks (or before the first) exhausts the paper (``unlimited``: never);
* ``exhaustOnDuplicateCandidate``: a candidate marked at a second rank
  exhausts the paper, rather than being passed over;
* ``maxRankingsAllowed``: ranks beyond it are not read (``max``: as many as
  there are declared candidates);
* winner election modes: single winner; several winners, allowing several
  (or only one) per round, with fractional transfer of surpluses
  (``multiWinnerAllowMultipleWinnersPerRound`` /
  ``multiWinnerAllowOnlyOneWinnerPerRound``); bottoms-up (eliminate until as
  many remain as there are seats); bottoms-up using a percentage threshold;
  sequential multi-pass IRV (run by the configuration runner, one pass per
  seat, earlier winners excluded);
* threshold: more than votes / (seats + 1), in whole votes unless
  ``nonIntegerWinningThreshold`` (then to the decimal places), or at least
  votes / seats (``hareQuota``), never below ``minimumVoteThreshold``; in a
  single-winner count it is recomputed every round from the continuing
  votes unless ``doesFirstRoundDetermineThreshold``; a multi-winner count
  fixes it in round 1;
* ``batchElimination``, ``continueUntilTwoCandidatesRemain``,
  ``stopTabulationEarlyAfterRound``, ``minimumVoteThreshold``;
* tie-break modes: ``random``, ``previousRoundCountsThenRandom`` and
  ``generatePermutation`` use a generator seeded with ``randomSeed`` that
  draws exactly as ``java.util.Random`` does; ``useCandidateOrder`` takes
  the order of the configuration's candidates (the loser is the latest, the
  winner the earliest); ``stopCountingAndAsk`` and
  ``previousRoundCountsThenAsk`` ask the :class:`~tellers.core.lots.LotProvider`
  (by default none, so the count stops with :class:`~tellers.errors.LotNeeded`);
* undeclared write-ins count as one pseudo-candidate, which cannot win, is
  eliminated as soon as it holds any vote, and blocks any election while it
  does; excluded candidates are never continuing.

Design: the records are distinct and sorted, so the records that share
their first k ranks are one contiguous run of them. A count keeps one state
per *group* of papers (the paper it currently counts for, whether it is
inactive and why, the value it left with each winner, and how far its
ranks have been read): at first one group holds every paper; when a group
needs a new candidate, it reads on from the rank where it stopped (the ranks
before hold no continuing candidate, since a candidate never continues
again once out, so RCTab's reading from the first rank would pass over
them), and splits, by bisection of the run, only where the records' marks
differ. Papers with the same marks up to the rank where they find a
candidate, or become inactive, thus move together, and a paper is never
read past that rank: ranks beyond ``maxRankingsAllowed`` are never read, a
paper that runs out of read ranks is exhausted (or an undervote if it had
no mark in them), and the papers that become inactive together are one
group. The skipped-rank, duplicate and overvote rules are applied as the
group reads, with the candidates continuing at that moment, so
``exhaustIfMultipleContinuing`` and the skipped-rank limit keep their
round-by-round meaning. A round costs one step per group plus the reading
of the groups that move (for Maine's 2018 CVR, 1,564 distinct records make
11 groups in round 1 and 87 in round 2). Values are integers in units of
10^-places (``decimalPlacesForVoteArithmetic``); a surplus fraction and the
part of a paper it transfers are truncated to the places, and what the
truncation keeps back from the winner is the "residual surplus". Transfers
are recorded under the round that decided them (an elimination or election
in round r moves votes as round r + 1 is counted), as RCTab reports them.
The count is pure: reading configurations and files is in
:mod:`tellers.formats.cvr`.

As a rule set (``rctab``, alias ``us-rcv``), :func:`count_rctab` takes an
:class:`~tellers.core.model.Election` of cast vote records (or of ballots,
taken as records: :func:`records_of`) and the options above under
kebab-case names (:data:`OPTIONS`), and :func:`to_count` turns RCTab's rounds
into a :class:`~tellers.core.count.Count`: a round is a stage, inactive
papers are non-transferable, residual surplus is the loss to rounding.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from operator import itemgetter
from typing import overload

from ..core.count import (
    LOSS_TO_ROUNDING,
    NON_TRANSFERABLE,
    Action,
    Count,
    Decision,
    Lot,
    Outcome,
    Stage,
    Transfer,
)
from ..core.lots import LotProvider, NoLots
from ..core.model import Ballots, Contest, Election
from ..core.records import OVERVOTE, CastVoteRecords, Record
from ..core.values import to_decimal
from ..errors import CountError, RulesError
from .cvr_readings import reading_notes
from .registry import Option, OptionValue, RuleSet, register

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


class JavaRandom:
    """The linear congruential generator of ``java.util.Random``, draw for draw."""

    _MULTIPLIER = 0x5DEECE66D
    _MASK = (1 << 48) - 1

    def __init__(self, seed: int) -> None:
        self._seed = (seed ^ self._MULTIPLIER) & self._MASK

    def next(self, bits: int) -> int:
        self._seed = (self._seed * self._MULTIPLIER + 0xB) & self._MASK
        return self._seed >> (48 - bits)

    def next_double_times(self, size: int) -> int:
        """``floor(nextDouble() * size)``, computed exactly."""
        value = (self.next(26) << 27) + self.next(27)
        return (value * size) >> 53

    def next_int(self, bound: int) -> int:
        """``nextInt(bound)``, with Java's rejection of the uneven top range."""
        r = self.next(31)
        m = bound - 1
        if bound & m == 0:
            return (bound * r) >> 31
        u = r
        r = u % bound
        while u - r + m >= 1 << 31:
            u = self.next(31)
            r = u % bound
        return r

    def shuffle(self, items: list[str]) -> None:
        """``Collections.shuffle(items, this)``."""
        for i in range(len(items), 1, -1):
            j = self.next_int(i)
            items[i - 1], items[j] = items[j], items[i - 1]


def java_order(text: str) -> bytes:
    """Sort key giving Java's ``String.compareTo`` order (UTF-16 code units)."""
    return text.encode("utf-16-be", "surrogatepass")


def java_hash(text: str) -> int:
    """Java's ``String.hashCode``, as an unsigned 32-bit number."""
    h = 0
    for unit in range(0, len(data := text.encode("utf-16-be", "surrogatepass")), 2):
        h = (31 * h + int.from_bytes(data[unit : unit + 2], "big")) & 0xFFFFFFFF
    return h


def java_hash_set_order(texts: Sequence[str]) -> list[str]:
    """The order a ``java.util.HashSet`` built from ``texts`` iterates in.

    RCTab draws among candidates still tied after looking back at earlier
    rounds in this order, so the seeded draw picks the same candidate.
    """
    capacity = 16
    while capacity * 3 // 4 < len(texts):
        capacity *= 2

    def bucket(text: str) -> int:
        h = java_hash(text)
        return (h ^ (h >> 16)) & (capacity - 1)

    return sorted(texts, key=bucket)  # stable: a bucket keeps insertion order


_ACTIVE = None  # status of a paper still counting


#: Records ``[lo, hi)`` of the sorted records, which share their first ``read``
#: ranks, as ``(lo, hi, read, last, seen)``: ``last`` is the last of those ranks
#: with a mark (0: none), ``seen`` the candidates marked in them (kept only for
#: ``exhaustOnDuplicateCandidate``).
_Span = tuple[int, int, int, int, frozenset[int]]


class _Counter:
    """The state of a count in progress; :func:`count_rctab` drives it."""

    def __init__(
        self,
        records: CastVoteRecords,
        who: Contestants,
        rules: RctabRules,
        lots: LotProvider,
    ) -> None:
        self.who = who
        self.rules = rules
        self.lots = lots
        self.unit: int = 10**rules.places
        #: Ranks beyond this are not read (``maxRankingsAllowed``).
        self.limit = rules.max_rankings if rules.max_rankings is not None else who.declared
        self.records = records.records  # distinct and sorted: a prefix is a contiguous run
        self.papers = records.counts  # papers of each record
        # One group a node of the records' prefix tree: the records [lo, hi) that share
        # their first ``read`` ranks, read up to there (``last`` the last marked rank read,
        # ``seen`` the candidates marked so far); all its papers are in the same state.
        root: _Span = (0, len(self.records), 0, 0, frozenset())
        whole = [root] if self.records else []
        self.span: list[_Span] = whole
        self.counts: list[int] = [records.papers] if whole else []
        self.recipient: list[int | None] = [None] * len(whole)
        self.status: list[Inactive | None] = [_ACTIVE] * len(whole)
        self.kept: list[dict[int, int]] = [{} for _ in whole]  # per paper, by winner
        self.elected: dict[int, int] = {}  # winner -> round
        self.eliminated: dict[int, int] = {}
        self.round = 0
        self.tallies: list[dict[int, int]] = []
        self.thresholds: list[Fraction] = []
        self.in_units: list[int | Fraction] = []  # each threshold, in units
        minimum = rules.minimum_vote_threshold
        self.minimum: int | Fraction = _units(Fraction(minimum) * self.unit) if minimum else 0
        self.transfers: dict[int, dict[int, dict[int | str, int]]] = {}
        self.moved_papers: dict[int, dict[int, dict[int | str, int]]] = {}
        self.inactive: list[dict[Inactive, int]] = []
        self.residual: list[int] = []
        self.tiebreaks: list[list[TieBreak]] = []
        self.standing = len(who.names) - len(who.excluded)
        self.permutation = self._permutation()
        self.random: JavaRandom | None = None
        if rules.tiebreak in (Tiebreak.RANDOM, Tiebreak.PREVIOUS_THEN_RANDOM):
            assert rules.random_seed is not None
            self.random = JavaRandom(rules.random_seed)

    # -- candidates -----------------------------------------------------------
    def _permutation(self) -> list[int]:
        order = [i for i in range(len(self.who.names)) if i != self.who.write_ins]
        if self.rules.tiebreak is Tiebreak.GENERATE_PERMUTATION:
            assert self.rules.random_seed is not None
            keys = sorted((self.who.keys[i] for i in order), key=java_order)
            JavaRandom(self.rules.random_seed).shuffle(keys)
            index = {self.who.keys[i]: i for i in order}
            order = [index[k] for k in keys]
        return order

    def continuing(self, candidate: int) -> bool:
        if candidate == OVERVOTE or candidate in self.who.excluded:
            return False
        if candidate in self.elected:
            return self.rules.continue_until_two
        return candidate not in self.eliminated

    def value(self, group: int) -> int:
        """What one paper of ``group`` is worth now, in units."""
        return self.unit - sum(self.kept[group].values())

    # -- a round --------------------------------------------------------------
    def count_round(self) -> dict[int, int]:
        self.round += 1
        number = self.round
        tally = {c: 0 for c in range(len(self.who.names)) if self.continuing(c)}
        inactive = dict.fromkeys(Inactive, 0)
        moves: dict[int, dict[int | str, int]] = {}
        self.transfers[number] = moves
        moved_papers: dict[int, dict[int | str, int]] = {}
        self.moved_papers[number] = moved_papers
        rules = self.rules
        final_surplus = rules.uses_surpluses and len(self.elected) == rules.seats
        status, recipient, counts, spans = self.status, self.recipient, self.counts, self.span
        papers_of = self.papers
        for group in range(len(status)):  # groups split off below are settled already
            why = status[group]
            if why is not _ACTIVE:
                inactive[why] += self.value(group) * counts[group]
                continue
            current = recipient[group]
            if current is not None and current in tally:
                tally[current] += self.value(group) * counts[group]
                continue
            value = self.value(group)
            kept = self.kept[group]
            span = spans[group]
            if final_surplus and span[3]:  # RCTab stops at a paper's first marked rank
                found: list[tuple[_Span, int]] = []
                ended = {Inactive.FINAL_ROUND_SURPLUS: counts[group]}
            else:
                found, ended = self._read_on(span, tally, final_surplus)
            # The papers that went on to a candidate (one group for each run of records),
            # then those that became inactive (one group for each reason).
            fates: list[tuple[_Span, int | None, int, Inactive | None]] = [
                (part, target, sum(papers_of[part[0] : part[1]]), None) for part, target in found
            ]
            fates.extend((span, None, papers, reason) for reason, papers in ended.items())
            for i, (part, target, papers, reason) in enumerate(fates):
                if i == 0:
                    into = group
                    spans[group] = part
                    counts[group] = papers
                else:  # a new group: papers whose marks part from the others' here
                    into = len(status)
                    spans.append(part)
                    counts.append(papers)
                    recipient.append(current)
                    status.append(_ACTIVE)
                    self.kept.append(dict(kept))
                worth = value * papers
                if worth > 0 and current is not None:
                    key: int | str = EXHAUSTED if target is None else target
                    moved = moves.setdefault(current, {})
                    moved[key] = moved.get(key, 0) + worth
                    by_papers = moved_papers.setdefault(current, {})
                    by_papers[key] = by_papers.get(key, 0) + papers
                recipient[into] = target
                if target is None:
                    assert reason is not None
                    status[into] = reason
                    inactive[reason] += worth
                else:
                    tally[target] += worth
        self.tallies.append(tally)
        self.inactive.append(inactive)
        self.residual.append(self.residual[-1] if self.residual else 0)
        self.tiebreaks.append([])
        return tally

    def _read_on(
        self, span: _Span, live: Mapping[int, int], final_surplus: bool
    ) -> tuple[list[tuple[_Span, int]], dict[Inactive, int]]:
        """Where the papers of ``span`` go now that they need a continuing candidate.

        The records are read on from rank ``read + 1`` as RCTab reads a paper
        from its first rank: the ranks already read hold no continuing
        candidate (a candidate who stops continuing never continues again), so
        reading them again would pass over them and end in the same place.
        Where the records' marks differ, the span splits into runs of records
        that share their marks (runs of the sorted records, found by
        bisection). Returns the runs that reach a continuing candidate (in
        ``live``), in the records' order, with that candidate, and how many
        papers became inactive for each reason.
        """
        rules = self.rules
        records = self.records
        papers_of = self.papers
        skip_limit = rules.max_skipped_ranks
        gap = self.limit + 1 if skip_limit is None else skip_limit + 1  # unlimited: never
        on_duplicate = rules.exhaust_on_duplicate
        overvote_rule = rules.overvote
        limit = self.limit
        found: list[tuple[_Span, int]] = []
        ended: dict[Inactive, int] = {}
        todo: list[_Span] = [span]
        why: Inactive | None
        chosen: int | None
        while todo:
            lo, hi, read, last, seen = todo.pop()
            if read >= limit:
                why = Inactive.EXHAUSTED if last else Inactive.UNDERVOTE
                ended[why] = ended.get(why, 0) + sum(papers_of[lo:hi])
                continue
            if len(records[lo]) == read:  # the one record that ends here sorts first
                why = Inactive.EXHAUSTED if last else Inactive.UNDERVOTE
                ended[why] = ended.get(why, 0) + papers_of[lo]
                lo += 1
            runs: list[_Span] = []
            rank = read + 1
            key = itemgetter(read)
            while lo < hi:
                marks = records[lo][read]
                end = lo + 1
                if end < hi and records[end][read] == marks:  # a run of several records
                    end = hi
                    if records[hi - 1][read] != marks:
                        end = bisect_right(records, marks, lo + 2, hi, key=key)
                if not marks:
                    runs.append((lo, end, rank, last, seen))
                    lo = end
                    continue
                why = None
                chosen = None
                marked = seen
                if final_surplus:
                    why = Inactive.FINAL_ROUND_SURPLUS
                elif rank - last > gap:
                    why = Inactive.SKIPPED
                else:
                    if on_duplicate:
                        marked = seen.union(marks)
                        if len(marked) - len(seen) < len(marks):
                            why = Inactive.REPEATED
                    if why is None and len(marks) == 1 and marks[0] != OVERVOTE:
                        chosen = marks[0] if marks[0] in live else None
                    elif why is None:
                        decision = self._overvote(marks, overvote_rule, live)
                        if decision == "exhaust":
                            why = Inactive.OVERVOTE
                        elif decision != "skip":
                            chosen = next((c for c in marks if c in live), None)
                if chosen is not None:
                    found.append(((lo, end, rank, rank, marked), chosen))
                elif why is not None:
                    ended[why] = ended.get(why, 0) + sum(papers_of[lo:end])
                else:
                    runs.append((lo, end, rank, rank, marked))
                lo = end
            todo.extend(reversed(runs))
        return found, ended

    @staticmethod
    def _overvote(marks: Sequence[int], rule: Overvote, live: Mapping[int, int]) -> str:
        """What several marks at one rank (or an explicit overvote) do to the paper now."""
        if OVERVOTE in marks:
            if rule is Overvote.EXHAUST_IF_MULTIPLE_CONTINUING:
                raise RulesError(
                    "an explicit overvote label needs overvoteRule exhaustImmediately "
                    "or alwaysSkipToNextRank"
                )
            return "exhaust" if rule is Overvote.EXHAUST_IMMEDIATELY else "skip"
        if rule is Overvote.EXHAUST_IMMEDIATELY:
            return "exhaust"
        if rule is Overvote.ALWAYS_SKIP:
            return "skip"
        return "exhaust" if sum(1 for c in marks if c in live) >= 2 else ""

    # -- threshold ------------------------------------------------------------
    def set_threshold(self, tally: Mapping[int, int]) -> None:
        rules = self.rules
        frozen = rules.first_round_determines_threshold or (
            rules.continue_until_two and bool(self.elected)
        )
        recompute = self.round == 1 or (rules.seats <= 1 and not frozen)
        if not recompute:
            self.thresholds.append(self.thresholds[-1])
            self.in_units.append(self.in_units[-1])
            return
        total = sum(tally.values())  # in units
        threshold: Fraction
        if rules.mode is Mode.BOTTOMS_UP_PERCENTAGE:
            assert rules.bottoms_up_percentage is not None
            threshold = Fraction(total, self.unit) * Fraction(rules.bottoms_up_percentage)
        else:
            scale = 10 ** (rules.places if rules.non_integer_threshold else 0)
            if rules.hare_quota:  # at least votes / seats, rounded up to the step
                steps = -(-total * scale // (self.unit * rules.seats))
            else:  # more than votes / (seats + 1): the next step up
                steps = total * scale // (self.unit * (rules.seats + 1)) + 1
            threshold = Fraction(steps, scale)
        units = _units(threshold * self.unit)
        if self.minimum > 0 and self.minimum > units:
            threshold, units = Fraction(rules.minimum_vote_threshold), self.minimum
        self.thresholds.append(threshold)
        self.in_units.append(units)

    # -- decisions ------------------------------------------------------------
    def by_votes(self, tally: Mapping[int, int]) -> list[tuple[int, list[int]]]:
        """Tally values from lowest to highest, with the candidates at each."""
        groups: dict[int, list[int]] = {}
        for c, v in tally.items():
            groups.setdefault(v, []).append(c)
        return sorted(groups.items())

    def winners(self, tally: Mapping[int, int]) -> list[int]:
        rules = self.rules
        uwi = self.who.write_ins
        if uwi is not None and tally.get(uwi, 0) != 0:
            return []
        threshold = self.in_units[-1]
        ranked = self.by_votes(tally)
        chosen: list[int] = []
        if rules.mode is Mode.BOTTOMS_UP_PERCENTAGE:
            if all(v > threshold for v in tally.values()):
                chosen = list(tally)
            return chosen
        unfilled = rules.seats - len(self.elected)
        if unfilled > 0:
            if len(tally) <= unfilled:
                chosen = list(tally)
            elif rules.first_round_determines_threshold and len(tally) - 1 == rules.seats:
                chosen = list(ranked[-1][1])
            elif rules.mode is not Mode.BOTTOMS_UP:
                chosen = [c for v, cs in ranked if v >= threshold for c in cs if c != uwi]
        several = len(chosen) > 1 and (
            rules.mode is Mode.MULTI_ONE_PER_ROUND or rules.first_round_determines_threshold
        )
        minimum = self.minimum
        last_two = (
            rules.seats == 1
            and not chosen
            and len(tally) == 2
            and unfilled == 1
            and all(v >= minimum for v, _ in ranked)
        )
        if several or last_two:
            top = list(ranked[-1][1])
            chosen = [self.break_tie(top, electing=True)] if len(top) > 1 else top
        return chosen

    def losers(self, tally: Mapping[int, int]) -> list[int]:
        uwi = self.who.write_ins
        if uwi is not None and tally.get(uwi, 0) > 0:
            return [uwi]
        ranked = self.by_votes(tally)
        if not ranked:  # RCTab stops too: "Failed to eliminate any candidates!"
            raise CountError("no continuing candidate is left to eliminate")
        minimum = self.minimum
        if minimum > 0 and ranked[0][0] < minimum:
            below = [c for v, cs in ranked if v < minimum for c in cs]
            if len(below) == self.who.declared:
                raise CountError("every declared candidate is below the minimum vote threshold")
            return below
        if self.rules.cutoff_elimination and self.rules.mode is Mode.BOTTOMS_UP_PERCENTAGE:
            threshold = self.in_units[-1]
            below = [c for v, cs in ranked if v < threshold for c in cs]
            if below:
                return below
        if self.rules.batch_elimination:
            batch = self.batch(ranked)
            if len(batch) > 1:
                return batch
        lowest = list(ranked[0][1])
        if len(lowest) > 1:
            return [self.break_tie(lowest, electing=False)]
        return lowest

    def batch(self, ranked: list[tuple[int, list[int]]]) -> list[int]:
        """Candidates who together hold fewer votes than the next lowest."""
        running = 0
        seen: list[int] = []
        batch: list[int] = []
        before: list[int] = []
        for votes, candidates in ranked:
            if running < votes:
                fresh = [c for c in seen if c not in batch]
                if fresh:
                    before = batch
                    batch = batch + fresh
            running += votes * len(candidates)
            seen.extend(candidates)
        if self.rules.continue_until_two and len(batch) + len(self.eliminated) == self.standing - 1:
            batch = before
        return batch

    # -- ties -----------------------------------------------------------------
    def break_tie(self, tied: list[int], *, electing: bool) -> int:
        names = self.who.names
        order = sorted(tied, key=lambda c: java_order(names[c]))
        mode = self.rules.tiebreak
        how = ""
        chosen: int | None = None
        if mode in (Tiebreak.CANDIDATE_ORDER, Tiebreak.GENERATE_PERMUTATION):
            search = self.permutation if electing else self.permutation[::-1]
            chosen = next(c for c in search if c in tied)
            how = "candidate order" if mode is Tiebreak.CANDIDATE_ORDER else "permutation"
        elif mode is Tiebreak.RANDOM:
            chosen, how = self._random(order), f"random draw (seed {self.rules.random_seed})"
        elif mode is Tiebreak.ASK:
            chosen, how = self._ask(order, electing), self.lots.describe()
        else:
            group = order
            for past in range(len(self.tallies) - 2, -1, -1):
                tally = self.tallies[past]
                pick = max if electing else min
                extreme = pick(tally[c] for c in group)
                group = [c for c in group if tally[c] == extreme]
                if len(group) == 1:
                    break
            if len(group) == 1:
                chosen, how = group[0], "previous round counts"
            elif mode is Tiebreak.PREVIOUS_THEN_RANDOM:
                by_name = {names[c]: c for c in group}
                hashed = [by_name[n] for n in java_hash_set_order([names[c] for c in group])]
                chosen = self._random(hashed)
                how = f"previous round counts, then random draw (seed {self.rules.random_seed})"
            else:
                chosen = self._ask(group, electing)
                how = f"previous round counts, then {self.lots.describe()}"
        self.tiebreaks[-1].append(TieBreak(self.round, electing, tuple(order), chosen, how))
        return chosen

    def _random(self, order: list[int]) -> int:
        assert self.random is not None
        return order[self.random.next_double_times(len(order))]

    def _ask(self, order: list[int], electing: bool) -> int:
        names = [self.who.names[c] for c in order]
        purpose = "to elect" if electing else "to eliminate"
        answer = list(self.lots.draw(names, purpose, self.round))
        pick = answer[0] if electing else answer[-1]
        return order[names.index(pick)]

    # -- surpluses ------------------------------------------------------------
    def transfer_surplus(self, winner: int, tally: Mapping[int, int]) -> None:
        votes = tally[winner]
        threshold = self.in_units[-1]
        extra = votes - threshold
        fraction = 0
        if extra > 0:
            share = Fraction(extra) * self.unit / votes
            fraction = share.numerator // share.denominator  # truncated to the places
        for group, held in enumerate(self.recipient):
            if held == winner:
                worth = self.value(group)
                moved = worth * fraction // self.unit
                self.kept[group][winner] = worth - moved

    def settle_winners(self, tally: dict[int, int]) -> None:
        """Show earlier winners in this round's tally, at the threshold once settled."""
        number = self.round
        previous = self.tallies[-2] if len(self.tallies) > 1 else {}
        fresh = [w for w, r in self.elected.items() if r == number - 1]
        for winner, won in self.elected.items():
            if won < number - 1:
                tally[winner] = previous[winner]
        threshold = self.in_units[-1]
        for winner in fresh:
            kept = sum(
                k[winner] * n for k, n in zip(self.kept, self.counts, strict=True) if winner in k
            )
            residual = kept - threshold
            if residual > 0:
                whole = int(residual)
                self.residual[-1] += whole
                moves = self.transfers[number].setdefault(winner, {})
                moves[RESIDUAL_SURPLUS] = moves.get(RESIDUAL_SURPLUS, 0) + whole
                tally[winner] = int(threshold)
            else:
                tally[winner] = kept

    # -- the loop -------------------------------------------------------------
    def go_on(self) -> bool:
        rules = self.rules
        if rules.stop_after_round is not None and self.round >= rules.stop_after_round:
            return False
        won = len(self.elected)
        if won == self.who.declared and rules.seats > self.standing:
            return False
        if rules.continue_until_two:
            return len(self.eliminated) + won + 1 < self.standing or (
                self.round in self.eliminated.values()
            )
        if rules.mode is Mode.BOTTOMS_UP_PERCENTAGE:
            return won == 0
        return won < rules.seats or (rules.uses_surpluses and self.round in self.elected.values())

    def run(self) -> None:
        rules = self.rules
        while self.go_on():
            tally = self.count_round()
            self.set_threshold(tally)
            chosen = self.winners(tally)
            if chosen:
                for winner in chosen:
                    self.elected[winner] = self.round
                if rules.uses_surpluses:
                    for winner in chosen:
                        self.transfer_surplus(winner, tally)
            elif (
                len(self.elected) < rules.seats
                or (rules.continue_until_two and len(self.eliminated) < self.standing - 2)
                or rules.mode is Mode.BOTTOMS_UP_PERCENTAGE
            ):
                for loser in self.losers(tally):
                    self.eliminated[loser] = self.round
            if rules.seats > 1:
                self.settle_winners(tally)

    # -- the record -----------------------------------------------------------
    def result(self) -> RctabCount:
        places = self.rules.places

        def dec(units: int) -> Decimal:
            return Decimal(units).scaleb(-places)

        rounds = []
        for i, tally in enumerate(self.tallies):
            number = i + 1
            moves = self.transfers.get(number + 1, {})
            papers_moved = self.moved_papers.get(number + 1, {})
            decided = [c for c, r in self.elected.items() if r == number]
            dropped = [c for c, r in self.eliminated.items() if r == number]
            transfers = {
                c: {k: dec(v) for k, v in moves.get(c, {}).items()} for c in decided + dropped
            }
            threshold = self.thresholds[i]
            rounds.append(
                Round(
                    number=number,
                    tally={c: dec(v) for c, v in tally.items()},
                    threshold=_fraction_to_decimal(threshold),
                    inactive={k: dec(v) for k, v in self.inactive[i].items()},
                    elected=tuple(decided),
                    eliminated=tuple(dropped),
                    transfers=transfers,
                    residual_surplus=dec(self.residual[i]),
                    tiebreaks=tuple(self.tiebreaks[i]),
                    transfer_papers={c: dict(papers_moved.get(c, {})) for c in decided + dropped},
                )
            )
        first = self.inactive[0] if self.inactive else {}
        return RctabCount(
            contestants=self.who,
            rules=self.rules,
            rounds=tuple(rounds),
            winners=tuple(self.elected),
            papers=sum(self.counts),
            undervotes=first.get(Inactive.UNDERVOTE, 0) // self.unit,
            permutation=tuple(self.permutation),
        )


def _units(value: Fraction) -> int | Fraction:
    """``value`` as an int when it is whole."""
    return value.numerator if value.denominator == 1 else value


def _fraction_to_decimal(value: Fraction) -> Decimal:
    """An exact decimal fraction as a Decimal (thresholds always are)."""
    numerator, denominator = value.numerator, value.denominator
    digits = 0
    while 10**digits % denominator:  # the fewest digits whose power of 10 it divides
        digits += 1
        if digits > 40:
            raise ValueError(f"{value} is not a decimal fraction")
    return Decimal(numerator * (10**digits // denominator)).scaleb(-digits)


def tabulate(
    records: CastVoteRecords,
    contestants: Contestants,
    rules: RctabRules,
    lots: LotProvider | None = None,
) -> RctabCount:
    """Count ``records`` as RCTab does under ``rules`` (one pass; see :func:`count_sequential`)."""
    if rules.mode is Mode.SEQUENTIAL:
        raise RulesError("multi-pass IRV counts one pass per seat: use count_sequential")
    if not contestants.names:
        raise RulesError("a contest needs at least one candidate")
    counter = _Counter(records, contestants, rules, lots or NoLots())
    counter.run()
    return counter.result()


def count_sequential(
    records: CastVoteRecords,
    contestants: Contestants,
    rules: RctabRules,
    lots: LotProvider | None = None,
) -> list[RctabCount]:
    """Multi-pass IRV: one single-winner count per seat, earlier winners excluded."""
    single = replace(rules, seats=1, mode=Mode.SINGLE)
    passes: list[RctabCount] = []
    excluded = set(contestants.excluded)
    for _ in range(rules.seats):
        if len(excluded) >= len(contestants.names):
            break
        who = replace(contestants, excluded=frozenset(excluded))
        result = tabulate(records, who, single, lots)
        passes.append(result)
        excluded.update(result.winners)
    return passes


def count_passes(
    records: CastVoteRecords,
    contestants: Contestants,
    rules: RctabRules,
    lots: LotProvider | None = None,
) -> tuple[RctabCount, ...]:
    """One count, or one per pass of multi-pass IRV."""
    if rules.mode is Mode.SEQUENTIAL:
        return tuple(count_sequential(records, contestants, rules, lots))
    return (tabulate(records, contestants, rules, lots),)


# -- the rule set ``rctab`` ----------------------------------------------------
#: Rejection heads a UK reading of ranked papers uses for papers that RCTab
#: counts: a first rank marked for two or more candidates is an overvote, and a
#: paper with no mark an undervote (heads as ``tellers.formats`` names them).
TIED_FIRST_HEAD = "first_preference_for_more_than_one_candidate"
UNMARKED_HEAD = "unmarked_or_void_for_uncertainty"

_AUTO = "auto"

OPTIONS = (
    Option(
        "overvote-rule",
        Overvote.EXHAUST_IMMEDIATELY.value,
        "what an overvote does: exhaust the paper, pass over the rank, or exhaust the "
        "paper only when two or more of the marked candidates still continue (overvoteRule)",
        choices=tuple(m.value for m in Overvote),
    ),
    Option(
        "max-skipped-ranks",
        "unlimited",
        "a gap of more unmarked ranks than this exhausts the paper: a whole number, or "
        "unlimited (maxSkippedRanksAllowed)",
    ),
    Option(
        "max-rankings",
        "max",
        "ranks beyond this are not read: a whole number, or max for the number of "
        "candidates (maxRankingsAllowed)",
    ),
    Option(
        "exhaust-on-duplicate",
        False,
        "a candidate marked again exhausts the paper, instead of the repeat being passed "
        "over (exhaustOnDuplicateCandidate)",
    ),
    Option(
        "winner-election-mode",
        _AUTO,
        "how winners are found; auto: singleWinnerMajority for one seat, "
        "multiWinnerAllowMultipleWinnersPerRound for more (winnerElectionMode)",
        choices=(_AUTO, *(m.value for m in Mode)),
    ),
    Option(
        "batch-elimination",
        False,
        "eliminate together every candidate whose defeat is mathematically certain "
        "(batchElimination)",
    ),
    Option(
        "continue-until-two",
        False,
        "go on eliminating after the winner is found until two candidates remain "
        "(continueUntilTwoCandidatesRemain)",
    ),
    Option(
        "first-round-threshold",
        False,
        "fix the threshold in round 1 instead of recomputing it from the continuing votes "
        "each round (doesFirstRoundDetermineThreshold)",
    ),
    Option(
        "minimum-vote-threshold",
        "0",
        "candidates below this many votes are eliminated together (minimumVoteThreshold)",
    ),
    Option(
        "bottoms-up-percentage",
        "",
        "for bottomsUpUsingPercentageThreshold: the percentage every winner must hold "
        "(multiSeatBottomsUpPercentageThreshold)",
    ),
    Option(
        "cutoff-elimination",
        False,
        "bottoms-up by percentage: eliminate everyone below it at once (cutoffElimination)",
    ),
    Option(
        "stop-after-round",
        0,
        "stop counting after this round; 0 never (stopTabulationEarlyAfterRound)",
    ),
    Option(
        "tiebreak-mode",
        Tiebreak.ASK.value,
        "how ties are broken: stopCountingAndAsk and previousRoundCountsThenAsk draw lots "
        "through the lot provider (--seed, --lots); the random modes and generatePermutation "
        "use random-seed as RCTab does (tiebreakMode)",
        choices=tuple(m.value for m in Tiebreak),
    ),
    Option(
        "random-seed",
        "",
        "the seed of RCTab's random tie-break modes, a whole number (randomSeed)",
    ),
    Option(
        "decimal-places",
        4,
        "decimal places of vote arithmetic, 0 to 20 (decimalPlacesForVoteArithmetic)",
    ),
    Option(
        "hare-quota",
        False,
        "threshold: at least votes / seats, instead of more than votes / (seats + 1) (hareQuota)",
    ),
    Option(
        "non-integer-threshold",
        False,
        "threshold to the decimal places rather than in whole votes (nonIntegerWinningThreshold)",
    ),
)


def _whole_option(options: Mapping[str, OptionValue], name: str, word: str) -> int | None:
    text = str(options.get(name, word)).strip()
    if text.lower() == word:
        return None
    try:
        return int(text)
    except ValueError:
        raise RulesError(f"option {name} takes a whole number or {word}, not {text!r}") from None


def _decimal_option(options: Mapping[str, OptionValue], name: str) -> Decimal | None:
    text = str(options.get(name, "")).strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RulesError(f"option {name} takes a number, not {text!r}") from None
    if not value.is_finite() or value < 0:
        raise RulesError(f"option {name} takes a number of 0 or more, not {text!r}")
    return value


def rules_from_options(options: Mapping[str, OptionValue], seats: int) -> RctabRules:
    """The :class:`RctabRules` the rule set's options describe, for ``seats`` seats."""
    mode_text = str(options.get("winner-election-mode", _AUTO))
    single = Mode.SINGLE if seats == 1 else Mode.MULTI
    mode = single if mode_text == _AUTO else Mode(mode_text)
    if mode is Mode.SINGLE and seats != 1:
        raise RulesError(f"winner-election-mode {mode} elects one member, not {seats}")
    share = _decimal_option(options, "bottoms-up-percentage")
    seed = _whole_option(options, "random-seed", "")
    stop = int(options.get("stop-after-round", 0))
    return RctabRules(
        seats=seats,
        mode=mode,
        overvote=Overvote(str(options.get("overvote-rule", Overvote.EXHAUST_IMMEDIATELY))),
        max_skipped_ranks=_whole_option(options, "max-skipped-ranks", "unlimited"),
        max_rankings=_whole_option(options, "max-rankings", "max"),
        exhaust_on_duplicate=bool(options.get("exhaust-on-duplicate", False)),
        places=int(options.get("decimal-places", 4)),
        non_integer_threshold=bool(options.get("non-integer-threshold", False)),
        hare_quota=bool(options.get("hare-quota", False)),
        first_round_determines_threshold=bool(options.get("first-round-threshold", False)),
        minimum_vote_threshold=_decimal_option(options, "minimum-vote-threshold") or Decimal(0),
        bottoms_up_percentage=None if share is None else share / 100,
        batch_elimination=bool(options.get("batch-elimination", False)),
        cutoff_elimination=bool(options.get("cutoff-elimination", False)),
        continue_until_two=bool(options.get("continue-until-two", False)),
        stop_after_round=stop if stop > 0 else None,
        tiebreak=Tiebreak(str(options.get("tiebreak-mode", Tiebreak.ASK))),
        random_seed=seed,
    )


def options_of(rules: RctabRules) -> dict[str, str]:
    """The rule set's options (as text) that give ``rules``: for a configuration's count."""
    share = rules.bottoms_up_percentage
    return {
        "overvote-rule": rules.overvote.value,
        "max-skipped-ranks": "unlimited"
        if rules.max_skipped_ranks is None
        else str(rules.max_skipped_ranks),
        "max-rankings": "max" if rules.max_rankings is None else str(rules.max_rankings),
        "exhaust-on-duplicate": _yes(rules.exhaust_on_duplicate),
        "winner-election-mode": rules.mode.value,
        "batch-elimination": _yes(rules.batch_elimination),
        "continue-until-two": _yes(rules.continue_until_two),
        "first-round-threshold": _yes(rules.first_round_determines_threshold),
        "minimum-vote-threshold": format_value(rules.minimum_vote_threshold),
        "bottoms-up-percentage": "" if share is None else format_value(share * 100),
        "cutoff-elimination": _yes(rules.cutoff_elimination),
        "stop-after-round": str(rules.stop_after_round or 0),
        "tiebreak-mode": rules.tiebreak.value,
        "random-seed": "" if rules.random_seed is None else str(rules.random_seed),
        "decimal-places": str(rules.places),
        "hare-quota": _yes(rules.hare_quota),
        "non-integer-threshold": _yes(rules.non_integer_threshold),
    }


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def records_of(election: Election) -> tuple[CastVoteRecords, dict[str, int]]:
    """The cast vote records of ``election``, and the rejected papers taken back into them.

    Cast vote records are returned as they are. Ballots (read as the UK
    statutes read a paper) become one record a ranking, a candidate a rank;
    papers the reader rejected for a first rank marked for several
    candidates come back as records with an overvote at rank 1, and papers
    with no mark as records with none, because RCTab counts both (they are
    inactive from round 1: overvotes, undervotes). A ranking the reader cut
    at a tie is already cut, so it exhausts there whatever the overvote
    rule: the same as ``exhaustImmediately``.
    """
    votes = election.votes
    if isinstance(votes, CastVoteRecords):
        return votes, {}
    if not isinstance(votes, Ballots):
        raise RulesError(
            "rule set rctab counts ballot papers or cast vote records, "
            f"not declared totals ({election.source or 'this input'})"
        )
    papers: list[tuple[Record, int]] = [
        (tuple((c,) for c in ranking), n)
        for ranking, n in zip(votes.rankings, votes.counts, strict=True)
    ]
    taken: dict[str, int] = {}
    for head, record in ((TIED_FIRST_HEAD, ((OVERVOTE,),)), (UNMARKED_HEAD, ())):
        n = election.rejected.get(head, 0)
        if n:
            papers.append((record, n))
            taken[head] = n
    return CastVoteRecords.compress(papers), taken


def as_records(election: Election) -> Election:
    """``election`` with its votes as cast vote records, as the rule set ``rctab`` counts them.

    Rejected papers the count takes back (see :func:`records_of`) leave
    ``rejected``, so that a declaration of the count shows each paper once.
    """
    records, taken = records_of(election)
    rejected = {h: n for h, n in election.rejected.items() if h not in taken}
    return replace(election, votes=records, rejected=rejected)


def lot_text(rules: RctabRules, lots: LotProvider) -> str:
    """How ties were to be broken, as printed with the result."""
    if rules.tiebreak in (Tiebreak.ASK, Tiebreak.PREVIOUS_THEN_ASK):
        return lots.describe()
    if rules.tiebreak is Tiebreak.CANDIDATE_ORDER:
        return "RCTab useCandidateOrder (no lots)"
    return f"RCTab {rules.tiebreak.value} (seed {rules.random_seed})"


def _count_election(
    election: Election, options: Mapping[str, OptionValue], lots: LotProvider
) -> Count:
    contest = election.contest
    records, taken = records_of(election)
    rules = rules_from_options(options, contest.seats)
    last = len(contest.names) - 1  # the undeclared write-ins, named so, come last
    write_ins = last if contest.names[last:] == (UNDECLARED_WRITE_INS,) else None
    who = Contestants(contest.names, excluded=contest.withdrawn, write_ins=write_ins)
    passes = count_passes(records, who, rules, lots)
    notes = [
        "counted as RCTab (BrightSpots/rcv) counts: rounds are stages; inactive papers "
        "(overvotes, skipped rankings, exhausted choices, repeated rankings, undervotes) "
        "are non-transferable; residual surplus is the loss to rounding"
    ]
    if taken:
        listed = ", ".join(f"{n:,} under {head}" for head, n in sorted(taken.items()))
        notes.append(f"papers the reader rejected and RCTab counts were taken back: {listed}")
    notes.extend(reading_notes(records, options, OPTIONS))
    return to_count(passes, contest, options, lot_provider=lot_text(rules, lots), notes=notes)


@overload
def count_rctab(
    records: CastVoteRecords,
    contestants: Contestants,
    rules: RctabRules,
    lots: LotProvider | None = None,
    /,
) -> RctabCount: ...


@overload
def count_rctab(
    election: Election,
    options: Mapping[str, OptionValue],
    lots: LotProvider | None = None,
    /,
) -> Count: ...


def count_rctab(
    subject: CastVoteRecords | Election,
    how: Contestants | Mapping[str, OptionValue],
    third: RctabRules | LotProvider | None = None,
    lots: LotProvider | None = None,
    /,
) -> RctabCount | Count:
    """The rule set ``rctab``: an election counted into a :class:`~tellers.core.count.Count`.

    ``count_rctab(election, options, lots)`` counts an election (cast vote
    records, or ballots taken as records, see :func:`records_of`) under the
    rule set's options. ``count_rctab(records, contestants, rules, lots)``
    is :func:`tabulate`: RCTab's own record of the rounds.
    """
    if isinstance(subject, Election):
        if isinstance(how, Contestants) or isinstance(third, RctabRules):
            raise TypeError("count_rctab(election, options, lots)")
        return _count_election(subject, how, third or NoLots())
    if not isinstance(how, Contestants) or not isinstance(third, RctabRules):
        raise TypeError("count_rctab(records, contestants, rules, lots)")
    return tabulate(subject, how, third, lots)


# -- an RCTab count as a core Count -------------------------------------------
def _target(key: int | str) -> int:
    if key == EXHAUSTED:
        return NON_TRANSFERABLE
    if key == RESIDUAL_SURPLUS:
        return LOSS_TO_ROUNDING
    assert isinstance(key, int)
    return key


def _inactive_note(round_: Round, uses_surpluses: bool) -> str:
    parts = [
        ("overvotes", Inactive.OVERVOTE),
        ("skipped rankings", Inactive.SKIPPED),
        ("exhausted choices", Inactive.EXHAUSTED),
        ("repeated rankings", Inactive.REPEATED),
        ("undervotes", Inactive.UNDERVOTE),
    ]
    if uses_surpluses:
        parts.append(("final-round surplus", Inactive.FINAL_ROUND_SURPLUS))
    shown = ", ".join(
        f"{label} {format_value(round_.inactive.get(key, Decimal(0)))}" for label, key in parts
    )
    return f"threshold {format_value(round_.threshold)}; inactive: {shown}"


def _drawn(tie: TieBreak) -> bool:
    """Whether a tie-break was a draw (random, permutation or lot), not a rule."""
    return tie.how not in ("previous round counts", "candidate order")


def _lot(stage: int, tie: TieBreak) -> Lot:
    others = tuple(c for c in tie.tied if c != tie.chosen)
    order = (tie.chosen, *others) if tie.electing else (*others, tie.chosen)
    purpose = "tie: whom to elect" if tie.electing else "tie: whom to eliminate"
    return Lot(stage, purpose, tuple(sorted(tie.tied)), order, tie.chosen, tie.how)


def _reasons(result: RctabCount, round_: Round) -> dict[int, tuple[str, bool]]:
    """Why each candidate elected or eliminated in ``round_`` was, and whether by lot."""
    rules = result.rules
    threshold = round_.threshold
    minimum = rules.minimum_vote_threshold
    zero = Decimal(0)
    why: dict[int, tuple[str, bool]] = {}
    for c in round_.elected:
        votes = round_.tally.get(c, zero)
        if rules.mode is Mode.BOTTOMS_UP_PERCENTAGE:
            reason = f"every continuing candidate holds more than {format_value(threshold)}"
        elif votes >= threshold:
            reason = f"reached the threshold of {format_value(threshold)}"
        else:
            reason = "as many continuing candidates as seats to fill, or the more of the last two"
        why[c] = (reason, False)
    for c in round_.eliminated:
        votes = round_.tally.get(c, zero)
        if c == result.contestants.write_ins:
            reason = "undeclared write-ins are eliminated first"
        elif minimum > 0 and votes < minimum:
            reason = f"below the minimum vote threshold of {format_value(minimum)}"
        elif rules.cutoff_elimination and rules.mode is Mode.BOTTOMS_UP_PERCENTAGE:
            reason = f"below the threshold of {format_value(threshold)}"
        elif len(round_.eliminated) > 1:
            reason = "batch elimination: together fewer votes than the next candidate"
        else:
            reason = "fewest votes"
        why[c] = (reason, False)
    names = result.contestants.names
    for tie in round_.tiebreaks:
        if tie.chosen in why:
            reason, _ = why[tie.chosen]
            tied = ", ".join(names[c] for c in tie.tied)
            why[tie.chosen] = (f"{reason}; tie ({tied}) broken by {tie.how}", _drawn(tie))
    return why


def to_count(
    passes: Sequence[RctabCount],
    contest: Contest,
    options: Mapping[str, object],
    *,
    lot_provider: str,
    notes: Sequence[str] = (),
) -> Count:
    """The :class:`~tellers.core.count.Count` of an RCTab count, for every report.

    A round is a stage (the passes of multi-pass IRV follow one another); its
    votes are the round's tally (0 for a candidate no longer counted); the
    papers inactive at its end (overvotes, skipped rankings, exhausted
    choices, repeated rankings, undervotes, final-round surplus, in the
    stage's note) are non-transferable, and residual surplus is the loss to
    rounding, so that at every stage votes + non-transferable + loss to
    rounding = the papers. The transfers an election or elimination of
    round r caused are recorded at stage r + 1, as RCTab reports them.
    Tie-breaks by draw (random, permutation, lot) are recorded as lots.
    """
    if not passes:
        raise ValueError("an RCTab count has at least one pass")
    size = len(contest.candidates)
    rules = passes[0].rules
    places = rules.places
    if any(len(p.contestants.names) != size for p in passes):
        raise ValueError("the contest and the count name different candidates")
    papers = to_decimal(passes[0].papers * 10**places, places)
    zero = to_decimal(0, places)
    stages: list[Stage] = []
    decisions: list[Decision] = []
    transfers: list[Transfer] = []
    elected_anywhere = {w for p in passes for w in p.winners}
    for number_of_pass, result in enumerate(passes, start=1):
        last_pass = number_of_pass == len(passes)
        previous: Round | None = None
        for round_ in result.rounds:
            number = len(stages) + 1
            action = Action.FIRST
            subjects: tuple[int, ...] = ()
            if previous is not None:
                surplus = previous.elected if rules.uses_surpluses else ()
                subjects = tuple(sorted((*previous.eliminated, *surplus)))
                if previous.eliminated:
                    action = Action.EXCLUSION
                elif surplus:
                    action = Action.SURPLUS
                else:
                    action = Action.COUNT
                for source, moves in previous.transfers.items():
                    counted = previous.transfer_papers.get(source, {})
                    for key, value in moves.items():
                        transfers.append(
                            Transfer(number, source, _target(key), counted.get(key, 0), value)
                        )
            votes = tuple(round_.tally.get(c, zero) for c in range(size))
            inactive = sum(round_.inactive.values(), zero)
            note = _inactive_note(round_, rules.uses_surpluses)
            if len(passes) > 1:
                note = f"pass {number_of_pass}, round {round_.number}; {note}"
            stages.append(
                Stage(
                    number=number,
                    action=action,
                    subjects=subjects,
                    votes=votes,
                    non_transferable=inactive,
                    loss_to_rounding=round_.residual_surplus,
                    elected=tuple(sorted(round_.elected)),
                    excluded=tuple(sorted(round_.eliminated)),
                    lots=tuple(_lot(number, t) for t in round_.tiebreaks if _drawn(t)),
                    note=note,
                )
            )
            if sum(votes, zero) + inactive + round_.residual_surplus != papers:
                raise CountError(
                    f"round {round_.number}: votes, inactive papers and residual surplus "
                    f"do not add up to the {papers} papers"
                )
            reasons = _reasons(result, round_)
            for c in round_.elected:
                reason, by_lot = reasons[c]
                decisions.append(Decision(number, c, Outcome.ELECTED, reason, by_lot))
            for c in round_.eliminated:
                if last_pass and c not in elected_anywhere:
                    reason, by_lot = reasons[c]
                    decisions.append(Decision(number, c, Outcome.EXCLUDED, reason, by_lot))
            previous = round_
    last = passes[-1].rounds[-1].threshold if passes[-1].rounds else None
    return Count(
        contest=contest,
        rules="rctab",
        places=places,
        valid_papers=papers,
        quota=last,
        stages=tuple(stages),
        decisions=tuple(decisions),
        transfers=tuple(transfers),
        options={k: _option_text(v) for k, v in options.items()},
        notes=tuple(notes),
        lot_provider=lot_provider,
    )


def _option_text(value: object) -> str:
    if isinstance(value, bool):
        return _yes(value)
    return str(value)


register(
    RuleSet(
        name="rctab",
        title="US ranked-choice voting as the RCTab tabulator counts it",
        family="alternative vote",
        law="RCTab (BrightSpots/rcv) contest-configuration rules; each jurisdiction's statute "
        "or ordinance fixes the options (e.g. Maine 21-A M.R.S. s. 723-A)",
        in_force="US jurisdictions that count ranked-choice contests with RCTab; the options "
        "must be set to the jurisdiction's rules",
        function=count_rctab,
        places=4,
        needs="records",
        options=OPTIONS,
        aliases=("us-rcv",),
        notes=(
            "counts cast vote records with every mark kept; ballots read under the UK "
            "statutes are counted as records cut where the reader cut them",
        ),
    )
)


def format_value(value: Decimal) -> str:
    """A value as RCTab writes it: no exponent, no trailing zeros after the point."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


Formatter = Callable[[Decimal], str]
