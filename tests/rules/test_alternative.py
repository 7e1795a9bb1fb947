"""av and exhaustive: the worked examples of spec 03 (3.1-3.5) and hand counts."""

from collections.abc import Mapping

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
    Outcome,
    RulesError,
    SuppliedLots,
    Totals,
    count,
    get,
)
from tellers.core.lots import LotProvider


def election(names: str, *groups: tuple[int, str]) -> Election:
    """Papers as ``(count, "DC")``: D first, then C."""
    people = names.split()
    index = {n: i for i, n in enumerate(people)}
    contest = Contest("seat", 1, tuple(Candidate(n) for n in people))
    return Election(contest, Ballots.of(*((n, [index[x] for x in marks]) for n, marks in groups)))


def av(
    e: Election, lots: LotProvider | None = None, options: Mapping[str, object] | None = None
) -> Count:
    return count(e, "av", options, lots or NoLots())


def table(result: Count) -> list[list[int]]:
    """Each stage's votes as whole numbers."""
    return [[int(v) for v in stage.votes] for stage in result.stages]


def moved(result: Count, stage: int) -> dict[tuple[str, str], int]:
    return {
        (result.name(t.source), result.name(t.target)): t.papers
        for t in result.transfers
        if t.stage == stage
    }


def decisions(result: Count) -> list[tuple[int, str, str]]:
    return [(d.stage, result.name(d.candidate), d.outcome.value) for d in result.decisions]


def conserved(result: Count, papers: int) -> bool:
    return all(sum(s.votes) + s.non_transferable == papers for s in result.stages)


# -- spec 03 worked examples ---------------------------------------------------------


def test_example_3_1_basic_count() -> None:
    result = av(election("A B C D", (40, "A"), (25, "BC"), (20, "CB"), (10, "DC"), (5, "D")))
    assert table(result) == [[40, 25, 20, 15], [40, 25, 30, 0], [40, 0, 55, 0]]
    assert [int(s.non_transferable) for s in result.stages] == [0, 5, 5]
    assert [s.action for s in result.stages] == [Action.FIRST, Action.EXCLUSION, Action.EXCLUSION]
    assert [s.subjects for s in result.stages] == [(), (3,), (1,)]
    assert decisions(result) == [(1, "D", "excluded"), (2, "B", "excluded"), (3, "C", "elected")]
    assert moved(result, 2) == {("D", "C"): 10, ("D", "non-transferable"): 5}
    assert moved(result, 3) == {("B", "C"): 25}
    assert result.lots == ()
    assert conserved(result, 100)
    # declaration order, fewest first: D 15 (stage 1), B 25 (stage 2), A 40, C 55
    best = {c: max(int(s.votes[c]) for s in result.stages) for c in range(4)}
    assert sorted(best, key=best.__getitem__) == [3, 1, 0, 2]
    assert [best[c] for c in (3, 1, 0, 2)] == [15, 25, 40, 55]


def test_example_3_2_tie_for_elimination_resolved_by_first_preferences() -> None:
    result = av(
        election("A B C D E", (30, "A"), (25, "B"), (20, "CB"), (17, "DC"), (3, "EDC"), (5, "EA"))
    )
    assert table(result) == [
        [30, 25, 20, 17, 8],
        [35, 25, 20, 20, 0],
        [35, 25, 40, 0, 0],
        [35, 0, 40, 0, 0],
    ]
    assert moved(result, 2) == {("E", "D"): 3, ("E", "A"): 5}
    assert moved(result, 3) == {("D", "C"): 20}
    assert moved(result, 4) == {("B", "non-transferable"): 25}
    assert int(result.final.non_transferable) == 25
    assert decisions(result) == [
        (1, "E", "excluded"),
        (2, "D", "excluded"),
        (3, "B", "excluded"),
        (4, "C", "elected"),
    ]
    d = result.stage_of(3)
    assert d is not None and not d.by_lot and "first preferences" in d.reason and "49" in d.reason
    assert result.lots == ()
    assert conserved(result, 100)


