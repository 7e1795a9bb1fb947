"""Count files, bytes or text: what ``tellers count`` and the web's count page ask for.

Purpose: one place that turns a request (a file, an upload or pasted text, and
the settings: rule set, options, seats, lots, seed) into an
:class:`~tellers.core.model.Election` and a :class:`~tellers.core.count.Count`,
so that the command line, the pages and the API count the same way and refuse
the same mistakes with the same words.

Design: a :class:`CountRequest` is checked once (:meth:`CountRequest.checked`)
and is picklable, so many files can be counted in a process pool
(:func:`count_files`); each worker reads, counts and hands the count to a
``render`` function the edge gives (a module-level function, so that it pickles),
and the finished text comes back in the order of the files. Every error a user
can cause is a :class:`~tellers.errors.TellersError`; a file that cannot be
opened is an :class:`~tellers.errors.InputError` naming it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InputError, RulesError, TellersError, one_line

if TYPE_CHECKING:
    from ..core.count import Count
    from ..core.lots import LotProvider
    from ..core.model import Election
    from .rctab import RctabRun

__all__ = [
    "MAX_BYTES",
    "POOL_BYTES",
    "POOL_FILES",
    "CountRequest",
    "Counted",
    "FileCount",
    "Progress",
    "RctabCounted",
    "count_bytes",
    "count_election",
    "count_file",
    "count_files",
    "count_rctab_config",
    "default_jobs",
    "input_formats",
    "read_bytes",
    "read_file",
]

#: ``count_files`` uses a process pool (unless told otherwise) for more than
#: POOL_FILES files holding at least POOL_BYTES between them. Measured with the
#: Scottish ward BLT files on 2 CPUs: one process counts about 3 ms a file, and
#: starting the pool costs about 0.1 s, so 2 processes tie at 16 files (0.4 MB),
#: win a little at 64 (1.9 MB) and run 1.7-2x as fast at 400 (4.6 MB) and 1,100 (17 MB).
POOL_FILES = 8
POOL_BYTES = 1_000_000

#: The largest upload (or pasted text) counted from bytes, in bytes.
MAX_BYTES = 50_000_000

#: Called with (bytes read, bytes in all) as a file is read.
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class CountRequest:
    """How to count: the same for every file of a request (picklable).

    ``format_in`` names the reader (default: guessed from each file); ``seats``
    overrides the file's; ``contest`` picks one contest (by name or id) from a
    vendor's cast vote records that hold several; ``lots`` replays official draws
    (``"A>B"``, the first named favoured); ``seed`` draws any other lot at random,
    reproducibly.
    """

    rules: str | None = None
    format_in: str | None = None
    seats: int | None = None
    lots: tuple[str, ...] = ()
    seed: int | None = None
    options: tuple[tuple[str, str], ...] = ()
    contest: str | None = None

    def checked(self) -> CountRequest:
        """The request, once its settings are known good: seats, the rule set and its
        options, the shape of each lot (``"A>B"``). A mistake is a
        :class:`~tellers.errors.TellersError` naming the setting. (The format is the
        edge's to check, as a usage error or a form's.)"""
        from ..rules import get

        if self.seats is not None and self.seats < 1:
            raise RulesError(f"seats: expected 1 or more, found {self.seats}")
        if self.rules is not None:
            get(self.rules).resolve(dict(self.options))
        if self.lots:
            self.provider()  # refuses a draw that names fewer than two candidates
        return self

    def provider(self) -> LotProvider | None:
        """A fresh lot provider for one count (None: a needed lot stops the count)."""
        from ..core.lots import SeededLots, SuppliedLots

        seeded = SeededLots(self.seed) if self.seed is not None else None
        if self.lots:
            return SuppliedLots(self.lots, fallback=seeded)
        return seeded


@dataclass(frozen=True, slots=True)
class Counted:
    """A count and what it was made from: the election read, the count, how its lots were
    drawn (as printed with the result; None when none could be), and the supplied lots
    that no tie asked for."""

    election: Election
    count: Count
    lots: str | None = None
    unused_lots: tuple[str, ...] = ()


def input_formats() -> tuple[str, ...]:
    """The input formats tellers reads, by the names ``--format-in`` takes."""
    from ..formats import FORMATS

    return tuple(FORMATS)


def read_file(
    path: str, request: CountRequest | None = None, progress: Progress | None = None
) -> Election:
    """The election in the file at ``path`` (``-``: standard input)."""
    from ..formats import read

    request = request or CountRequest()
    try:
        return read(
            path,
            request.format_in,
            seats=request.seats,
            progress=progress,
            contest=request.contest,
        )
    except OSError as error:
        raise InputError(path, None, f"cannot read the file: {error.strerror or error}") from None


def read_bytes(data: bytes, source: str, request: CountRequest | None = None) -> Election:
    """The election in ``data`` (an upload, or pasted text encoded), named ``source``."""
    from ..formats import read_text
    from ..formats._common import decode

    request = request or CountRequest()
    if len(data) > MAX_BYTES:
        raise InputError(source, None, f"expected at most {MAX_BYTES // 1_000_000} MB")
    if not data.strip():
        raise InputError(source, None, "expected a result or ballots, found nothing")
    text = decode(data, source)
    return read_text(text, source, request.format_in, seats=request.seats)


def count_election(election: Election, request: CountRequest | None = None) -> Counted:
    """Count ``election`` as ``request`` says."""
    from ..core.lots import SuppliedLots
    from ..rules import count

    request = request or CountRequest()
    provider = request.provider()
    result = count(election, request.rules, dict(request.options), provider)
    unused = tuple(provider.unused()) if isinstance(provider, SuppliedLots) else ()
    lots = provider.describe() if provider is not None else None
    return Counted(election, result, lots, unused)


def count_file(
    path: str, request: CountRequest | None = None, progress: Progress | None = None
) -> Counted:
    """Read and count the file at ``path``."""
    return count_election(read_file(path, request, progress), request)


def count_bytes(data: bytes, source: str, request: CountRequest | None = None) -> Counted:
    """Read and count an upload or pasted text."""
    return count_election(read_bytes(data, source, request), request)


@dataclass(frozen=True, slots=True)
class FileCount:
    """What counting one of many files gave: the rendered text, or the error's one line."""

    path: str
    output: str = ""
    error: str | None = None
    unused_lots: tuple[str, ...] = ()


