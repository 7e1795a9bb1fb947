"""The stage sheet (text, rich), checked against spec 04 example 4.1."""

from __future__ import annotations

import re

from tellers.report import sheet_rich, sheet_text, stage_sheet

from .counts import fptp_1_1, stv_4_1

ANSI = re.compile(r"\x1b\[[0-9;]*m")


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
    # a candidate's row on every page of stages, read together
    line_b = " ".join(line for line in text.splitlines() if line.startswith("B "))
    assert "+7.31700" in line_b and "26.31700 E" in line_b and "-0.31700" in line_b
    line_e = " ".join(line for line in text.splitlines() if line.startswith("E "))
    assert "0.00000 X" in line_e and "Excluded (stage 4)" in line_e
    assert "E elected at this stage; X excluded at this stage" in text


def test_text_sheet_fits_100_columns_in_pages_of_stages() -> None:
    text = sheet_text(*stv_4_1())
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "Page 1 of 2: stages 1-3" in text and "Page 2 of 2: stage 4" in text
    # every page lists every candidate and the reserved rows
    assert sum(line.startswith("A ") for line in text.splitlines()) == 2
    assert sum(line.startswith("Total ") for line in text.splitlines()) == 2
    wide = sheet_text(*stv_4_1(), width=200)
    assert "Page" not in wide and sum(line.startswith("A ") for line in wide.splitlines()) == 1


def test_long_names_wrap_and_no_party_is_doubled() -> None:
    from tellers.report._common import label, wrap

    assert label("Yvonne ALLAN (Lab)", "Lab") == "Yvonne ALLAN (Lab)"
    assert label("Yvonne ALLAN", "Lab") == "Yvonne ALLAN (Lab)"
    assert label("Yvonne ALLAN", None) == "Yvonne ALLAN"
    assert wrap("Richard Alan MACMILLAN (Liberal Democrats)", 26) == [
        "Richard Alan MACMILLAN",
        "(Liberal Democrats)",
    ]


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
