"""Count BLT or PrefLib files with stvpoll (runs in bench/.venv; see bench/README.md).

stvpoll's ``calculate_scottish_stv`` is STV in the Scottish manner: Droop
quota, serial transfer of every paper of a winner at a reduced value, Decimal
values rounded (not truncated) to 5 places. Close to the Scottish Order, not
the same arithmetic. It takes weighted ballots, so each distinct ranking is
given once with its papers. Ties are broken from the history of the count,
then by the order of the candidates (no shuffle), so that runs repeat.
"""

from __future__ import annotations

import importlib
import time

from benchlib import labels, numbers, read_ballots, run, runner_arguments

VARIANTS = ("scottish",)


def count_scottish(path: str) -> tuple[list[int], float]:
    stvpoll = importlib.import_module("stvpoll.scottish_stv")
    election = read_ballots(path)
    names = labels(len(election.names))
    ballots = [
        (tuple(names[c] for c in ranking), papers)
        for ranking, papers in zip(election.rankings, election.weights, strict=True)
    ]
    start = time.perf_counter()
    result = stvpoll.calculate_scottish_stv(
        tuple(names), ballots, election.seats, random_shuffle=False
    )
    elected = list(result.elected_as_tuple())
    seconds = time.perf_counter() - start
    return numbers(names, elected), seconds


if __name__ == "__main__":
    arguments = runner_arguments(VARIANTS)
    run(count_scottish, arguments, note="weighted ballots, Decimal rounded to 5 places")
