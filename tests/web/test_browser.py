"""The real pages in a real browser: Debian's chromium driven by Playwright.

Counts an uploaded BLT file, steps through its stages, sees the Sankey drawn,
opens stored contests, enters a by-election as one editor and confirms it as
another, and saves a screenshot of each page under
``test-output/screenshots/``. Playwright's own browsers are not used: the
browser is ``/usr/bin/chromium`` (``.ci/browser.sh`` installs it on CI). Where
chromium or the playwright package is missing, the tests skip with the reason,
except on CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import (
    BY_ELECTION,
    COUNTED,
    EDITOR_ONE,
    EDITOR_TWO,
    EXAMPLES,
    HOSTILE,
    HOSTILE_NAME,
    PASSWORD,
    SCREENSHOTS,
)

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this fails rather than skips)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        _unavailable(f"no browser at {CHROMIUM}: run .ci/browser.sh (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed: pip install 'tellers[dev]'")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _serve(url: str) -> Iterator[str]:
    """The app on the store ``url``, served by uvicorn on a free port of 127.0.0.1 in a
    thread; its base URL."""
    import uvicorn

    from tellers.web import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="error")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the app did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(store_url: str) -> Iterator[str]:
    """The app on the fixtures' store (read only)."""
    yield from _serve(store_url)


@pytest.fixture
def entry_server(entry_url: str) -> Iterator[str]:
    """The app on a store of the test's own, with two editors and a viewer."""
    yield from _serve(entry_url)


def csp_violations(page: Any) -> list[str]:
    """What the browser refuses under the site's Content-Security-Policy, as it says so
    in the console, from now on (a list that grows)."""
    refused: list[str] = []

    def seen(message: Any) -> None:
        if "Content Security Policy" in message.text:
            refused.append(f"{page.url}: {message.text}")

    page.on("console", seen)
    return refused


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    refused = csp_violations(opened)
    yield opened
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"
    assert refused == [], f"refused under the Content-Security-Policy: {refused}"


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_home_lists_the_stored_results_and_searches(page: Any, server: str) -> None:
    page.goto(server + "/")
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 3
    screenshot(page, "home")
    page.fill("#q", "glasgow")
    page.click("form.search button")
    page.wait_for_url("**/?q=glasgow")
    assert page.locator("table.list tbody tr").count() == 1


def test_count_an_uploaded_blt_step_through_stages_and_see_the_sankey(
    page: Any, server: str
) -> None:
    page.goto(server + "/count")
    screenshot(page, "count-form")
    page.set_input_files("#file", str(EXAMPLES / "generated-ward.blt"))
    page.click("form.panel button[type=submit]")
    page.wait_for_selector("#outcome article.result h2")
    assert page.url.endswith("/count")  # the result came in place, without a new page
    assert "DECLARATION OF RESULT OF POLL" in page.inner_text("pre.declaration")

    stepper = page.locator(".stepper output")
    stepper.wait_for()
    total = page.locator("section.stage").count()
    assert stepper.inner_text() == f"Stage 1 of {total}"
    assert page.locator("#stage-1").is_visible() and not page.locator("#stage-2").is_visible()
    page.wait_for_selector("#stage-1 figure .plot svg")
    page.click("text=Next stage →")
    assert stepper.inner_text() == f"Stage 2 of {total}"
    assert page.locator("#stage-2").is_visible() and not page.locator("#stage-1").is_visible()
    assert "Surplus of Innes" in page.inner_text("#stage-2 h4")
    page.wait_for_selector("#stage-2 figure .plot svg .bars path")
    while page.is_enabled("text=Next stage →"):
        page.click("text=Next stage →")
    assert stepper.inner_text() == f"Stage {total} of {total}"
    page.click("text=← Previous stage")
    assert stepper.inner_text() == f"Stage {total - 1} of {total}"

    page.wait_for_selector("figure.sankey .plot svg path.sankey-link")
    assert page.locator("figure.sankey .plot svg path.sankey-link").count() > 10
    screenshot(page, "count-result")


def test_a_large_upload_shows_its_progress(page: Any, server: str, tmp_path: Path) -> None:
    from tellers.sim import generate, to_blt

    # a million papers from seed 2024: a file of about 280 KB, sent at 100 KB/s
    big = tmp_path / "big-ward.blt"
    big.write_text(to_blt(generate(12, 1_000_000, 3, seed=2024)))
    size = big.stat().st_size
    assert size > 200_000
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": 100_000},
    )
    page.goto(server + "/count")
    page.set_input_files("#file", str(big))
    page.click("form.panel button[type=submit]")
    status = page.locator(".upload-progress")
    page.wait_for_function(
        "() => { const f = document.querySelector('form.panel');"
        " return f.dataset.uploaded && +f.dataset.uploaded > 0 && +f.dataset.uploaded < 100; }"
    )
    sending = re.fullmatch(r"Sending the file: (\d+)% of (\d+) KB", status.inner_text().strip())
    assert sending is not None, status.inner_text()
    assert 0 < int(sending[1]) < 100
    assert int(sending[2]) >= size / 1024  # the file and the form's other fields
    screenshot(page, "count-uploading")
    page.wait_for_selector("#outcome article.result h2", timeout=60_000)
    assert page.eval_on_selector("form.panel", "f => f.dataset.uploaded") == "100"
    assert status.is_hidden()
    assert "DECLARATION OF RESULT OF POLL" in page.inner_text("pre.declaration")


