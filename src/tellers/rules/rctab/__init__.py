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

Modules: :mod:`.model` (the rules, contestants and rounds), :mod:`.options` (the
rule set's options), :mod:`.tabulate` (the rounds), :mod:`.java` (Java's random
numbers and hashing, for RCTab's tie-breaks), :mod:`.stages` (the rounds as a
:class:`~tellers.core.count.Count`) and :mod:`.rule_set` (the rule set ``rctab``).

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

from .java import JavaRandom, java_hash, java_hash_set_order, java_order
from .model import (
    EXHAUSTED,
    RESIDUAL_SURPLUS,
    UNDECLARED_WRITE_INS,
    Contestants,
    Formatter,
    Inactive,
    Mode,
    Overvote,
    RctabCount,
    RctabRules,
    Round,
    TieBreak,
    Tiebreak,
    format_value,
)
from .options import OPTIONS, TIED_FIRST_HEAD, UNMARKED_HEAD, options_of, rules_from_options
from .rule_set import as_records, count_rctab, lot_text, records_of
from .stages import to_count
from .tabulate import count_passes, count_sequential, tabulate

__all__ = [
    "EXHAUSTED",
    "OPTIONS",
    "RESIDUAL_SURPLUS",
    "TIED_FIRST_HEAD",
    "UNDECLARED_WRITE_INS",
    "UNMARKED_HEAD",
    "Contestants",
    "Formatter",
    "Inactive",
    "JavaRandom",
    "Mode",
    "Overvote",
    "RctabCount",
    "RctabRules",
    "Round",
    "TieBreak",
    "Tiebreak",
    "as_records",
    "count_passes",
    "count_rctab",
    "count_sequential",
    "format_value",
    "java_hash",
    "java_hash_set_order",
    "java_order",
    "lot_text",
    "options_of",
    "records_of",
    "rules_from_options",
    "tabulate",
    "to_count",
]
