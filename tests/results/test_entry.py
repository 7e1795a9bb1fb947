"""Results typed in on the web, on SQLite and PostgreSQL: provisional versions, a second
editor's confirmation, conflicts between editors, the edit history, and the text that
fills in the edit form."""

from __future__ import annotations

import json
import threading

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner

from tellers.cli import main
from tellers.formats import read_text
from tellers.results import accounts, card
from tellers.results.accounts import User, add_user
from tellers.results.entry import Edit, NotAllowed, as_text, confirm_result, edits, enter_result
from tellers.results.store import (
    BallotInfo,
    CandidateResult,
    ConflictError,
    Figures,
    PostalVotes,
    Result,
    Store,
)
from tellers.service.results import analyse_ballot

BY_ELECTION = "local.tower-hamlets.spitalfields-banglatown.by.2012-04-19"
WARD = "local.tower-hamlets.weavers.2014-05-22"
SOURCE = "https://www.towerhamlets.gov.uk/spitalfields-banglatown-by-election-2012.pdf"
TEXT = """Gulam Robbani (Independent) 1030
Ala Uddin (The Labour Party) 987
Matthew Smith (Conservative Party) 140
"""


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "_HASHER", PasswordHasher(1, 8, 1))


def enter(
    store: Store, user: User, text: str = TEXT, version: int = 0, *, source: str = SOURCE
) -> Result:
    """``user`` enters ``text`` as the by-election's result, starting from ``version``."""
    ballot = BallotInfo(seats=1) if version == 0 else None
    return enter_result(
        store, BY_ELECTION, text, user=user, source=source, expected_version=version, ballot=ballot
    )


@pytest.fixture
def people(store: Store) -> dict[str, User]:
    return {
        name: add_user(store, name, "a long password", role=role)
        for name, role in (("ann", "editor"), ("bob", "admin"), ("vic", "viewer"))
    }


def test_an_entry_is_a_provisional_version_with_its_author_and_source(
    store: Store, people: dict[str, User]
) -> None:
    saved = enter(store, people["ann"])
    assert (saved.version, saved.author, saved.source) == (1, "ann", SOURCE)
    assert saved.provisional and saved.confirmed_by is None and saved.confirmed_at is None
    assert [(c.name, c.votes, c.elected) for c in saved.candidates] == [
        ("Gulam Robbani", 1030, True),
        ("Ala Uddin", 987, False),
        ("Matthew Smith", 140, False),
    ]
    assert store.current_result(BY_ELECTION) == saved
    [edit] = edits(store, BY_ELECTION)
    assert edit == Edit(BY_ELECTION, "ann", edit.at, "enter", 0, "saved", 1, SOURCE, TEXT, None)
    # the same figures again write nothing, and the history says so
    again = enter(store, people["bob"], version=1)
    assert again == saved
    assert [(e.author, e.outcome, e.version) for e in edits(store, BY_ELECTION)] == [
        ("ann", "saved", 1),
        ("bob", "unchanged", 1),
    ]


def test_results_added_otherwise_are_not_provisional(store: Store) -> None:
    store.add_result(read_text(TEXT), BY_ELECTION, SOURCE)
    result = store.current_result(BY_ELECTION)
    assert result is not None and not result.provisional


def test_confirming_your_own_entry_is_not_allowed(store: Store, people: dict[str, User]) -> None:
    enter(store, people["ann"])
    with pytest.raises(NotAllowed, match="a second editor"):
        confirm_result(store, BY_ELECTION, 1, user=people["ann"])
    current = store.current_result(BY_ELECTION)
    assert current is not None and current.provisional
    last = edits(store, BY_ELECTION)[-1]
    assert (last.author, last.action, last.outcome) == ("ann", "confirm", "refused")
    assert last.message is not None and "a second editor" in last.message


