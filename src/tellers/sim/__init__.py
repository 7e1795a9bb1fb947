"""Seeded ballot generators, and a BLT writer to save what they make.

::

    from tellers.sim import generate, to_blt
    election = generate(candidates=12, papers=1_000_000, seats=3, seed=42)
    text = to_blt(election)
"""

from __future__ import annotations

from .blt import to_blt
from .generate import DEFAULT_POOL, MODELS, generate

__all__ = ["DEFAULT_POOL", "MODELS", "generate", "to_blt"]
