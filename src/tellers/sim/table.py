"""The table of runs: one row per run, written as Parquet.

Columns: ``run`` and ``seed`` (the run is made again from these two alone,
see :mod:`.streams`), the model's parameters, ``seats``, then for each rule
set its winners (candidate numbers, a fixed-size list of ``seats``) and lots,
and each measure (see :mod:`.measures`; a figure that does not exist in a run
is null). The file's metadata holds the summary's parameters as JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from .ensemble import Ensemble
from .extras import need
from .measures import Columns

#: Columns holding 1 (yes), 0 (no) or -1 (not defined in this run).
_MAYBE = ("condorcet_elected:", "monotonicity_failure:", "participation_failure:")


def arrow_table(ensemble: Ensemble, columns: Columns) -> Any:
    """The runs as a ``pyarrow.Table``."""
    pa = need("pyarrow", "the table of runs (--output)")
    n = len(columns["run"])
    arrays: dict[str, Any] = {"run": pa.array(columns["run"], pa.int64())}
    for key, value in ensemble.parameters().items():
        kind = pa.float64() if isinstance(value, float) else pa.int64()
        if isinstance(value, str):
            kind = pa.string()
        arrays[key] = pa.array([value] * n, kind)
    for name, values in columns.items():
        if name == "run":
            continue
        if name.startswith("winners:"):
            flat = pa.array(values.ravel().astype(np.int16), pa.int16())
            arrays[name] = pa.FixedSizeListArray.from_arrays(flat, values.shape[1])
        elif name.startswith(_MAYBE):
            arrays[name] = pa.array(values == 1, pa.bool_(), mask=values < 0)
        elif name == "condorcet_winner":
            arrays[name] = pa.array(values.astype(np.int16), pa.int16(), mask=values == 0)
        else:
            arrays[name] = pa.array(values)
    table = pa.table(arrays)
    meta = json.dumps({"rules": list(ensemble.rules), **ensemble.parameters()}, sort_keys=True)
    return table.replace_schema_metadata({"tellers.simulate": meta})


def write_parquet(ensemble: Ensemble, columns: Columns, path: Path) -> None:
    """Write the runs to ``path`` as Parquet."""
    parquet = need("pyarrow.parquet", "the table of runs (--output)")
    parquet.write_table(arrow_table(ensemble, columns), str(path))
