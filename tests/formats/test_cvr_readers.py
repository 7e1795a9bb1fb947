"""The cast-vote-record readers on small hand-made files: every mark kept as read."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tellers.core.records import OVERVOTE, CastVoteRecords
from tellers.errors import InputError
from tellers.formats.cvr._source import Labels, Source
from tellers.formats.cvr.cdf import read_cdf
from tellers.formats.cvr.csv_formats import read_clear_ballot, read_generic_csv
from tellers.formats.cvr.dominion import read_dominion
from tellers.formats.cvr.ess import read_ess
from tellers.formats.cvr.hart import read_hart

NAMES = {"Alice": 0, "Bob": 1, "Cara": 2}


def labels(path: Path, **settings: object) -> Labels:
    source = Source(path=path, provider="test", **settings)  # type: ignore[arg-type]
    return Labels(NAMES, source, write_ins=3)


def _xlsx(path: Path, rows: list[str]) -> None:
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    )
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("xl/worksheets/sheet1.xml", sheet)


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def test_ess_keeps_overvotes_skips_and_empty_rows(tmp_path: Path) -> None:
    path = tmp_path / "cvr.xlsx"
    _xlsx(
        path,
        [
            f'<row r="1">{_cell("A1", "id")}{_cell("B1", "Choice 1")}</row>',
            '<row r="2">'
            f"{_cell('B2', 'Alice|Bob')}{_cell('C2', 'undervote')}{_cell('D2', 'Cara')}</row>",
            f'<row r="3">{_cell("B3", "overvote")}{_cell("C3", "UWI")}</row>',
            '<row r="4"></row>',  # a stored row with no cell: a paper that ranked nobody
        ],
    )
    source = labels(
        path,
        first_vote_column=2,
        first_vote_row=2,
        overvote_delimiter="|",
        overvote_label="overvote",
        skipped_rank_label="undervote",
        write_in_label="UWI",
    )
    records = read_ess(source, 3)
    assert records == CastVoteRecords.of((1, [[0, 1], [], [2]]), (1, [[OVERVOTE], [3]]), (1, []))


def test_ess_unknown_candidate_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "cvr.xlsx"
    _xlsx(path, [f'<row r="2">{_cell("A2", "Zed")}</row>'])
    with pytest.raises(InputError, match=r"cvr.xlsx:2: .*'Zed'"):
        read_ess(labels(path, first_vote_column=1, first_vote_row=2), 2)


def test_generic_csv(tmp_path: Path) -> None:
    path = tmp_path / "cvr.csv"
    path.write_text("id,Alice,Bob,Cara\nr1,1,1,3\nr2,,,\n")
    records = read_generic_csv(labels(path, first_vote_column=2), 3)
    assert records == CastVoteRecords.of((1, [[0, 1], [], [2]]), (1, []))


def test_clear_ballot(tmp_path: Path) -> None:
    head = [
        f"Choice_{i}_1:Mayor, City:{r}:Vote For 1:{n}:NON"
        for i, (r, n) in enumerate([(1, "Alice"), (1, "Bob"), (2, "Alice"), (2, "Bob")])
    ]
    path = tmp_path / "cb.csv"
    lines = ["RowNumber," + ",".join(f'"{h}"' for h in head), "1,0,1,1,0", "2,1,1,0,0"]
    path.write_text("\n".join(lines) + "\n")
    records = read_clear_ballot(labels(path, contest_id="Mayor, City"), 2)
    assert records == CastVoteRecords.of((1, [[1], [0]]), (1, [[0, 1]]))


def test_cdf_json(tmp_path: Path) -> None:
    def position(rank: int) -> dict[str, object]:
        return {"Rank": rank, "HasIndication": "yes", "IsAllocable": "unknown"}

    report = {
        "Election": [
            {
                "Candidate": [{"@id": "c-a", "Name": "Alice"}, {"@id": "c-b", "Name": "Bob"}],
                "Contest": [
                    {
                        "@id": "k1",
                        "Name": "Mayor",
                        "ContestSelection": [
                            {"@id": "s-a", "CandidateIds": ["c-a"]},
                            {"@id": "s-b", "CandidateIds": ["c-b"]},
                        ],
                    }
                ],
            }
        ],
        "CVR": [
            {
                "CurrentSnapshotId": "x",
                "CVRSnapshot": [
                    {
                        "@id": "x",
                        "CVRContest": [
                            {
                                "ContestId": "k1",
                                "CVRContestSelection": [
                                    {
                                        "ContestSelectionId": "s-b",
                                        "SelectionPosition": [position(3)],
                                    },
                                    {
                                        "ContestSelectionId": "s-a",
                                        "SelectionPosition": [position(1)],
                                    },
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
    }
    path = tmp_path / "cdf.json"
    path.write_text(json.dumps(report))
    records = read_cdf(labels(path, contest_id="Mayor"), 3)
    assert records == CastVoteRecords.of((1, [[0], [], [1]]))


def test_dominion(tmp_path: Path) -> None:
    (tmp_path / "CandidateManifest.json").write_text(
        json.dumps({"List": [{"Id": 7, "Description": "Alice"}, {"Id": 8, "Description": "Bob"}]})
    )
    marks = [
        {"CandidateId": 8, "Rank": 1, "IsAmbiguous": False},
        {"CandidateId": 7, "Rank": 1, "IsAmbiguous": True},
        {"CandidateId": 7, "Rank": 2, "IsAmbiguous": False},
    ]
    session = {
        "Original": {"IsCurrent": True, "Cards": [{"Contests": [{"Id": 1, "Marks": marks}]}]}
    }
    (tmp_path / "CvrExport.json").write_text(json.dumps({"Sessions": [session]}))
    records = read_dominion(labels(tmp_path, contest_id="1"), 3)
    assert records == CastVoteRecords.of((1, [[1], [0]]))


def test_hart(tmp_path: Path) -> None:
    xml = (
        '<Cvr xmlns="http://tempuri.org/CVRDesign.xsd"><Contests><Contest><Id>k</Id><Options>'
        "<Option><Name>Bob</Name><Id>b</Id><Value>010</Value></Option>"
        "<Option><Name>Alice</Name><Id>a</Id><Value>100</Value></Option>"
        "</Options></Contest></Contests></Cvr>"
    )
    (tmp_path / "1.xml").write_text(xml)
    records = read_hart(labels(tmp_path, contest_id="k"), 3)
    assert records == CastVoteRecords.of((1, [[0], [1]]))


def test_records_are_compressed_and_trimmed() -> None:
    records = CastVoteRecords.compress([(((0,), (), ()), 2), (((0,),), 1)])
    assert records.records == (((0,),),)
    assert records.counts == (3,)
    with pytest.raises(ValueError):
        CastVoteRecords((((0, OVERVOTE),),), (1,))
