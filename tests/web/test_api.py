"""The JSON API: every endpoint, and one error envelope for every error of every route.

Expected figures come from the README's stage sheet of the generated ward
(Innes 1,298 first preferences, transfer value 0.22881 at the surplus of Innes),
the published Spitalfields and Banglatown by-election (Robbani 1,030, majority
43, 1.9% of valid votes) and worked example 1.3 of spec 01 (a tie for the last
seat between B and C).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from click.testing import CliRunner

from tellers.cli import main
from tellers.rules import rule_sets

from .conftest import BY_ELECTION, COUNTED, EXAMPLES, HOSTILE, TestClient, assert_envelope

BLT = (EXAMPLES / "generated-ward.blt").read_bytes()


def no_numbers(value: Any) -> bool:
    """Every figure in a document is a string (booleans and nulls aside)."""
    if isinstance(value, dict):
        return all(no_numbers(v) for v in value.values())
    if isinstance(value, list):
        return all(no_numbers(v) for v in value)
    return value is None or isinstance(value, str | bool)


# -- /api/v1/rules -------------------------------------------------------------------


def test_rules_lists_every_rule_set_with_its_options(client: TestClient) -> None:
    response = client.get("/api/v1/rules")
    assert response.status_code == 200
    listed = {r["name"]: r for r in response.json()}
    assert list(listed) == [r.name for r in rule_sets()]
    scottish = listed["scot-2011"]
    assert scottish["places"] == "5"
    assert "SSI 2011/399" in scottish["law"]
    assert {o["name"] for o in scottish["options"]} >= {"truncation"}
    assert no_numbers(response.json())


# -- /api/v1/count -------------------------------------------------------------------


def test_count_a_blt_file_gives_the_count_document(client: TestClient) -> None:
    response = client.post("/api/v1/count", files={"file": ("generated-ward.blt", BLT)})
    assert response.status_code == 200
    document = response.json()
    assert document["format"] == "tellers.count/1"
    assert document["source"] == "generated-ward.blt"
    assert no_numbers(document)
    first, second = document["stages"][:2]
    assert (first["votes"]["Innes"], first["votes"]["Gordon"]) == ("1298.00000", "849.00000")
    assert (second["action"], second["subjects"]) == ("surplus", ["Innes"])
    assert second["transfer_value"] == ["0.22881"]
    assert len(document["elected"]) == 4


def test_count_gives_what_the_command_line_gives(client: TestClient) -> None:
    response = client.post("/api/v1/count", files={"file": ("generated-ward.blt", BLT)})
    path = str(EXAMPLES / "generated-ward.blt")
    printed = CliRunner().invoke(main, ["count", path, "--format", "json"])
    assert printed.exit_code == 0
    expected = json.loads(printed.stdout)
    expected["source"] = "generated-ward.blt"
    assert response.json() == expected


def test_count_pasted_text_under_the_default_rules(client: TestClient) -> None:
    text = "Gulam Robbani (Independent) 1030\nAla Uddin (Labour) 987\nMatthew Smith (Con) 140\n"
    document = client.post("/api/v1/count", data={"text": text}).json()
    assert document["contest"]["rules"] == "uk-fptp"
    assert document["elected"] == ["Gulam Robbani"]
    assert document["majority"] == "43"


def test_a_tie_needs_a_lot_and_a_supplied_lot_decides_it(client: TestClient) -> None:
    tie = (EXAMPLES / "worked-example-1.3-tie.txt").read_bytes()
    files = {"file": ("tie.txt", tie)}
    message = assert_envelope(client.post("/api/v1/count", files=files), 400)
    assert "a lot is needed between B and C" in message
    document = client.post("/api/v1/count", files=files, data={"lots": ["C>B"]}).json()
    assert document["elected"] == ["A", "C"]
    assert document["lots"][0]["chosen"] == "C"
    seeded = client.post("/api/v1/count", files=files, data={"seed": "42"}).json()
    assert seeded["lot_provider"] == "seed 42"


def test_count_with_rules_seats_and_options(client: TestClient) -> None:
    data = {"rules": "scot-2011", "seats": "3", "option": ["truncation=product"]}
    document = client.post("/api/v1/count", files={"file": ("w.blt", BLT)}, data=data).json()
    assert document["contest"]["seats"] == "3"
    assert len(document["elected"]) == 3
    assert document["options"]["truncation"] == "product"


@pytest.mark.parametrize(
    ("data", "files", "expected"),
    [
        ({}, None, "expected a file to count"),
        ({"text": "Ann 10\nBob ten\n"}, None, "pasted text:2: expected a candidate line"),
        ({"text": "A 1", "rules": "no-such-rules"}, None, "no rule set called 'no-such-rules'"),
        ({"text": "A 1\nB 2\n", "rules": "scot-2011"}, None, "counts ballot papers"),
        ({"text": "A 1\nB 2\n", "format_in": "nope"}, None, "expected a format among"),
        ({"rules": "scot-2011", "option": ["bogus=1"]}, {"file": ("w.blt", BLT)}, "no option"),
        ({"text": "A 1", "lots": ["A"]}, None, "two candidates"),
        ({"text": "A 1"}, {"file": ("w.blt", BLT)}, "not both"),
        ({}, {"file": ("bin.blt", b"\x00\x01\x02")}, "binary"),
    ],
)
def test_bad_input_is_a_400_in_the_envelope(
    client: TestClient,
    data: dict[str, Any],
    files: dict[str, tuple[str, bytes]] | None,
    expected: str,
) -> None:
    response = client.post("/api/v1/count", data=data, files=files)
    assert expected in assert_envelope(response, 400)


def test_a_seat_count_that_is_not_a_number_is_a_422_in_the_envelope(client: TestClient) -> None:
    response = client.post("/api/v1/count", data={"text": "A 1", "seats": "three"})
    assert "seats" in assert_envelope(response, 422)
    response = client.post("/api/v1/count", data={"text": "A 1", "seats": "0"})
    assert "seats" in assert_envelope(response, 422)


# -- /api/v1/results/{id} ------------------------------------------------------------


def shown_by_the_command_line(store_url: str, ballot_id: str) -> Any:
    printed = CliRunner().invoke(
        main, ["results", "--db", store_url, "show", ballot_id, "--format", "json"]
    )
    assert printed.exit_code == 0, printed.output
    return json.loads(printed.stdout)


@pytest.mark.parametrize("ballot_id", [BY_ELECTION, COUNTED, HOSTILE])
def test_a_result_is_what_results_show_gives(
    client: TestClient, store_url: str, ballot_id: str
) -> None:
    response = client.get(f"/api/v1/results/{ballot_id}")
    assert response.status_code == 200
    assert response.json() == shown_by_the_command_line(store_url, ballot_id)
    assert no_numbers(response.json())


def test_the_by_election_card_has_the_published_figures(client: TestClient) -> None:
    card = client.get(f"/api/v1/results/{BY_ELECTION}").json()
    assert card["format"] == "tellers.analysis/1"
    assert card["elected"] == [{"name": "Gulam ROBBANI", "party": "ind"}]
    assert (card["majority"], card["majority_percent"]) == ("43", "1.9")
    assert (card["outcome"], card["gained_from"]) == (["gain"], ["lab"])
    assert card["source"].startswith("https://")


def test_an_unknown_ballot_is_a_404_in_the_envelope(client: TestClient) -> None:
    response = client.get("/api/v1/results/local.nowhere.ward.2020-05-07")
    assert "local.nowhere.ward.2020-05-07" in assert_envelope(response, 404)
    response = client.get(f"/api/v1/results/{BY_ELECTION}", params={"with": "local.x.y.2001-01-01"})
    assert_envelope(response, 404)


# -- the OpenAPI document and the envelope for every route ------------------------------


def operations(client: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    document = client.get("/openapi.json").json()
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


def test_the_openapi_document_lists_the_api_and_its_error_envelope(client: TestClient) -> None:
    found = {(path, method) for path, method, _ in operations(client)}
    assert found == {
        ("/api/v1/rules", "get"),
        ("/api/v1/count", "post"),
        ("/api/v1/results/{ballot_id}", "get"),
        ("/api/v1/results/{ballot_id}", "post"),
        ("/api/v1/results/{ballot_id}/confirm", "post"),
        ("/api/v1/results/{ballot_id}/history", "get"),
        ("/api/v1/session", "get"),
        ("/api/v1/byelections", "get"),
        ("/api/v1/elections", "get"),
        ("/api/v1/elections/{election_id}", "get"),
        ("/api/v1/ballots", "get"),
        ("/api/v1/results.csv", "get"),
        ("/api/v1/results/{ballot_id}/audit", "get"),
    }
    for path, method, operation in operations(client):
        for status in ("400", "404", "405", "422"):
            schema = operation["responses"][status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorEnvelope"}, (path, method, status)


#: Operations that answer 401 before anything else when not signed in (their other
#: errors, signed in, are in test_entry.py).
NEEDS_SESSION = {
    ("/api/v1/results/{ballot_id}", "post"),
    ("/api/v1/results/{ballot_id}/confirm", "post"),
    ("/api/v1/results/{ballot_id}/history", "get"),
    ("/api/v1/session", "get"),
}


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "local.nowhere.ward.2020-05-07", path)


def test_every_route_answers_every_error_in_the_envelope(client: TestClient) -> None:
    """404 (an unknown resource or sub-path), 405 (every method the route lacks), and 400
    or 422 (what a route that takes input does with none or bad input), all enveloped."""
    seen = set()
    for path, method, _ in operations(client):
        url = concrete(path)
        assert_envelope(client.request(method, url + "/no-such-thing"), 404)
        anonymous = (path, method) in NEEDS_SESSION
        if url != path or anonymous:
            assert_envelope(client.request(method, url), 401 if anonymous else 404)
        allowed = {m for p, m, _ in operations(client) if p == path}
        for other in {"get", "post", "put", "patch", "delete"} - allowed:
            response = client.request(other, url)
            assert_envelope(response, 405)
            assert response.headers["allow"]
        if method == "post" and not anonymous:
            assert_envelope(client.post(url), 400)
            assert_envelope(client.post(url, data={"seats": "x"}), 422)
            assert_envelope(client.post(url, content=b"\x00", headers={"content-type": "x/y"}), 400)
        seen.add(path)
    assert_envelope(client.get("/api/v1/nothing-here"), 404)
    assert_envelope(client.get("/api/v2/rules"), 404)
    assert len(seen) == 12


def test_plotly_is_served_by_tellers_itself(client: TestClient) -> None:
    response = client.get("/vendor/plotly.min.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert b"plotly" in response.content[:2000].lower()


def test_htmx_is_served_by_tellers_itself_and_the_forms_load_it(client: TestClient) -> None:
    response = client.get("/vendor/htmx.min.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert b"htmx" in response.content[:2000]
    page = client.get("/count").text
    assert '<script src="/vendor/htmx.min.js" defer></script>' in page
    assert 'hx-post="/count" hx-target="#outcome"' in page


def test_only_the_vendored_scripts_are_served(client: TestClient) -> None:
    for name in ("jquery.min.js", "..%2Fapp.py", "plotly.min.js.map"):
        response = client.get(f"/vendor/{name}")
        assert response.status_code == 404
        assert "text/javascript" not in response.headers["content-type"]
