"""`tellers count`: formats, lots, seeds, many files, and errors as one line."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tellers.service import default_jobs

from .conftest import EXAMPLES, Run, one_error_line, write

# Spec 01 example 1.3: a two-member ward, B and C tie for the second seat.
TIE = ("Ward: Worked example 1.3", "Seats: 2", "A 500", "B 450", "C 450", "D 300")
# Spec 01 example 1.1.
FPTP = (
    "Ward: Worked example 1.1",
    "A (Party A) 420",
    "B (Party B) 380",
    "C (Party C) 200",
    "Rejected (want of official mark): 1",
    "Rejected (too many votes): 3",
    "Rejected (voter identifiable): 0",
    "Rejected (unmarked or void for uncertainty): 6",
    "Electorate: 2,500",
)


def test_text_gives_the_declaration_and_the_stage_sheet(run: Run, tmp_path: Path) -> None:
    result = run("count", write(tmp_path, "ex11.txt", FPTP))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "DECLARATION OF RESULT OF POLL" in out
    assert "40 (4.0% of valid votes)" in out
    assert "Ballot papers counted  1,010" in out
    assert "40.4%" in out and "40.0%" in out
    assert "stage sheet" in out
    assert result.stderr == ""


def test_lots_replay_decides_the_tie(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, "tie.txt", TIE)
    c_wins = run("count", path, "--lots", "C>B", "--format", "json")
    b_wins = run("count", path, "--lots", "B>C", "--format", "json")
    assert c_wins.exit_code == 0 and b_wins.exit_code == 0
    assert json.loads(c_wins.stdout)["elected"] == ["A", "C"]
    assert json.loads(b_wins.stdout)["elected"] == ["A", "B"]
    text = run("count", path, "--lots", "C>B").stdout
    assert "an additional vote was allotted to C" in text
    assert "how: supplied" in text


def test_a_needed_lot_stops_the_count_with_one_line(run: Run, tmp_path: Path) -> None:
    result = run("count", write(tmp_path, "tie.txt", TIE))
    assert result.exit_code == 1
    line = one_error_line(result.stderr)
    assert "a lot is needed between B and C" in line
    assert "--lots" in line and "--seed" in line
    assert result.stdout == ""


def test_seed_draws_the_lot_and_is_printed(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, "tie.txt", TIE)
    result = run("count", path, "--seed", "42")
    assert result.exit_code == 0, result.stderr
    assert "seed 42" in result.stdout
    document = json.loads(run("count", path, "--seed", "42", "--format", "json").stdout)
    assert document["lots"][0]["how"] == "seed 42"
    assert document["lot_provider"] == "seed 42"
    assert document["elected"][0] == "A" and document["elected"][1] in {"B", "C"}
    again = json.loads(run("count", path, "--seed", "42", "--format", "json").stdout)
    assert again == document


def test_seed_is_printed_when_no_lot_is_needed(run: Run, tmp_path: Path) -> None:
    result = run("count", write(tmp_path, "ex11.txt", FPTP), "--seed", "7")
    assert result.exit_code == 0
    assert "seed 7" in result.stdout


def test_supplied_lot_first_then_the_seed(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, "tie.txt", TIE)
    result = run("count", path, "--lots", "C>B", "--seed", "1", "--format", "json")
    lot = json.loads(result.stdout)["lots"][0]
    assert lot["how"] == "supplied, then seed 1"
    assert lot["order"] == ["C", "B"]


def test_an_unneeded_lot_is_a_warning(run: Run, tmp_path: Path) -> None:
    result = run("count", write(tmp_path, "ex11.txt", FPTP), "--lots", "B>C")
    assert result.exit_code == 0
    assert "warning" in result.stderr and "B>C" in result.stderr


def test_json_lines_one_document_a_file_in_order(run: Run, tmp_path: Path) -> None:
    files = [
        write(tmp_path, "ex11.txt", FPTP),
        str(EXAMPLES / "generated-ward.blt"),
        write(tmp_path, "tie.txt", TIE),
    ]
    result = run("count", *files, "--format", "json", "--lots", "C>B")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # the lot was needed by one of the files: no warning
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    documents = [json.loads(line) for line in lines]
    assert [d["format"] for d in documents] == ["tellers.count/1"] * 3
    assert [d["source"] for d in documents] == files
    assert documents[1]["contest"]["rules"] == "scot-2011"


def test_many_files_carry_on_past_a_failure(run: Run, tmp_path: Path) -> None:
    good = write(tmp_path, "ex11.txt", FPTP)
    bad = write(tmp_path, "tie.txt", TIE)
    result = run("count", good, bad, good, "--format", "json")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2
    line = one_error_line(result.stderr)
    assert bad in line and "a lot is needed" in line


def test_many_files_as_text_one_block_each(run: Run, tmp_path: Path) -> None:
    first = write(tmp_path, "ex11.txt", FPTP)
    second = write(tmp_path, "tie.txt", TIE)
    result = run("count", first, second, "--lots", "C>B")
    assert result.exit_code == 0
    assert result.stdout.count("DECLARATION OF RESULT OF POLL") == 2
    assert result.stdout.index(f"==> {first} <==") < result.stdout.index(f"==> {second} <==")


def test_standard_input(run: Run) -> None:
    result = run("count", "-", "--format-in", "declared", input="\n".join(FPTP) + "\n")
    assert result.exit_code == 0, result.stderr
    assert "Elected: A (Party A)" in result.stdout


def test_rules_option_overrides_the_readers_choice(run: Run) -> None:
    ward = str(EXAMPLES / "generated-ward.blt")
    result = run("count", ward, "--rules", "uk-fptp", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["contest"]["rules"] == "uk-fptp"


def test_unknown_rule_set_lists_the_known_ones(run: Run, tmp_path: Path) -> None:
    result = run("count", write(tmp_path, "ex11.txt", FPTP), "--rules", "no-such-rules")
    assert result.exit_code == 1
    line = one_error_line(result.stderr)
    assert "no-such-rules" in line and "uk-fptp" in line and "scot-2011" in line


def test_an_option_without_a_value_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    result = run("count", write(tmp_path, "ex11.txt", FPTP), "--option", "truncation")
    assert result.exit_code == 2
    assert "KEY=VALUE" in result.stderr


def test_an_unknown_option_of_the_rule_set(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, "ex11.txt", FPTP)
    result = run("count", path, "--rules", "uk-fptp", "--option", "colour=red")
    assert result.exit_code == 1
    assert "no option 'colour'" in one_error_line(result.stderr)
    # without --rules the option is checked against the reader's rule set
    result = run("count", path, "--option", "colour=red")
    assert result.exit_code == 1
    assert "colour" in one_error_line(result.stderr)


def test_a_bad_option_value(run: Run) -> None:
    ward = str(EXAMPLES / "generated-ward.blt")
    result = run("count", ward, "--option", "truncation=sideways")
    assert result.exit_code == 1
    assert "truncation" in one_error_line(result.stderr)


def test_an_unknown_input_format_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    result = run("count", write(tmp_path, "ex11.txt", FPTP), "--format-in", "nope")
    assert result.exit_code == 2
    assert "declared" in result.stderr


def test_a_missing_file(run: Run, tmp_path: Path) -> None:
    result = run("count", str(tmp_path / "missing.blt"))
    assert result.exit_code == 1
    assert "missing.blt" in one_error_line(result.stderr)


def test_a_lot_naming_one_candidate(run: Run, tmp_path: Path) -> None:
    result = run("count", write(tmp_path, "tie.txt", TIE), "--lots", "C")
    assert result.exit_code == 1
    assert "at least two" in one_error_line(result.stderr)


def test_no_file_is_a_usage_error(run: Run) -> None:
    assert run("count").exit_code == 2


def test_seats_from_the_command_line(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, "tie.txt", TIE)
    result = run("count", path, "--seats", "1", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["elected"] == ["A"]


def test_a_pool_only_for_many_files_with_much_to_count(tmp_path: Path) -> None:
    small = [write(tmp_path, f"s{i}.txt", FPTP) for i in range(20)]
    assert default_jobs(small[:8]) == 1
    assert default_jobs(small) == 1  # 20 files, but a few kilobytes in all
    big = []
    for i in range(9):
        path = tmp_path / f"b{i}.txt"
        path.write_bytes(b"#" * 500_000)
        big.append(str(path))
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert default_jobs(big) == min(cpus or 1, 9)


def test_a_lot_naming_someone_not_standing_is_refused(run: Run, tmp_path: Path) -> None:
    # Spec 01 example 1.3 has candidates A, B, C and D: Zed does not stand.
    result = run("count", write(tmp_path, "tie.txt", TIE), "--lots", "B>Zed")
    assert result.exit_code == 1
    line = one_error_line(result.stderr)
    assert "Zed" in line and "not a standing candidate" in line
    assert result.stdout == ""


def test_a_lot_naming_someone_not_in_the_tie_is_refused(run: Run, tmp_path: Path) -> None:
    # B and C tie for the second seat; A stands but is not in the tie.
    for order in ("B>A", "C>B>A"):
        result = run("count", write(tmp_path, "tie.txt", TIE), "--lots", order)
        assert result.exit_code == 1, order
        line = one_error_line(result.stderr)
        assert "A is not in the tie between B and C" in line, line
        assert result.stdout == ""


def test_a_declared_line_whose_votes_do_not_parse_stops_the_count(run: Run) -> None:
    # Was: counted, with "Jane Doe (Labour) 12x" as the title and John Roe elected unopposed.
    text = "Jane Doe (Labour) 12x\nJohn Roe (Green) 10\n"
    result = run("count", "-", input=text)
    assert result.exit_code == 1
    line = one_error_line(result.stderr)
    assert line.startswith("tellers: <stdin>:1: ") and "'12x'" in line
    assert result.stdout == ""


def test_the_irish_2002_files_as_published(run: Run) -> None:
    from tests.data import shared_data

    folder = shared_data("ireland-2002-evoting-stv")
    # Was: "cannot tell which format this is". The elected: the README's press reports.
    west = run("count", str(folder / "DublinWest.txt"), "--seats", "3", "--format", "json")
    assert west.exit_code == 0, west.stderr
    assert set(json.loads(west.stdout)["elected"]) == {"Higg", "Leni", "Burt"}
    meath = run("count", str(folder / "Meath2002.json"), "--format", "json")
    assert meath.exit_code == 0, meath.stderr
    elected = set(json.loads(meath.stdout)["elected"])
    assert {"John Bruton", "Damien English", "Noel Dempsey", "Johnny Brady"} < elected
    unseated = run("count", str(folder / "dnorth.txt"))
    assert unseated.exit_code == 1
    assert "give it with --seats N" in one_error_line(unseated.stderr)


def test_vendor_cast_vote_records_without_a_configuration(run: Run) -> None:
    from tests.data import shared_data

    suite = shared_data("rctab-test-data")
    # RCTab's expected winners for these cases (their *_expected_detailed_report.json)
    dominion = run("count", str(suite / "_shared/dominion_alaska/alaska_input_data"), "-f", "json")
    assert dominion.exit_code == 0, dominion.stderr
    assert json.loads(dominion.stdout)["elected"] == ["Tom Steyer"]
    hart = suite / "_shared/hart_cvr_archive"
    several = run("count", str(hart))
    assert several.exit_code == 1 and "name one with --contest" in one_error_line(several.stderr)
    chosen = run("count", str(hart), "--contest", "CEDAR PARK SCHOOL BOARD", "-f", "json")
    assert chosen.exit_code == 0, chosen.stderr
    assert json.loads(chosen.stdout)["elected"] == ["Steve Carlson"]


def test_options_a_configuration_would_ignore_are_refused(run: Run, tmp_path: Path) -> None:
    result = run("count", "--rctab-config", str(tmp_path / "c.json"), "--seats", "2")
    assert result.exit_code == 2
    assert "--seats cannot go with --rctab-config" in result.stderr


def test_the_advice_in_a_reading_note_runs_as_written(run: Run) -> None:
    # Burlington 2009: the default reading's note says how to count the ties as overvotes;
    # the options it names, given as written, reproduce the official final round
    # (Kiss 4,313, Wright 4,061: the 2009 Burlington Mayor Detail Report).
    from tests.data import shared_data

    path = str(shared_data("us-burlington-vt-2009-mayor-irv") / "00005-00000002.toi")
    note = json.loads(run("count", path, "--format", "json").stdout)["notes"][0]
    advice = " ".join(note.split())
    assert "-F preflib-cvr" in advice and "--option overvote-rule=" in advice
    counted = run(
        "count",
        path,
        "-F",
        "preflib-cvr",
        "--rules",
        "rctab",
        "--option",
        "overvote-rule=exhaustIfMultipleContinuing",
        "--format",
        "json",
    )
    assert counted.exit_code == 0, counted.stderr
    last = json.loads(counted.stdout)["stages"][-1]
    assert [last["votes"]["Bob Kiss"], last["votes"]["Kurt Wright"]] == ["4313.0000", "4061.0000"]
    assert last["non_transferable"] == "606.0000"
