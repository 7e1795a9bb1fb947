"""Side by side with pref_voting and VoteKit: the same seeded profiles, the same winners.

Also Scottish STV: pref_voting has ``stv_scottish`` (SSI 2007/42), the rule of
``scot-2011``, and the two elect the same councillors (last test).

The three tools share plurality, instant runoff (tellers' ``av``) and Borda.
They break ties differently: tellers draws a lot (plurality, Borda, and AV
where rule 49's look-back does not settle it) or looks back (AV);
pref_voting returns every tied winner and its instant runoff removes all the
candidates tied for fewest votes at once; VoteKit, given no tiebreak, refuses
a count that needs one. So an election is compared only where no tie arises:
no tie arose in tellers' count (no lot; under AV, no stage at which the
candidate excluded had as few votes as another continuing candidate, read
from the count's stages), pref_voting names one winner and VoteKit counts
without refusing. The number compared is asserted, so the comparison cannot quietly
shrink to nothing.
"""

from __future__ import annotations

import random
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from tellers import rules
from tellers.core.model import Ballots, Contest, Election
from tellers.errors import LotNeeded
from tellers.sim import Ensemble, Streams
from tellers.sim.counting import count_batch
from tellers.sim.ensemble import draw
from tellers.sim.models import Impartial, Mallows, Model, PlackettLuce

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import pref_voting.iterative_methods as pv_iterative
    import pref_voting.profiles as pv_profiles
    import pref_voting.profiles_with_ties as pv_ties
    import pref_voting.proportional_methods as pv_proportional
    import pref_voting.scoring_methods as pv_scoring
    import votekit.ballot as vk_ballot
    import votekit.elections as vk_elections
    import votekit.pref_profile as vk_profile

RUNS = 300
#: VoteKit takes about 0.1 s an election and rule here: it counts the first runs only.
VOTEKIT_RUNS = 40
MODELS = [
    Impartial(candidates=4, voters=101),
    PlackettLuce(candidates=5, voters=201),
    Mallows(candidates=6, voters=151, phi=0.7),
]
RULES = {"uk-fptp": "plurality", "av": "irv", "borda": "borda"}


def av_tie(contest: Contest, ballots: Ballots) -> bool:
    """Whether the AV count met a tie for fewest votes or of the last two."""
    try:
        count = rules.count(Election(contest, ballots), "av")
    except LotNeeded:
        return True
    continuing = set(range(len(contest.candidates)))
    for stage in count.stages:
        for loser in stage.excluded:
            others = continuing - {loser}
            if any(stage.votes[c] == stage.votes[loser] for c in others):
                return True
        if stage.elected and len(continuing) == 2:
            a, b = sorted(continuing)
            if stage.votes[a] == stage.votes[b]:
                return True
        continuing -= set(stage.excluded)
    return bool(count.lots)


def pref_voting_winner(rule: str, profile: Any) -> Any:
    method: Callable[[Any], list[int]] = {
        "uk-fptp": pv_scoring.plurality,
        "av": pv_iterative.instant_runoff,
        "borda": pv_scoring.borda,
    }[rule]
    winners = method(profile)
    return winners[0] if len(winners) == 1 else None


def profiles(ballots: Ballots, candidates: int, votekit: bool) -> tuple[Any, Any]:
    """The papers as a pref_voting profile and (if asked) as a VoteKit one."""
    rankings, counts = list(ballots.rankings), list(ballots.counts)
    pv = pv_profiles.Profile([list(r) for r in rankings], rcounts=counts)
    if not votekit:
        return pv, None
    names = [str(c) for c in range(candidates)]
    papers = [
        vk_ballot.RankBallot(ranking=tuple(frozenset({str(c)}) for c in r), weight=n)
        for r, n in zip(rankings, counts, strict=True)
    ]
    return pv, vk_profile.RankProfile(ballots=papers, candidates=names)


