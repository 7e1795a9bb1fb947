"""An ensemble's runs summarised: each measure's mean over runs and its 95 % interval.

Purpose: the figure a study quotes (how often there is no Condorcet winner,
how often two rule sets agree) with the uncertainty that the number of runs
leaves.

Design: a measure that is a yes or no per run (``no_condorcet_winner``,
``condorcet_efficiency:r``, ``agreement:r:s``, the failure frequencies) is a
proportion, with Wilson's score interval; the others (``first_share:r``,
``gallagher:r``, ``loosemore_hanby:r``, ``lots:r``: lots drawn per run) are
means, with the normal interval mean ± 1.96 s / √n, cut to the values the
measure can take (0 to 1; lots 0 or more). Sums are exactly rounded
(:func:`math.fsum`), so a summary depends only on the runs, never on the
order in which workers finished them; figures are rounded to 6 places.
``condorcet_efficiency:r`` is over the runs that have a Condorcet winner, a
failure frequency over the runs that could be perturbed; ``measured`` gives
each measure's number of runs. A measure no run could give is left out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .ensemble import Ensemble
from .measures import Columns

#: The version of the summary's JSON document.
FORMAT = "tellers.simulate/1"

Z95 = 1.959963984540054
PLACES = 6


def wilson(successes: int, n: int) -> tuple[float, float]:
    """Wilson's 95 % score interval for a proportion."""
    p = successes / n
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def mean_interval(values: Sequence[float]) -> tuple[float, float, float]:
    """The mean and its normal 95 % interval."""
    n = len(values)
    mean = math.fsum(values) / n
    if n < 2:
        return mean, mean, mean
    variance = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    half = Z95 * math.sqrt(variance / n)
    return mean, mean - half, mean + half


def agreement(columns: Columns, rules: Sequence[str]) -> dict[tuple[str, str], float]:
    """Share of runs in which each pair of rule sets elected the same candidates."""
    out: dict[tuple[str, str], float] = {}
    for a in rules:
        for b in rules:
            same = (columns[f"winners:{a}"] == columns[f"winners:{b}"]).all(axis=1)
            out[(a, b)] = int(same.sum()) / len(same)
    return out


def summarise(ensemble: Ensemble, columns: Columns) -> dict[str, Any]:
    """The summary document of an ensemble's runs (see the module's docstring)."""
    measures: dict[str, float] = {}
    intervals: dict[str, list[float]] = {}
    measured: dict[str, int] = {}

    def proportion(name: str, flags: np.ndarray[Any, Any]) -> None:
        n = len(flags)
        measured[name] = n
        if n:
            k = int(flags.sum())
            lo, hi = wilson(k, n)
            measures[name] = round(k / n, PLACES)
            intervals[name] = [round(lo, PLACES), round(hi, PLACES)]

    def average(name: str, values: np.ndarray[Any, Any], high: float | None = 1.0) -> None:
        measured[name] = len(values)
        if len(values):
            mean, lo, hi = mean_interval(values.astype(np.float64).tolist())
            lo, hi = max(lo, 0.0), hi if high is None else min(hi, high)
            measures[name] = round(mean, PLACES)
            intervals[name] = [round(lo, PLACES), round(hi, PLACES)]

    rules = ensemble.rules
    if "no_condorcet_winner" in columns:
        proportion("no_condorcet_winner", columns["no_condorcet_winner"])
        for rule in rules:
            elected = columns[f"condorcet_elected:{rule}"]
            proportion(f"condorcet_efficiency:{rule}", elected[elected >= 0] == 1)
    if "agreement" in ensemble.measures:
        for i, a in enumerate(rules):
            for b in rules[i + 1 :]:
                same = (columns[f"winners:{a}"] == columns[f"winners:{b}"]).all(axis=1)
                proportion(f"agreement:{a}:{b}", same)
    for rule in rules:
        for name in ("first_share", "gallagher", "loosemore_hanby"):
            if f"{name}:{rule}" in columns:
                average(f"{name}:{rule}", columns[f"{name}:{rule}"])
        for name in ("monotonicity_failure", "participation_failure"):
            if f"{name}:{rule}" in columns:
                flags = columns[f"{name}:{rule}"]
                proportion(f"{name}:{rule}", flags[flags >= 0] == 1)
        average(f"lots:{rule}", columns[f"lots:{rule}"], high=None)
    return {
        "format": FORMAT,
        "parameters": ensemble.parameters(),
        "runs": ensemble.runs,
        "rules": list(rules),
        "measures": measures,
        "intervals": intervals,
        "measured": measured,
    }


def render_text(summary: Mapping[str, Any]) -> str:
    """The summary as a table of measures with their intervals."""
    parameters = summary["parameters"]
    head = ", ".join(f"{k} {v}" for k, v in parameters.items())
    lines = [f"{summary['runs']:,} runs: {head}", ""]
    width = max([len("measure"), *(len(k) for k in summary["measures"])])
    lines.append(f"{'measure':<{width}}  {'mean':>9}  95% interval          runs")
    for name, value in summary["measures"].items():
        lo, hi = summary["intervals"][name]
        n = summary["measured"][name]
        lines.append(f"{name:<{width}}  {value:>9.4f}  [{lo:.4f}, {hi:.4f}]  {n:>10,}")
    return "\n".join(lines) + "\n"
