"""The integrity report: reconciliations with their figures, and what stands out."""

from __future__ import annotations

from tellers.results.integrity import check
from tellers.results.store import CandidateResult, Figures, PostalVotes, Store

from .clihelp import run

C = CandidateResult


def figures(votes: tuple[int, ...], *, seats: int = 1, valid: int | None = None,
            rejected: int = 0, electorate: int | None = None, issued: int | None = None,
            elected: int | None = None, postal: PostalVotes | None = None) -> Figures:  # fmt: skip
    ranked = sorted(range(len(votes)), key=lambda i: -votes[i])
    winners = set(ranked[: seats if elected is None else elected])
    return Figures(
        tuple(C(f"Cand {i}", "Labour" if i % 2 else "Conservative", v, i in winners)
              for i, v in enumerate(votes)),
        seats=seats,
        rules="uk-fptp",
        valid_papers=sum(votes) if valid is None else valid,
        rejected={"unmarked_or_void": rejected} if rejected else {},
        electorate=electorate,
        papers_issued=issued,
        postal=postal or PostalVotes(),
    )  # fmt: skip


def ward(i: int) -> str:
    return f"local.example.ward-{i}.2014-05-22"


def test_a_sound_declaration(store: Store) -> None:
    store.add_result(figures((600, 400), rejected=5, electorate=4000, issued=1005), ward(1), "s")
    report = check(store, ward(1))
    assert report.ok and not report.findings
    assert "votes = valid papers" in report.checked
    assert "turnout ≤ 100%" in report.checked


def test_votes_that_do_not_add_up(store: Store) -> None:
    store.add_result(figures((600, 400), valid=990, rejected=20, issued=1000), ward(1), "s")
    report = check(store, ward(1))
    messages = [f.message for f in report.errors]
    assert messages == [
        "candidate votes add up to 1,000, but valid papers are 990 (a difference of 10)",
        "ballot papers counted 1,010 (990 valid + 20 rejected) are more than the 1,000 "
        "papers issued",
    ]


def test_block_vote_turnout_and_seats(store: Store) -> None:
    # 3 seats x 300 valid papers = 900 < 1,000 votes; 300 + 10 papers > electorate 305
    store.add_result(
        figures((400, 350, 250), seats=3, valid=300, rejected=10, electorate=305, elected=2),
        ward(1), "s",
    )  # fmt: skip
    report = check(store, ward(1))
    messages = [f.message for f in report.errors]
    assert messages[0] == (
        "candidate votes add up to 1,000, more than 3 seats × 300 valid papers = 900"
    )
    assert "ballot papers counted 310 are more than the electorate 305 (turnout 101.6%)" in messages
    assert "2 elected for 3 seats" in messages


def test_postal_votes_reconcile(store: Store) -> None:
    postal = PostalVotes(issued=100, returned=120, rejected={"no_statement": 130})
    store.add_result(figures((60, 40), postal=postal), ward(1), "s")
    messages = [f.message for f in check(store, ward(1)).errors]
    assert messages == [
        "120 postal votes returned of 100 issued",
        "130 postal votes rejected at opening of 120 returned",
    ]


def test_an_unusual_rejected_rate_against_the_authority(store: Store) -> None:
    # Five other wards reject 5, 6, 7, 6, 6 papers of 1,000 counted: 0.5%..0.7%, mean 0.60%,
    # sample sd 0.0707 points; ward 6 rejects 41 of 1,000 = 4.1%: z = (4.1 - 0.6)/0.0707 = 49.5
    for i, rejected in enumerate((5, 6, 7, 6, 6), start=1):
        store.add_result(figures((600, 400 - rejected), rejected=rejected), ward(i), "s")
    store.add_result(figures((600, 359), rejected=41), ward(6), "s")
    report = check(store, ward(6))
    assert report.ok
    assert [f.message for f in report.unusual] == [
        "rejected papers 4.1% against 0.6% across the other 5 wards of example (z = 49.5)",
        "rejected papers (unmarked or void) 4.1% against 0.6% across the other 5 wards of "
        "example (z = 49.5)",
    ]
    # ward 3, 7 of 1,000 = 0.7%, against 5, 6, 6, 41 of 1,000 and 6: mean 1.28%, below it
    assert check(store, ward(3)).unusual == ()


def test_an_unusual_rate_against_the_wards_history(store: Store) -> None:
    earlier = "local.example.ward-1.2010-05-06"
    store.add_result(figures((600, 395), rejected=5), earlier, "s")  # 5/1,000 = 0.5%
    store.add_result(figures((600, 375), rejected=25), ward(1), "s")  # 25/1,000 = 2.5%
    report = check(store, ward(1))
    assert report.unusual[0].message == (
        "rejected papers 2.5% against 0.5% on 2010-05-06 in the same ward "
        "(more than 2 times the highest)"
    )


def test_check_command_exit_codes(db_url: str) -> None:
    from tellers.results.store import open_store

    store = open_store(db_url)
    try:
        store.add_result(figures((600, 400), valid=990), ward(1), "s")
        store.add_result(figures((600, 400)), ward(2), "s")
    finally:
        store.close()
    bad = run(db_url, "check", ward(1))
    assert bad.exit_code == 1
    assert "Does not add up:\n  candidate votes add up to 1,000, but valid papers are 990" in (
        bad.stdout
    )
    good = run(db_url, "check", ward(2))
    assert good.exit_code == 0
