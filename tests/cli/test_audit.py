"""``tellers audit`` through click's runner, against independent figures.

Expected values:

* Rivest's sampler: the test vectors of Jerdonek's ``rivest-sampler-tests``
  (``tests.json`` 0.2.0-alpha, checked there against Rivest's ``sampler.py`` of
  14 November 2011) and the transcript in that program's docstring (seed
  3546311556112163624615351222, 876 papers, without replacement);
* consistent sampling: the ``consistent_sampler`` package run side by side;
* plans: spec 09's worked examples (BRAVO ASN 119 at 600 v 400, α = 10%;
  super-simple 125 at 525 v 475, α = 5%) and the closed form worked by hand;
* rounds: BRAVO worked by hand (s = 0.6: a paper for the winner multiplies T by
  1.2, one for the loser by 0.8) and super-simple's P-value by hand.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from .conftest import EXAMPLES, Run, one_error_line, write

SEED = "3546311556112163624615351222"
TRANSCRIPT_START = [740, 180, 264, 789, 238, 448, 272, 611, 761, 208, 596, 88]


def _lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if not line.startswith("#")]


# -- sample --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "papers", "expected"),
    [
        ("1", 1000, [97, 89, 163]),
        ("0", 2, [1, 1, 2]),
        ("0000000000", 1000, [978, 359, 132]),
        (SEED, 876, [740, 180, 264, 789, 238]),
        ("snowman: \u2603", 1000, [634, 56, 46]),
    ],
)
def test_sample_reproduces_rivests_vectors(
    run: Run, seed: str, papers: int, expected: list[int]
) -> None:
    result = run(
        "audit", "sample", "--seed", seed, "--ballots", str(papers), "--count", str(len(expected))
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Rivest's sampler.py (2011)")
    assert [int(x) for x in _lines(result.output)] == expected


def test_sample_unique_follows_the_transcript(run: Run) -> None:
    result = run("audit", "sample", "--seed", SEED, "--ballots", "876", "--count", "12", "--unique")
    assert result.exit_code == 0, result.output
    assert "without repeats" in result.output.splitlines()[0]
    assert [int(x) for x in _lines(result.output)] == TRANSCRIPT_START


def test_sample_consistent_against_the_package(run: Run) -> None:
    consistent_sampler = pytest.importorskip("consistent_sampler")
    ids = [str(k) for k in range(1, 501)]
    for unique in (False, True):
        theirs = list(
            consistent_sampler.sampler(
                ids, seed="01382438112797316654", with_replacement=not unique, take=40,
                output="id",
            )
        )  # fmt: skip
        args = ["--unique"] if unique else []
        result = run(
            "audit", "sample", "--seed", "01382438112797316654", "--ballots", "500",
            "--count", "40", "--sampler", "consistent", "-f", "json", *args,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        document = json.loads(result.output)
        assert document["sampler"] == "consistent"
        assert [str(d["ballot"]) for d in document["draws"]] == theirs


def test_sample_from_a_manifest_prints_batch_and_position(run: Run, tmp_path: Path) -> None:
    # seed "1" over 1..1000 draws 97, 89, 163 (Rivest's vectors): in batches of 100 and 900
    # those are A 97, A 89 and B 63
    manifest = write(tmp_path, "m.csv", ["Batch Name,Number of Ballots", "A,100", "B,900"])
    result = run("audit", "sample", "--seed", "1", "--manifest", manifest, "--count", "3")
    assert result.exit_code == 0, result.output
    assert _lines(result.output) == ["A, 97", "A, 89", "B, 63"]
    sheet = run("audit", "sample", "--seed", "1", "--manifest", manifest, "--count", "3",
                "-f", "sheet")  # fmt: skip
    assert sheet.output.splitlines() == [
        "draw,ballot,batch,position,marks",
        "1,97,A,97,",
        "2,89,A,89,",
        "3,163,B,63,",
    ]


def test_sample_errors(run: Run, tmp_path: Path) -> None:
    bad = write(tmp_path, "m.csv", ["Batch Name,Number of Ballots", "A,100", "B,lots"])
    result = run("audit", "sample", "--seed", "1", "--manifest", bad, "--count", "3")
    assert result.exit_code == 1
    assert one_error_line(result.stderr) == (
        f"tellers: {bad}:3: expected the number of ballots (a whole number), found 'lots'"
    )
    both = run(
        "audit", "sample", "--seed", "1", "--ballots", "5", "--manifest", bad, "--count", "1"
    )
    assert both.exit_code == 2
    many = run("audit", "sample", "--seed", "1", "--ballots", "5", "--count", "6", "--unique")
    assert many.exit_code == 1
    assert "expected at most 5 papers without repeats" in many.stderr


# -- plan ----------------------------------------------------------------------------------


def _plan(run: Run, *args: str) -> dict[str, object]:
    result = run("audit", "plan", *args, "-f", "json")
    assert result.exit_code == 0, result.output
    document: dict[str, object] = json.loads(result.output)
    return document


def test_plan_ballot_polling_is_bravos_asn(run: Run) -> None:
    # spec 09 §9.3: 600 v 400 of 1,000 at α = 10%: ASN = 2.3937 / 0.02014 ≈ 119
    document = _plan(run, "--votes", "600,400", "--risk-limit", "10%")
    assert document["papers"] == 1000
    assert document["expected_sample_size"] == "119"
    (assertion,) = document["assertions"]  # type: ignore[misc]
    assert assertion["risk_function"] == "bravo"
    assert assertion["margin"] == "200"
    quantiles = document["quantiles"]
    assert isinstance(quantiles, dict)
    assert int(quantiles["50%"]) <= 119 <= int(quantiles["90%"])


def test_plan_comparison_is_the_super_simple_bound(run: Run) -> None:
    # spec 09 §9.4: 525 v 475 of 1,000 at α = 5%: n = ⌈2 × 1.03905 × 2.99573 / 0.05⌉ = 125
    document = _plan(run, "--votes", "525,475", "--risk-limit", "0.05", "--method", "comparison")
    assert document["expected_sample_size"] == "125"
    # the simulated audit stops where the Kaplan–Markov product itself first reaches α,
    # without the closed form's ln(1 - μ/2γ) ≈ -μ/2γ: ⌈ln 0.05 / ln(1 - 0.05/2.0781)⌉
    # = ⌈2.99573 / 0.024354⌉ = ⌈123.007⌉ = 124
    assert document["quantiles"] == {"50%": "124", "90%": "124"}
    # 2,000 papers cast: μ = 50/2000 = 0.025, n = ⌈6.22549 / 0.025⌉ = ⌈249.02⌉ = 250
    diluted = _plan(run, "--votes", "Ann=525,Bob=475", "--ballots", "2000", "--risk-limit",
                    "0.05", "--method", "comparison")  # fmt: skip
    assert diluted["expected_sample_size"] == str(math.ceil(-2 * 1.03905 * math.log(0.05) / 0.025))
    assert diluted["expected_sample_size"] == "250"
    assert diluted["assertions"][0]["assertion"] == "Ann has more votes than Bob"  # type: ignore[index]


def test_plan_text_of_a_file_per_assertion(run: Run) -> None:
    # spec 01 worked example 1.1: A 420, B 380, C 200 of 1,000 valid
    result = run("audit", "plan", str(EXAMPLES / "worked-example-1.1-fptp.txt"),
                 "--risk-limit", "5%")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "A has more votes than B" in result.output
    assert "A has more votes than C" in result.output
    # A v B: margin 40 of 1,000: BRAVO's ASN (ln 20 + ln(1.05)/2)/(0.42 ln 1.05 - 0.38 ln 0.95)
    # = 3.0201 / 0.000997 ≈ 3,029 > 1,000 papers: a full hand count
    assert "Contest: a full hand count (1,000 papers)" in result.output


def test_plan_of_an_stv_count_says_it_is_not_an_rla(run: Run) -> None:
    result = run("audit", "plan", str(EXAMPLES / "generated-ward.blt"), "--risk-limit", "5%",
                 "--trials", "20")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "NOT A RISK-LIMITING AUDIT OF WHO WAS ELECTED" in result.output
    assert "no sound risk-limiting audit of an STV outcome is published" in result.output


def test_plan_of_a_stored_result(run: Run, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    ballot = "local.example.ward-a.2014-05-22"
    ward = write(tmp_path, "ward.txt", ["Ward: Ward A", "Seats: 1", "Ann 600", "Bob 400",
                                        "Valid: 1000"])  # fmt: skip
    added = run("results", "--db", db, "add", ward, "--id", ballot, "--source", "test")
    assert added.exit_code == 0, added.output
    document = json.loads(
        run("audit", "--db", db, "plan", ballot, "--risk-limit", "0.1", "-f", "json").output
    )
    assert document["expected_sample_size"] == "119"
    missing = run("audit", "--db", db, "plan", "local.nowhere.2014-05-22", "--risk-limit", "0.1")
    assert missing.exit_code == 1
    assert "local.nowhere.2014-05-22: expected a file or the results store holding a result" in (
        missing.stderr
    )


def test_plan_usage_errors(run: Run) -> None:
    assert run("audit", "plan", "--risk-limit", "0.1").exit_code == 2
    assert run("audit", "plan", "--votes", "6,4", "--risk-limit", "1.5").exit_code == 2
    bad = run("audit", "plan", "--votes", "6,x", "--risk-limit", "0.1")
    assert bad.exit_code == 1
    assert "--votes: expected whole numbers such as 600,400" in bad.stderr


# -- run and rounds ------------------------------------------------------------------------


@pytest.fixture
def ward(tmp_path: Path) -> dict[str, str]:
    """Ann 300, Bob 200 of 500 papers in two boxes of 250; the first draws of seed "1"
    over 1..500 are papers 97, 89, 163, 65 (``tellers audit sample``)."""
    return {
        "result": write(
            tmp_path,
            "ward.txt",
            ["Ward: Test ward", "Seats: 1", "Ann 300", "Bob 200", "Valid: 500"],
        ),
        "manifest": write(
            tmp_path, "m.csv", ["Batch Name,Number of Ballots", "Box 1,250", "Box 2,250"]
        ),
        "db": str(tmp_path / "audit.db"),
        "folder": str(tmp_path),
    }


def _run(run: Run, ward: dict[str, str], sheet: str, *args: str) -> tuple[int, str, str]:
    result = run(
        "audit", "--db", ward["db"], "run", ward["result"], "--manifest", ward["manifest"],
        "--seed", "1", "--risk-limit", "0.1", "--sampled", sheet, *args,
    )  # fmt: skip
    return result.exit_code, result.stdout, result.stderr


def test_first_draws_of_the_fixture(run: Run) -> None:
    result = run("audit", "sample", "--seed", "1", "--ballots", "500", "--count", "6")
    assert _lines(result.output) == ["97", "89", "163", "65", "320", "336"]


def test_a_round_by_hand_is_recorded(run: Run, ward: dict[str, str]) -> None:
    folder = Path(ward["folder"])
    sheet = write(folder, "s.csv", ["ballot,marks", "97,Ann", "89,Ann", "163,Bob", "65,"])
    code, out, err = _run(run, ward, sheet)
    assert code == 0, err
    # T = 1.2, 1.44, 1.152, 1.152: risk 1/1.44 = 0.694444; ASN at α = 0.1 × 1.44 = 0.144:
    # (ln(1/0.144) + ln(1.2)/2) / (0.6 ln 1.2 + 0.4 ln 0.8) = 2.02905 / 0.020136 = 100.77
    assert "0.694444" in out
    assert "largest: 1.44 (draw 2)" in out
    assert "Decision: draw more papers: about 101 more draws" in out
    assert "papers by assorter value: 2 at 1, 1 at 1/2, 1 at 0" in out
    code, out, err = _run(run, ward, sheet, "-f", "json")
    report = json.loads(out)
    assert report["round"] == 2
    assert report["sample"][2] == {
        "draw": 3,
        "ballot": 163,
        "batch": "Box 1",
        "position": 163,
        "marks": "Bob",
    }
    listed = run("audit", "--db", ward["db"], "rounds", ward["result"])
    assert listed.exit_code == 0, listed.output
    assert "2 rounds" in listed.output
    assert "draw more papers (101 more)" in listed.output
    again = run("audit", "--db", ward["db"], "rounds", ward["result"], "--round", "1")
    assert "Round 1 of the audit of Test ward" in again.output


def test_a_round_that_meets_the_risk_limit(run: Run, ward: dict[str, str]) -> None:
    # every paper read as Ann: T = 1.2^k reaches 1/0.1 = 10 at k = 13 (1.2^12 = 8.9,
    # 1.2^13 = 10.7)
    drawn = run("audit", "sample", "--seed", "1", "--ballots", "500", "--count", "13")
    numbers = _lines(drawn.output)
    sheet = write(Path(ward["folder"]), "s.csv", ["ballot,marks", *(f"{k},Ann" for k in numbers)])
    code, out, err = _run(run, ward, sheet, "-f", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["draws"] == 13
    assert report["decision"] == "risk limit met"
    assert float(report["assertions"][0]["risk"]) == pytest.approx(1.2**-13, rel=1e-5)


def test_a_comparison_round(run: Run, ward: dict[str, str]) -> None:
    # CVRs: papers 1..300 Ann, 301..500 Bob. The auditors read paper 97 (CVR Ann) as Bob:
    # a two-vote overstatement. μ = 100/500 = 0.2, γ = 1.03905, 4 papers:
    # P = (1 - 0.2/2.0781)^4 / (1 - 1/1.03905) = 0.66759 / 0.037582 > 1: risk 1
    folder = Path(ward["folder"])
    records = [f"{k},{'Ann' if k <= 300 else 'Bob'}" for k in range(1, 501)]
    cvrs = write(folder, "cvrs.csv", ["ballot,marks", *records])
    sheet = write(folder, "s.csv", ["ballot,marks", "97,Bob", "89,Ann", "163,Ann", "65,Ann"])
    code, out, err = _run(run, ward, sheet, "--method", "comparison", "--cvrs", cvrs, "-f",
                          "json")  # fmt: skip
    assert code == 0, err
    report = json.loads(out)
    (assertion,) = report["assertions"]
    assert assertion["discrepancies"] == {"o1": 0, "o2": 1, "u1": 0, "u2": 0}
    assert float(assertion["risk"]) == 1.0
    # without the overstatement: P = (1 - 0.2/2.0781)^4 = 0.66759
    clean = write(folder, "clean.csv", ["ballot,marks", "97,Ann", "89,Ann", "163,Ann", "65,Ann"])
    code, out, err = _run(run, ward, clean, "--method", "comparison", "--cvrs", cvrs, "-f", "json")
    assert float(json.loads(out)["assertions"][0]["risk"]) == pytest.approx(
        (1 - 0.2 / (2 * 1.03905)) ** 4, rel=1e-5
    )


def test_round_errors_name_the_line(run: Run, ward: dict[str, str]) -> None:
    folder = Path(ward["folder"])
    stray = write(folder, "stray.csv", ["ballot,marks", "97,Ann", "89,Ann", "400,Bob"])
    code, _, err = _run(run, ward, stray)
    assert code == 1
    assert one_error_line(err) == (
        f"tellers: {stray}:4: paper 400 is not among the 2 draws of the sample read so far; "
        "draw 3 is paper 163, which the sheet does not hold"
    )
    unknown = write(folder, "unknown.csv", ["ballot,marks", "97,Ann", "89,Zed"])
    _, _, err = _run(run, ward, unknown)
    assert (
        one_error_line(err)
        == f"tellers: {unknown}:3: expected a candidate of Test ward, found 'Zed'"
    )
    twice = write(folder, "twice.csv", ["ballot,marks", "97,Ann", "97,Bob"])
    code, _, err = _run(run, ward, twice)
    assert "twice.csv:3: expected one reading of paper 97, found a second (first at line 2)" in err
    none = write(folder, "none.csv", ["ballot,marks", "89,Ann"])
    code, _out, err = _run(run, ward, none)
    assert code == 1
    assert "paper 89 is not among the 0 draws" in err
    # nothing was recorded by the failed rounds
    listed = run("audit", "--db", ward["db"], "rounds", ward["result"])
    assert "No rounds recorded" in listed.output


def test_an_overvote_in_a_vote_for_one_contest_is_void(run: Run, ward: dict[str, str]) -> None:
    # paper 97 marked for Ann and Bob is void: it counts 1/2, leaving T at 1 after draw 1
    sheet = write(Path(ward["folder"]), "s.csv", ["ballot,marks", "97,Ann>Bob", "89,Ann"])
    code, out, err = _run(run, ward, sheet, "-f", "json")
    assert code == 0, err
    assertion = json.loads(out)["assertions"][0]
    assert assertion["observed"] == {"1": 1, "1/2": 1}
    assert float(assertion["risk"]) == pytest.approx(1 / 1.2)


def test_plan_of_a_missing_file_makes_no_store(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELLERS_DB", raising=False)
    result = run("audit", "plan", "nosuchfile.txt", "--risk-limit", "5%")
    assert result.exit_code == 1
    assert one_error_line(result.stderr) == (
        "tellers: nosuchfile.txt: expected a file holding a result: none found"
    )
    assert not (tmp_path / "tellers.db").exists()


def test_plan_batch_comparison(run: Run, tmp_path: Path) -> None:
    # 100 batches of 10 papers holding the reported shares, 600 v 400: each batch's error
    # bound u_p = (6 - 4 + 10)/200 = 0.06, U = 6; batches to draw with no overstatement
    # ⌈ln 0.05 / ln(1 - 1/6)⌉ = ⌈16.43⌉ = 17, expected papers 17 × Σb²/N = 17 × 10 = 170
    manifest = write(
        tmp_path, "m.csv", ["Batch Name,Number of Ballots", *(f"B{i},10" for i in range(100))]
    )
    document = _plan(run, "--votes", "600,400", "--risk-limit", "5%", "--method",
                     "batch-comparison", "--manifest", manifest)  # fmt: skip
    assert document["expected_sample_size"] == "170"
    (assertion,) = document["assertions"]  # type: ignore[misc]
    assert assertion["risk_function"] == "macro"
    # 17 draws of 100 batches: at most 17 distinct batches, 170 papers
    assert int(assertion["quantiles"]["90%"]) <= 170


def test_plan_supermajority(run: Run) -> None:
    # A 600 of 1,000 against a 55% supermajority: the assorter gives u = 1/(2 × 0.55) to a
    # vote for A; mean 0.6u = 0.54545, margin 2 × 0.54545 - 1 = 0.090909, diluted by u:
    # 0.090909 × 1.1 = 0.1, in papers 0.1 × 1,000 = 100
    document = _plan(run, "--votes", "600,400", "--risk-limit", "5%", "--supermajority", "55%")
    (assertion,) = document["assertions"]  # type: ignore[misc]
    assert assertion["assertion"] == "A has more than 55% of the valid votes"
    assert assertion["risk_function"] == "alpha"
    assert assertion["margin"] == "100"


def test_a_supermajority_round_runs_alpha(run: Run, ward: dict[str, str]) -> None:
    # Ann 300 of 500 against 55%: u = 1/1.1 = 0.909091, η0 = 0.6u = 0.545454, d = 100,
    # c = (η0 - 1/2)/2. Two papers for Ann: T1 = η1/t = 1.090909 (η1 = η0);
    # η2 = (100 η0 + u)/101 = 0.549055, T2 = 1.090909 × 0.549055/0.5 = 1.197937: risk 0.834768.
    # More papers: Wald's approximation at α' = 0.1/0.834768 = 0.119794, with the growth
    # 0.6 ln(η0/t) + 0.4 ln((u - η0)/(u - t)) = 0.0522068 - 0.0471132 = 0.0050936:
    # ln(1/0.119794)/0.0050936 = 2.12199/0.0050936 = 416.6, so 417.
    sheet = write(Path(ward["folder"]), "s.csv", ["ballot,marks", "97,Ann", "89,Ann"])
    code, out, err = _run(run, ward, sheet, "--supermajority", "55%", "-f", "json")
    assert code == 0, err
    report = json.loads(out)
    (assertion,) = report["assertions"]
    assert assertion["risk_function"] == "alpha"
    assert float(assertion["risk"]) == pytest.approx(0.834768, abs=2e-6)
    assert report["next_draws"] == 417
