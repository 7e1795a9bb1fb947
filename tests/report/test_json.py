"""The JSON record (format tellers.count/1): versioned, exact, byte-identical."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jsonschema
import pytest

from tellers import Action, Candidate, Contest, Election, SuppliedLots, Totals, count
from tellers.report import FORMAT, to_dict, to_json
from tellers.report.json import KEYS

from .counts import block_1_2, fptp_1_1, stv_4_1

CASES = {"fptp_1_1": fptp_1_1, "block_1_2": block_1_2, "stv_4_1": stv_4_1}


def schema() -> dict[str, Any]:
    text = resources.files("tellers.report").joinpath("schema/count-1.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def scalars(node: object, path: str = "$") -> list[tuple[str, object]]:
    """Every scalar of a JSON document, with where it is."""
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in scalars(v, f"{path}.{k}")]
    if isinstance(node, list):
        return [s for i, v in enumerate(node) for s in scalars(v, f"{path}[{i}]")]
    return [(path, node)]


def tie_1_3() -> tuple[Any, Any]:
    contest = Contest("Worked example 1.3", 2, tuple(Candidate(n) for n in "ABCD"))
    election = Election(contest, Totals((500, 450, 450, 300)))
    return election, count(election, "uk-fptp", lots=SuppliedLots(["C>B"]))


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_number_is_a_string(case: str) -> None:
    document = json.loads(to_json(*CASES[case]()))
    for path, value in scalars(document):
        assert value is None or isinstance(value, str | bool), path


@pytest.mark.parametrize("case", sorted(CASES))
def test_output_is_byte_identical_for_the_same_input(case: str) -> None:
    first = to_json(*CASES[case]()).encode()
    second = to_json(*CASES[case]()).encode()
    assert first == second
    assert b"\n" not in first  # one document a line


@pytest.mark.parametrize("case", sorted(CASES))
def test_documents_match_the_published_schema(case: str) -> None:
    jsonschema.validate(json.loads(to_json(*CASES[case]())), schema())


def test_lots_match_the_schema_and_say_how_they_were_drawn() -> None:
    document = json.loads(to_json(*tie_1_3(), lots="supplied"))
    jsonschema.validate(document, schema())
    assert document["lots"] == [
        {
            "stage": "1",
            "purpose": "equality of votes for the last seat",
            "tied": ["B", "C"],
            "chosen": "C",
            "order": ["C", "B"],
            "how": "supplied",
        }
    ]
    assert document["lot_provider"] == "supplied"
    assert document["elected"] == ["A", "C"]


def test_the_schema_knows_every_stage_action() -> None:
    stage = schema()["properties"]["stages"]["items"]["properties"]["action"]
    assert {str(action) for action in Action} <= set(stage["enum"])


def test_keys_in_a_fixed_order_and_the_format_version() -> None:
    document = json.loads(to_json(*fptp_1_1()))
    assert tuple(document) == KEYS
    assert document["format"] == FORMAT == "tellers.count/1"
    assert set(schema()["required"]) == set(KEYS)


def test_spec_01_example_1_1_figures() -> None:
    document = to_dict(*fptp_1_1())
    assert document["contest"]["seats"] == "1"
    assert document["contest"]["rules"] == "uk-fptp"
    assert [c["name"] for c in document["contest"]["candidates"]] == ["A", "B", "C"]
    assert document["valid_papers"] == "1000"
    assert document["quota"] is None
    assert document["elected"] == ["A"]
    assert document["majority"] == "40"
    assert document["ballot_papers_counted"] == "1010"
    assert document["electorate"] == "2500"
    assert document["rejected"] == {
        "want_of_official_mark": "1",
        "too_many_votes": "3",
        "voter_identifiable": "0",
        "unmarked_or_void_for_uncertainty": "6",
    }
    assert document["stages"][0]["votes"] == {"A": "420", "B": "380", "C": "200"}


def test_spec_04_example_4_1_stages() -> None:
    document = to_dict(*stv_4_1())
    assert document["quota"] == "26.00000"
    assert document["majority"] is None
    assert document["elected"] == ["A", "B", "D"]
    stages = document["stages"]
    assert [s["action"] for s in stages] == [
        "first preferences",
        "surplus",
        "surplus",
        "exclusion",
    ]
    assert stages[1]["subjects"] == ["A"]
    assert stages[1]["transfer_value"] == ["0.36585"]
    assert stages[2]["transfer_value"] == ["0.01204", "0.00440"]
    assert stages[0]["transfer_value"] == []
    assert stages[1]["votes"]["B"] == "26.31700"
    assert stages[3]["votes"]["D"] == "26.40101"
    assert stages[3]["loss_to_rounding"] == "0.00039"
    assert stages[3]["excluded"] == ["E"]
    assert [d["candidate"] for d in document["decisions"]] == ["A", "B", "E", "D"]