def test_a_refused_form_shows_its_message_in_place(page: Any, server: str) -> None:
    page.goto(server + "/count")
    page.context.clear_cookies()  # the form's token no longer matches a cookie
    page.fill("#text", "Ann Jones (Labour) 412\nBill Smith (Conservative) 398")
    page.click("form.panel button[type=submit]")
    page.wait_for_selector("#outcome .error")
    assert "did not come from this site" in page.inner_text("#outcome .error")
    assert page.locator("#outcome nav, #outcome header, #outcome main").count() == 0
    assert page.url.endswith("/count")


def test_counting_without_javascript_shows_every_stage_table(browser: Any, server: str) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(server + "/count")
    page.set_input_files("#file", str(EXAMPLES / "generated-ward.blt"))
    page.click("form.panel button[type=submit]")
    page.wait_for_selector("article.result h2")
    stages = page.locator("section.stage")
    assert stages.count() > 3
    for index in range(stages.count()):
        assert stages.nth(index).locator("table.stage-table").is_visible()
    assert page.locator("details.transfers table").is_visible()
    screenshot(page, "count-result-no-js")
    context.close()


def test_bad_input_shows_the_error_on_the_page(page: Any, server: str) -> None:
    page.goto(server + "/count")
    page.fill("#text", "Ann 10\nBob ten\n")
    page.click("form.panel button[type=submit]")
    alert = page.wait_for_selector("#outcome .error")
    assert "pasted text:2: expected a candidate line" in alert.inner_text()
    screenshot(page, "count-error")


def test_names_with_html_are_drawn_as_text(page: Any, server: str) -> None:
    page.goto(server + f"/results/{HOSTILE}")
    page.wait_for_selector("figure .plot svg")
    assert HOSTILE_NAME in page.inner_text("main")
    assert HOSTILE_NAME in page.text_content("figure .plot")
    assert page.locator("script:has-text('alert')").count() == 0


def test_a_stored_count_and_a_declared_result(page: Any, server: str) -> None:
    page.goto(server + "/")
    page.click(f"a[href='/results/{COUNTED}']")
    page.wait_for_selector("figure.sankey .plot svg path.sankey-link")
    assert "Surplus of Innes" in page.inner_text("table.sheet")
    assert page.locator(".card").is_visible()
    screenshot(page, "contest-count")
    page.goto(server + f"/results/{BY_ELECTION}")
    page.wait_for_selector("figure .plot svg")
    assert "Robbani (IND) GAIN from LAB" in page.inner_text(".card")
    screenshot(page, "contest-declared")


def test_compare_rule_sets(page: Any, server: str) -> None:
    page.goto(server + "/compare")
    page.set_input_files("#file", str(EXAMPLES / "generated-ward.blt"))
    page.fill("#rule_list", "scot-2011,meek,ni-1985,ers97")
    page.click("form.panel button[type=submit]")
    page.wait_for_selector("#outcome table.compare")
    assert page.locator("table.compare tbody tr").count() == 4
    screenshot(page, "compare")


WARD = "local.testshire.castle.by.2024-05-02"
DECLARED = """Ward: Castle (Testshire), by-election
Date: Thursday 2 May 2024
Ann JONES (Labour Party) 412 elected
Bill SMITH (Conservative Party) 398
Cat BROWN (Green Party) 97
"""


def _sign_in(page: Any, server: str, username: str) -> None:
    page.goto(server + "/")
    page.click("header .account a:has-text('Sign in')")
    page.wait_for_url("**/sign-in?next=/")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form.panel button[type=submit]")
    page.wait_for_url(server + "/")
    assert f"Signed in as {username}" in page.inner_text("header .account")


def _sign_out(page: Any, server: str) -> None:
    page.click("header .account button:has-text('Sign out')")
    page.wait_for_url(server + "/")
    assert page.locator("header .account a:has-text('Sign in')").is_visible()