def test_a_second_editor_confirms_and_the_card_says_so(
    store: Store, people: dict[str, User], db_url: str
) -> None:
    enter(store, people["ann"])
    before = analyse_ballot(store, BY_ELECTION)
    assert card.to_json(before)["provisional"] is True
    assert "PROVISIONAL" in card.text(before)
    shown = CliRunner().invoke(
        main, ["results", "--db", db_url, "show", BY_ELECTION, "--format", "json"]
    )
    assert json.loads(shown.stdout)["provisional"] is True

    confirmed = confirm_result(store, BY_ELECTION, 1, user=people["bob"])
    assert (confirmed.version, confirmed.provisional, confirmed.confirmed_by) == (1, False, "bob")
    assert confirmed.confirmed_at is not None
    assert store.current_result(BY_ELECTION) == confirmed
    after = analyse_ballot(store, BY_ELECTION)
    assert card.to_json(after)["provisional"] is False
    assert "PROVISIONAL" not in card.text(after)
    last = edits(store, BY_ELECTION)[-1]
    assert (last.author, last.action, last.outcome, last.version) == ("bob", "confirm", "saved", 1)
    with pytest.raises(NotAllowed, match="confirmed by bob"):
        confirm_result(store, BY_ELECTION, 1, user=people["ann"])


def test_a_viewer_can_neither_enter_nor_confirm(store: Store, people: dict[str, User]) -> None:
    with pytest.raises(NotAllowed):
        enter(store, people["vic"])
    assert not store.has_ballot(BY_ELECTION)
    enter(store, people["ann"])
    with pytest.raises(NotAllowed):
        confirm_result(store, BY_ELECTION, 1, user=people["vic"])
    current = store.current_result(BY_ELECTION)
    assert current is not None and current.provisional
    assert [(e.author, e.action, e.outcome) for e in edits(store, BY_ELECTION)] == [
        ("vic", "enter", "refused"),
        ("ann", "enter", "saved"),
        ("vic", "confirm", "refused"),
    ]


def test_a_result_that_is_not_provisional_has_nothing_to_confirm(
    store: Store, people: dict[str, User]
) -> None:
    store.add_result(read_text(TEXT), BY_ELECTION, SOURCE)
    with pytest.raises(NotAllowed, match="not provisional"):
        confirm_result(store, BY_ELECTION, 1, user=people["bob"])


def test_two_editors_start_from_one_version_one_saves_the_other_is_told(
    store: Store, people: dict[str, User]
) -> None:
    store.add_result(read_text(TEXT), BY_ELECTION, SOURCE, author="import")
    current = store.current_result(BY_ELECTION)
    assert current is not None and current.version == 1
    form = as_text(current)  # what both editors see in the form
    ann_text = form.replace("140", "141")
    bob_text = form.replace("987", "897") + "# Bob's correction from the recount sheet\n"

    won = enter(store, people["ann"], ann_text, 1, source=SOURCE + "#p2")
    with pytest.raises(ConflictError) as lost:
        enter(store, people["bob"], bob_text, 1, source=SOURCE + "#p3")
    assert (lost.value.expected, lost.value.current) == (1, 2)

    assert won.version == 2
    stored = store.current_result(BY_ELECTION)
    assert stored is not None and stored.version == 2 and stored.author == "ann"
    assert [c.votes for c in stored.candidates] == [1030, 987, 141]
    assert [h.version for h in store.history(BY_ELECTION)] == [1, 2]
    history = edits(store, BY_ELECTION)
    assert [(e.author, e.outcome, e.base_version, e.version) for e in history] == [
        ("ann", "saved", 1, 2),
        ("bob", "conflict", 1, 2),
    ]
    assert history[0].submitted == ann_text
    assert history[1].submitted == bob_text
    assert history[1].source == SOURCE + "#p3"
    assert history[1].message is not None and "version 2, not 1" in history[1].message


