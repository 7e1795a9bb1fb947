"""Benchmark ``tellers simulate``: ensembles, peers side by side, and Dask scaling.

Tasks (``--tasks``, all by default):

* ``ic``: one million impartial-culture elections of 1,001 voters and 4
  candidates, counted under ``uk-fptp`` and ``av`` with the Condorcet measure,
  on ``--jobs`` local processes (floor: 15 s on 2 cores);
* ``stv``: 100,000 Plackett–Luce elections (8 candidates, 3 seats, 2,000
  voters, weights drawn for each run) under ``scot-2011`` (floor: 60 s);
* ``peers``: the first ``--peer-runs`` elections of each task counted by
  pref_voting and VoteKit from the same papers, beside tellers counting the
  same elections in one process: seconds an election, the ratio, and in how
  many elections the winners agree;
* ``dask``: the two tasks, smaller, on a Dask ``LocalCluster`` of 1, 2 and 4
  workers (one thread each): the scaling curve, and a check that the summary
  is byte-identical to the local run's.

    .venv/bin/python bench/simulate.py                       # everything (long)
    .venv/bin/python bench/simulate.py --tasks ic,stv        # the floors only
    .venv/bin/python bench/simulate.py --tasks peers --peer-runs 500
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from tellers.sim import Ensemble, Streams, simulate, summarise
from tellers.sim.ensemble import draw
from tellers.sim.measures import Columns
from tellers.sim.models import Impartial, PlackettLuce

BENCH = Path(__file__).resolve().parent
PEER_VENV_PYTHON = BENCH / ".venv" / "bin" / "python"

FLOOR_IC_SECONDS = 15.0
FLOOR_STV_SECONDS = 60.0


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def ic_ensemble(runs: int, seed: int) -> Ensemble:
    return Ensemble(Impartial(4, 1001), 1, runs, seed, ("uk-fptp", "av"), ("condorcet",))


def stv_ensemble(runs: int, seed: int) -> Ensemble:
    return Ensemble(PlackettLuce(8, 2000), 3, runs, seed, ("scot-2011",), ())


def cpu_seconds() -> float:
    """CPU seconds used by this process and its finished children (the pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(ensemble: Ensemble, **where: Any) -> tuple[float, Columns]:
    start = time.perf_counter()
    columns = simulate(ensemble, **where)
    return time.perf_counter() - start, columns


def floor_task(name: str, ensemble: Ensemble, jobs: int, floor: float) -> None:
    cpu = cpu_seconds()
    seconds, columns = timed(ensemble, jobs=jobs)
    cpu = cpu_seconds() - cpu
    summary = summarise(ensemble, columns)
    verdict = "met" if seconds <= floor else "MISSED"
    per = seconds / ensemble.runs * 1e6
    print(
        f"{name}: {ensemble.runs:,} elections in {seconds:.1f} s on {jobs} processes "
        f"({per:,.1f} µs an election; floor {floor:.0f} s: {verdict}); "
        f"CPU {cpu:.1f} s, so {cpu / jobs:.1f} s on {jobs} idle cores"
    )
    lots = {r: summary["measures"][f"lots:{r}"] for r in ensemble.rules}
    shown = {k: v for k, v in summary["measures"].items() if not k.startswith("lots:")}
    print(f"  measures {json.dumps(shown)}; lots a run {json.dumps(lots)}")


def profiles(ensemble: Ensemble, runs: int) -> list[list[tuple[int, list[int]]]]:
    papers = draw(ensemble, range(runs), Streams(ensemble.seed))
    out = []
    for e in range(runs):
        ballots = papers.ballots(e)
        out.append([(n, list(r)) for r, n in zip(ballots.rankings, ballots.counts, strict=True)])
    return out


def peer_python(given: str | None) -> str:
    if given:
        return given
    return str(PEER_VENV_PYTHON) if PEER_VENV_PYTHON.exists() else sys.executable


def run_peer(python: str, tool: str, task: str, data: Path, timeout: float) -> dict[str, Any]:
    out = data.with_suffix(f".{tool}.json")
    command = [python, str(BENCH / "run_sim_peers.py"), tool, task, str(data), str(out)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout:.0f} s"}
    if done.returncode:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def peers_task(args: argparse.Namespace) -> None:
    python = peer_python(args.peer_python)
    print(f"peers: {args.peer_runs:,} elections of each task, peers run by {python}")
    tasks = (
        ("ic", ic_ensemble(args.peer_runs, args.seed)),
        ("stv", stv_ensemble(args.peer_runs, args.seed)),
    )
    with tempfile.TemporaryDirectory() as folder:
        for task, ensemble in tasks:
            seats = ensemble.seats
            data = Path(folder) / f"{task}.json"
            data.write_text(
                json.dumps({"seats": seats, "profiles": profiles(ensemble, ensemble.runs)}),
                encoding="utf-8",
            )
            ours_seconds, columns = timed(ensemble, jobs=1)
            per = ours_seconds / ensemble.runs
            print(f"  {task}: tellers (1 process, drawing included) {per * 1e3:.3f} ms an election")
            for tool in ("pref_voting", "votekit"):
                result = run_peer(python, tool, task, data, args.timeout)
                if "error" in result:
                    print(f"  {task}: {tool}: {result['error']}")
                    continue
                theirs = result["seconds"] / ensemble.runs
                agree, compared = agreement(task, ensemble, columns, result["winners"], tool)
                print(
                    f"  {task}: {tool} {theirs * 1e3:.3f} ms an election (counting only): "
                    f"tellers {theirs / per:.1f}x faster; winners agree in {agree:,} of "
                    f"{compared:,} elections without a lot"
                )


def agreement(
    task: str, ensemble: Ensemble, columns: Columns, winners: list[list[int]], tool: str
) -> tuple[int, int]:
    agree = compared = 0
    for e, theirs in enumerate(winners):
        if any(columns[f"lots:{r}"][e] for r in ensemble.rules):
            continue
        if task == "ic":
            ours = [int(columns["winners:uk-fptp"][e, 0]) - 1, int(columns["winners:av"][e, 0]) - 1]
            if tool == "pref_voting":
                ours.append(int(columns["condorcet_winner"][e]) - 1)
        else:
            ours = sorted(int(c) - 1 for c in columns["winners:scot-2011"][e])
        compared += 1
        agree += ours == theirs
    return agree, compared


def dask_task(args: argparse.Namespace) -> None:
    import distributed

    tasks = (
        ("ic", ic_ensemble(args.dask_runs, args.seed)),
        ("stv", stv_ensemble(args.dask_stv_runs, args.seed)),
    )
    for task, ensemble in tasks:
        local_seconds, local = timed(ensemble, jobs=1)
        reference = json.dumps(summarise(ensemble, local))
        print(f"dask {task}: {ensemble.runs:,} elections; 1 local process {local_seconds:.1f} s")
        base = None
        for workers in (1, 2, 4):
            with distributed.LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster:
                seconds, columns = timed(ensemble, cluster=cluster.scheduler_address)
            base = base or seconds
            same = json.dumps(summarise(ensemble, columns)) == reference
            print(
                f"  {workers} worker(s): {seconds:.1f} s, speed-up {base / seconds:.2f}x, "
                f"summary identical to the local run: {'yes' if same else 'NO'}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", default="ic,stv,peers,dask")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--ic-runs", type=int, default=1_000_000)
    parser.add_argument("--stv-runs", type=int, default=100_000)
    parser.add_argument("--peer-runs", type=int, default=10_000)
    parser.add_argument("--dask-runs", type=int, default=200_000)
    parser.add_argument("--dask-stv-runs", type=int, default=5_000)
    parser.add_argument("--peer-python", help="Python with pref_voting and votekit")
    parser.add_argument("--timeout", type=float, default=3600.0, help="per peer run, seconds")
    args = parser.parse_args()
    tasks = set(args.tasks.split(","))
    print(
        f"tellers simulate benchmark, {date.today()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {load()}"
    )
    if "ic" in tasks:
        ensemble = ic_ensemble(args.ic_runs, args.seed)
        floor_task("ic (uk-fptp, av, condorcet)", ensemble, args.jobs, FLOOR_IC_SECONDS)
    if "stv" in tasks:
        ensemble = stv_ensemble(args.stv_runs, args.seed)
        floor_task("stv (scot-2011, 3 seats)", ensemble, args.jobs, FLOOR_STV_SECONDS)
    if "peers" in tasks:
        peers_task(args)
    if "dask" in tasks:
        dask_task(args)
    print(f"finished, {load()}")


if __name__ == "__main__":
    main()
