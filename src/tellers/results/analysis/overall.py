"""Every spec 08 figure of one result against its comparison base, and the options used."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType

from .change import Change, Swing, change_in_share, default_pair, swing
from .contest import (
    ATTRIBUTION_CONVENTION,
    BLOCK_MAJORITY_CONVENTION,
    DEFAULT_PAIR_CONVENTION,
    FINAL_STAGE_CONVENTION,
    ContestResult,
    Options,
    party_label,
)
from .electorate import Turnout, turnout, turnout_change
from .seats import SeatOutcome, WardOutcome, hold_or_gain
from .vote_share import Majority, Shares, majority, shares


@dataclass(frozen=True, slots=True)
class Analysis:
    """Every spec 08 figure for one result against its comparison base, and the options used."""

    result: ContestResult
    base: ContestResult | None
    options: Options
    shares: Shares
    base_shares: Shares | None
    majority: Majority | None
    changes: Mapping[str, Change]
    swing: Swing | None
    outcome: SeatOutcome | WardOutcome | None
    turnout: Turnout
    base_turnout: Turnout | None
    turnout_change: Fraction | None
    valid_turnout_change: Fraction | None

    def label(self, party: str) -> str:
        labels = dict(self.base.party_labels) if self.base is not None else {}
        labels.update(self.result.party_labels)
        return party_label(party, labels)

    def options_used(self) -> dict[str, str]:
        """Every convention and option behind the figures, as text (spec 08: state it)."""
        o = self.options
        used = {
            "share_method": o.share_method,
            "share_method_used": self.shares.method,
            "absent_as_zero": "yes" if o.absent_as_zero else "no",
            "digits": str(o.digits),
            "turnout": "ballot papers counted / electorate (ballot box); valid papers / electorate",
        }
        if self.base_shares is not None:
            used["base_share_method_used"] = self.base_shares.method
        if self.majority is not None and self.majority.kind == "block majority":
            used["majority"] = BLOCK_MAJORITY_CONVENTION
        if self.majority is not None and self.majority.kind == "final-stage margin":
            used["majority"] = FINAL_STAGE_CONVENTION
        if self.swing is not None:
            used["swing_pair"] = f"{self.swing.from_party} to {self.swing.to_party}" + (
                " (given)" if o.swing_pair is not None else f" ({DEFAULT_PAIR_CONVENTION})"
            )
        if self.result.by_election:
            used["by_election_base"] = o.by_election_base
        if isinstance(self.outcome, SeatOutcome):
            used["outcome_base"] = self.outcome.base
        if isinstance(self.outcome, WardOutcome):
            used["gain_attribution"] = ATTRIBUTION_CONVENTION
        if self.base is not None and self.base.notional:
            used["base"] = "notional (simple homogeneous method)"
        return used


def analyse(
    result: ContestResult, base: ContestResult | None = None, options: Options | None = None
) -> Analysis:
    """Shares, majority, change, swing, hold or gain and turnout of ``result`` against ``base``.

    Choosing ``base`` is the caller's: the last comparable contest for the same
    seat — for a council elected by thirds, the contest when that seat was last
    fought, not last year's in the ward — or a notional result after boundary
    changes (spec 08 §8.1, §8.6, §8.9).
    """
    o = options or Options()
    now_shares = shares(result, o.share_method)
    base_shares = shares(base, o.share_method) if base is not None else None
    changes: Mapping[str, Change] = {}
    swing_: Swing | None = None
    if base_shares is not None:
        changes = change_in_share(now_shares, base_shares, absent_as_zero=o.absent_as_zero)
        pair = o.swing_pair or default_pair(now_shares)
        if pair is not None:
            swing_ = swing(now_shares, base_shares, *pair)
    now_turnout = turnout(result)
    base_turnout = turnout(base) if base is not None else None
    box = valid = None
    if base_turnout is not None:
        box, valid = turnout_change(now_turnout, base_turnout)
    return Analysis(
        result,
        base,
        o,
        now_shares,
        base_shares,
        majority(result, o.share_method),
        MappingProxyType(dict(changes)),
        swing_,
        hold_or_gain(result, base, o.by_election_base),
        now_turnout,
        base_turnout,
        box,
        valid,
    )