Render = Callable[[Counted], str]


def _count_one(
    path: str,
    request: CountRequest,
    render: Render,
    reading: AbstractContextManager[object] | None = None,
    progress: Progress | None = None,
) -> FileCount:
    """Read, count and render one file; errors come back as a message, never raised."""
    try:
        with reading or nullcontext():
            election = read_file(path, request, progress)
        counted = count_election(election, request)
        output = render(counted)
    except TellersError as error:
        return FileCount(path, error=one_line(error))
    except Exception as error:  # a fault in tellers itself: still one line, no traceback
        return FileCount(
            path,
            error=f"{path}: internal error ({type(error).__name__}: {one_line(error)}); "
            "please report it with the file",
        )
    return FileCount(path, output, None, counted.unused_lots)


def count_files(
    paths: Sequence[str],
    request: CountRequest,
    render: Render,
    jobs: int = 1,
    reading: AbstractContextManager[object] | None = None,
    progress: Progress | None = None,
) -> Iterator[FileCount]:
    """Each file read, counted and rendered, in the order of ``paths``; from a process pool
    when ``jobs`` > 1 (``render`` must then pickle: a module-level function or a partial
    of one). ``reading`` and ``progress`` show the reading of a file counted in this
    process (a bar and its callback)."""
    from ..formats import prepare

    prepare(paths, request.format_in)
    if jobs <= 1 or len(paths) <= 1 or "-" in paths:
        for path in paths:
            yield _count_one(path, request, render, reading, progress)
        return
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    from .. import report  # noqa: F401  (imported once here, inherited by forked workers)
    from ..rules import rule_sets

    rule_sets()  # registers every rule set before the workers start
    chunksize = max(1, min(16, len(paths) // (jobs * 4)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(
            partial(_count_one, request=request, render=render), paths, chunksize=chunksize
        )


def default_jobs(paths: Sequence[str]) -> int:
    """One process per usable CPU for many files with much to count, else one."""
    if len(paths) <= POOL_FILES:
        return 1
    size = sum(os.path.getsize(p) for p in paths if p != "-" and os.path.isfile(p))
    if size < POOL_BYTES:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cpus or 1, len(paths)))


@dataclass(frozen=True, slots=True)
class RctabCounted:
    """A contest counted from an RCTab configuration: the run, RCTab's report (JSON
    text), and tellers' own count of it."""

    run: RctabRun
    report: str
    counted: Counted


def count_rctab_config(path: str, request: CountRequest | None = None) -> RctabCounted:
    """Count the contest an RCTab configuration describes, as RCTab would."""
    from .rctab import run_rctab_config

    request = request or CountRequest()
    provider = request.provider()
    run, report = run_rctab_config(path, provider)
    lots = provider.describe() if provider is not None else None
    return RctabCounted(run, report, Counted(run.election, run.result, lots))
