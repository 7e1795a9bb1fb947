"""Random streams of an ensemble's runs, all from one seed.

Purpose: an ensemble gives byte-identical output whatever runs it (one
process, a pool of four, a Dask cluster), because no run's randomness depends
on which worker drew it or on what that worker drew before.

Design: numpy's counter-based generator Philox is keyed by
``SeedSequence(seed)``. The runs fall in blocks of :data:`BLOCK` (run ``r`` in
block ``r // BLOCK``); block ``j`` draws the papers of its runs, one run after
the other, from counter ``j · 2^128``, so that a block's elections can be
drawn together (one multinomial call for a thousand impartial-culture
elections). Where a count of run ``r`` needs a lot, its lot seed is drawn from
counter ``r · 2^128 + 2^192``. Streams never meet (one would have to draw 2^128
numbers first). This keeps the promise of ``SeedSequence(seed).spawn(...)``:
the same papers and lots for a run whatever worker draws it, made again from
``(seed, run)`` alone, by moving a counter instead of hashing a seed per run
(3 µs, where a new generator costs 16). Runs are drawn in order within a
block, so the first ``n`` runs of an ensemble are the same whatever its size.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Runs drawn from one stream, one after the other.
BLOCK = 1000


class _Counter:
    """A Philox generator moved to a given counter."""

    def __init__(self, key: Any) -> None:
        self.bits = np.random.Philox(key=key)
        self.generator = np.random.Generator(self.bits)
        self.counter = np.zeros(4, dtype=np.uint64)
        self.state: dict[str, Any] = dict(self.bits.state)
        self.state["state"] = {"counter": self.counter, "key": self.state["state"]["key"]}
        self.state["buffer_pos"] = 4  # nothing buffered: the next draw starts at the counter
        self.state["has_uint32"] = 0
        self.state["uinteger"] = 0

    def at(self, high: int, stream: int) -> np.random.Generator:
        self.counter[2] = high
        self.counter[3] = stream
        self.bits.state = self.state  # type: ignore[assignment]
        return self.generator


class Streams:
    """The random streams of the runs of one ensemble (``seed``)."""

    def __init__(self, seed: int) -> None:
        if seed < 0:
            raise ValueError(f"a seed of 0 or more is expected, not {seed}")
        self.seed = seed
        key = np.random.SeedSequence(seed).generate_state(2, np.uint64)
        self._papers = _Counter(key)
        self._lots = _Counter(key)

    def block(self, block: int) -> np.random.Generator:
        """The generator of the papers of block ``block``'s runs (valid until the next call)."""
        return self._papers.at(block, 0)

    def lot_seed(self, run: int) -> int:
        """The seed of the lots drawn in run ``run``'s counts (every rule set's)."""
        return int(self._lots.at(run, 1).integers(2**63))
