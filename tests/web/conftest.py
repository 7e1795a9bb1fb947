"""Fixtures of the web app's tests: a results store with three stored results, and a client.

The store holds, from the bundled examples and figures typed from published
results: the Spitalfields and Banglatown by-election of 2012 (declared totals,
Labour defending), the generated Scottish ward counted under scot-2011 (a stored
count), and a ward whose candidate's name is HTML, to show that pages print it
as text.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from tellers.formats import read, read_text
from tellers.results.store import BallotInfo, open_store
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

__all__ = ["BY_ELECTION", "COUNTED", "EXAMPLES", "HOSTILE", "HOSTILE_NAME", "TestClient"]


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
