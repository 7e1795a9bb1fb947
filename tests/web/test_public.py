"""The public read features on the demo's store: the by-election tracker (page and JSON),
elections and ballots as JSON, CSV exports, and ``tellers demo --serve``'s loading.

The store is filled as ``tellers demo --serve`` fills it, from examples/results
(README.md there gives each source) and the generated ward. Figures typed from
those files: 16 December 2010, Miah (Respect) 666 beat Alim (Labour) 553 with Labour
defending: majority 113, 7.7% of 1,467 valid votes; 19 April 2012, Robbani
(Independent) 1,030 beat Uddin (Labour) 987: majority 43, 1.9% of 2,295; 11 June
2015, Akhtar (Labour) 1,643 beat Chowdury (Independent) 1,472 with Tower Hamlets
First defending: majority 171, 4.4% of 3,902; and the by-election of spec 08's
worked example 8.5, Lab 900 over Con 800 (Con defending): majority 100, 5.0% of
2,000.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner

from tellers.cli import main
from tellers.results.store import open_store
from tellers.service.examples import load_examples
from tellers.web import create_app

from .conftest import TestClient, assert_envelope

DEC_2010 = "local.tower-hamlets.spitalfields-banglatown.by.2010-12-16"
APR_2012 = "local.tower-hamlets.spitalfields-banglatown.by.2012-04-19"
STEPNEY = "local.tower-hamlets.stepney-green.by.2015-06-11"
ORDINARY_85 = "local.example.ward-a.2014-05-22"
BY_85 = "local.example.ward-a.by.2015-06-11"
WARD = "local.example.generated-ward.2012-05-03"
LOADED = [DEC_2010, APR_2012, STEPNEY, ORDINARY_85, BY_85, WARD]


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('demo') / 'tellers.db'}"


@pytest.fixture(scope="module")
def loads(demo_url: str) -> list[list[tuple[str, int, bool]]]:
    """The demo's loading step, run twice into the same store."""
    with open_store(demo_url) as store:
        return [load_examples(store), load_examples(store)]


@pytest.fixture(scope="module")
def client(demo_url: str, loads: object) -> Iterator[TestClient]:
    with TestClient(create_app(demo_url)) as test_client:
        yield test_client


def cli(demo_url: str, *args: str) -> str:
    done = CliRunner().invoke(main, ["results", "--db", demo_url, *args])
    assert done.exit_code == 0, done.output
    return done.stdout


# -- tellers demo --serve ----------------------------------------------------------------


def test_loading_the_examples_twice_changes_nothing(
    demo_url: str, loads: list[list[tuple[str, int, bool]]]
) -> None:
    first, second = loads
    assert first == [(ballot_id, 1, True) for ballot_id in LOADED]
    assert second == [(ballot_id, 1, False) for ballot_id in LOADED]
    with open_store(demo_url) as store:
        assert [len(store.history(ballot_id)) for ballot_id in LOADED] == [1] * 6
        counted = store.current_result(WARD)
        assert counted is not None and counted.kind == "count"
        assert [c.name for c in counted.elected] == ["Adams", "Gordon", "Hamilton", "Innes"]


def test_the_home_page_lists_what_the_demo_loaded(client: TestClient) -> None:
    page = client.get("/").text
    assert "6 stored results" in page
    for ballot_id in LOADED:
        assert f'href="/results/{ballot_id}"' in page
    assert client.get(f"/results/{WARD}").status_code == 200


def test_demo_serve_fills_the_store_then_serves_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    import uvicorn

    served: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append((app, kw)))
    monkeypatch.setenv("TELLERS_DB", "restored-after-the-test.db")
    db = tmp_path / "demo.db"
    for saved, unchanged in ((6, 0), (0, 6)):
        done = CliRunner().invoke(main, ["demo", "--serve", "--port", "8123", "--db", str(db)])
        assert done.exit_code == 0, done.output
        assert "DECLARATION OF RESULT OF POLL" in done.stdout  # the declarations come first
        assert f"6 bundled results in the store ({saved} saved, {unchanged} unchanged)" in (
            done.stderr
        )
        assert "serving on http://127.0.0.1:8123/" in done.stderr
    (factory, settings), _ = served
    assert (factory, settings["factory"]) == ("tellers.web:create_app", True)
    assert (settings["host"], settings["port"]) == ("127.0.0.1", 8123)
    assert create_app().state.stores.url == f"sqlite:///{db}"


# -- the by-election tracker ---------------------------------------------------------------


