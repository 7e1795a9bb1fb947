"""Count ballot files with tellers' Python API (runs in the project's .venv).

Reads each file with ``tellers.formats.read`` (or, while that reader is not
there yet, with the benchmark's own BLT/PrefLib reader, said in the result's
note) and counts it with ``tellers.count`` under the rule set the variant
names. ``rctab-maine`` is ``rctab`` with the options of Maine's ranked-choice
law (``benchlib.MAINE_OPTIONS``).
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Mapping
from functools import partial

from benchlib import MAINE_OPTIONS, read_ballots, run, runner_arguments

from tellers import Ballots, Candidate, Contest, Election, count

#: variant -> (rule set, its options).
RULES: dict[str, tuple[str, Mapping[str, object]]] = {
    "scot-2011": ("scot-2011", {}),
    "av": ("av", {}),
    "au-nsw": ("au-nsw", {}),
    "meek": ("meek", {}),
    "rctab-maine": ("rctab", MAINE_OPTIONS),
}


def _reader() -> tuple[Callable[[str], Election], str]:
    try:
        read: Callable[[str], Election] = importlib.import_module("tellers.formats").read
    except (ImportError, AttributeError):
        return _read_with_benchlib, "read with the benchmark's own reader (tellers.formats absent)"
    return read, "read with tellers.formats.read"


def _read_with_benchlib(path: str) -> Election:
    blt = read_ballots(path)
    contest = Contest(blt.title or path, blt.seats, tuple(Candidate(n) for n in blt.names))
    ballots = Ballots.compress(zip(blt.rankings, blt.weights, strict=True))
    return Election(contest, ballots, source=path)


READ, NOTE = _reader()


def count_file(path: str, variant: str) -> tuple[list[int], float]:
    rules, options = RULES[variant]
    election = READ(path)
    start = time.perf_counter()
    result = count(election, rules, options or None)
    seconds = time.perf_counter() - start
    return sorted(i + 1 for i in result.elected), seconds


#: A counter a variant (a partial of a module-level function, so it pickles for workers).
COUNTERS = {variant: partial(count_file, variant=variant) for variant in RULES}

if __name__ == "__main__":
    arguments = runner_arguments(tuple(RULES))
    run(COUNTERS[arguments.variant], arguments, note=NOTE)