def test_example_3_3_final_two_tied_resolved_by_first_preferences() -> None:
    result = av(election("A B C D", (35, "A"), (30, "B"), (20, "CB"), (15, "DA")))
    assert table(result) == [[35, 30, 20, 15], [50, 30, 20, 0], [50, 50, 0, 0]]
    assert result.elected_names() == ("A",)
    assert result.final.number == 3 and result.final.elected == (0,)
    d = result.stage_of(0)
    assert d is not None and not d.by_lot and "49A" in d.reason
    assert result.lots == ()


EXAMPLE_3_4 = ((40, "A"), (30, "B"), (15, "CA"), (15, "DB"))


def test_example_3_4_tie_at_the_first_stage_needs_a_lot() -> None:
    with pytest.raises(LotNeeded) as caught:
        av(election("A B C D", *EXAMPLE_3_4))
    assert caught.value.stage == 1
    assert set(caught.value.tied) == {"C", "D"}


def test_example_3_4_lot_eliminates_c() -> None:
    # the lot favours D, so C (the last drawn) is eliminated
    result = av(election("A B C D", *EXAMPLE_3_4), SuppliedLots(["D>C"]))
    assert table(result) == [[40, 30, 15, 15], [55, 30, 0, 15]]
    assert result.elected_names() == ("A",) and result.final.number == 2
    (lot,) = result.lots
    assert lot.stage == 1 and lot.tied == (2, 3) and lot.order == (3, 2) and lot.chosen == 2
    assert result.stages[0].lots == (lot,)
    d = result.stage_of(2)
    assert d is not None and d.by_lot and d.outcome is Outcome.EXCLUDED and d.stage == 1


def test_example_3_4_lot_eliminates_d() -> None:
    result = av(election("A B C D", *EXAMPLE_3_4), SuppliedLots(["C>D"]))
    assert table(result) == [[40, 30, 15, 15], [40, 45, 15, 0], [55, 45, 0, 0]]
    assert result.elected_names() == ("A",) and result.final.number == 3
    (lot,) = result.lots
    assert lot.stage == 1 and lot.chosen == 3
    assert decisions(result) == [(1, "D", "excluded"), (2, "C", "excluded"), (3, "A", "elected")]


# -- rules 49 and 49A, hand counts ---------------------------------------------------


def test_rule_49_looks_forward_from_the_first_stage() -> None:
    # Hand count. Stage 1: A 20, X 10, Y 11, V 4, W 3 -> W out (2 to X, 1 none).
    # Stage 2: A 20, X 12, Y 11, V 4 -> V out (1 to Y, 3 none).
    # Stage 3: A 20, X 12, Y 12: X and Y tie. Forward: stage 1 X 10 < Y 11 -> X out
    # (a backward look at stage 2, X 12 > Y 11, would eliminate Y).
    # Stage 4: X's 10 to A, W's 2 none: A 30, Y 12 -> A elected.
    result = av(
        election(
            "A X Y V W",
            (20, "A"),
            (10, "XA"),
            (11, "Y"),
            (1, "VY"),
            (3, "V"),
            (2, "WX"),
            (1, "W"),
        )
    )
    assert table(result) == [
        [20, 10, 11, 4, 3],
        [20, 12, 11, 4, 0],
        [20, 12, 12, 0, 0],
        [30, 0, 12, 0, 0],
    ]
    assert [int(s.non_transferable) for s in result.stages] == [0, 1, 4, 6]
    assert decisions(result) == [
        (1, "W", "excluded"),
        (2, "V", "excluded"),
        (3, "X", "excluded"),
        (4, "A", "elected"),
    ]
    assert result.lots == ()


