"""The batch counts give the exact rules' result, ties included.

Each election of many seeded batches (few voters, so that ties are common) is
counted by the exact rule set (``tellers.rules.count``, or the textbook Borda).
With no lots: where the batch count settled the election without one, the
exact count elects the same candidates without drawing one; where it says a
lot is needed, the exact count stops for want of one. With each run's seeded
lots: every election, the same winners and the same number of lots.
"""

from __future__ import annotations

import pytest

from tellers.core.lots import NoLots
from tellers.core.model import Ballots, Contest, Election
from tellers.errors import LotNeeded
from tellers.rules import count
from tellers.sim import Ensemble, Streams, fast
from tellers.sim.counting import count_batch, count_one
from tellers.sim.ensemble import draw
from tellers.sim.models import (
    BradleyTerry,
    Impartial,
    ImpartialAnonymous,
    Mallows,
    Model,
    PlackettLuce,
    Slate,
    Spatial,
)
from tellers.sim.textbook import count_borda

RUNS = 600
MODELS = [
    Impartial(candidates=4, voters=7),
    Impartial(candidates=3, voters=6, ties=0.3),
    Impartial(candidates=8, voters=12),
    ImpartialAnonymous(candidates=3, voters=8),
    Mallows(candidates=5, voters=9, phi=0.8, rank=3),
    PlackettLuce(candidates=4, voters=10),
    BradleyTerry(candidates=4, voters=9),
    Spatial(candidates=4, voters=8),
    Slate(candidates=5, voters=9),
]
CASES = [("uk-fptp", 1), ("av", 1), ("borda", 1), ("uk-fptp", 2), ("borda", 2)]


def exact(rule: str, contest: Contest, election: Election) -> tuple[int, ...] | None:
    """The winners by the exact rules, or None where a lot is needed."""
    try:
        if rule == "borda":
            assert isinstance(election.votes, Ballots)
            winners, _ = count_borda(contest, election.votes, NoLots())
            return winners
        return tuple(sorted(count(election, rule, lots=NoLots()).elected))
    except LotNeeded:
        return None


@pytest.mark.parametrize("model", MODELS, ids=lambda m: f"{m.name}-{m.candidates}-{m.voters}")
def test_batch_counts_are_the_exact_counts(model: Model) -> None:
    streams = Streams(11)
    papers = draw(Ensemble(model, 1, RUNS, 11, ("av",), ()), range(RUNS), streams)
    for rule, seats in CASES:
        contest = Contest("simulated election", seats, model.names())
        decided = fast.count(rule, papers, seats)
        settled = 0
        for e in range(RUNS):
            theirs = exact(rule, contest, Election(contest, papers.ballots(e)))
            if not decided.exact[e]:
                assert theirs == tuple(decided.winners[e].tolist()), (rule, seats, e)
                settled += 1
            else:
                assert theirs is None, "left to the exact count only where a lot is needed"
        assert settled > 0
        # with lots: every election, tied or not, as the exact count with the same lots
        counted = count_batch(rule, papers, seats, model.names(), streams.lot_seed)
        for e in range(RUNS):
            seed = streams.lot_seed(e)
            winners, drawn = count_one(rule, contest, papers.ballots(e), seed)
            assert tuple(counted.winners[e].tolist()) == winners, (rule, seats, e)
            assert counted.lots[e] == drawn, (rule, seats, e)
        assert (counted.lots[~decided.exact] == 0).all()


def test_ties_are_decided_by_recorded_lots() -> None:
    """Seven papers and four candidates: many ties, each decided by a lot that is counted."""
    model = Impartial(candidates=4, voters=7)
    streams = Streams(5)
    papers = draw(Ensemble(model, 1, 1000, 5, ("av",), ()), range(1000), streams)
    for rule in ("uk-fptp", "av", "borda"):
        decided = fast.count(rule, papers, 1)
        counted = count_batch(rule, papers, 1, model.names(), streams.lot_seed)
        assert decided.exact.sum() > 50
        assert (counted.lots[decided.exact] >= 1).all()
        assert (counted.lots[~decided.exact] == 0).all()
