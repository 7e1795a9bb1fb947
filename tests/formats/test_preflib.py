"""PrefLib .soi / .toi files: typed examples, Burlington 2009 and NSW 2023."""

from __future__ import annotations

import re

import pytest

from tellers.core.model import Ballots, Candidate
from tellers.errors import InputError
from tellers.formats import read
from tellers.formats.preflib import read_preflib
from tests.data import shared_data

NEW = """\
# FILE NAME: 00099-00000001.toi
# TITLE: Test Town 2024
# DATA TYPE: toi
# NUMBER ALTERNATIVES: 4
# NUMBER VOTERS: 19
# NUMBER UNIQUE ORDERS: 5
# ALTERNATIVE NAME 1: Anne Archer
# ALTERNATIVE NAME 2: Bill Baker (Green)
# ALTERNATIVE NAME 3: Cora Cole
# ALTERNATIVE NAME 4: Write-In
8: 1,2
5: 2, 3, 1
3: 3,{1,4},2
2: {2,4},1
1: 4
"""


def test_orders_ties_and_names() -> None:
    election = read_preflib(NEW, "t.toi")
    assert election.contest.name == "Test Town 2024"
    assert election.contest.seats == 1
    assert election.contest.candidates == (
        Candidate("Anne Archer"),
        Candidate("Bill Baker", "Green"),
        Candidate("Cora Cole"),
        Candidate("Write-In"),
    )
    # 3,{1,4},2 stops before the tie; {2,4},1 has a tied first rank and is rejected.
    assert election.votes == Ballots.of((8, [0, 1]), (5, [1, 2, 0]), (3, [2]), (1, [3]))
    assert dict(election.rejected) == {"first_preference_for_more_than_one_candidate": 2}
    assert election.rules == "av"


def test_seats_from_the_caller_choose_stv() -> None:
    election = read_preflib(NEW, "t.toi", seats=2)
    assert election.contest.seats == 2
    assert election.rules == "scot-2011"


def test_the_older_layout() -> None:
    text = "3\n1,Anne\n2,Bill\n3,Cora\n10,10,3\n6,1,2\n3,3\n1,{2,3},1\n"
    election = read_preflib(text, "old.soi")
    assert election.contest.names == ("Anne", "Bill", "Cora")
    assert election.contest.name == "old"
    assert election.votes == Ballots.of((6, [0, 1]), (3, [2]))
    assert dict(election.rejected) == {"first_preference_for_more_than_one_candidate": 1}


def test_an_empty_order_is_an_unmarked_paper() -> None:
    text = "# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n4: 1\n2: \n"
    election = read_preflib(text, "t.soi")
    assert election.votes == Ballots.of((4, [0]))
    assert dict(election.rejected) == {"unmarked_or_void_for_uncertainty": 2}


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        (
            "# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n4: 1,3\n",
            4,
            "expected a candidate number from 1 to 2, found '3'",
        ),
        (
            "# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n4: 1,{2\n",
            4,
            "expected '}'",
        ),
        (
            "# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: A\n4: 1\n",
            3,
            "expected '# ALTERNATIVE NAME 2: ...'",
        ),
        (
            "# NUMBER ALTERNATIVES: 2\n# NUMBER VOTERS: 5\n# ALTERNATIVE NAME 1: A\n"
            "# ALTERNATIVE NAME 2: B\n4: 1\n",
            2,
            "expected 5 voters as the header says, found 4",
        ),
        (
            "# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n4: 1,,2\n",
            4,
            "expected a candidate number from 1 to 2, found nothing",
        ),
        ("# TITLE: x\n4: 1\n", 2, "expected a '# NUMBER ALTERNATIVES: n' line"),
    ],
)
def test_faults(text: str, line: int, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        read_preflib(text, "p.soi")
    assert str(caught.value).startswith(f"p.soi:{line}: ")
    assert expected in str(caught.value)


def test_burlington_2009_first_round_matches_the_official_report() -> None:
    folder = shared_data("us-burlington-vt-2009-mayor-irv")
    election = read(folder / "00005-00000002.toi")
    votes = election.votes
    assert isinstance(votes, Ballots)
    # 8,980 ballots: 4 give their first rank to two candidates at once (the report's
    # 4 exhausted at round 1), the rest are counted.
    assert votes.papers == 8976
    assert dict(election.rejected) == {"first_preference_for_more_than_one_candidate": 4}
    assert election.contest.names[0] == "Bob Kiss"
    # Round 1 of the official ChoicePlus detail report.
    assert votes.first_preferences(6) == [2585, 2063, 35, 1306, 2951, 36]


@pytest.mark.parametrize("number", [187, 200, 233, 279])
def test_nsw_2023_districts_agree_with_their_headers(number: int) -> None:
    path = shared_data("australia-nsw-2023-la-irv") / f"00058-00000{number}.soi"
    text = path.read_text(encoding="utf-8")
    header = dict(re.findall(r"^# ([A-Z ]+): (.*)$", text, re.MULTILINE))
    election = read(path)
    votes = election.votes
    assert isinstance(votes, Ballots)
    assert election.contest.name == header["TITLE"]
    assert len(election.contest.candidates) == int(header["NUMBER ALTERNATIVES"])
    assert votes.papers == int(header["NUMBER VOTERS"])
    assert len(votes) == int(header["NUMBER UNIQUE ORDERS"])
    assert election.rules == "av"
