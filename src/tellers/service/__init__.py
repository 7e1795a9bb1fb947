"""The service layer: one function for each thing a person can ask of tellers.

The command line and the web app are thin edges over this package: they parse
a request, call one of these, and render what comes back with
:mod:`tellers.report` (or the analysis card). Nothing here prints, and nothing
here knows about click or HTTP. ::

    from tellers.service import CountRequest, count_file, compare_file
    counted = count_file("ward.blt", CountRequest(rules="scot-2011", seed=42))
    counted.count.elected_names(), counted.lots          # the Count, and how lots were drawn
    comparison = compare_file("ward.blt", "scot-2011,meek,av")

    from tellers.service import results, tracker
    with results.open_store("sqlite:///tellers.db") as store:
        by_elections = tracker.by_elections(store, since="2012-01-01")

Modules, by what a person asks:

=============  ===============================================================
``counting``   count files, uploads or text (:func:`count_file`, :func:`count_files`)
``comparing``  compare rule sets on one election (:func:`compare_file`)
``rctab``      run an RCTab contest configuration, as RCTab would
``catalogue``  the rule sets and formats tellers knows
``results``    store, edit and analyse results, their history and checks
``tracker``    the by-election tracker: gains and losses, net change
``council``    a council's composition on a day, seat by seat
``exchange``   results in and out: CSV, JSON, Democracy Club's CSV, tables (Parquet, polars)
``listing``    what the pages list: stored results, elections, cards, the tracker
``entry``      results entry by editors, confirmed by a second
``accounts``   accounts, sessions and roles
``examples``   the bundled examples (``tellers demo``)
``simulate``   ensembles of simulated elections (:func:`simulate`; extra ``sim``)
``audit``      risk-limiting audits: samples, plans, rounds recorded in the store
=============  ===============================================================
"""

from __future__ import annotations

import typing as _typing
from importlib import import_module as _import_module

if _typing.TYPE_CHECKING:
    from . import (
        accounts,
        audit,
        catalogue,
        comparing,
        council,
        counting,
        entry,
        examples,
        exchange,
        listing,
        rctab,
        results,
        simulate,
        tracker,
    )
    from .catalogue import rule_set, rule_sets
    from .comparing import compare_bytes, compare_election, compare_file
    from .counting import (
        Counted,
        CountRequest,
        FileCount,
        count_bytes,
        count_election,
        count_file,
        count_files,
        count_rctab_config,
        default_jobs,
        input_formats,
        read_bytes,
        read_file,
    )

__all__ = [
    "CountRequest",
    "Counted",
    "FileCount",
    "accounts",
    "audit",
    "catalogue",
    "compare_bytes",
    "compare_election",
    "compare_file",
    "comparing",
    "council",
    "count_bytes",
    "count_election",
    "count_file",
    "count_files",
    "count_rctab_config",
    "counting",
    "default_jobs",
    "entry",
    "examples",
    "exchange",
    "input_formats",
    "listing",
    "rctab",
    "read_bytes",
    "read_file",
    "results",
    "rule_set",
    "rule_sets",
    "simulate",
    "tracker",
]

_MODULES = frozenset(
    {
        "accounts",
        "audit",
        "catalogue",
        "comparing",
        "council",
        "counting",
        "entry",
        "examples",
        "exchange",
        "listing",
        "rctab",
        "results",
        "simulate",
        "tracker",
    }
)
_HOMES = {
    "rule_set": "catalogue",
    "rule_sets": "catalogue",
    "compare_bytes": "comparing",
    "compare_election": "comparing",
    "compare_file": "comparing",
    "CountRequest": "counting",
    "Counted": "counting",
    "FileCount": "counting",
    "count_bytes": "counting",
    "count_election": "counting",
    "count_file": "counting",
    "count_files": "counting",
    "count_rctab_config": "counting",
    "default_jobs": "counting",
    "input_formats": "counting",
    "read_bytes": "counting",
    "read_file": "counting",
}


def __getattr__(name: str) -> _typing.Any:
    """Modules and names imported on first use (``tellers --help`` loads none of them)."""
    if name in _MODULES:
        return _import_module(f"{__name__}.{name}")
    if name in _HOMES:
        return getattr(_import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
