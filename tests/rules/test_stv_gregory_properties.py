"""Properties every ni-1985 and ie-dail count keeps, on random small elections."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tellers.core.count import LOSS_TO_ROUNDING, NON_TRANSFERABLE, Count
from tellers.core.lots import SeededLots
from tellers.core.model import Ballots, Election
from tellers.rules import count

from .strategies import elections

RULES = ("ni-1985", "ie-dail")


def run(rules: str, election: Election, seed: int, paper_seed: int = 0) -> Count:
    options = {"paper-seed": paper_seed} if rules == "ie-dail" else None
    return count(election, rules, options, SeededLots(seed))


@pytest.mark.parametrize("rules", RULES)
@given(elections(), st.integers(0, 2**32), st.integers(0, 2**32))
def test_every_count_keeps_the_invariants(
    rules: str, election: Election, seed: int, paper_seed: int
) -> None:
    result = run(rules, election, seed, paper_seed)
    contest = election.contest
    assert result.valid_papers is not None
    for stage in result.stages:
        # conservation: votes + non-transferable + loss = valid papers, exactly
        total = sum(stage.votes, Decimal(0)) + stage.non_transferable + stage.loss_to_rounding
        assert total == result.valid_papers
        assert stage.loss_to_rounding == 0  # both put truncation on the non-transferable pile
        assert min(stage.votes) >= 0
        if rules == "ie-dail":
            assert all(v == v.to_integral_value() for v in stage.votes)
    # exactly min(seats, standing) elected, never a withdrawn or excluded candidate
    assert len(result.elected) == min(contest.seats, len(contest.standing))
    assert len(set(result.elected)) == len(result.elected)
    assert not set(result.elected) & contest.withdrawn
    assert not set(result.elected) & set(result.excluded)
    # the transfer records explain every change from one stage to the next
    for before, stage in zip(result.stages, result.stages[1:], strict=False):
        moved: dict[int, Decimal] = {}
        out: dict[int, Decimal] = {}
        for t in result.transfers:
            if t.stage == stage.number:
                moved[t.target] = moved.get(t.target, Decimal(0)) + t.value
                out[t.source] = out.get(t.source, Decimal(0)) + t.value
        for c, (old, new) in enumerate(zip(before.votes, stage.votes, strict=True)):
            if c in stage.subjects:
                assert old - new == out.get(c, 0)
            else:
                assert new - old == moved.get(c, 0)
        assert stage.non_transferable - before.non_transferable == moved.get(NON_TRANSFERABLE, 0)
        assert LOSS_TO_ROUNDING not in moved


@pytest.mark.parametrize("rules", RULES)
@given(elections(), st.integers(0, 2**32), st.randoms(use_true_random=False))
def test_same_papers_in_any_order_and_same_seeds_give_the_same_count(
    rules: str, election: Election, seed: int, rng: random.Random
) -> None:
    first = run(rules, election, seed, seed)
    assert run(rules, election, seed, seed) == first  # determinism
    ballots = election.votes
    assert isinstance(ballots, Ballots)
    papers = [r for r, n in zip(ballots.rankings, ballots.counts, strict=True) for _ in range(n)]
    rng.shuffle(papers)
    shuffled = Ballots.compress((r, 1) for r in papers)
    assert run(rules, Election(election.contest, shuffled), seed, seed) == first
