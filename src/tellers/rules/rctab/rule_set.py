"""The rule set ``rctab`` (alias ``us-rcv``): an :class:`~tellers.core.model.Election`
of cast vote records (or ballots taken as records) counted into a
:class:`~tellers.core.count.Count`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import overload

from ...core.count import (
    Count,
)
from ...core.lots import LotProvider, NoLots
from ...core.model import Ballots, Election
from ...core.records import OVERVOTE, CastVoteRecords, Record
from ...errors import RulesError
from ..registry import OptionValue, RuleSet, register
from .model import Contestants, RctabCount, RctabRules, Tiebreak
from .options import OPTIONS, TIED_FIRST_HEAD, UNMARKED_HEAD, rules_from_options
from .stages import to_count
from .tabulate import count_passes, tabulate


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
    who = Contestants(contest.names, excluded=contest.withdrawn)
    passes = count_passes(records, who, rules, lots)
    notes = [
        "counted as RCTab (BrightSpots/rcv) counts: rounds are stages; inactive papers "
        "(overvotes, skipped rankings, exhausted choices, repeated rankings, undervotes) "
        "are non-transferable; residual surplus is the loss to rounding"
    ]
    if taken:
        listed = ", ".join(f"{n:,} under {head}" for head, n in sorted(taken.items()))
        notes.append(f"papers the reader rejected and RCTab counts were taken back: {listed}")
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