def test_rule_49_narrows_a_three_way_tie_stage_by_stage() -> None:
    # Hand count. Stage 1: A 30, X 10, Y 10, Z 12, V 4, W 3 -> W out (1 to Y, 2 none).
    # Stage 2: A 30, X 10, Y 11, Z 12, V 4 -> V out (2 to X, 1 to Y, 1 none).
    # Stage 3: A 30, X 12, Y 12, Z 12: stage 1 leaves X and Y (10 < 12), stage 2
    # separates them (10 < 11) -> X out (10 to Z, V's 2 none).
    # Stage 4: A 30, Y 12, Z 22 -> Y out (10 to A, 2 none). Stage 5: A 40, Z 22.
    result = av(
        election(
            "A X Y Z V W",
            (30, "A"),
            (10, "XZ"),
            (10, "YA"),
            (12, "Z"),
            (2, "VX"),
            (1, "VY"),
            (1, "V"),
            (1, "WY"),
            (2, "W"),
        )
    )
    assert table(result) == [
        [30, 10, 10, 12, 4, 3],
        [30, 10, 11, 12, 4, 0],
        [30, 12, 12, 12, 0, 0],
        [30, 0, 12, 22, 0, 0],
        [40, 0, 0, 22, 0, 0],
    ]
    assert [int(s.non_transferable) for s in result.stages] == [0, 2, 3, 5, 7]
    assert [d.candidate for d in result.decisions] == [5, 4, 1, 2, 0]
    d = result.stage_of(1)
    assert d is not None and "stage 2" in d.reason and not d.by_lot
    assert result.lots == ()
    assert conserved(result, 69)


def test_rule_49_lot_orders_a_three_way_tie_at_stage_1() -> None:
    # Hand count: A 8, B 3, C 3, D 3 (17 papers; 16 is not more than 17) -> lot
    # orders B, C, D: D (the last drawn) out, its 3 to A -> A 11 of 17 elected.
    e = election("A B C D", (8, "A"), (3, "BA"), (3, "CA"), (3, "DA"))
    result = av(e, SuppliedLots(["B>C>D"]))
    assert result.decisions[0].candidate == 3 and result.decisions[0].by_lot
    (lot,) = result.lots
    assert lot.tied == (1, 2, 3) and lot.chosen == 3
    assert table(result)[1] == [11, 3, 3, 0]
    assert result.elected_names() == ("A",) and result.final.number == 2


def test_rule_49a_two_candidate_tie_goes_straight_to_lot() -> None:
    e = election("A B", (5, "AB"), (5, "BA"))
    with pytest.raises(LotNeeded):
        av(e)
    result = av(e, SuppliedLots(["B>A"]))
    assert result.elected_names() == ("B",)
    (lot,) = result.lots
    assert lot.stage == 1 and lot.chosen == 1
    d = result.stage_of(1)
    assert d is not None and d.by_lot and "49A" in d.reason


def test_rule_49a_lot_when_the_last_two_were_always_equal() -> None:
    # Hand count: A 10, B 10, C 2 (no further preference) -> C out; A 10, B 10 at
    # stage 2 and at stage 1 -> lot.
    e = election("A B C", (10, "A"), (10, "B"), (2, "C"))
    with pytest.raises(LotNeeded) as caught:
        av(e)
    assert caught.value.stage == 2
    result = av(e, SuppliedLots(["B>A"]))
    assert result.elected_names() == ("B",)
    assert [lot.stage for lot in result.lots] == [2]
    assert table(result) == [[10, 10, 2], [10, 10, 0]]


def test_a_single_candidate_is_elected_at_stage_1() -> None:
    result = av(election("A", (3, "A")))
    assert result.elected_names() == ("A",) and len(result.stages) == 1


def test_majority_counts_only_votes_still_allocated() -> None:
    # Hand count: A 45, B 30, C 25 (no further preferences). C out: A 45 of 75
    # allocated is more than B 30 -> A elected at stage 2 with 45 of 100 papers.
    result = av(election("A B C", (45, "A"), (30, "B"), (25, "C")))
    assert table(result) == [[45, 30, 25], [45, 30, 0]]
    assert int(result.final.non_transferable) == 25
    assert result.elected_names() == ("A",)


