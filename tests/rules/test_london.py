"""Real London elections against their official results.

* Mayor of London, 6 May 2021 (SV): London Elects' declaration gives the first
  preferences and the first x second table; the final totals Khan 1,206,034,
  Bailey 977,601 (Khan elected) are those reported by the BBC and the Guardian
  and follow from the table (data README).
* London borough councils, 22 May 2014 (FPTP and block vote, 629 wards): the
  candidates flagged elected in the published ward table.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from tellers import (
    NON_TRANSFERABLE,
    Action,
    Ballots,
    Candidate,
    Contest,
    Count,
    Election,
    NoLots,
    Totals,
    count,
)
from tellers.formats import read
from tests.data import shared_data

MAYOR = "uk-london-2021-mayor-sv-and-assembly-dhondt"
MATRIX = "london_mayor_2021_first_second_matrix.csv"
WARDS = "uk-london-2014-borough-wards-fptp"
WARD_FILE = "london_council_election_2014_ward.csv"

#: London Elects' declaration of 8 May 2021 (data README).
FIRST_PREFERENCES = {
    "Sadiq Aman KHAN": 1_013_721,
    "Shaun BAILEY": 893_051,
    "Sian BERRY": 197_976,
    "Luisa Manon PORRITT": 111_716,
    "Niko OMILANA": 49_628,
    "Laurence FOX": 47_634,
    "Brian Benedict ROSE": 31_111,
    "Richard John Howard HEWISON": 28_012,
    "Count BINFACE": 24_775,
    "Mandu Kate REID": 21_182,
    "Piers CORBYN": 20_604,
    "Vanessa Helen HUDSON": 16_826,
    "Peter John GAMMONS": 14_393,
    "Farah LONDON": 11_869,
    "David KURTEN": 11_025,
    "Nims OBUNGE": 9_682,
    "Steve KELLEHER": 8_764,
    "Kam BALAYEV": 7_774,
    "Max FOSH": 6_309,
    "Valerie BROWN": 5_305,
}
GOOD_FIRST_PREFERENCES = 2_531_357


def mayor_from_csv(path: Path) -> Election:
    """The table as papers, built here with the csv module (independent of the readers).

    ``second:<name>`` cells are papers (first, second); the diagonal (the same
    candidate twice) and the rest of the official first preferences are (first,).
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = [row["first_choice_candidate"] for row in rows]
    papers: list[tuple[tuple[int, ...], int]] = []
    for first, row in enumerate(rows):
        total = int(row["first_preference_votes_official"])
        for second, name in enumerate(names):
            n = int(row[f"second:{name}"])
            papers.append(((first,) if second == first else (first, second), n))
            total -= n
        assert total >= 0
        papers.append(((first,), total))
    contest = Contest("Mayor of London 2021", 1, tuple(Candidate(n) for n in names))
    return Election(contest, Ballots.compress(papers))


def mayor_from_reader(path: Path) -> Election:
    """The same table through the project's reader (format ``sv-table``)."""
    return read(path, "sv-table")


@pytest.fixture(params=["csv", "reader"])
def mayor(request: pytest.FixtureRequest) -> Election:
    path = shared_data(MAYOR) / MATRIX
    return mayor_from_csv(path) if request.param == "csv" else mayor_from_reader(path)


def by_name(result: Count, stage: int) -> dict[str, int]:
    return {result.name(c): int(v) for c, v in enumerate(result.stages[stage].votes)}


def test_london_mayor_2021_first_preferences_are_the_declared_ones(mayor: Election) -> None:
    result = count(mayor, "sv", lots=NoLots())
    assert by_name(result, 0) == FIRST_PREFERENCES
    assert result.valid_papers == GOOD_FIRST_PREFERENCES
    assert result.stages[0].action is Action.FIRST
    assert {result.name(c) for c in result.stages[0].excluded} == set(FIRST_PREFERENCES) - {
        "Sadiq Aman KHAN",
        "Shaun BAILEY",
    }


def test_london_mayor_2021_khan_elected_at_the_second_count(mayor: Election) -> None:
    result = count(mayor, "sv", lots=NoLots())
    final = by_name(result, 1)
    assert final["Sadiq Aman KHAN"] == 1_206_034
    assert final["Shaun BAILEY"] == 977_601
    assert all(
        v == 0 for name, v in final.items() if name not in ("Sadiq Aman KHAN", "Shaun BAILEY")
    )
    assert result.elected_names() == ("Sadiq Aman KHAN",)
    assert result.final.action is Action.SECOND_PREFERENCES
    assert result.lots == ()
    # second preferences added: Khan +192,313, Bailey +84,550 (data README)
    to: defaultdict[str, int] = defaultdict(int)
    for transfer in result.transfers:
        to[result.name(transfer.target)] += transfer.papers
    assert to["Sadiq Aman KHAN"] == 192_313
    assert to["Shaun BAILEY"] == 84_550
    not_counted = GOOD_FIRST_PREFERENCES - 1_206_034 - 977_601
    assert int(result.final.non_transferable) == not_counted
    assert to["non-transferable"] == not_counted
    sources = {result.name(t.source) for t in result.transfers}
    assert sources.isdisjoint({"Sadiq Aman KHAN", "Shaun BAILEY"})
    assert len(sources) == 18
    assert any(t.target == NON_TRANSFERABLE for t in result.transfers)


# -- London boroughs 2014 ------------------------------------------------------------


def ward_elections(path: Path) -> list[tuple[str, Election, set[str]]]:
    """Each ward's declared totals, and the candidates flagged elected."""
    wards: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            wards[(row["Borough_name"], row["Ward_name"])].append(row)
    out = []
    for (borough, ward), rows in wards.items():
        seats = {int(r["Number of councillors in ward"]) for r in rows}
        assert len(seats) == 1
        names = [r["candidate"] for r in rows]
        votes = tuple(int(r["number_votes"].replace(",", "")) for r in rows)
        contest = Contest(f"{borough}: {ward}", seats.pop(), tuple(Candidate(n) for n in names))
        elected = {r["candidate"] for r in rows if r["elected_flag"].strip().lower() == "yes"}
        out.append((contest.name, Election(contest, Totals(votes)), elected))
    return out


def test_every_london_ward_2014_elects_the_declared_councillors() -> None:
    path = shared_data(WARDS) / WARD_FILE
    wards = ward_elections(path)
    assert len(wards) == 629
    assert sum(e.contest.seats for _, e, _ in wards) == 1851
    wrong = []
    for name, election, declared in wards:
        result = count(election, "uk-fptp", lots=NoLots())  # a lot would raise LotNeeded
        if set(result.elected_names()) != declared or len(declared) != election.contest.seats:
            wrong.append(name)
        assert result.lots == ()
    assert wrong == []


def test_tower_hamlets_spitalfields_and_banglatown_2014() -> None:
    path = shared_data(WARDS) / WARD_FILE
    (election,) = [
        e
        for name, e, _ in ward_elections(path)
        if name == "Tower Hamlets: Spitalfields & Banglatown"
    ]
    result = count(election, "uk-fptp")
    votes = {result.name(c): int(v) for c, v in enumerate(result.final.votes)}
    elected = [result.name(c) for c in result.elected]
    assert [votes[n] for n in elected] == [1955, 1743]
    assert max(v for n, v in votes.items() if n not in elected) == 1215