def test_the_home_page_lists_recent_by_elections_and_the_net_change(client: TestClient) -> None:
    page = client.get("/").text
    section = page[page.index('<h2 id="byelections-h">') : page.index("</section>")]
    rows = section.split("<tr>")[2:]
    # latest first; the two of 11 June 2015 by identifier
    assert [r.split('href="/results/')[1].split('"')[0] for r in rows[:4]] == [
        BY_85,
        STEPNEY,
        APR_2012,
        DEC_2010,
    ]
    assert "<td>IND GAIN from LAB</td>" in rows[2]
    assert '<td class="num">43 (1.9%)</td>' in rows[2]
    assert "<td>RESPECT GAIN from LAB</td>" in rows[3]
    # Labour lost two seats and gained two: no net change; IND and RESPECT +1, CON and THF -1
    net = section[section.index("Net change") :]
    assert '<th scope="row">IND</th><td class="num">1</td><td class="num">0</td>' in net
    assert '<th scope="row">LAB</th><td class="num">2</td><td class="num">2</td>' in net
    assert '<td class="num">-1</td>' in net and '<td class="num">+1</td>' in net
    # a search shows only what it finds
    assert 'id="byelections-h"' not in client.get("/", params={"q": "stepney"}).text


def test_the_by_elections_page_filters_by_period(client: TestClient) -> None:
    page = client.get("/byelections").text
    assert "4 by-elections, latest first" in page
    for outcome in ("LAB GAIN from CON", "LAB GAIN from THF", "IND GAIN from LAB"):
        assert f"<td>{outcome}</td>" in page
    assert '<td class="num">171 (4.4%)</td>' in page
    assert '<td class="num">113 (7.7%)</td>' in page
    since = client.get("/byelections", params={"since": "2012-01-01", "until": ""}).text
    assert "3 by-elections" in since and DEC_2010 not in since
    assert 'value="2012-01-01"' in since
    council = client.get("/byelections", params={"organisation": "example"}).text
    assert "1 by-election, latest first" in council and BY_85 in council
    none = client.get("/byelections", params={"since": "2020-01-01"}).text
    assert "No by-elections stored in that period." in none
    bad = client.get("/byelections", params={"since": "19/04/2012"})
    assert bad.status_code == 400
    assert "expected a date written 2014-05-22, found &#39;19/04/2012&#39;" in bad.text


def test_the_by_elections_api_is_the_commands_document(client: TestClient, demo_url: str) -> None:
    body = client.get("/api/v1/byelections", params={"since": "2010-01-01"}).json()
    assert body == json.loads(cli(demo_url, "byelections", "--since", "2010-01-01", "-f", "json"))
    assert body["format"] == "tellers.byelections/1"
    rows = body["by_elections"]
    assert [(r["id"], r["outcome"], r["party"], r["gained_from"], r["majority"]) for r in rows] == [
        (DEC_2010, "gain", "respect", "lab", "113"),
        (APR_2012, "gain", "ind", "lab", "43"),
        (BY_85, "gain", "lab", "con", "100"),
        (STEPNEY, "gain", "lab", "thf", "171"),
    ]
    assert body["net"] == {"ind": "+1", "respect": "+1", "lab": "0", "con": "-1", "thf": "-1"}
    later = client.get("/api/v1/byelections", params={"since": "2012-01-01"}).json()
    assert later["net"] == {"ind": "+1", "lab": "+1", "con": "-1", "thf": "-1"}
    council = client.get("/api/v1/byelections", params={"organisation": "example"}).json()
    assert [r["id"] for r in council["by_elections"]] == [BY_85]
    message = assert_envelope(client.get("/api/v1/byelections", params={"until": "2015-6-11"}), 400)
    assert message == "expected a date written 2014-05-22, found '2015-6-11'"


def test_the_command_line_tracker_is_unchanged(demo_url: str) -> None:
    text = cli(demo_url, "byelections", "--since", "2012-01-01")
    assert text.splitlines() == [
        f"2012-04-19  {APR_2012}  IND GAIN from LAB · majority 43 (1.9%)",
        f"2015-06-11  {BY_85}  LAB GAIN from CON · majority 100 (5.0%)",
        f"2015-06-11  {STEPNEY}  LAB GAIN from THF · majority 171 (4.4%)",
        "Net change: IND +1, LAB +1, CON -1, THF -1",
    ]


# -- elections and ballots ---------------------------------------------------------------


def test_the_elections_api_lists_ids_and_poll_dates(client: TestClient) -> None:
    body = client.get("/api/v1/elections").json()
    assert [(e["id"], e["poll_date"]) for e in body] == [
        ("local.example.2015-06-11", "2015-06-11"),
        ("local.tower-hamlets.2015-06-11", "2015-06-11"),
        ("local.example.2014-05-22", "2014-05-22"),
        ("local.example.2012-05-03", "2012-05-03"),
        ("local.tower-hamlets.2012-04-19", "2012-04-19"),
        ("local.tower-hamlets.2010-12-16", "2010-12-16"),
    ]
    assert body[1] == {
        "id": "local.tower-hamlets.2015-06-11",
        "poll_date": "2015-06-11",
        "type": "local",
        "organisation": "tower-hamlets",
        "organisation_name": None,  # a declaration names no council the store keeps
        "ballots": "1",
        "results": "1",
    }


