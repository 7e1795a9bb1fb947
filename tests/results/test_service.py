"""The service functions over a store: stored rows as the analysis's input, the base,
the by-election tracker and council composition (hand-worked figures in comments)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tellers.core.model import Candidate, Contest, Election, Totals
from tellers.results.store import BallotInfo, Store, StoreError
from tellers.service import council
from tellers.service import results as service
from tellers.service import tracker as trackers

ORDINARY = "local.example.ward-a.2014-05-22"
BY = "local.example.ward-a.by.2015-06-11"
BY_2 = "local.example.ward-a.by.2016-02-04"


def election(seats: int, *lines: tuple[str, str, int]) -> Election:
    contest = Contest("x", seats, tuple(Candidate(n, p) for n, p, _ in lines))
    return Election(contest, Totals(tuple(v for _, _, v in lines)), rules="uk-fptp")


def chain(store: Store) -> None:
    """Spec 08 worked example 8.5, then a second by-election (invented) won back by Con."""
    store.add_result(
        election(3, ("C1", "Conservative", 1200), ("C2", "Conservative", 1150),
                 ("C3", "Conservative", 1100), ("L1", "Labour", 1000), ("L2", "Labour", 950),
                 ("L3", "Labour", 900), ("D1", "Liberal Democrats", 400)),
        ORDINARY, "spec 8.5",
    )  # fmt: skip
    store.add_result(
        election(1, ("L4", "Labour", 900), ("C4", "Conservative", 800),
                 ("D2", "Liberal Democrats", 300)),
        BY, "spec 8.5", ballot=BallotInfo(vacated_party="con"),
    )  # fmt: skip
    store.add_result(
        election(1, ("C5", "Conservative", 700), ("L5", "Labour", 650)),
        BY_2, "invented", ballot=BallotInfo(vacated_party="con"),
    )  # fmt: skip


def test_contest_result_from_the_store(store: Store) -> None:
    chain(store)
    ballot, result = service.current(store, BY)
    contest = service.contest_result(ballot, result)
    assert contest.by_election and contest.defending_party == "con"
    assert [c.party for c in contest.candidates] == ["lab", "con", "ld"]
    assert contest.valid == 2000


def test_base_is_the_last_ordinary_election(store: Store) -> None:
    chain(store)
    base = service.base_ballot(store, BY_2)
    assert base is not None and base.ballot_id == ORDINARY
    with_ = service.base_ballot(store, BY_2, BY)
    assert with_ is not None and with_.ballot_id == BY
    with pytest.raises(StoreError, match="must come before it"):
        service.base_ballot(store, BY, BY_2)


def test_analysis_matches_spec_8_5(store: Store) -> None:
    chain(store)
    found = service.analyse_ballot(store, BY)
    # top base shares: Lab 1,000/2,600; now 900/2,000: 45 - 500/13 = 85/13 = +6.538...
    assert found.changes["lab"].points == Fraction(85, 13)
    assert found.swing is not None and found.swing.butler == Fraction(165, 26)  # 6.346...


def test_tracker(store: Store) -> None:
    chain(store)
    tracker = trackers.by_elections(store)
    assert [(r.ballot_id, r.outcome, r.gained_from) for r in tracker.rows] == [
        (BY, "gain", "con"),
        (BY_2, "hold", None),  # Con defending (the 2014 winner), Con won: a hold
    ]
    assert tracker.net == {"lab": 1, "con": -1}
    assert trackers.by_elections(store, since="2016-01-01").net == {}


def test_council_over_time(store: Store) -> None:
    chain(store)
    assert council.council(store, "example", "2014-06-01").seats == {"con": 3}
    later = council.council(store, "example", "2015-07-01")
    assert later.seats == {"con": 2, "lab": 1}
    assert later.by_elections == (BY,)
    # 2016: Con defended (the 2014 winner of the vacated seat) and won: one Con seat for
    # another, still Con 2, Lab 1
    assert council.council(store, "example", "2016-03-01").seats == {"con": 2, "lab": 1}


def thirds(store: Store) -> None:
    """An invented council elected by thirds: two three-seat wards, all out in 2018 after
    new boundaries, then a third each year, and a by-election in 2019."""

    def add(ballot_id: str, seats: int, *lines: tuple[str, str, int], **info: str) -> None:
        result = election(seats, *lines)
        store.add_result(result, ballot_id, "invented", ballot=BallotInfo(**info))

    add(
        "local.thirdshire.north.2018-05-03",
        3,
        ("N1", "Labour", 900),
        ("N2", "Labour", 800),
        ("N3", "Conservative", 700),
        ("N4", "Conservative", 600),
    )
    add(
        "local.thirdshire.south.2018-05-03",
        3,
        ("S1", "Conservative", 990),
        ("S2", "Conservative", 980),
        ("S3", "Green Party", 970),
        ("S4", "Labour", 100),
    )
    add("local.thirdshire.north.2019-05-02", 1, ("N5", "Green Party", 500), ("N6", "Labour", 400))
    add("local.thirdshire.south.2019-05-02", 1, ("S5", "Labour", 600), ("S6", "Conservative", 500))
    add(
        "local.thirdshire.south.by.2019-09-12",
        1,
        ("S7", "Liberal Democrats", 400),
        ("S8", "Conservative", 300),
        vacated_party="con",
    )
    add("local.thirdshire.north.2021-05-06", 1, ("N7", "Conservative", 650),
        ("N8", "Labour", 640))  # fmt: skip


def test_council_elected_by_thirds(store: Store) -> None:
    thirds(store)
    # 2018, all out: North Lab 2, Con 1; South Con 2, Green 1 -> Con 3, Lab 2, Green 1
    assert council.council(store, "thirdshire", "2018-06-01").seats == {
        "con": 3, "lab": 2, "grn": 1}  # fmt: skip
    # 2019, a third: the member elected with the fewest votes in 2018 retires. North:
    # N3 (Con, 700) makes way for N5 (Green); South: S3 (Green, 970) for S5 (Lab).
    # North Lab 2, Green 1; South Con 2, Lab 1 -> Lab 3, Con 2, Green 1
    may_2019 = council.council(store, "thirdshire", "2019-06-01")
    assert may_2019.seats == {"lab": 3, "con": 2, "grn": 1}
    assert len(may_2019.ordinary) == 4  # the 2018 polls and the 2019 thirds
    # September 2019: a Con seat in South falls vacant and the Lib Dems win it:
    # South LD 1, Con 1, Lab 1 -> Lab 3, Con 1, Green 1, LD 1
    autumn = council.council(store, "thirdshire", "2019-10-01")
    assert autumn.seats == {"lab": 3, "con": 1, "grn": 1, "ld": 1}
    assert autumn.unattributed == ()
    # 2021, North's next third: N2 (Lab, 800), the fewer-voted of the 2018 members left,
    # retires for N7 (Con): North Lab 1, Green 1, Con 1 -> Lab 2, Con 2, Green 1, LD 1
    assert council.council(store, "thirdshire", "2021-06-01").seats == {
        "con": 2, "lab": 2, "grn": 1, "ld": 1}  # fmt: skip
    assert council.council(store, "thirdshire", "2021-06-01").total == 6


def test_system_of() -> None:
    assert service.system_of("uk-fptp") == "fptp"
    assert service.system_of(None) == "fptp"
    assert service.system_of("sv") == "sv"
    assert service.system_of("scot-2011") == "stv"
    assert service.system_of("dhondt") == "list"


def test_missing_result(store: Store) -> None:
    store.add_ballot(ORDINARY, BallotInfo(seats=3))
    with pytest.raises(StoreError, match="no result stored"):
        service.analyse_ballot(store, ORDINARY)
