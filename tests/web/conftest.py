"""Fixtures of the web app's tests: a results store with three stored results, and a client.

The store holds, from the bundled examples and figures typed from published
results: the Spitalfields and Banglatown by-election of 2012 (declared totals,
Labour defending), the generated Scottish ward counted under scot-2011 (a stored
count), and a ward whose candidate's name is HTML, to show that pages print it
as text.

For the tests that sign in and write (results entry), :func:`entry_url` is a copy
of that store of a test's own, with three accounts: two editors and a viewer.
:func:`with_token` and :func:`sign_in` do what a browser does: read a page's
``csrf_token`` (the cookie comes with it) and send it back with the form.
"""

from __future__ import annotations

import re
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tellers.formats import read, read_text
from tellers.results import accounts
from tellers.results.store import BallotInfo, accounts_file, open_store
from tellers.web import create_app

with warnings.catch_warnings():
    # Starlette 1.x prefers its httpx2 fork and warns when the test client runs on httpx.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
SCREENSHOTS = REPO / "test-output" / "screenshots"

BY_ELECTION = "local.tower-hamlets.spitalfields-banglatown.by.2012-04-19"
COUNTED = "local.glasgow-city.anderston-city-yorkhill.2017-05-04"
HOSTILE = "local.testshire.castle.2019-05-02"
HOSTILE_NAME = "<script>alert('x')</script> Smith"
NEWSPAPER = "https://www.towerhamlets.gov.uk/by-election-2012"

#: The accounts of :func:`entry_url`'s store, all with :data:`PASSWORD`.
EDITOR_ONE = "ann.editor"
EDITOR_TWO = "bob.editor"
VIEWER = "vic.viewer"
PASSWORD = "correct horse battery"

__all__ = [
    "BY_ELECTION",
    "COUNTED",
    "EDITOR_ONE",
    "EDITOR_TWO",
    "EXAMPLES",
    "HOSTILE",
    "HOSTILE_NAME",
    "PASSWORD",
    "VIEWER",
    "TestClient",
    "api_headers",
    "assert_envelope",
    "form_token",
    "sign_in",
    "with_token",
]


def fill(url: str) -> None:
    """Store the three results the tests read."""
    with open_store(url) as store:
        store.add_result(
            read(EXAMPLES / "spitalfields-banglatown-2012.txt"),
            BY_ELECTION,
            NEWSPAPER,
            ballot=BallotInfo(by_election_reason="RESIGNATION", vacated_party="lab"),
        )
        ward = read(EXAMPLES / "generated-ward.blt")
        from tellers.report.json import to_dict
        from tellers.rules import count

        store.add_result(
            to_dict(ward, count(ward, "scot-2011")), COUNTED, "examples/generated-ward.blt"
        )
        hostile = read_text(
            f"Ward: Castle\n{HOSTILE_NAME} (Independent) 300\nAnn Jones (Labour) 200\n",
            "castle.txt",
        )
        store.add_result(hostile, HOSTILE, "castle.txt")


@pytest.fixture(scope="session")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite results store holding the three results (read only by the tests)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'tellers.db'}"
    fill(url)
    return url


@pytest.fixture
def client(store_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(store_url)) as test_client:
        yield test_client


def add_accounts(url: str) -> None:
    """Two editors and a viewer."""
    with open_store(url) as store:
        accounts.add_user(store, EDITOR_ONE, PASSWORD, "editor")
        accounts.add_user(store, EDITOR_TWO, PASSWORD, "editor")
        accounts.add_user(store, VIEWER, PASSWORD, "viewer")


@pytest.fixture(scope="session")
def accounts_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file with the three results and the three accounts, to copy."""
    path = tmp_path_factory.mktemp("entry") / "template.db"
    url = f"sqlite:///{path}"
    fill(url)
    add_accounts(url)
    return path


@pytest.fixture
def entry_url(accounts_template: Path, tmp_path: Path) -> str:
    """A store of the test's own, to write to: the three results and three accounts."""
    path = tmp_path / "tellers.db"
    shutil.copyfile(accounts_template, path)
    # the accounts are kept beside the results (tellers.results.store.opening)
    shutil.copyfile(accounts_file(str(accounts_template)), accounts_file(str(path)))
    return f"sqlite:///{path}"


def form_token(client: TestClient, path: str = "/sign-in") -> str:
    """The ``csrf_token`` of the first form on a page (reading it sets the cookie)."""
    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, f"no csrf_token on {path} ({page.status_code})"
    return found.group(1)


def with_token(client: TestClient, **fields: str) -> dict[str, str]:
    """A form's fields with the right ``csrf_token``, as a browser would post them."""
    return {**fields, "csrf_token": form_token(client)}


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    """Post the sign-in form as a browser would; the response (not followed)."""
    data = with_token(client, username=username, password=password, next="/")
    return client.post("/sign-in", data=data, follow_redirects=False)


def api_headers(client: TestClient) -> dict[str, str]:
    """The header that writes under ``/api/`` send: the signed-in session's CSRF token."""
    response = client.get("/api/v1/session")
    assert response.status_code == 200, response.text
    return {"X-CSRF-Token": response.json()["csrf_token"]}


def signed_in(url: str, username: str) -> Iterator[TestClient]:
    """A client of the app on ``url``, signed in as ``username``."""
    with TestClient(create_app(url)) as test_client:
        response = sign_in(test_client, username)
        assert response.status_code == 303, response.text
        yield test_client


@pytest.fixture
def anonymous(entry_url: str) -> Iterator[TestClient]:
    """A client of the writable store, not signed in."""
    with TestClient(create_app(entry_url)) as test_client:
        yield test_client


@pytest.fixture
def editor(entry_url: str) -> Iterator[TestClient]:
    """Signed in as the first editor."""
    yield from signed_in(entry_url, EDITOR_ONE)


@pytest.fixture
def second_editor(entry_url: str) -> Iterator[TestClient]:
    """Signed in as the second editor, in a browser of their own."""
    yield from signed_in(entry_url, EDITOR_TWO)


@pytest.fixture
def viewer(entry_url: str) -> Iterator[TestClient]:
    """Signed in as the viewer."""
    yield from signed_in(entry_url, VIEWER)


def assert_envelope(response: Any, status: int) -> str:
    """The response is the API's error envelope with ``status``; its message."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"status", "message"}, body
    assert body["error"]["status"] == status
    message = body["error"]["message"]
    assert isinstance(message, str) and message and "\n" not in message
    return message
