"""`tellers compare`: a table of rule sets, where they part ways, JSON, and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.data import shared_data

from .conftest import Run, one_error_line, write

WARD = "5_cands/aberdeenshire_2017_ward9.blt"
# A 40; B 35 (then A); C 25 (then B): first past the post elects A, AV elects B.
BLT = ("3 1", "40 1 0", "35 2 1 0", "25 3 2 0", "0", '"A"', '"B"', '"C"', '"seat"')
TIE = ("2 1", "1 1 0", "1 2 0", "0", '"A"', '"B"', '"tie"')


def rankings(tmp_path: Path) -> str:
    return write(tmp_path, "seat.blt", BLT)


def test_text_shows_each_rule_set_and_where_they_part_ways(run: Run, tmp_path: Path) -> None:
    result = run("compare", rankings(tmp_path), "--rules", "av,uk-fptp,dhondt")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Rule set" in out and "Elected, in order" in out and "Quota" in out
    table = out.split("Where they part ways")[0].splitlines()
    lines = {line.split()[0]: line for line in table if line[:1].islower()}
    assert lines["av"].split()[1] == "B" and lines["uk-fptp"].split()[1] == "A"
    assert "cannot count: rule set dhondt counts declared totals" in lines["dhondt"]
    assert "av and uk-fptp: av elects B, uk-fptp elects A" in out
    assert "first differ at stage 1" in out


def test_json_writes_numbers_as_strings(run: Run, tmp_path: Path) -> None:
    result = run("compare", rankings(tmp_path), "-r", "av,uk-fptp", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["format"] == "tellers.compare/1"
    assert document["valid_papers"] == "100"
    assert [r["elected"] for r in document["results"]] == [["B"], ["A"]]
    (part,) = document["part_ways"]
    assert part["stage"] == "1" and part["first_stage"]["votes"] == {
        "A": "40",
        "B": "35",
        "C": "25",
    }


def test_bad_rule_list_is_one_line_and_exit_1(run: Run, tmp_path: Path) -> None:
    result = run("compare", rankings(tmp_path), "-r", "av,nosuch")
    assert result.exit_code == 1
    assert "no rule set called 'nosuch'" in one_error_line(result.stderr)
    missing = run("compare", str(tmp_path / "absent.blt"), "-r", "av")
    assert missing.exit_code == 1
    one_error_line(missing.stderr)


def test_lots_and_seed_reach_every_rule_set(run: Run, tmp_path: Path) -> None:
    tie = write(tmp_path, "tie.blt", TIE)
    stopped = run("compare", tie, "-r", "av,uk-fptp")
    assert stopped.exit_code == 0
    assert stopped.stdout.count("cannot count") == 2
    drawn = run("compare", tie, "-r", "av,uk-fptp", "--lots", "B>A")
    assert "cannot count" not in drawn.stdout
    assert "Every rule set that counted elects the same members." in drawn.stdout


def test_the_scottish_ward_parts_ways_with_last_parcel_surpluses(run: Run) -> None:
    path = shared_data("scotland-local-stv-blt") / WARD
    rules = "scot-2011,wigm[surplus-papers=last-parcel]"
    result = run("compare", str(path), "--rules", rules)
    assert result.exit_code == 0, result.stderr
    assert "scot-2011 and wigm[surplus-papers=last-parcel]: scot-2011 elects Anouk" in (
        result.stdout
    )
    document = json.loads(run("compare", str(path), "-r", rules, "-f", "json").stdout)
    official, last_parcel = (set(r["elected"]) for r in document["results"])
    assert official != last_parcel


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help(run: Run, flag: str) -> None:
    assert "where their results part ways" in run("compare", flag).stdout
