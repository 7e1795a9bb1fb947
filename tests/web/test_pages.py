"""The pages, through the test client: what they show without JavaScript, and their errors."""

from __future__ import annotations

import re

from .conftest import BY_ELECTION, COUNTED, EXAMPLES, HOSTILE, HOSTILE_NAME, TestClient, with_token

BLT = (EXAMPLES / "generated-ward.blt").read_bytes()
ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Smith"


def listed(page: str) -> str:
    """The home page's list of stored results (the by-election tracker above it links too)."""
    return page[page.index('<table class="list">') :] if '<table class="list">' in page else ""


def links_to(page: str) -> list[str]:
    return re.findall(r'href="/results/([^"]+)"', listed(page))


def test_home_lists_stored_results_latest_poll_first(client: TestClient) -> None:
    page = client.get("/").text
    assert links_to(page) == [HOSTILE, COUNTED, BY_ELECTION]
    assert "3 stored results" in page


def test_home_search_by_identifier_or_name(client: TestClient) -> None:
    assert links_to(client.get("/", params={"q": "glasgow"}).text) == [COUNTED]
    assert links_to(client.get("/", params={"q": "Spitalfields"}).text) == [BY_ELECTION]
    assert links_to(client.get("/", params={"q": "TOWER-hamlets"}).text) == [BY_ELECTION]


def test_home_search_words_are_data_not_sql(client: TestClient) -> None:
    for words in ("%", "_", "' OR 1=1 --", "\\"):
        response = client.get("/", params={"q": words})
        assert response.status_code == 200
        assert links_to(response.text) == []
    assert listed(client.get("/").text).count('href="/results/') == 3  # nothing was dropped


def test_count_form_offers_every_rule_set(client: TestClient) -> None:
    page = client.get("/count").text
    for name in ("scot-2011", "uk-fptp", "meek", "ni-1985"):
        assert f'<option value="{name}"' in page
    assert 'enctype="multipart/form-data"' in page


def test_counting_a_blt_file_shows_the_declaration_sheet_stages_and_sankey(
    client: TestClient,
) -> None:
    response = client.post(
        "/count", files={"file": ("generated-ward.blt", BLT)}, data=with_token(client)
    )
    assert response.status_code == 200
    page = response.text
    assert "DECLARATION OF RESULT OF POLL" in page
    assert "Surplus of Innes" in page
    assert "0.22881" in page  # the transfer value of the README's sheet
    assert "1,298.00000" in page
    stages = re.findall(r'<section class="stage" id="stage-(\d+)"', page)
    assert stages == [str(n) for n in range(1, len(stages) + 1)] and len(stages) > 3
    assert page.count("data-chart") == len(stages) + 1  # a bar chart a stage, and the Sankey
    assert 'class="chart sankey"' in page
    assert "/vendor/plotly.min.js" in page


def test_a_candidate_name_with_html_is_shown_as_text(client: TestClient) -> None:
    text = f"{HOSTILE_NAME} (Independent) 300\nAnn Jones (Labour) 200\n"
    page = client.post("/count", data=with_token(client, text=text)).text
    assert ESCAPED in page
    assert "<script>alert" not in page
    stored = client.get(f"/results/{HOSTILE}").text
    assert ESCAPED in stored and "<script>alert" not in stored


def test_bad_input_shows_the_one_line_error_with_400(client: TestClient) -> None:
    response = client.post("/count", data=with_token(client, text="Ann 10\nBob ten\n"))
    assert response.status_code == 400
    assert "pasted text:2: expected a candidate line" in response.text
    assert 'role="alert"' in response.text
    assert "Ann 10" in response.text  # the form keeps what was pasted
    response = client.post("/count", data=with_token(client, text="A 1", seats="many"))
    assert response.status_code == 400
    assert "seats: expected a whole number, found &#39;many&#39;" in response.text


def test_a_form_result_alone_for_htmx(client: TestClient) -> None:
    response = client.post(
        "/count",
        data=with_token(client, text="A (X) 10\nB (Y) 5\n"),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.text and "DECLARATION OF RESULT OF POLL" in response.text
    refused = client.post(
        "/count", data=with_token(client, text="Ann 10\nBob ten\n"), headers={"HX-Request": "true"}
    )
    assert refused.status_code == 400
    assert "<html" not in refused.text and 'role="alert"' in refused.text


def test_compare_shows_each_rule_set_and_where_they_part_ways(client: TestClient) -> None:
    """100 papers: A 40 first preferences, B 35, C 25 whose second preferences go to B.
    First past the post elects A; the alternative vote excludes C and elects B (75)."""
    blt = b'3 1\n40 1 0\n35 2 0\n25 3 2 0\n0\n"A"\n"B"\n"C"\n"Three candidates"\n'
    response = client.post(
        "/compare",
        files={"file": ("three.blt", blt)},
        data=with_token(client, rule_list="av,uk-fptp"),
    )
    assert response.status_code == 200
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))
    assert "av B – 2" in page and "uk-fptp A – 1" in page
    assert "av and uk-fptp : first differ at stage 1" in page
    assert "Only av elects: B" in page and "Only uk-fptp elects: A" in page


def test_compare_every_rule_set_that_counts_the_file(client: TestClient) -> None:
    response = client.post(
        "/compare", files={"file": ("generated-ward.blt", BLT)}, data=with_token(client)
    )
    assert response.status_code == 200
    for name in ("scot-2011", "meek", "ni-1985", "uk-fptp"):
        assert f"<code>{name}</code>" in response.text
    assert "<code>dhondt</code>" not in response.text  # list PR cannot count ballot papers
    assert "<code>scot-2011</code> and <code>uk-fptp</code>" in response.text


def test_compare_with_an_unknown_rule_set_is_a_400(client: TestClient) -> None:
    response = client.post(
        "/compare", files={"file": ("w.blt", BLT)}, data=with_token(client, rule_list="x")
    )
    assert response.status_code == 400
    assert "no rule set called &#39;x&#39;" in response.text


def test_a_stored_count_shows_its_card_sheet_and_charts(client: TestClient) -> None:
    page = client.get(f"/results/{COUNTED}").text
    assert "Surplus of Innes" in page and "0.22881" in page
    assert 'class="chart sankey"' in page
    assert 'class="card"' in page


def test_a_stored_declared_result_shows_its_card_and_table(client: TestClient) -> None:
    page = client.get(f"/results/{BY_ELECTION}").text
    assert "Robbani (IND) GAIN from LAB · majority 43 (1.9%)" in page
    assert "1,030" in page and "Elected" in page
    assert 'href="https://www.towerhamlets.gov.uk/by-election-2012"' in page


def test_unknown_pages_and_ballots_are_404_pages(client: TestClient) -> None:
    response = client.get("/results/local.nowhere.ward.2020-05-07")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no ballot called" in response.text
    assert client.get("/no/such/page").status_code == 404
    assert client.delete("/count").status_code == 405
