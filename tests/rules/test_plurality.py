"""uk-fptp: the worked examples of spec 01 (1.1-1.5) and hand-counted papers."""

from decimal import Decimal

import pytest

from tellers import (
    Ballots,
    Candidate,
    Contest,
    Election,
    LotNeeded,
    NoLots,
    RulesError,
    SuppliedLots,
    Totals,
    count,
)
from tellers.core.values import percent


def totals(
    names: str | list[str],
    votes: list[int],
    seats: int = 1,
    papers: int | None = None,
    **facts: int,
) -> Election:
    people = tuple(Candidate(n) for n in (names.split() if isinstance(names, str) else names))
    rejected = {k: v for k, v in facts.items() if k != "rejected_in_part"}
    return Election(
        Contest("ward", seats, people),
        Totals(tuple(votes), papers),
        rejected=rejected,
        rejected_in_part=facts.get("rejected_in_part"),
    )


def test_example_1_1_single_member_seat() -> None:
    election = totals(
        "A B C",
        [420, 380, 200],
        papers=1000,
        want_of_official_mark=1,
        too_many_votes=3,
        voter_identifiable=0,
        unmarked_or_void_for_uncertainty=6,
    )
    result = count(election, "uk-fptp")
    assert result.elected_names() == ("A",)
    assert len(result.stages) == 1
    assert result.final.votes == (Decimal(420), Decimal(380), Decimal(200))
    assert result.valid_papers == 1000
    assert result.lots == ()
    # majority 40 = 4.0% of valid votes; 1,010 papers counted; turnout 40.4% and 40.0%
    votes = sorted((int(v) for v in result.final.votes), reverse=True)
    assert votes[0] - votes[1] == 40
    assert percent(votes[0] - votes[1], 1000) == "4.0"
    assert election.papers_counted == 1010
    assert percent(1010, 2500) == "40.4"
    assert percent(1000, 2500) == "40.0"
    assert dict(election.rejected) == {
        "want_of_official_mark": 1,
        "too_many_votes": 3,
        "voter_identifiable": 0,
        "unmarked_or_void_for_uncertainty": 6,
    }


def test_example_1_2_three_member_ward() -> None:
    names = "Lab1 Lab2 Con1 Lab3 Con2 Con3 Grn"
    election = totals(
        names,
        [640, 610, 600, 590, 560, 500, 300],
        seats=3,
        papers=1488,
        want_of_official_mark=0,
        too_many_votes=8,
        voter_identifiable=1,
        unmarked_or_void_for_uncertainty=3,
        rejected_in_part=3,
    )
    result = count(election, "uk-fptp")
    assert result.elected_names() == ("Lab1", "Lab2", "Con1")
    assert election.papers_counted == 1500
    assert election.rejected_in_part == 3
    votes = [int(v) for v in result.final.votes]
    assert sum(votes) == 3800 <= 3 * 1488
    # majority of the last elected over the highest unelected
    last_elected = min(votes[c] for c in result.elected)
    best_unelected = max(v for c, v in enumerate(votes) if c not in result.elected)
    assert last_elected - best_unelected == 10
    assert result.lots == ()


def test_example_1_3_tie_across_the_last_seat_needs_a_lot() -> None:
    election = totals("A B C D", [500, 450, 450, 300], seats=2)
    with pytest.raises(LotNeeded) as caught:
        count(election, "uk-fptp", lots=NoLots())
    assert set(caught.value.tied) == {"B", "C"}
    result = count(election, "uk-fptp", lots=SuppliedLots(["C>B"]))
    assert set(result.elected_names()) == {"A", "C"}
    (lot,) = result.lots
    assert lot.tied == (1, 2)
    assert lot.order == (2, 1)
    assert lot.chosen == 2
    decision = result.stage_of(2)
    assert decision is not None and decision.by_lot
    assert "additional vote" in decision.reason
    a = result.stage_of(0)
    assert a is not None and not a.by_lot
    # the counted totals are reported unchanged
    assert result.final.votes == (Decimal(500), Decimal(450), Decimal(450), Decimal(300))


def test_example_1_4_tie_below_the_boundary_needs_no_lot() -> None:
    result = count(totals("A B C D", [500, 460, 300, 300], seats=2), "uk-fptp", lots=NoLots())
    assert set(result.elected_names()) == {"A", "B"}
    assert result.lots == ()


