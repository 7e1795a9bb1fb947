"""What keeps the site safe: sign-in, sessions, CSRF tokens, roles, escaping, headers.

Writes use a store of the test's own (``entry_url``) with two editors and a viewer;
reads that must change nothing use the shared store of the fixtures.
"""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest

from tellers.results import accounts
from tellers.results.store import open_store
from tellers.web import create_app
from tellers.web.signin import EXPIRED, safe_next

from .conftest import (
    BY_ELECTION,
    EDITOR_ONE,
    HOSTILE,
    PASSWORD,
    VIEWER,
    TestClient,
    api_headers,
    form_token,
    sign_in,
    with_token,
)
from .test_api import assert_envelope

NEW = "local.testshire.castle.by.2024-05-02"
TEXT = "Ann JONES (Labour Party) 412 elected\nBill SMITH (Conservative Party) 398\n"
SCRIPT_NAME = "<script>alert('x')</script> Evans"
ESCAPED_SCRIPT = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Evans"


def versions(url: str, ballot_id: str) -> list[int]:
    with open_store(url) as store:
        if not store.has_ballot(ballot_id):
            return []
        return [r.version for r in store.history(ballot_id)]


def entry_form(**fields: str) -> dict[str, str]:
    """The fields of the enter form, and its token."""
    base = {"ballot_id": NEW, "text": TEXT, "source": "https://example.org", "version": "0"}
    return {**base, **fields}


# -- headers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/count", "/sign-in", f"/results/{BY_ELECTION}", "/api/v1/rules", "/nowhere"]
)
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_static_files_and_errors_under_the_api_carry_them_too(client: TestClient) -> None:
    for response in (client.get("/static/tellers.css"), client.post("/api/v1/nothing")):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


def test_pages_meant_for_iframes_may_be_framed(client: TestClient) -> None:
    response = client.get(f"/embed/results/{BY_ELECTION}")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert "x-frame-options" not in response.headers
    assert "frame-ancestors 'none'" not in response.headers.get("content-security-policy", "")


# -- signing in ----------------------------------------------------------------------------


def test_signing_in_sets_a_safe_session_cookie(anonymous: TestClient) -> None:
    response = sign_in(anonymous, EDITOR_ONE)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith("tellers_session=")
    )
    attributes = {part.strip().lower() for part in cookie.split(";")}
    assert {"httponly", "samesite=lax", "path=/", "max-age=43200"} <= attributes
    assert "secure" not in attributes  # plain http: a Secure cookie would never come back


def test_the_session_cookie_is_secure_over_https(entry_url: str) -> None:
    with TestClient(create_app(entry_url), base_url="https://testserver") as client:
        response = sign_in(client, EDITOR_ONE)
        assert response.status_code == 303
        assert "secure" in response.headers["set-cookie"].lower()


