"""Count work in a bounded pool of processes, so that reading pages never waits behind a count.

Purpose: a count is CPU work (reading a 12 MB file of rankings and counting it takes
about a second of a core); a page read is a few milliseconds. The pages, the count
form, the compare form and ``POST /api/v1/count`` all count through one
:class:`CountPool`: a fixed number of worker processes, and a bounded number of
count requests waiting for one. Beyond that bound a request is refused at once with
503 and ``Retry-After`` (:class:`Busy`), before its file is read (see
:mod:`.limits`, which admits requests before their body is read). A count that uses
more than its share of processor time stops with a clear error
(:class:`CountTooLong`).

Design:

- Processes, not threads. A count holds the GIL for as long as it runs, so counts in
  threads of the serving process slow every page down (measured in
  ``bench/flood.py``: see bench/README.md). Worker processes also run at a lower
  priority (``nice`` 10), so that on a busy machine the pages come first.
- Workers start from a fork server where the platform has one (else they are
  spawned), with the counting modules imported once, not from the serving process,
  whose threads and open database connections a plain fork would copy. As always
  with these start methods, a program that serves the app itself must guard its
  entry point (``if __name__ == "__main__":``); ``tellers serve`` does.
- Admission: :meth:`CountPool.admit` gives a :class:`Ticket` while fewer than
  ``workers + queue`` count requests are in flight, else raises :class:`Busy` with
  an estimate of the wait (from the time recent counts took). A ticket is given
  back when the request has been answered and its count has finished, whichever is
  later (a client that goes away does not free a worker that is still counting).
- The time limit is the processor time of the worker (``RLIMIT_CPU``: the kernel
  sends ``SIGXCPU`` when it is reached), so a busy machine does not make a count
  fail, and nothing keeps running after it. Where the platform has no such limit
  (not Unix) counts run unlimited in time.
- Errors of the count (a :class:`~tellers.errors.TellersError`) come back as
  their one line: the web shows nothing else of them.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace
from types import FrameType
from typing import Any, TypeVar

from fastapi import Request

from ..errors import TellersError, one_line

__all__ = [
    "Busy",
    "CountLimits",
    "CountPool",
    "CountStopped",
    "CountTooLong",
    "Ticket",
    "default_workers",
    "ticket_of",
    "usable_cores",
]

T = TypeVar("T")

#: How much lower than the serving process the workers run (``nice``).
NICENESS = 10

#: The modules a worker needs, imported once by the fork server.
PRELOAD = ["tellers.web.views", "tellers.report.compare", "tellers.report.json"]

#: The seconds a count is guessed to take before any has finished (for ``Retry-After``).
FIRST_GUESS = 2.0

#: The longest wait a refusal asks for (seconds).
LONGEST_WAIT = 300


def usable_cores() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def default_workers(server_processes: int = 1) -> int:
    """Count processes for each serving process: together, about half the cores (at least
    one each), so that the other half serves pages."""
    return max(1, usable_cores() // (2 * max(1, server_processes)))


#: The environment variables ``tellers serve`` passes the limits in, by field of
#: :class:`CountLimits`; and how many server processes share the cores.
ENVIRONMENT = {
    "workers": "TELLERS_COUNT_WORKERS",
    "queue": "TELLERS_COUNT_QUEUE",
    "rate": "TELLERS_COUNT_RATE",
    "seconds": "TELLERS_COUNT_SECONDS",
}
SERVER_PROCESSES = "TELLERS_SERVE_WORKERS"


@dataclass(frozen=True, slots=True)
class CountLimits:
    """How much counting the site takes on: ``workers`` processes count, ``queue`` more
    requests may wait for one, each client may start ``rate`` counts a minute (signed-in
    editors :data:`EDITOR_RATE` times as many; 0: no limit), and a count may use
    ``seconds`` of processor time."""

    workers: int
    queue: int
    rate: int = 12
    seconds: int = 30

    def __post_init__(self) -> None:
        if self.workers < 1 or self.queue < 0 or self.rate < 0 or self.seconds < 1:
            raise ValueError(
                "expected count workers >= 1, queue >= 0, rate >= 0 and seconds >= 1, "
                f"not {self.workers}, {self.queue}, {self.rate} and {self.seconds}"
            )

    @classmethod
    def default(cls, workers: int | None = None) -> CountLimits:
        """The defaults: :func:`default_workers`, and a queue of twice as many."""
        workers = workers or default_workers()
        return cls(workers=workers, queue=2 * workers)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> CountLimits:
        """The limits ``tellers serve`` set in the environment (:data:`ENVIRONMENT`); the
        defaults for what it did not set."""
        environ = os.environ if environ is None else environ

        def number(name: str) -> int | None:
            text = environ.get(name, "").strip()
            if not text:
                return None
            try:
                return int(text)
            except ValueError:
                raise ValueError(f"{name}: expected a whole number, not {text!r}") from None

        given = {field: number(name) for field, name in ENVIRONMENT.items()}
        processes = number(SERVER_PROCESSES) or 1
        base = cls.default(given.pop("workers") or default_workers(processes))
        return replace(base, **{k: v for k, v in given.items() if v is not None})

    def to_env(self) -> dict[str, str]:
        """The environment variables that give these limits to :meth:`from_env`."""
        return {name: str(getattr(self, field)) for field, name in ENVIRONMENT.items()}


#: How many times the anonymous rate a signed-in editor may count.
EDITOR_RATE = 5


class Busy(Exception):
    """Every worker is counting and the queue is full: try again in ``retry_after`` s."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "the server is busy counting other files: "
            f"try again in {retry_after} second{'s' if retry_after != 1 else ''}"
        )
        self.retry_after = retry_after


