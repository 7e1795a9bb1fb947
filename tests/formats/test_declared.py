"""Results as declarations and newspapers print them."""

from __future__ import annotations

import pytest

from tellers.core.model import Candidate, Totals
from tellers.errors import InputError
from tellers.formats import read_text
from tellers.formats.declared import read_declared

# Tower Hamlets, Spitalfields and Banglatown by-election, 19 April 2012 (top two).
SPITALFIELDS = """\
Spitalfields and Banglatown by-election
Gulam Robbani (Independent) 1030
Ala Uddin (Labour) 987
"""


def test_the_spitalfields_and_banglatown_by_election() -> None:
    election = read_declared(SPITALFIELDS, "<stdin>")
    assert election.contest.name == "Spitalfields and Banglatown by-election"
    assert election.contest.candidates == (
        Candidate("Gulam Robbani", "Independent"),
        Candidate("Ala Uddin", "Labour"),
    )
    assert election.votes == Totals((1030, 987), 2017)
    assert election.contest.seats == 1
    assert election.rules == "uk-fptp"
    assert dict(election.rejected) == {}


def test_it_is_recognised_from_standard_input() -> None:
    election = read_text(SPITALFIELDS)
    assert election.votes == Totals((1030, 987), 2017)


def test_facts_markers_shares_and_columns() -> None:
    text = """\
Ward: Spitalfields & Banglatown
Date: Thursday 19 April 2012
Electorate: 8,000
Ballot papers issued: 2,031
*Gulam Robbani (Independent)   1,030   (50.9%)   Elected
Ala Uddin\tLabour\t987
Smith, John (Con) 6 *
Turnout 25.4%
Rejected (want of official mark): 1
Rejected (unmarked or void for uncertainty): 7
Rejected in part: 0
Ind gain from Lab
"""
    election = read_declared(text, "result.txt")
    assert election.contest.name == "Spitalfields & Banglatown"
    assert election.contest.date == "2012-04-19"
    assert election.contest.candidates == (
        Candidate("Gulam Robbani", "Independent"),
        Candidate("Ala Uddin", "Labour"),
        Candidate("Smith, John", "Con"),
    )
    assert election.votes == Totals((1030, 987, 6), 2023)
    assert election.electorate == 8000
    assert election.papers_issued == 2031
    assert dict(election.rejected) == {
        "want_of_official_mark": 1,
        "unmarked_or_void_for_uncertainty": 7,
    }
    assert election.rejected_in_part == 0


def test_a_multi_member_ward() -> None:
    text = """\
Weavers ward
Abdul Asad (Lab) 2,019 ELECTED
Kabir Ahmed (Respect) 1,950 (elected)
Anne Archer (Con) 400
Rejected: 12
"""
    election = read_declared(text, "w.txt")
    # Seats from the lines marked elected; the valid papers are not known.
    assert election.contest.seats == 2
    assert election.votes == Totals((2019, 1950, 400), None)
    assert dict(election.rejected) == {"head_not_stated": 12}
    stated = read_declared("Seats: 3\nValid: 1,500\n" + text, "w.txt")
    assert stated.contest.seats == 3
    assert stated.votes == Totals((2019, 1950, 400), 1500)
    assert read_declared(text, "w.txt", seats=1).votes == Totals((2019, 1950, 400), 4369)


def test_column_headings_are_read_past() -> None:
    text = "Weavers by-election\nCandidate\tParty\tVotes\t%\nA\tX\t5\t62.5%\nB\tY\t3\t37.5%\n"
    election = read_declared(text, "h.txt")
    assert election.contest.name == "Weavers by-election"
    assert election.contest.candidates == (Candidate("A", "X"), Candidate("B", "Y"))
    assert election.votes == Totals((5, 3), 8)


def test_party_list_votes_may_fill_more_seats_than_there_are_lines() -> None:
    election = read_declared("Seats: 11\nLabour 986,609\nConservative 833,021\n", "list.txt")
    assert election.contest.seats == 11
    assert election.contest.names == ("Labour", "Conservative")
    assert election.votes == Totals((986_609, 833_021), None)


def test_a_date_alone_and_a_title_with_a_number() -> None:
    text = "Title: Ward 7 by-election 2012\n26 April 2012\nA (X) 5\nB (Y) 3\n"
    election = read_declared(text, "d.txt")
    assert election.contest.name == "Ward 7 by-election 2012"
    assert election.contest.date == "2012-04-26"
    assert election.votes == Totals((5, 3), 8)


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("A (X) 5\nB (Y) five\n", 2, "expected a candidate line such as"),
        ("A (X) 5\nB (Y) 3\nA (X) 1\n", 3, "expected each candidate once, found 'A' again"),
        ("A (X) 5\nValid: 9\nB (Y) 3\n", 2, "expected the votes to add up to the 9 valid papers"),
        ("Date: soon\nA (X) 5\n", 1, "expected a date like 2012-04-26"),
        ("Electorate: lots\nA (X) 5\n", 1, "expected the electorate (a whole number)"),
        ("Ward: Nowhere\n", 1, "expected candidate lines"),
        ("A (X) 5\nB (Y) 3\nValid: 8\n" + "x" * 600 + "\n", 4, "at most 500 characters"),
        ("Rejected: 5\nRejected (want of official mark): 2\nA 1\n", 1, "add up to the total 5"),
        ("A (X) 5\nB (Y) 1 234\n", 2, "expected votes written as 1234 or 1,234"),
    ],
)
def test_faults(text: str, line: int | None, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        read_declared(text, "n.txt")
    prefix = "n.txt: " if line is None else f"n.txt:{line}: "
    assert str(caught.value).startswith(prefix)
    assert expected in str(caught.value)
