"""Maine 2nd Congressional District, 2018 (RCV): the Secretary of State's figures, under ``rctab``.

Expected figures: the official RCV summary report (``updated-summary-report-CD2.xls``,
as tabulated in the data folder's README). Maine's rules: batch elimination, an
overvote exhausts the paper at that rank, two consecutive skipped rankings exhaust it,
a repeated candidate is passed over; five rankings.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tellers.cli import main
from tellers.core.count import Count
from tellers.core.model import Election
from tellers.core.records import OVERVOTE, CastVoteRecords
from tellers.formats.cvr._source import Labels, Source
from tellers.formats.cvr.cvr_csv import read_cvr_csv
from tellers.formats.cvr.ess import read_ess
from tellers.rules import count
from tests.data import shared_data

FOLDER = "us-maine-2018-cd2-rcv"
CSV = "maine_cd2_2018_all_ballots.csv.gz"
MAINE = {
    "batch-elimination": "yes",
    "overvote-rule": "exhaustImmediately",
    "max-skipped-ranks": "1",
    "exhaust-on-duplicate": "no",
    "max-rankings": "5",
}
POLIQUIN, GOLDEN, BOND, HOAR = (
    "REP Poliquin, Bruce",
    "DEM Golden, Jared F.",
    "Bond, Tiffany L.",
    "Hoar, William R.S.",
)


def _read() -> Election:
    return read_cvr_csv(shared_data(FOLDER) / CSV)


def _count(election: Election) -> Count:
    return count(election, "rctab", MAINE)


def _inactive(note: str) -> dict[str, int]:
    found = re.findall(r"([a-z -]+?) (\d+)(?:,|$)", note.split("inactive: ")[1])
    return {label.strip(): int(n) for label, n in found}


def test_read_is_fast_and_complete() -> None:
    start = time.perf_counter()
    election = _read()
    took = time.perf_counter() - start
    assert election.valid_papers == 296077
    assert set(election.contest.names) == {POLIQUIN, GOLDEN, BOND, HOAR}
    assert took < 10  # about half a second on a laptop; generous for CI


def test_every_official_figure() -> None:
    election = _read()
    result = _count(election)
    index = election.contest.index
    votes = [
        {name: int(s.votes[index(name)]) for name in (POLIQUIN, GOLDEN, BOND, HOAR)}
        for s in result.stages
    ]
    assert votes == [
        {POLIQUIN: 134184, GOLDEN: 132013, BOND: 16552, HOAR: 6875},
        {POLIQUIN: 138931, GOLDEN: 142440, BOND: 0, HOAR: 0},
    ]
    assert result.elected_names() == (GOLDEN,)
    assert result.stages[0].excluded == tuple(sorted((index(BOND), index(HOAR))))
    continuing = [sum(v.values()) for v in votes]
    assert continuing == [289624, 281371]
    assert [s.note.split(";")[0] for s in result.stages] == [
        "threshold 144813",
        "threshold 140686",
    ]
    first, second = (_inactive(s.note) for s in result.stages)
    assert first["overvotes"] == 435 and second["overvotes"] == 533
    # "exhausted by undervotes", round 1: papers with no mark, and papers with two
    # consecutive skipped rankings before any candidate.
    assert first["undervotes"] + first["skipped rankings"] == 6018
    assert first["exhausted choices"] == 0
    for stage in result.stages:
        assert sum(stage.votes) + stage.non_transferable + stage.loss_to_rounding == 296077
    # Round 2: the official split is 13,838 "undervotes" / 335 "exhausted choices"
    # (14,173 together). RCTab's categories split the same 14,173 papers otherwise:
    # a paper that runs out of marks is an exhausted choice however many rankings it
    # left blank (see test_the_31_papers_classified_differently for the report's rule).
    second_exhausted = (
        second["undervotes"] + second["skipped rankings"] + second["exhausted choices"]
    )
    assert second_exhausted == 13838 + 335
    assert (second["undervotes"] + second["skipped rankings"], second["exhausted choices"]) == (
        6153,
        8020,
    )


Record = tuple[tuple[int, ...], ...]


def _fate(record: Record, live: set[int]) -> str:
    """Where Maine's rules take a paper while ``live`` continue, recounted plainly."""
    previous = 0
    for rank, marks in enumerate(record, start=1):
        if not marks:
            continue
        if rank - previous > 2:
            return "skipped"
        if OVERVOTE in marks or len(marks) > 1:
            return "overvote"
        previous = rank
        if marks[0] in live:
            return "candidate"
    return "ran out"