def test_an_election_lists_its_ballots(client: TestClient) -> None:
    body = client.get("/api/v1/elections/local.example.2014-05-22").json()
    assert body["poll_date"] == "2014-05-22"
    assert body["ballots"] == [
        {
            "id": ORDINARY_85,
            "name": body["ballots"][0]["name"],
            "poll_date": "2014-05-22",
            "seats": "3",
            "by_election": False,
            "version": "1",
        }
    ]
    assert body["ballots"][0]["name"]
    message = assert_envelope(client.get("/api/v1/elections/local.nowhere.2020-05-07"), 404)
    assert message == "no election called 'local.nowhere.2020-05-07' in the results store"


def test_the_ballots_api_searches_as_the_home_page_does(client: TestClient) -> None:
    assert [b["id"] for b in client.get("/api/v1/ballots").json()] == [
        BY_85,
        STEPNEY,
        ORDINARY_85,
        WARD,
        APR_2012,
        DEC_2010,
    ]
    found = client.get("/api/v1/ballots", params={"q": "stepney"}).json()
    assert found == [
        {
            "id": STEPNEY,
            "name": found[0]["name"],
            "poll_date": "2015-06-11",
            "seats": "1",
            "by_election": True,
            "version": "1",
            "kind": "totals",
        }
    ]
    assert "Stepney Green" in found[0]["name"]
    spitalfields = client.get("/api/v1/ballots", params={"q": "Spitalfields"}).json()
    assert [b["id"] for b in spitalfields] == [APR_2012, DEC_2010]
    assert client.get("/api/v1/ballots", params={"q": "%"}).json() == []
    assert_envelope(client.get("/api/v1/ballots", params={"q": "x" * 201}), 422)


# -- CSV exports -----------------------------------------------------------------------------


HEADER = "ballot_id,poll_date,seats,by_election,version,candidate,party,party_key,votes,elected"


def test_the_csv_export_is_the_commands(client: TestClient, demo_url: str) -> None:
    response = client.get("/api/v1/results.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="results.csv"' in response.headers["content-disposition"]
    assert response.text == cli(demo_url, "export", "--format", "csv")
    lines = response.text.splitlines()
    assert lines[0] == HEADER
    assert f"{DEC_2010},2010-12-16,1,yes,1,Fozol MIAH,Respect,respect,666,yes" in lines
    assert f"{APR_2012},2012-04-19,1,yes,1,Ala UDDIN,The Labour Party,lab,987,no" in lines
    assert f"{STEPNEY},2015-06-11,1,yes,1,Sabina Akhtar,Labour,lab,1643,yes" in lines
    assert f"{ORDINARY_85},2014-05-22,3,no,1,Con A,Conservative,con,1200,yes" in lines
    # 6 + 5 + 7 candidates in Tower Hamlets, 7 + 3 in ward A, 9 in the generated ward
    assert len(lines) == 1 + 6 + 5 + 7 + 7 + 3 + 9


def test_one_ballots_csv(client: TestClient) -> None:
    response = client.get("/api/v1/results.csv", params={"ballot": STEPNEY})
    assert (
        'filename="local.tower-hamlets.stepney-green.by.2015-06-11.csv"'
        in (response.headers["content-disposition"])
    )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["candidate"], r["votes"], r["elected"]) for r in rows] == [
        ("Sabina Akhtar", "1643", "yes"),
        ("Abu Talha Chowdury", "1472", "no"),
        ("Kirsty Chestnutt", "272", "no"),
        ("Paul Shea", "203", "no"),
        ("Saiful Azam", "158", "no"),
        ("Will Dyer", "114", "no"),
        ("Jessie Mcneil-Brown", "40", "no"),
    ]
    both = client.get("/api/v1/results.csv", params={"ballot": [BY_85, DEC_2010]}).text
    assert {r["ballot_id"] for r in csv.DictReader(io.StringIO(both))} == {BY_85, DEC_2010}
    council = client.get("/api/v1/results.csv", params={"organisation": "example"}).text
    assert {r["ballot_id"] for r in csv.DictReader(io.StringIO(council))} == {
        ORDINARY_85,
        BY_85,
        WARD,
    }
    missing = client.get("/api/v1/results.csv", params={"ballot": "local.nowhere.ward.2020-05-07"})
    assert assert_envelope(missing, 404) == (
        "no ballot called 'local.nowhere.ward.2020-05-07' in the results store"
    )


def test_every_new_api_route_documents_the_error_assert_envelope(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/byelections",
        "/api/v1/elections",
        "/api/v1/elections/{election_id}",
        "/api/v1/ballots",
        "/api/v1/results.csv",
    ):
        responses = paths[path]["get"]["responses"]
        for status in ("400", "404", "422"):
            schema = responses[status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorEnvelope"}, (path, status)
    assert "text/csv" in paths["/api/v1/results.csv"]["get"]["responses"]["200"]["content"]
    assert "/oembed" not in paths and "/embed/results/{ballot_id}" not in paths
