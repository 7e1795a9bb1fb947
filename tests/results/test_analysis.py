"""Spec 08's analysis conventions, checked against its worked examples 8.1–8.8.

Every expected figure is the spec's own (or, where marked, worked by hand from
the spec's inputs); rounded figures are compared after rounding half away from
zero, exact ones as Fractions.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tellers import count
from tellers.core.values import round_half_away
from tellers.formats import read
from tellers.results.analysis import (
    INDICATOR_LABEL,
    CandidateResult,
    ContestResult,
    Fragment,
    Options,
    SeatOutcome,
    WardOutcome,
    analyse,
    by_election_indicator,
    change_in_share,
    change_indicator,
    default_pair,
    final_stage_margin,
    hold_or_gain,
    majority,
    notional_result,
    shares,
    swing,
    turnout,
    turnout_change,
    ward_changes,
)

from ..report.counts import stv_4_1

C = CandidateResult
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def r2(value: Fraction | None) -> str:
    assert value is not None
    return round_half_away(value, 2)


def r1(value: Fraction | None) -> str:
    assert value is not None
    return round_half_away(value, 1)


# --------------------------------------------------------------------------- 8.1


def base_8_1() -> ContestResult:
    return ContestResult(
        "base-8.1",
        (
            C("Anne Blue", "con", 24_000, elected=True),
            C("Bill Red", "lab", 18_000),
            C("Cath Amber", "ld", 6_000),
            C("Dan Green", "grn", 2_000),
        ),
    )


def now_8_1() -> ContestResult:
    return ContestResult(
        "now-8.1",
        (
            C("Anne Blue", "con", 16_000),
            C("Bill Red", "lab", 19_000, elected=True),
            C("Cath Amber", "ld", 5_000),
            C("Dan Green", "grn", 3_000),
            C("Eve Teal", "reform", 7_000),
        ),
        rejected=150,
        electorate=75_000,
    )


def test_8_1_shares() -> None:
    now, base = shares(now_8_1()), shares(base_8_1())
    assert now.method == "votes"
    assert dict(now.percent) == {"con": 32, "lab": 38, "ld": 10, "grn": 6, "reform": 14}
    assert dict(base.percent) == {"con": 48, "lab": 36, "ld": 12, "grn": 4}


def test_8_1_lab_gain_from_con() -> None:
    outcome = hold_or_gain(now_8_1(), base_8_1())
    assert isinstance(outcome, SeatOutcome)
    assert (outcome.party, outcome.outcome, outcome.gained_from) == ("lab", "gain", "con")
    assert outcome.label() == "Lab gain from Con"


def test_8_1_majority() -> None:
    m = majority(now_8_1())
    assert m is not None
    assert (m.kind, m.value, m.percent) == ("majority", Fraction(3_000), Fraction(6))
    assert m.label == "majority"


def test_8_1_changes() -> None:
    changes = change_in_share(shares(now_8_1()), shares(base_8_1()))
    points = {p: c.points for p, c in changes.items() if c.status == "change"}
    assert points == {"con": -16, "lab": 2, "ld": -2, "grn": 2}
    assert changes["reform"].status == "new"
    assert changes["reform"].points is None


def test_8_1_absent_as_zero_gives_reform_a_change() -> None:
    changes = change_in_share(shares(now_8_1()), shares(base_8_1()), absent_as_zero=True)
    assert changes["reform"].status == "change"
    assert changes["reform"].points == 14


def test_8_1_butler_and_steed() -> None:
    s = swing(shares(now_8_1()), shares(base_8_1()), "lab", "con")
    assert s.butler == 9
    assert s.steed == 100 * (Fraction(19, 35) - Fraction(18, 42))
    assert r2(s.steed) == "11.43"


def test_8_1_default_pair_is_top_two_now() -> None:
    assert default_pair(shares(now_8_1())) == ("lab", "con")
    a = analyse(now_8_1(), base_8_1())
    assert a.swing is not None
    assert (a.swing.to_party, a.swing.from_party) == ("lab", "con")
    assert a.swing.butler == 9


def test_8_1_turnout() -> None:
    t = turnout(now_8_1())
    assert t.papers_counted == 50_150
    assert r2(t.ballot_box) == "66.87"
    assert r2(t.valid_vote) == "66.67"


# --------------------------------------------------------------------------- 8.2, 8.3


def three(contest: str, con: int, lab: int, third: int, third_party: str = "ld") -> ContestResult:
    return ContestResult(
        contest, (C("C", "con", con), C("L", "lab", lab), C("T", third_party, third))
    )


def test_8_2_butler_and_steed_to_con() -> None:
    s = swing(shares(three("now", 45, 40, 15)), shares(three("base", 35, 45, 20)), "con", "lab")
    assert s.butler == Fraction(15, 2)
    assert r2(s.steed) == "9.19"
    assert r2(100 * Fraction(35, 80)) == "43.75"


def test_8_3_opposite_signs() -> None:
    now, base = shares(three("now", 5, 30, 65, "oth")), shares(three("base", 10, 40, 50, "oth"))
    to_con = swing(now, base, "con", "lab")
    assert to_con.butler == Fraction(5, 2)  # +2.5 to Con
    assert to_con.steed is not None and to_con.steed < 0
    to_lab = swing(now, base, "lab", "con")
    assert r2(to_lab.steed) == "5.71"  # 5.71 to Lab
    assert to_lab.butler == Fraction(-5, 2)


def test_swing_undefined_when_a_party_did_not_stand() -> None:
    s = swing(shares(now_8_1()), shares(base_8_1()), "reform", "con")
    assert (s.butler, s.steed) == (None, None)


# --------------------------------------------------------------------------- 8.4


def ward_8_4() -> tuple[ContestResult, ContestResult]:
    base = ContestResult(
        "base-8.4",
        (
            C("Con One", "con", 1_500, True),
            C("Con Two", "con", 1_400, True),
            C("Lab One", "lab", 1_300, True),
            C("Lab Two", "lab", 1_200),
            C("Con Three", "con", 1_100),
            C("Lab Three", "lab", 1_000),
        ),
        seats=3,
        system="block",
    )
    now = ContestResult(
        "now-8.4",
        (
            C("Lab One", "lab", 1_600, True),
            C("Con One", "con", 1_500, True),
            C("Lab Two", "lab", 1_450, True),
            C("Con Two", "con", 1_300),
            C("Lab Three", "lab", 1_200),
            C("Con Three", "con", 1_100),
        ),
        seats=3,
        system="block",
    )
    return now, base


def test_8_4_three_member_ward() -> None:
    outcome = hold_or_gain(*ward_8_4())
    assert isinstance(outcome, WardOutcome)
    assert outcome.labels() == ("Lab gain (1) from Con", "Lab hold (1)", "Con hold (1)")
    assert outcome.net() == ("Lab +1", "Con -1")
    rows = {p.party: (p.base, p.now, p.holds, p.gains, p.losses, p.net) for p in outcome.parties}
    assert rows == {"lab": (1, 2, 1, 1, 0, 1), "con": (2, 1, 1, 0, 1, -1)}


def test_8_4_per_seat_the_lower_lab_winner_is_the_gain() -> None:
    outcome = hold_or_gain(*ward_8_4())
    assert isinstance(outcome, WardOutcome)
    seats = [(s.candidate, s.outcome, s.gained_from) for s in outcome.seats]
    assert seats == [
        ("Lab One", "hold", None),
        ("Con One", "hold", None),
        ("Lab Two", "gain", "con"),
    ]


def test_gains_attributed_by_descending_losses_then_alphabetical() -> None:
    # Base Con 2, Grn 1, LD 1; now Lab 4 (a four-member ward): Con lost most.
    rows = ward_changes({"con": 2, "grn": 1, "ld": 1}, {"lab": 4})
    lab = next(r for r in rows if r.party == "lab")
    assert lab.gained_from == (("con", 2), ("grn", 1), ("ld", 1))
    # Two gainers: the one with more gains takes from the biggest loser first.
    rows = ward_changes({"con": 2, "ld": 1}, {"lab": 1, "grn": 2})
    gained = {r.party: r.gained_from for r in rows}
    assert gained["grn"] == (("con", 2),)
    assert gained["lab"] == (("ld", 1),)


# --------------------------------------------------------------------------- 8.5


def ward_8_5() -> tuple[ContestResult, ContestResult]:
    base = ContestResult(
        "base-8.5",
        (
            C("Con A", "con", 1_200, True),
            C("Con B", "con", 1_150, True),
            C("Con C", "con", 1_100, True),
            C("Lab A", "lab", 1_000),
            C("Lab B", "lab", 950),
            C("Lab C", "lab", 900),
            C("LD A", "ld", 400),
        ),
        seats=3,
        system="block",
    )
    by_election = ContestResult(
        "by-8.5",
        (C("Lab D", "lab", 900, True), C("Con D", "con", 800), C("LD B", "ld", 300)),
        seats=1,
        system="block",
        by_election=True,
        defending_party="con",
    )
    return by_election, base


def test_8_5_top_method() -> None:
    now, base = ward_8_5()
    base_shares = shares(base, "top")
    assert base_shares.method == "top"
    assert {p: r2(v) for p, v in base_shares.percent.items()} == {
        "con": "46.15",
        "lab": "38.46",
        "ld": "15.38",
    }
    a = analyse(now, base, Options(share_method="top"))
    assert {p: r2(c.points) for p, c in a.changes.items()} == {
        "lab": "6.54",
        "con": "-6.15",
        "ld": "-0.38",
    }
    assert a.swing is not None
    assert (a.swing.from_party, a.swing.to_party) == ("con", "lab")
    assert r2(a.swing.butler) == "6.35"
    # By hand: Steed = 100 × (900/1,700 − 1,000/2,200) = 1,400/187.
    assert a.swing.steed == Fraction(1400, 187)
    assert a.options_used()["share_method"] == "top"


def test_8_5_average_method() -> None:
    now, base = ward_8_5()
    assert dict(shares(base, "average").percent) == {"con": 46, "lab": 38, "ld": 16}
    a = analyse(now, base, Options(share_method="average"))
    assert {p: c.points for p, c in a.changes.items()} == {"lab": 7, "con": -6, "ld": -1}
    assert a.swing is not None
    assert a.swing.butler == Fraction(13, 2)
    # By hand: Steed = 100 × (900/1,700 − 950/2,100) = 2,750/357.
    assert a.swing.steed == Fraction(2750, 357)
    assert a.options_used()["base_share_method_used"] == "average"


def test_8_5_result_label_and_majority() -> None:
    now, base = ward_8_5()
    a = analyse(now, base)
    assert isinstance(a.outcome, SeatOutcome)
    assert a.outcome.label() == "Lab gain from Con"
    assert a.shares.method == "votes"  # one vacancy: one vote a paper
    assert a.majority is not None
    assert a.majority.value == 100
    assert a.majority.percent == 5  # by hand: 100 / 2,000


def test_8_5_by_election_base_option() -> None:
    now, base = ward_8_5()
    moved = ContestResult(
        now.id,
        now.candidates,
        by_election=True,
        defending_party="con",
        holder_at_vacancy="ind",
    )
    default = hold_or_gain(moved, base)
    assert isinstance(default, SeatOutcome)
    assert default.label() == "Lab gain from Con"
    at_vacancy = hold_or_gain(moved, base, "holder_at_vacancy")
    assert isinstance(at_vacancy, SeatOutcome)
    assert at_vacancy.label() == "Lab gain from Ind"
    a = analyse(moved, base, Options(by_election_base="holder_at_vacancy"))
    assert a.options_used()["by_election_base"] == "holder_at_vacancy"


def test_a_by_election_base_does_not_say_which_seat_was_defended() -> None:
    """A by-election compared with an earlier by-election in the ward: that one filled
    a seat, perhaps another of the ward's seats, so its winner is not the defending
    party (spec 08 §8.6: the base is the party that won *the vacated seat*)."""
    earlier = ContestResult(
        "local.x.ward.by.2010-12-16",
        (CandidateResult("Miah", "respect", 666, True), CandidateResult("Alim", "lab", 553)),
        by_election=True,
    )
    later = ContestResult(
        "local.x.ward.by.2012-04-19",
        (CandidateResult("Robbani", "ind", 1030, True), CandidateResult("Uddin", "lab", 987)),
        by_election=True,
    )
    assert hold_or_gain(later, earlier) is None
    named = ContestResult(later.id, later.candidates, by_election=True, defending_party="lab")
    outcome = hold_or_gain(named, earlier)
    assert isinstance(outcome, SeatOutcome) and outcome.label() == "Ind gain from Lab"
    # an ordinary election of a single seat is that seat's last contest
    ordinary = ContestResult("local.x.ward.2010-05-06", earlier.candidates)
    outcome = hold_or_gain(later, ordinary)
    assert isinstance(outcome, SeatOutcome) and outcome.label() == "Ind gain from Respect"


def test_8_5_all_votes_method() -> None:
    _, base = ward_8_5()
    all_votes = shares(base, "all_votes")
    # By hand: Con 3,450, Lab 2,850, LD 400 of 6,700 votes.
    assert all_votes.total == 6_700
    assert all_votes.percent["con"] == Fraction(3450, 67)


def test_block_majority_is_last_elected_over_highest_unelected() -> None:
    _, base = ward_8_5()
    m = majority(base, "top")
    assert m is not None
    # By hand: Con C 1,100 − Lab A 1,000 = 100, of the top denominator 2,600.
    assert m.kind == "block majority"
    assert (m.value, m.percent) == (Fraction(100), Fraction(100 * 100, 2600))
    average = majority(base, "average")
    assert average is not None and average.percent == 4  # 100 of 2,500


# --------------------------------------------------------------------------- 8.6


def ward_8_6() -> ContestResult:
    votes = (("lab", 700), ("lab", 650), ("lab", 600), ("con", 550), ("con", 500))
    candidates = [C(f"{p} {i}", p, v, i < 3) for i, (p, v) in enumerate(votes)]
    candidates += [C("con 5", "con", 450), C("grn 6", "grn", 350)]
    return ContestResult(
        "ward-8.6",
        tuple(candidates),
        seats=3,
        system="block",
        ballot_papers_counted=1_500,
        rejected=12,
        electorate=5_000,
    )


def test_8_6_turnout_uses_papers_not_votes() -> None:
    ward = ward_8_6()
    assert ward.total_votes == 3_800
    t = turnout(ward)
    assert t.ballot_box == 30
    assert t.valid_vote == Fraction(2976, 100)
    assert t.valid_papers == 1_488
    assert 76 not in (t.ballot_box, t.valid_vote)


def test_8_6_no_valid_vote_turnout_without_papers() -> None:
    ward = ward_8_6()
    bare = ContestResult(ward.id, ward.candidates, seats=3, system="block", electorate=5_000)
    t = turnout(bare)
    assert (t.ballot_box, t.valid_vote) == (None, None)


def test_turnout_change_in_points() -> None:
    now = turnout(now_8_1())
    base = turnout(ward_8_6())
    box, valid = turnout_change(now, base)
    assert box == Fraction(50_150, 75_000) * 100 - 30
    assert valid == Fraction(50_000, 75_000) * 100 - Fraction(2976, 100)


def test_papers_must_add_up() -> None:
    with pytest.raises(ValueError, match="valid papers"):
        ContestResult("x", (C("A", "a", 1),), valid_papers=10, rejected=1, ballot_papers_counted=12)


# --------------------------------------------------------------------------- 8.7


def notional_8_7() -> ContestResult:
    x = ContestResult(
        "X",
        (C("X Con", "con", 20_000, True), C("X Lab", "lab", 15_000), C("X LD", "ld", 5_000)),
        electorate=60_000,
    )
    y = ContestResult(
        "Y", (C("Y Con", "con", 10_000), C("Y Lab", "lab", 22_000, True)), electorate=50_000
    )
    return notional_result("N1", [Fragment(x, 40_000), Fragment(y, 25_000)])


def test_8_7_notional_votes() -> None:
    n1 = notional_8_7()
    assert n1.notional
    votes = {c.party: c.votes for c in n1.candidates}
    assert votes == {"con": Fraction(55_000, 3), "lab": 21_000, "ld": Fraction(10_000, 3)}
    assert {p: r2(Fraction(v)) for p, v in votes.items()} == {
        "con": "18333.33",
        "lab": "21000.00",
        "ld": "3333.33",
    }


def test_8_7_notional_lab_seat_and_majority() -> None:
    n1 = notional_8_7()
    assert [c.party for c in n1.elected] == ["lab"]
    m = majority(n1)
    assert m is not None and m.notional
    assert m.value == Fraction(8_000, 3)
    assert r2(m.value) == "2666.67"


def test_8_7_lab_win_in_n1_is_a_notional_hold() -> None:
    n1_now = ContestResult("N1-now", (C("P Lab", "lab", 20_000, True), C("Q Con", "con", 19_000)))
    outcome = hold_or_gain(n1_now, notional_8_7())
    assert isinstance(outcome, SeatOutcome)
    assert outcome.label() == "Lab hold (notional)"
    a = analyse(n1_now, notional_8_7())
    assert a.options_used()["base"] == "notional (simple homogeneous method)"


def test_notional_needs_the_old_electorate() -> None:
    with pytest.raises(ValueError, match="electorate"):
        Fragment(ContestResult("Z", (C("A", "a", 1),)), 10)


# --------------------------------------------------------------------------- 8.8


def test_8_8_by_election_change_indicator() -> None:
    indicator = change_indicator([4, -2, 7], 30, party="lab")
    assert indicator.mean_change == 3
    assert indicator.value == 33
    assert indicator.label == INDICATOR_LABEL
    assert "not a projected national share" in indicator.label


def by_election(name: str, lab: int, other: int) -> ContestResult:
    return ContestResult(name, (C("L", "lab", lab, True), C("O", "oth", other)))


def test_8_8_indicator_from_contests() -> None:
    pairs = [
        (by_election("b1", 34, 66), by_election("b1-base", 30, 70)),  # +4.0
        (by_election("b2", 76, 124), by_election("b2-base", 40, 60)),  # 38 - 40 = -2.0
        (by_election("b3", 27, 73), by_election("b3-base", 20, 80)),  # +7.0
        (ContestResult("b4", (C("O", "oth", 10, True),)), by_election("b4-base", 20, 80)),
    ]
    indicator = by_election_indicator("lab", pairs, 30)
    assert indicator.changes == (Fraction(4), Fraction(-2), Fraction(7))
    assert indicator.value == 33
    assert indicator.contests == ("b1", "b2", "b3")
    assert indicator.left_out == ("b4",)
    # By hand, weighted by valid votes 100, 200, 100: (400 − 400 + 700) / 400 = 1.75.
    weighted = by_election_indicator("lab", pairs, 30, weighted=True)
    assert weighted.mean_change == Fraction(7, 4)
    assert weighted.value == Fraction(3175, 100)


# --------------------------------------------------------------------------- final-stage margin


def test_sv_final_stage_margin_spec_02_example_2_1() -> None:
    election = read(EXAMPLES / "worked-example-2.1-sv.csv")
    sv = count(election, "sv")
    # Spec 02 example 2.1: B 4,700 against A 4,500 at the second stage.
    assert final_stage_margin(sv) == 200
    result = ContestResult(
        "2.1",
        tuple(
            C(name, name.lower(), v, name == "B")
            for name, v in zip("ABCD", (4000, 3500, 1500, 1000), strict=True)
        ),
        system="sv",
        count=sv,
    )
    m = majority(result)
    assert m is not None
    assert (m.kind, m.label, m.percent) == ("final-stage margin", "final-stage margin", None)
    assert m.value == 200


def test_stv_final_stage_margin_spec_04_example_4_1() -> None:
    _, stv = stv_4_1()
    # D (last elected) 26.40101 over C (continuing, not elected) 21.59860.
    assert final_stage_margin(stv) == Fraction("26.40101") - Fraction("21.59860")


def test_final_stage_margin_needs_the_count() -> None:
    result = ContestResult("stv", (C("A", "a", 10, True), C("B", "b", 5)), system="stv")
    assert majority(result) is None


# --------------------------------------------------------------------------- properties

parties = st.sampled_from(["con", "lab", "ld", "grn", "reform", "ind"])


@st.composite
def contests(draw: st.DrawFn, min_votes: int = 0, min_seats: int = 1) -> ContestResult:
    """A plurality contest: 1 to 9 candidates, some votes, up to ``seats`` elected."""
    seats = draw(st.integers(min_seats, 3))
    first = draw(st.tuples(parties, st.integers(max(1, min_votes), 5_000)))
    rest = draw(st.lists(st.tuples(parties, st.integers(min_votes, 5_000)), max_size=8))
    lines = [first, *rest]
    elected = draw(st.sets(st.integers(0, len(lines) - 1), min_size=1, max_size=seats))
    return ContestResult(
        "c",
        tuple(C(f"n{i}", p, v, i in elected) for i, (p, v) in enumerate(lines)),
        seats=seats,
        system=draw(st.sampled_from(["fptp", "block"])),
    )


@given(contests(), st.sampled_from(["top", "average", "all_votes"]))
def test_shares_sum_to_exactly_100(result: ContestResult, method: str) -> None:
    s = shares(result, method)  # type: ignore[arg-type]
    assert sum(s.percent.values(), Fraction(0)) == 100


@given(contests(), contests(), parties, parties)
def test_butler_swing_is_antisymmetric(
    now: ContestResult, base: ContestResult, a: str, b: str
) -> None:
    assume(a != b)
    there, back = swing(shares(now), shares(base), a, b), swing(shares(now), shares(base), b, a)
    if there.butler is None:
        assert back.butler is None
    else:
        assert back.butler == -there.butler
    assert back == there.reversed()


@given(contests(min_votes=1), contests(min_votes=1), parties, parties)
def test_steed_undefined_iff_a_party_is_missing(
    now: ContestResult, base: ContestResult, a: str, b: str
) -> None:
    assume(a != b)
    missing = any(p not in r.parties for p in (a, b) for r in (now, base))
    s = swing(shares(now), shares(base), a, b)
    assert (s.steed is None) == missing
    assert (s.butler is None) == missing


seat_counts = st.dictionaries(parties, st.integers(0, 4), max_size=5)


@given(seat_counts, seat_counts)
def test_holds_plus_gains_are_seats_won(base: dict[str, int], now: dict[str, int]) -> None:
    rows = ward_changes(base, now)
    for row in rows:
        assert row.holds + row.gains == now.get(row.party, 0)
        assert row.holds + row.losses == base.get(row.party, 0)
        assert sum(n for _, n in row.gained_from) <= row.gains
    attributed = sum(n for row in rows for _, n in row.gained_from)
    total_gains = sum(r.gains for r in rows)
    total_losses = sum(r.losses for r in rows)
    assert attributed == min(total_gains, total_losses)


@given(contests(min_seats=2), contests())
def test_per_seat_outcomes_match_seats_won(now: ContestResult, base: ContestResult) -> None:
    outcome = hold_or_gain(now, base)
    assert isinstance(outcome, WardOutcome)
    assert len(outcome.seats) == len(now.elected)
    for row in outcome.parties:
        mine = [s for s in outcome.seats if s.party == row.party]
        assert sum(s.outcome == "hold" for s in mine) == row.holds
        assert sum(s.outcome == "gain" for s in mine) == row.gains


@given(st.data(), st.sets(parties, min_size=1))
def test_changes_sum_to_zero_when_the_same_parties_stand(
    data: st.DataObject, standing: set[str]
) -> None:
    def contest(name: str) -> ContestResult:
        votes = [data.draw(st.integers(1, 5_000)) for _ in standing]
        return ContestResult(name, tuple(C(p, p, v) for p, v in zip(standing, votes, strict=True)))

    changes = change_in_share(shares(contest("now")), shares(contest("base")))
    assert all(c.status == "change" for c in changes.values())
    assert sum((c.points or Fraction(0) for c in changes.values()), Fraction(0)) == 0