def test_the_31_papers_classified_differently() -> None:
    # The report counts as "exhausted choices" only papers that marked all five
    # rankings and still reached neither finalist; a paper with any "undervote"
    # among its rankings that runs out is "exhausted by undervotes". The README's
    # own tally (13,807 / 366) also counted as exhausted choices the papers marked at
    # four rankings or five with one blank: 31 papers, 24 with the fifth ranking
    # blank and 7 with a blank between marks.
    election = _read()
    records = election.votes
    assert isinstance(records, CastVoteRecords)
    finalists = {election.contest.index(POLIQUIN), election.contest.index(GOLDEN)}
    in_round_one = [(r, n) for r, n in records if _fate(r, {0, 1, 2, 3}) == "candidate"]
    ran_out = [(r, n) for r, n in in_round_one if _fate(r, finalists) == "ran out"]
    skipped = sum(n for r, n in in_round_one if _fate(r, finalists) == "skipped")
    all_five = sum(n for r, n in ran_out if len(r) == 5 and all(r))
    four_or_five = sum(n for r, n in ran_out if len(r) >= 4)
    assert all_five == 335  # the report's exhausted choices
    assert 6018 + skipped + sum(n for _, n in ran_out) - all_five == 13838  # its undervotes
    assert four_or_five == 366  # the README's split
    fifth_blank = sum(n for r, n in ran_out if len(r) == 4)
    assert (fifth_blank, four_or_five - all_five - fifth_blank) == (24, 7)


def _first_read(record: Record, limit: int) -> str | int:
    """Where a paper goes in round 1 under rctab's defaults, recounted plainly: ranks
    after ``limit`` are not read, unmarked ranks are passed over, an overvote exhausts."""
    for marks in record[:limit]:
        if OVERVOTE in marks or len(marks) > 1:
            return "overvote"
        if marks:
            return marks[0]
    return "undervote"


def test_default_options_count_every_paper() -> None:
    # rctab's defaults read as many rankings as there are candidates (4 of the file's 5),
    # with no limit on skipped rankings: 135 papers marked only at the fifth ranking are
    # undervotes, and papers whose last read mark is for an eliminated candidate exhaust.
    election = _read()
    result = count(election, "rctab")
    records = election.votes
    assert isinstance(records, CastVoteRecords)
    fates: dict[str | int, int] = {}
    for record, n in records:
        fate = _first_read(record, 4)
        fates[fate] = fates.get(fate, 0) + n
    first = result.stages[0]
    assert [int(v) for v in first.votes] == [fates[i] for i in range(4)]
    inactive = _inactive(first.note)
    assert (inactive["undervotes"], inactive["overvotes"]) == (
        fates["undervote"],
        fates["overvote"],
    )
    only_fifth = sum(n for r, n in records if len(r) == 5 and not any(r[:4]))
    assert only_fifth == 135
    assert fates["undervote"] == 5711 + only_fifth
    for stage in result.stages:
        assert sum(stage.votes) + stage.non_transferable + stage.loss_to_rounding == 296077
    assert result.elected_names() == (GOLDEN,)


def test_the_command_of_the_bug_report() -> None:
    done = CliRunner().invoke(main, ["count", str(shared_data(FOLDER) / CSV)])
    assert done.exit_code == 0, done.output
    assert "Elected: DEM Golden, Jared F." in done.output


class _Suffixed(Labels):
    """The workbooks write names with a vote-count suffix, e.g. ``Bond, Tiffany L. (5931)``."""

    def mark(self, text: str, line: int | None = None) -> int | None:
        return super().mark(re.sub(r"\s*\([0-9]+\)\s*$", "", text.strip()), line)


@pytest.mark.slow
def test_the_workbooks_give_the_same_records() -> None:
    # The eight ES&S workbooks, read by the ``ess`` reader (about 6 s), give exactly the
    # records of the CSV made from them.
    folder = shared_data(FOLDER) / "original_xlsx"
    books = sorted(folder.glob("*.xlsx"))
    assert len(books) == 8, f"expected the 8 workbooks in {folder}, found {len(books)}"
    election = _read()
    names = {name: i for i, name in enumerate(election.contest.names)}
    total = CastVoteRecords((), ())
    for book in books:
        source = Source(
            path=Path(book),
            provider="ess",
            first_vote_column=4,
            first_vote_row=2,
            overvote_label="overvote",
            skipped_rank_label="undervote",
        )
        total = total + read_ess(_Suffixed(names, source), 5)
    assert total == election.votes
