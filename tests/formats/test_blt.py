"""BLT files: small typed examples, then all 1,100 Scottish council files."""

from __future__ import annotations

import csv
import re

import pytest

from tellers.core.model import Ballots, Candidate, Totals
from tellers.errors import InputError
from tellers.formats import read, read_text
from tellers.formats.blt import read_blt
from tests.data import shared_data

# The example in the Scottish data set's description of the format (3 candidates, 2 seats).
EXAMPLE = """\
3 2
12 1 0
88 1 3 2 0
14 2 3 0
8 3 0
0
Cand A (Party A)
Cand B (Party B)
Cand C (Party C)
Wardy McWard Town
"""


def test_the_format_example() -> None:
    election = read_blt(EXAMPLE, "ward.blt")
    assert election.contest.name == "Wardy McWard Town"
    assert election.contest.seats == 2
    assert election.contest.candidates == (
        Candidate("Cand A", "Party A"),
        Candidate("Cand B", "Party B"),
        Candidate("Cand C", "Party C"),
    )
    assert election.votes == Ballots.of((12, [0]), (88, [0, 2, 1]), (14, [1, 2]), (8, [2]))
    assert election.votes.papers == 122
    assert dict(election.rejected) == {}
    assert election.rules == "scot-2011"
    assert election.source == "ward.blt"


def test_comments_blank_lines_ids_and_withdrawn() -> None:
    text = """\
# a comment before the header
4 1   # four candidates, one seat
-2 -4
(a1) 3 1 3 0
(a2) 2 3 1 0    # trailing comment

5 1 3 0
0
"Anne Archer"
"Bill Baker"
"Cora Cole"
"Dan Dee"
"A Ward"
"""
    election = read_text(text, "w.blt")
    assert election.contest.withdrawn == frozenset({1, 3})
    assert election.contest.standing == (0, 2)
    assert election.votes == Ballots.of((8, [0, 2]), (2, [2, 0]))
    assert election.contest.name == "A Ward"
    assert election.contest.names == ("Anne Archer", "Bill Baker", "Cora Cole", "Dan Dee")


def test_equal_preferences_cut_the_ranking_or_reject_the_paper() -> None:
    text = "4 1\n3 1 2=3 4 0\n2 2=4 1 0\n1 3 4 1=2 0\n0\nA\nB\nC\nD\nT\n"
    election = read_blt(text, "t.blt")
    # 1 2=3 4: the sequence breaks at the tie, so only the first preference stands.
    # 2=4 1: the first preference is shared, so the paper is rejected.
    assert election.votes == Ballots.of((3, [0]), (1, [2, 3]))
    assert dict(election.rejected) == {"first_preference_for_more_than_one_candidate": 2}


def test_a_paper_with_no_preference_is_rejected_as_unmarked() -> None:
    election = read_blt("2 1\n4 1 0\n3 0\n0\nA\nB\nT\n", "t.blt")
    assert election.votes == Ballots.of((4, [0]))
    assert dict(election.rejected) == {"unmarked_or_void_for_uncertainty": 3}


def test_repeated_rankings_are_merged_and_zero_weights_dropped() -> None:
    election = read_blt("2 1\n4 1 2 0\n0 2 0\n3 1 2 0\n0\nA\nB\nT\n", "t.blt")
    assert election.votes == Ballots.of((7, [0, 1]))
    assert len(election.votes) == 1


def test_names_as_real_files_quote_them() -> None:
    text = (
        "5 1\n1 1 0\n0\n"
        '"Brian ALLAN ""Alba Party for independence"""\n'
        '"Jamie COLE-HAMILTON" "Scottish Green Party"\n'
        '"""Kate CAMPBELL"" ""Scottish Conservative and Unionist"""\n'
        "Brian BROWN (Scottish Unionist) (SU)\n"
        "Ruth HOGG (Con_\n"
        '"Ward 4 - Central Buchan"\n'
    )
    election = read_blt(text, "t.blt")
    assert election.contest.candidates == (
        Candidate("Brian ALLAN", "Alba Party for independence"),
        Candidate("Jamie COLE-HAMILTON", "Scottish Green Party"),
        Candidate("Kate CAMPBELL", "Scottish Conservative and Unionist"),
        Candidate("Brian BROWN", "Scottish Unionist (SU)"),
        Candidate("Ruth HOGG", "Con"),  # its bracket closed with the key beside ")"
    )
    assert election.contest.name == "Ward 4 - Central Buchan"