def votekit_winner(rule: str, profile: Any) -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if rule == "uk-fptp":
                election = vk_elections.Plurality(profile, n_seats=1)
            elif rule == "av":
                election = vk_elections.IRV(profile)
            else:
                election = vk_elections.Borda(profile, n_seats=1)
    except ValueError:  # a tie VoteKit was given no way to break
        return None
    elected = [c for group in election.get_elected() for c in group]
    return int(elected[0]) if len(elected) == 1 else None


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_the_same_winners_as_pref_voting_and_votekit(model: Model) -> None:
    ensemble = Ensemble(model, 1, RUNS, 2026, tuple(RULES), ())
    streams = Streams(ensemble.seed)
    papers = draw(ensemble, range(RUNS), streams)
    names = model.names()
    compared = dict.fromkeys(RULES, 0)
    compared_votekit = dict.fromkeys(RULES, 0)
    contest = Contest("simulated election", 1, names)
    counted = {r: count_batch(r, papers, 1, names, streams.lot_seed) for r in RULES}
    for e in range(RUNS):
        ballots = papers.ballots(e)
        pv, vk_profile = profiles(ballots, model.candidates, e < VOTEKIT_RUNS)
        for rule in RULES:
            ours = int(counted[rule].winners[e, 0])
            theirs = pref_voting_winner(rule, pv)
            tie = rule == "av" and av_tie(contest, ballots)
            if counted[rule].lots[e] or tie or theirs is None:
                continue
            assert ours == theirs, ("pref_voting", model.name, rule, e)
            compared[rule] += 1
            if vk_profile is not None:
                vk = votekit_winner(rule, vk_profile)
                if vk is not None:
                    assert ours == vk, ("votekit", model.name, rule, e)
                    compared_votekit[rule] += 1
    print(model.name, "pref_voting", compared, "votekit", compared_votekit)
    # with 100 to 200 voters ties are rare: most elections are compared
    assert all(n >= 0.7 * RUNS for n in compared.values()), compared
    assert all(n >= 0.7 * VOTEKIT_RUNS for n in compared_votekit.values()), compared_votekit


def test_ties_are_left_out_not_hidden() -> None:
    """With 4 voters ties are common: the elections left out are the tied ones."""
    model = Impartial(candidates=3, voters=4)
    ensemble = Ensemble(model, 1, 200, 7, ("uk-fptp",), ())
    streams = Streams(7)
    papers = draw(ensemble, range(200), streams)
    counted = count_batch("uk-fptp", papers, 1, model.names(), streams.lot_seed)
    firsts = papers.first_preferences()
    tied = (firsts == firsts.max(axis=1)[:, None]).sum(axis=1) > 1
    assert np.array_equal(counted.lots > 0, tied)
    assert 0 < int(tied.sum()) < 200


@pytest.mark.parametrize(
    "model",
    [PlackettLuce(candidates=7, voters=500, rank=4), PlackettLuce(candidates=8, voters=600)],
    ids=["truncated", "full"],
)
def test_scottish_stv_as_pref_voting_counts_it(model: Model) -> None:
    """pref_voting's ``stv_scottish`` (SSI 2007/42, five places) beside ``scot-2011``.

    Compared where tellers drew no lot; pref_voting's own lots come from a
    seeded ``random.Random`` (and would make a difference only where tellers
    drew one too).
    """
    runs = 100
    ensemble = Ensemble(model, 3, runs, 11, ("scot-2011",), ())
    streams = Streams(11)
    papers = draw(ensemble, range(runs), streams)
    counted = count_batch("scot-2011", papers, 3, model.names(), streams.lot_seed)
    compared = 0
    for e in range(runs):
        if counted.lots[e]:
            continue
        ballots = papers.ballots(e)
        profile = pv_ties.ProfileWithTies(
            [{c: place + 1 for place, c in enumerate(r)} for r in ballots.rankings],
            rcounts=list(ballots.counts),
            candidates=list(range(model.candidates)),
        )
        theirs = sorted(pv_proportional.stv_scottish(profile, num_seats=3, rng=random.Random(0)))
        assert theirs == sorted(counted.winners[e].tolist()), e
        compared += 1
    print(model.rank, "compared", compared)
    assert compared >= 0.9 * runs