def test_a_wrong_password_and_an_unknown_name_get_one_message(anonymous: TestClient) -> None:
    wrong = sign_in(anonymous, EDITOR_ONE, "not the password")
    unknown = sign_in(anonymous, "nobody.here", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    for response in (wrong, unknown):
        assert "Not signed in: wrong username or password." in response.text
        assert 'name="password"' in response.text  # the form again
        assert "tellers_session" not in response.headers.get("set-cookie", "")
    assert f'value="{EDITOR_ONE}"' in wrong.text  # the name is kept, never the password
    assert "not the password" not in wrong.text


def test_five_wrong_passwords_slow_the_next_attempt(anonymous: TestClient) -> None:
    for _ in range(accounts.FAILURES_ALLOWED):
        assert sign_in(anonymous, EDITOR_ONE, "guess guess").status_code == 401
    response = sign_in(anonymous, EDITOR_ONE, PASSWORD)  # even the right password
    assert response.status_code == 429
    wait = int(response.headers["retry-after"])
    assert 0 < wait <= 30
    assert f"wait {wait} seconds, then try again" in unescape(response.text)
    assert 'name="password"' in response.text
    assert anonymous.get("/api/v1/session").status_code == 401


def test_the_throttle_passes(anonymous: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(accounts.FAILURES_ALLOWED):
        sign_in(anonymous, EDITOR_ONE, "guess guess")
    later = accounts.clock() + accounts.FIRST_WAIT + accounts.FIRST_WAIT
    monkeypatch.setattr(accounts, "clock", lambda: later)
    assert sign_in(anonymous, EDITOR_ONE).status_code == 303


def test_signing_in_goes_back_only_to_this_site() -> None:
    assert safe_next("/results/x?y=1") == "/results/x?y=1"
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example", "", None, "x"):
        assert safe_next(target) == "/"


def test_signing_in_returns_to_the_page_asked_for(anonymous: TestClient) -> None:
    data = with_token(anonymous, username=EDITOR_ONE, password=PASSWORD, next="//evil.example")
    response = anonymous.post("/sign-in", data=data, follow_redirects=False)
    assert response.headers["location"] == "/"
    anonymous.post("/sign-out", data=with_token(anonymous))
    data = with_token(anonymous, username=EDITOR_ONE, password=PASSWORD, next="/enter")
    response = anonymous.post("/sign-in", data=data, follow_redirects=False)
    assert response.headers["location"] == "/enter"


def test_signing_out_ends_the_session(editor: TestClient) -> None:
    cookie = editor.cookies.get("tellers_session")
    assert cookie and editor.get("/api/v1/session").status_code == 200
    response = editor.post("/sign-out", data=with_token(editor), follow_redirects=False)
    assert response.status_code == 303
    assert editor.get("/api/v1/session").status_code == 401
    editor.cookies.set("tellers_session", cookie)  # the old cookie, sent again
    assert editor.get("/api/v1/session").status_code == 401


# -- writes need a session -----------------------------------------------------------------


def test_pages_that_write_send_the_anonymous_to_sign_in(
    anonymous: TestClient, entry_url: str
) -> None:
    for path in ("/enter", f"/results/{BY_ELECTION}/edit"):
        response = anonymous.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == f"/sign-in?next={path}"
    posts = {
        "/enter": entry_form(),
        f"/results/{BY_ELECTION}/edit": entry_form(version="1"),
        f"/results/{BY_ELECTION}/confirm": {"version": "1"},
    }
    for path, fields in posts.items():
        data = with_token(anonymous, **fields)  # a good token, but nobody signed in
        response = anonymous.post(path, data=data, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/sign-in?next=/")
    assert versions(entry_url, NEW) == [] and versions(entry_url, BY_ELECTION) == [1]


def test_the_api_refuses_writes_without_a_session(anonymous: TestClient, entry_url: str) -> None:
    body = {"text": TEXT, "source": "s", "version": 0}
    assert_envelope(anonymous.post(f"/api/v1/results/{NEW}", json=body), 401)
    confirm = anonymous.post(f"/api/v1/results/{BY_ELECTION}/confirm", json={"version": 1})
    assert_envelope(confirm, 401)
    assert versions(entry_url, NEW) == []


def test_the_api_refuses_writes_without_the_csrf_header(editor: TestClient, entry_url: str) -> None:
    body = {"text": TEXT, "source": "s", "version": 0}
    for headers in ({}, {"X-CSRF-Token": "wrong-token-wrong-token-wrong"}):
        response = editor.post(f"/api/v1/results/{NEW}", json=body, headers=headers)
        assert "X-CSRF-Token" in assert_envelope(response, 403)
    assert versions(entry_url, NEW) == []
    response = editor.post(f"/api/v1/results/{NEW}", json=body, headers=api_headers(editor))
    assert response.status_code == 200
    assert versions(entry_url, NEW) == [1]


def test_counting_through_the_api_needs_no_session_or_token(client: TestClient) -> None:
    response = client.post("/api/v1/count", data={"text": "A (X) 10\nB (Y) 5\n"})
    assert response.status_code == 200


# -- CSRF tokens on forms ------------------------------------------------------------------


def post_entry(client: TestClient, token: str | None) -> Any:
    data = entry_form()
    if token is not None:
        data["csrf_token"] = token
    return client.post("/enter", data=data, follow_redirects=False)


def test_a_form_without_its_token_is_refused(editor: TestClient, entry_url: str) -> None:
    response = post_entry(editor, None)
    assert response.status_code == 403
    assert EXPIRED in unescape(response.text)
    assert versions(entry_url, NEW) == []


def test_a_form_with_a_wrong_token_is_refused(editor: TestClient, entry_url: str) -> None:
    for token in ("", "x", "0" * 43, form_token(editor) + "x"):
        assert post_entry(editor, token).status_code == 403
    assert versions(entry_url, NEW) == []


def test_a_form_with_the_right_token_is_accepted(editor: TestClient, entry_url: str) -> None:
    response = post_entry(editor, form_token(editor, "/enter"))
    assert response.status_code == 303
    assert versions(entry_url, NEW) == [1]


def test_another_session_s_token_is_refused(
    editor: TestClient, second_editor: TestClient, entry_url: str
) -> None:
    assert post_entry(editor, form_token(second_editor)).status_code == 403
    assert versions(entry_url, NEW) == []


def test_anonymous_forms_need_the_double_submit_cookie(client: TestClient) -> None:
    data = {"text": "A (X) 10\nB (Y) 5\n"}
    assert client.post("/count", data=data).status_code == 403
    token = form_token(client, "/count")
    assert client.cookies.get("tellers_csrf") == token
    assert client.post("/count", data={**data, "csrf_token": "x" + token}).status_code == 403
    assert client.post("/count", data={**data, "csrf_token": token}).status_code == 200
    client.cookies.delete("tellers_csrf")
    assert client.post("/count", data={**data, "csrf_token": token}).status_code == 403


def test_the_sign_in_form_needs_its_token(anonymous: TestClient) -> None:
    form_token(anonymous)
    data = {"username": EDITOR_ONE, "password": PASSWORD}
    response = anonymous.post("/sign-in", data=data, follow_redirects=False)
    assert response.status_code == 403
    assert "tellers_session" not in response.headers.get("set-cookie", "")


def test_the_csrf_cookie_is_http_only_and_set_only_with_a_form(client: TestClient) -> None:
    assert "tellers_csrf" not in client.get("/api/v1/rules").headers.get("set-cookie", "")
    assert "tellers_csrf" not in client.get(f"/results/{BY_ELECTION}").headers.get("set-cookie", "")
    client.cookies.clear()
    cookie = client.get("/count").headers["set-cookie"]
    assert cookie.startswith("tellers_csrf=")
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()


# -- roles ---------------------------------------------------------------------------------


def test_a_viewer_cannot_edit_or_confirm(viewer: TestClient, entry_url: str) -> None:
    for path in ("/enter", f"/results/{BY_ELECTION}/edit"):
        response = viewer.get(path, follow_redirects=False)
        assert response.status_code == 403
        assert "editor" in response.text
    token = form_token(viewer, "/")
    posts = {
        "/enter": entry_form(),
        f"/results/{BY_ELECTION}/edit": entry_form(version="1"),
        f"/results/{BY_ELECTION}/confirm": {"version": "1"},
    }
    for path, fields in posts.items():
        response = viewer.post(path, data={**fields, "csrf_token": token})
        assert response.status_code == 403, path
    headers = api_headers(viewer)
    body = {"text": TEXT, "source": "s", "version": 0}
    assert_envelope(viewer.post(f"/api/v1/results/{NEW}", json=body, headers=headers), 403)
    confirm = viewer.post(
        f"/api/v1/results/{BY_ELECTION}/confirm", json={"version": 1}, headers=headers
    )
    assert_envelope(confirm, 403)
    assert versions(entry_url, NEW) == [] and versions(entry_url, BY_ELECTION) == [1]


def test_a_viewer_sees_no_edit_or_confirm_buttons(viewer: TestClient) -> None:
    page = viewer.get(f"/results/{BY_ELECTION}").text
    assert f"Signed in as <strong>{VIEWER}</strong> (viewer)" in page
    assert "/edit" not in page and "/confirm" not in page and 'href="/enter"' not in page


# -- escaping ------------------------------------------------------------------------------


def test_names_with_html_are_text_on_the_edit_form_and_in_the_history(
    editor: TestClient,
) -> None:
    hostile_source = '"><img src=x onerror=alert(1)>'
    text = f"{SCRIPT_NAME} (Independent) 500 elected\nAnn JONES (Labour) 400\n"
    data = with_token(editor, ballot_id=NEW, text=text, source=hostile_source, version="0")
    assert editor.post("/enter", data=data, follow_redirects=False).status_code == 303
    for path in (f"/results/{NEW}", f"/results/{NEW}/edit"):
        page = editor.get(path).text
        assert ESCAPED_SCRIPT in page, path
        assert "<script>alert" not in page and "<img src=x" not in page, path
    history = editor.get(f"/results/{NEW}").text.split('id="history-h"')[1]
    assert "&lt;img src=x onerror=alert(1)&gt;" in history
    conflict = with_token(editor, ballot_id=NEW, text=text, source="s", version="0")
    page = editor.post("/enter", data=conflict).text  # the kept text, in a 409
    assert ESCAPED_SCRIPT in page and "<script>alert" not in page


def test_the_hostile_stored_name_is_text_on_its_edit_form(editor: TestClient) -> None:
    page = editor.get(f"/results/{HOSTILE}/edit").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Smith" in page
    assert "<script>alert" not in page


def test_search_words_with_sql_are_harmless(client: TestClient, store_url: str) -> None:
    with open_store(store_url) as store:
        before = {b.ballot_id: store.current_result(b.ballot_id) for b in store.ballots()}
    for words in ("' OR 1=1; DROP TABLE ballots; --", '"; DELETE FROM result_versions; --'):
        response = client.get("/", params={"q": words})
        assert response.status_code == 200
    with open_store(store_url) as store:
        after = {b.ballot_id: store.current_result(b.ballot_id) for b in store.ballots()}
    assert after == before and len(after) == 3
