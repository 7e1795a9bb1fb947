"""The fast cvr-csv reader (pyarrow, the ``fast`` extra) against the pure one, and the
progress that the streaming readers report."""

from __future__ import annotations

import gzip
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

import tellers.formats.cvr as cvr_package
from tellers.core.model import Election
from tellers.core.records import OVERVOTE, CastVoteRecords
from tellers.errors import InputError, TellersError
from tellers.formats import read
from tellers.formats.cvr import cvr_csv
from tellers.formats.cvr._source import Labels, Source
from tellers.formats.cvr.cvr_csv import Reporter, read_cvr_csv
from tellers.formats.cvr.ess import read_ess

from ..data import shared_data

MAINE = "us-maine-2018-cd2-rcv"
MAINE_CSV = "maine_cd2_2018_all_ballots.csv.gz"


@pytest.fixture
def fast() -> ModuleType:
    """The fast reader module, or skip: it needs pyarrow."""
    pytest.importorskip(
        "pyarrow", reason="the fast CVR reader needs pyarrow: pip install 'tellers[fast]'"
    )
    from tellers.formats.cvr import fast

    return fast


@pytest.fixture(params=["pure", "fast"])
def engine(request: pytest.FixtureRequest) -> str:
    """Each reader in turn; the fast one is skipped without pyarrow."""
    if request.param == "fast":
        pytest.importorskip(
            "pyarrow", reason="the fast CVR reader needs pyarrow: pip install 'tellers[fast]'"
        )
    return str(request.param)


@pytest.fixture
def no_pyarrow(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the fast extra were not installed."""
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow -> ImportError
    monkeypatch.delitem(sys.modules, "tellers.formats.cvr.fast", raising=False)
    monkeypatch.delattr(cvr_package, "fast", raising=False)


def both(path: Path, seats: int | None = None) -> tuple[Election, Election]:
    return read_cvr_csv(path, seats, engine="pure"), read_cvr_csv(path, seats, engine="fast")


def same(pure: Election, fast: Election) -> None:
    assert fast.contest == pure.contest
    assert fast.votes == pure.votes
    assert fast.source == pure.source
    assert fast.rules == pure.rules


# -- each reader gives the records read by hand, the same from both ---------------

CRAFTED = (
    "source_file,cast_vote_record,precinct,choice1,choice2,choice3,choice4\n"
    'b.xlsx,1,P1,"Zeta, Z (5931)",undervote,overvote,"Alpha, A"\n'
    'b.xlsx,2,P1,overvote,"Alpha, A (12)",,\n'
    "b.xlsx,3,P2,,,,\n"
    "b.xlsx,4,P2,Under Vote,OVERVOTE,skipped,Mid\n"
    'b.xlsx,5,"P ""3""", Mid ,Mid,Mid,Mid\n'
    'b.xlsx,6,"multi\nline",undervote,undervote,undervote,"Zeta, Z"\n'
    "b.xlsx,7,P1,over vote,,,\n"
    'b.xlsx,1,P1,"Zeta, Z (5931)",undervote,overvote,"Alpha, A"\n'
)
#: CRAFTED read by hand: candidates in the order they first appear (Zeta, Alpha, Mid).
CRAFTED_RECORDS = CastVoteRecords.of(
    (2, [[0], [], [OVERVOTE], [1]]),
    (1, [[OVERVOTE], [1]]),
    (1, []),
    (1, [[], [OVERVOTE], [], [2]]),
    (1, [[2], [2], [2], [2]]),
    (1, [[], [], [], [0]]),
    (1, [[OVERVOTE]]),
)


def test_crafted_file_read_by_hand(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "crafted.csv"
    path.write_text(CRAFTED, encoding="utf-8", newline="")
    quick = read_cvr_csv(path, engine=engine)
    assert quick.contest.names == ("Zeta, Z", "Alpha, A", "Mid")
    assert quick.votes == CRAFTED_RECORDS
    assert quick.contest.name == "crafted"


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("plain.csv", lambda text: text.encode()),
        ("bom_crlf.csv", lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()),
        ("packed.csv.gz", lambda text: gzip.compress(text.encode())),
        ("bom_crlf.csv.gz", lambda text: gzip.compress(("\ufeff" + text).encode())),
    ],
)
def test_encodings_and_line_ends(
    tmp_path: Path, engine: str, name: str, encode: Callable[[str], bytes]
) -> None:
    path = tmp_path / name
    path.write_bytes(encode(CRAFTED))
    quick = read_cvr_csv(path, 3, engine=engine)
    assert quick.contest.names == ("Zeta, Z", "Alpha, A", "Mid")
    assert quick.contest.seats == 3
    assert quick.votes == CRAFTED_RECORDS


