"""Democracy Club identifiers, through uk-election-ids."""

from __future__ import annotations

from datetime import date

import pytest

from tellers.errors import InputError, TellersError
from tellers.results.ids import (
    ElectionIdError,
    build_ballot_id,
    is_valid,
    parse_ballot_id,
    parse_id,
    slug,
)

# Identifiers as Democracy Club publishes them (elections.democracyclub.org.uk).
ROUND_TRIP = [
    ("local.tower-hamlets.spitalfields-banglatown.by.2012-04-26", "ballot"),
    ("local.tower-hamlets.2014-05-22", "organisation"),
    ("local.2014-05-22", "election"),
    ("parl.hackney-south-and-shoreditch.2015-05-07", "ballot"),
    ("parl.2015-05-07", "election"),
    ("mayor.london.2016-05-05", "ballot"),
    ("gla.a.2016-05-05", "ballot"),
    ("gla.c.barnet-and-camden.2016-05-05", "ballot"),
    ("gla.c.2016-05-05", "subtype"),
    ("sp.r.glasgow.2016-05-05", "ballot"),
    ("pcc.avon-and-somerset.2016-05-05", "ballot"),
    ("senedd.c.cardiff-central.2021-05-06", "ballot"),
    ("local.glasgow-city.anderston-city-yorkhill.by.2017-05-04", "ballot"),
]


@pytest.mark.parametrize(("identifier", "kind"), ROUND_TRIP)
def test_identifiers_round_trip(identifier: str, kind: str) -> None:
    parsed = parse_id(identifier)
    assert parsed.id == identifier
    assert parsed.kind == kind
    assert is_valid(identifier)
    if parsed.is_ballot and parsed.division is not None:
        rebuilt = build_ballot_id(
            parsed.election_type,
            parsed.date,
            organisation=parsed.organisation,
            division=parsed.division,
            subtype=parsed.subtype,
            by_election=parsed.by_election,
        )
        assert rebuilt == identifier


def test_a_by_election_is_parsed_into_its_parts() -> None:
    parsed = parse_ballot_id("local.tower-hamlets.spitalfields-banglatown.by.2012-04-26")
    assert parsed.election_type == "local"
    assert parsed.subtype is None
    assert parsed.organisation == "tower-hamlets"
    assert parsed.division == "spitalfields-banglatown"
    assert parsed.by_election is True
    assert parsed.date == date(2012, 4, 26)
    assert parsed.election_id == "local.tower-hamlets.2012-04-26"


def test_the_election_a_ballot_belongs_to() -> None:
    assert parse_id("parl.hackney-south-and-shoreditch.2015-05-07").election_id == (
        "parl.2015-05-07"
    )
    assert parse_id("gla.c.barnet-and-camden.2016-05-05").election_id == "gla.c.2016-05-05"
    assert parse_id("mayor.london.2016-05-05").election_id == "mayor.2016-05-05"
    assert parse_id("local.tower-hamlets.2014-05-22").election_id == (
        "local.tower-hamlets.2014-05-22"
    )


def test_names_are_slugged_as_democracy_club_slugs_them() -> None:
    assert slug("Spitalfields & Banglatown") == "spitalfields-banglatown"
    assert slug("St. Katharine's & Wapping") == "st-katharines-wapping"
    assert slug("Barking and Dagenham") == "barking-and-dagenham"
    assert build_ballot_id(
        "local", "2014-05-22", organisation="Tower Hamlets", division="Spitalfields & Banglatown"
    ) == ("local.tower-hamlets.spitalfields-banglatown.2014-05-22")
    assert (
        build_ballot_id(
            "local",
            date(2012, 4, 26),
            organisation="tower-hamlets",
            division="Spitalfields & Banglatown",
            by_election=True,
        )
        == "local.tower-hamlets.spitalfields-banglatown.by.2012-04-26"
    )


@pytest.mark.parametrize(
    ("identifier", "why"),
    [
        ("", "expected an election or ballot identifier"),
        ("local", "at least an election type and a date"),
        ("council.tower-hamlets.2014-05-22", "Allowed values for election_type"),
        ("local.Tower-Hamlets.bow-east.2014-05-22", "invalid characters"),
        ("local.tower hamlets.bow-east.2014-05-22", "invalid characters"),
        ("local.tower-hamlets.bow-east.extra.2014-05-22", "Remaining parts"),
        ("local.tower-hamlets.bow-east.2014-02-30", "day is out of range"),
        ("local.tower-hamlets.bow-east.22-05-2014", "does not match format"),
        ("local.tower-hamlets.bow-east.2014-5-22", "local.tower-hamlets.bow-east.2014-05-22"),
        ("parl.x.y.2015-05-07", "Remaining parts"),
        ("ref.scotland.by.2014-09-18", "may not have a by-election"),
        ("sp.hamilton.2016-05-05", "subtype"),
    ],
)
def test_bad_identifiers_are_rejected_with_the_reason(identifier: str, why: str) -> None:
    assert not is_valid(identifier)
    with pytest.raises(ElectionIdError) as raised:
        parse_id(identifier)
    assert why in str(raised.value)
    assert isinstance(raised.value, InputError)
    assert isinstance(raised.value, TellersError)


def test_a_group_is_not_a_ballot() -> None:
    with pytest.raises(ElectionIdError, match="names a group of ballots"):
        parse_ballot_id("local.tower-hamlets.2014-05-22")


def test_building_an_impossible_ballot_fails_clearly() -> None:
    with pytest.raises(ElectionIdError, match="cannot make a ballot identifier"):
        build_ballot_id("local", "2014-05-22", organisation="Tower Hamlets")
    with pytest.raises(ElectionIdError, match="cannot make a ballot identifier"):
        build_ballot_id("nonsense", "2014-05-22", division="x")
