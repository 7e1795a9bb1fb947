"""Rule sets: one small module per family, registered by name."""

from __future__ import annotations

from collections.abc import Mapping

from ..core.count import Count
from ..core.lots import LotProvider, NoLots
from ..core.model import Ballots, Election
from ..errors import RulesError
from .registry import Option, RuleSet, get, rule_sets

__all__ = ["Option", "RuleSet", "count", "get", "rule_sets"]


def count(
    election: Election,
    rules: str | None = None,
    options: Mapping[str, object] | None = None,
    lots: LotProvider | None = None,
) -> Count:
    """Count ``election`` under the named rule set (default: the one the reader chose)."""
    name = rules or election.rules
    if name is None:
        raise RulesError("no rule set given: name one with --rules (see `tellers rules`)")
    rule_set = get(name)
    if rule_set.needs == "ballots" and not isinstance(election.votes, Ballots):
        raise RulesError(
            f"rule set {rule_set.name} counts ballot papers; "
            f"{election.source or 'this input'} holds only declared totals"
        )
    if rule_set.needs == "totals" and isinstance(election.votes, Ballots):
        raise RulesError(f"rule set {rule_set.name} counts declared totals, not ballot papers")
    return rule_set.function(election, rule_set.resolve(options), lots or NoLots())
