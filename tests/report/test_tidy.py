"""The stage sheet as a tidy table (CSV, Parquet, Arrow, polars), against spec 04 example 4.1."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from tellers.core.table import COLUMNS, rows
from tellers.report.tidy import csv_header, csv_rows, read_csv_rows, write_table

from .counts import fptp_1_1, stv_4_1


def cells(text: str) -> dict[tuple[int, str], dict[str, str]]:
    table = csv.DictReader(io.StringIO(csv_header() + text))
    return {(int(r["stage"]), r["candidate"]): r for r in table}


def test_one_row_per_stage_and_candidate_and_reserved_row() -> None:
    table = cells(csv_rows(stv_4_1()[1]))
    # 4 stages x (5 candidates + non-transferable + loss to rounding)
    assert len(table) == 4 * 7
    assert csv_header().strip().split(",") == list(COLUMNS)


def test_every_value_exactly_as_the_spec_prints_it() -> None:
    table = cells(csv_rows(stv_4_1()[1]))
    # spec 04 ex 4.1: stage 2 moves A's surplus 15 at TV 0.36585
    assert table[1, "A"]["votes"] == "41.00000" and table[1, "A"]["transfer"] == ""
    assert (table[2, "A"]["transfer"], table[2, "A"]["votes"]) == ("-15.00000", "26.00000")
    assert (table[2, "B"]["transfer"], table[2, "B"]["votes"]) == ("7.31700", "26.31700")
    assert (table[2, "C"]["transfer"], table[2, "C"]["votes"]) == ("4.39020", "21.39020")
    assert (table[3, "C"]["transfer"], table[3, "C"]["votes"]) == ("0.20840", "21.59860")
    assert (table[4, "D"]["transfer"], table[4, "D"]["votes"]) == ("11.10836", "26.40101")
    assert (table[4, "E"]["transfer"], table[4, "E"]["votes"]) == ("-11.10836", "0.00000")
    assert table[4, "loss to rounding"]["votes"] == "0.00039"
    assert table[2, "A"]["action"] == "surplus" and table[2, "A"]["subjects"] == "A"
    assert table[4, "E"]["action"] == "exclusion" and table[4, "E"]["subjects"] == "E"


def test_status_at_the_end_of_each_stage() -> None:
    table = cells(csv_rows(stv_4_1()[1]))
    assert [table[k, "A"]["status"] for k in (1, 2, 3, 4)] == ["elected"] * 4
    assert [table[k, "B"]["status"] for k in (1, 2, 3, 4)] == ["continuing"] + ["elected"] * 3
    assert [table[k, "E"]["status"] for k in (1, 2, 3, 4)] == ["continuing"] * 3 + ["excluded"]
    assert table[4, "D"]["status"] == "elected"
    assert table[4, "non-transferable"]["status"] == ""


def test_each_stage_adds_up_to_the_valid_papers() -> None:
    found = rows(stv_4_1()[1])
    for stage in (1, 2, 3, 4):
        assert sum(r.votes for r in found if r.stage == stage) == Decimal(100)


def test_party_column_and_a_single_stage() -> None:
    table = cells(csv_rows(fptp_1_1()[1]))
    assert (table[1, "A"]["party"], table[1, "A"]["votes"]) == ("Party A", "420")
    assert table[1, "A"]["status"] == "elected" and table[1, "B"]["status"] == "continuing"


def test_csv_text_reads_back_to_the_same_rows() -> None:
    counted = stv_4_1()[1]
    assert read_csv_rows(csv_rows(counted)) == rows(counted)


@pytest.mark.parametrize("kind", ["parquet", "arrow"])
def test_binary_tables_keep_exact_decimals(kind: str, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    path = tmp_path / f"sheet.{kind}"
    write_table(rows(stv_4_1()[1]), kind, path)
    if kind == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
    else:
        table = pa.ipc.open_file(pa.memory_map(str(path))).read_all()
    assert table.schema.field("votes").type == pa.decimal128(38, 5)
    assert table.schema.field("transfer").type == pa.decimal128(38, 5)
    d = next(r for r in table.to_pylist() if r["stage"] == 4 and r["candidate"] == "D")
    assert d["votes"] == Decimal("26.40101") and d["transfer"] == Decimal("11.10836")


def test_count_to_frame_in_polars_and_pandas() -> None:
    pl = pytest.importorskip("polars")
    pytest.importorskip("pandas")
    counted = stv_4_1()[1]
    frame = counted.to_frame()
    assert frame.columns == list(COLUMNS)
    assert frame.schema["votes"] == pl.Decimal(38, 5)
    b = frame.filter((pl.col("stage") == 2) & (pl.col("candidate") == "B"))
    assert b["votes"].to_list() == [Decimal("26.31700")]
    pandas = counted.to_arrow().to_pandas()
    row = pandas[(pandas.stage == 2) & (pandas.candidate == "B")]
    assert row["votes"].tolist() == [Decimal("26.31700")]
