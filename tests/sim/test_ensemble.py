"""An ensemble gives byte-identical output whatever runs it."""

from __future__ import annotations

import json
from pathlib import Path

import distributed
import numpy as np
import pytest

from tellers.errors import RulesError
from tellers.sim import Ensemble, simulate, summarise, write_parquet
from tellers.sim.ensemble import run_chunk
from tellers.sim.measures import Columns
from tellers.sim.models import Impartial, Mallows, PlackettLuce

SINGLE = Ensemble(
    Mallows(candidates=4, voters=15, phi=0.9),
    seats=1,
    runs=700,
    seed=20,
    rules=("uk-fptp", "av", "borda", "sv"),
    measures=("condorcet", "agreement", "first-share", "monotonicity", "participation"),
)
MULTI = Ensemble(
    PlackettLuce(candidates=6, voters=40, rank=4),
    seats=3,
    runs=120,
    seed=21,
    rules=("scot-2011", "ni-1985", "ie-dail", "dhondt", "uk-fptp"),
    measures=("condorcet", "agreement", "first-share", "disproportionality"),
)


def outputs(ensemble: Ensemble, columns: Columns, folder: Path, name: str) -> tuple[bytes, bytes]:
    path = folder / f"{name}.parquet"
    write_parquet(ensemble, columns, path)
    summary = json.dumps(summarise(ensemble, columns), indent=2).encode()
    return summary, path.read_bytes()


@pytest.mark.parametrize("ensemble", [SINGLE, MULTI], ids=["single-seat", "three-seat"])
def test_one_process_and_four_give_the_same_bytes(ensemble: Ensemble, tmp_path: Path) -> None:
    one = outputs(ensemble, simulate(ensemble, jobs=1), tmp_path, "one")
    four = outputs(ensemble, simulate(ensemble, jobs=4), tmp_path, "four")
    assert one == four


def test_a_dask_cluster_gives_the_same_bytes(tmp_path: Path) -> None:
    local = outputs(SINGLE, simulate(SINGLE, jobs=1), tmp_path, "local")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
    ):
        seen: list[int] = []
        columns = simulate(SINGLE, cluster=cluster.scheduler_address, progress=seen.append)
    assert outputs(SINGLE, columns, tmp_path, "dask") == local
    assert seen[-1] == SINGLE.runs and seen == sorted(seen)


def test_a_run_is_made_again_from_its_seed_and_number() -> None:
    columns = simulate(MULTI, jobs=1)
    for run in (0, 57, 119):
        alone = run_chunk(MULTI, run, run + 1)
        for name, values in alone.items():
            assert np.array_equal(values[0], columns[name][run]), (name, run)


def test_different_seeds_give_different_elections() -> None:
    a = simulate(Ensemble(Impartial(4, 101), 1, 200, 1, ("uk-fptp",), ()))
    b = simulate(Ensemble(Impartial(4, 101), 1, 200, 2, ("uk-fptp",), ()))
    assert not np.array_equal(a["winners:uk-fptp"], b["winners:uk-fptp"])


def test_what_cannot_run_is_refused_before_any_run() -> None:
    with pytest.raises(RulesError, match="elects one member"):
        simulate(Ensemble(Impartial(4, 11), 2, 10, 1, ("av",), ()))
    with pytest.raises(RulesError, match="no rule set called"):
        simulate(Ensemble(Impartial(4, 11), 1, 10, 1, ("nonsense",), ()))
    with pytest.raises(RulesError, match="single-seat"):
        simulate(Ensemble(Impartial(4, 11), 2, 10, 1, ("uk-fptp",), ("monotonicity",)))
    with pytest.raises(RulesError, match="no measure"):
        simulate(Ensemble(Impartial(4, 11), 1, 10, 1, ("uk-fptp",), ("beauty",)))


def test_irish_papers_are_sampled_from_each_runs_seed() -> None:
    from tellers.core.lots import SeededLots
    from tellers.core.model import Contest, Election
    from tellers.rules import count
    from tellers.sim.counting import count_one
    from tellers.sim.ensemble import draw
    from tellers.sim.streams import Streams

    model = PlackettLuce(candidates=6, voters=400)
    papers = draw(Ensemble(model, 3, 1, 5, ("ie-dail",), ()), range(1), Streams(5))
    contest = Contest("simulated election", 3, model.names())
    ballots = papers.ballots(0)
    for seed in (11, 12):
        winners, _ = count_one("ie-dail", contest, ballots, seed)
        alone = count(Election(contest, ballots), "ie-dail", {"paper-seed": seed}, SeededLots(seed))
        assert alone.options["paper-seed"] == str(seed)
        assert tuple(sorted(alone.elected)) == winners
