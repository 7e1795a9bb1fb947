"""The embeddable result card and oEmbed, through the test client.

Figures: the Spitalfields and Banglatown by-election of 19 April 2012 as published
(examples/results/README.md): Robbani (Independent) 1,030, Uddin (Labour) 987,
Smith (Conservative) 140, Blake (Green) 99, Macmillan (Liberal Democrats) 39;
2,295 valid votes, so majority 43 = 1.87% and Robbani's share 1,030/2,295 =
44.88%, Labour's 987/2,295 = 43.01%; Labour defended the seat. The generated
ward (examples/README.md), counted under scot-2011: 5,000 papers, no parties, Innes
1,298 first preferences (25.96%). And a ward whose winner's name and ward name are
HTML, to show the card prints them as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from starlette.requests import Request

from tellers.formats import read, read_text
from tellers.report.json import to_dict
from tellers.results.store import BallotInfo, open_store
from tellers.rules import count
from tellers.web import create_app
from tellers.web.embed import CARD_HEIGHT_BASE, CARD_HEIGHT_PER_PARTY, oembed_url

from .conftest import TestClient, assert_envelope

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
RESULTS = EXAMPLES / "results"
APR_2012 = "local.tower-hamlets.spitalfields-banglatown.by.2012-04-19"
CASTLE = "local.testshire.castle.2019-05-02"
WARD_ID = "local.example.generated-ward.2012-05-03"
NAME = "<script>alert('x')</script> Smith"
ESCAPED_NAME = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Smith"
WARD = 'Castle "<b>" & Keep'
SITE = "http://testserver"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('embed') / 'tellers.db'}"
    with open_store(url) as store:
        store.add_result(
            read(RESULTS / "spitalfields-banglatown-2012-04-19.txt"),
            APR_2012,
            "https://trialbyjeory.com/2012/04/20/",
            ballot=BallotInfo(vacated_party="lab"),
        )
        hostile = read_text(f"{NAME} (Independent) 300\nAnn Jones (Labour) 200\n", "castle.txt")
        store.add_result(hostile, CASTLE, "castle.txt", ballot=BallotInfo(division_name=WARD))
        ward = read(EXAMPLES / "generated-ward.blt")
        store.add_result(to_dict(ward, count(ward, "scot-2011")), WARD_ID, "generated-ward.blt")
    with TestClient(create_app(url)) as test_client:
        yield test_client


def test_the_card_shows_the_winner_outcome_majority_and_shares(client: TestClient) -> None:
    response = client.get(f"/embed/results/{APR_2012}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    card = response.text
    assert "<strong>Gulam ROBBANI</strong> (Independent)" in card
    assert "Robbani (IND) GAIN from LAB" in card
    assert "Majority 43 (1.9%)" in card
    # the bars, largest first: Ind 44.9, Lab 43.0, Con 6.1, Green 4.3, LD 1.7
    widths = [part.split('"')[0] for part in card.split('<rect width="')[1:]]
    assert widths == ["44.9", "43.0", "6.1", "4.3", "1.7"]
    assert '<td class="num votes">1,030</td>' in card
    assert '<tr class="won">' in card and card.count('class="won"') == 1
    assert "By-election, 19 April 2012 · 1 seat" in card


def test_a_card_without_parties_shows_each_candidate(client: TestClient) -> None:
    card = client.get(f"/embed/results/{WARD_ID}").text
    assert "<caption>First preferences</caption>" in card
    body = card[card.index("<tbody>") :]
    names = [part.split("<")[0] for part in body.split('<th scope="row">')[1:]]
    assert names[:4] == ["Innes", "Hamilton", "Gordon", "Adams"]  # the four elected
    assert body.count('<tr class="won">') == 4
    # 1,298/5,000 = 25.96%; 874 = 17.48%; 849 = 16.98%; 620 = 12.40%
    widths = [part.split('"')[0] for part in body.split('<rect width="')[1:5]]
    assert widths == ["26.0", "17.5", "17.0", "12.4"]
    assert '<td class="num votes">1,298</td>' in body


def test_the_card_refreshes_itself_and_links_to_the_full_page(client: TestClient) -> None:
    card = client.get(f"/embed/results/{APR_2012}").text
    assert '<meta http-equiv="refresh" content="60">' in card
    assert f'<a href="/results/{APR_2012}" target="_top">Full result</a>' in card
    # nothing another site's policy could block: no script, no inline style, no plotly
    assert "<script" not in card and "style=" not in card and "plotly" not in card
    assert card.count("<link ") == 1 and "/static/embed.css" in card
    assert client.get("/static/embed.css").status_code == 200


def test_the_card_prints_a_hostile_name_as_text(client: TestClient) -> None:
    card = client.get(f"/embed/results/{CASTLE}").text
    assert f"<strong>{ESCAPED_NAME}</strong> (Independent)" in card
    assert "Castle &#34;&lt;b&gt;&#34; &amp; Keep" in card
    assert NAME not in card and "<b>" not in card


def test_a_card_of_no_stored_result_is_404(client: TestClient) -> None:
    for ballot_id in ("local.nowhere.ward.2020-05-07", "not-an-identifier"):
        response = client.get(f"/embed/results/{ballot_id}")
        assert response.status_code == 404
        assert "<h1>Not found</h1>" in response.text


def test_oembed_answers_a_rich_iframe_of_the_card(client: TestClient) -> None:
    page = f"{SITE}/results/{APR_2012}"
    response = client.get("/oembed", params={"url": page, "format": "json"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    height = CARD_HEIGHT_BASE + 5 * CARD_HEIGHT_PER_PARTY  # five parties stood
    title = "Spitalfields Banglatown, Tower Hamlets by-election, 2012-04-19"
    assert body == {
        "type": "rich",
        "version": "1.0",
        "title": title,
        "provider_name": "tellers",
        "provider_url": f"{SITE}/",
        "cache_age": 60,
        "html": f'<iframe src="{SITE}/embed/results/{APR_2012}" width="400" '
        f'height="{height}" title="{title}" loading="lazy" style="border:0"></iframe>',
        "width": 400,
        "height": height,
    }
    # format defaults to json; the card's own address is accepted too
    assert client.get("/oembed", params={"url": f"{SITE}/embed/results/{APR_2012}"}).json() == body


def test_oembed_keeps_within_maxwidth_and_maxheight(client: TestClient) -> None:
    params = {"url": f"{SITE}/results/{APR_2012}", "maxwidth": "300", "maxheight": "200"}
    body = client.get("/oembed", params=params).json()
    assert (body["width"], body["height"]) == (300, 200)
    assert 'width="300" height="200"' in body["html"]
    params = {"url": f"{SITE}/results/{APR_2012}", "maxwidth": "9000", "maxheight": "9000"}
    body = client.get("/oembed", params=params).json()
    assert (body["width"], body["height"]) == (400, CARD_HEIGHT_BASE + 5 * CARD_HEIGHT_PER_PARTY)


def test_oembed_escapes_the_title_in_its_html(client: TestClient) -> None:
    body = client.get("/oembed", params={"url": f"{SITE}/results/{CASTLE}"}).json()
    assert body["title"] == f"{WARD}, Testshire, 2019-05-02"
    assert 'title="Castle &quot;&lt;b&gt;&quot; &amp; Keep, Testshire, 2019-05-02"' in body["html"]
    assert "<b>" not in body["html"]


@pytest.mark.parametrize(
    "url",
    [
        f"{SITE}/results/local.nowhere.ward.2020-05-07",  # no such result
        f"{SITE}/results/not-an-identifier",
        f"http://elsewhere.example/results/{APR_2012}",  # another site
        f"{SITE}/count",  # not a result page
        f"{SITE}/results/{APR_2012}/edit",
        f"{SITE}/results/{APR_2012}?with=x",
        f"ftp://testserver/results/{APR_2012}",
        "results",
    ],
)
def test_oembed_of_anything_but_a_stored_result_page_is_404(client: TestClient, url: str) -> None:
    message = assert_envelope(client.get("/oembed", params={"url": url}), 404)
    assert url in message


def test_oembed_errors_are_in_the_assert_envelope(client: TestClient) -> None:
    page = f"{SITE}/results/{APR_2012}"
    xml = client.get("/oembed", params={"url": page, "format": "xml"})
    assert assert_envelope(xml, 501) == "format 'xml' is not offered: ask for format=json"
    assert (
        assert_envelope(client.get("/oembed"), 400) == "url: expected the address of a result page"
    )
    message = assert_envelope(client.get("/oembed", params={"url": page, "maxwidth": "wide"}), 400)
    assert message.startswith("maxwidth: expected a whole number of pixels")
    assert_envelope(client.get("/oembed", params={"url": page, "maxheight": "0"}), 400)


def test_the_discovery_link_points_at_the_oembed_answer(client: TestClient) -> None:
    scope = {
        "type": "http",
        "scheme": "http",
        "server": ("testserver", 80),
        "path": f"/results/{APR_2012}",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
    }
    link = oembed_url(Request(scope), APR_2012)
    assert link == (f"{SITE}/oembed?url={quote(f'{SITE}/results/{APR_2012}', safe='')}&format=json")
    body = client.get(link.removeprefix(SITE)).json()
    assert body["type"] == "rich" and f"/embed/results/{APR_2012}" in body["html"]
