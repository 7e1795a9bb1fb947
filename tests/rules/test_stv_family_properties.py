"""Properties the STV family keeps (wigm, meek, ers97) on random small elections.

* conservation: at every stage Σ votes + non-transferable + loss = valid papers;
* exactly min(seats, standing) elected, never a withdrawn or excluded candidate;
* the order of the ballots does not matter, and the same lots give the same count;
* ``wigm`` with its defaults is ``scot-2011``: same stages, decisions, transfers.
"""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tellers.core.count import Count
from tellers.core.lots import SeededLots
from tellers.core.model import Ballots, Election
from tellers.rules import count

from .strategies import elections

FAMILY = [
    ("wigm", {}),
    ("wigm", {"surplus-papers": "last-parcel", "look-back": "forward", "places": 2}),
    ("wigm", {"quota": "hare", "quota-form": "fractional", "elect-at": "exceed"}),
    ("wigm", {"quota-form": "fractional", "truncation": "product", "places": 0}),
    ("meek", {}),
    ("meek", {"variant": "nz", "ties": "backward-then-lot"}),
    ("ers97", {}),
]


def run(election: Election, rules: str, options: dict[str, object], seed: int) -> Count:
    return count(election, rules, options, SeededLots(seed))


@pytest.mark.parametrize(("rules", "options"), FAMILY)
@given(election=elections(), seed=st.integers(0, 2**32))
def test_invariants(rules: str, options: dict[str, object], election: Election, seed: int) -> None:
    result = run(election, rules, options, seed)
    contest = election.contest
    assert result.valid_papers is not None
    for stage in result.stages:
        total = sum(stage.votes, Decimal(0)) + stage.non_transferable + stage.loss_to_rounding
        assert total == result.valid_papers, f"stage {stage.number}"
        assert min(stage.votes) >= 0
        assert stage.non_transferable >= 0 and stage.loss_to_rounding >= 0
    assert len(result.elected) == min(contest.seats, len(contest.standing))
    assert len(set(result.elected)) == len(result.elected)
    assert not set(result.elected) & contest.withdrawn
    assert not set(result.elected) & set(result.excluded)
    assert [s.number for s in result.stages] == list(range(1, len(result.stages) + 1))


@pytest.mark.parametrize(("rules", "options"), FAMILY)
@given(election=elections(), seed=st.integers(0, 2**32), rng=st.randoms(use_true_random=False))
def test_order_of_papers_and_determinism(
    rules: str, options: dict[str, object], election: Election, seed: int, rng: random.Random
) -> None:
    first = run(election, rules, options, seed)
    assert run(election, rules, options, seed) == first
    ballots = election.votes
    assert isinstance(ballots, Ballots)
    # the papers one by one, in a random order (Ballots keeps rankings sorted, so this
    # checks that reading order cannot reach the count)
    papers = [
        (r, 1) for r, n in zip(ballots.rankings, ballots.counts, strict=True) for _ in range(n)
    ]
    rng.shuffle(papers)
    shuffled = Ballots.compress(papers)
    assert run(Election(election.contest, shuffled), rules, options, seed) == first


@given(election=elections(), seed=st.integers(0, 2**32))
def test_wigm_defaults_are_the_scottish_count(election: Election, seed: int) -> None:
    scottish = run(election, "scot-2011", {}, seed)
    family = run(election, "wigm", {}, seed)
    assert family.rules == "wigm" and scottish.rules == "scot-2011"
    assert family.places == scottish.places == 5
    assert replace(family, rules="", options={}) == replace(scottish, rules="", options={})
