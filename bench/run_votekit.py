"""Count BLT or PrefLib files with votekit (runs in bench/.venv; see bench/README.md).

votekit takes weighted ballots, so each distinct ranking becomes one
``RankBallot`` with the number of papers as its weight. Its STV is a Droop-quota
fractional-transfer STV (the surplus moves from the papers a winner holds at
first place, elections simultaneous): not the Scottish rules. Ties are broken
at random from seed 0 so that a run is repeatable.
"""

from __future__ import annotations

import importlib
import time
from typing import Any

from benchlib import labels, numbers, read_ballots, run, runner_arguments

VARIANTS = ("stv", "stv-exact", "fast-stv", "irv", "irv-exact", "fast-irv")


def profile(path: str) -> tuple[Any, list[str], int]:
    ballot_module = importlib.import_module("votekit.ballot")
    profile_module = importlib.import_module("votekit.pref_profile")
    election = read_ballots(path)
    names = labels(len(election.names))
    ballots = [
        ballot_module.RankBallot(ranking=tuple(frozenset({names[c]}) for c in r), weight=w)
        for r, w in zip(election.rankings, election.weights, strict=True)
    ]
    return profile_module.RankProfile(ballots=ballots, candidates=names), names, election.seats


def count(path: str, variant: str) -> tuple[list[int], float]:
    elections = importlib.import_module("votekit.elections")
    rank_profile, names, seats = profile(path)
    start = time.perf_counter()
    if variant == "stv":
        result = elections.STV(rank_profile, n_seats=seats, tiebreak="random", rng_seed=0)
    elif variant == "stv-exact":
        result = elections.STV(
            rank_profile, n_seats=seats, tiebreak="random", rng_seed=0, exact=True
        )
    elif variant == "fast-stv":
        result = elections.FastSTV(rank_profile, n_seats=seats, tiebreak="random", rng_seed=0)
    elif variant == "irv":
        result = elections.IRV(rank_profile, tiebreak="random", rng_seed=0)
    elif variant == "irv-exact":
        result = elections.IRV(rank_profile, tiebreak="random", rng_seed=0, exact=True)
    else:
        fast_irv = importlib.import_module("votekit.elections.election_types.ranking.stv.stv")
        result = fast_irv.FastIRV(rank_profile, tiebreak="random", rng_seed=0)
    elected = [c for group in result.get_elected() for c in group]
    seconds = time.perf_counter() - start
    return numbers(names, elected), seconds


def count_stv(path: str) -> tuple[list[int], float]:
    return count(path, "stv")


def count_stv_exact(path: str) -> tuple[list[int], float]:
    return count(path, "stv-exact")


def count_fast_stv(path: str) -> tuple[list[int], float]:
    return count(path, "fast-stv")


def count_irv(path: str) -> tuple[list[int], float]:
    return count(path, "irv")


def count_irv_exact(path: str) -> tuple[list[int], float]:
    return count(path, "irv-exact")


def count_fast_irv(path: str) -> tuple[list[int], float]:
    return count(path, "fast-irv")


COUNTERS = {
    "stv": count_stv,
    "stv-exact": count_stv_exact,
    "fast-stv": count_fast_stv,
    "irv": count_irv,
    "irv-exact": count_irv_exact,
    "fast-irv": count_fast_irv,
}

if __name__ == "__main__":
    arguments = runner_arguments(VARIANTS)
    run(COUNTERS[arguments.variant], arguments, note="weighted ballots")