def test_two_editors_saving_at_the_same_moment(store: Store, people: dict[str, User]) -> None:
    store.add_result(read_text(TEXT), BY_ELECTION, SOURCE, author="import")
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(name: str, votes: str) -> None:
        text = TEXT.replace("140", votes)
        barrier.wait()
        try:
            outcomes[name] = enter(store, people[name], text, 1).version
        except ConflictError as error:
            outcomes[name] = error

    threads = [threading.Thread(target=save, args=a) for a in (("ann", "141"), ("bob", "142"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    won = [name for name, outcome in outcomes.items() if outcome == 2]
    lost = [name for name, outcome in outcomes.items() if isinstance(outcome, ConflictError)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    stored = store.current_result(BY_ELECTION)
    assert stored is not None and stored.author == won[0]
    assert sorted((e.author, e.outcome) for e in edits(store, BY_ELECTION)) == sorted(
        [(won[0], "saved"), (lost[0], "conflict")]
    )
    [loser] = [e for e in edits(store, BY_ELECTION) if e.outcome == "conflict"]
    assert loser.submitted == TEXT.replace("140", "142" if lost[0] == "bob" else "141")


def test_confirming_a_version_that_is_no_longer_current_is_a_conflict(
    store: Store, people: dict[str, User]
) -> None:
    enter(store, people["ann"])
    enter(store, people["ann"], TEXT.replace("140", "141"), 1)
    with pytest.raises(ConflictError) as moved:
        confirm_result(store, BY_ELECTION, 1, user=people["bob"])
    assert moved.value.current == 2
    last = edits(store, BY_ELECTION)[-1]
    assert (last.author, last.action, last.outcome, last.base_version, last.version) == (
        "bob",
        "confirm",
        "conflict",
        1,
        2,
    )
    assert confirm_result(store, BY_ELECTION, 2, user=people["bob"]).confirmed_by == "bob"


def test_as_text_reads_back_to_the_same_figures(store: Store, people: dict[str, User]) -> None:
    # a three-seat ward counted by STV: those elected are not simply the three with the
    # most first preferences, so the text must say who was elected
    figures = Figures(
        (
            CandidateResult("Abdal Ullah", "Labour", 2100, True),
            CandidateResult("Jane Doe", None, 1900, False),
            CandidateResult("Kabir Ahmed", "Tower Hamlets First", 1850, True),
            CandidateResult("Peter Golds", "Conservative", 1200, True),
        ),
        rules="scot-2011",
        seats=3,
        electorate=11_250,
        papers_issued=7_190,
        valid_papers=7_050,
        rejected={"want_of_official_mark": 3, "unmarked_or_void_for_uncertainty": 37},
        rejected_in_part=12,
        postal=PostalVotes(issued=1_500, returned=1_100),
    )
    store.add_result(figures, WARD, SOURCE)
    result = store.current_result(WARD)
    assert result is not None
    text = as_text(result)

    election = read_text(text, format_in="declared")
    assert [(c.name, c.party) for c in election.contest.candidates] == [
        ("Abdal Ullah", "Labour"),
        ("Jane Doe", None),
        ("Kabir Ahmed", "Tower Hamlets First"),
        ("Peter Golds", "Conservative"),
    ]
    assert election.votes.votes == (2100, 1900, 1850, 1200)  # type: ignore[union-attr]
    assert election.contest.seats == 3
    assert election.valid_papers == 7_050
    assert dict(election.rejected) == dict(figures.rejected)
    assert (election.rejected_in_part, election.electorate, election.papers_issued) == (
        12,
        11_250,
        7_190,
    )
    # entered again as it stands, it is the same result in every figure (the store's
    # digest covers them all, elected and postal votes included): nothing is written
    again = enter_result(store, WARD, text, user=people["ann"], source=SOURCE, expected_version=1)
    assert again.version == 1 and not again.provisional
    assert [e.outcome for e in edits(store, WARD)] == ["unchanged"]
    # and a change to it is a new version that keeps those elected and the postal votes
    changed = enter_result(
        store,
        WARD,
        text.replace("1200", "1201"),
        user=people["ann"],
        source=SOURCE,
        expected_version=1,
    )
    assert [c.name for c in changed.elected] == ["Abdal Ullah", "Kabir Ahmed", "Peter Golds"]
    assert changed.figures.postal == figures.postal
    assert changed.figures.rules == "scot-2011"


def test_text_that_cannot_be_read_is_refused_and_nothing_is_saved(
    store: Store, people: dict[str, User]
) -> None:
    from tellers.errors import InputError

    with pytest.raises(InputError, match="expected"):
        enter(store, people["ann"], "no candidates here\n")
    assert not store.has_ballot(BY_ELECTION)
