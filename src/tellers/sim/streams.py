"""Random streams, one for each run of an ensemble, all from one seed.

Purpose: an ensemble gives byte-identical output whatever runs it (one
process, a pool of four, a Dask cluster), because no run's randomness depends
on which worker drew it or on what that worker drew before.

Design: numpy's counter-based generator Philox is keyed by
``SeedSequence(seed)``; run ``r`` draws its papers from counter ``r · 2^128``
and, where one of its counts needs a lot, one seed for the lots from counter
``r · 2^128 + 2^192``. Streams of different runs never meet (a run would have
to draw 2^128 numbers first). This is the same promise as
``SeedSequence(seed).spawn(runs)``, made by moving a counter instead of
hashing a new seed for every run: 3 µs a run instead of 16, which matters
when an election costs 10 µs. A run is made again from ``(seed, run)`` alone.
"""

from __future__ import annotations

import numpy as np

#: Where a run's lot stream starts, in its counter's third word.
_LOT_STREAM = 1


class Streams:
    """The random streams of the runs of one ensemble (``seed``)."""

    def __init__(self, seed: int) -> None:
        if seed < 0:
            raise ValueError(f"a seed of 0 or more is expected, not {seed}")
        self.seed = seed
        key = np.random.SeedSequence(seed).generate_state(2, np.uint64)
        self._bits = np.random.Philox(key=key)
        self._generator = np.random.Generator(self._bits)
        self._state = self._bits.state

    def _at(self, run: int, stream: int) -> np.random.Generator:
        counter = np.array([0, 0, run, stream], dtype=np.uint64)
        state = dict(self._state)
        state["state"] = {"counter": counter, "key": self._state["state"]["key"]}
        state["buffer_pos"] = 4
        state["has_uint32"] = 0
        state["uinteger"] = 0
        self._bits.state = state  # type: ignore[assignment]
        return self._generator

    def papers(self, run: int) -> np.random.Generator:
        """The generator of run ``run``'s papers (valid until the next call)."""
        return self._at(run, 0)

    def lot_seed(self, run: int) -> int:
        """The seed of the lots drawn in run ``run``'s counts (every rule set's)."""
        return int(self._at(run, _LOT_STREAM).integers(2**63))
