"""sv: the worked examples of spec 02 (2.1-2.5) and hand-counted papers."""

from collections.abc import Sequence
from decimal import Decimal

import pytest

from tellers import (
    NON_TRANSFERABLE,
    Action,
    Ballots,
    Candidate,
    Contest,
    Count,
    Election,
    LotNeeded,
    NoLots,
    RulesError,
    SuppliedLots,
    count,
    get,
)
from tellers.core.lots import LotProvider


def election(names: str, *groups: tuple[int, str]) -> Election:
    """Papers as ``(count, "CA")``: first preference C, second preference A."""
    people = names.split()
    index = {n: i for i, n in enumerate(people)}
    contest = Contest("mayor", 1, tuple(Candidate(n) for n in people))
    return Election(contest, Ballots.of(*((n, [index[x] for x in marks]) for n, marks in groups)))


def sv(e: Election, lots: LotProvider | None = None) -> Count:
    return count(e, "sv", lots=lots or NoLots())


def votes(stage_votes: Sequence[Decimal]) -> list[int]:
    return [int(v) for v in stage_votes]


def moved(result: Count) -> dict[tuple[str, str], int]:
    return {(result.name(t.source), result.name(t.target)): t.papers for t in result.transfers}


# Example 2.1: first preferences A 4,000, B 3,500, C 1,500, D 1,000.
EXAMPLE_2_1 = (
    (4000, "A"),
    (3500, "B"),
    (300, "CA"),
    (700, "CB"),
    (200, "CD"),
    (300, "C"),
    (200, "DA"),
    (500, "DB"),
    (100, "DC"),
    (200, "D"),
)


def test_example_2_1_second_round_needed() -> None:
    result = sv(election("A B C D", *EXAMPLE_2_1))
    first, second = result.stages
    assert first.action is Action.FIRST
    assert votes(first.votes) == [4000, 3500, 1500, 1000]
    assert first.excluded == (2, 3)
    assert second.action is Action.SECOND_PREFERENCES
    assert second.subjects == (2, 3)
    assert votes(second.votes) == [4500, 4700, 0, 0]
    assert second.non_transferable == 800
    assert result.elected_names() == ("B",)
    decision = result.stage_of(1)
    assert decision is not None and decision.stage == 2
    assert [(d.stage, result.name(d.candidate)) for d in result.decisions] == [
        (1, "C"),
        (1, "D"),
        (2, "B"),
    ]
    assert result.lots == ()
    assert moved(result) == {
        ("C", "A"): 300,
        ("C", "B"): 700,
        ("C", "non-transferable"): 500,  # 200 for D (eliminated) and 300 with none
        ("D", "A"): 200,
        ("D", "B"): 500,
        ("D", "non-transferable"): 300,  # 100 for C (eliminated) and 200 with none
    }
    for stage in result.stages:
        assert sum(stage.votes) + stage.non_transferable == 10_000


def test_example_2_1_papers_of_the_remaining_candidates_are_not_examined() -> None:
    # The same count with second preferences written on A's and B's papers.
    papers = [g for g in EXAMPLE_2_1 if g[1] not in ("A", "B")]
    papers += [(1000, "AB"), (3000, "AC"), (3500, "BA")]
    result = sv(election("A B C D", *papers))
    assert votes(result.final.votes) == [4500, 4700, 0, 0]
    assert result.elected_names() == ("B",)


def test_example_2_2_tie_for_second_place_keeps_all_three() -> None:
    result = sv(
        election(
            "A B C D",
            (4000, "A"),
            (3000, "B"),
            (3000, "C"),
            (100, "DA"),
            (150, "DB"),
            (150, "DC"),
            (100, "D"),
        )
    )
    first, second = result.stages
    assert votes(first.votes) == [4000, 3000, 3000, 500]
    assert first.excluded == (3,)
    assert votes(second.votes) == [4100, 3150, 3150, 0]
    assert second.non_transferable == 100
    assert result.elected_names() == ("A",)
    assert result.lots == ()
    assert any("para. 4(3)" in note for note in result.notes)


EXAMPLE_2_3 = (
    (4000, "A"),
    (3500, "B"),
    (300, "CA"),
    (200, "CB"),
    (1000, "C"),
    (200, "DA"),
    (800, "DB"),
)


def test_example_2_3_final_tie_is_decided_by_lot() -> None:
    e = election("A B C D", *EXAMPLE_2_3)
    with pytest.raises(LotNeeded) as caught:
        sv(e)
    assert set(caught.value.tied) == {"A", "B"}
    for order, winner in (("A>B", "A"), ("B>A", "B")):
        result = sv(e, SuppliedLots([order]))
        assert votes(result.final.votes) == [4500, 4500, 0, 0]
        assert result.final.non_transferable == 1000
        assert result.elected_names() == (winner,)
        (lot,) = result.lots
        assert lot.stage == 2 and lot.tied == (0, 1) and result.name(lot.chosen) == winner
        decision = result.stage_of(result.elected[0])
        assert decision is not None and decision.by_lot


