"""Rule sets: one small module per family, registered by name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ..core.count import Count
from ..core.lots import LotProvider, NoLots, SuppliedLots
from ..core.model import Ballots, Election, Totals
from ..core.records import CastVoteRecords
from ..errors import RulesError
from .registry import Option, RuleSet, get, rule_sets

__all__ = ["Option", "RuleSet", "count", "get", "rule_sets"]


def count(
    election: Election,
    rules: str | None = None,
    options: Mapping[str, object] | None = None,
    lots: LotProvider | None = None,
) -> Count:
    """Count ``election`` under the named rule set (default: the one the reader chose).

    A rule set needs ``ballots`` (papers read under the UK statutes),
    ``totals``, ``ballots or totals``, or ``records``: cast vote records with
    every mark kept, which such a rule set (``rctab``) also takes as ballots.
    The reader's notes (:attr:`Election.notes`) open the count's notes.
    """
    result = _count(election, rules, options, lots)
    if election.notes:
        result = replace(result, notes=(*election.notes, *result.notes))
    return result


def _count(
    election: Election,
    rules: str | None,
    options: Mapping[str, object] | None,
    lots: LotProvider | None,
) -> Count:
    name = rules or election.rules
    if name is None:
        raise RulesError("no rule set given: name one with --rules (see `tellers rules`)")
    rule_set = get(name)
    if isinstance(lots, SuppliedLots):
        lots.check(election.contest.standing_names)
    votes = election.votes
    where = election.source or "this input"
    if rule_set.needs == "records":
        if isinstance(votes, Totals):
            raise RulesError(
                f"rule set {rule_set.name} counts cast vote records or ballot papers; "
                f"{where} holds only declared totals"
            )
        return rule_set.function(election, rule_set.resolve(options), lots or NoLots())
    if isinstance(votes, CastVoteRecords):
        readers = ", ".join(r.name for r in rule_sets() if r.needs == "records")
        raise RulesError(
            f"rule set {rule_set.name} counts papers read under the UK statutes; {where} "
            f"holds cast vote records with every mark kept: count them under {readers}"
        )
    if rule_set.needs == "ballots" and not isinstance(votes, Ballots):
        raise RulesError(
            f"rule set {rule_set.name} counts ballot papers; "
            f"{election.source or 'this input'} holds only declared totals"
        )
    if rule_set.needs == "totals" and isinstance(election.votes, Ballots):
        raise RulesError(f"rule set {rule_set.name} counts declared totals, not ballot papers")
    return rule_set.function(election, rule_set.resolve(options), lots or NoLots())
