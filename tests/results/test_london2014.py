"""All 629 London borough wards of 2014 in the results store.

Expected figures come from the file itself (the councillors it marks elected) and
from its folder's README: LAB 1,060; CON 612; LD 116; REA 27; THF 18; UKIP 12;
GRE 4; IND 2; Tower Hamlets LAB 22, THF 18, CON 5.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tellers.results.ids import slug
from tellers.results.london2014 import FILE, SOURCE, import_london_2014
from tellers.results.store import Store
from tests.data import shared_data

from .snapshot import rows

FOLDER = "uk-london-2014-borough-wards-fptp"
#: The file's abbreviations of the parties that won seats -> the store's party keys.
KEYS = {
    "LAB": "lab",
    "CON": "con",
    "LD": "ld",
    "REA": "rea",
    "THF": "thf",
    "UKIP": "ukip",
    "GRE": "grn",
    "IND": "ind",
}


@pytest.fixture(scope="module")
def london() -> Path:
    return shared_data(FOLDER) / FILE


def marked_elected(path: Path) -> dict[str, Counter[str]]:
    """Seats per party in each borough, as the file marks them."""
    seats: dict[str, Counter[str]] = defaultdict(Counter)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["elected_flag"].strip().lower() == "yes":
                seats[row["Borough_name"]][KEYS[row["party"]]] += 1
    return seats


def test_every_borough_has_the_councillors_marked_elected(store: Store, london: Path) -> None:
    summary = import_london_2014(store, london)
    assert (summary.ballots, summary.ballots_added, summary.versions_added) == (629, 629, 629)
    assert len(store.ballots()) == 629
    assert len(store.elections()) == 32
    assert store.seats_won() == {
        "lab": 1060,
        "con": 612,
        "ld": 116,
        "rea": 27,
        "thf": 18,
        "ukip": 12,
        "grn": 4,
        "ind": 2,
    }
    assert store.seats_won(organisation="tower-hamlets") == {"lab": 22, "thf": 18, "con": 5}
    expected = marked_elected(london)
    assert len(expected) == 32
    for borough, seats in expected.items():
        election_id = f"local.{slug(borough)}.2014-05-22"
        assert store.seats_won(election_id=election_id) == dict(seats), borough
        assert sum(b.seats for b in store.ballots(election_id=election_id)) == sum(seats.values())


def test_spitalfields_and_banglatown(store: Store, london: Path) -> None:
    import_london_2014(store, london)
    ballot_id = "local.tower-hamlets.spitalfields-banglatown.2014-05-22"
    ballot = store.ballot(ballot_id)
    assert (ballot.seats, ballot.division_name, ballot.organisation_name) == (
        2,
        "Spitalfields & Banglatown",
        "Tower Hamlets",
    )
    assert ballot.division_gss is not None and ballot.division_gss.startswith("E05")
    assert ballot.organisation_gss == "E09000030"
    result = store.current_result(ballot_id)
    assert result is not None and result.source == SOURCE
    votes = {c.name.split(",")[0]: (c.votes, c.elected, c.party_key) for c in result.candidates}
    assert votes["Robbani"] == (1955, True, "thf")
    assert votes["Ahmed"] == (1743, True, "thf")
    assert votes["Abbas"] == (1215, False, "lab")
    wapping = store.ballot("local.tower-hamlets.st-katharines-wapping.2014-05-22")
    assert (wapping.division_name, wapping.seats) == ("St. Katharine's & Wapping", 2)


def test_importing_london_twice_changes_nothing(store: Store, london: Path) -> None:
    import_london_2014(store, london)
    before = rows(store.engine)
    again = import_london_2014(store, london.parent)
    assert (again.ballots, again.ballots_added, again.versions_added, again.unchanged) == (
        629,
        0,
        0,
        629,
    )
    assert rows(store.engine) == before
    assert {len(store.history(b.ballot_id)) for b in store.ballots(organisation="sutton")} == {1}
