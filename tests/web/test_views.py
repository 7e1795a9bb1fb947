"""The pure parts of the web app: a stored count read back, the charts, the form checks."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tellers.core.lots import SuppliedLots
from tellers.errors import TellersError
from tellers.formats import read
from tellers.report.json import from_dict, to_dict
from tellers.rules import count
from tellers.web import charts, views

from .conftest import EXAMPLES

CASES = [
    ("generated-ward.blt", "scot-2011", ()),
    ("generated-ward.blt", "ni-1985", ()),
    ("generated-ward.blt", "meek", ()),
    ("worked-example-2.1-sv.csv", None, ()),
    ("worked-example-1.3-tie.txt", None, ("C>B",)),
    ("spitalfields-banglatown-2012.txt", None, ()),
]


@pytest.mark.parametrize(("name", "rules", "lots"), CASES)
def test_a_stored_count_reads_back_to_the_same_document(
    name: str, rules: str | None, lots: tuple[str, ...]
) -> None:
    election = read(EXAMPLES / name)
    provider = SuppliedLots(lots) if lots else None
    document = to_dict(election, count(election, rules, None, provider), lots="supplied")
    again = json.loads(json.dumps(document))
    assert to_dict(election, from_dict(again), lots="supplied") == document


def test_a_document_that_is_not_a_count_is_an_input_error() -> None:
    with pytest.raises(TellersError, match=r"expected a tellers\.count/1 document"):
        from_dict({"contest": {}})


@pytest.mark.parametrize("rules", ["scot-2011", "ni-1985", "meek", "ie-dail"])
def test_the_sankey_carries_every_valid_paper_through_every_stage(rules: str) -> None:
    """Every column of nodes after the first receives the 5,000 valid papers of the ward
    (candidates' votes + non-transferable + loss to rounding), as the invariant says."""
    election = read(EXAMPLES / "generated-ward.blt")
    result = count(election, rules, {"paper-seed": "1"} if rules == "ie-dail" else None)
    figure = charts.sankey(result)
    link = figure["data"][0]["link"]
    hovers = figure["data"][0]["node"]["customdata"]
    into: dict[str, float] = {}
    for target, value in zip(link["target"], link["value"], strict=True):
        stage = hovers[target].rsplit("stage ", 1)[1]
        into[stage] = into.get(stage, 0.0) + value
    assert sorted(into, key=int) == [str(s.number) for s in result.stages[1:]]
    for total in into.values():
        assert total == pytest.approx(5000, abs=1e-6)


def test_no_sankey_for_a_single_stage_count() -> None:
    election = read(EXAMPLES / "spitalfields-banglatown-2012.txt")
    assert not charts.has_sankey(count(election))


def test_stage_bars_show_the_exact_totals_and_the_quota() -> None:
    election = read(EXAMPLES / "generated-ward.blt")
    result = count(election, "scot-2011")
    figure = charts.stage_bars(result, 0)
    bars = figure["data"][0]
    texts = dict(zip(bars["y"], bars["text"], strict=True))
    assert texts["Innes"] == "1,298.00000" and texts["Gordon"] == "849.00000"
    assert figure["layout"]["annotations"][0]["text"] == "quota 1,001"


def test_chart_json_cannot_end_its_script_block() -> None:
    text = views.figure_json({"name": "</script><script>alert(1)</script>&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script>&"}
    assert charts.label("<b>A</b> & B") == "&lt;b&gt;A&lt;/b&gt; &amp; B"


@pytest.mark.parametrize(
    ("value", "minimum", "expected"),
    [("", None, None), (" 3 ", 1, 3), ("-2", None, -2)],
)
def test_whole_number_fields(value: str, minimum: int | None, expected: int | None) -> None:
    assert views.whole_number(value, "seats", minimum) == expected


@pytest.mark.parametrize(
    ("value", "message"), [("x", "expected a whole number"), ("0", "1 or more")]
)
def test_whole_number_field_mistakes(value: str, message: str) -> None:
    with pytest.raises(TellersError, match=message):
        views.whole_number(value, "seats", 1)


def test_a_file_too_large_is_refused() -> None:
    big = b"x" * (views.MAX_BYTES + 1)
    with pytest.raises(TellersError, match="at most 50 MB"):
        views.count_request(upload=big, filename="big.blt", text=None)


def test_options_without_a_rule_set_are_refused() -> None:
    with pytest.raises(TellersError, match="options need a rule set"):
        views.count_request(upload=None, filename=None, text="A 1", option_items=["a=b"])


def test_the_count_view_of_the_generated_ward() -> None:
    election = read(EXAMPLES / "generated-ward.blt")
    view = views.count_view(election, count(election, "scot-2011"))
    assert view.stage_actions[1] == "Surplus of Innes"
    assert view.stage_tvs[1] == "0.22881"
    innes = next(row for row in view.sheet if row.label == "Innes")
    assert (innes.cells[0].total, innes.cells[0].mark) == ("1,298.00000", "elected")
    assert innes.cells[1].transfer == "-297.00000"
    total = view.sheet[-1]
    assert total.kind == "total" and {cell.total for cell in total.cells} == {"5,000.00000"}
    assert sum(Decimal(t.value.replace(",", "")) for t in view.transfers if t.stage == 2) == (
        Decimal("297.00000")
    )
