"""Count BLT or PrefLib files with pyrankvote (runs in bench/.venv; see bench/README.md).

pyrankvote has no ballot weights, so each paper is one entry of the ballot list
(the entries of one ranking share one ``Ballot`` object). Its STV uses the quota
votes/(seats+1) with float transfers that share a surplus equally among the
papers a winner holds: not the Scottish rules. Its IRV eliminates the
candidate with fewest votes, breaking ties on most second choices.
"""

from __future__ import annotations

import importlib
import time

from benchlib import labels, numbers, read_ballots, run, runner_arguments

VARIANTS = ("stv", "irv")


def count(path: str, variant: str) -> tuple[list[int], float]:
    prv = importlib.import_module("pyrankvote")
    election = read_ballots(path)
    names = labels(len(election.names))
    people = [prv.Candidate(name) for name in names]
    ballots = []
    for ranking, papers in zip(election.rankings, election.weights, strict=True):
        ballots += [prv.Ballot(ranked_candidates=[people[c] for c in ranking])] * papers
    start = time.perf_counter()
    if variant == "stv":
        result = prv.single_transferable_vote(people, ballots, number_of_seats=election.seats)
    else:
        result = prv.instant_runoff_voting(people, ballots)
    elected = [c.name for c in result.get_winners()]
    seconds = time.perf_counter() - start
    return numbers(names, elected), seconds


def count_stv(path: str) -> tuple[list[int], float]:
    return count(path, "stv")


def count_irv(path: str) -> tuple[list[int], float]:
    return count(path, "irv")


if __name__ == "__main__":
    arguments = runner_arguments(VARIANTS)
    counter = count_stv if arguments.variant == "stv" else count_irv
    run(counter, arguments, note="one list entry per paper")
