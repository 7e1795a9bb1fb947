"""CSV files of rankings."""

from __future__ import annotations

import pytest

from tellers.core.model import Ballots, Candidate
from tellers.errors import InputError
from tellers.formats.rankings_csv import read_rankings_csv


def test_one_paper_a_row() -> None:
    text = "first,second,third\nAnne,Bill,\nBill,,\nAnne,Bill\nCora,Anne,Bill\n"
    election = read_rankings_csv(text, "ward.csv")
    assert election.contest.candidates == (Candidate("Anne"), Candidate("Bill"), Candidate("Cora"))
    assert election.votes == Ballots.of((2, [0, 1]), (1, [1]), (1, [2, 0, 1]))
    assert election.contest.name == "ward"
    assert election.contest.seats == 1
    assert election.rules == "av"


def test_a_count_column_comment_facts_and_a_candidate_list() -> None:
    text = (
        "# title: Anytown Ward\n"
        "# seats: 2\n"
        "# date: 2 May 2024\n"
        '# candidates: Cora Cole, Bill Baker, "Archer, Anne"\n'
        "# rejected (want of official mark): 2\n"
        "Preference 1,Preference 2,Count\n"
        '"Archer, Anne",Bill Baker,20\n'
        "bill baker,,12\n"
        ",,3\n"
        "Cora Cole,,1,234\n"
    )
    with pytest.raises(InputError):
        read_rankings_csv(text, "w.csv")  # "1,234" unquoted is two cells: a third preference
    election = read_rankings_csv(text.replace("1,234", '"1,234"'), "w.csv")
    assert election.contest.name == "Anytown Ward"
    assert election.contest.date == "2024-05-02"
    assert election.contest.seats == 2
    assert election.contest.names == ("Cora Cole", "Bill Baker", "Archer, Anne")
    assert election.votes == Ballots.of((20, [2, 1]), (12, [1]), (1234, [0]))
    assert dict(election.rejected) == {
        "unmarked_or_void_for_uncertainty": 3,
        "want_of_official_mark": 2,
    }
    assert election.rules == "scot-2011"


def test_the_ranking_stops_at_the_first_blank_cell() -> None:
    election = read_rankings_csv("a,b,c\nAnne,,Bill\nBill,Anne,\n", "t.csv")
    assert election.votes == Ballots.of((1, [0]), (1, [1, 0]))


def test_id_columns_are_ignored() -> None:
    election = read_rankings_csv("id,1,2\np1,Anne,Bill\np2,Bill,\n", "t.csv")
    assert election.votes == Ballots.of((1, [0, 1]), (1, [1]))


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("a,b\nAnne,Anne\n", 2, "expected each candidate at most once in a row"),
        ("# candidates: Anne\na,b\nAnne,Bill\n", 3, "expected one of the candidates listed"),
        ("a,count\nAnne,-3\n", 2, "of 0 or more, found -3"),
        ("Anne,Bill\nBill,Anne\n", 1, "expected a header row naming the columns"),
        ("", 1, "expected a header row"),
        ("count\n3\n", 1, "expected preference columns"),
    ],
)
def test_faults(text: str, line: int, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        read_rankings_csv(text, "r.csv")
    assert str(caught.value).startswith(f"r.csv:{line}: ")
    assert expected in str(caught.value)


def test_a_row_longer_than_the_header_is_refused() -> None:
    with pytest.raises(InputError, match=r"^r\.csv:2: expected at most 2 cells"):
        read_rankings_csv("1,2\nAnne,Bill,Cora\n", "r.csv")
    election = read_rankings_csv("1,2,id\nAnne,Bill,p1\n", "r.csv")
    assert election.votes == Ballots.of((1, [0, 1]))


def test_stated_valid_papers_are_checked() -> None:
    text = "# valid: 6\nfirst,second,count\nAnne,Bill,3\nBill,,2\n"
    with pytest.raises(InputError) as caught:
        read_rankings_csv(text, "r.csv")
    assert str(caught.value).startswith("r.csv:1: ") and "found 5 papers" in str(caught.value)
    assert read_rankings_csv(text.replace("6", "5", 1), "r.csv").votes.papers == 5


def test_a_blank_before_a_later_preference_is_read_as_the_statutes_read_it_and_said() -> None:
    text = "first,second,third,count\nAnne,,Bill,3\nBill,Anne,,2\n"
    election = read_rankings_csv(text, "r.csv")
    assert election.votes == Ballots.of((3, [0]), (2, [1, 0]))
    (note,) = election.notes
    assert note.startswith("3 papers leave a preference blank before a later one")
    assert "the order stops at the blank" in note and "-F cvr-csv" in note
    assert read_rankings_csv("first,second\nAnne,Bill\n", "r.csv").notes == ()
