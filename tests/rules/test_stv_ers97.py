"""Rule set ers97 against spec 06 Part B (examples 6.3, 6.4) and the spec README's quotas.

Expected figures are the spec's; the other cases are worked by hand in the comments.
ERS97's sheet prints one non-transferable column; the count keeps the value lost
by truncating transfer values apart as loss to rounding, so the tests add the two.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tellers.core.count import Action, Count, Outcome
from tellers.core.lots import LotProvider, NoLots, SuppliedLots
from tellers.errors import LotNeeded
from tellers.rules import count, get

from .strategies import EX41, EX42, assert_conserved, decided_at, election, figures, row


def ers97(names: str, seats: int, papers: str, lots: LotProvider | None = None) -> Count:
    return count(election(names, seats, papers), "ers97", None, lots or NoLots())


def test_registered() -> None:
    assert get("ers97").places == 2


def test_63_on_the_41_ballots() -> None:
    result = ers97("ABCDE", 3, EX41)
    # README: 100 papers, 3 places -> 100/4 = 25.00 exactly, no 0.01 added
    assert result.quota == Decimal("25.00")
    assert [figures(result, s) for s in (1, 2, 3)] == [
        row("ABCDE", "41.00", "19.00", "17.00", "12.00", "11.00", "0.00"),
        # all 41 papers at trunc2(16/41) = 0.39: B +7.80, C +4.68, D +3.51, 0.01 lost
        row("ABCDE", "25.00", "26.80", "21.68", "15.51", "11.00", "0.01"),
        # B's 1.80 deferred (does not exceed D - E = 4.51); E alone excluded: D 26.51
        row("ABCDE", "25.00", "26.80", "21.68", "26.51", "0.00", "0.01"),
    ]
    _, s2, s3 = result.stages
    assert s2.transfer_values == (Decimal("0.39"),)
    assert str(s2.loss_to_rounding) == "0.01"
    assert (s3.action, s3.subjects, s3.excluded, s3.deferred) == (
        Action.EXCLUSION,
        (4,),
        (4,),
        (1,),
    )
    assert result.elected_names() == ("A", "B", "D")
    assert decided_at(result) == {
        "A": (1, "elected"),
        "B": (2, "elected"),
        "E": (3, "excluded"),
        "D": (3, "elected"),
    }
    assert len(result.stages) == 3
    assert_conserved(result)


def test_64_forward_tie_break_and_active_vote() -> None:
    result = ers97("PQXYWZ", 2, EX42)
    # README: 78 papers, 2 places -> 26.00
    assert result.quota == Decimal("26.00")
    assert result.stages[0].elected == (0,)
    assert [result.name(s.subjects[0]) for s in result.stages[1:]] == ["Z", "W", "X"]
    assert figures(result, 2)["X"] == "13.00" and figures(result, 2)["Q"] == "22.00"
    assert figures(result, 3)["Y"] == "13.00" and figures(result, 3)["NT"] == "4.00"
    final = figures(result, 4)
    assert (final["P"], final["Y"], final["Q"], final["NT"]) == ("26.00", "23.00", "22.00", "7.00")
    assert result.elected_names() == ("P", "Y")
    (y,) = [d for d in result.decisions if d.outcome is Outcome.ELECTED and d.candidate == 3]
    assert y.stage == 4 and y.reason == "active-vote threshold"
    assert result.lots == ()
    assert_conserved(result)


def test_bulk_exclusion_and_quota_recalculation() -> None:
    # 40 papers, 2 places: quota 40/3 = 13.33.. -> 13.33 + 0.01 = 13.34. Stage 1: A 12, B 11,
    # F 10, C 3, D 2, E 2; nobody elected. Bulk exclusion (§5.2.5): D + E + C = 7 <= F 10,
    # adding F (17) exceeds B 11, so C, D, E go together. One batch at 1.00: C>A -> A 15,
    # D>B -> B 13, E's 2 papers non-transferable. Nobody was elected yet, so the quota is
    # recalculated (§5.4.8): 38/3 -> 12.67; A 15 and B 13 are elected.
    result = ers97("ABFCDE", 2, "12: A; 11: B; 10: F; 3: C>A; 2: D>B; 2: E")
    assert len(result.stages) == 2
    second = result.stages[1]
    assert sorted(result.name(c) for c in second.excluded) == ["C", "D", "E"]
    assert figures(result, 2) == row(
        "ABFCDE", "15.00", "13.00", "10.00", "0.00", "0.00", "0.00", "2.00"
    )
    assert result.quota == Decimal("12.67")
    assert "12.67" in second.note
    assert second.elected == (0, 1)
    assert_conserved(result)


def test_equal_votes_for_too_few_places_elect_nobody() -> None:
    # 1 place, quota 10/2 = 5.00: A and B both have it but compete for one place, equal
    # throughout: nobody is elected at stage 1 (§5.6.2). Then the lowest is excluded (a lot
    # between A and B), leaving one continuing candidate for one place (§5.5.1).
    with pytest.raises(LotNeeded):
        ers97("AB", 1, "5: A; 5: B")
    result = ers97("AB", 1, "5: A; 5: B", SuppliedLots(["A>B"]))
    assert result.stages[0].elected == ()
    assert decided_at(result) == {"B": (2, "excluded"), "A": (2, "elected")}
    assert result.decisions[0].by_lot
    assert result.final.elected == (0,)
    assert_conserved(result)


def test_a_later_surplus_carries_only_the_last_batch() -> None:
    # 3 places, 40 papers, quota 10.00. Stage 1: A 16 elected. Surplus 6 exceeds D - E = 1
    # and E + D + 6 exceeds C 7, so it moves: all 16 papers transferable (worth 16 > 6),
    # TV trunc2(6/16) = 0.37, B 8 + 5.92 = 13.92 (elected), loss 0.08.
    # Stage 3: B's surplus 3.92 carries only the last batch, the 16 papers at 0.37 (worth
    # 5.92 > 3.92): TV trunc2(3.92/16) = 0.24, C 7 + 3.84 = 10.84 (elected), loss 0.08.
    # B's own 8 B>D papers stay with B: D keeps 5.00.
    result = ers97("ABCDE", 3, "16: A>B>C; 8: B>D; 7: C; 5: D; 4: E")
    assert result.quota == Decimal("10.00")
    assert figures(result, 2) == row("ABCDE", "10.00", "13.92", "7.00", "5.00", "4.00", "0.08")
    assert figures(result, 3) == row("ABCDE", "10.00", "10.00", "10.84", "5.00", "4.00", "0.16")
    assert [s.transfer_values for s in result.stages[1:]] == [
        (Decimal("0.37"),),
        (Decimal("0.24"),),
    ]
    assert result.elected_names() == ("A", "B", "C")
    assert_conserved(result)


def test_surplus_at_present_value_when_few_papers_transfer() -> None:
    # 2 places, 30 papers, quota 10.00. Stage 1: A 14 elected (surplus 4); of A's papers only
    # the 2 A>B transfer (worth 2 <= 4), so they move at their present value 1.00: B 8 + 2
    # = 10 (elected); the other 2.00 of the surplus is non-transferable (§5.3.7).
    result = ers97("ABC", 2, "12: A; 2: A>B; 8: B; 8: C")
    assert figures(result, 2) == row("ABC", "10.00", "10.00", "8.00", "2.00")
    assert str(result.stages[1].non_transferable) == "2.00"
    assert result.stages[1].transfer_values == (Decimal("1.00"),)
    assert result.elected_names() == ("A", "B")
    assert_conserved(result)
