"""Results entry through the web: enter, edit, conflict, confirm, history, and their API.

Two editors (ann and bob) and a viewer share a store of their own (``entry_url``).
The by-election of the fixtures is at version 1, imported (not provisional).
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from tellers.results.store import open_store

from .conftest import (
    BY_ELECTION,
    EDITOR_ONE,
    EDITOR_TWO,
    HOSTILE,
    HOSTILE_NAME,
    TestClient,
    api_headers,
    form_token,
)
from .test_api import assert_envelope

NEW = "local.testshire.castle.by.2024-05-02"
NEWSPAPER = """Ward: Castle (Testshire), by-election
Date: Thursday 2 May 2024
Ann JONES (Labour Party) 412 elected
Bill SMITH (Conservative Party) 398
Cat BROWN (Green Party) 97
"""
PROVISIONAL = "Provisional — awaiting a second editor's confirmation"
CHANGED = "Gulam ROBBANI (Independent) 1,031 elected\nAla UDDIN (The Labour Party) 987\n"


def text_of(page: str) -> str:
    """What a reader sees of a page: its text without tags, spaces run together."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))).replace(" ,", ",")


def textarea(page: str) -> str:
    """The text of the page's ``text`` field, as the browser shows it."""
    found = re.search(r'<textarea id="text"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert found, "no text field on the page"
    return unescape(found.group(1))


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no field {name}"
    return found.group(1)


def enter(client: TestClient, ballot_id: str = NEW, text: str = NEWSPAPER, **fields: str) -> Any:
    data = {
        "ballot_id": ballot_id,
        "text": text,
        "source": "https://www.testshire.gov.uk/castle-2024",
        "csrf_token": form_token(client, "/enter"),
        **fields,
    }
    return client.post("/enter", data=data, follow_redirects=False)


def edit(client: TestClient, ballot_id: str, text: str, version: str, **fields: str) -> Any:
    page = client.get(f"/results/{ballot_id}/edit").text
    data = {
        "text": text,
        "source": "https://example.org/corrected",
        "version": version,
        "csrf_token": hidden(page, "csrf_token"),
        **fields,
    }
    return client.post(f"/results/{ballot_id}/edit", data=data, follow_redirects=False)


def confirm(client: TestClient, ballot_id: str, version: str) -> Any:
    data = {"version": version, "csrf_token": form_token(client, f"/results/{ballot_id}")}
    return client.post(f"/results/{ballot_id}/confirm", data=data, follow_redirects=False)


# -- pages ---------------------------------------------------------------------------------


def test_an_editor_enters_a_new_by_election_and_it_is_provisional(editor: TestClient) -> None:
    response = enter(editor)
    assert response.status_code == 303
    assert response.headers["location"] == f"/results/{NEW}"
    page = editor.get(f"/results/{NEW}").text
    assert PROVISIONAL in text_of(page)
    assert "412" in page and "Ann JONES" in page
    assert f'href="/results/{NEW}/edit"' in page
    assert "another editor must confirm it" in page  # no Confirm button for its author
    assert "/confirm" not in page
    card = editor.get(f"/api/v1/results/{NEW}").json()
    assert card["provisional"] is True


def test_the_defending_party_is_entered_with_the_result_and_changed_as_a_new_version(
    editor: TestClient, entry_url: str
) -> None:
    assert 'name="defending"' in editor.get("/enter").text
    assert enter(editor, defending="Labour").status_code == 303
    card = editor.get(f"/api/v1/results/{NEW}").json()
    assert card["outcome_labels"] == ["Lab hold"]  # Ann Jones (Labour) won; Labour defended
    page = editor.get(f"/results/{NEW}/edit").text
    assert hidden(page, "defending") == "lab"
    # the same text, the same source, another defending party: a new version
    source = "https://www.testshire.gov.uk/castle-2024"
    assert edit(editor, NEW, NEWSPAPER, "1", source=source, defending="CON").status_code == 303
    card = editor.get(f"/api/v1/results/{NEW}").json()
    assert (card["version"], card["outcome_labels"]) == ("2", ["Lab gain from Con"])
    assert card["provisional"] is True
    with open_store(entry_url) as store:
        first, second = store.history(NEW)
    assert (first.defending, second.defending) == ("lab", "con")
    assert second.candidates == first.candidates
    # nothing changed: no new version
    assert edit(editor, NEW, NEWSPAPER, "2", source=source, defending="con").status_code == 303
    assert editor.get(f"/api/v1/results/{NEW}").json()["version"] == "2"


def test_an_entry_whose_date_is_not_the_ids_is_refused(editor: TestClient) -> None:
    other_day = NEW.replace("2024-05-02", "2024-05-09")
    response = enter(editor, other_day)
    assert response.status_code == 400
    page = text_of(response.text)
    assert "the id's date is 2024-05-09, the result's 2024-05-02" in page
    assert editor.get(f"/api/v1/results/{other_day}").status_code == 404


def test_the_public_sees_the_provisional_banner_but_no_buttons_or_history(
    editor: TestClient, anonymous: TestClient
) -> None:
    enter(editor)
    page = anonymous.get(f"/results/{NEW}").text
    assert PROVISIONAL in text_of(page)
    assert "/edit" not in page and "/confirm" not in page
    assert "Edit history" not in page


def test_the_edit_form_is_filled_with_the_result_as_a_newspaper_prints_it(
    editor: TestClient,
) -> None:
    page = editor.get(f"/results/{BY_ELECTION}/edit").text
    text = textarea(page)
    assert "Gulam ROBBANI (Independent) 1030 Elected" in text
    assert hidden(page, "version") == "1"
    assert 'value="https://www.towerhamlets.gov.uk/by-election-2012"' in page


def test_an_edit_saves_a_new_provisional_version(editor: TestClient) -> None:
    response = edit(editor, BY_ELECTION, CHANGED, "1")
    assert response.status_code == 303
    card = editor.get(f"/api/v1/results/{BY_ELECTION}").json()
    assert card["version"] == "2" and card["provisional"] is True
    assert card["votes"]["ind"] == "1031"


def test_two_editors_save_from_the_same_version_one_gets_a_conflict(
    editor: TestClient, second_editor: TestClient
) -> None:
    first = editor.get(f"/results/{BY_ELECTION}/edit").text
    second = second_editor.get(f"/results/{BY_ELECTION}/edit").text
    assert hidden(first, "version") == hidden(second, "version") == "1"

    assert edit(editor, BY_ELECTION, CHANGED, "1").status_code == 303
    theirs = "Gulam ROBBANI (Independent) 1,030 elected\nAla UDDIN (The Labour Party) 988\n"
    response = edit(second_editor, BY_ELECTION, theirs, "1")

    assert response.status_code == 409
    page = response.text
    message = unescape(re.sub(r"\s+", " ", page))
    assert f"Not saved: {EDITOR_ONE} saved version 2 at " in message
    assert "since you started from version 1" in message
    assert textarea(page) == theirs  # the loser's text is kept
    assert hidden(page, "version") == "2"  # saving again is a choice made with the change seen
    assert "1031" in page  # the result as it now stands, beside it

    history = second_editor.get(f"/api/v1/results/{BY_ELECTION}/history").json()["edits"]
    attempts = [(e["author"], e["outcome"], e["base_version"]) for e in history]
    assert attempts == [(EDITOR_ONE, "saved", "1"), (EDITOR_TWO, "conflict", "1")]
    assert history[1]["submitted"] == theirs


def test_entering_a_ballot_that_has_a_result_is_a_conflict_too(editor: TestClient) -> None:
    response = enter(editor, BY_ELECTION, CHANGED)
    assert response.status_code == 409
    assert "saved version 1" in response.text and "since you started from a new ballot" in (
        response.text
    )
    assert textarea(response.text) == CHANGED


def test_the_author_cannot_confirm_a_second_editor_can(
    editor: TestClient, second_editor: TestClient
) -> None:
    enter(editor)
    own = confirm(editor, NEW, "1")
    assert own.status_code == 403
    assert "a second editor has to confirm it" in unescape(own.text)
    assert editor.get(f"/api/v1/results/{NEW}").json()["provisional"] is True

    page = second_editor.get(f"/results/{NEW}").text
    assert "Confirm version 1" in page
    response = confirm(second_editor, NEW, "1")
    assert response.status_code == 303
    assert second_editor.get(f"/api/v1/results/{NEW}").json()["provisional"] is False
    page = second_editor.get(f"/results/{NEW}").text
    assert PROVISIONAL not in text_of(page)
    assert f"Confirmed by {EDITOR_TWO}" in page


def test_confirming_a_version_that_is_no_longer_current_is_a_conflict(
    editor: TestClient, second_editor: TestClient
) -> None:
    assert edit(editor, BY_ELECTION, CHANGED, "1").status_code == 303
    response = confirm(second_editor, BY_ELECTION, "1")
    assert response.status_code == 409
    assert f"{EDITOR_ONE} saved version 2" in response.text


def test_the_history_on_the_contest_page(editor: TestClient, second_editor: TestClient) -> None:
    enter(editor)
    confirm(second_editor, NEW, "1")
    page = editor.get(f"/results/{NEW}").text
    history = page[page.index('id="history-h"') :]
    rows = re.findall(r"<tr class=\"(\w+)\">(.*?)</tr>", history, re.DOTALL)
    assert [outcome for outcome, _ in rows] == ["saved", "saved"]
    assert EDITOR_ONE in rows[0][1] and "entered" in rows[0][1]
    assert EDITOR_TWO in rows[1][1] and "confirmed" in rows[1][1]
    assert "https://www.testshire.gov.uk/castle-2024" in rows[0][1]


def test_text_that_cannot_be_read_comes_back_with_the_error(editor: TestClient) -> None:
    response = enter(editor, NEW, "Ann JONES (Labour) many\n")
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert textarea(response.text) == "Ann JONES (Labour) many\n"
    response = edit(editor, BY_ELECTION, CHANGED, "one")
    assert response.status_code == 400
    assert "version: expected a whole number" in unescape(response.text)


def test_the_edit_form_shows_a_name_with_html_as_text(editor: TestClient) -> None:
    page = editor.get(f"/results/{HOSTILE}/edit").text
    assert "<script>alert" not in page
    assert HOSTILE_NAME in textarea(page)


def test_an_unknown_ballot_has_no_edit_page(editor: TestClient) -> None:
    assert editor.get("/results/local.nowhere.ward.2020-05-07/edit").status_code == 404


def test_the_header_offers_sign_in_or_shows_who_is_signed_in(
    editor: TestClient, anonymous: TestClient
) -> None:
    page = editor.get("/").text
    assert f"Signed in as <strong>{EDITOR_ONE}</strong> (editor)" in page
    assert 'href="/enter"' in page and 'action="/sign-out"' in page
    assert 'href="/sign-in?next=/"' in anonymous.get("/").text


# -- the JSON API ----------------------------------------------------------------------------


def post(client: TestClient, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, json=body, headers=api_headers(client))


def test_api_enter_saves_a_provisional_version(editor: TestClient) -> None:
    body = {"text": NEWSPAPER, "source": "https://example.org/castle", "version": 0}
    response = post(editor, f"/api/v1/results/{NEW}", body)
    assert response.status_code == 200, response.text
    saved = response.json()
    assert saved["version"] == "1" and saved["outcome"] == "saved"
    assert saved["provisional"] is True and saved["author"] == EDITOR_ONE
    assert saved["confirmed_by"] is None
    again = post(editor, f"/api/v1/results/{NEW}", {**body, "version": 1}).json()
    assert again["outcome"] == "unchanged" and again["version"] == "1"


def test_api_enter_takes_the_defending_party(editor: TestClient) -> None:
    body = {"text": NEWSPAPER, "source": "https://example.org/castle", "version": 0}
    saved = post(editor, f"/api/v1/results/{NEW}", {**body, "defending": "CON"}).json()
    assert saved["version"] == "1" and saved["defending"] == "con"
    again = post(editor, f"/api/v1/results/{NEW}", {**body, "version": 1, "defending": "LAB"})
    assert again.json()["version"] == "2" and again.json()["defending"] == "lab"


def test_api_conflict_is_a_409_naming_who_saved(
    editor: TestClient, second_editor: TestClient
) -> None:
    body = {"text": CHANGED, "source": "https://example.org/a", "version": 1}
    assert post(editor, f"/api/v1/results/{BY_ELECTION}", body).status_code == 200
    response = post(second_editor, f"/api/v1/results/{BY_ELECTION}", body)
    message = assert_envelope(response, 409)
    assert f"{EDITOR_ONE} saved version 2" in message
    history = second_editor.get(f"/api/v1/results/{BY_ELECTION}/history").json()
    assert [e["author"] for e in history["edits"]] == [EDITOR_ONE, EDITOR_TWO]
    assert history["edits"][1]["outcome"] == "conflict"


def test_api_confirm(editor: TestClient, second_editor: TestClient) -> None:
    body = {"text": NEWSPAPER, "source": "https://example.org/castle", "version": 0}
    post(editor, f"/api/v1/results/{NEW}", body)
    assert "you entered version 1" in assert_envelope(
        post(editor, f"/api/v1/results/{NEW}/confirm", {"version": 1}), 403
    )
    assert_envelope(post(second_editor, f"/api/v1/results/{NEW}/confirm", {"version": 2}), 409)
    response = post(second_editor, f"/api/v1/results/{NEW}/confirm", {"version": 1})
    assert response.status_code == 200, response.text
    confirmed = response.json()
    assert confirmed["provisional"] is False and confirmed["confirmed_by"] == EDITOR_TWO
    assert confirmed["outcome"] == "confirmed" and confirmed["confirmed_at"]
    assert editor.get(f"/api/v1/results/{NEW}").json()["provisional"] is False
    again = post(second_editor, f"/api/v1/results/{NEW}/confirm", {"version": 1})
    assert "confirmed by" in assert_envelope(again, 403)


def test_api_history(editor: TestClient, anonymous: TestClient) -> None:
    post(editor, f"/api/v1/results/{NEW}", {"text": NEWSPAPER, "source": "s", "version": 0})
    history = editor.get(f"/api/v1/results/{NEW}/history").json()
    assert history["ballot_id"] == NEW
    (only,) = history["edits"]
    assert only["action"] == "enter" and only["outcome"] == "saved"
    assert (only["base_version"], only["version"]) == ("0", "1")
    assert only["submitted"] == NEWSPAPER and only["source"] == "s"
    assert only["at"].startswith("20") and only["message"] is None
    assert_envelope(editor.get("/api/v1/results/local.nowhere.ward.2020-05-07/history"), 404)
    assert_envelope(anonymous.get(f"/api/v1/results/{NEW}/history"), 401)


def test_api_session(editor: TestClient, anonymous: TestClient) -> None:
    session = editor.get("/api/v1/session").json()
    assert session["username"] == EDITOR_ONE and session["role"] == "editor"
    assert len(session["csrf_token"]) > 20 and session["expires_at"]
    assert "sign in" in assert_envelope(anonymous.get("/api/v1/session"), 401)


def test_api_errors_come_in_the_envelope(editor: TestClient) -> None:
    path = f"/api/v1/results/{NEW}"
    bad = {"text": "Ann many\n", "source": "s", "version": 0}
    assert_envelope(post(editor, path, bad), 400)
    assert "version" in assert_envelope(post(editor, path, {"text": "A 1", "source": "s"}), 422)
    assert_envelope(post(editor, path, {"text": "A 1", "source": "s", "version": -1}), 422)
    unknown = "/api/v1/results/local.nowhere.ward.2020-05-07/confirm"
    assert_envelope(post(editor, unknown, {"version": 1}), 404)
    assert_envelope(post(editor, f"/api/v1/results/{NEW}/confirm", {}), 422)
    assert_envelope(editor.put(path, json={}), 405)
    assert_envelope(editor.post(path + "/nothing", json={}), 404)


def test_what_the_api_saves_is_in_the_store(editor: TestClient, entry_url: str) -> None:
    post(editor, f"/api/v1/results/{NEW}", {"text": NEWSPAPER, "source": "s", "version": 0})
    with open_store(entry_url) as store:
        result = store.current_result(NEW)
    assert result is not None and result.provisional and result.author == EDITOR_ONE
    assert [c.votes for c in result.candidates] == [412, 398, 97]


def test_a_ballot_identifier_that_cannot_be_read_is_a_400(editor: TestClient) -> None:
    response = enter(editor, "not a ballot id")
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert 'value="not a ballot id"' in response.text
    assert textarea(response.text) == NEWSPAPER