def test_choice_columns_out_of_order_and_one_column(tmp_path: Path, engine: str) -> None:
    shuffled = tmp_path / "shuffled.csv"
    shuffled.write_text(
        "Choice 2,id,1st choice,rank_3\nB,1,A,C\n,2,C,\nB,3,A,C\nA,4,overvote,B\n",
        encoding="utf-8",
    )
    quick = read_cvr_csv(shuffled, engine=engine)
    assert quick.contest.names == ("A", "B", "C")
    assert quick.votes == CastVoteRecords.of(
        (2, [[0], [1], [2]]), (1, [[2]]), (1, [[OVERVOTE], [0], [1]])
    )
    single = tmp_path / "single.csv"
    single.write_text("choice1\nA\nB\nA\n\nundervote\n", encoding="utf-8")
    quick = read_cvr_csv(single, engine=engine)
    assert quick.votes == CastVoteRecords.of((2, [[0]]), (1, [[1]]), (1, []))


@pytest.mark.parametrize("merge_after", [1, 1 << 20])  # blocks merged as they come, or at the end
@pytest.mark.parametrize("names", [400, 60])  # more names than a byte a rank holds, or fewer
def test_many_blocks_keep_the_order_of_first_appearance(
    tmp_path: Path, fast: ModuleType, monkeypatch: pytest.MonkeyPatch, merge_after: int, names: int
) -> None:
    monkeypatch.setattr(fast, "BLOCK_SIZE", 1 << 10)  # many blocks of a few dozen rows
    monkeypatch.setattr(fast, "MERGE_AFTER", merge_after)
    lines = ["id,choice1,choice2,choice3"]
    for i in range(3000):  # new names keep turning up, later ones sorting first
        later = "undervote" if i % 3 else "overvote"
        lines.append(f"{i},Cand {(i * 7919) % names:03},Cand {999 - i % (names * 3 // 4)},{later}")
    path = tmp_path / "blocks.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pure, quick = both(path)
    same(pure, quick)
    assert quick.votes.papers == 3000


def test_the_maine_cvr(fast: ModuleType) -> None:
    path = shared_data(MAINE) / MAINE_CSV
    pure, quick = both(path)
    same(pure, quick)
    assert quick.votes.papers == 296_077
    assert set(quick.contest.names) == {
        "REP Poliquin, Bruce",
        "DEM Golden, Jared F.",
        "Bond, Tiffany L.",
        "Hoar, William R.S.",
    }
    assert read(path).votes == quick.votes  # read() streams a .gz through the fast reader


