"""tellers: count and analyse elections exactly.

The public API::

    from tellers import read, count
    election = read("ward.blt")           # an Election: contest + ballots or totals
    result = count(election, "scot-2011")  # a Count: stages, decisions, transfers, lots
"""

from __future__ import annotations

from .core.count import (
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
from .core.lots import LotProvider, NoLots, SeededLots, SuppliedLots
from .core.model import Ballots, Candidate, Contest, Election, Ranking, Totals
from .errors import CountError, InputError, LotNeeded, RulesError, TellersError
from .rules import count, get, rule_sets

__version__ = "0.1.0"

__all__ = [
    "LOSS_TO_ROUNDING",
    "NON_TRANSFERABLE",
    "Action",
    "Ballots",
    "Candidate",
    "Contest",
    "Count",
    "CountError",
    "Decision",
    "Election",
    "InputError",
    "Lot",
    "LotNeeded",
    "LotProvider",
    "NoLots",
    "Outcome",
    "Ranking",
    "RulesError",
    "SeededLots",
    "Stage",
    "SuppliedLots",
    "TellersError",
    "Totals",
    "Transfer",
    "__version__",
    "count",
    "get",
    "rule_sets",
]
