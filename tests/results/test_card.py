"""The result card, text block and JSON, checked against spec 08's worked examples.

Expected figures are the spec's (8.1, 8.4, 8.5, 8.6, 8.7) or published ones
(the Spitalfields and Banglatown by-election of 2012, as the README prints it),
rounded half away from zero.
"""

from __future__ import annotations

import json
from typing import Any

from tellers.results.analysis import CandidateResult, ContestResult, Options, analyse
from tellers.results.card import FORMAT, one_line, signed, surname, text, to_json, votes_text

from .test_analysis import base_8_1, notional_8_7, now_8_1, ward_8_4, ward_8_5, ward_8_6

C = CandidateResult


def spitalfields() -> ContestResult:
    """Tower Hamlets, Spitalfields and Banglatown by-election, 19 April 2012 (Lab defending)."""
    return ContestResult(
        "local.tower-hamlets.spitalfields-and-banglatown.by.2012-04-19",
        (
            C("Kirsty BLAKE", "grn", 99),
            C("Richard Alan MACMILLAN", "ld", 39),
            C("Gulam ROBBANI", "ind", 1_030, elected=True),
            C("Matthew James SMITH", "con", 140),
            C("Ala UDDIN", "lab", 987),
        ),
        by_election=True,
        defending_party="lab",
    )


