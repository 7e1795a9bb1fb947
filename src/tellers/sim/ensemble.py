"""Run an ensemble of simulated elections: in chunks, here or on a Dask cluster.

Purpose: thousands to millions of elections from one model, each counted
under every rule set asked for and measured, with the same output whatever
runs them: ``jobs=1``, a pool of local processes, or an existing Dask
distributed scheduler (``cluster="tcp://host:port"``).

Design: the runs are cut into chunks (ranges of run numbers) sized to the
work and the workers; each chunk is drawn, counted and measured on its own
(:func:`run_chunk`), every run from its own stream (:mod:`.streams`), and the
chunks' columns are put back in run order. Nothing a run produces depends on
its chunk, so neither does the output. No scheduler of our own: a local
:class:`~concurrent.futures.ProcessPoolExecutor`, or ``distributed.Client``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

import numpy as np

from ..errors import RulesError
from .counting import check_rule
from .extras import need
from .measures import MEASURES, PERTURBATIONS, Columns, measure
from .models import Model, cut_counts, cut_of, draw_one
from .papers import IntArray, Papers, Rankings, stack
from .streams import BLOCK, Streams

#: One election as drawn: counts over the model's rankings, or distinct rankings and counts.
Drawn = IntArray | tuple[Rankings, IntArray]

#: Called with the runs finished so far.
Progress = Callable[[int], None]

#: Numbers held in memory by one batch of elections, about (sets the batch size).
BATCH_CELLS = 4_000_000


@dataclass(frozen=True)
class Ensemble:
    """What to simulate: ``runs`` elections of ``model`` for ``seats``, from ``seed``."""

    model: Model
    seats: int
    runs: int
    seed: int
    rules: tuple[str, ...]
    measures: tuple[str, ...]

    def check(self) -> None:
        """Refuse what cannot be run, before any run starts."""
        if self.runs < 1:
            raise RulesError(f"at least one run is expected, not {self.runs}")
        if self.seed < 0:
            raise RulesError(f"a seed of 0 or more is expected, not {self.seed}")
        if not 1 <= self.seats <= self.model.candidates:
            raise RulesError(
                f"seats between 1 and the {self.model.candidates} candidates are expected, "
                f"not {self.seats}"
            )
        if not self.rules:
            raise RulesError("name at least one rule set to count the elections with")
        for rule in self.rules:
            check_rule(rule)
        unknown = [m for m in self.measures if m not in MEASURES]
        if unknown:
            raise RulesError(f"no measure {unknown[0]!r} (measures: {', '.join(MEASURES)})")
        if self.seats > 1 and any(m in PERTURBATIONS for m in self.measures):
            raise RulesError("monotonicity and participation are measured in single-seat contests")
        run_chunk(self, 0, 1)  # a rule set that cannot count these elections says so now

    def parameters(self) -> dict[str, int | float | str]:
        values = dict(self.model.parameters())
        values["seats"] = self.seats
        values["seed"] = self.seed
        return values

    def batch_size(self) -> int:
        """Elections drawn and counted together (memory, not results, depends on it)."""
        c = self.model.candidates
        types = self.model.types()
        width = len(types) if types is not None else self.model.voters
        cells = width * (c * c if "condorcet" in self.measures else c)
        return max(1, min(20_000, BATCH_CELLS // max(cells, 1)))


def elections(ensemble: Ensemble, runs: range, streams: Streams) -> Iterator[Drawn]:
    """The papers of each of ``runs`` (consecutive), in order.

    Each block's runs are drawn from its stream in order, so runs before
    ``runs.start`` in its block are drawn too, and dropped.
    """
    model = ensemble.model
    types = model.types()
    cut = None if types is None else cut_of(model, types)
    first = runs.start
    while first < runs.stop:
        block = first // BLOCK
        begin = block * BLOCK
        end = min(runs.stop, begin + BLOCK)
        rng = streams.block(block)
        if types is None:
            for r in range(begin, end):
                drawn = draw_one(model, rng)
                if r >= first:
                    yield drawn
        elif cut is None:
            counts = model.draw_many(rng, end - begin)
            yield from counts[first - begin :]
        else:
            for r in range(begin, end):
                cut_drawn = cut_counts(cut, model.draw_counts(rng), rng)
                if r >= first:
                    yield cut_drawn
        first = end


def batches(ensemble: Ensemble, runs: range, streams: Streams) -> Iterator[tuple[range, Papers]]:
    """The papers of ``runs``, a batch of :meth:`Ensemble.batch_size` elections at a time."""
    model = ensemble.model
    c = model.candidates
    types = model.types()
    cut = None if types is None else cut_of(model, types)
    size = ensemble.batch_size()
    drawn = elections(ensemble, runs, streams)
    for first in range(runs.start, runs.stop, size):
        these = range(first, min(runs.stop, first + size))
        items = list(itertools.islice(drawn, len(these)))
        if types is None:
            yield these, stack(items, c)  # type: ignore[arg-type]
        else:
            shared = types if cut is None else cut.types
            yield these, Papers(shared, np.array(items, dtype=np.int64).reshape(len(these), -1), c)


def draw(ensemble: Ensemble, runs: range, streams: Streams) -> Papers:
    """The papers of ``runs`` (consecutive) as one batch."""
    model = ensemble.model
    c = model.candidates
    types = model.types()
    items = list(elections(ensemble, runs, streams))
    if types is None:
        return stack(items, c)  # type: ignore[arg-type]
    cut = cut_of(model, types)
    shared = types if cut is None else cut.types
    return Papers(shared, np.array(items, dtype=np.int64).reshape(len(items), -1), c)


def run_chunk(ensemble: Ensemble, start: int, stop: int) -> Columns:
    """Draw, count and measure runs ``start`` to ``stop - 1``: their columns."""
    streams = Streams(ensemble.seed)
    names = ensemble.model.names()
    parts: list[Columns] = []
    for runs, papers in batches(ensemble, range(start, stop), streams):

        def lot_seed(election: int, first: int = runs.start) -> int:
            return streams.lot_seed(first + election)

        columns: Columns = {"run": np.arange(runs.start, runs.stop, dtype=np.int64)}
        columns.update(
            measure(papers, ensemble.seats, ensemble.rules, ensemble.measures, names, lot_seed)
        )
        parts.append(columns)
    return join(parts)


def join(parts: Sequence[Columns]) -> Columns:
    """Columns of consecutive chunks, end to end."""
    if len(parts) == 1:
        return parts[0]
    return {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}


def chunks(ensemble: Ensemble, workers: int) -> list[range]:
    """The runs cut into chunks: a few per worker, none too big to show progress.

    Beyond a block of runs, chunks are whole blocks (a chunk starting inside a
    block would draw that block's earlier runs again).
    """
    runs = ensemble.runs
    size = ensemble.batch_size()
    per = math.ceil(runs / max(1, 4 * workers))
    per = max(1, min(per, 25 * size))
    if per > BLOCK:
        per = BLOCK * round(per / BLOCK)
    elif runs > BLOCK:
        per = BLOCK
    return [range(s, min(runs, s + per)) for s in range(0, runs, per)]


def simulate(
    ensemble: Ensemble,
    jobs: int = 1,
    cluster: str | None = None,
    progress: Progress | None = None,
) -> Columns:
    """Run ``ensemble``: one process, ``jobs`` local processes, or the Dask ``cluster``.

    Returns the columns of every run, in run order. ``progress`` is told the
    runs finished so far after each chunk.
    """
    ensemble.check()
    if cluster is not None:
        return _on_cluster(ensemble, cluster, progress)
    pieces = chunks(ensemble, jobs)
    done: dict[int, Columns] = {}
    finished = 0
    if jobs <= 1:
        for i, piece in enumerate(pieces):
            done[i] = run_chunk(ensemble, piece.start, piece.stop)
            finished += len(piece)
            if progress:
                progress(finished)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {
                pool.submit(run_chunk, ensemble, p.start, p.stop): i for i, p in enumerate(pieces)
            }
            for future in as_completed(futures):
                i = futures[future]
                done[i] = future.result()
                finished += len(pieces[i])
                if progress:
                    progress(finished)
    return join([done[i] for i in range(len(pieces))])


def _on_cluster(ensemble: Ensemble, address: str, progress: Progress | None) -> Columns:
    distributed = need("distributed", "--cluster")
    try:
        client = distributed.Client(address, timeout="10s")
    except OSError as error:
        raise RulesError(f"no Dask scheduler answers at {address}: {error}") from None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        pieces = chunks(ensemble, workers)
        futures = [client.submit(run_chunk, ensemble, p.start, p.stop, pure=False) for p in pieces]
        index = {f.key: i for i, f in enumerate(futures)}
        done: dict[int, Columns] = {}
        finished = 0
        for future in distributed.as_completed(futures):
            i = index[future.key]
            done[i] = future.result()
            finished += len(pieces[i])
            if progress:
                progress(finished)
        return join([done[i] for i in range(len(pieces))])
    finally:
        client.close()