def test_one_editor_enters_a_by_election_and_another_confirms_it(
    page: Any, entry_server: str
) -> None:
    page.goto(entry_server + "/sign-in")
    screenshot(page, "sign-in")
    _sign_in(page, entry_server, EDITOR_ONE)

    page.click("header .account a:has-text('Enter a result')")
    page.wait_for_url("**/enter")
    page.fill("#ballot_id", WARD)
    page.fill("#text", DECLARED)
    page.fill("#source", "https://www.testshire.gov.uk/elections/castle-2024")
    screenshot(page, "enter")
    page.click("form.panel button[type=submit]")
    page.wait_for_url(f"**/results/{WARD}")
    assert "awaiting a second editor's confirmation" in page.inner_text(".provisional")
    assert "Ann JONES" in page.inner_text("#declared-h + .chart-and-table table")
    assert page.locator("button:has-text('Confirm')").count() == 0  # not by its author
    assert EDITOR_ONE in page.inner_text("table.history")
    page.wait_for_selector("figure .plot svg")
    screenshot(page, "contest-provisional")
    _sign_out(page, entry_server)

    _sign_in(page, entry_server, EDITOR_TWO)
    page.goto(entry_server + f"/results/{WARD}")
    page.click("button:has-text('Confirm version 1')")
    page.wait_for_url(f"**/results/{WARD}")
    assert page.locator(".provisional").count() == 0
    assert f"Confirmed by {EDITOR_TWO}" in page.inner_text(".confirmed")
    rows = page.locator("table.history tbody tr")
    assert rows.count() == 2 and EDITOR_TWO in rows.nth(1).inner_text()
    page.wait_for_selector("figure .plot svg")
    screenshot(page, "contest-confirmed")


def test_the_pages_with_charts_and_the_card_break_no_content_security_policy(
    browser: Any, server: str
) -> None:
    """The count page with a result swapped in by htmx and its charts drawn, a stored
    result's page with its charts, and the embeddable card: nothing the browser refuses
    under the site's policy (no inline script or style, from tellers, htmx or plotly)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused = csp_violations(page)
    policies = []
    page.on("response", lambda r: policies.append(r.headers.get("content-security-policy")))

    page.goto(server + "/count")
    page.set_input_files("#file", str(EXAMPLES / "generated-ward.blt"))
    page.click("form.panel button[type=submit]")
    page.wait_for_selector("#stage-1 figure .plot svg")
    page.wait_for_selector("figure.sankey .plot svg path.sankey-link")
    page.goto(server + f"/results/{COUNTED}")
    page.wait_for_selector("figure.sankey .plot svg path.sankey-link")
    page.goto(server + f"/results/{BY_ELECTION}")
    page.wait_for_selector("figure .plot svg .bars path")
    page.goto(server + f"/embed/results/{BY_ELECTION}")
    page.wait_for_selector("table.bars svg rect")
    page.wait_for_load_state("networkidle")
    assert refused == []
    assert policies and all(policy for policy in policies)  # every answer had one

    # the browser does refuse what the policy forbids, and the check sees it
    page.goto(server + f"/results/{BY_ELECTION}")
    page.evaluate("document.head.appendChild(document.createElement('style')).textContent = 'p{}'")
    page.evaluate("() => { try { eval('1') } catch (e) {} }")
    page.wait_for_timeout(200)
    assert len(refused) == 2 and all("Content Security Policy" in r for r in refused)
    context.close()


def test_an_editor_plans_prints_the_sample_and_records_an_audit_round(
    page: Any, entry_server: str
) -> None:
    import hashlib

    # the by-election's 2,295 papers; seed "7" draws, by Rivest's sampler,
    # SHA-256("7,i") mod 2295 + 1 for i = 1, 2, ...
    first = [
        int.from_bytes(hashlib.sha256(f"7,{i}".encode()).digest(), "big") % 2295 + 1
        for i in (1, 2, 3)
    ]
    _sign_in(page, entry_server, EDITOR_ONE)
    page.goto(entry_server + f"/results/{BY_ELECTION}")
    page.click("a:has-text('Audit this result')")
    page.wait_for_url(f"**/results/{BY_ELECTION}/audit")
    assert "Gulam ROBBANI has more votes than Ala UDDIN" in page.inner_text("section table")
    page.fill("#seed", "7")
    page.fill("#count", "3")
    page.click("form.panel button:has-text('Show')")
    page.wait_for_selector("ol.draws li")
    assert [int(x.split()[0]) for x in page.locator("ol.draws li").all_inner_texts()] == first
    screenshot(page, "audit-plan-and-sample")
    sheet = "ballot,marks\n" + "".join(f"{k},Gulam ROBBANI\n" for k in dict.fromkeys(first))
    page.fill("#round-seed", "7")
    page.fill("#sheet", sheet)
    page.click("button:has-text('Record the round')")
    page.wait_for_selector("#risk-h")
    assert "Risk of each assertion after round 1" in page.inner_text("#risk-h")
    assert page.locator("#rounds table tbody tr").count() == 1
    screenshot(page, "audit-round")


def test_the_chromium_binary_is_debian_s(browser: Any) -> None:
    assert shutil.which("chromium") or Path(CHROMIUM).is_file()
    assert browser.version
