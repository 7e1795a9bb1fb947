"""Every route of the app, walked from its router: the security headers of each answer, a
write refused without its token, and templates that need no inline script or style.

The routes are read from ``app.routes`` (and the routers included in it), so a route
added later is held to the same rules without a line here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from starlette.routing import BaseRoute, Mount

from tellers.web import create_app
from tellers.web.signin import (
    API_TOKEN,
    CONTENT_SECURITY_POLICY,
    CSRF_FIELD,
    EXPIRED,
    FRAMEABLE_POLICY,
    NO_TOKEN,
    UNSAFE,
)

from .conftest import BY_ELECTION, EDITOR_ONE, TestClient, api_headers, form_token

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "tellers" / "web" / "templates"

#: A value for each path parameter of the app's routes.
SAMPLES = {
    "ballot_id": BY_ELECTION,
    "election_id": "local.tower-hamlets.2012-04-19",
    "username": EDITOR_ONE,
    "name": "htmx.min.js",
    "path": "tellers.css",
}


def every_route(routes: list[BaseRoute]) -> Iterator[BaseRoute]:
    """The routes, with those of the routers included in them (FastAPI keeps an included
    router as one entry and reads its routes when a request comes)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from every_route(included.routes)
        else:
            yield route


def requests_of(app: Any) -> list[tuple[str, str]]:
    """(method, path) of every route, its parameters filled in from :data:`SAMPLES`."""
    found = []
    for route in every_route(app.routes):
        path = route.path + ("/{path}" if isinstance(route, Mount) else "")
        methods = getattr(route, "methods", None) or {"GET"}
        for method in sorted(methods - {"HEAD"}):
            found.append((method, re.sub(r"\{(\w+)(:\w+)?\}", lambda m: SAMPLES[m[1]], path)))
    return found


@pytest.fixture(scope="module")
def routes(store_url: str) -> list[tuple[str, str]]:
    return requests_of(create_app(store_url))


def test_the_walk_reaches_every_router(routes: list[tuple[str, str]]) -> None:
    paths = {path for _, path in routes}
    assert {"/", "/count", "/sign-in", "/enter", "/admin/users", "/static/tellers.css"} <= paths
    assert f"/embed/results/{BY_ELECTION}" in paths and "/api/v1/session" in paths
    assert ("POST", "/api/v1/count") in routes and ("POST", "/sign-out") in routes


def test_every_answer_of_every_route_carries_the_security_headers(
    anonymous: TestClient, editor: TestClient, routes: list[tuple[str, str]]
) -> None:
    for method, path in routes:
        for client in (anonymous, editor):
            response = client.request(method, path, follow_redirects=False)
            headers = response.headers
            where = f"{method} {path} ({response.status_code})"
            assert headers["x-content-type-options"] == "nosniff", where
            assert headers["referrer-policy"] == "same-origin", where
            if path.startswith("/embed/"):
                assert "x-frame-options" not in headers, where
                assert headers["content-security-policy"] == FRAMEABLE_POLICY, where
            else:
                assert headers["x-frame-options"] == "DENY", where
                assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, where


def test_the_policies_allow_no_inline_script_or_style_and_no_eval() -> None:
    for policy in (CONTENT_SECURITY_POLICY, FRAMEABLE_POLICY):
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert "unsafe" not in policy and "*" not in policy
        assert directives["default-src"] in ("'self'", "'none'")
        assert directives["base-uri"] == "'none'"
    main = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert main["script-src"] == "'self'" and main["style-src"] == "'self'"
    assert main["frame-ancestors"] == "'none'" and main["object-src"] == "'none'"
    assert "frame-ancestors" not in FRAMEABLE_POLICY and "script-src" not in FRAMEABLE_POLICY


# -- CSRF ----------------------------------------------------------------------------------