def only_strings(value: Any) -> bool:
    """No number anywhere in a JSON document: every figure is a string."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and only_strings(v) for k, v in value.items())
    if isinstance(value, list):
        return all(only_strings(v) for v in value)
    return value is None or isinstance(value, str | bool)


def test_spitalfields_card() -> None:
    card = one_line(analyse(spitalfields()))
    assert card == "Robbani (IND) GAIN from LAB · majority 43 (1.9%)"


def test_8_1_card() -> None:
    card = one_line(analyse(now_8_1(), base_8_1()))
    assert card == "Red (LAB) GAIN from CON · majority 3,000 (6.0%) · turnout 66.9%"


def test_8_1_card_to_two_places() -> None:
    card = one_line(analyse(now_8_1(), base_8_1(), Options(digits=2)))
    assert card.endswith("majority 3,000 (6.00%) · turnout 66.87%")


def test_8_1_json() -> None:
    doc = to_json(analyse(now_8_1(), base_8_1()))
    assert only_strings(doc)
    json.dumps(doc)
    assert doc["format"] == FORMAT
    assert doc["id"] == "now-8.1"
    assert doc["elected"] == [{"name": "Bill Red", "party": "lab"}]
    assert (doc["outcome"], doc["gained_from"]) == (["gain"], ["con"])
    assert (doc["majority"], doc["majority_percent"]) == ("3000", "6.0")
    assert doc["shares"] == {
        "con": "32.0",
        "lab": "38.0",
        "ld": "10.0",
        "grn": "6.0",
        "reform": "14.0",
    }
    assert doc["change"] == {
        "lab": "+2.0",
        "con": "-16.0",
        "reform": "new",
        "ld": "-2.0",
        "grn": "+2.0",
    }
    assert doc["compared_with"] == "base-8.1"
    assert doc["swing"] == {"butler": "9.0", "steed": "11.4", "from": "con", "to": "lab"}
    assert doc["turnout_percent"] == "66.9"
    assert doc["valid_vote_turnout_percent"] == "66.7"
    assert doc["options"]["share_method"] == "top"
    assert doc["options"]["digits"] == "1"
    assert "top two parties now" in doc["options"]["swing_pair"]


def test_8_1_json_to_two_places() -> None:
    doc = to_json(analyse(now_8_1(), base_8_1(), Options(digits=2)))
    assert doc["swing"]["steed"] == "11.43"
    assert doc["swing"]["butler"] == "9.00"
    assert (doc["turnout_percent"], doc["valid_vote_turnout_percent"]) == ("66.87", "66.67")
    assert doc["options"]["digits"] == "2"


def test_8_1_text_block() -> None:
    block = text(analyse(now_8_1(), base_8_1()))
    assert "Lab gain from Con" in block.splitlines()[1]
    lines = {line.split()[0]: line.split()[1:] for line in block.splitlines() if line.strip()}
    assert lines["Reform"] == ["14.0", "new"]
    assert lines["Con"] == ["32.0", "-16.0"]
    assert "Majority: 3,000 (6.0% of valid votes)" in block
    assert "Swing from Con to Lab: Butler +9.0, Steed +11.4" in block
    assert "Turnout: 66.9% (ballot box), 66.7% (valid votes)" in block
    assert "Compared with: base-8.1" in block
    assert "  share_method: top" in block


def test_8_3_did_not_stand_in_the_text_and_json() -> None:
    now = ContestResult("now", (C("A", "lab", 60, True), C("B", "con", 40)))
    base = ContestResult("base", (C("A", "lab", 50, True), C("B", "con", 30), C("D", "ld", 20)))
    a = analyse(now, base)
    assert to_json(a)["change"]["ld"] == "did not stand"
    assert [line.split() for line in text(a).splitlines() if line.startswith("LD")] == [
        ["LD", "did", "not", "stand"]
    ]


def test_8_4_ward_card_and_json() -> None:
    a = analyse(*ward_8_4())
    assert one_line(a) == "LAB GAIN (1) from CON · LAB HOLD (1) · CON HOLD (1)" + (
        " · block majority 150 (4.8%)"  # by hand: 1,450 − 1,300 = 150, of tops 1,600 + 1,500
    )
    doc = to_json(a)
    assert only_strings(doc)
    assert [e["name"] for e in doc["elected"]] == ["Lab One", "Con One", "Lab Two"]
    assert doc["outcome"] == ["hold", "hold", "gain"]
    assert doc["gained_from"] == [None, None, "con"]
    assert doc["outcome_labels"] == [
        "Lab gain (1) from Con",
        "Lab hold (1)",
        "Con hold (1)",
        "Net change: Lab +1, Con -1",
    ]
    assert doc["seats_by_party"]["con"]["net"] == "-1"
    assert doc["seats_by_party"]["lab"]["net"] == "+1"
    assert "attributed" in doc["options"]["gain_attribution"]


def test_8_5_card_and_json_both_methods() -> None:
    now, base = ward_8_5()
    top = to_json(analyse(now, base, Options(digits=2)))
    assert top["change"] == {"lab": "+6.54", "con": "-6.15", "ld": "-0.38"}
    assert top["swing"]["butler"] == "6.35"
    assert top["options"]["base_share_method_used"] == "top"
    average = to_json(analyse(now, base, Options(share_method="average", digits=2)))
    assert average["change"] == {"lab": "+7.00", "con": "-6.00", "ld": "-1.00"}
    assert average["swing"]["butler"] == "6.50"
    assert average["options"]["share_method"] == "average"
    assert one_line(analyse(now, base)) == "D (LAB) GAIN from CON · majority 100 (5.0%)"
    assert top["options"]["by_election_base"] == "last_ordinary_winner"


def test_8_6_turnout_is_never_votes() -> None:
    a = analyse(ward_8_6())
    card = one_line(a)
    assert card.endswith("turnout 30.0%")
    assert "76" not in card
    doc = to_json(a)
    assert (doc["turnout_percent"], doc["valid_vote_turnout_percent"]) == ("30.0", "29.8")
    two = to_json(analyse(ward_8_6(), options=Options(digits=2)))
    assert (two["turnout_percent"], two["valid_vote_turnout_percent"]) == ("30.00", "29.76")
    assert "76" not in text(a).replace("29.76", "")


def test_8_7_notional_card_and_json() -> None:
    n1 = notional_8_7()
    own = to_json(analyse(n1))
    assert own["notional"] is True
    assert own["majority"] == "2666.67"
    assert own["votes"] == {"lab": "21000", "con": "18333.33", "ld": "3333.33"}
    now = ContestResult("N1-now", (C("Pat LAB", "lab", 20_000, True), C("Q", "con", 19_000)))
    a = analyse(now, n1)
    assert one_line(a).startswith("Lab (LAB) HOLD (notional) · majority 1,000")
    doc = to_json(a)
    assert doc["compared_with_notional"] is True
    assert doc["outcome_labels"] == ["Lab hold (notional)"]
    assert "Compared with: N1 (notional)" in text(a)


def test_final_stage_margin_is_not_called_a_majority() -> None:
    from tellers import count
    from tellers.formats import read

    from .test_analysis import EXAMPLES

    sv = count(read(EXAMPLES / "worked-example-2.1-sv.csv"), "sv")
    result = ContestResult(
        "2.1",
        tuple(
            C(n, n.lower(), v, n == "B")
            for n, v in zip("ABCD", (4000, 3500, 1500, 1000), strict=True)
        ),
        system="sv",
        count=sv,
    )
    a = analyse(result)
    assert one_line(a) == "B (B) elected · final-stage margin 200"
    assert "majority" not in one_line(a)
    assert to_json(a)["majority_kind"] == "final-stage margin"
    assert "Final-stage margin: 200" in text(a)


def test_display_helpers() -> None:
    assert surname("Gulam ROBBANI") == "Robbani"
    assert surname("Siân O'BRIEN-JONES") == "O'Brien-Jones"
    assert surname("Ala Uddin") == "Uddin"
    assert votes_text(3_000) == "3,000"
    from fractions import Fraction

    assert votes_text(Fraction(55_000, 3)) == "18,333.33"
    assert votes_text(Fraction(55_000, 3), grouped=False) == "18333.33"
    assert signed(Fraction(2), 1) == "+2.0"
    assert signed(Fraction(-16), 1) == "-16.0"
    assert signed(Fraction(-1, 100), 1) == "0.0"
    assert signed(Fraction(1, 100), 1) == "0.0"
