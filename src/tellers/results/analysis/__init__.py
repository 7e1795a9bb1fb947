"""The analysts' figures for a contest result: shares, majority, change, swing, hold or gain.

Purpose: the results-analysis conventions of spec 08 — vote share (§8.2),
majority and final-stage margin (§8.3), change in share (§8.4), Butler and
Steed swing (§8.5), hold, gain and loss (§8.6), turnout (§8.7), notional
results by the simple homogeneous method (§8.9) and the local by-election
change indicator (§8.10). These are conventions, not statute: where the spec
marks one **UNVERIFIED** it is an option here (:class:`Options`), with a stated
default, and :meth:`Analysis.options_used` names every choice made so that
every output can print it.

Design: pure functions of frozen inputs (:class:`ContestResult`), no I/O and
no database. All arithmetic is exact (:class:`~fractions.Fraction`; percentages
are Fractions of 100); nothing is rounded here. Rounding, half away from zero,
happens only for display (:mod:`tellers.results.card`). The declared result is
never re-counted: who was elected is what the input flags say.

The package, by section of spec 08::

    contest.py     the inputs: ContestResult, CandidateResult, Options, systems, labels
    vote_share.py  shares (§8.2), majority and final-stage margin (§8.3)
    change.py      change in share (§8.4), Butler and Steed swing (§8.5)
    seats.py       hold, gain and loss (§8.6)
    electorate.py  turnout (§8.7)
    notional.py    notional results (§8.9)
    indicator.py   the by-election change indicator (§8.10)
    overall.py     Analysis: every figure of one result against its base; analyse()
"""

from __future__ import annotations

from .change import Change, Swing, change_in_share, default_pair, swing
from .contest import (
    ATTRIBUTION_CONVENTION,
    BLOCK_MAJORITY_CONVENTION,
    BY_ELECTION_BASES,
    DEFAULT_PAIR_CONVENTION,
    FINAL_STAGE_CONVENTION,
    INDICATOR_LABEL,
    PARTY_LABELS,
    SHARE_METHODS,
    SYSTEMS,
    ByElectionBase,
    CandidateResult,
    ChangeStatus,
    ContestResult,
    MajorityKind,
    Options,
    ShareMethod,
    System,
    Votes,
    party_label,
    system_of,
)
from .electorate import Turnout, turnout, turnout_change
from .indicator import ChangeIndicator, by_election_indicator, change_indicator
from .notional import Fragment, notional_result
from .overall import Analysis, analyse
from .seats import PartySeats, SeatOutcome, WardOutcome, hold_or_gain, seats_by_party, ward_changes
from .vote_share import Majority, Shares, final_stage_margin, majority, shares

__all__ = [
    "ATTRIBUTION_CONVENTION",
    "BLOCK_MAJORITY_CONVENTION",
    "BY_ELECTION_BASES",
    "DEFAULT_PAIR_CONVENTION",
    "FINAL_STAGE_CONVENTION",
    "INDICATOR_LABEL",
    "PARTY_LABELS",
    "SHARE_METHODS",
    "SYSTEMS",
    "Analysis",
    "ByElectionBase",
    "CandidateResult",
    "Change",
    "ChangeIndicator",
    "ChangeStatus",
    "ContestResult",
    "Fragment",
    "Majority",
    "MajorityKind",
    "Options",
    "PartySeats",
    "SeatOutcome",
    "ShareMethod",
    "Shares",
    "Swing",
    "System",
    "Turnout",
    "Votes",
    "WardOutcome",
    "analyse",
    "by_election_indicator",
    "change_in_share",
    "change_indicator",
    "default_pair",
    "final_stage_margin",
    "hold_or_gain",
    "majority",
    "notional_result",
    "party_label",
    "seats_by_party",
    "shares",
    "swing",
    "system_of",
    "turnout",
    "turnout_change",
    "ward_changes",
]
