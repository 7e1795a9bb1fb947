"""Rule set meek against spec 06 Part A (examples 6.1, 6.2) and the spec README's quota check.

Expected figures are the spec's; the tie cases are worked by hand in the comments.
"""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from tellers.core.count import Action, Count
from tellers.core.lots import LotProvider, NoLots, SeededLots, SuppliedLots
from tellers.errors import LotNeeded, RulesError
from tellers.rules import count, get
from tellers.sim.generate import generate

from .strategies import EX61, assert_conserved, decided_at, election

EX62 = "50: A>B; 30: C; 20: D>B"


def meek(
    names: str,
    seats: int,
    papers: str,
    lots: LotProvider | None = None,
    **options: str,
) -> Count:
    return count(election(names, seats, papers), "meek", options, lots or NoLots())


def test_registered() -> None:
    rules = get("meek")
    assert rules.places == 9
    assert {o.name: o.default for o in rules.options} == {"variant": "prf", "ties": "lot"}


@pytest.mark.parametrize("variant", ["prf", "nz"])
def test_61_meek_elects_a_b_c(variant: str) -> None:
    result = meek("ABCD", 3, EX61, variant=variant)
    assert result.elected_names() == ("A", "B", "C")
    assert result.places == 9
    # README quota check: 100 papers, 3 seats -> 25 + 10^-9; no paper exhausts, so it stays
    assert result.quota == Decimal("25.000000001")
    first, second = result.stages
    assert first.action is Action.FIRST
    assert first.elected == (0, 1)
    assert "quota 25.000000001" in first.note
    assert [str(v) for v in first.votes] == [
        "40.000000000",
        "26.000000000",
        "20.000000000",
        "14.000000000",
    ]
    assert second.elected == (2,)
    assert decided_at(result) == {"A": (1, "elected"), "B": (1, "elected"), "C": (2, "elected")}
    assert_conserved(result)
    assert all(s.loss_to_rounding == 0 and s.non_transferable == 0 for s in result.stages)


def test_61_the_spec_authors_figures() -> None:
    # Informative in the spec: C elected on the 4th iteration of the second round (5th
    # overall) with A 25.115822104, B 27.672816524, C 25.204475692, D 22.00688568.
    result = meek("ABCD", 3, EX61)
    second = result.stages[1]
    assert [str(v) for v in second.votes] == [
        "25.115822104",
        "27.672816524",
        "25.204475692",
        "22.006885680",
    ]
    assert second.note.startswith("round 2: 4 iterations; quota 25.000000001")
    assert "keep factors A 0." in second.note and "B 0." in second.note


def test_61_scottish_rules_differ() -> None:
    for rules in ("scot-2011", "wigm"):
        result = count(election("ABCD", 3, EX61), rules, None, NoLots())
        assert result.elected_names() == ("A", "B", "D")


def test_62_quota_falls_as_votes_exhaust() -> None:
    result = meek("ABCD", 2, EX62)
    assert result.elected_names() == ("A", "C")
    one, two, three = result.stages
    assert "quota 33.333333334" in one.note
    assert one.elected == (0,)
    # round 2 converges (total surplus 0.000000016 < ω) with nobody elected: B is defeated
    assert "total surplus 0.000000016" in two.note
    assert two.elected == () and two.excluded == ()
    assert (three.action, three.subjects, three.excluded) == (Action.EXCLUSION, (1,), (1,))
    assert decided_at(result)["B"] == (3, "excluded")
    # A's passed-on share now exhausts; the quota drops to 27.777777784 and C 30 reaches it
    assert result.quota == Decimal("27.777777784")
    assert "quota 27.777777784" in three.note
    assert three.votes[2] == Decimal("30.000000000")
    assert three.non_transferable > 0
    assert_conserved(result)


def test_62_nz_variant() -> None:
    # NZ Sch. 1A cl. 5 quota (v - vnt)/(n + 1) + 10^-9 truncated: 100/3 -> 33.333333334.
    result = meek("ABCD", 2, EX62, variant="nz")
    assert "quota 33.333333334" in result.stages[0].note
    assert result.elected_names() == ("A", "C")
    assert result.options["variant"] == "nz"


