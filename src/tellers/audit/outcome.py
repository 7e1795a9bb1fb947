"""The assertions of a counted contest, chosen by the rule set's family.

Purpose: one entry point from a :class:`~tellers.core.count.Count` (and the
election it counted) to the :class:`~tellers.audit.assertions.Outcome` an
audit tests: FPTP and block vote (``plurality``), the supplementary vote,
AV/IRV (RAIRE), list PR (highest averages) and STV (first preferences and
the exhaustion total only, labelled as not a risk-limiting audit).

Design: the family comes from the rule-set registry; the margins come from
the exact count and papers. A contest with a lot in its record, or a tie at
the margin, gives an assertion with no margin, which only a full hand count
can confirm; the planner says so.
"""

from __future__ import annotations

from fractions import Fraction

from ..core.count import Count
from ..core.model import Election
from ..errors import RulesError
from ..rules import get
from .assertions import Outcome
from .list_pr import list_outcome
from .plurality import plurality_outcome
from .raire import irv_outcome
from .stv import stv_outcome
from .supplementary import supplementary_outcome


def outcome(
    election: Election,
    count: Count,
    *,
    papers: int | None = None,
    supermajority: Fraction | None = None,
) -> Outcome:
    """The assertions that imply ``count``'s outcome, over ``papers`` papers
    (the manifest's; default: the papers counted)."""
    family = get(count.rules).family
    if supermajority is not None and family != "plurality":
        raise RulesError("a supermajority applies to a plurality contest (FPTP or block vote)")
    if family == "plurality":
        found = plurality_outcome(election, count, supermajority)
    elif family == "supplementary vote":
        found = supplementary_outcome(election, count)
    elif family == "alternative vote":
        if count.rules == "exhaustive":
            raise RulesError("the exhaustive ballot holds several ballots: audit each as FPTP")
        found = irv_outcome(election, count)
    elif family == "list":
        found = list_outcome(election, count)
    elif family == "stv":
        found = stv_outcome(election, count)
    else:
        raise RulesError(f"no audit is known for rule set {count.rules} ({family})")
    if papers is not None and papers < found.papers:
        raise RulesError(
            f"the manifest holds {papers:,} papers, fewer than the {found.papers:,} counted"
        )
    return found.diluted(papers)
