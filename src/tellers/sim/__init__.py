"""Simulated elections: seeded ballot generators, and ensembles counted under the rule sets.

::

    from tellers.sim import generate, to_blt
    election = generate(candidates=12, papers=1_000_000, seats=3, seed=42)
    text = to_blt(election)

    from tellers.sim import Ensemble, simulate, summarise, voter_model
    ensemble = Ensemble(voter_model("ic", candidates=4, voters=1001), seats=1, runs=10_000,
                        seed=1, rules=("uk-fptp", "av"), measures=("condorcet",))
    summary = summarise(ensemble, simulate(ensemble, jobs=2))

The ensembles need numpy (``pip install 'tellers[sim]'``); their names are
imported on first use, so that ``import tellers`` does not need it.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .blt import to_blt
from .generate import DEFAULT_POOL, MODELS, generate

#: Names of the ensemble API and the module that holds each.
_LAZY = {
    "Ensemble": "ensemble",
    "simulate": "ensemble",
    "MEASURES": "measures",
    "VOTER_MODELS": "models",
    "voter_model": "models",
    "Streams": "streams",
    "summarise": "summary",
    "render_text": "summary",
    "write_parquet": "table",
    "plot": "plot",
}

__all__ = [
    "DEFAULT_POOL",
    "MEASURES",
    "MODELS",
    "VOTER_MODELS",
    "Ensemble",
    "Streams",
    "generate",
    "plot",
    "render_text",
    "simulate",
    "summarise",
    "to_blt",
    "voter_model",
    "write_parquet",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from .extras import need

        need("numpy", "tellers.sim ensembles")
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