def test_an_export_with_a_comma_after_every_item() -> None:
    text = (
        "3 1,\n5 1 0,\n2 2 3 0,\n0,\nAnne BAIRD,\nBill,BAKER\nCora COLE,\nWard 9 - Almond and Earn,"
    )
    election = read_blt(text, "t.blt")
    assert election.votes == Ballots.of((5, [0]), (2, [1, 2]))
    assert election.contest.names == ("Anne BAIRD", "Bill BAKER", "Cora COLE")
    assert election.contest.name == "Ward 9 - Almond and Earn"


def test_names_given_as_preflib_comment_lines() -> None:
    text = (
        "2 1\n3 2 1 0\n0\n"
        "# ALTERNATIVE NAME 1: Gary Barton (Ind)\n"
        "# ALTERNATIVE NAME 2: Ruth Simpson (Lab)\n"
        "Calton ward\n"
    )
    election = read_blt(text, "t.blt")
    assert election.contest.candidates == (
        Candidate("Gary Barton", "Ind"),
        Candidate("Ruth Simpson", "Lab"),
    )
    assert election.contest.name == "Calton ward"


def test_the_title_defaults_to_the_file_name_and_seats_can_be_overridden() -> None:
    election = read_blt("3 1\r\n1 1 2 0\r\n0\r\nA\r\nB\r\nC\r\n", "data/leith_walk.blt", seats=2)
    assert election.contest.name == "leith_walk"
    assert election.contest.seats == 2
    assert election.votes == Ballots.of((1, [0, 1]))


def test_two_candidates_whose_split_names_clash_keep_their_labels() -> None:
    election = read_blt("2 1\n1 1 0\n0\nJo SMITH (Lab)\nJo SMITH (Con)\nT\n", "t.blt")
    assert election.contest.candidates == (Candidate("Jo SMITH (Lab)"), Candidate("Jo SMITH (Con)"))


def test_the_fast_and_careful_paths_agree() -> None:
    plain = "4 2\n3 1 2 0\n2 4 3 2 1 0\n1 3 0\n5 1 2 0\n0\nA\nB\nC\nD\nT\n"
    # A comment sends the same ballots through the careful reader.
    careful = plain.replace("1 3 0\n", "1 3 0  # careful\n")
    assert read_blt(plain, "t.blt").votes == read_blt(careful, "t.blt").votes


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        (
            "3 1\n1 1 2 0\n1 1 9 0\n0\nA\nB\nC\nT\n",
            3,
            "expected a candidate number from 1 to 3, found 9",
        ),
        ("3 1\n1 1 2 1 0\n0\nA\nB\nC\nT\n", 2, "expected each candidate at most once"),
        ("3 1\n1 1 2\n0\nA\nB\nC\nT\n", 2, "expected 0 at the end of the ballot line"),
        ("3 1\n1 1 2 0\nA\nB\nC\nT\n", 3, "the line '0' that ends the ballots"),
        ("3 1\n1 1 2 0\n1 2 0\n1 3 0\n", 4, "expected a line '0' to end the ballots"),
        ("3 1\n1 1 z 0\n0\nA\nB\nC\nT\n", 2, "expected a candidate number from 1 to 3, found 'z'"),
        ("", 1, "found an empty file"),
        ("3 5\n0\nA\nB\nC\nT\n", 1, "expected at most 3 seats for 3 candidates, found 5"),
        ("3 1\n1 1 0\n0\nA\nB\n", 5, "expected 3 candidate names after the ballots, found 2"),
        ("3 1\n2.5 1 0\n0\nA\nB\nC\nT\n", 2, "fractional weights are not supported"),
        ("3 1\n1 1 0\n-2 1 0\n0\nA\nB\nC\nT\n", 3, "expected a weight of 0 or more, found -2"),
        ("3 0\n0\nA\nB\nC\nT\n", 1, "expected at least 1 seat"),
        ("99999999 1\n1 1 0\n0\nA\n", 1, "the file has only 4 lines"),
    ],
)
def test_faults_name_the_line_and_what_was_expected(text: str, line: int, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        read_blt(text, "ward.blt")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"ward.blt:{line}: ")
    assert expected in str(caught.value)


def test_seats_beyond_the_candidates_are_refused_even_when_given() -> None:
    with pytest.raises(InputError, match="expected at most 3 seats"):
        read_blt(EXAMPLE, "ward.blt", seats=4)


