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


# -- read right, or refused by line: nothing a declaration says is dropped --------------


def test_a_line_with_votes_that_do_not_parse_is_refused_not_taken_for_the_title() -> None:
    # Was: the first line became the title and John Roe was elected unopposed.
    with pytest.raises(InputError) as caught:
        read_text("Jane Doe (Labour) 12x\nJohn Roe (Green) 10\n")
    assert str(caught.value).startswith("<stdin>:1: ")
    assert "'12x'" in str(caught.value)


@pytest.mark.parametrize(
    "line",
    [
        "Jane Doe (Labour) 12x",
        "Jane Doe (Labour) -12",
        "Jane Doe (Labour) 12.5",
        "Jane Doe (Labour) 1.234",
        "Jane Doe (Labour) 12,34",
        "Jane Doe (Labour) 1234567890123456",
        "Jane Doe (Labour) 12 extra",
        "Jane Doe (Labour) 12 (40%) extra",
    ],
)
def test_what_looks_like_a_candidate_line_is_read_as_one_or_refused(line: str) -> None:
    for text in (f"{line}\nJohn Roe (Green) 10\n", f"John Roe (Green) 10\n{line}\n"):
        with pytest.raises(InputError) as caught:
            read_declared(text, "n.txt")
        number = text.splitlines().index(line) + 1
        assert str(caught.value).startswith(f"n.txt:{number}: "), caught.value


def test_votes_followed_by_the_word_votes() -> None:
    election = read_declared("A (X) 1,030 votes\nB (Y) 1 vote\n", "v.txt")
    assert election.votes == Totals((1030, 1), 1031)


def test_a_title_with_a_date_or_a_number_is_still_a_title() -> None:
    text = "Spitalfields and Banglatown, 19 April 2012\nWard 4 - Central Buchan\nA (X) 5\nB 3\n"
    election = read_declared(text, "t.txt")
    assert election.contest.name == (
        "Spitalfields and Banglatown, 19 April 2012, Ward 4 - Central Buchan"
    )
    assert election.contest.date == "2012-04-19"
    assert election.contest.names == ("A", "B")


# Spitalfields and Banglatown by-election, 16 December 2010 (examples/results): 1,467 valid
# votes, 19 spoilt, electorate 8,827; turnout as declared 16.83% = 1,486 / 8,827.
DECEMBER_2010 = """\
Fozol Miah (Respect) 666
Abdul Alim (Labour) 553
Matthew James Smith (Conservative) 135
Magaret Ann Crosbie (Green) 52
Ferdy North (Liberal Democrats) 33
Jewel Chowdhury (Independent) 28
Spoilt: 19
"""


def test_spoilt_papers_and_a_turnout_that_agrees_are_used() -> None:
    for electorate in ("Electorate: 8,827", "Electors on roll 8,827", "Registered voters: 8827"):
        election = read_declared(DECEMBER_2010 + electorate + "\nTurnout: 16.83%\n", "d.txt")
        assert election.electorate == 8827
        assert dict(election.rejected) == {"head_not_stated": 19}
        assert election.papers_counted == 1486
        assert not any("urnout" in note for note in election.notes)
    # 16.8% (one place) and the papers as a number agree too
    read_declared(DECEMBER_2010 + "Electorate: 8,827\nTurnout: 16.8%\n", "d.txt")
    read_declared(DECEMBER_2010 + "Electorate: 8,827\nPercentage poll 16.8\n", "d.txt")
    read_declared(DECEMBER_2010 + "Turnout: 1,486\n", "d.txt")


def test_a_turnout_that_disagrees_with_the_figures_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        read_declared(DECEMBER_2010 + "Electorate: 8,827\nTurnout: 18.83%\n", "d.txt")
    message = str(caught.value)
    assert message.startswith("d.txt:9: "), message
    assert "16.83%" in message and "18.83%" in message
    with pytest.raises(InputError) as caught:
        read_declared(DECEMBER_2010 + "Turnout: 1,468\n", "d.txt")
    assert str(caught.value).startswith("d.txt:8: ")


def test_a_turnout_that_cannot_be_checked_is_kept_as_a_note() -> None:
    # No electorate: the turnout is not dropped but carried to the report.
    election = read_declared(DECEMBER_2010 + "Turnout: 16.83%\n", "d.txt")
    assert any("16.83%" in note and "not checked" in note for note in election.notes)


def test_a_stated_majority_and_total_are_checked() -> None:
    read_declared(DECEMBER_2010 + "Majority: 113\nTotal votes: 1,467\n", "d.txt")
    with pytest.raises(InputError) as caught:
        read_declared(DECEMBER_2010 + "Majority: 131\n", "d.txt")
    assert str(caught.value).startswith("d.txt:8: ") and "113" in str(caught.value)
    with pytest.raises(InputError) as caught:
        read_declared(DECEMBER_2010 + "Total votes: 1,476\n", "d.txt")
    assert str(caught.value).startswith("d.txt:8: ") and "1467" in str(caught.value)


@pytest.mark.parametrize(
    "line",
    ["Postal votes: 30", "Postal votes returned 300", "Electors who voted: 1,486", "Votes cast 9"],
)
def test_a_fact_the_reader_does_not_know_is_refused_not_counted_as_a_candidate(line: str) -> None:
    # Was: "Postal votes" stood as a candidate with 30 votes.
    for text in (f"{line}\nA (X) 5\nB (Y) 3\n", f"A (X) 5\nB (Y) 3\n{line}\n"):
        with pytest.raises(InputError) as caught:
            read_declared(text, "f.txt")
        number = text.splitlines().index(line) + 1
        assert str(caught.value).startswith(f"f.txt:{number}: "), caught.value
        assert "#" in str(caught.value)  # says how to keep it as a comment


def test_what_cannot_be_checked_is_carried_as_a_note_not_dropped() -> None:
    text = "A (X) 5\nB (Y) 3\nSwing: 2.5% Lab to Con\nInd gain from Lab\nSource: the council\n"
    notes = read_declared(text, "s.txt").notes
    assert any("Swing: 2.5% Lab to Con" in note for note in notes)
    assert any("Ind gain from Lab" in note for note in notes)
    assert any("Source: the council" in note for note in notes)


def test_the_notes_reach_the_count_and_its_reports() -> None:
    from tellers.report import declaration
    from tellers.report.json import to_json
    from tellers.rules import count

    election = read_declared(DECEMBER_2010 + "Turnout: 16.83%\n", "d.txt")
    result = count(election)
    assert result.notes[0] == "stated, not checked: turnout 16.83% (no electorate is given)"
    assert "Notes\n  stated, not checked: turnout 16.83%" in declaration(election, result)
    assert '"stated, not checked: turnout 16.83%' in to_json(election, result)