def test_multiple_elimination_takes_out_every_candidate_on_fewest_votes() -> None:
    # Hand count: A 10, B 8, C 3 (then B), D 3 (then A): C and D out together;
    # stage 2: A 13, B 11 -> A elected.
    e = election("A B C D", (10, "A"), (8, "B"), (3, "CB"), (3, "DA"))
    result = av(e, options={"multiple-elimination": "yes"})
    assert table(result) == [[10, 8, 3, 3], [13, 11, 0, 0]]
    assert result.stages[0].excluded == (2, 3)
    assert result.stages[1].subjects == (2, 3)
    assert moved(result, 2) == {("C", "B"): 3, ("D", "A"): 3}
    assert result.lots == ()
    assert result.options["multiple-elimination"] == "yes"
    # by default the tie at stage 1 goes to lot (rule 49): D out, A 13 of 24 elected
    with pytest.raises(LotNeeded):
        av(e)
    plain = av(e, SuppliedLots(["C>D"]))
    assert table(plain) == [[10, 8, 3, 3], [13, 8, 3, 0]]
    assert plain.elected_names() == ("A",)


def test_multiple_elimination_never_eliminates_everybody() -> None:
    # A, B, C 5 each: all three equal, so rule 49 (lot) takes one out; then A and B
    # are equal at every stage (rule 49A, lot).
    e = election("A B C", (5, "A"), (5, "B"), (5, "C"))
    result = av(e, SuppliedLots(["A>B>C", "B>A"]), {"multiple-elimination": True})
    assert result.decisions[0].candidate == 2 and result.decisions[0].by_lot
    assert result.elected_names() == ("B",)
    assert table(result) == [[5, 5, 5], [5, 5, 0]]


def test_av_refuses_blank_papers_and_more_than_one_seat() -> None:
    with pytest.raises(RulesError, match="no first preference"):
        av(election("A B", (2, ""), (3, "A")))
    contest = Contest("x", 2, (Candidate("A"), Candidate("B"), Candidate("C")))
    with pytest.raises(RulesError, match="one member"):
        av(Election(contest, Ballots.of((1, [0]))))
    withdrawn = Contest("x", 1, contest.candidates, withdrawn=frozenset({2}))
    with pytest.raises(RulesError, match="withdrew"):
        av(Election(withdrawn, Ballots.of((1, [0, 2]))))
    with pytest.raises(RulesError):
        count(Election(contest, Totals((1, 2, 3))), "av")


def test_av_rankings_in_any_order_count_the_same() -> None:
    e = election("A B C D", (40, "A"), (25, "BC"), (20, "CB"), (10, "DC"), (5, "D"))
    ballots = e.votes
    assert isinstance(ballots, Ballots)
    papers = [r for r, n in zip(ballots.rankings, ballots.counts, strict=True) for _ in range(n)]
    shuffled = Ballots.compress((r, 1) for r in reversed(papers))
    assert av(Election(e.contest, shuffled)) == av(e)


def test_the_av_rule_set_is_documented_as_never_in_force() -> None:
    rule_set = get("av")
    assert get("uk-av-2011") is rule_set and get("irv") is rule_set
    assert "never" in rule_set.in_force
    assert any("non-statutory-in-force" in note for note in rule_set.notes)
    assert [o.name for o in rule_set.options] == ["multiple-elimination"]
    result = av(election("A B", (2, "A"), (1, "B")))
    assert any("never in force" in note for note in result.notes)


# -- the exhaustive ballot -----------------------------------------------------------


def ballot(names: str, votes: list[int], withdrawn: str = "") -> Election:
    people = names.split()
    gone = frozenset(people.index(n) for n in withdrawn.split())
    contest = Contest("Speaker", 1, tuple(Candidate(n) for n in people), withdrawn=gone)
    return Election(contest, Totals(tuple(votes), sum(votes)))


def test_example_3_5_ballot_1_drops_e() -> None:
    result = count(ballot("A B C D E", [210, 160, 80, 30, 20]), "exhaustive")
    assert result.elected == ()
    assert [result.name(c) for c in result.excluded] == ["E"]  # D (30) is above 25
    assert result.final.excluded == (4,)
    assert len(result.stages) == 1
    d = result.stage_of(4)
    assert d is not None and "fewest" in d.reason and "5%" in d.reason


def test_example_3_5_ballot_2_drops_c() -> None:
    # D withdrew after ballot 1 and E was dropped: neither is on ballot 2
    result = count(ballot("A B C D E", [240, 200, 60, 0, 0], withdrawn="D E"), "exhaustive")
    assert result.elected == ()
    assert result.excluded == (2,)
    only_three = count(ballot("A B C", [240, 200, 60]), "exhaustive")
    assert only_three.excluded == (2,)


