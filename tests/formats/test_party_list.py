"""The party-list reader: list votes per party, optionally with constituency seats."""

from __future__ import annotations

import pytest

from tellers.core.model import Candidate, Totals
from tellers.errors import InputError
from tellers.formats import party_list
from tellers.formats.party_list import read_party_list, sniff
from tellers.rules import list_pr
from tests.data import shared_data

LONDON = "uk-london-2021-mayor-sv-and-assembly-dhondt"

SIMPLE = """\
party,votes
Lab,30000
Plaid,"21,000"
Con,12000
"""


def test_london_assembly_2021_file() -> None:
    path = shared_data(LONDON) / "london_assembly_2021_list_votes_and_seats.csv"
    election = read_party_list(path.read_text(encoding="utf-8"), str(path), seats=11)
    contest = election.contest
    assert contest.seats == 11
    assert len(contest.candidates) == 18
    assert contest.candidates[0] == Candidate("Animal Welfare Party - People, Animals, Environment")
    assert election.rules == "ams"
    votes = election.votes
    assert isinstance(votes, Totals)
    by_name = dict(zip(contest.names, votes.votes, strict=True))
    assert by_name["Conservatives"] == 795081
    assert by_name["Labour Party"] == 986609
    assert by_name["Green Party"] == 305452
    assert by_name["Liberal Democrats"] == 189522
    assert votes.papers == 2589268  # good votes in the declaration
    assert votes.prior_seats is not None
    held = dict(zip(contest.names, votes.prior_seats, strict=True))
    assert {n: s for n, s in held.items() if s} == {"Conservatives": 5, "Labour Party": 9}
    assert sniff(path.read_text(encoding="utf-8"))


def test_london_file_without_seats_asks_for_them() -> None:
    path = shared_data(LONDON) / "london_assembly_2021_list_votes_and_seats.csv"
    with pytest.raises(InputError, match="--seats"):
        read_party_list(path.read_text(encoding="utf-8"), str(path))


def test_plain_list_votes_default_to_dhondt() -> None:
    election = read_party_list(SIMPLE, "region.csv", seats=4)
    assert election.contest.names == ("Lab", "Plaid", "Con")
    assert election.contest.name == "region"
    assert election.votes == Totals((30000, 21000, 12000), 63000, None)
    assert election.rules == "dhondt"


def test_facts_in_comment_lines() -> None:
    text = "# title: North East Scotland\n# seats: 7\n# valid: 63000\n" + SIMPLE
    election = read_party_list(text, "ne.csv")
    assert election.contest.seats == 7
    assert election.contest.name == "North East Scotland"
    assert read_party_list(text, "ne.csv", seats=3).contest.seats == 3


def test_more_seats_than_parties_is_fine() -> None:
    assert read_party_list(SIMPLE, "region.csv", seats=11).contest.seats == 11


@pytest.mark.parametrize(
    "header",
    [
        "Party,Votes,Constituency Seats",
        "name,list_votes,constituency_members_won",
        "party_name,regional-votes,constituency_won",
        "party,london_wide_list_votes,constituency seats held",
    ],
)
def test_header_variants(header: str) -> None:
    text = f"{header}\nA,100,2\nB,50,\n"
    election = read_party_list(text, "x.csv", seats=2)
    assert election.votes == Totals((100, 50), 150, (2, 0))
    assert election.rules == "ams"


def test_individual_candidates() -> None:
    text = "party,votes,individual\nLab,300,no\nJo Bloggs,100,yes\nCon,200,\n"
    election = read_party_list(text, "x.csv", seats=6)
    assert election.contest.candidates == (
        Candidate("Lab"),
        Candidate("Jo Bloggs", list_pr.INDIVIDUAL),
        Candidate("Con"),
    )
    assert party_list.INDIVIDUAL == list_pr.INDIVIDUAL


def test_blank_rows_are_read_past() -> None:
    election = read_party_list("party,votes\nA,1\n,\n\nB,2\n", "x.csv", seats=1)
    assert election.contest.names == ("A", "B")


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("", 1, "header row"),
        ("party,seats\nA,1\n", 1, "votes column"),
        ("votes\n1\n", 1, "party column"),
        ("party,votes\n", 1, "a row for each party"),
        ("party,votes\nA,10\nA,5\n", 3, "each party once, found 'A' again (first on line 2)"),
        ("party,votes\nA,12.5\n", 2, "whole number"),
        ("party,votes\nA,-3\n", 2, "0 or more"),
        ("party,votes\nA,\n", 2, "A's votes"),
        ("party,votes\n,5\n", 2, "a party's name"),
        ("party,votes\nA,5,6\n", 2, "at most 2 cells"),
        ("party,votes,constituency_seats\nA,5,x\n", 2, "A's seats"),
        ("party,votes,individual\nA,5,maybe\n", 2, "yes or no"),
        ("party,votes,votes\nA,5,6\n", 1, "each column once"),
        ("# valid: 10\nparty,votes\nA,5\nB,6\n", 1, "add up to the 10 valid papers"),
    ],
)
def test_errors_name_the_line(text: str, line: int, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        read_party_list(text, "bad.csv", seats=2)
    assert caught.value.source == "bad.csv"
    assert caught.value.line == line
    assert expected in caught.value.message


def test_seats_must_be_positive() -> None:
    with pytest.raises(InputError, match="at least 1 seat"):
        read_party_list(SIMPLE, "x.csv", seats=0)


@pytest.mark.parametrize(
    ("text", "looks"),
    [
        (SIMPLE, True),
        ("# seats: 4\nName,List votes,Constituency seats\nA,1,0\n", True),
        ("first,second,count\nA,B,3\n", False),
        ("first_choice_candidate,first_choice_party,second:A,first_preference_votes\n", False),
        ("party,share\nA,40%\n", False),
        ("", False),
        ("Gulam Robbani (Independent) 1030\n", False),
    ],
)
def test_sniff(text: str, looks: bool) -> None:
    assert sniff(text) is looks


def test_a_party_list_csv_is_recognised_by_its_header() -> None:
    from tellers.formats import read_text

    text = "party,votes,constituency_seats\nA,1000,1\nB,600,0\n"
    election = read_text(text, "list.csv", seats=2)
    assert election.rules == "ams"
    assert election.contest.names == ("A", "B")
