"""``tellers simulate``: an ensemble of simulated elections, counted under several rule sets."""

from __future__ import annotations

import sys
import time
from typing import Any

import click

__all__ = ["simulate"]

MODELS = ("ic", "iac", "mallows", "plackett-luce", "bradley-terry", "spatial", "slate", "bootstrap")


class RunsBar:
    """A progress bar on standard error: runs done, and runs a second (only on a terminal)."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None
        self._start = time.perf_counter()

    def __enter__(self) -> RunsBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(
                "simulating",
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("runs", total=total, rate="")
        seconds = max(time.perf_counter() - self._start, 1e-9)
        self._bar.update(self._task, completed=done, rate=f"{done / seconds:,.0f} runs/s")


@click.command()
@click.option(
    "--model",
    "-m",
    type=click.Choice(MODELS),
    required=True,
    help="Model of voters: ic (impartial culture), iac (impartial anonymous culture), mallows, "
    "plackett-luce, bradley-terry, spatial, slate (two slates and two blocs), bootstrap "
    "(resample the papers of --from FILE).",
)
@click.option("--candidates", "-c", type=int, help="Candidates in each election.")
@click.option(
    "--voters", "-v", type=int, help="Papers in each election (bootstrap: as in the file)."
)
@click.option("--seats", "-s", type=int, default=1, show_default=True, help="Seats to fill.")
@click.option("--runs", "-n", type=int, default=1000, show_default=True, help="Elections.")
@click.option(
    "--seed",
    type=int,
    default=1,
    show_default=True,
    help="Seed of every run's papers and lots: run R is made again from the seed and R alone.",
)
@click.option(
    "--rules",
    "-r",
    "rule_list",
    default="uk-fptp,av",
    show_default=True,
    metavar="LIST",
    help="Rule sets to count every election under, separated by commas (see `tellers "
    "rules`; also borda, the textbook rule).",
)
@click.option(
    "--measure",
    "measures",
    metavar="LIST",
    help="Measures, separated by commas: condorcet, agreement, first-share, "
    "disproportionality, monotonicity, participation. Default: condorcet, agreement, "
    "first-share. Winners and lots are always recorded.",
)
@click.option(
    "--jobs",
    "-j",
    type=int,
    default=1,
    show_default=True,
    help="Local processes to run the elections on (the output is the same for any number).",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    help="Run on an existing Dask scheduler, e.g. tcp://host:8786 (extra: cluster).",
)
@click.option(
    "--output", "-o", metavar="FILE", help="Write one Parquet row per run to FILE (extra: sim)."
)
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="text: a table of measures; json: one tellers.simulate/1 document.",
)
@click.option(
    "--plot",
    metavar="FILE",
    help="Draw the rule sets' agreement and a measure's distribution to FILE (.png or .svg).",
)
@click.option(
    "--plot-measure",
    metavar="COLUMN",
    help="The per-run measure the plot shows, e.g. first_share:av (default: the first rule "
    "set's first_share, else its lots).",
)
@click.option(
    "--from",
    "source",
    metavar="FILE",
    help="bootstrap: the election whose papers are resampled (any file `tellers count` reads).",
)
@click.option("--phi", type=float, help="mallows: dispersion, 0 (all the reference) to 1 (ic).")
@click.option(
    "--reference",
    metavar="ORDER",
    help="mallows: the reference order as candidate numbers, e.g. 2,1,3 (default 1,2,...).",
)
@click.option(
    "--weights",
    metavar="LIST",
    help="plackett-luce, bradley-terry: each candidate's weight, e.g. 5,3,2 "
    "(default: drawn for each run from Dirichlet(--alpha)).",
)
@click.option(
    "--alpha",
    type=float,
    help="plackett-luce, bradley-terry, slate: the Dirichlet parameter of drawn support "
    "(default 1).",
)
@click.option("--dimensions", type=int, help="spatial: dimensions of the space (default 2).")
@click.option(
    "--shares", metavar="A,B", help="slate: the two blocs' shares of the voters (default 0.6,0.4)."
)
@click.option(
    "--cohesion",
    type=float,
    help="slate: chance that a preference goes to the bloc's own slate (default 0.8).",
)
@click.option("--rank", type=int, help="Each paper marks at most this many preferences.")
@click.option(
    "--ties",
    type=float,
    help="Chance, after each preference, that a paper gives the next two the same number; "
    "it is then read up to the tie, as the UK statutes direct (default 0).",
)
def simulate(
    model: str,
    candidates: int | None,
    voters: int | None,
    seats: int,
    runs: int,
    seed: int,
    rule_list: str,
    measures: str | None,
    jobs: int,
    cluster: str | None,
    output: str | None,
    output_format: str,
    plot: str | None,
    plot_measure: str | None,
    source: str | None,
    phi: float | None,
    reference: str | None,
    weights: str | None,
    alpha: float | None,
    dimensions: int | None,
    shares: str | None,
    cohesion: float | None,
    rank: int | None,
    ties: float | None,
) -> None:
    """Simulate RUNS elections of a model of voters and count each under several rule sets.

    Every run draws its papers from its own stream of the seed, so the results,
    the summary and the Parquet file are the same with any --jobs and on a Dask
    cluster. Prints each measure's mean over the runs with its 95% interval.

    \b
    tellers simulate --model ic --candidates 4 --voters 1001 --runs 100000 \\
        --rules uk-fptp,av,borda --measure condorcet,agreement --jobs 2
    """
    from ..service.simulate import (
        SimulationRequest,
        plot_runs,
        summary_json,
        summary_text,
        write_runs,
    )
    from ..service.simulate import simulate as run

    settings = {
        "phi": phi,
        "reference": reference,
        "weights": weights,
        "alpha": alpha,
        "dimensions": dimensions,
        "shares": shares,
        "cohesion": cohesion,
        "rank": rank,
        "ties": ties,
    }
    request = SimulationRequest(
        model=model,
        candidates=candidates,
        voters=voters,
        seats=seats,
        runs=runs,
        seed=seed,
        rules=rule_list,
        measures=measures,
        settings=settings,
        source=source,
        jobs=jobs,
        cluster=cluster,
    )
    with RunsBar() as bar:
        simulation = run(request, progress=bar)
    if output:
        write_runs(simulation, output)
    if plot:
        plot_runs(simulation, plot, plot_measure)
    if output_format == "json":
        click.echo(summary_json(simulation))
    else:
        click.echo(summary_text(simulation), nl=False)
