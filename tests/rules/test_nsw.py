"""au-nsw on the 93 NSW Legislative Assembly districts of 25 March 2023.

Expected values, all from sources independent of tellers:

* the final two-candidate percentage of the winner in the 15 districts Albury
  to Canterbury, from the ABC's "New South Wales Election 2023 Results" page
  (https://www.abc.net.au/news/elections/nsw/2023/results, final figures);
* the member elected in the 34 Labor seats named on Wikipedia's
  "Post-election pendulum for the 2023 New South Wales state election" (the
  README of the data folder quotes three of them: Penrith, Kogarah, Camden);
* formal votes in the first districts, from the NSW Electoral Commission's
  "Legislative Assembly Informality and Total Votes by District" page
  (https://pastvtr.elections.nsw.gov.au/SG2301/LA/state/turnout).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from tellers import Count, Election, count
from tellers.core.values import percent
from tellers.formats import read
from tests.data import shared_data

FOLDER = "australia-nsw-2023-la-irv"

# ABC: district -> winner's share of the final two-candidate count, in percent.
TWO_CANDIDATE = {
    "Albury": "66.3",
    "Auburn": "74.0",
    "Badgerys Creek": "60.5",
    "Ballina": "57.7",
    "Balmain": "51.8",
    "Bankstown": "70.3",
    "Barwon": "66.0",
    "Bathurst": "73.6",
    "Bega": "60.4",
    "Blacktown": "69.1",
    "Blue Mountains": "71.9",
    "Cabramatta": "61.8",
    "Camden": "53.0",
    "Campbelltown": "73.3",
    "Canterbury": "75.8",
}

# The pendulum's Labor seats: district -> member (given name(s), surname).
MEMBERS = {
    "Penrith": "Karen McKeown",
    "East Hills": "Kylie Wilkinson",
    "Monaro": "Steve Whan",
    "Camden": "Sally Quinnell",  # the pendulum misprints "Quinell"; the README has Quinnell
    "Riverstone": "Warren Kirby",
    "South Coast": "Liza Butler",
    "The Entrance": "David Mehan",
    "Liverpool": "Charishma Kaliyanda",
    "Parramatta": "Donna Davis",
    "Prospect": "Hugh McDermott",
    "Leppington": "Nathan Hagarty",
    "Heathcote": "Maryanne Stuart",
    "Bega": "Michael Holland",
    "Cabramatta": "Tri Vo",
    "Coogee": "Marjorie O'Neill",
    "Strathfield": "Jason Yat-Sen Li",
    "Londonderry": "Prue Car",
    "Lismore": "Janelle Saffin",
    "Rockdale": "Steve Kamper",
    "Gosford": "Liesl Tesch",
    "Swansea": "Yasmin Catley",
    "Summer Hill": "Jo Haylen",
    "Shellharbour": "Anna Watson",
    "Kogarah": "Chris Minns",
    "Maitland": "Jenny Aitchison",
    "Maroubra": "Michael Daley",
    "Port Stephens": "Kate Washington",
    "Blacktown": "Stephen Bali",
    "Wyong": "David Harris",
    "Macquarie Fields": "Anoulack Chanthivong",
    "Bankstown": "Jihad Dib",
    "Fairfield": "David Saliba",
    "Charlestown": "Jodie Harrison",
    "Granville": "Julia Finn",
}

# NSWEC: formal votes.
FORMAL = {
    "Albury": 49_788,
    "Auburn": 46_853,
    "Badgerys Creek": 52_078,
    "Ballina": 47_739,
    "Balmain": 49_997,
    "Bankstown": 45_888,
    "Barwon": 43_837,
    "Bathurst": 52_399,
    "Bega": 51_684,
    "Blacktown": 48_748,
    "Camden": 54_072,
    "Canterbury": 48_283,
}


@cache
def districts() -> dict[str, tuple[Election, Count]]:
    """District name -> (election, au-nsw count), for every file of 2023."""
    folder: Path = shared_data(FOLDER)
    counted = {}
    for path in sorted(folder.glob("*.soi")):
        election = read(str(path))
        name = election.contest.name.removesuffix(" 2023")
        counted[name] = (election, count(election, "au-nsw"))
    return counted


def test_all_93_districts_count_and_keep_every_paper() -> None:
    counted = districts()
    assert len(counted) == 93
    assert sum(e.valid_papers or 0 for e, _ in counted.values()) == 4_701_930
    for election, result in counted.values():
        papers = election.valid_papers
        assert len(result.elected) == 1
        assert all(sum(s.votes) + s.non_transferable == papers for s in result.stages)
        assert sum(1 for v in result.final.votes if v) <= 2


@pytest.mark.parametrize("district", sorted(FORMAL))
def test_formal_votes_as_the_commission_declared(district: str) -> None:
    election, _ = districts()[district]
    assert election.valid_papers == FORMAL[district]


@pytest.mark.parametrize("district", sorted(TWO_CANDIDATE))
def test_two_candidate_percentage_as_published(district: str) -> None:
    _, result = districts()[district]
    final = result.final
    winner = result.elected[0]
    two = [v for v in final.votes if v]
    assert len(two) == 2
    assert percent(final.votes[winner], sum(two)) == TWO_CANDIDATE[district]


@pytest.mark.parametrize("district", sorted(MEMBERS))
def test_the_member_elected_in_the_labor_seats(district: str) -> None:
    _, result = districts()[district]
    surname, _, given = result.elected_names()[0].partition(" ")  # "McKEOWN Karen"
    member = MEMBERS[district]
    assert member.casefold().endswith(" " + surname.casefold())
    assert member.split()[0].casefold()[:4] == given.split()[0].casefold()[:4]  # Steve/Steven


def test_the_winner_is_the_same_without_the_two_candidate_count() -> None:
    for election, result in districts().values():
        plain = count(election, "au-nsw", {"two-candidate-preferred": "no"})
        assert plain.elected == result.elected
        shared = len(plain.stages)
        assert [s.votes for s in plain.stages] == [s.votes for s in result.stages[:shared]]
