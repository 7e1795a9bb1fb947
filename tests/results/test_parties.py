"""Party keys: the same party under every spelling, a slug for the rest, ind for independents."""

from __future__ import annotations

import pytest

from tellers.results.parties import party_key


@pytest.mark.parametrize(
    ("printed", "abbreviation", "key"),
    [
        ("Labour Party", None, "lab"),
        ("The Labour Party", None, "lab"),
        ("LAB", None, "lab"),
        ("Labour and Co-operative Party", "LAB", "lab"),
        ("Conservative and Unionist Party", None, "con"),
        ("Liberal Democrats", "LD", "ld"),
        ("Green party", "GRE", "grn"),
        ("UK Independence Party (UKIP)", "UKIP", "ukip"),
        ("Independent", None, "ind"),
        ("Unaffiliated", "IND", "ind"),
        (None, None, "ind"),
        ("", None, "ind"),
        ("Tower Hamlets First", "THF", "thf"),
        ("Havering Residents Association", "REA", "rea"),
        ("Lewisham People Before Profit", None, "lewisham-people-before-profit"),
    ],
)
def test_party_keys(printed: str | None, abbreviation: str | None, key: str) -> None:
    assert party_key(printed, abbreviation) == key
