"""The optional packages a simulation needs, with a clear message where one is missing.

``tellers[sim]`` brings numpy (generation and measures), pyarrow (the Parquet
file of runs) and matplotlib (the plot); ``tellers[cluster]`` brings
``dask[distributed]`` for ``--cluster``. Nothing else in tellers needs them.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from ..errors import TellersError

#: The extra that brings each optional module.
EXTRA = {
    "numpy": "sim",
    "pyarrow": "sim",
    "matplotlib": "sim",
    "distributed": "cluster",
}


class ExtraMissing(TellersError):
    """An optional package is not installed: says which extra brings it."""


def need(module: str, what: str) -> ModuleType:
    """Import ``module`` or say which extra of tellers installs it (``what`` needs it)."""
    try:
        return import_module(module)
    except ImportError:
        extra = EXTRA.get(module.split(".")[0], "sim")
        raise ExtraMissing(
            f"{what} needs {module.split('.')[0]}: install it with pip install 'tellers[{extra}]'"
        ) from None
