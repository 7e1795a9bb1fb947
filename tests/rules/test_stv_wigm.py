"""Rule set wigm: spec 04's worked examples under the default options, and the options.

Every expected figure is the spec's (04 examples 4.1–4.5, 06 example 6.1) or
worked by hand in the comments. The spec prints one "non-transferable" column
that includes the value lost to truncation; the tests compare it with the sum
of the two running totals the count keeps apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pytest

from tellers.core.count import Action, Count
from tellers.core.lots import LotProvider, NoLots, SuppliedLots
from tellers.core.model import Election, Totals
from tellers.errors import LotNeeded, RulesError
from tellers.rules import count, get

from .strategies import (
    EX41,
    EX42,
    EX43,
    EX44,
    EX45,
    EX61,
    assert_conserved,
    decided_at,
    election,
    figures,
    row,
)


def wigm(
    e: Election, lots: LotProvider | None = None, options: Mapping[str, object] | None = None
) -> Count:
    return count(e, "wigm", options, lots or NoLots())


def test_registered_with_the_scottish_defaults() -> None:
    rules = get("wigm")
    assert rules.name == "wigm"
    assert get("scot-2011").name == "scot-2011"
    defaults = {o.name: o.default for o in rules.options}
    assert defaults == {
        "quota": "droop",
        "quota-form": "integer",
        "places": 5,
        "look-back": "backward",
        "elect-at": "reach",
        "surplus-papers": "all",
        "truncation": "quotient",
    }


def test_41() -> None:
    result = wigm(election("ABCDE", 3, EX41))
    assert result.quota == Decimal("26.00000")
    assert result.places == 5
    assert [figures(result, s) for s in (1, 2, 3, 4)] == [
        row("ABCDE", "41.00000", "19.00000", "17.00000", "12.00000", "11.00000", "0.00000"),
        row("ABCDE", "26.00000", "26.31700", "21.39020", "15.29265", "11.00000", "0.00015"),
        row("ABCDE", "26.00000", "26.00000", "21.59860", "15.29265", "11.10836", "0.00039"),
        row("ABCDE", "26.00000", "26.00000", "21.59860", "26.40101", "0.00000", "0.00039"),
    ]
    assert result.stages[1].transfer_values == (Decimal("0.36585"),)
    assert result.stages[2].transfer_values == (Decimal("0.01204"), Decimal("0.00440"))
    assert result.elected_names() == ("A", "B", "D")
    assert decided_at(result) == {
        "A": (1, "elected"),
        "B": (2, "elected"),
        "E": (4, "excluded"),
        "D": (4, "elected"),
    }
    assert_conserved(result)


def test_42_backward_look_back() -> None:
    result = wigm(election("PQXYWZ", 2, EX42))
    assert result.quota == Decimal("27.00000")
    assert [result.name(s.subjects[0]) for s in result.stages[1:]] == ["Z", "W", "Y", "Q"]
    assert figures(result, 3) == row(
        "PQXYWZ", "26.00000", "22.00000", "13.00000", "13.00000", "0.00000", "0.00000", "4.00000"
    )
    assert result.elected_names() == ("P", "X")
    assert result.lots == ()


def test_42_forward_look_back_excludes_x() -> None:
    # Forward: the first stage where X and Y differ is stage 1 (X 10, Y 11) -> exclude X:
    # stage 4: 10 X>Y -> Y 13 + 10 = 23; 3 Z>X -> non-transferable: P 26, Q 22, Y 23, NT 7.
    # Stage 5: exclude Q (22 all non-transferable); P and Y fill the two seats.
    result = wigm(election("PQXYWZ", 2, EX42), options={"look-back": "forward"})
    assert result.name(result.stages[3].subjects[0]) == "X"
    assert figures(result, 4) == row(
        "PQXYWZ", "26.00000", "22.00000", "0.00000", "23.00000", "0.00000", "0.00000", "7.00000"
    )
    assert result.elected_names() == ("P", "Y")
    assert result.options["look-back"] == "forward"


def test_43_lot() -> None:
    with pytest.raises(LotNeeded):
        wigm(election("PQXY", 1, EX43))
    result = wigm(election("PQXY", 1, EX43), SuppliedLots(["Y>X"]))
    assert result.quota == Decimal("25.00000")
    (lot,) = result.lots
    assert (lot.stage, result.name(lot.chosen)) == (1, "X")
    assert decided_at(result) == {"X": (2, "excluded"), "P": (2, "elected")}
    other = wigm(election("PQXY", 1, EX43), SuppliedLots(["X>Y"]))
    assert decided_at(other) == {"Y": (2, "excluded"), "X": (3, "excluded"), "P": (3, "elected")}


@pytest.mark.parametrize(
    ("lot", "d_final", "stages"), [("A>B", "10.00000", 2), ("B>A", "17.00000", 3)]
)
def test_44_equal_surpluses(lot: str, d_final: str, stages: int) -> None:
    result = wigm(election("ABCD", 3, EX44), SuppliedLots([lot]))
    assert result.quota == Decimal("21.00000")
    assert len(result.stages) == stages
    assert figures(result, stages)["C"] == "21.00000"
    assert figures(result, stages)["D"] == d_final
    assert sorted(result.elected_names()) == ["A", "B", "C"]


def test_45_inclusive() -> None:
    result = wigm(election("BCDEFG", 3, EX45))
    assert figures(result, 4) == row(
        "BCDEFG",
        "26.00000",
        "26.54038",
        "22.45935",
        "0.00000",
        "25.00000",
        "0.00000",
        "0.00027",
    )
    assert result.stages[3].transfer_values == (Decimal("0.29729"),)
    assert figures(result, 5)["NT"] == "0.54065"
    assert figures(result, 6)["NT"] == "23.00000"
    assert result.elected_names() == ("B", "C", "F")
    assert_conserved(result)


def test_45_last_parcel_elects_b_d_f() -> None:
    # By hand. Stages 1-3 as under the defaults (G, then E excluded; B 37 elected).
    # Stage 4: only B's last parcel moves: the 15 E>B>D papers received at stage 3 (value
    # 15). TV = trunc5(11 x 1 / 15) = 0.73333 -> D + 10.99995 = 28.99995 (elected);
    # loss 11 - 10.99995 = 0.00005.
    # Stage 5: D's surplus 2.99995 on D's last parcel (those 15 papers, value 10.99995):
    # trunc5(2.99995 x 0.73333 / 10.99995) = trunc5(0.1999966...) = 0.19999; every paper
    # ends at D: 15 x 0.19999 = 2.99985 non-transferable, loss 0.00010 -> NT column 3.00000.
    # Stage 6: exclude C (20 < F 25), all non-transferable; F fills the last seat.
    result = wigm(election("BCDEFG", 3, EX45), options={"surplus-papers": "last-parcel"})
    assert figures(result, 4) == row(
        "BCDEFG",
        "26.00000",
        "20.00000",
        "28.99995",
        "0.00000",
        "25.00000",
        "0.00000",
        "0.00005",
    )
    assert result.stages[3].transfer_values == (Decimal("0.73333"),)
    assert result.stages[4].transfer_values == (Decimal("0.19999"),)
    assert figures(result, 5) == row(
        "BCDEFG",
        "26.00000",
        "20.00000",
        "26.00000",
        "0.00000",
        "25.00000",
        "0.00000",
        "3.00000",
    )
    assert str(result.stages[4].non_transferable) == "2.99985"
    assert str(result.stages[4].loss_to_rounding) == "0.00015"
    assert figures(result, 6)["NT"] == "23.00000"
    assert result.elected_names() == ("B", "D", "F")
    assert decided_at(result)["C"] == (6, "excluded")
    assert_conserved(result)


def test_61_scottish_rules_elect_a_b_d() -> None:
    for rules in ("wigm", "scot-2011"):
        result = count(election("ABCD", 3, EX61), rules, None, NoLots())
        assert result.quota == Decimal("26.00000")
        assert result.stages[1].transfer_values == (Decimal("0.35000"),)
        assert figures(result, 2) == row(
            "ABCD", "26.00000", "26.00000", "20.00000", "28.00000", "0.00000"
        )
        assert result.elected_names() == ("A", "B", "D")


def test_places_and_quota_options() -> None:
    # 100 papers, 3 seats. Droop integer 26; fractional 25 (exact); fractional-plus 25.01
    # at 2 places; Hare integer ⌊100/3⌋ + 1 = 34; Hare fractional 33.34 at 2 places
    # (100/3 rounded up); Hare fractional-plus 33.33 + 0.01 = 33.34.
    e = election("ABCDE", 3, EX41)
    cases: list[tuple[dict[str, object], str]] = [
        ({"places": 2}, "26.00"),
        ({"places": 2, "quota-form": "fractional"}, "25.00"),
        ({"places": 2, "quota-form": "fractional-plus"}, "25.01"),
        ({"places": 2, "quota": "hare"}, "34.00"),
        ({"places": 2, "quota": "hare", "quota-form": "fractional"}, "33.34"),
        ({"places": 2, "quota": "hare", "quota-form": "fractional-plus"}, "33.34"),
        ({"places": 0}, "26"),
    ]
    for options, quota in cases:
        result = wigm(e, options=options)
        assert str(result.quota) == quota, options
        assert result.places == options["places"]
        assert str(result.final.votes[0]).count(".") == (1 if options["places"] else 0)
        assert_conserved(result)


def test_two_places_on_41() -> None:
    # Stage 2 at 2 places: TV = trunc2(15/41) = 0.36: B 19 + 7.20, C 17 + 4.32, D 12 + 3.24,
    # loss 15 - 41 x 0.36 = 0.24.
    result = wigm(election("ABCDE", 3, EX41), options={"places": 2})
    assert figures(result, 2) == row("ABCDE", "26.00", "26.20", "21.32", "15.24", "11.00", "0.24")


def test_elect_at_exceed() -> None:
    # 4.2's ballots with a fractional Droop quota 26 (78/3): P 26 reaches but does not
    # exceed it, so P is not elected at stage 1 under "exceed".
    e = election("PQXYWZ", 2, EX42)
    reach = wigm(e, options={"quota-form": "fractional"})
    exceed = wigm(e, options={"quota-form": "fractional", "elect-at": "exceed"})
    assert reach.quota == exceed.quota == Decimal("26.00000")
    assert reach.stages[0].elected == (0,)
    assert exceed.stages[0].elected == ()
    assert exceed.decisions[-1].reason.startswith(("exceeded", "last vacancies"))


def test_more_at_the_quota_than_vacancies() -> None:
    # Fractional Droop quota 10/2 = 5 for 1 seat: A 5 and B 5 both reach it; equal at
    # every stage, so a lot chooses; the lot is recorded at stage 1.
    e = election("AB", 1, "5: A; 5: B")
    with pytest.raises(LotNeeded):
        wigm(e, options={"quota-form": "fractional"})
    result = wigm(e, SuppliedLots(["B>A"]), {"quota-form": "fractional"})
    assert result.elected_names() == ("B",)
    assert result.decisions[0].by_lot
    assert result.stages[0].lots[0].chosen == 1


def test_bad_options() -> None:
    e = election("AB", 1, "5: A; 4: B")
    with pytest.raises(RulesError):
        wigm(e, options={"quota": "imperiali"})
    with pytest.raises(RulesError):
        wigm(e, options={"places": -1})
    with pytest.raises(RulesError):
        count(Election(e.contest, Totals((5, 4))), "wigm", None, NoLots())


def test_first_stage_action() -> None:
    result = wigm(election("ABCDE", 3, EX41))
    assert result.stages[0].action is Action.FIRST
    assert result.rules == "wigm"
