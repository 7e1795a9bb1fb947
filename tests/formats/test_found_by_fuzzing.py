"""Faults the fuzz corpus (tests/fuzz) found in the readers, each kept as a plain test."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from tellers.core.model import Ballots
from tellers.errors import InputError
from tellers.formats import read, read_text
from tests.data import shared_data


def test_an_error_quoting_text_over_several_lines_is_one_line() -> None:
    text = '# seats: 2\nparty,votes\n"Lab\nour",x\nCon,5\n'
    with pytest.raises(InputError) as caught:
        read_text(text, "list.csv", "party-list")
    assert "\n" not in str(caught.value) and "Lab\\nour" in str(caught.value)


def test_a_date_must_be_a_date_not_hold_one() -> None:
    with pytest.raises(InputError, match="expected a date like"):
        read_text("Date: Thursday -11 February 2010\nA 5\nB 3\n", "d.txt")


def test_papers_giving_the_first_choice_again_are_said() -> None:
    table = "first_choice_candidate,second:A,second:B,first_preference_votes\nA,7,3,10\nB,1,0,4\n"
    election = read_text(table, "sv.csv")
    assert election.votes == Ballots.of((7, [0]), (3, [0, 1]), (1, [1, 0]), (3, [1]))
    (note,) = election.notes
    assert note.startswith("7 papers give the same candidate as first and second choice")


def test_numbers_after_a_paper_stops_are_said() -> None:
    document = {
        "Number of Seats": 1,
        "Candidate": [{"Name": n, "Index": i} for i, n in enumerate("ABC")],
        "Ballot": [[1, 0, 3], [1, 2, 3]],
    }
    election = read_text(json.dumps(document), "m.json")
    assert election.votes == Ballots.of((1, [0]), (1, [0, 1, 2]))
    assert election.notes[0].startswith("1 papers give numbers after their preferences stop")


def _suite() -> Path:
    return shared_data("rctab-test-data")


def test_a_cdf_report_not_in_utf8_is_refused(tmp_path: Path) -> None:
    source = _suite() / "test_set_1_exhaust_at_overvote" / "test_set_1_exhaust_at_overvote_cvr.json"
    path = tmp_path / "cvr.json"
    path.write_bytes(source.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(InputError, match="expected a CDF cast vote record report"):
        read(path, "cdf")


def test_a_cdf_rank_that_is_not_one_is_refused(tmp_path: Path) -> None:
    source = _suite() / "test_set_1_exhaust_at_overvote" / "test_set_1_exhaust_at_overvote_cvr.json"
    path = tmp_path / "cvr.json"
    path.write_text(source.read_text(encoding="utf-8").replace('"Rank" : 2', '"Rank" : "x"', 1))
    with pytest.raises(InputError, match="expected a rank number, found 'x'"):
        read(path)
    path.write_text(source.read_text(encoding="utf-8").replace('"Rank" : 2', '"Rank" : 5000', 1))
    with pytest.raises(InputError, match="expected a rank from 1 to 1000, found 5000"):
        read(path)


def test_a_hart_file_with_an_unknown_encoding_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "hart"
    shutil.copytree(_suite() / "_shared" / "hart_cvr_archive", folder)
    first = sorted(folder.glob("*.xml"))[0]
    first.write_bytes(first.read_bytes().replace(b'encoding="utf-8"', b'encoding="utf-g"', 1))
    with pytest.raises(InputError, match="expected a Hart CVR XML file"):
        read(folder, contest="CEDAR PARK SCHOOL BOARD")


def test_a_clear_ballot_mark_other_than_0_or_1_is_refused(tmp_path: Path) -> None:
    source = _suite() / "clear_ballot_kansas_primary" / "clear_ballot_kansas_primary.cvr.csv"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[1].split(",")
    cells[cells.index("1", 10)] = "2"  # a choice column (they start at the eleventh)
    lines[1] = ",".join(cells)
    path = tmp_path / "cb.csv"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InputError, match="expected 1 or 0 in a choice column, found '2'"):
        read(path)


def test_an_ess_cell_naming_no_shared_string_is_refused(tmp_path: Path) -> None:
    source = _suite() / "skip_to_next_test" / "skip_to_next_test_cvr.xlsx"
    book = zipfile.ZipFile(source)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:
        for item in book.infolist():
            data = book.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<v>9</v></c><c r="C2"', b'<v>-9</v></c><c r="C2"', 1)
            copy.writestr(item, data)
    path = tmp_path / "ess.xlsx"
    path.write_bytes(out.getvalue())
    with pytest.raises(InputError, match="expected worksheet XML"):
        read(path)


def test_a_dominion_export_not_in_utf8_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    alaska = _suite() / "_shared" / "dominion_alaska" / "alaska_input_data"
    folder.mkdir()
    for name in ("CandidateManifest.json", "ContestManifest.json"):
        shutil.copy(alaska / name, folder / name)
    (folder / "CvrExport.json").write_bytes(
        (alaska / "CvrExport.json").read_bytes()[:100] + b"\xff"
    )
    with pytest.raises(InputError, match="expected JSON"):
        read(folder)