# 1 seat, 27 papers. Stage 1: A 10, B 9, C 3, D 4, E 1 (E>C); nobody reaches 13.500000001;
# E defeated. Stage 2: C 4, D 4 equal lowest; at stage 1 C had 3, D 4, so a look-back in
# either direction defeats C; with ties=lot a lot decides.
TIE = "10: A; 9: B; 3: C; 4: D; 1: E>C"


def test_equal_lowest_need_a_lot_by_default() -> None:
    with pytest.raises(LotNeeded) as raised:
        meek("ABCDE", 1, TIE)
    assert set(raised.value.tied) == {"C", "D"}
    result = meek("ABCDE", 1, TIE, SuppliedLots(["C>D"]))
    assert result.excluded[:2] == (4, 3)
    (lot,) = result.lots
    assert (lot.stage, result.name(lot.chosen)) == (2, "D")


@pytest.mark.parametrize("ties", ["backward-then-lot", "forward-then-lot"])
def test_equal_lowest_by_look_back(ties: str) -> None:
    result = meek("ABCDE", 1, TIE, ties=ties)
    assert [result.name(c) for c in result.excluded[:2]] == ["E", "C"]
    assert result.lots == ()
    # C's 4 papers exhaust: 23 papers held, quota trunc9(23/2) + 10^-9 = 11.500000001
    assert "quota 11.500000001" in result.stages[2].note
    assert result.elected_names() == ("A",)
    assert_conserved(result)


def test_surplus_that_exhausts_lowers_the_quota() -> None:
    # 12 papers, 2 seats: quota trunc9(12/3) + 10^-9 = 4.000000001; A 5 elected at stage 1.
    # Round 2, iteration 1: surplus 0.999999999; kf A = up9(up9(1 x 4.000000001) / 5)
    # = up9(0.8000000002) = 0.800000001. Iteration 2: A keeps 5 x 0.800000001 =
    # 4.000000005, excess 0.999999995, quota trunc9(11.000000005 / 3) + 10^-9
    # = 3.666666669; B 4 reaches it.
    result = meek("ABC", 2, "5: A; 4: B; 3: C")
    assert result.elected_names() == ("A", "B")
    assert decided_at(result) == {"A": (1, "elected"), "B": (2, "elected")}
    second = result.stages[1]
    assert second.note.startswith("round 2: 2 iterations; quota 3.666666669")
    assert "keep factors A 0.800000001" in second.note
    assert str(second.votes[0]) == "4.000000005"
    assert str(second.non_transferable) == "0.999999995"
    assert_conserved(result)


def test_fewer_candidates_than_seats() -> None:
    result = meek("AB", 3, "3: A; 1: B")
    assert result.elected_names() == ("A", "B")
    assert len(result.stages) == 1
    assert {d.reason for d in result.decisions} == {
        "last vacancies: as many hopeful candidates as seats left, or fewer"
    }
    assert "fewer candidates than seats" in result.notes[-1]


def test_withdrawn_and_bad_options() -> None:
    e = election("ABCD", 1, "3: D>A; 4: A; 5: B; 2: D", withdrawn="D")
    result = count(e, "meek", None, NoLots())
    assert result.valid_papers == Decimal("12.000000000")
    assert result.notes and "2 papers" in result.notes[0]
    assert result.elected_names() == ("A",)
    with pytest.raises(RulesError):
        count(e, "meek", {"variant": "hww"}, NoLots())


def test_a_million_papers() -> None:
    e = generate(12, 1_000_000, 3, seed=7)
    start = time.perf_counter()
    result = count(e, "meek", None, SeededLots(7))
    elapsed = time.perf_counter() - start
    assert len(result.elected) == 3
    assert_conserved(result)
    assert elapsed < 30  # about 0.1 s on a laptop; a loose bound against regressions
