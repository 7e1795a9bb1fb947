"""Every reader, hundreds of mutations of real files: a clear error or a count, never
a traceback, never a hang, never a changed figure passed over (see corpus.py).

The figures of the run (files tried, clear errors, counts, tracebacks, hangs, figures
ignored) are printed at the end of the test session, with the seed; ``python -m
tests.fuzz.report`` prints them on their own. TELLERS_FUZZ_SEED and
TELLERS_FUZZ_CASES change the seed and the number of mutations a reader.
"""

from __future__ import annotations

import pytest

from tellers.formats import FORMATS

from . import corpus

#: The figures of this session's run, by reader, for the terminal summary (conftest.py).
FIGURES: dict[str, dict[str, int]] = {}


@pytest.fixture(scope="module")
def results() -> dict[str, list[corpus.Result]]:
    """Every reader's cases, run once in a pool of worker processes."""
    readers = sorted(corpus.bases())
    tasks = [task for reader in readers for task in corpus.plan(reader)]
    found: dict[str, list[corpus.Result]] = {reader: [] for reader in readers}
    for result in corpus.run(tasks):
        found[result.reader].append(result)
    FIGURES.update(corpus.figures([r for rs in found.values() for r in rs]))
    return found


def test_every_reader_has_real_files_to_mutate() -> None:
    missing = sorted(set(FORMATS) - set(corpus.bases()))
    if missing and not corpus.SHARED.is_dir():
        pytest.skip(f"real-election data not present: {corpus.SHARED} (see ../shared/README.md)")
    assert missing == []


@pytest.mark.parametrize("reader", FORMATS)
def test_a_clear_error_or_a_count(reader: str, results: dict[str, list[corpus.Result]]) -> None:
    if reader not in results:
        pytest.skip(f"no real file for {reader}: {corpus.SHARED} is not present")
    cases = results[reader]
    assert len(cases) >= 300
    bad = [r for r in cases if r.outcome in ("traceback", "hang", "ignored")]
    assert not bad, "\n".join(
        f"seed {corpus.SEED} case {r.index} ({r.kind} of {r.base}): {r.outcome}: {r.detail}"
        for r in bad[:10]
    )
    assert {r.outcome for r in cases} >= {"count", "error"}
    mutated = [r for r in cases if r.kind in corpus.FIGURES]
    assert mutated, "no case changed a figure"
