"""The stage sheet (text, CSV, rich), checked against spec 04 example 4.1."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from tellers.report import sheet_csv, sheet_rich, sheet_text, stage_sheet

from .counts import fptp_1_1, stv_4_1

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def rows_of(text: str) -> dict[str, list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    return {row[0]: row for row in rows}


def test_csv_has_every_value_exactly_as_recorded() -> None:
    rows = rows_of(sheet_csv(*stv_4_1()))
    header = rows["Candidate"]
    assert header[2:] == [
        "Stage 1 total",
        "Stage 2 transfer",
        "Stage 2 total",
        "Stage 3 transfer",
        "Stage 3 total",
        "Stage 4 transfer",
        "Stage 4 total",
        "Result",
    ]
    # spec 04 ex 4.1: stage 2 moves A's surplus 15 at TV 0.36585
    assert rows["A"][2:5] == ["41.00000", "-15.00000", "26.00000"]
    assert rows["B"][3:5] == ["7.31700", "26.31700"]
    assert rows["C"][3:7] == ["4.39020", "21.39020", "0.20840", "21.59860"]
    assert rows["D"][7:9] == ["11.10836", "26.40101"]
    assert rows["E"][7:9] == ["-11.10836", "0.00000"]
    assert rows["Action"][2:] == [
        "First preferences",
        "Surplus of A",
        "Surplus of A",
        "Surplus of B",
        "Surplus of B",
        "Exclusion of E",
        "Exclusion of E",
        "",
    ]
    tv3 = "0.01204, 0.00440"
    assert rows["Transfer values"][3:7] == ["0.36585", "0.36585", tv3, tv3]
    assert rows["Loss to rounding"][8] == "0.00039"
    assert rows["Quota"][2] == "26.00000"
    assert rows["A"][-1] == "Elected 1st (stage 1)"
    assert rows["D"][-1] == "Elected 3rd (stage 4)"
    assert rows["E"][-1] == "Excluded (stage 4)"


def test_every_stage_column_adds_up_to_the_valid_papers() -> None:
    rows = rows_of(sheet_csv(*stv_4_1()))
    header = rows["Candidate"]
    parts = [rows[k] for k in ("A", "B", "C", "D", "E", "Non-transferable", "Loss to rounding")]
    for i, name in enumerate(header):
        if name.endswith("total"):
            assert sum(Decimal(row[i]) for row in parts) == Decimal(100), name
            assert rows["Total"][i] == "100.00000"


def test_text_sheet_shows_actions_transfer_values_and_marks() -> None:
    text = sheet_text(*stv_4_1())
    assert "quota 26" in text
    for words in ("First preferences", "Surplus of A", "Surplus of B", "Exclusion of E"):
        assert words in text
    # one transfer value a line: stage 3 moves papers at two values
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Transfer values"))
    assert lines[first].split()[2:] == ["0.36585", "0.01204"]
    assert lines[first + 1].split() == ["0.00440"]
    line_b = next(line for line in text.splitlines() if line.startswith("B "))
    assert "+7.31700" in line_b and "26.31700 E" in line_b and "-0.31700" in line_b
    line_e = next(line for line in text.splitlines() if line.startswith("E "))
    assert "0.00000 X" in line_e and "Excluded (stage 4)" in line_e
    assert "E elected at this stage; X excluded at this stage" in text


def test_sheet_data_marks_stage_of_election_and_exclusion() -> None:
    sheet = stage_sheet(*stv_4_1())
    marks = {row.label: row.marks for row in sheet.rows if row.kind == "candidate"}
    assert marks["A"] == ("elected", "", "", "")
    assert marks["B"] == ("", "elected", "", "")
    assert marks["D"] == ("", "", "", "elected")
    assert marks["E"] == ("", "", "", "excluded")
    assert sheet.actions == ("First preferences", "Surplus of A", "Surplus of B", "Exclusion of E")


def test_rich_sheet_splits_stages_to_fit_a_narrow_terminal() -> None:
    narrow = sheet_rich(*stv_4_1(), width=60, color=False)
    assert max(len(line) for line in narrow.splitlines()) <= 60
    for stage in ("Stage 1", "Stage 2", "Stage 3", "Stage 4"):
        assert stage in narrow
    # the candidates are repeated in each block of stages
    assert narrow.count("Candidate") >= 2
    wide = sheet_rich(*stv_4_1(), width=200, color=False)
    assert wide.count("Candidate") == 1
    assert "26.31700 E" in wide


def test_rich_sheet_in_colour_has_the_same_text() -> None:
    plain = sheet_rich(*stv_4_1(), width=200, color=False)
    coloured = sheet_rich(*stv_4_1(), width=200, color=True)
    assert "\x1b[" in coloured
    assert ANSI.sub("", coloured) == plain


def test_single_stage_sheet_for_first_past_the_post() -> None:
    text = sheet_text(*fptp_1_1())
    assert "Votes" in text and "420 E" in text
    assert "Non-transferable" not in text  # one stage, nothing to transfer
    rows = rows_of(sheet_csv(*fptp_1_1()))
    assert rows["A"][1:3] == ["Party A", "420"]
    assert rows["Total"][2] == "1000"