def test_example_2_4_outright_win_at_stage_1() -> None:
    result = sv(election("A B C", (5200, "AB"), (3000, "BC"), (1800, "CB")))
    assert len(result.stages) == 1
    assert votes(result.final.votes) == [5200, 3000, 1800]
    assert result.final.elected == (0,)
    assert result.elected_names() == ("A",)
    assert result.transfers == ()


def test_a_bare_majority_is_not_an_outright_win() -> None:
    # Hand count: A 5,000 of 10,000 is not more than half; B's 300 second preferences for A.
    result = sv(election("A B C", (5000, "A"), (3000, "B"), (300, "CA"), (1700, "C")))
    assert len(result.stages) == 2
    assert votes(result.final.votes) == [5300, 3000, 0]
    assert result.elected_names() == ("A",)


def test_example_2_5_i_same_candidate_twice_is_a_first_preference_only() -> None:
    # Hand count: A 40, C 35, B 25 whose papers mark B in both columns.
    once = sv(election("A B C", (40, "A"), (35, "C"), (25, "B")))
    twice = sv(election("A B C", (40, "A"), (35, "C"), (25, "BB")))
    for result in (once, twice):
        assert votes(result.stages[0].votes) == [40, 25, 35]
        assert votes(result.final.votes) == [40, 0, 35]
        assert result.final.non_transferable == 25
        assert result.elected_names() == ("A",)


def test_example_2_5_iv_a_void_second_preference_is_never_counted() -> None:
    # C's papers with two marks in the second column reach the count as (C) alone:
    # when C is eliminated they are non-transferable. Hand count: A 40, B 38, C 22.
    result = sv(election("A B C", (40, "A"), (38, "B"), (10, "CB"), (12, "C")))
    assert votes(result.final.votes) == [40, 48, 0]
    assert result.final.non_transferable == 12
    assert result.elected_names() == ("B",)


def test_example_2_5_ii_and_iii_rejected_papers_never_reach_the_count() -> None:
    e = election("A B C", (3, ""), (5, "AB"))
    with pytest.raises(RulesError, match="no first preference"):
        sv(e)


def test_marks_after_the_second_are_ignored() -> None:
    # Hand count: D's papers ranked D > C > A: C is eliminated, so they are
    # non-transferable; a third preference for A does not count.
    result = sv(election("A B C D", (40, "A"), (38, "B"), (12, "C"), (10, "DCA")))
    assert votes(result.final.votes) == [40, 38, 0, 0]
    assert result.final.non_transferable == 22
    assert result.elected_names() == ("A",)


def test_fewer_than_three_candidates_is_a_simple_majority() -> None:
    result = sv(election("A B", (40, "AB"), (45, "BA")))
    assert len(result.stages) == 1
    assert result.final.action is Action.COUNT
    assert result.elected_names() == ("B",)
    assert any("fewer than three candidates" in note for note in result.notes)
    tied = election("A B", (40, "A"), (40, "B"))
    with pytest.raises(LotNeeded):
        sv(tied)
    assert sv(tied, SuppliedLots(["B>A"])).elected_names() == ("B",)


def test_withdrawn_candidates_do_not_count_towards_three() -> None:
    people = (Candidate("A"), Candidate("B"), Candidate("C"))
    contest = Contest("mayor", 1, people, withdrawn=frozenset({2}))
    result = sv(Election(contest, Ballots.of((40, [0]), (45, [1, 0]))))
    assert result.elected_names() == ("B",)
    assert any("fewer than three" in note for note in result.notes)
    with pytest.raises(RulesError, match="withdrew"):
        sv(Election(contest, Ballots.of((40, [0, 2]), (45, [1]))))


def test_the_rule_set_and_its_aliases() -> None:
    rule_set = get("sv")
    assert get("gla-mayor-sv") is rule_set and get("supplementary-vote") is rule_set
    assert "4 May 2023" in rule_set.in_force
    assert "GLA Act 1999" in rule_set.law
    with pytest.raises(RulesError):
        count(
            Election(
                Contest("x", 2, (Candidate("A"), Candidate("B"), Candidate("C"))),
                Ballots.of((1, [0])),
            ),
            "sv",
        )


def test_transfer_targets_are_candidates_or_non_transferable() -> None:
    result = sv(election("A B C D", *EXAMPLE_2_1))
    for transfer in result.transfers:
        assert transfer.stage == 2
        assert transfer.source in result.stages[0].excluded
        assert transfer.target in (0, 1, NON_TRANSFERABLE)
        assert transfer.value == transfer.papers
