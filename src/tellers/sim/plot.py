"""A picture of an ensemble: the rule sets' agreement, and one measure's distribution.

Left, the matrix of the share of runs in which each pair of rule sets elected
the same candidates; right, a histogram of one per-run measure over the runs
(``first_share:<rule>`` of the first rule set by default). PNG or SVG, by the
file's suffix. matplotlib draws it (extra ``sim``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import RulesError
from .ensemble import Ensemble
from .extras import need
from .measures import Columns
from .summary import agreement


def default_measure(ensemble: Ensemble, columns: Columns) -> str:
    for name in (f"first_share:{ensemble.rules[0]}", f"lots:{ensemble.rules[0]}"):
        if name in columns:
            return name
    return f"lots:{ensemble.rules[0]}"


def plot(ensemble: Ensemble, columns: Columns, path: Path, measure: str | None = None) -> None:
    """Draw the agreement matrix and the distribution of ``measure`` to ``path``."""
    if path.suffix.lower() not in (".png", ".svg"):
        raise RulesError(f"the plot is written as .png or .svg, not {path.name}")
    chosen = measure or default_measure(ensemble, columns)
    if chosen not in columns or chosen.startswith("winners:"):
        numeric = [n for n in columns if n != "run" and not n.startswith("winners:")]
        raise RulesError(f"no per-run measure {chosen!r} to plot (measures: {', '.join(numeric)})")
    need("matplotlib", "the plot (--plot)")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rules = list(ensemble.rules)
    shares = agreement(columns, rules)
    matrix = np.array([[shares[(a, b)] for b in rules] for a in rules])
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    image = left.imshow(matrix, vmin=0, vmax=1, cmap="viridis")
    left.set_xticks(range(len(rules)), rules, rotation=45, ha="right")
    left.set_yticks(range(len(rules)), rules)
    for i in range(len(rules)):
        for j in range(len(rules)):
            colour = "black" if matrix[i, j] > 0.6 else "white"
            left.text(j, i, f"{matrix[i, j]:.3f}", ha="center", va="center", color=colour)
    left.set_title("runs in which the rule sets elect the same")
    figure.colorbar(image, ax=left, fraction=0.046)
    values = columns[chosen]
    if values.dtype == np.int8:  # yes (1), no (0), not defined (-1)
        values = values[values >= 0]
    right.hist(values.astype(np.float64), bins=40, color="#4c72b0")
    right.set_title(f"{chosen} over {len(values):,} runs")
    right.set_xlabel(chosen)
    right.set_ylabel("runs")
    parameters = ensemble.parameters()
    figure.suptitle(
        f"{parameters['model']}: {parameters['candidates']} candidates, "
        f"{parameters['voters']} voters, {ensemble.seats} seat(s), {ensemble.runs:,} runs, "
        f"seed {ensemble.seed}"
    )
    figure.tight_layout()
    metadata = {"Date": None} if path.suffix.lower() == ".svg" else {}
    figure.savefig(path, metadata=metadata)
    plt.close(figure)
