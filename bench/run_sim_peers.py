"""Count simulated profiles with pref_voting or VoteKit (see bench/README.md, "Simulation").

Reads a JSON file of profiles (each a list of ``[count, ranking]`` pairs, candidates
0-based), counts each with the peer, and writes the winners and the seconds taken
(profile construction and counting, not reading the file) as JSON.

* ``ic`` task: plurality, instant runoff and the Condorcet winner (pref_voting);
  plurality and IRV (VoteKit has no Condorcet winner function; ties broken at
  random from seed 0).
* ``stv`` task: pref_voting's ``stv_scottish`` (SSI 2007/42, 5 places: the same
  rule as tellers' ``scot-2011`` on these papers) and VoteKit's ``FastSTV``
  (Droop quota, fractional transfers: not the Scottish rule).

    python bench/run_sim_peers.py pref_voting ic profiles.json out.json
"""

from __future__ import annotations

import importlib
import json
import sys
import time
import warnings
from typing import Any


def pref_voting(task: str, profiles: list[Any], seats: int) -> list[list[int]]:
    profiles_module = importlib.import_module("pref_voting.profiles")
    scoring = importlib.import_module("pref_voting.scoring_methods")
    iterative = importlib.import_module("pref_voting.iterative_methods")
    proportional = importlib.import_module("pref_voting.proportional_methods")
    out = []
    for profile in profiles:
        made = profiles_module.Profile([r for _, r in profile], rcounts=[n for n, _ in profile])
        if task == "ic":
            cw = made.condorcet_winner()
            out.append(
                [
                    *scoring.plurality(made)[:1],
                    *iterative.instant_runoff(made)[:1],
                    -1 if cw is None else cw,
                ]
            )
        else:
            out.append(sorted(proportional.stv_scottish(made, num_seats=seats)))
    return out


def votekit(task: str, profiles: list[Any], seats: int) -> list[list[int]]:
    ballot = importlib.import_module("votekit.ballot")
    pref_profile = importlib.import_module("votekit.pref_profile")
    elections = importlib.import_module("votekit.elections")
    out = []
    for profile in profiles:
        names = [str(c) for c in range(len(profile[0][1]))]
        papers = [
            ballot.RankBallot(ranking=tuple(frozenset({str(c)}) for c in r), weight=n)
            for n, r in profile
        ]
        made = pref_profile.RankProfile(ballots=papers, candidates=names)
        if task == "ic":
            first = elections.Plurality(made, n_seats=1, tiebreak="random", rng_seed=0)
            irv = elections.IRV(made, tiebreak="random", rng_seed=0)
            out.append(
                [int(next(iter(first.get_elected()[0]))), int(next(iter(irv.get_elected()[0])))]
            )
        else:
            stv = elections.FastSTV(made, n_seats=seats, tiebreak="random", rng_seed=0)
            out.append(sorted(int(c) for group in stv.get_elected() for c in group))
    return out


def main() -> None:
    tool, task, source, target = sys.argv[1:5]
    with open(source, encoding="utf-8") as given:
        data = json.load(given)
    counter = pref_voting if tool == "pref_voting" else votekit
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        counter(task, data["profiles"][:2], data["seats"])  # imports and first-call set-up
        start = time.perf_counter()
        winners = counter(task, data["profiles"], data["seats"])
        seconds = time.perf_counter() - start
    with open(target, "w", encoding="utf-8") as out:
        json.dump({"seconds": seconds, "winners": winners}, out)


if __name__ == "__main__":
    main()