def writes(routes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every write that needs a token; signing out last (it ends the session)."""
    found = [(m, p) for m, p in routes if m in UNSAFE and p not in NO_TOKEN]
    return sorted(found, key=lambda write: write[1] == "/sign-out")


def test_only_counting_through_the_api_needs_no_token(routes: list[tuple[str, str]]) -> None:
    """It stores nothing and reads no session's data; every other write needs a token."""
    assert set(NO_TOKEN) == {"/api/v1/count"}
    assert len(writes(routes)) >= 10


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_every_write_is_refused_without_its_token(
    editor: TestClient, routes: list[tuple[str, str]], htmx: bool
) -> None:
    """Signed in as an editor (so that the token is all that is missing), every form post
    is refused with 403, whether a browser or htmx sends it; every API write without the
    header X-CSRF-Token too."""
    headers = {"HX-Request": "true"} if htmx else {}
    for method, path in writes(routes):
        if path.startswith("/api/"):
            response = editor.request(method, path, json={}, headers=headers)
            assert response.status_code == 403, path
            assert response.json()["error"]["message"] == API_TOKEN
        else:
            response = editor.request(method, path, data={"version": "1"}, headers=headers)
            assert response.status_code == 403, path
            assert EXPIRED in response.text.replace("&#39;", "'")


def test_every_write_gets_past_the_check_with_its_token(
    editor: TestClient, routes: list[tuple[str, str]]
) -> None:
    """The refusals above are the token's doing: with it, no write is refused as expired."""
    token = form_token(editor, "/enter")
    for method, path in writes(routes):
        if path.startswith("/api/"):
            response = editor.request(method, path, json={}, headers=api_headers(editor))
            assert response.status_code != 403 or API_TOKEN not in response.text, path
        else:
            data = {CSRF_FIELD: token, "version": "1"}
            response = editor.request(method, path, data=data, follow_redirects=False)
            assert EXPIRED not in response.text.replace("&#39;", "'"), path


def test_anonymous_writes_without_a_token_are_refused(
    anonymous: TestClient, routes: list[tuple[str, str]]
) -> None:
    for method, path in writes(routes):
        response = anonymous.request(method, path, data={"version": "1"}, follow_redirects=False)
        assert response.status_code in (401, 403), path


# -- templates -----------------------------------------------------------------------------


class Inline(HTMLParser):
    """What in a template would need ``'unsafe-inline'``: a script or style element, a
    style attribute, an event handler attribute, a ``javascript:`` address."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and "src" not in named and named.get("type") != "application/json":
            self.found.append("<script> without src")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")
            if name.startswith("hx-on"):
                self.found.append(f"{tag} {name}= (htmx would evaluate it)")


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_no_template_has_inline_script_or_style(template: str) -> None:
    parser = Inline()
    parser.feed((TEMPLATES / template).read_text(encoding="utf-8"))
    assert parser.found == []


def test_the_parser_would_see_them() -> None:
    parser = Inline()
    parser.feed(
        '<p style="x" onclick="y"><script>z</script><a href="javascript:w">'
        '<style></style><script type="application/json">{}</script>'
    )
    assert parser.found == [
        "p style=",
        "p onclick=",
        "<script> without src",
        "a href=javascript:w",
        "<style>",
    ]


def test_the_pages_with_charts_stop_plotly_adding_style_elements(client: TestClient) -> None:
    """A full plotly.js adds a ``<style>`` for its maps (refused by the policy) unless an
    element has its id: every such id in the vendored plotly.js (the bar and Sankey bundle
    has none) stands on every page with charts, as does plotly's global style element."""
    from tellers.web.app import plotly_style_ids

    markers = plotly_style_ids()
    assert all(re.fullmatch(r"[0-9a-f]{64}", m) for m in markers)
    page = client.get(f"/results/{BY_ELECTION}").text
    for marker in markers:
        assert f'<template id="{marker}"></template>' in page
    assert 'id="plotly.js-style-global" class="no-inline-styles"' in page
