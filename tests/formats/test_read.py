"""read() and read_text(): standard input, choosing the reader, forcing one."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import tellers.formats as formats
from tellers.core.model import Ballots, Totals
from tellers.errors import InputError
from tellers.formats import FORMATS, read, read_text
from tellers.formats.detect import by_content

BLT = "2 1\n3 1 2 0\n1 2 0\n0\nAnne\nBill\nA Ward\n"
SOI = (
    "# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: Anne\n# ALTERNATIVE NAME 2: Bill\n"
    "3: 1,2\n1: 2\n"
)
JSON = (
    '{"format": "tellers.contest/1", "name": "W", "seats": 1, "candidates": ["Anne", "Bill"],'
    ' "totals": {"Anne": 3, "Bill": 1}}'
)
TABLE = (
    "first_choice_candidate,second:Anne,second:Bill,first_preference_votes\n"
    "Anne,0,2,3\nBill,1,0,1\n"
)
RANKINGS = "first,second\nAnne,Bill\nAnne,Bill\nAnne,Bill\nBill,\n"
DECLARED = "Anne (Red) 3\nBill (Blue) 1\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BLT, "blt"),
        (SOI, "preflib"),
        ("2\n1,Anne\n2,Bill\n3,3,1\n3,1,2\n", "preflib"),
        (JSON, "json"),
        (TABLE, "sv-table"),
        (RANKINGS, "csv"),
        (DECLARED, "declared"),
        ("Ward: Anywhere\nAnne Archer (Lab) 1,234\n", "declared"),
        ("hello\nworld\n", None),
        ("", None),
    ],
)
def test_content_tells_the_format(text: str, expected: str | None) -> None:
    assert by_content(text) == expected


def test_each_reader_from_a_file(tmp_path: Path) -> None:
    cases = {
        "w.blt": BLT,
        "w.soi": SOI,
        "w.json": JSON,
        "w.csv": RANKINGS,
        "table.csv": TABLE,
        "w.txt": DECLARED,
        "ballots.txt": BLT,
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        election = read(path)
        assert election.source == str(path)
        if isinstance(election.votes, Totals):
            assert election.votes.votes == (3, 1)
        else:
            assert isinstance(election.votes, Ballots)
            assert election.votes.first_preferences(2) == [3, 1]


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(DECLARED.encode("utf-8")))
    monkeypatch.setattr(sys, "stdin", stdin)
    election = read("-")
    assert election.source == "<stdin>"
    assert election.votes == Totals((3, 1), 4)


def test_the_format_can_be_forced_and_seats_given() -> None:
    election = read_text(RANKINGS, "pasted.txt", "csv", seats=2)
    assert election.contest.seats == 2
    assert election.rules == "scot-2011"
    with pytest.raises(InputError, match="expected the header line"):
        read_text(DECLARED, "x.txt", "blt")
    with pytest.raises(InputError, match=r"^x: expected a format among blt, preflib"):
        read_text(DECLARED, "x", "xls")
    with pytest.raises(InputError, match="expected at least 1 seat"):
        read_text(BLT, "x.blt", seats=0)


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nowhere\.blt: no such file$"):
        read(tmp_path / "nowhere.blt")
    with pytest.raises(InputError, match="expected a file, found a directory"):
        read(tmp_path)
    odd = tmp_path / "odd.dat"
    odd.write_text("no idea\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot tell which format this is"):
        read(odd)


def test_encodings(tmp_path: Path) -> None:
    path = tmp_path / "w.txt"
    text = "Zoë Ørsted (Grn) 12\nRenée Slater (Lab) 3\n"
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "cp1252"):
        path.write_bytes(text.encode(encoding))
        assert read(path).contest.names == ("Zoë Ørsted", "Renée Slater"), encoding
    assert read_text("\ufeff" + text).contest.names == ("Zoë Ørsted", "Renée Slater")


def test_text_with_control_characters_is_refused() -> None:
    with pytest.raises(InputError, match=r"^x\.txt:2: expected text, found control character"):
        read_text("Anne 3\nBill\x01 4\n", "x.txt")


def test_the_public_surface() -> None:
    assert FORMATS == (
        "blt",
        "preflib",
        "csv",
        "sv-table",
        "party-list",
        "cvr-csv",
        "preflib-cvr",
        "declared",
        "json",
        "ie-codes",
        "ie-json",
        "cdf",
        "dominion",
        "ess",
        "clear-ballot",
        "hart",
    )
    assert set(formats.READERS) == set(FORMATS)
    for name in formats.__all__:
        assert hasattr(formats, name), name


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("x.blt", "2 1\n" + "9" * 5000 + " 1 0\n0\nA\nB\n"),
        ("x.blt", "2 1\n3 1 " + "9" * 5000 + " 0\n0\nA\nB\n"),
        ("x.soi", SOI.replace("3: 1,2", "9" * 5000 + ": 1,2")),
        ("x.soi", SOI.replace("3: 1,2", "3: 1," + "2" * 5000)),
        ("x.json", JSON.replace('"Anne": 3', '"Anne": ' + "3" * 5000)),
        ("x.csv", "first,count\nAnne," + "1" * 5000 + "\n"),
        ("x.txt", "Anne (Red) " + "3" * 400 + "\n"),
    ],
)
def test_numbers_of_thousands_of_digits_are_input_errors(name: str, text: str) -> None:
    with pytest.raises(InputError):
        read_text(text, name)
