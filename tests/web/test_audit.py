"""The audit page of a stored contest: plan, sample, rounds, and an editor's round.

Expected values: the Spitalfields and Banglatown by-election of 2012 (declared
totals: Robbani 1,030, Uddin 987 of the ward's valid papers); the sampler's
first draws from Rivest's published vectors; BRAVO worked by hand.
"""

from __future__ import annotations

import json
import math
import re

import pytest

from .conftest import BY_ELECTION, COUNTED, HOSTILE, HOSTILE_NAME, TestClient, form_token

PAGE = f"/results/{BY_ELECTION}/audit"


def _valid_papers(client: TestClient) -> int:
    return int(client.get(f"/api/v1/results/{BY_ELECTION}/audit").json()["plan"]["papers"])


def test_the_audit_page_shows_the_plan(client: TestClient) -> None:
    page = client.get(PAGE)
    assert page.status_code == 200, page.text
    assert "Robbani" in page.text or "ROBBANI" in page.text
    assert '<h2 id="plan-h">Plan</h2>' in page.text
    assert "No rounds recorded yet." in page.text
    assert "Record a round" not in page.text  # nobody signed in
    contest = client.get(f"/results/{BY_ELECTION}")
    assert f'href="/results/{BY_ELECTION}/audit"' in contest.text


def _bravo_asn(alpha: float, winner: int, loser: int, papers: int) -> float:
    """BRAVO's average sample number (spec 09 §9.3), worked from the declared votes."""
    s = winner / (winner + loser)
    return (math.log(1 / alpha) + math.log(2 * s) / 2) / (
        winner / papers * math.log(2 * s) + loser / papers * math.log(2 - 2 * s)
    )


def test_the_plan_as_json_is_bravos(client: TestClient) -> None:
    # 2,295 papers (the sum of the declared votes); Robbani 1,030, Uddin 987, Blake 99
    document = client.get(f"/api/v1/results/{BY_ELECTION}/audit", params={"risk_limit": 0.1})
    assert document.status_code == 200, document.text
    plan = document.json()["plan"]
    assert plan["papers"] == 2295
    by_loser = {a["assertion"].rsplit(" than ", 1)[1]: a for a in plan["assertions"]}
    blake, uddin = by_loser["Kirsty BLAKE"], by_loser["Ala UDDIN"]
    assert blake["margin"] == "931"
    assert blake["expected_sample_size"] == str(math.ceil(_bravo_asn(0.1, 1030, 99, 2295)))
    assert blake["expected_sample_size"] == "14"
    # Robbani v Uddin: margin 43, ASN ≈ 24,000 > 2,295 papers: a full hand count
    assert uddin["margin"] == "43"
    assert _bravo_asn(0.1, 1030, 987, 2295) > 2295
    assert uddin["full_hand_count"] and plan["full_hand_count"]


def test_the_sample_list_follows_rivests_sampler(client: TestClient) -> None:
    papers = _valid_papers(client)
    page = client.get(PAGE, params={"seed": "1", "count": "3"})
    assert page.status_code == 200
    listed = re.findall(r"<li>(\d+)", page.text.split('id="sample-h"')[1])
    import hashlib

    expected = [
        int.from_bytes(hashlib.sha256(f"1,{i}".encode()).digest(), "big") % papers + 1
        for i in (1, 2, 3)
    ]
    assert [int(x) for x in listed] == expected


def test_an_stv_count_stored_as_totals_says_why_it_cannot_be_planned(client: TestClient) -> None:
    page = client.get(f"/results/{COUNTED}/audit")
    assert page.status_code == 200
    assert "needs the papers" in page.text


def test_names_are_printed_as_text(client: TestClient) -> None:
    page = client.get(f"/results/{HOSTILE}/audit")
    assert HOSTILE_NAME not in page.text
    assert "&lt;script&gt;" in page.text


def test_a_viewer_cannot_record_a_round(viewer: TestClient) -> None:
    token = form_token(viewer, PAGE)
    response = viewer.post(PAGE, data={"csrf_token": token, "seed": "1", "sheet": "ballot,marks\n"})
    assert response.status_code == 403


def test_nobody_signed_in_is_sent_to_sign_in(anonymous: TestClient) -> None:
    token = form_token(anonymous, "/sign-in")
    response = anonymous.post(
        PAGE, data={"csrf_token": token, "seed": "1", "sheet": "x"}, follow_redirects=False
    )
    assert response.status_code in (303, 401)


def test_a_post_without_the_token_is_refused(editor: TestClient) -> None:
    response = editor.post(PAGE, data={"seed": "1", "sheet": "ballot,marks\n1,x\n"})
    assert response.status_code == 403


def test_an_editor_records_a_round(editor: TestClient) -> None:
    papers = _valid_papers(editor)
    import hashlib

    first = [
        int.from_bytes(hashlib.sha256(f"7,{i}".encode()).digest(), "big") % papers + 1
        for i in (1, 2)
    ]
    robbani = "Gulam ROBBANI"
    sheet = "ballot,marks\n" + "".join(f"{k},{robbani}\n" for k in dict.fromkeys(first))
    token = form_token(editor, PAGE)
    response = editor.post(
        PAGE,
        data={"csrf_token": token, "seed": "7", "risk_limit": "10%", "sheet": sheet},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    page = editor.get(response.headers["location"])
    assert "Risk of each assertion after round 1" in page.text
    rounds = editor.get(f"/api/v1/results/{BY_ELECTION}/audit").json()["rounds"]
    assert len(rounds) == 1
    report = rounds[0]["report"]
    assert rounds[0]["recorded_by"] == "ann.editor"
    assert report["draws"] == 2
    # Robbani v Uddin: two papers for the winner, T = (2s)^2 with s = 1030/2017
    uddin = next(a for a in report["assertions"] if a["assertion"].endswith("Ala UDDIN"))
    assert float(uddin["risk"]) == pytest.approx((2 * 1030 / 2017) ** -2, rel=1e-5)
    assert json.dumps(report)  # as stored


def test_a_sheet_with_a_stray_paper_comes_back_with_the_line(editor: TestClient) -> None:
    token = form_token(editor, PAGE)
    response = editor.post(
        PAGE,
        data={"csrf_token": token, "seed": "7", "sheet": "ballot,marks\n1,Nobody\n"},
    )
    assert response.status_code == 400
    assert "sheet:2:" in response.text
    assert "ballot,marks" in response.text  # the sheet is kept in the form
