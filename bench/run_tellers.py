"""Count BLT files with tellers' Python API (runs in the project's .venv).

Reads each file with ``tellers.formats.read`` (or, while that reader is not
there yet, with the benchmark's own BLT reader, said in the result's note) and
counts it with ``tellers.count`` under the rule set the variant names.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable

from benchlib import read_blt, run, runner_arguments

from tellers import Ballots, Candidate, Contest, Election, count

VARIANTS = ("scot-2011", "av")


def _reader() -> tuple[Callable[[str], Election], str]:
    try:
        read: Callable[[str], Election] = importlib.import_module("tellers.formats").read
    except (ImportError, AttributeError):
        return _read_with_benchlib, "read with the benchmark's BLT reader (tellers.formats absent)"
    return read, "read with tellers.formats.read"


def _read_with_benchlib(path: str) -> Election:
    blt = read_blt(path)
    contest = Contest(blt.title or path, blt.seats, tuple(Candidate(n) for n in blt.names))
    ballots = Ballots.compress(zip(blt.rankings, blt.weights, strict=True))
    return Election(contest, ballots, source=path)


READ, NOTE = _reader()


def count_file(path: str, rules: str) -> tuple[list[int], float]:
    election = READ(path)
    start = time.perf_counter()
    result = count(election, rules)
    seconds = time.perf_counter() - start
    return sorted(i + 1 for i in result.elected), seconds


def count_scot(path: str) -> tuple[list[int], float]:
    return count_file(path, "scot-2011")


def count_av(path: str) -> tuple[list[int], float]:
    return count_file(path, "av")


if __name__ == "__main__":
    arguments = runner_arguments(VARIANTS)
    run(count_scot if arguments.variant == "scot-2011" else count_av, arguments, note=NOTE)
