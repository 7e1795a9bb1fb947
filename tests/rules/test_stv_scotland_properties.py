"""Properties every scot-2011 count keeps, on random small elections."""

from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tellers.core.count import LOSS_TO_ROUNDING, NON_TRANSFERABLE, Count
from tellers.core.lots import SeededLots
from tellers.core.model import Ballots, Election
from tellers.rules import count

from .strategies import elections


def scot(election: Election, seed: int) -> Count:
    return count(election, "scot-2011", None, SeededLots(seed))


@given(elections(), st.integers(0, 2**32))
def test_every_count_keeps_the_invariants(election: Election, seed: int) -> None:
    result = scot(election, seed)
    contest = election.contest
    assert result.valid_papers is not None
    # conservation: at every stage votes + non-transferable + loss = valid papers, exactly
    for stage in result.stages:
        total = sum(stage.votes, Decimal(0)) + stage.non_transferable + stage.loss_to_rounding
        assert total == result.valid_papers
        assert min(stage.votes) >= 0 and stage.loss_to_rounding >= 0
    # exactly min(seats, standing) elected, never a withdrawn or excluded candidate
    assert len(result.elected) == min(contest.seats, len(contest.standing))
    assert len(set(result.elected)) == len(result.elected)
    assert not set(result.elected) & contest.withdrawn
    assert not set(result.elected) & set(result.excluded)
    # the transfer records explain every change from one stage to the next
    for before, stage in zip(result.stages, result.stages[1:], strict=False):
        (source,) = stage.subjects
        moved = {t.target: t.value for t in result.transfers if t.stage == stage.number}
        for c, (old, new) in enumerate(zip(before.votes, stage.votes, strict=True)):
            if c != source:
                assert new - old == moved.get(c, 0)
        assert stage.non_transferable - before.non_transferable == moved.get(NON_TRANSFERABLE, 0)
        assert stage.loss_to_rounding - before.loss_to_rounding == moved.get(LOSS_TO_ROUNDING, 0)
        assert before.votes[source] - stage.votes[source] == sum(moved.values(), Decimal(0))


@given(elections(), st.integers(0, 2**32), st.randoms(use_true_random=False))
def test_same_papers_in_any_order_and_same_seed_give_the_same_count(
    election: Election, seed: int, rng: random.Random
) -> None:
    first = scot(election, seed)
    assert scot(election, seed) == first  # determinism
    ballots = election.votes
    assert isinstance(ballots, Ballots)
    papers = [r for r, n in zip(ballots.rankings, ballots.counts, strict=True) for _ in range(n)]
    rng.shuffle(papers)
    shuffled = Ballots.compress((r, 1) for r in papers)
    assert scot(Election(election.contest, shuffled), seed) == first