def test_example_3_5_ballot_3_elects_a() -> None:
    result = count(ballot("A B", [255, 245]), "exhaustive")
    assert result.elected_names() == ("A",)
    assert result.excluded == ()


def test_exhaustive_from_ranked_papers_simulates_each_ballot() -> None:
    # Hand count, 100 papers: A 40, B 30 (then A), C 25 (then B), D 3 (then C), E 2.
    # Ballot 1: nobody over 50; D and E under 5 (5% of 100) -> both dropped.
    # Ballot 2: A 40, B 30, C 28 (2 abstain): 98 cast, nobody over 49; 5% of 98 is
    # 4.9, nobody under -> C dropped (fewest).
    # Ballot 3: A 40, B 55 (5 abstain): B over 47.5 -> B elected.
    e = election("A B C D E", (40, "A"), (30, "BA"), (25, "CB"), (3, "DC"), (2, "E"))
    result = count(e, "exhaustive")
    assert table(result) == [[40, 30, 25, 3, 2], [40, 30, 28, 0, 0], [40, 55, 0, 0, 0]]
    assert [int(s.non_transferable) for s in result.stages] == [0, 2, 5]
    assert [s.excluded for s in result.stages] == [(3, 4), (2,), ()]
    assert result.elected_names() == ("B",)
    assert [s.note for s in result.stages] == ["ballot 1", "ballot 2", "ballot 3"]
    assert conserved(result, 100)
    # with no 5% limb, only the fewest goes each round
    plain = count(e, "exhaustive", {"threshold-percent": 0})
    assert [s.excluded for s in plain.stages] == [(4,), (3,), (2,), ()]
    assert plain.elected_names() == ("B",)


def test_exhaustive_tie_for_fewest_by_lot_or_all() -> None:
    e = ballot("A B C D", [40, 30, 15, 15])
    with pytest.raises(LotNeeded):
        count(e, "exhaustive")
    by_lot = count(e, "exhaustive", lots=SuppliedLots(["C>D"]))
    assert by_lot.excluded == (3,)
    all_tied = count(e, "exhaustive", {"fewest-tie": "all"})
    assert all_tied.excluded == (2, 3)
    assert all_tied.lots == ()
    # two left and equal: dropping both would leave nobody, so a lot decides
    pair = count(
        ballot("A B", [50, 50]), "exhaustive", {"fewest-tie": "all"}, SuppliedLots(["B>A"])
    )
    assert pair.excluded == (0,)


def test_exhaustive_tied_candidates_below_the_threshold_need_no_lot() -> None:
    # 100 votes: A 48 is not more than half; 5% is 5, so D and E (3 each, fewest) go
    result = count(ballot("A B C D E", [48, 40, 6, 3, 3]), "exhaustive", lots=NoLots())
    assert result.excluded == (3, 4)
    assert result.lots == ()


def test_exhaustive_refuses_inconsistent_totals() -> None:
    contest = Contest("Speaker", 1, (Candidate("A"), Candidate("B")))
    with pytest.raises(RulesError, match="one vote"):
        count(Election(contest, Totals((3, 4), 10)), "exhaustive")
    gone = Contest("Speaker", 1, contest.candidates, withdrawn=frozenset({1}))
    with pytest.raises(RulesError, match="withdrew"):
        count(Election(gone, Totals((3, 4))), "exhaustive")


def test_the_exhaustive_rule_set_marks_its_unverified_limbs() -> None:
    rule_set = get("exhaustive")
    options = {o.name: o for o in rule_set.options}
    assert options["threshold-percent"].default == 5
    assert options["fewest-tie"].default == "lot"
    assert options["fewest-tie"].choices == ("lot", "all")
    assert all("UNVERIFIED" in o.help for o in rule_set.options)
    assert rule_set.needs == "ballots or totals"


def test_non_transferable_is_a_reserved_target() -> None:
    result = av(election("A B C D", (40, "A"), (25, "BC"), (20, "CB"), (10, "DC"), (5, "D")))
    targets = {t.target for t in result.transfers}
    assert NON_TRANSFERABLE in targets