@pytest.mark.slow
def test_all_scottish_council_files_match_the_index() -> None:
    folder = shared_data("scotland-local-stv-blt")
    with (folder / "blt_index.csv").open(encoding="utf-8") as f:
        index = list(csv.DictReader(f))
    assert len(index) == 1100
    papers = 0
    for row in index:
        election = read(folder / row["file"])
        votes = election.votes
        assert isinstance(votes, Ballots), row["file"]
        assert not isinstance(votes, Totals)
        got = (len(election.contest.candidates), election.contest.seats, votes.papers, len(votes))
        expected = (
            int(row["candidates"]),
            int(row["seats"]),
            int(row["ballots"]),
            int(row["unique_rankings"]),
        )
        assert got == expected, row["file"]
        assert dict(election.rejected) == {}, row["file"]
        assert all(c.name for c in election.contest.candidates), row["file"]
        papers += votes.papers
    assert papers == 5_604_345


def test_the_comma_file_and_a_glasgow_2007_file() -> None:
    folder = shared_data("scotland-local-stv-blt")
    perth = read(folder / "5_cands" / "perth_kinross_2016_by_election_ward9.blt")
    assert perth.contest.name == "Ward 9 - Almond and Earn"
    assert "Wilma LUMSDEN" in perth.contest.names
    calton = read(folder / "10_cands" / "glasgow_2007_calton.blt")
    assert calton.contest.name == "Calton ward"
    assert calton.contest.candidates[0] == Candidate("Gary Barton", "Ind")
    assert calton.contest.candidates[9] == Candidate("Alison E Thewliss", "SNP")


def test_names_written_party_first() -> None:
    # The Scottish 2012 files write "Lab ""Yvonne ALLAN""": the party, then the quoted name.
    text = (
        "3 1\n1 1 0\n0\n"
        '"Lab ""Yvonne ALLAN"""\n'
        '"Ind ""William BROWN"" "\n'
        '"SNP ""Graham Robert DICKSON"" "\n'
        '"Ward 12 - Torry - Ferryhill"\n'
    )
    assert read_blt(text, "t.blt").contest.candidates == (
        Candidate("Yvonne ALLAN", "Lab"),
        Candidate("William BROWN", "Ind"),
        Candidate("Graham Robert DICKSON", "SNP"),
    )
    # the usual order is left as it is, even where the name is one word
    text = '2 1\n1 1 0\n0\n"SMITH ""Lab"""\n"Jo SMITH ""Scottish Labour Party"""\nT\n'
    assert read_blt(text, "t.blt").contest.candidates == (
        Candidate("SMITH", "Lab"),
        Candidate("Jo SMITH", "Scottish Labour Party"),
    )


#: The party labels the Scottish set writes before a name (a test's own list, from the files).
PARTY_FIRST = {"Con", "Grn", "Ind", "LD", "Lab", "NF", "SNP", "UKIP"}
#: A person's name as the Scottish set writes it: given names, then the surname in capitals.
PERSON = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]*)* [A-Z][A-Z'\-]+")


@pytest.mark.slow
def test_every_scottish_name_is_a_name_and_every_party_a_party() -> None:
    folder = shared_data("scotland-local-stv-blt")
    files = sorted(folder.glob("*/*.blt"))
    assert len(files) == 1100
    party_first = re.compile(r'^"([A-Za-z]+) ""[^"]+"" ?"$', re.MULTILINE)
    written_party_first = 0
    parties: set[str] = set()
    candidates: list[tuple[str, Candidate]] = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        labels = set(party_first.findall(text))
        if labels:
            written_party_first += 1
            assert labels <= PARTY_FIRST, path.name
        for candidate in read(path).contest.candidates:
            candidates.append((path.name, candidate))
            if candidate.party is not None:
                parties.add(candidate.party)
    assert written_party_first == 39
    for name, candidate in candidates:
        assert candidate.name not in PARTY_FIRST, (name, candidate)
        assert candidate.name not in parties, (name, candidate)
        assert "(" not in candidate.name and '"' not in candidate.name, (name, candidate)
        if candidate.party is not None:
            assert not PERSON.fullmatch(candidate.party), (name, candidate)
    aberdeen = read(folder / "12_cands" / "aberdeen_2012_ward12.blt").contest.candidates
    assert aberdeen[0] == Candidate("Yvonne ALLAN", "Lab")
    assert aberdeen[11] == Candidate("Billy WATSON", "NF")
