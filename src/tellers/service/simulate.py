"""Simulate ensembles of elections: what ``tellers simulate`` asks for.

Purpose: one place that turns a request (a model of voters and its settings,
candidates, voters, seats, runs, the seed, the rule sets and the measures,
where to run) into the table of runs and its summary, and writes them: the
Parquet file, the summary as text or JSON, the plot.

Design: the ensemble itself is :mod:`tellers.sim` (numpy: extra ``sim``; a
cluster: extra ``cluster``); a missing extra is a clear error naming it. For
``bootstrap`` the file is read here as ``tellers count`` reads it, and its
papers are resampled.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, RulesError

if TYPE_CHECKING:
    from ..sim.ensemble import Ensemble
    from ..sim.measures import Columns
    from ..sim.models import Model

__all__ = [
    "Simulation",
    "SimulationRequest",
    "model_names",
    "plot_runs",
    "simulate",
    "summary_json",
    "summary_text",
    "write_runs",
]

#: Called with the runs finished so far and the runs in all.
Progress = Callable[[int, int], None]


def model_names() -> tuple[str, ...]:
    """The models ``--model`` takes (without importing numpy)."""
    return (
        "ic",
        "iac",
        "mallows",
        "plackett-luce",
        "bradley-terry",
        "spatial",
        "slate",
        "bootstrap",
    )


@dataclass(frozen=True)
class SimulationRequest:
    """An ensemble to run. ``settings`` are the model's own (``phi``, ``weights``, ...)."""

    model: str
    candidates: int | None = None
    voters: int | None = None
    seats: int = 1
    runs: int = 1000
    seed: int = 1
    rules: str = "uk-fptp,av"
    measures: str | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None
    jobs: int = 1
    cluster: str | None = None


@dataclass(frozen=True)
class Simulation:
    """An ensemble run: what was asked, the columns of every run, and the summary."""

    ensemble: Ensemble
    columns: Columns
    summary: dict[str, Any]


def _names(text: str | None, default: tuple[str, ...], what: str) -> tuple[str, ...]:
    if text is None:
        return default
    names = tuple(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    if not names:
        raise RulesError(f"name at least one {what}, separated by commas")
    return names


def _model(request: SimulationRequest) -> Model:
    from ..sim.models import Bootstrap, voter_model

    settings = {k: v for k, v in request.settings.items() if v is not None}
    if request.model == "bootstrap":
        if not request.source:
            raise InputError("--model bootstrap", None, "a file to resample is expected (--from)")
        from ..core.model import Ballots
        from .counting import read_file

        election = read_file(request.source)
        if not isinstance(election.votes, Ballots):
            raise InputError(request.source, None, "ranked or marked papers are expected")
        if request.candidates not in (None, len(election.contest.candidates)):
            raise InputError(
                request.source,
                None,
                f"{len(election.contest.candidates)} candidates stand here, "
                f"not {request.candidates}",
            )
        return Bootstrap.of(
            election.votes,
            election.contest.candidates,
            request.source,
            voters=request.voters,
            rank=settings.get("rank"),
            ties=settings.get("ties", 0.0),
        )
    if request.source:
        raise InputError(request.source, None, "only --model bootstrap reads a file")
    if request.candidates is None or request.voters is None:
        raise InputError(f"--model {request.model}", None, "--candidates and --voters are expected")
    try:
        return voter_model(
            request.model, candidates=request.candidates, voters=request.voters, **settings
        )
    except TypeError as error:  # a setting the model does not take
        raise InputError(f"--model {request.model}", None, str(error).split(") ")[-1]) from None


def ensemble_of(request: SimulationRequest) -> Ensemble:
    """The ensemble a request asks for, checked (numpy is needed from here on)."""
    from ..sim.extras import need

    need("numpy", "tellers simulate")
    from ..sim.ensemble import Ensemble
    from ..sim.measures import DEFAULT_MEASURES

    if request.jobs < 1:
        raise RulesError(f"--jobs takes 1 or more, not {request.jobs}")
    return Ensemble(
        model=_model(request),
        seats=request.seats,
        runs=request.runs,
        seed=request.seed,
        rules=_names(request.rules, ("uk-fptp", "av"), "rule set"),
        measures=_names(request.measures, DEFAULT_MEASURES, "measure"),
    )


def simulate(request: SimulationRequest, progress: Progress | None = None) -> Simulation:
    """Run the ensemble of ``request``: every run's columns and the summary."""
    from ..sim.ensemble import simulate as run
    from ..sim.summary import summarise

    ensemble = ensemble_of(request)
    told = None if progress is None else (lambda done: progress(done, ensemble.runs))
    columns = run(ensemble, jobs=request.jobs, cluster=request.cluster, progress=told)
    return Simulation(ensemble, columns, summarise(ensemble, columns))


def summary_json(simulation: Simulation) -> str:
    """The summary as a ``tellers.simulate/1`` JSON document."""
    return json.dumps(simulation.summary, indent=2)


def summary_text(simulation: Simulation) -> str:
    """The summary as a table of measures with their 95 % intervals."""
    from ..sim.summary import render_text

    return render_text(simulation.summary)


def write_runs(simulation: Simulation, path: str) -> None:
    """Write one Parquet row per run to ``path``."""
    from ..sim.table import write_parquet

    try:
        write_parquet(simulation.ensemble, simulation.columns, Path(path))
    except OSError as error:
        raise InputError(path, None, f"cannot write the file: {error.strerror or error}") from None


def plot_runs(simulation: Simulation, path: str, measure: str | None = None) -> None:
    """Draw the agreement of the rule sets and the distribution of ``measure`` to ``path``."""
    from ..sim.plot import plot

    try:
        plot(simulation.ensemble, simulation.columns, Path(path), measure)
    except OSError as error:
        raise InputError(path, None, f"cannot write the file: {error.strerror or error}") from None
