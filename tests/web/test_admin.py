"""Accounts on the web (``/admin/users``): an admin adds accounts, changes roles, sets
passwords; nobody else may, and every form needs its token.

The store of the test's own (``entry_url``) has two editors and a viewer; the fixture
:func:`admin_url` adds an admin, ada.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest

from tellers.results import accounts
from tellers.results import schema as t
from tellers.results.store import open_store
from tellers.web import create_app
from tellers.web.admin import NOT_AN_ADMIN
from tellers.web.signin import EXPIRED

from .conftest import (
    EDITOR_ONE,
    EDITOR_TWO,
    PASSWORD,
    VIEWER,
    TestClient,
    form_token,
    sign_in,
    signed_in,
    with_token,
)

PAGE = "/admin/users"
ADMIN = "ada.admin"
NEW = "new.editor"
NEW_PASSWORD = "a brand new password"
ENTRY_TEXT = "Ann JONES (Labour Party) 412 elected\nBill SMITH (Conservative Party) 398\n"
NEW_BALLOT = "local.testshire.castle.by.2024-05-02"


@pytest.fixture
def admin_url(entry_url: str) -> str:
    """The test's own store, with an admin besides the editors and the viewer."""
    with open_store(entry_url) as store:
        accounts.add_user(store, ADMIN, PASSWORD, "admin")
    return entry_url


@pytest.fixture
def admin(admin_url: str) -> Iterator[TestClient]:
    """Signed in as the admin."""
    yield from signed_in(admin_url, ADMIN)


def roles(url: str) -> dict[str, str]:
    """Every account's role, by username."""
    with open_store(url) as store:
        return {user.username: user.role for user in accounts.users(store)}


