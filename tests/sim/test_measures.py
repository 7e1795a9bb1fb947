"""The measures of a run, against hand calculations."""

from __future__ import annotations

import math

import numpy as np
import pref_voting.iterative_methods as pv_iterative
import pref_voting.profiles as pv_profiles

from tellers.sim.measures import measure
from tellers.sim.models import permutations
from tellers.sim.papers import Papers
from tellers.sim.summary import wilson

NAMES_3 = ("A", "B", "C")


def papers_of(*groups: tuple[int, str]) -> Papers:
    """One election from ``(count, "ABC")`` groups, over every ranking of three candidates."""
    types = permutations(3)
    counts = np.zeros((1, len(types)), dtype=np.int64)
    for n, order in groups:
        ranking = [NAMES_3.index(x) for x in order]
        k = next(i for i, t in enumerate(types.tolist()) if t == ranking)
        counts[0, k] += n
    return Papers(types, counts, 3)


def columns(papers: Papers, rules: tuple[str, ...], measures: tuple[str, ...], seats: int = 1):
    from tellers.core.model import Candidate

    names = tuple(Candidate(n) for n in NAMES_3)
    return measure(papers, seats, rules, measures, names, lambda e: 1)


def irv(*groups: tuple[int, str]) -> list[int]:
    """pref_voting's instant runoff of the same papers (a peer for the hand count)."""
    rankings = [[NAMES_3.index(x) for x in order] for _, order in groups]
    profile = pv_profiles.Profile(rankings, rcounts=[n for n, _ in groups])
    return list(pv_iterative.instant_runoff(profile))


def test_av_fails_monotonicity_where_raising_the_winner_makes_them_lose() -> None:
    """A>B>C 15, A>C>B 7, B>C>A 20, C>B>A 27 (69 papers).

    First preferences A 22, B 20, C 27: B is excluded and its 20 papers go to
    C, who has 47 and is elected. Raising C one place on half (4) of the 7
    A>C>B papers makes them C>A>B: A 18, B 20, C 31; now A is excluded, 15
    papers go to B and 3 to C: B 35, C 34, and B is elected. C lost by being
    raised. (The probes before it, B>C>A and A>B>C, leave C elected.)
    """
    before = ((15, "ABC"), (7, "ACB"), (20, "BCA"), (27, "CBA"))
    after = ((15, "ABC"), (3, "ACB"), (4, "CAB"), (20, "BCA"), (27, "CBA"))
    assert irv(*before) == [2] and irv(*after) == [1]
    out = columns(papers_of(*before), ("av", "uk-fptp", "borda"), ("monotonicity",))
    assert out["winners:av"][0, 0] == 3
    assert out["monotonicity_failure:av"][0] == 1
    assert out["monotonicity_failure:uk-fptp"][0] == 0
    assert out["monotonicity_failure:borda"][0] == 0


def test_av_fails_participation_where_staying_home_helps() -> None:
    """A>C>B 6, B>C>A 5, C>B>A 4 (15 papers).

    A 6, B 5, C 4: C is excluded, its papers go to B: B 9, A 6, B elected.
    Without half (3) of the A>C>B papers, who rank B last: A 3, B 5, C 4; A is
    excluded, the 3 go to C: C 7, B 5, C elected, whom those voters prefer to B.
    """
    before = ((6, "ACB"), (5, "BCA"), (4, "CBA"))
    assert irv(*before) == [1] and irv((3, "ACB"), (5, "BCA"), (4, "CBA")) == [2]
    out = columns(papers_of(*before), ("av", "uk-fptp"), ("participation",))
    assert out["participation_failure:av"][0] == 1
    assert out["participation_failure:uk-fptp"][0] == 0


def test_disproportionality_and_first_share_by_hand() -> None:
    """A 50, B 30, C 20 first preferences; first past the post elects A.

    Vote shares (0.5, 0.3, 0.2), seat shares (1, 0, 0): Loosemore–Hanby
    ½(0.5 + 0.3 + 0.2) = 0.5; Gallagher √(½(0.25 + 0.09 + 0.04)) = √0.19.
    """
    papers = papers_of((50, "ABC"), (30, "BCA"), (20, "CBA"))
    out = columns(papers, ("uk-fptp",), ("disproportionality", "first-share", "condorcet"))
    assert out["loosemore_hanby:uk-fptp"][0] == 0.5
    assert math.isclose(out["gallagher:uk-fptp"][0], math.sqrt(0.19), rel_tol=1e-15)
    assert out["first_share:uk-fptp"][0] == 0.5
    # A over B on 50 papers, B over A on 50: a tie, so neither beats everyone
    # (B beats C 80-20, A and C are 50-50 too): no Condorcet winner.
    assert out["no_condorcet_winner"][0]
    assert out["condorcet_elected:uk-fptp"][0] == -1


def test_condorcet_winner_elected_or_not() -> None:
    """A>B>C 40, B>C>A 35, C>B>A 25: B beats A 60-40 and C 75-25; FPTP elects A."""
    papers = papers_of((40, "ABC"), (35, "BCA"), (25, "CBA"))
    out = columns(papers, ("uk-fptp", "av", "borda"), ("condorcet",))
    assert out["condorcet_winner"][0] == 2
    assert list(out["condorcet_elected:uk-fptp"]) == [0]
    assert list(out["condorcet_elected:av"]) == [1]  # C out, its 25 to B: B 60
    assert list(out["condorcet_elected:borda"]) == [1]  # A 80, B 135, C 85


def test_wilson_interval_matches_the_published_one() -> None:
    """Newcombe (Stat. Med. 17, 1998), Table II: 0/10 gives 0 to 0.2775; 81/263, 0.2553-0.3662."""
    low, high = wilson(0, 10)
    assert (round(low, 4), round(high, 4)) == (0.0, 0.2775)
    low, high = wilson(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
