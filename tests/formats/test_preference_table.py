"""The London Elects first x second preference table."""

from __future__ import annotations

import pytest

from tellers.core.model import Ballots, Candidate
from tellers.errors import InputError
from tellers.formats import read
from tellers.formats.preference_table import read_preference_table
from tests.data import shared_data

TABLE = """\
first_choice_candidate,first_choice_party,second:Anne,second:Bill,second:Cora,first_preference_votes_official
Anne,Red,5,40,30,100
Bill,Blue,20,3,30,60
Cora,,10,10,0,40
"""


def test_cells_become_papers_of_one_or_two_preferences() -> None:
    election = read_preference_table(TABLE, "mayor.csv")
    assert election.contest.candidates == (
        Candidate("Anne", "Red"),
        Candidate("Bill", "Blue"),
        Candidate("Cora"),
    )
    # Anne: 40 -> Bill, 30 -> Cora, 5 marked Anne twice and 25 with no second choice.
    # Bill: 20 -> Anne, 30 -> Cora, 3 + 7 first only. Cora: 10 and 10, 20 first only.
    assert election.votes == Ballots.of(
        (30, [0]),
        (40, [0, 1]),
        (30, [0, 2]),
        (10, [1]),
        (20, [1, 0]),
        (30, [1, 2]),
        (20, [2]),
        (10, [2, 0]),
        (10, [2, 1]),
    )
    assert election.votes.first_preferences(3) == [100, 60, 40]
    assert election.rules == "sv"
    assert dict(election.rejected) == {}


def test_stated_facts_are_carried() -> None:
    text = "# title: Mayor of Testham\n# rejected (too many votes): 7\n# electorate: 900\n" + TABLE
    election = read_preference_table(text, "mayor.csv")
    assert election.contest.name == "Mayor of Testham"
    assert dict(election.rejected) == {"too_many_votes": 7}
    assert election.electorate == 900


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        (
            TABLE.replace("Bill,Blue,20,3,30,60", "Bill,Blue,20,3,50,60"),
            3,
            "expected the second choices of Bill to add up to at most the 60 first preferences, "
            "found 73",
        ),
        (TABLE.replace("second:Cora", "second:Dave"), 1, "expected column 'second:Dave'"),
        (TABLE.replace(",40\n", ",4o\n"), 4, "expected the first preferences (a whole number)"),
        ("a,b\n1,2\n", 1, "expected columns first_choice_candidate"),
    ],
)
def test_faults(text: str, line: int, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        read_preference_table(text, "m.csv")
    assert str(caught.value).startswith(f"m.csv:{line}: ")
    assert expected in str(caught.value)


def test_london_mayor_2021_matches_the_declaration() -> None:
    folder = shared_data("uk-london-2021-mayor-sv-and-assembly-dhondt")
    election = read(folder / "london_mayor_2021_first_second_matrix.csv")
    votes = election.votes
    assert isinstance(votes, Ballots)
    names = election.contest.names
    first = dict(zip(names, votes.first_preferences(len(names)), strict=True))
    # Greater London Returning Officer's declaration, 8 May 2021.
    assert first["Sadiq Aman KHAN"] == 1_013_721
    assert first["Shaun BAILEY"] == 893_051
    assert first["Sian BERRY"] == 197_976
    assert first["Brian Benedict ROSE"] == 31_111
    assert votes.papers == 2_531_357
    assert len(names) == 20
    assert election.rules == "sv"
    # Second preferences that count at stage two: the declaration's good second
    # preferences (2,203,377) less those for the same candidate as the first (265,343).
    assert sum(n for r, n in zip(votes.rankings, votes.counts, strict=True) if len(r) == 2) == (
        2_203_377 - 265_343
    )