# -- files the fast reader leaves to the pure one ---------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,choice1,choice2\n1,A,B\n2,A\n", r"bad.csv:3: expected 3 cells as in the header"),
        ("id,choice1,choice2\n", r"bad.csv:1: expected at least one paper"),
        ("id,choice1\n1,undervote\n", r"bad.csv: expected at least one candidate"),
    ],
)
def test_faults_give_the_pure_readers_verdict(
    tmp_path: Path, engine: str, text: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_cvr_csv(path, engine=engine)


BLANK_ROWS = "id,choice1,choice2\n1,A,B\n,,,\n   \n2,B,\n"


def test_blank_rows_and_other_encodings(tmp_path: Path, engine: str) -> None:
    blank = tmp_path / "blank.csv"
    blank.write_text(BLANK_ROWS, encoding="utf-8")
    quick = read_cvr_csv(blank, engine=engine)
    assert quick.votes == CastVoteRecords.of((1, [[0], [1]]), (1, [[1]]))
    nul = tmp_path / "nul.csv"
    nul.write_text("id,choice1\n1,A\x00B\n", encoding="utf-8")
    assert read_cvr_csv(nul, engine=engine).contest.names == ("A\x00B",)
    windows = tmp_path / "windows.csv"
    windows.write_bytes("id,choice1\n1,Zoë\n2,Renée\n".encode("cp1252"))
    assert read_cvr_csv(windows, engine=engine).contest.names == ("Zoë", "Renée")


def test_the_fast_reader_leaves_odd_rows_to_the_pure_one(tmp_path: Path, fast: ModuleType) -> None:
    blank = tmp_path / "blank.csv"
    blank.write_text(BLANK_ROWS, encoding="utf-8")
    header = ["id", "choice1", "choice2"]
    assert fast.choice_counts(blank, header, [1, 2], lambda _: None) is None
    only_header = tmp_path / "header.csv"
    only_header.write_text("id,choice1,choice2\n", encoding="utf-8")
    assert fast.choice_counts(only_header, header, [1, 2], lambda _: None) is None
    fine = tmp_path / "fine.csv"
    fine.write_text("id,choice1,choice2\n1,A,B\n2,B,\n3,A,B\n", encoding="utf-8")
    assert fast.choice_counts(fine, header, [1, 2], lambda _: None) == {
        ("A", "B"): 2,
        ("B", ""): 1,
    }
    assert fast.choice_counts(fine, ["id", 'choice1\n"x"', "choice2"], [1, 2], print) is None


def test_read_picks_the_streaming_reader_for_a_cvr_csv(tmp_path: Path) -> None:
    path = tmp_path / "ballots.csv"
    path.write_text(CRAFTED, encoding="utf-8")
    assert read(path).votes == CRAFTED_RECORDS
    assert read(path, "cvr-csv").votes == CRAFTED_RECORDS


# -- choosing the engine -----------------------------------------------------------


def test_the_pure_reader_when_pyarrow_is_missing(tmp_path: Path, no_pyarrow: None) -> None:
    path = tmp_path / "crafted.csv"
    path.write_text(CRAFTED, encoding="utf-8")
    assert read_cvr_csv(path).votes == CRAFTED_RECORDS  # silently, without it
    with pytest.raises(TellersError, match=r"needs pyarrow: pip install 'tellers\[fast\]'"):
        read_cvr_csv(path, engine="fast")


def test_the_environment_variable_picks_the_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "crafted.csv"
    path.write_text(CRAFTED, encoding="utf-8")
    calls: list[Path] = []

    class Spy:
        @staticmethod
        def choice_counts(*args: object) -> None:
            calls.append(Path(str(args[0])))

    monkeypatch.setattr(cvr_csv, "_fast_module", lambda engine: None if engine == "pure" else Spy)
    monkeypatch.setenv(cvr_csv.ENGINE_VARIABLE, "pure")
    assert read_cvr_csv(path).votes == CRAFTED_RECORDS
    assert calls == []
    monkeypatch.setenv(cvr_csv.ENGINE_VARIABLE, "auto")
    assert read_cvr_csv(path).votes == CRAFTED_RECORDS  # Spy gives None: the pure reader
    assert calls == [path]
    monkeypatch.setenv(cvr_csv.ENGINE_VARIABLE, "turbo")
    with pytest.raises(TellersError, match=r"expected a CVR engine among auto, pure, fast"):
        read_cvr_csv(path)


# -- progress ------------------------------------------------------------------------


def big_cvr(folder: Path, name: str, rows: int = 20_000) -> Path:
    lines = ["id,choice1,choice2,choice3"]
    lines += [f"{i},C{i % 7},C{i % 5},undervote" for i in range(rows)]
    text = "\n".join(lines) + "\n"
    path = folder / name
    path.write_bytes(gzip.compress(text.encode()) if name.endswith(".gz") else text.encode())
    return path


@pytest.fixture
def every_report(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No limit on how often progress is reported, and small pieces to report on."""
    monkeypatch.setattr(cvr_csv, "REPORTS_PER_SECOND", 10**12)
    monkeypatch.setattr(cvr_csv, "_CHUNK", 500)
    yield


def check_reports(reports: list[tuple[int, int]], size: int) -> None:
    assert len(reports) > 2, reports
    assert all(total == size for _, total in reports)
    done = [d for d, _ in reports]
    assert done == sorted(done)
    assert reports[-1] == (size, size)


@pytest.mark.parametrize("name", ["big.csv", "big.csv.gz"])
def test_pure_reader_reports_progress(tmp_path: Path, every_report: None, name: str) -> None:
    path = big_cvr(tmp_path, name)
    reports: list[tuple[int, int]] = []
    read_cvr_csv(path, progress=lambda *report: reports.append(report), engine="pure")
    check_reports(reports, path.stat().st_size)


@pytest.mark.parametrize("name", ["big.csv", "big.csv.gz"])
def test_fast_reader_reports_progress(
    tmp_path: Path,
    every_report: None,
    fast: ModuleType,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    monkeypatch.setattr(fast, "BLOCK_SIZE", 1 << 12)
    path = big_cvr(tmp_path, name, rows=60_000)
    reports: list[tuple[int, int]] = []
    read(path, progress=lambda *report: reports.append(report))
    check_reports(reports, path.stat().st_size)


def test_text_readers_report_once_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "result.txt"
    path.write_text("Anne Smith 1030\nBill Jones 870\n", encoding="utf-8")
    reports: list[tuple[int, int]] = []
    read(path, progress=lambda *report: reports.append(report))
    size = path.stat().st_size
    assert reports == [(size, size)]


def test_ess_reports_the_worksheet_read(tmp_path: Path, every_report: None) -> None:
    cells = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Alice</t></is></c></row>'
        for r in range(2, 20_000)
    )
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{cells}</sheetData></worksheet>"
    )
    path = tmp_path / "cvr.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet1.xml", sheet)
    source = Source(path=path, provider="ess", first_vote_column=1, first_vote_row=2)
    reports: list[tuple[int, int]] = []
    records = read_ess(Labels({"Alice": 0}, source), 1, lambda *r: reports.append(r))
    assert records == CastVoteRecords.of((19_998, [[0]]))
    check_reports(reports, len(sheet.encode()))


def test_reports_are_few_and_never_go_back(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(cvr_csv.time, "monotonic", lambda: clock[0])
    reports: list[tuple[int, int]] = []
    reporter = Reporter(lambda *report: reports.append(report), 1000)
    for done in range(0, 1000, 10):  # 100 reports in 0.1 s of the fake clock
        clock[0] += 0.001
        reporter(done)
    reporter(500)  # a position behind the last one reported
    reporter.finish()
    assert 1 <= len(reports) <= 1 + 0.1 * cvr_csv.REPORTS_PER_SECOND + 1
    done = [d for d, _ in reports]
    assert done == sorted(done)
    assert reports[-1] == (1000, 1000)
