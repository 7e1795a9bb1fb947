"""au-nsw: optional preferential counts worked by hand."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from tellers import (
    NON_TRANSFERABLE,
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
)
from tellers.core.lots import LotProvider


def election(names: str, *groups: tuple[int, str], seats: int = 1) -> Election:
    """Papers as ``(count, "CB")``: C first, then B; a paper may stop after any mark."""
    people = names.split()
    index = {n: i for i, n in enumerate(people)}
    contest = Contest("district", seats, tuple(Candidate(n) for n in people))
    return Election(contest, Ballots.of(*((n, [index[x] for x in marks]) for n, marks in groups)))


def nsw(
    e: Election, options: Mapping[str, object] | None = None, lots: LotProvider | None = None
) -> Count:
    return count(e, "au-nsw", options, lots or NoLots())


def table(result: Count) -> list[list[int]]:
    return [[int(v) for v in stage.votes] for stage in result.stages]


def conserved(result: Count, papers: int) -> bool:
    return all(sum(s.votes) + s.non_transferable == papers for s in result.stages)


# 100 papers: A 40; B 35; C 25, of which 10 go on to B and 15 stop at C.
EXHAUSTING = election("A B C", (40, "A"), (35, "B"), (10, "CB"), (15, "C"))


def test_a_majority_of_the_papers_still_in_the_count_elects() -> None:
    # Stage 1: nobody has more than 50 of 100. C (25) is excluded: 10 papers
    # go to B, 15 exhaust. Stage 2: B 45 of the 85 still in the count: elected,
    # though 45 is less than half of the 100 papers.
    result = nsw(EXHAUSTING)
    assert table(result) == [[40, 35, 25], [40, 45, 0]]
    assert [int(s.non_transferable) for s in result.stages] == [0, 15]
    assert result.elected_names() == ("B",)
    assert result.excluded == (2,)
    moved = {(t.source, t.target): t.papers for t in result.transfers}
    assert moved == {(2, 1): 10, (2, NON_TRANSFERABLE): 15}
    assert conserved(result, 100)
    assert result.quota is None and result.rules == "au-nsw"


def test_the_two_candidate_preferred_stages_come_after_the_election() -> None:
    # A has 60 of 100 at once; C (15) is then excluded so that two remain:
    # B 25 + 15 = 40. A stays the only one elected, at stage 1.
    e = election("A B C", (60, "A"), (25, "BC"), (15, "CB"))
    result = nsw(e)
    assert table(result) == [[60, 25, 15], [60, 40, 0]]
    assert result.elected_names() == ("A",)
    assert [(d.stage, d.candidate, d.outcome) for d in result.decisions] == [
        (1, 0, Outcome.ELECTED),
        (1, 2, Outcome.EXCLUDED),
    ]
    assert "after the election" in result.decisions[1].reason
    assert result.stages[0].elected == (0,) and result.stages[0].excluded == (2,)
    assert all("after the election" in s.note for s in result.stages)
    assert any("stages 2 to 2 come after the election" in n for n in result.notes)
    assert result.options["two-candidate-preferred"] == "yes"


def test_without_the_two_candidate_count_the_count_stops_at_the_majority() -> None:
    e = election("A B C", (60, "A"), (25, "BC"), (15, "CB"))
    result = nsw(e, {"two-candidate-preferred": "no"})
    assert table(result) == [[60, 25, 15]]
    assert result.elected_names() == ("A",) and result.excluded == ()
    assert result.notes == ()


def test_a_winner_found_with_two_left_needs_no_extra_stage() -> None:
    result = nsw(EXHAUSTING)
    assert len(result.stages) == 2 and result.notes == ()
    assert all(s.note == "" for s in result.stages)


# Stage 1: A 30, B 25, C 12, D 10, E 2 (E's papers go to D). Stage 2: C and D
# equal on 12; at stage 1 D had fewer (10 against 12), so D is excluded.
TIED = election("A B C D E", (30, "A"), (25, "B"), (12, "CA"), (10, "DB"), (2, "ED"))


@pytest.mark.parametrize("look_back", ["forward", "backward"])
def test_equal_fewest_are_separated_by_an_earlier_stage(look_back: str) -> None:
    result = nsw(TIED, {"tie-look-back": look_back, "two-candidate-preferred": "no"})
    assert table(result)[:2] == [[30, 25, 12, 10, 2], [30, 25, 12, 12, 0]]
    assert result.stage_of(3) is not None and result.stage_of(3).stage == 2  # type: ignore[union-attr]
    assert result.lots == ()
    # Stage 3: B 35, A 30, C 12 -> C excluded, A 42 of 77: elected.
    assert result.elected_names() == ("A",)
    assert conserved(result, 79)


def test_without_look_back_the_tie_is_drawn_by_lot() -> None:
    with pytest.raises(LotNeeded):
        nsw(TIED, {"tie-look-back": "none"})
    result = nsw(TIED, {"tie-look-back": "none"}, SuppliedLots(["D>C"]))
    assert result.stage_of(2) is not None
    decision = result.stage_of(2)
    assert decision is not None and decision.by_lot and decision.stage == 2
    assert result.lots[0].tied == (2, 3) and result.lots[0].chosen == 2


def test_a_tie_at_the_first_stage_needs_a_lot() -> None:
    e = election("A B C D", (40, "A"), (35, "B"), (5, "CA"), (5, "DB"))
    with pytest.raises(LotNeeded):
        nsw(e)
    result = nsw(e, lots=SuppliedLots(["C>D"]))  # D excluded: D's 5 go to B
    assert table(result)[1] == [40, 40, 5, 0]


def test_two_equal_at_the_end_are_settled_by_the_exclusion_rule() -> None:
    e = election("A B", (10, "A"), (10, "B"))
    result = nsw(e, lots=SuppliedLots(["B>A"]))
    assert result.elected_names() == ("B",)
    assert result.stage_of(0) is not None and result.stage_of(0).by_lot  # type: ignore[union-attr]


def test_withdrawn_candidates_and_one_candidate() -> None:
    contest = Contest("district", 1, (Candidate("A"),))
    result = nsw(Election(contest, Ballots.of((7, [0]))))
    assert result.elected_names() == ("A",) and len(result.stages) == 1


def test_refuses_what_it_cannot_count() -> None:
    with pytest.raises(RulesError, match="one member"):
        nsw(election("A B C", (1, "A"), seats=2))
    totals = Election(Contest("d", 1, (Candidate("A"), Candidate("B"))), Totals((3, 4)))
    with pytest.raises(RulesError, match="ballot papers"):
        nsw(totals)
    with pytest.raises(RulesError, match="tie-look-back"):
        nsw(EXHAUSTING, {"tie-look-back": "sideways"})


def test_the_alias_and_the_same_winner_as_av_when_nobody_exhausts() -> None:
    e = election("A B C", (40, "ABC"), (35, "BAC"), (25, "CBA"))
    assert count(e, "nsw-la").elected_names() == count(e, "av").elected_names() == ("B",)
