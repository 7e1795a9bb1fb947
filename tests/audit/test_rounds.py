"""Audit rounds: the risk-limiting property by simulation, and a round checked by hand.

The simulated audits are seeded: trial i uses the audit seed ``str(i)``. The
frequencies are asserted against the guarantee (a wrong outcome escalates to a
full hand count with probability at least 1 - α) and printed with ``-s``.
"""

from __future__ import annotations

import pytest

from tellers import Candidate, Contest, Election, Totals, count
from tellers.audit import outcome, plan, sample
from tellers.audit.rounds import FULL, MET, MORE, read_papers, run_round
from tellers.errors import InputError

PAPERS = 500
ALPHA = 0.1
TRIALS = 2000
CONTEST = Contest("Ward", 1, (Candidate("Ann"), Candidate("Bob")))


def _reported(ann: int, bob: int) -> Election:
    return Election(CONTEST, Totals((ann, bob), PAPERS))


def _audit(seed: str, true_ann: int, draws: int) -> str:
    """A ballot-polling audit of the report 300 v 200 on papers whose truth gives Ann
    papers 1..true_ann and Bob the rest, with at most ``draws`` papers drawn."""
    election = _reported(300, 200)
    found = outcome(election, count(election, "fptp"))
    numbers = sample(seed, PAPERS, draws)
    read = {k: (0,) if k <= true_ann else (1,) for k in numbers}
    result = run_round(
        found, seed=seed, risk_limit=ALPHA, method="ballot-polling", read=read, draws=draws
    )
    return result.decision


def test_a_wrong_outcome_goes_to_a_full_hand_count() -> None:
    # reported Ann 300, Bob 200; truly Ann 240, Bob 260: Bob won. An audit that may draw
    # up to all 500 papers must end in a full hand count in at least 90% of trials.
    decisions = [_audit(str(i), 240, PAPERS) for i in range(TRIALS)]
    escalated = sum(d != MET for d in decisions) / TRIALS
    print(f"wrong outcome: {escalated:.4f} of {TRIALS} audits went to a full hand count")
    assert escalated >= 1 - ALPHA
    assert set(decisions) <= {MET, FULL}


def test_a_right_outcome_stops_early() -> None:
    # reported and true: Ann 300, Bob 200. Round 1 draws the plan's 90% quantile.
    election = _reported(300, 200)
    figures = plan(outcome(election, count(election, "fptp")), ALPHA, trials=TRIALS, seed=7)
    first_round = figures.quantile(0.9)
    # BRAVO at s = 0.6, α = 10%, walked paper by paper in 20,000 trials: 90% stop by
    # 249 papers; the plan's 1,000 trials land within a few papers of it
    assert 200 <= first_round <= 300
    decisions = [_audit(str(i), 300, first_round) for i in range(TRIALS)]
    stopped = sum(d == MET for d in decisions) / TRIALS
    print(
        f"right outcome: {stopped:.4f} of {TRIALS} audits stopped in round 1 ({first_round} draws)"
    )
    assert stopped >= 0.85
    assert set(decisions) <= {MET, MORE, FULL}


def test_a_round_by_hand() -> None:
    # Ann 300, Bob 200 of 500: s = 0.6. Draws 1-4 of seed "1" read as Ann, Ann, Bob, blank:
    # T = 1.2, 1.44, 1.152, 1.152; risk = 1/1.44.
    election = _reported(300, 200)
    found = outcome(election, count(election, "fptp"))
    numbers = sample("1", PAPERS, 4)
    sheet = "ballot,marks\n" + "".join(
        f"{k},{marks}\n" for k, marks in zip(numbers, ["Ann", "Ann", "Bob", ""], strict=True)
    )
    read = read_papers("sheet.csv", CONTEST, None, sheet)
    result = run_round(found, seed="1", risk_limit=ALPHA, method="ballot-polling", read=read)
    (risk,) = result.risks
    assert result.draws == len(set(numbers)) == 4
    assert risk.risk == pytest.approx(1 / 1.44)
    assert result.decision == MORE
    # the papers still to draw: BRAVO's ASN at α / risk = 0.144
    assert result.next_draws is not None and result.next_draws > 0


def test_a_comparison_round_counts_overstatements() -> None:
    election = _reported(300, 200)
    found = outcome(election, count(election, "fptp"))
    numbers = sample("9", PAPERS, 30)
    cvrs = {k: (0,) for k in range(1, PAPERS + 1)}
    read = {k: (0,) for k in numbers}
    read[numbers[0]] = (1,)  # the CVR said Ann, the paper says Bob: a two-vote overstatement
    result = run_round(found, seed="9", risk_limit=ALPHA, method="comparison", read=read, cvrs=cvrs)
    (risk,) = result.risks
    assert risk.discrepancies == (0, 1, 0, 0)
    # super-simple by hand: μ = 0.2, γ = 1.03905: P = (1 - μ/2γ)^n / (1 - 1/γ)
    n = result.draws
    gamma = 1.03905
    assert risk.risk == pytest.approx(min(1.0, (1 - 0.2 / (2 * gamma)) ** n / (1 - 1 / gamma)))


def test_sheet_errors_name_the_line() -> None:
    with pytest.raises(InputError, match=r"sheet\.csv:3: expected a candidate of Ward"):
        read_papers("sheet.csv", CONTEST, None, "ballot,marks\n1,Ann\n2,Zed\n")
    with pytest.raises(InputError, match=r"sheet\.csv:2: expected a paper number"):
        read_papers("sheet.csv", CONTEST, None, "ballot,marks\nx,Ann\n")
    with pytest.raises(InputError, match=r"sheet\.csv:1: expected columns"):
        read_papers("sheet.csv", CONTEST, None, "paper,vote\n")
