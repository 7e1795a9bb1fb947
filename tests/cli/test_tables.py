"""`tellers count --format csv|parquet|arrow --output`: the tidy table, read back.

The Scottish ward's figures are checked against the council's declaration as
transcribed in ``../shared/data/scotland-2017-official-stage-results`` (the
ballots are the council's published preference profile).
"""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from tellers.core.table import COLUMNS
from tests.data import shared_data

from .conftest import Run, write

FPTP = ["A (Party A) 420", "B (Party B) 380", "C (Party C) 200"]

WARD = "10_cands/aberdeen_2017_ward12.blt"  # Torry/Ferryhill, Aberdeen City, 2017
WARD_ID = "S13002846"


def test_csv_is_the_tidy_table(run: Run, tmp_path: Path) -> None:
    result = run("count", write(tmp_path, "ex11.txt", FPTP), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(table[0]) == list(COLUMNS)
    a = next(r for r in table if r["candidate"] == "A")
    assert (a["stage"], a["party"], a["votes"], a["status"]) == ("1", "Party A", "420", "elected")


def test_many_files_make_one_table_with_one_header(run: Run, tmp_path: Path) -> None:
    one = write(tmp_path, "one.txt", FPTP)
    two = write(tmp_path, "two.txt", ["D 10", "E 20"])
    out = tmp_path / "both.csv"
    result = run("count", one, two, "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.count("contest,stage,") == 1
    names = [r["candidate"] for r in csv.DictReader(io.StringIO(text))]
    assert {"A", "B", "C", "D", "E"} <= set(names)


def test_binary_tables_need_an_output_file(run: Run, tmp_path: Path) -> None:
    result = run("count", write(tmp_path, "ex11.txt", FPTP), "--format", "parquet")
    assert result.exit_code == 2
    assert "--output" in result.stderr


def test_option_keeps_its_long_name(run: Run, tmp_path: Path) -> None:
    ward = write(tmp_path, "ex11.txt", FPTP)
    result = run("count", ward, "--rules", "scot-2011", "--option", "truncation=nonsense")
    assert result.exit_code == 1 and "truncation" in result.stderr
    text = run("count", ward, "-o", str(tmp_path / "out.txt"))
    assert text.exit_code == 0 and "DECLARATION" in (tmp_path / "out.txt").read_text()


def _official_ward() -> list[dict[str, str]]:
    folder = shared_data("scotland-2017-official-stage-results")
    with (folder / "council17-mulvenna-org.csv").open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["map_ward_id"] == WARD_ID]


def _published(row: dict[str, str], stage: int) -> str:
    return row["first_prefs"] if stage == 1 else row[f"total_votes{stage:02d}"]


@pytest.mark.parametrize("kind", ["parquet", "arrow"])
def test_a_scottish_ward_read_back_matches_the_official_sheet(
    run: Run, tmp_path: Path, kind: str
) -> None:
    pl = pytest.importorskip("polars")
    ballots = shared_data("scotland-local-stv-blt") / WARD
    official = _official_ward()
    out = tmp_path / f"ward.{kind}"
    result = run("count", str(ballots), "--format", kind, "--output", str(out))
    assert result.exit_code == 0, result.stderr
    frame = pl.read_parquet(out) if kind == "parquet" else pl.read_ipc(out)
    assert frame.schema["votes"] == pl.Decimal(38, 5)
    candidates = frame.filter(pl.col("stage") == 1)["candidate"].to_list()[:10]
    stages = frame["stage"].max()
    assert stages == 9  # the council's sheet has nine stages too
    checked = 0
    for stage in range(1, stages + 1):
        at = frame.filter(pl.col("stage") == stage)
        votes = dict(zip(at["candidate"].to_list(), at["votes"].to_list(), strict=True))
        # the BLT lists the candidates in the order of the council's sheet
        for name, row in zip(candidates, official, strict=True):
            printed = _published(row, stage)
            places = len(printed.partition(".")[2])
            ours = votes[name].quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
            assert ours == Decimal(printed), (stage, name, ours, printed)
            checked += 1
    assert checked == 90
    elected = frame.filter((pl.col("stage") == stages) & (pl.col("status") == "elected"))
    assert elected.height == sum(r["elected"] == "1" for r in official) == 4
    # and pandas, through Arrow
    pytest.importorskip("pandas")
    pandas = frame.to_arrow().to_pandas()
    first = pandas[(pandas.stage == 1)]["votes"].sum()
    assert first == Decimal(official[0]["valid_poll"])
