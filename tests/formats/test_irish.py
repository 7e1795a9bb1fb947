"""The Irish 2002 e-voting files as published: candidate codes a line, and Meath's JSON.

Figures: the data folder's README, which gives the valid poll and each party's
first preferences from the published 2002 results ("Appendix 1: Results of the
General Election, 17 May 2002"); the elected TDs are checked in
tests/rules/test_stv_ireland.py.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tellers.core.model import Ballots, Candidate
from tellers.errors import InputError
from tellers.formats import detect_format, read, read_text
from tellers.formats.ie_codes import read_ie_codes
from tellers.formats.ie_json import read_ie_json
from tests.data import shared_data

CODES = (
    '"Morr" "Terr" "Higg" "XXXXX" "XXXXX"\r\n'
    '"Leni" "Dohe" "XXXXX" "XXXXX" "XXXXX"\r\n'
    '"Leni" "Morr" "Dohe" "Terr" "XXXXX"\r\n'
    '"XXXXX" "XXXXX" "XXXXX" "XXXXX" "XXXXX"\r\n'
)
MEATH = {
    "Election_Type": "General",
    "Date": {"Day": 17, "Month": 5, "Year": 2002},
    "Constituency": "Meath",
    "Number of Seats": 1,
    "Candidate": [
        {"Ref": "Brut", "Name": "John Bruton", "Party": "Fine Gael", "Index": 1},
        {"Ref": "Demp", "Name": "Noel Dempsey", "Party": "Fianna Fáil", "Index": 0},
        {"Ref": "Reil", "Name": "Joe Reilly", "Party": "Sinn Féin", "Index": 2},
    ],
    "Ballot": [[2, 1, 3], [1, 0, 0], [0, 2, 2], [1, 1, 0], [0, 0, 0], [1, 3, 0]],
}


def test_codes_a_line() -> None:
    election = read_ie_codes(CODES, "DublinWest.txt", seats=1)
    assert election.contest.names == ("Dohe", "Higg", "Leni", "Morr", "Terr")
    assert election.contest.name == "DublinWest"
    dohe, higg, leni, morr, terr = range(5)
    assert election.votes == Ballots.of(
        (1, [morr, terr, higg]), (1, [leni, dohe]), (1, [leni, morr, dohe, terr])
    )
    assert dict(election.rejected) == {"unmarked_or_void_for_uncertainty": 1}
    assert election.rules == "ie-dail"


def test_codes_are_detected_and_need_the_seats(tmp_path: Path) -> None:
    assert detect_format(CODES, "DublinWest.txt") == "ie-codes"
    assert detect_format(CODES, "<stdin>") == "ie-codes"
    path = tmp_path / "DublinWest.txt"
    path.write_text(CODES, encoding="utf-8")
    with pytest.raises(InputError, match="expected the number of seats: give it with --seats"):
        read(path)
    assert read(path, seats=2).contest.seats == 2


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ('"Leni" "Dohe"\n"Leni" "Dohe" "XXXXX"\n', 2, "expected 2 items as on the first line"),
        ('"Leni" "Leni" "XXXXX"\n', 1, 'found "Leni" twice'),
        ('"Leni" "XXXXX" "Dohe"\n', 1, 'expected only "XXXXX" after the last preference'),
        ('"Leni" Dohe "XXXXX"\n', 1, "expected candidate codes in double quotes"),
        ('"Leni" "Dohe\n', 1, "expected candidate codes in double quotes"),
        ("", 1, "found none"),
        ('"A" "B"\n"C" "XXXXX"\n', None, "expected at most 2 candidates"),
    ],
)
def test_codes_faults_name_the_line(text: str, line: int | None, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        read_ie_codes(text, "d.txt", seats=1)
    assert str(caught.value).startswith(f"d.txt:{line}: " if line else "d.txt: ")
    assert expected in str(caught.value)


def test_preference_arrays_in_json() -> None:
    election = read_text(json.dumps(MEATH), "Meath2002.json")
    assert election.contest.name == "Meath"
    assert election.contest.date == "2002-05-17"
    assert election.contest.seats == 1
    assert election.contest.candidates == (
        Candidate("Noel Dempsey", "Fianna Fáil"),
        Candidate("John Bruton", "Fine Gael"),
        Candidate("Joe Reilly", "Sinn Féin"),
    )
    # [2, 1, 3]: Bruton, Dempsey, Reilly; [1, 0, 0]: Dempsey; [0, 2, 2]: no 1;
    # [1, 1, 0]: two 1s; [0, 0, 0]: nothing; [1, 3, 0]: Dempsey, stopping at the missing 2.
    assert election.votes == Ballots.of((1, [1, 0, 2]), (2, [0]))
    assert dict(election.rejected) == {
        "unmarked_or_void_for_uncertainty": 2,
        "first_preference_for_more_than_one_candidate": 1,
    }
    assert election.rules == "ie-dail"
    assert read_ie_json(json.dumps(MEATH), "m.json", seats=2).contest.seats == 2


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"Ballot": [[1, 2]]}, "Ballot[0]: expected 3 numbers"),
        ({"Ballot": [[1, -2, 0]]}, "Ballot[0][1]: expected a whole number of 0 or more"),
        ({"Ballot": [[1, "2", 0]]}, "Ballot[0][1]: expected a whole number"),
        ({"Number of Seats": 0}, '["Number of Seats"]: expected a whole number of 1 or more'),
        ({"Number of Seats": 4}, "expected at most 3 seats"),
        ({"Candidate": []}, "expected at least one candidate"),
    ],
)
def test_json_faults_say_where(change: dict[str, object], expected: str) -> None:
    with pytest.raises(InputError) as caught:
        read_ie_json(json.dumps({**MEATH, **change}), "m.json")
    assert str(caught.value).startswith("m.json")
    assert expected in str(caught.value)
    broken = {**MEATH, "Candidate": [{**c, "Index": 0} for c in MEATH["Candidate"]]}  # type: ignore[attr-defined]
    with pytest.raises(InputError, match="expected each of 0 to 2 once"):
        read_ie_json(json.dumps(broken), "m.json")


FIRST_PREFERENCES = {
    # Dublin West, valid poll 29,988 (README: the 2002 results appendix)
    "DublinWest.txt": (
        3,
        29_988,
        {"Leni": 8_086, "Dohe": 2_300, "Higg": 6_442, "Smyt": 134, "Burt": 3_810},
    ),
    # Dublin North, valid poll 43,942: FF 16,803 (three candidates), Lab 6,359, Green 7,294
    "dnorth.txt": (4, 43_942, {"Ryan": 6_359, "Sarg": 7_294, "Davi": 1_350}),
}


@pytest.mark.parametrize("name", sorted(FIRST_PREFERENCES))
def test_the_published_files_are_read_as_published(name: str) -> None:
    folder = shared_data("ireland-2002-evoting-stv")
    seats, valid, firsts = FIRST_PREFERENCES[name]
    election = read(folder / name, seats=seats)
    votes = election.votes
    assert isinstance(votes, Ballots)
    assert votes.papers == valid
    assert dict(election.rejected) == {}
    got = dict(
        zip(
            election.contest.names,
            votes.first_preferences(len(election.contest.candidates)),
            strict=True,
        )
    )
    for code, n in firsts.items():
        assert got[code] == n, code
    if name == "dnorth.txt":
        assert got["Glen"] + got["Wrig"] + got["Kenn"] == 16_803


def test_meath_as_published() -> None:
    folder = shared_data("ireland-2002-evoting-stv")
    election = read(folder / "Meath2002.json")
    assert election.contest.seats == 5
    assert len(election.contest.candidates) == 14
    assert election.contest.date == "2002-05-17"
    # the README: 64,081 papers, none empty, every ranking consecutive
    assert isinstance(election.votes, Ballots)
    assert election.votes.papers == 64_081
    assert dict(election.rejected) == {}
    parties = Counter(c.party for c in election.contest.candidates)
    assert parties["Fianna Fáil"] == 3 and parties["Fine Gael"] == 3
