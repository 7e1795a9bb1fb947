"""`tellers simulate`: the summary as text and JSON, the Parquet file, the plot, and errors."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import EXAMPLES, Run, one_error_line

SMALL = ("--model", "ic", "--candidates", "4", "--voters", "25", "--runs", "300", "--seed", "9")


def test_text_lists_each_measure_with_its_interval(run: Run) -> None:
    result = run("simulate", *SMALL, "--rules", "uk-fptp,av,borda")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("300 runs: model ic, candidates 4, voters 25")
    for name in ("no_condorcet_winner", "condorcet_efficiency:av", "agreement:uk-fptp:borda"):
        assert name in out


def test_json_has_measures_and_intervals(run: Run) -> None:
    result = run("simulate", *SMALL, "--measure", "condorcet,first-share", "--format", "json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["format"] == "tellers.simulate/1"
    value = summary["measures"]["no_condorcet_winner"]
    low, high = summary["intervals"]["no_condorcet_winner"]
    assert isinstance(value, float) and low <= value <= high
    assert summary["measured"]["no_condorcet_winner"] == 300
    assert summary["parameters"]["seed"] == 9
    assert "first_share:av" in summary["measures"]


def test_jobs_do_not_change_a_byte(run: Run, tmp_path: Path) -> None:
    outputs = []
    for jobs in ("1", "2"):
        parquet = tmp_path / f"runs-{jobs}.parquet"
        result = run(
            "simulate", *SMALL, "--rules", "uk-fptp,av", "--jobs", jobs, "--format", "json",
            "--output", str(parquet),
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        outputs.append((result.stdout, parquet.read_bytes()))
    assert outputs[0] == outputs[1]


def test_parquet_has_a_row_per_run(run: Run, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    parquet = tmp_path / "runs.parquet"
    result = run("simulate", *SMALL, "--output", str(parquet))
    assert result.exit_code == 0, result.stderr
    table = pq.read_table(parquet)
    assert table.num_rows == 300
    assert table.column("run").to_pylist() == list(range(300))
    assert set(table.column("seed").to_pylist()) == {9}
    winners = table.column("winners:av").to_pylist()
    assert all(len(w) == 1 and 1 <= w[0] <= 4 for w in winners)


def test_plot_is_written(run: Run, tmp_path: Path) -> None:
    png = tmp_path / "agreement.png"
    result = run("simulate", *SMALL, "--rules", "uk-fptp,av,borda", "--plot", str(png))
    assert result.exit_code == 0, result.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tmp_path / "agreement.svg"
    result = run("simulate", *SMALL, "--plot", str(svg), "--plot-measure", "lots:av")
    assert result.exit_code == 0, result.stderr
    assert b"<svg" in svg.read_bytes()[:400]


def test_bootstrap_resamples_a_file(run: Run) -> None:
    ward = str(EXAMPLES / "generated-ward.blt")
    result = run(
        "simulate", "--model", "bootstrap", "--from", ward, "--seats", "4", "--runs", "20",
        "--rules", "scot-2011,ni-1985", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["parameters"]["candidates"] == 9
    assert summary["parameters"]["source"] == ward
    assert 0 <= summary["measures"]["agreement:scot-2011:ni-1985"] <= 1


def test_mistakes_are_one_line(run: Run, tmp_path: Path) -> None:
    cases = [
        (("--rules", "uk-fptp,nonsense"), "no rule set called 'nonsense'"),
        (("--rules", "av", "--seats", "2"), "elects one member"),
        (("--measure", "beauty"), "no measure 'beauty'"),
        (("--phi", "0.5"), "phi"),
        (("--runs", "0"), "at least one run"),
        (("--plot", str(tmp_path / "a.pdf")), ".png or .svg"),
    ]
    for extra, message in cases:
        result = run("simulate", *SMALL, *extra)
        assert result.exit_code == 1, (extra, result.stdout)
        assert message in one_error_line(result.stderr), (extra, result.stderr)
    result = run("simulate", "--model", "bootstrap", "--runs", "3")
    assert result.exit_code == 1
    assert "--from" in one_error_line(result.stderr)
    result = run("simulate", "--model", "mallows", "--candidates", "3")
    assert result.exit_code == 1
    assert "--voters" in one_error_line(result.stderr)