class CountTooLong(TellersError):
    """A count used more processor time than one count may have here."""

    def __init__(self, seconds: int) -> None:
        super().__init__(
            f"counting this needs more than {seconds} second{'s' if seconds != 1 else ''} of "
            "the server's processor time, the most one count may use here: count the file "
            "on your own computer with `tellers count FILE` (pip install tellers)"
        )
        self.seconds = seconds

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.seconds,))


class CountStopped(Exception):
    """A worker process ended while counting (killed, or out of memory)."""


class Ticket:
    """A count request's place in the pool; given back by :meth:`release` when every
    holder has let go (the request, and its count while it runs)."""

    def __init__(self, pool: CountPool) -> None:
        self._pool = pool
        self._holders = 1
        self._lock = threading.Lock()

    def hold(self, future: Future[Any]) -> None:
        """Keep the place until ``future`` is done."""
        with self._lock:
            self._holders += 1
        future.add_done_callback(lambda _: self.release())

    def release(self) -> None:
        with self._lock:
            self._holders -= 1
            done = self._holders == 0
        if done:
            self._pool._leave()


class CountPool:
    """``workers`` processes that count, and places for ``workers + queue`` count
    requests (see the module's docstring)."""

    def __init__(self, limits: CountLimits) -> None:
        self.limits = limits
        self._lock = threading.Lock()
        self._in_flight = 0
        self._executor: ProcessPoolExecutor | None = None
        self._seconds = FIRST_GUESS

    @property
    def capacity(self) -> int:
        return self.limits.workers + self.limits.queue

    @property
    def in_flight(self) -> int:
        """Count requests admitted and not yet finished."""
        return self._in_flight

    def admit(self) -> Ticket:
        """A place for one count request, else :class:`Busy`."""
        with self._lock:
            if self._in_flight >= self.capacity:
                raise Busy(self._wait())
            self._in_flight += 1
        return Ticket(self)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _wait(self) -> int:
        """Seconds until a place is likely to be free (under the lock)."""
        ahead = self._in_flight - self.limits.workers + 1
        guess = self._seconds * max(1, ahead) / self.limits.workers
        return max(1, min(LONGEST_WAIT, math.ceil(guess)))

    def _started(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=self.limits.workers,
                    mp_context=_context(),
                    initializer=_start_worker,
                )
            return self._executor

    def _discard(self, executor: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is executor:
                self._executor = None
        executor.shutdown(wait=False, cancel_futures=True)

    async def run(self, ticket: Ticket, work: Callable[..., T], *args: Any) -> T:
        """``work(*args)`` in a worker (``work`` a module-level function, so that it
        pickles), under the time limit; ``ticket`` is held until it finishes."""
        executor = self._started()
        try:
            future = executor.submit(_limited, self.limits.seconds, work, *args)
        except BrokenProcessPool:
            self._discard(executor)
            executor = self._started()
            future = executor.submit(_limited, self.limits.seconds, work, *args)
        ticket.hold(future)
        try:
            result, seconds = await asyncio.wrap_future(future)
        except BrokenProcessPool:
            self._discard(executor)
            raise CountStopped(
                "the process counting this stopped before it finished (the server may be "
                "short of memory): try again later, or count the file on your own computer "
                "with `tellers count FILE`"
            ) from None
        with self._lock:
            self._seconds = 0.7 * self._seconds + 0.3 * seconds
        return result

    def close(self) -> None:
        """Stop the workers (a count running finishes first: at most its time limit)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


def ticket_of(request: Request) -> Ticket:
    """The pool's place the request was admitted with (by :class:`.limits.Limits`)."""
    ticket = getattr(request.state, "count_ticket", None)
    if not isinstance(ticket, Ticket):
        raise RuntimeError(
            f"{request.url.path} counts without a place in the pool: add it to "
            "tellers.web.limits.COUNTING"
        )
    return ticket


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


# -- in the worker -------------------------------------------------------------------------


class _OutOfTime(BaseException):
    """Raised by SIGXCPU in the middle of a count; a BaseException, so that no
    ``except Exception`` on the way catches it."""


def _start_worker() -> None:
    """Each worker: a lower priority; Ctrl+C is the server's to handle; SIGXCPU stops
    the count under way."""
    os.nice(NICENESS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGXCPU"):
        signal.signal(signal.SIGXCPU, _out_of_time)


def _out_of_time(signum: int, frame: FrameType | None) -> None:
    raise _OutOfTime


def _limited(seconds: int, work: Callable[..., T], *args: Any) -> tuple[T, float]:
    """``work(*args)`` under a limit of ``seconds`` of processor time more than the
    worker has used so far; what it gave, and the seconds it took. A
    :class:`~tellers.errors.TellersError` comes back as its one line."""
    start = time.perf_counter()
    try:
        with _processor_time(seconds):
            result = work(*args)
    except _OutOfTime:
        raise CountTooLong(seconds) from None
    except TellersError as error:
        raise TellersError(one_line(error)) from None
    return result, time.perf_counter() - start


@contextmanager
def _processor_time(seconds: int) -> Iterator[None]:
    """At most ``seconds`` more of processor time for this process (Unix), then SIGXCPU."""
    try:
        import resource
    except ImportError:  # not Unix: no limit
        yield
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(used.ru_utime + used.ru_stime) + seconds
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, (resource.RLIM_INFINITY, hard))
