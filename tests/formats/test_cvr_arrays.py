"""The fast cvr-csv reader's arrays (formats/cvr/fast.py, Choices) give the pure reader's
election: the same candidates in the same order and the same cast vote records.

The pure reader is the reference (tests/formats/test_cvr_fast.py reads crafted
files and the Maine CVR by hand with it). Here generated files mix every kind
of cell (names, with and without the vote-count suffix, unmarked cells written
three ways, overvotes, names repeated at several ranks), so that rows merge
when their marks are the same, records end at their last mark, and blocks of
rows are grouped and regrouped.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tellers.formats.cvr import cvr_csv
from tellers.formats.cvr.cvr_csv import read_cvr_csv

pytest.importorskip("pyarrow", reason="the fast CVR reader needs pyarrow")

from tellers.formats.cvr import fast

CELLS = ["Ann", "Bo (12)", "Bo", "Cy", "undervote", "", "Under Vote", "overvote", " Dee "]


def _write(path: Path, rows: list[list[str]]) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["id", *(f"choice{k + 1}" for k in range(len(rows[0])))])
    for number, row in enumerate(rows, start=1):
        writer.writerow([number, *row])
    path.write_text(text.getvalue(), encoding="utf-8")


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ranks=st.integers(1, 5),
    data=st.data(),
    block=st.sampled_from([1 << 8, 1 << 20]),
    merge_after=st.sampled_from([1, 1 << 20]),
)
def test_generated_cvrs_read_the_same_both_ways(
    ranks: int, data: st.DataObject, block: int, merge_after: int, tmp_path: Path
) -> None:
    rows = data.draw(
        st.lists(st.lists(st.sampled_from(CELLS), min_size=ranks, max_size=ranks), min_size=1)
    )
    rows[0][0] = "Ann"  # at least one candidate
    path = tmp_path / "generated.csv"
    _write(path, rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fast, "BLOCK_SIZE", block)  # a block of a few rows, or one block
        patch.setattr(fast, "MERGE_AFTER", merge_after)
        quick = read_cvr_csv(path, engine="fast")
    pure = read_cvr_csv(path, engine="pure")
    assert quick.contest == pure.contest
    assert quick.votes == pure.votes


def test_choices_hold_the_rows_in_the_order_they_first_appear(tmp_path: Path) -> None:
    path = tmp_path / "small.csv"
    _write(path, [["Cy", "Ann"], ["Ann", ""], ["Cy", "Ann"], ["Ann", "undervote"]])
    found = fast.choice_counts(path, ["id", "choice1", "choice2"], [1, 2], lambda _: None)
    assert isinstance(found, fast.Choices)
    assert list(found.items()) == [
        (("Cy", "Ann"), 2),
        (("Ann", ""), 1),
        (("Ann", "undervote"), 1),
    ]
    assert found.first_cells() == ["Cy", "Ann", "", "undervote"]
    election = read_cvr_csv(path, engine="fast")
    assert election.contest.names == ("Cy", "Ann")
    # Cy then Ann (two rows); Ann alone (two rows: the unmarked cell written two ways)
    assert election.votes.records == (((0,), (1,)), ((1,),))
    assert election.votes.counts == (2, 2)
    assert isinstance(found, cvr_csv._Arrays)
