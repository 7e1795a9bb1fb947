"""tellers: count and analyse elections exactly.

The public API: read a file into an :class:`Election`, count it under a rule set
into a :class:`Count` (stages, decisions, transfers, lots)::

    >>> from tellers import count, read
    >>> election = read("examples/worked-example-1.1-fptp.txt")
    >>> result = count(election, "uk-fptp")
    >>> result.elected_names()
    ('A',)
    >>> [str(v) for v in result.final.votes]
    ['420', '380', '200']

A tie only a lot can decide stops the count, unless the draw is supplied::

    >>> from tellers import SuppliedLots
    >>> tie = read("examples/worked-example-1.3-tie.txt")
    >>> count(tie, "uk-fptp", lots=SuppliedLots(["C>B"])).elected_names()
    ('A', 'C')
"""

from __future__ import annotations

# Private names, so that every public name of the package is one of __all__ (or a module).
import typing as _typing
from importlib import import_module as _import_module

if _typing.TYPE_CHECKING:
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
    from .errors import (
        CountError,
        InputError,
        LotNeeded,
        MissingExtra,
        RulesError,
        TellersError,
    )
    from .formats import read
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
    "MissingExtra",
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
    "read",
    "rule_sets",
]

#: Where each public name lives; a module is imported on first use, so that importing
#: one part of tellers (the command line for ``tellers --help``, a reader) loads no
#: more than that part needs (start-up time counts).
_HOMES = {
    "LOSS_TO_ROUNDING": "core.count",
    "NON_TRANSFERABLE": "core.count",
    "Action": "core.count",
    "Count": "core.count",
    "Decision": "core.count",
    "Lot": "core.count",
    "Outcome": "core.count",
    "Stage": "core.count",
    "Transfer": "core.count",
    "LotProvider": "core.lots",
    "NoLots": "core.lots",
    "SeededLots": "core.lots",
    "SuppliedLots": "core.lots",
    "Ballots": "core.model",
    "Candidate": "core.model",
    "Contest": "core.model",
    "Election": "core.model",
    "Ranking": "core.model",
    "Totals": "core.model",
    "CountError": "errors",
    "InputError": "errors",
    "LotNeeded": "errors",
    "MissingExtra": "errors",
    "RulesError": "errors",
    "TellersError": "errors",
    "count": "rules",
    "get": "rules",
    "read": "formats",
    "rule_sets": "rules",
}


def __getattr__(name: str) -> _typing.Any:
    if name in _HOMES:
        return getattr(_import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
