"""The models of voters: well-formed elections, reproducible, and each model's defining property."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tellers.core.model import Ballots
from tellers.errors import InputError
from tellers.formats import read
from tellers.sim import Ensemble, Streams, simulate
from tellers.sim.ensemble import draw
from tellers.sim.models import (
    Bootstrap,
    BradleyTerry,
    Impartial,
    ImpartialAnonymous,
    Mallows,
    Model,
    PlackettLuce,
    Slate,
    Spatial,
    voter_model,
)
from tellers.sim.papers import Papers

REPO = Path(__file__).resolve().parents[2]

EVERY = [
    Impartial(candidates=4, voters=50),
    Impartial(candidates=9, voters=50, rank=3),
    ImpartialAnonymous(candidates=3, voters=50, ties=0.2),
    Mallows(candidates=5, voters=50, phi=0.6, reference="3,1,2,5,4"),
    PlackettLuce(candidates=6, voters=50, weights="6,5,4,3,2,1"),
    BradleyTerry(candidates=4, voters=50),
    Spatial(candidates=5, voters=50, dimensions=3, rank=2),
    Slate(candidates=6, voters=50, shares="0.5,0.5", cohesion=0.9),
]


def papers(model: Model, runs: int, seed: int = 3) -> Papers:
    return draw(Ensemble(model, 1, runs, seed, ("uk-fptp",), ()), range(runs), Streams(seed))


@pytest.mark.parametrize("model", EVERY, ids=lambda m: m.name)
def test_elections_are_well_formed_and_made_again_from_the_seed(model: Model) -> None:
    batch = papers(model, 20)
    again = papers(model, 20)
    longest = model.rank or model.candidates
    for e in range(20):
        ballots = batch.ballots(e)
        assert ballots == again.ballots(e)
        assert ballots.papers == model.voters
        assert list(ballots.rankings) == sorted(set(ballots.rankings))
        rows = batch.rankings if batch.shared else batch.rankings[e]
        drawn = (
            (tuple(c for c in row if c >= 0), n)
            for row, n in zip(rows.tolist(), batch.counts[e].tolist(), strict=True)
        )
        assert ballots == Ballots.compress(drawn)
        for ranking in ballots.rankings:
            assert 1 <= len(ranking) <= longest
            assert len(set(ranking)) == len(ranking)
            assert all(0 <= c < model.candidates for c in ranking)
    assert batch.ballots(0) != papers(model, 1, seed=4).ballots(0)


def test_mallows_with_no_dispersion_is_the_reference_order() -> None:
    ballots = papers(Mallows(candidates=5, voters=30, phi=0.0, reference="2,4,1,3,5"), 1).ballots(0)
    assert ballots == Ballots.of((30, (1, 3, 0, 2, 4)))


def test_mallows_with_dispersion_one_is_impartial() -> None:
    firsts = papers(Mallows(candidates=4, voters=4000, phi=1.0), 5).first_preferences()
    assert np.all(np.abs(firsts / 4000 - 0.25) < 0.03)


def test_plackett_luce_first_preferences_follow_the_weights() -> None:
    """P(first = c) = w_c / Σ w: 0.6, 0.3, 0.1."""
    firsts = papers(PlackettLuce(candidates=3, voters=20000, weights="6,3,1"), 3)
    share = firsts.first_preferences().sum(axis=0) / 60000
    assert np.all(np.abs(share - [0.6, 0.3, 0.1]) < 0.01)


def test_bradley_terry_pairs_follow_the_weights() -> None:
    """Two candidates: a above b with probability w_a / (w_a + w_b) = 0.8."""
    firsts = papers(BradleyTerry(candidates=2, voters=20000, weights="4,1"), 3)
    share = firsts.first_preferences().sum(axis=0) / 60000
    assert abs(share[0] - 0.8) < 0.01


def test_impartial_anonymous_culture_makes_every_profile_equally_likely() -> None:
    """Two candidates, three voters: 0, 1, 2 or 3 papers rank A first, each 1 in 4."""
    batch = papers(ImpartialAnonymous(candidates=2, voters=3), 20000)
    counts = batch.first_preferences()[:, 0]
    frequency = np.bincount(counts, minlength=4) / 20000
    assert np.all(np.abs(frequency - 0.25) < 0.015)


def test_spatial_in_one_dimension_always_has_a_condorcet_winner() -> None:
    """Black (1948): single-peaked preferences and an odd number of voters."""
    ensemble = Ensemble(Spatial(5, 101, dimensions=1), 1, 500, 1, ("uk-fptp",), ("condorcet",))
    assert not simulate(ensemble)["no_condorcet_winner"].any()


def test_slate_with_full_cohesion_ranks_the_own_slate_first() -> None:
    ballots = papers(Slate(candidates=4, voters=200, cohesion=1.0), 1).ballots(0)
    for ranking in ballots.rankings:
        slates = [0 if c < 2 else 1 for c in ranking]
        assert slates in ([0, 0, 1, 1], [1, 1, 0, 0])


def test_ties_end_papers_as_the_statutes_read_them() -> None:
    """With ties 0.5 after each preference, half the papers stop after the first."""
    batch = papers(Impartial(candidates=4, voters=20000, ties=0.5), 1)
    lengths = (batch.rankings >= 0).sum(axis=1)
    single = batch.counts[0][lengths == 1].sum() / 20000
    assert abs(single - 0.5) < 0.015


def test_bootstrap_resamples_the_papers_of_a_file() -> None:
    election = read(str(REPO / "examples" / "generated-ward.blt"))
    assert isinstance(election.votes, Ballots)
    model = Bootstrap.of(election.votes, election.contest.candidates, "generated-ward.blt")
    assert model.voters == election.votes.papers
    seen = set(election.votes.rankings)
    ballots = papers(model, 3).ballots(2)
    assert ballots.papers == model.voters
    assert set(ballots.rankings) <= seen


def test_bad_settings_are_refused() -> None:
    with pytest.raises(InputError, match="phi"):
        Mallows(candidates=3, voters=5, phi=2.0)
    with pytest.raises(InputError, match="reference"):
        Mallows(candidates=3, voters=5, reference="1,1,2")
    with pytest.raises(InputError, match="3 positive weights"):
        PlackettLuce(candidates=3, voters=5, weights="1,2")
    with pytest.raises(InputError, match="at most 7"):
        ImpartialAnonymous(candidates=8, voters=5)
    with pytest.raises(InputError, match="one of"):
        voter_model("nonsense", candidates=3, voters=5)


def test_a_missing_extra_is_named() -> None:
    from tellers.errors import TellersError
    from tellers.sim.extras import need

    with pytest.raises(TellersError, match=r"install it with pip install 'tellers\[cluster\]'"):
        need("distributed.no_such_module", "--cluster")