def text_of(page: str) -> str:
    """What a reader sees of a page: its text without tags, spaces run together."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))).strip()


def post(client: TestClient, path: str, token_from: str = PAGE, **fields: str) -> Any:
    """Post a form with the token of the page ``token_from``, as a browser would."""
    data = {**fields, "csrf_token": form_token(client, token_from)}
    return client.post(path, data=data, follow_redirects=False)


def add(client: TestClient, username: str = NEW, role: str = "editor", **fields: str) -> Any:
    form = {"username": username, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    return post(client, PAGE, **{**form, "role": role, **fields})


def set_role(client: TestClient, username: str, role: str) -> Any:
    return post(client, f"{PAGE}/{username}/role", role=role)


def set_password(client: TestClient, username: str, again: str = NEW_PASSWORD) -> Any:
    path = f"{PAGE}/{username}/password"
    return post(client, path, password=NEW_PASSWORD, password_again=again)


def assert_done(response: Any, client: TestClient, notice: str) -> str:
    """A change done: 303 back to the page, which says ``notice`` in one line."""
    assert response.status_code == 303, response.text
    assert response.headers["location"].startswith(f"{PAGE}?")
    page = client.get(response.headers["location"])
    assert page.status_code == 200
    found = re.search(r'<p class="notice" role="status">([^<]*)</p>', page.text)
    assert found, "no notice on the page"
    assert unescape(found.group(1)) == notice
    return page.text


def assert_refused(response: Any, message: str) -> str:
    """A change refused: the page again, 400, with ``message``; no password on it."""
    assert response.status_code == 400, response.text
    assert message in text_of(response.text)
    assert NEW_PASSWORD not in response.text
    assert 'class="notice"' not in response.text
    return str(response.text)


# -- what an admin sees and does ------------------------------------------------------------


def test_the_admin_sees_every_account_and_its_role(admin: TestClient) -> None:
    page = admin.get(PAGE)
    assert page.status_code == 200
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td>(\w+)</td>', page.text)
    assert rows == [
        (ADMIN, "admin"),
        (EDITOR_ONE, "editor"),
        (EDITOR_TWO, "editor"),
        (VIEWER, "viewer"),
    ]
    for name in (ADMIN, EDITOR_ONE, VIEWER):
        assert f'action="{PAGE}/{name}/role"' in page.text
        assert f'action="{PAGE}/{name}/password"' in page.text
    assert f'action="{PAGE}"' in page.text
    assert 'name="password_again"' in page.text
    forms = page.text.count("<form ")
    assert forms == 2 * 4 + 1 + 1  # two per account, the add form, sign out
    assert page.text.count('name="csrf_token"') == forms


def test_only_an_admin_has_the_accounts_link(admin: TestClient, editor: TestClient) -> None:
    assert f'<a href="{PAGE}">Accounts</a>' in admin.get("/").text
    assert f'<a href="{PAGE}" aria-current="page">Accounts</a>' in admin.get(PAGE).text
    assert PAGE not in editor.get("/").text


def test_an_added_editor_can_sign_in_and_enter_results(admin: TestClient, admin_url: str) -> None:
    assert_done(add(admin), admin, f"{NEW}: added as editor.")
    assert roles(admin_url)[NEW] == "editor"
    with TestClient(create_app(admin_url)) as browser:
        assert sign_in(browser, NEW, NEW_PASSWORD).status_code == 303
        assert browser.get("/enter").status_code == 200
        assert browser.get(PAGE).status_code == 403  # an editor, not an admin


def test_a_demoted_editor_s_old_session_can_no_longer_edit(
    admin: TestClient, editor: TestClient, admin_url: str
) -> None:
    token = form_token(editor, "/enter")  # the editor's page, open before the change
    page = assert_done(
        set_role(admin, EDITOR_ONE, "viewer"),
        admin,
        f"{EDITOR_ONE}: now viewer; their sessions have ended.",
    )
    assert re.search(rf"<th scope=\"row\">{re.escape(EDITOR_ONE)}</th>\s*<td>viewer</td>", page)
    assert roles(admin_url)[EDITOR_ONE] == "viewer"
    data = {"ballot_id": NEW_BALLOT, "text": ENTRY_TEXT, "source": "x", "csrf_token": token}
    response = editor.post("/enter", data=data, follow_redirects=False)
    assert response.status_code in (303, 403)
    if response.status_code == 303:
        assert response.headers["location"].startswith("/sign-in")
    assert editor.get("/api/v1/session").status_code == 401  # the session has ended
    with open_store(admin_url) as store:
        assert not store.has_ballot(NEW_BALLOT)


def test_a_new_password_replaces_the_old_one(
    admin: TestClient, second_editor: TestClient, admin_url: str
) -> None:
    assert_done(
        set_password(admin, EDITOR_TWO),
        admin,
        f"{EDITOR_TWO}: password changed; their sessions have ended.",
    )
    assert second_editor.get("/api/v1/session").status_code == 401
    with TestClient(create_app(admin_url)) as browser:
        assert sign_in(browser, EDITOR_TWO, PASSWORD).status_code == 401
        assert sign_in(browser, EDITOR_TWO, NEW_PASSWORD).status_code == 303
        assert browser.get("/api/v1/session").json()["username"] == EDITOR_TWO


def test_a_notice_is_made_from_the_stored_account_only(admin: TestClient) -> None:
    for query in ("done=added&user=nobody", "done=hacked&user=ada.admin", "user=ada.admin"):
        page = admin.get(f"{PAGE}?{query}")
        assert page.status_code == 200
        assert 'class="notice"' not in page.text


# -- what is refused ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"username": EDITOR_ONE}, f"Not added: {EDITOR_ONE}: there is already a user"),
        (
            {"password": "short", "password_again": "short"},
            "Not added: expected a password of at least 8 characters",
        ),
        ({"password_again": "another one"}, "Not added: the two passwords differ"),
        ({"role": "owner"}, "Not added: expected a role among viewer, editor, admin"),
        ({"username": "new editor"}, "Not added: expected a username of 1 to 100 letters"),
    ],
)
def test_a_refused_account_shows_why_and_keeps_the_name(
    admin: TestClient, admin_url: str, fields: dict[str, str], message: str
) -> None:
    before = roles(admin_url)
    page = assert_refused(add(admin, **fields), message)
    username = fields.get("username", NEW)
    assert f'id="username" name="username" value="{username}"' in page
    assert not re.search(r'type="password"[^>]*value=', page)
    assert roles(admin_url) == before


def test_a_new_password_must_be_typed_twice_and_long_enough(
    admin: TestClient, second_editor: TestClient
) -> None:
    assert_refused(
        set_password(admin, EDITOR_TWO, again="something else"),
        f"Password of {EDITOR_TWO} not changed: the two passwords differ",
    )
    short = post(admin, f"{PAGE}/{EDITOR_TWO}/password", password="short", password_again="short")
    assert_refused(short, "expected a password of at least 8 characters")
    assert second_editor.get("/api/v1/session").status_code == 200  # nothing changed


def test_the_last_admin_cannot_demote_themself(admin: TestClient, admin_url: str) -> None:
    page = assert_refused(
        set_role(admin, ADMIN, "editor"),
        f"Role of {ADMIN} not changed: {ADMIN} is the last admin: make another account admin",
    )
    assert 'role="alert"' in page
    assert roles(admin_url)[ADMIN] == "admin"
    assert admin.get(PAGE).status_code == 200  # still signed in, still an admin


def test_an_unknown_account_or_role_is_refused(admin: TestClient, admin_url: str) -> None:
    before = roles(admin_url)
    assert_refused(set_role(admin, "nobody", "viewer"), "nobody: no such user")
    assert_refused(set_role(admin, EDITOR_ONE, "owner"), "expected a role among")
    assert_refused(set_password(admin, "nobody"), "nobody: no such user")
    assert roles(admin_url) == before


# -- who may --------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "username"), [("viewer", VIEWER), ("editor", EDITOR_ONE)])
def test_viewers_and_editors_get_403(
    who: str, username: str, request: pytest.FixtureRequest, admin_url: str
) -> None:
    client: TestClient = request.getfixturevalue(who)
    before = roles(admin_url)
    page = client.get(PAGE)
    assert page.status_code == 403
    assert NOT_AN_ADMIN in unescape(page.text)
    attempts = [
        add(client, role="admin", token_from="/"),
        post(client, f"{PAGE}/{username}/role", "/", role="admin"),
        post(client, f"{PAGE}/{EDITOR_TWO}/password", "/", password=NEW_PASSWORD),
    ]
    for response in attempts:
        assert response.status_code == 403, response.text
        assert NOT_AN_ADMIN in unescape(response.text)
    assert roles(admin_url) == before


def test_the_anonymous_are_sent_to_sign_in(anonymous: TestClient, admin_url: str) -> None:
    before = roles(admin_url)
    page = anonymous.get(PAGE, follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/sign-in?next=/admin/users"
    form = {"username": NEW, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    for path, fields in (
        (PAGE, {**form, "role": "admin"}),
        (f"{PAGE}/{VIEWER}/role", {"role": "admin"}),
    ):
        # the double-submit token passes the guard; the page still wants a session
        response = anonymous.post(
            path, data=with_token(anonymous, **fields), follow_redirects=False
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/sign-in?next=/admin/users"
    assert roles(admin_url) == before


@pytest.mark.parametrize("token", [None, "x" * 43])
def test_a_form_without_its_token_is_refused(
    admin: TestClient, admin_url: str, token: str | None
) -> None:
    before = roles(admin_url)
    passwords = {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    extra = {} if token is None else {"csrf_token": token}
    for path, fields in (
        (PAGE, {"username": NEW, "role": "admin", **passwords}),
        (f"{PAGE}/{EDITOR_ONE}/role", {"role": "viewer"}),
        (f"{PAGE}/{EDITOR_ONE}/password", passwords),
    ):
        response = admin.post(path, data={**fields, **extra}, follow_redirects=False)
        assert response.status_code == 403
        assert EXPIRED in unescape(response.text)
    assert roles(admin_url) == before


# -- escaping -------------------------------------------------------------------------------


def test_a_stored_username_with_html_is_shown_as_text(admin: TestClient, admin_url: str) -> None:
    hostile = "<b>bold</b>&<script>alert(1)</script>"
    with open_store(admin_url) as store, store.engine.begin() as connection:
        # not a name add_user takes: as if written by an older version or by hand
        connection.execute(
            t.users.insert().values(
                username=hostile,
                password_hash="x",
                role="viewer",
                created_at=accounts.clock(),
            )
        )
    page = admin.get(PAGE).text
    assert "<script>alert" not in page and "<b>bold" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;&amp;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    quoted = "%3Cb%3Ebold%3C%2Fb%3E%26%3Cscript%3Ealert%281%29%3C%2Fscript%3E"
    assert f'action="{PAGE}/{quoted}/role"' in page


def test_a_typed_username_with_html_comes_back_as_text(admin: TestClient) -> None:
    typed = '"><script>alert(1)</script>'
    page = assert_refused(add(admin, username=typed), "Not added: expected a username")
    assert "<script>alert(1)" not in page
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
