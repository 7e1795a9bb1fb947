"""What `tellers count` prints fits 100 columns: the declaration, and the stage sheet in
pages of stages (the widest examples, and the real wards with the most candidates)."""

from __future__ import annotations

import pytest

from tellers.service.examples import Example, bundled_examples
from tests.data import shared_data

from .conftest import EXAMPLES, Run

EXAMPLE_LIST = bundled_examples(EXAMPLES)


def widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


@pytest.mark.parametrize("example", EXAMPLE_LIST, ids=[e.file for e in EXAMPLE_LIST])
def test_every_example_fits_100_columns(run: Run, example: Example) -> None:
    lots = [arg for order in example.lots for arg in ("--lots", order)]
    result = run("count", str(EXAMPLES / example.file), *lots)
    assert result.exit_code == 0, result.stderr
    assert widest(result.stdout) <= 100


def test_the_real_wards_with_most_candidates_fit_100_columns(run: Run) -> None:
    folder = shared_data("scotland-local-stv-blt")
    wards = [w for size in ("14", "13") for w in sorted((folder / f"{size}_cands").glob("*.blt"))]
    assert wards
    for ward in wards:
        result = run("count", str(ward))
        assert result.exit_code == 0, (ward, result.stderr)
        assert widest(result.stdout) <= 100, ward
        assert "Page 1 of" in result.stdout
