"""Rule set scot-2011 against the worked examples of spec 04 (and 06 example 6.1).

Every expected figure is the spec's, typed from the page. The spec prints one
"non-transferable" column that includes the value lost to truncation; the count
records the two separately, so the tests compare the spec's column with their
sum and check the split where the spec states it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tellers.core.count import (
    LOSS_TO_ROUNDING,
    NON_TRANSFERABLE,
    Action,
    Count,
    Outcome,
)
from tellers.core.lots import LotProvider, NoLots, SeededLots, SuppliedLots
from tellers.core.model import Election
from tellers.errors import LotNeeded, RulesError
from tellers.rules import count, get

from .strategies import (
    EX41,
    EX42,
    EX43,
    EX44,
    EX45,
    assert_conserved,
    decided_at,
    election,
    figures,
    row,
)


def scot(e: Election, lots: LotProvider | None = None, truncation: str | None = None) -> Count:
    options = {"truncation": truncation} if truncation else None
    return count(e, "scot-2011", options, lots or NoLots())


# --- 4.1 ---------------------------------------------------------------------------------


def test_41_surplus_truncation_tiny_surplus_and_mixed_value_exclusion() -> None:
    result = scot(election("ABCDE", 3, EX41))
    assert result.quota == Decimal("26.00000")
    assert result.valid_papers == Decimal("100.00000")
    assert [figures(result, s) for s in (1, 2, 3, 4)] == [
        row("ABCDE", "41.00000", "19.00000", "17.00000", "12.00000", "11.00000", "0.00000"),
        row("ABCDE", "26.00000", "26.31700", "21.39020", "15.29265", "11.00000", "0.00015"),
        row("ABCDE", "26.00000", "26.00000", "21.59860", "15.29265", "11.10836", "0.00039"),
        row("ABCDE", "26.00000", "26.00000", "21.59860", "26.40101", "0.00000", "0.00039"),
    ]
    assert len(result.stages) == 4
    assert result.elected_names() == ("A", "B", "D")
    assert decided_at(result) == {
        "A": (1, "elected"),
        "B": (2, "elected"),
        "E": (4, "excluded"),
        "D": (4, "elected"),
    }
    s1, s2, s3, s4 = result.stages
    assert s1.action is Action.FIRST
    assert (s2.action, s2.subjects) == (Action.SURPLUS, (0,))
    assert s2.transfer_values == (Decimal("0.36585"),)
    assert (s3.action, s3.subjects) == (Action.SURPLUS, (1,))
    assert s3.transfer_values == (Decimal("0.01204"), Decimal("0.00440"))
    assert (s4.action, s4.subjects, s4.excluded) == (Action.EXCLUSION, (4,), (4,))
    assert s4.transfer_values == (Decimal("1.00000"), Decimal("0.01204"))
    # every loss here is truncation: no paper ran out of preferences
    assert [s.non_transferable for s in result.stages] == [Decimal("0.00000")] * 4
    assert [str(s.loss_to_rounding) for s in result.stages] == [
        "0.00000",
        "0.00015",
        "0.00039",
        "0.00039",
    ]
    # D's surplus 0.40101 is held, not transferred: the seats are filled
    assert_conserved(result)


def test_41_transfer_records() -> None:
    result = scot(election("ABCDE", 3, EX41))
    a, b, c, d, e = range(5)

    def at(stage: int) -> list[tuple[int, int, int, str, str | None]]:
        return [
            (
                t.source,
                t.target,
                t.papers,
                str(t.value),
                None if t.transfer_value is None else str(t.transfer_value),
            )
            for t in result.transfers
            if t.stage == stage
        ]

    assert at(2) == [
        (a, b, 20, "7.31700", "0.36585"),
        (a, c, 12, "4.39020", "0.36585"),
        (a, d, 9, "3.29265", "0.36585"),
        (a, LOSS_TO_ROUNDING, 0, "0.00015", None),
    ]
    # C gets 10 papers at 0.01204 and 20 at 0.00440: 0.12040 + 0.08800
    assert at(3) == [
        (b, c, 30, "0.20840", None),
        (b, e, 9, "0.10836", "0.01204"),
        (b, LOSS_TO_ROUNDING, 0, "0.00024", None),
    ]
    assert at(4) == [(e, d, 20, "11.10836", None)]


def test_41_product_reading_gives_the_same_figures() -> None:
    # Every value-1 product is exact, and trunc5(0.317 × 0.36585) / 26.317 = 0.00440 too.
    quotient = scot(election("ABCDE", 3, EX41))
    product = scot(election("ABCDE", 3, EX41), truncation="product")
    assert [s.votes for s in product.stages] == [s.votes for s in quotient.stages]
    assert product.options["truncation"] == "product"
    assert quotient.options["truncation"] == "quotient"


# --- 4.2 ---------------------------------------------------------------------------------


def test_42_exclusion_tie_broken_by_the_most_recent_stage_where_they_differ() -> None:
    result = scot(election("PQXYWZ", 2, EX42))
    assert result.quota == Decimal("27.00000")
    whole = [
        {k: v.removesuffix(".00000") for k, v in figures(result, s).items()} for s in range(1, 6)
    ]
    assert whole == [
        row("PQXYWZ", "26", "20", "10", "11", "6", "5", "0"),
        row("PQXYWZ", "26", "22", "13", "11", "6", "0", "0"),
        row("PQXYWZ", "26", "22", "13", "13", "0", "0", "4"),
        row("PQXYWZ", "26", "22", "26", "0", "0", "0", "4"),
        row("PQXYWZ", "26", "0", "26", "0", "0", "0", "26"),
    ]
    assert [result.name(s.subjects[0]) for s in result.stages[1:]] == ["Z", "W", "Y", "Q"]
    assert all(s.action is Action.EXCLUSION for s in result.stages[1:])
    assert result.lots == ()
    # rule 53 at the end of stage 5: two continuing candidates, two vacancies; no extra stage
    assert len(result.stages) == 5
    assert result.elected_names() == ("P", "X")
    assert {d.reason for d in result.decisions if d.outcome is Outcome.ELECTED} == {
        "last vacancies: as many continuing candidates as seats left"
    }
    assert result.stages[-1].elected == (0, 2)
    assert_conserved(result)


# --- 4.3 ---------------------------------------------------------------------------------


def test_43_tie_at_every_stage_needs_a_lot() -> None:
    with pytest.raises(LotNeeded) as raised:
        scot(election("PQXY", 1, EX43))
    assert set(raised.value.tied) == {"X", "Y"}


def test_43_lot_excludes_x() -> None:
    # the order runs from the favoured to the disfavoured: the last named is excluded
    result = scot(election("PQXY", 1, EX43), SuppliedLots(["Y>X"]))
    assert result.quota == Decimal("25.00000")
    (lot,) = result.lots
    assert lot.stage == 1
    assert result.stages[0].lots == (lot,)
    assert (set(lot.tied), result.name(lot.chosen)) == ({2, 3}, "X")
    assert figures(result, 2) == row(
        "PQXY", "25.00000", "18.00000", "0.00000", "5.00000", "0.00000"
    )
    assert decided_at(result) == {"X": (2, "excluded"), "P": (2, "elected")}
    exclusion = result.decisions[0]
    assert exclusion.by_lot
    assert len(result.stages) == 2


def test_43_lot_excludes_y() -> None:
    result = scot(election("PQXY", 1, EX43), SuppliedLots(["X>Y"]))
    (lot,) = result.lots
    assert (lot.stage, result.name(lot.chosen)) == (1, "Y")
    assert figures(result, 2) == row(
        "PQXY", "20.00000", "23.00000", "5.00000", "0.00000", "0.00000"
    )
    assert figures(result, 3) == row(
        "PQXY", "25.00000", "23.00000", "0.00000", "0.00000", "0.00000"
    )
    assert decided_at(result) == {"Y": (2, "excluded"), "X": (3, "excluded"), "P": (3, "elected")}
    assert result.elected_names() == ("P",)


# --- 4.4 ---------------------------------------------------------------------------------


def test_44_equal_surpluses_a_first() -> None:
    result = scot(election("ABCD", 3, EX44), SuppliedLots(["A>B"]))
    assert result.quota == Decimal("21.00000")
    (lot,) = result.lots
    assert (lot.stage, result.name(lot.chosen), lot.order) == (1, "A", (0, 1))
    assert result.stages[1].subjects == (0,)
    assert result.stages[1].transfer_values == (Decimal("0.25000"),)
    assert figures(result, 2) == row(
        "ABCD", "21.00000", "28.00000", "21.00000", "10.00000", "0.00000"
    )
    assert len(result.stages) == 2  # B's surplus is never transferred
    assert result.elected_names() == ("A", "B", "C")


def test_44_equal_surpluses_b_first() -> None:
    result = scot(election("ABCD", 3, EX44), SuppliedLots(["B>A"]))
    (lot,) = result.lots
    assert (lot.stage, result.name(lot.chosen)) == (1, "B")
    assert [s.subjects for s in result.stages[1:]] == [(1,), (0,)]
    assert figures(result, 2) == row(
        "ABCD", "28.00000", "21.00000", "14.00000", "17.00000", "0.00000"
    )
    assert figures(result, 3) == row(
        "ABCD", "21.00000", "21.00000", "21.00000", "17.00000", "0.00000"
    )
    assert sorted(result.elected_names()) == ["A", "B", "C"]
    assert decided_at(result)["C"] == (3, "elected")


# --- 4.5 ---------------------------------------------------------------------------------


def test_45_inclusive_transfer_of_a_surplus_made_by_an_exclusion() -> None:
    result = scot(election("BCDEFG", 3, EX45))
    assert result.quota == Decimal("26.00000")
    assert [figures(result, s) for s in range(1, 7)] == [
        row(
            "BCDEFG",
            "22.00000",
            "20.00000",
            "18.00000",
            "15.00000",
            "13.00000",
            "12.00000",
            "0.00000",
        ),
        row(
            "BCDEFG",
            "22.00000",
            "20.00000",
            "18.00000",
            "15.00000",
            "25.00000",
            "0.00000",
            "0.00000",
        ),
        row(
            "BCDEFG",
            "37.00000",
            "20.00000",
            "18.00000",
            "0.00000",
            "25.00000",
            "0.00000",
            "0.00000",
        ),
        row(
            "BCDEFG",
            "26.00000",
            "26.54038",
            "22.45935",
            "0.00000",
            "25.00000",
            "0.00000",
            "0.00027",
        ),
        row(
            "BCDEFG",
            "26.00000",
            "26.00000",
            "22.45935",
            "0.00000",
            "25.00000",
            "0.00000",
            "0.54065",
        ),
        row(
            "BCDEFG",
            "26.00000",
            "26.00000",
            "0.00000",
            "0.00000",
            "25.00000",
            "0.00000",
            "23.00000",
        ),
    ]
    assert result.stages[3].transfer_values == (Decimal("0.29729"),)
    # stage 5: every one of C's papers is non-transferable (B is elected)
    assert [t.target for t in result.transfers if t.stage == 5] == [
        NON_TRANSFERABLE,
        LOSS_TO_ROUNDING,
    ]
    assert decided_at(result) == {
        "G": (2, "excluded"),
        "E": (3, "excluded"),
        "B": (3, "elected"),
        "C": (4, "elected"),
        "D": (6, "excluded"),
        "F": (6, "elected"),
    }
    # Scotland elects B, C, F; NI's last parcel gives B, D, F (spec 05 example 5.3)
    assert result.elected_names() == ("B", "C", "F")
    assert_conserved(result)


# --- 06 example 6.1 -------------------------------------------------------------------------


def test_61_meek_comparison_scottish_rules_elect_a_b_d() -> None:
    result = scot(election("ABCD", 3, "40: A>B>D; 26: B>A>C; 20: C; 14: D"))
    assert result.quota == Decimal("26.00000")
    assert result.stages[0].elected == (0, 1)
    assert result.stages[1].transfer_values == (Decimal("0.35000"),)
    assert figures(result, 2) == row(
        "ABCD", "26.00000", "26.00000", "20.00000", "28.00000", "0.00000"
    )
    assert result.elected_names() == ("A", "B", "D")


# --- the other branches of the rules -----------------------------------------------------


def test_truncation_option_product_differs_from_quotient() -> None:
    # 6 papers, 3 seats, quota 2. Stage 2: D's surplus 4/6 -> 0.66666 on all six papers:
    # A 5 x 0.66666 = 3.33330 (elected), C 0.66666. Stage 3: A's surplus 1.33330 on
    # five papers of value 0.66666, A's total 3.33330:
    #   quotient: trunc5(1.3333 x 0.66666 / 3.3333) = 0.26666 -> E 3 x 0.26666 = 0.79998
    #   product:  trunc5(1.3333 x 0.66666) = 0.88885; trunc5(0.88885 / 3.3333) = 0.26665
    #             -> E 0.79995
    e = election("ABCDE", 3, "2: D>A; 3: D>A>E; 1: D>C>A")
    quotient = scot(e)
    product = scot(e, truncation="product")
    assert figures(quotient, 2) == figures(product, 2)
    assert figures(quotient, 2) == row(
        "ABCDE", "3.33330", "0.00000", "0.66666", "2.00000", "0.00000", "0.00004"
    )
    assert quotient.stages[2].transfer_values == (Decimal("0.26666"),)
    assert product.stages[2].transfer_values == (Decimal("0.26665"),)
    assert figures(quotient, 3)["E"] == "0.79998"
    assert figures(product, 3)["E"] == "0.79995"
    # 2 papers D>A exhaust at 0.26666 (0.53332); loss 1.3333 - 5 x 0.26666 = 0.00000
    assert str(quotient.stages[2].non_transferable) == "0.53332"
    assert str(quotient.stages[2].loss_to_rounding) == "0.00004"
    assert str(product.stages[2].non_transferable) == "0.53330"
    assert str(product.stages[2].loss_to_rounding) == "0.00009"
    assert quotient.elected_names() == product.elected_names() == ("D", "A", "E")
    assert_conserved(quotient)
    assert_conserved(product)


def test_equal_surpluses_broken_backward_not_forward() -> None:
    # 84 papers, 3 seats, quota 22. Stage 1: A 18, B 19 -> exclude E (3 E>A): A 21, B 19.
    # Stage 3: exclude X (4 X>A, 6 X>B): A 25, B 25, both elected with surplus 3.
    # Backward: stage 2 (A 21 > B 19) -> A first; forward would take stage 1 (B 19 > A 18).
    e = election("ABCDEX", 3, "18: A>C; 19: B>D; 17: C; 17: D; 3: E>A; 4: X>A; 6: X>B")
    result = scot(e)
    assert result.quota == Decimal("22.00000")
    assert result.stages[2].elected == (0, 1)
    assert result.lots == ()
    assert [result.name(s.subjects[0]) for s in result.stages[1:]] == ["E", "X", "A", "B", "C"]
    # A's 25 papers at 3/25 = 0.12: 18 A>C -> C +2.16; the 7 E>A and X>A are non-transferable
    assert figures(result, 4) == row(
        "ABCDEX", "22.00000", "25.00000", "19.16000", "17.00000", "0.00000", "0.00000", "0.84000"
    )
    # B's: 19 B>D -> D +2.28; 6 X>B non-transferable
    assert figures(result, 5) == row(
        "ABCDEX", "22.00000", "22.00000", "19.16000", "19.28000", "0.00000", "0.00000", "1.56000"
    )
    assert result.elected_names() == ("A", "B", "D")
    assert_conserved(result)


def test_zero_vote_candidates_are_excluded_one_per_stage() -> None:
    e = election("ABCDE", 1, "4: A; 3: B; 2: C")
    with pytest.raises(LotNeeded):
        scot(e)
    result = scot(e, SuppliedLots(["E>D"]))
    assert result.quota == Decimal("5.00000")
    assert [s.action for s in result.stages] == [Action.FIRST] + [Action.EXCLUSION] * 4
    assert [result.name(s.subjects[0]) for s in result.stages[1:]] == ["D", "E", "C", "B"]
    (lot,) = result.lots
    assert (lot.stage, result.name(lot.chosen)) == (1, "D")
    # after D goes, E (0) is lowest alone; after B goes A is the only continuing candidate
    assert figures(result, 5) == row(
        "ABCDE", "4.00000", "0.00000", "0.00000", "0.00000", "0.00000", "5.00000"
    )
    assert result.elected_names() == ("A",)
    assert decided_at(result)["A"] == (5, "elected")


def test_withdrawn_candidate_is_skipped_on_every_paper() -> None:
    # B withdrew: "B>C" papers count for C at once, "A>B" papers exhaust after A
    e = election("ABCD", 1, "10: A>B; 6: B>C; 3: C; 8: D>B>A", withdrawn="B")
    result = scot(e)
    assert figures(result, 1) == row("ABCD", "10.00000", "0.00000", "9.00000", "8.00000", "0.00000")
    assert result.quota == Decimal("14.00000")
    # D 8 excluded -> A 18 elected
    assert figures(result, 2) == row("ABCD", "18.00000", "0.00000", "9.00000", "0.00000", "0.00000")
    assert result.elected_names() == ("A",)
    assert 1 not in result.excluded


def test_paper_naming_only_withdrawn_candidates_is_not_counted() -> None:
    e = election("ABC", 1, "4: A; 3: C; 2: B", withdrawn="B")
    result = scot(e)
    assert result.valid_papers == Decimal("7.00000")
    assert result.quota == Decimal("4.00000")
    assert result.elected_names() == ("A",)
    assert any("withdrawn" in note for note in result.notes)


def test_fewer_candidates_than_seats() -> None:
    result = scot(election("AB", 3, "5: A>B; 2: B"))
    assert result.elected_names() == ("A", "B")
    assert len(result.stages) == 1
    assert result.notes


def test_as_many_candidates_as_seats_are_elected_at_the_first_stage() -> None:
    result = scot(election("ABC", 3, "5: A>B; 2: B; 1: C"))
    # quota 3: A reaches it; B and C fill the last vacancies at once
    assert [(result.name(d.candidate), d.stage, d.reason) for d in result.decisions] == [
        ("A", 1, "reached the quota"),
        ("B", 1, "last vacancies: as many continuing candidates as seats left"),
        ("C", 1, "last vacancies: as many continuing candidates as seats left"),
    ]


def test_seeded_lots_are_reproducible() -> None:
    e = election("PQXY", 1, EX43)
    first = scot(e, SeededLots(7))
    again = scot(e, SeededLots(7))
    assert first == again
    assert first.lots[0].how == "seed 7"


def test_registered_with_its_law_and_options() -> None:
    rule_set = get("scot-2011")
    assert get("scottish-stv") is rule_set
    assert rule_set.places == 5
    assert rule_set.needs == "ballots"
    assert rule_set.law == "SSI 2011/399 Sch. 1 rules 46–53"
    assert rule_set.in_force.startswith("Scottish local government elections from 2012")
    (option,) = rule_set.options
    assert (option.name, option.default, option.choices) == (
        "truncation",
        "quotient",
        ("quotient", "product"),
    )
    with pytest.raises(RulesError):
        rule_set.resolve({"truncation": "floor"})
