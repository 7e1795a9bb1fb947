"""Democracy Club's candidates CSV in and out, and the results export as a tidy table.

The by-election figures are the published ones (the examples' sources); the
file is typed in Democracy Club's columns (its core fields and results fields,
as its export writes them: booleans ``t``/``f``, ballot paper ids, party ids of
the Electoral Commission's register). Person ids are left empty: they are not
known here, and tellers reads none.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from tellers.results.democracy_club import COLUMNS

from .clihelp import EXAMPLES, ok, run
from .test_commands import rows

BY_2012 = "local.tower-hamlets.spitalfields-banglatown.by.2012-04-19"
BY_2010 = "local.tower-hamlets.spitalfields-banglatown.by.2010-12-16"
HEADER = (
    "person_id,person_name,election_id,ballot_paper_id,election_date,election_current,"
    "party_name,party_id,post_label,cancelled_poll,seats_contested,votes_cast,elected,"
    "results_source"
)
BALLOT = (
    f"local.tower-hamlets.2012-04-19,{BY_2012},2012-04-19,f",
    "Spitalfields & Banglatown,f,1",
    "https://example.org/r",
)
LINES = [
    HEADER,
    ",Kirsty BLAKE,{0},Green Party,PP63,{1},99,f,{2}",
    ",Richard Alan MACMILLAN,{0},Liberal Democrats,PP90,{1},39,f,{2}",
    ",Gulam ROBBANI,{0},Independent,ynmp-party:2,{1},1030,t,{2}",
    ",Matthew James SMITH,{0},Conservative and Unionist Party,PP52,{1},140,f,{2}",
    ",Ala UDDIN,{0},Labour Party,PP53,{1},987,f,{2}",
]


def dc_file(folder: Path, lines: list[str] = LINES, name: str = "dc.csv") -> str:
    path = folder / name
    path.write_text("\n".join(line.format(*BALLOT) for line in lines) + "\n", encoding="utf-8")
    return str(path)


def table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_import_stores_the_ballot_with_its_figures(db_url: str, tmp_path: Path) -> None:
    out = ok(db_url, "import", "--from", "democracy-club", dc_file(tmp_path))
    assert out == "1 ballots (1 new): 1 results saved, 0 unchanged\n"
    assert "majority 43 (1.9%)" in ok(db_url, "show", BY_2012).splitlines()[0]
    exported = {r["candidate"]: r for r in table(ok(db_url, "export"))}
    assert exported["Gulam ROBBANI"]["votes"] == "1030"
    assert exported["Gulam ROBBANI"]["elected"] == "yes"
    assert exported["Ala UDDIN"]["party_key"] == "lab"
    again = ok(db_url, "import", "--from", "democracy-club", dc_file(tmp_path))
    assert again == "1 ballots (0 new): 0 results saved, 1 unchanged\n"


@pytest.mark.parametrize(
    ("line", "at", "expected"),
    [
        (",Ala UDDIN,{0},Lab,PP53,{1},many,f,{2}", 6, "expected votes_cast, a whole number"),
        (",Ala UDDIN,{0},Lab,PP53,{1},987,maybe,{2}", 6, "expected elected to be t or f"),
        (",Ala UDDIN,{0},Lab,PP53,{1},,f,{2}", 6, "expected votes_cast for Ala UDDIN"),
        (",Ala UDDIN,local.y.2012-04-19," + BY_2012 + ",2012-04-19,f,Lab,PP53,{1},9,f,{2}", 6,
         f"expected election_id local.tower-hamlets.2012-04-19 for ballot {BY_2012}"),
        # the ballot's count of elected is checked at its first line
        (",Ala UDDIN,{0},Lab,PP53,{1},987,t,{2}", 2, "expected 1 candidates elected"),
        (",Gulam ROBBANI,{0},Independent,ynmp-party:2,{1},5,f,{2}", 6,
         "expected each candidate once"),
    ],
)  # fmt: skip
def test_a_row_that_does_not_fit_is_refused_by_line_and_nothing_is_stored(
    db_url: str, tmp_path: Path, line: str, at: int, expected: str
) -> None:
    path = dc_file(tmp_path, [*LINES[:5], line])
    done = run(db_url, "import", "--from", "democracy-club", path)
    assert done.exit_code == 1
    message = done.stderr.strip()
    assert message.startswith(f"tellers: {path}:{at}: "), message
    assert expected in message
    assert rows(db_url)["result_versions"] == 0


def test_an_unknown_ballot_id_is_refused_with_its_line(db_url: str, tmp_path: Path) -> None:
    path = dc_file(tmp_path, [LINES[0], ",A,e,not-an-id,2012-04-19,f,P,PP1,W,f,1,9,t,x"])
    done = run(db_url, "import", "--from", "democracy-club", path)
    assert done.exit_code == 1 and f"{path}:2:" in done.stderr


def test_export_in_democracy_club_shape_goes_back_in(db_url: str, tmp_path: Path) -> None:
    ok(db_url, "import", "--from", "democracy-club", dc_file(tmp_path))
    text = ok(db_url, "export", "--format", "democracy-club")
    out = table(text)
    assert list(out[0]) == list(COLUMNS)
    robbani = next(r for r in out if r["person_name"] == "Gulam ROBBANI")
    assert (robbani["ballot_paper_id"], robbani["votes_cast"], robbani["elected"]) == (
        BY_2012,
        "1030",
        "t",
    )
    assert robbani["party_id"] == "ynmp-party:2" and robbani["election_date"] == "2012-04-19"
    assert robbani["post_label"] == "Spitalfields & Banglatown"
    assert {r["party_id"] for r in out} == {"PP63", "PP90", "ynmp-party:2", "PP52", "PP53"}
    # the same shape back in: a fresh store ends with the same figures
    back = tmp_path / "back.csv"
    back.write_text(text, encoding="utf-8")
    other = f"sqlite:///{tmp_path / 'other.db'}"
    ok(other, "import", "--from", "democracy-club", str(back))
    assert ok(other, "export", "--format", "democracy-club") == text


def test_export_gives_share_and_change_against_the_comparable_ballot(db_url: str) -> None:
    ok(db_url, "add", str(EXAMPLES / "spitalfields-banglatown-2010-12-16.txt"), "--id", BY_2010,
       "--source", "https://example.org/2010")  # fmt: skip
    ok(db_url, "add", str(EXAMPLES / "spitalfields-banglatown-2012-04-19.txt"), "--id", BY_2012,
       "--source", "https://example.org/2012", "--comparable", BY_2010)  # fmt: skip
    out = {(r["ballot_id"], r["candidate"]): r for r in table(ok(db_url, "export"))}
    robbani = out[BY_2012, "Gulam ROBBANI"]
    # by hand: 1030 / 2295 = 44.880%; the independent in 2010, 28 / 1467 = 1.909%
    assert (robbani["share"], robbani["change"]) == ("44.88", "42.97")
    assert robbani["compared_with"] == BY_2010
    # Labour: 987 / 2295 = 43.007% against 553 / 1467 = 37.696%
    assert (out[BY_2012, "Ala UDDIN"]["share"], out[BY_2012, "Ala UDDIN"]["change"]) == (
        "43.01",
        "5.31",
    )
    assert out[BY_2010, "Fozol MIAH"]["change"] == ""  # nothing to compare 2010 with


def test_export_as_parquet_and_as_a_frame(db_url: str, tmp_path: Path) -> None:
    pl = pytest.importorskip("polars")
    ok(db_url, "import", "--from", "democracy-club", dc_file(tmp_path))
    path = tmp_path / "results.parquet"
    ok(db_url, "export", "--format", "parquet", "--output", str(path))
    frame = pl.read_parquet(path)
    robbani = frame.filter(pl.col("candidate") == "Gulam ROBBANI").row(0, named=True)
    assert robbani["votes"] == 1030 and robbani["elected"] is True
    assert robbani["share"] == Decimal("44.88")
    from tellers.service import exchange, results

    with results.open_store(db_url) as store:
        same = exchange.results_frame(store)
    assert same.equals(frame)
    assert run(db_url, "export", "--format", "parquet").exit_code == 2


def test_a_cancelled_poll_is_left_out_and_said_so(db_url: str, tmp_path: Path) -> None:
    uncontested = (
        ",Jo BLOGGS,local.tower-hamlets.2012-04-19,"
        "local.tower-hamlets.bow-east.by.2012-04-19,2012-04-19,f,Labour Party,PP53,"
        "Bow East,t,1,,t,{2}"
    )
    out = ok(db_url, "import", "--from", "democracy-club", dc_file(tmp_path, [*LINES, uncontested]))
    assert out == "1 ballots (1 new): 1 results saved, 0 unchanged; 1 cancelled polls left out\n"
    assert "bow-east" not in ok(db_url, "export")