def test_example_1_5_two_candidate_tie() -> None:
    election = totals("A B", [812, 812], papers=1624, unmarked_or_void_for_uncertainty=5)
    with pytest.raises(LotNeeded):
        count(election, "uk-fptp")
    for order, winner in (("A>B", "A"), ("B>A", "B")):
        result = count(election, "uk-fptp", lots=SuppliedLots([order]))
        assert result.elected_names() == (winner,)
        (lot,) = result.lots
        assert lot.stage == 1 and result.name(lot.chosen) == winner
        decision = result.stage_of(result.elected[0])
        assert decision is not None and decision.by_lot
        assert "additional vote" in decision.reason
        assert result.final.votes == (Decimal(812), Decimal(812))
    assert election.rejected_total == 5


def test_block_vote_from_marked_papers_counts_each_mark_once() -> None:
    # Hand count, two seats: 5 x (A, B), 3 x (A, C), 2 x (B), 1 x (C), 2 x (C, A, B).
    # A 5 + 3 + 2 = 10, B 5 + 2 = 7, C 3 + 1 + 2 = 6: a paper's marks beyond the
    # number of seats are not counted (B would have 9).
    contest = Contest("ward", 2, (Candidate("A"), Candidate("B"), Candidate("C")))
    ballots = Ballots.of((5, [0, 1]), (3, [0, 2]), (2, [1]), (1, [2]), (2, [2, 0, 1]))
    result = count(Election(contest, ballots), "uk-fptp", lots=NoLots())
    assert [int(v) for v in result.final.votes] == [10, 7, 6]
    assert result.elected_names() == ("A", "B")
    assert result.valid_papers == 13


def test_block_vote_tie_for_the_last_seat_from_papers() -> None:
    # Hand count, two seats: A 8, B 7, C 7.
    contest = Contest("ward", 2, (Candidate("A"), Candidate("B"), Candidate("C")))
    ballots = Ballots.of((5, [0, 1]), (3, [0, 2]), (2, [1]), (4, [2]))
    with pytest.raises(LotNeeded):
        count(Election(contest, ballots), "uk-fptp", lots=NoLots())
    result = count(Election(contest, ballots), "uk-fptp", lots=SuppliedLots(["B>C"]))
    assert [int(v) for v in result.final.votes] == [8, 7, 7]
    assert set(result.elected_names()) == {"A", "B"}


def test_single_member_from_ranked_papers_counts_first_preferences_only() -> None:
    contest = Contest("seat", 1, (Candidate("A"), Candidate("B"), Candidate("C")))
    ballots = Ballots.of((4, [0, 1]), (5, [1, 0]), (3, [2, 0]))
    result = count(Election(contest, ballots), "fptp")
    assert [int(v) for v in result.final.votes] == [4, 5, 3]
    assert result.elected_names() == ("B",)
    assert result.final.non_transferable == 0
    assert result.valid_papers == 12


def test_fewer_candidates_than_seats_are_all_elected() -> None:
    result = count(totals("A B", [10, 3], seats=3), "uk-fptp")
    assert set(result.elected_names()) == {"A", "B"}
    assert any("all elected" in note for note in result.notes)


def test_a_paper_without_a_first_preference_is_refused() -> None:
    contest = Contest("seat", 1, (Candidate("A"), Candidate("B")))
    with pytest.raises(RulesError, match="no first preference"):
        count(Election(contest, Ballots.of((3, []), (4, [0]))), "uk-fptp")


def test_votes_for_a_withdrawn_candidate_are_refused() -> None:
    contest = Contest("seat", 1, (Candidate("A"), Candidate("B")), withdrawn=frozenset({1}))
    with pytest.raises(RulesError, match="withdrew"):
        count(Election(contest, Ballots.of((3, [1]), (4, [0]))), "uk-fptp")
    with pytest.raises(RulesError, match="withdrew"):
        count(Election(contest, Totals((4, 3))), "uk-fptp")
    result = count(Election(contest, Totals((4, 0))), "uk-fptp")
    assert result.elected_names() == ("A",)


def test_totals_must_match_the_candidates() -> None:
    contest = Contest("seat", 1, (Candidate("A"), Candidate("B")))
    with pytest.raises(RulesError, match="3 vote totals for 2 candidates"):
        count(Election(contest, Totals((1, 2, 3))), "uk-fptp")
