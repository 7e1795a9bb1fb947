"""The example chains of examples/results through the command line, with figures
worked out by hand from the published numbers (examples/results/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.data import shared_data

from .clihelp import EXAMPLES, ok, run_json

DEC_2010 = "local.tower-hamlets.spitalfields-banglatown.by.2010-12-16"
APR_2012 = "local.tower-hamlets.spitalfields-banglatown.by.2012-04-19"
ORDINARY_85 = "local.example.ward-a.2014-05-22"
BY_85 = "local.example.ward-a.by.2015-06-11"
STEPNEY = "local.tower-hamlets.stepney-green.by.2015-06-11"
LONDON = "uk-london-2014-borough-wards-fptp"


def add_spitalfields(db: str) -> None:
    ok(db, "add", str(EXAMPLES / "spitalfields-banglatown-2010-12-16.txt"), "--id", DEC_2010,
       "--source", "http://luna17activist.blogspot.com/2010/12/", "--defending", "LAB",
       "--by-election-reason", "OTHER")  # fmt: skip
    ok(db, "add", str(EXAMPLES / "spitalfields-banglatown-2012-04-19.txt"), "--id", APR_2012,
       "--source", "https://trialbyjeory.com/2012/04/20/", "--defending", "Labour")  # fmt: skip


def test_spitalfields_2010_by_election(db_url: str) -> None:
    add_spitalfields(db_url)
    card = run_json(db_url, "show", DEC_2010)
    # Respect 666 - Labour 553 = 113; valid votes 553+28+52+666+33+135 = 1,467;
    # 113/1,467 = 7.70%; papers 1,467 + 19 spoilt = 1,486 (as declared); 1,486/8,827 = 16.83%
    assert card["elected"] == [{"name": "Fozol MIAH", "party": "respect"}]
    assert (card["outcome"], card["gained_from"]) == (["gain"], ["lab"])
    assert (card["majority"], card["majority_percent"]) == ("113", "7.7")
    assert card["turnout_percent"] == "16.8"
    # 666/1,467 = 45.40%; 553/1,467 = 37.70%; 135/1,467 = 9.20%
    assert (card["shares"]["respect"], card["shares"]["lab"], card["shares"]["con"]) == (
        "45.4",
        "37.7",
        "9.2",
    )
    text = ok(db_url, "show", DEC_2010)
    assert text.splitlines()[0] == (
        "Miah (RESPECT) GAIN from LAB · majority 113 (7.7%) · turnout 16.8%"
    )


def test_spitalfields_2012_by_election_and_comparison(db_url: str) -> None:
    add_spitalfields(db_url)
    card = run_json(db_url, "show", APR_2012)
    # Robbani 1,030 - Uddin 987 = 43; 43/2,295 = 1.87%
    assert ok(db_url, "show", APR_2012).splitlines()[0] == (
        "Robbani (IND) GAIN from LAB · majority 43 (1.9%)"
    )
    assert (card["majority"], card["majority_percent"]) == ("43", "1.9")
    compared = run_json(db_url, "compare", APR_2012, "--with", DEC_2010)
    assert compared["compared_with"] == DEC_2010
    # Lab 987/2,295 = 43.007% against 553/1,467 = 37.696%: +5.31
    # Con 140/2,295 = 6.100% against 135/1,467 = 9.202%: -3.10
    # Green 99/2,295 = 4.314% against 52/1,467 = 3.545%: +0.77
    # LD 39/2,295 = 1.699% against 33/1,467 = 2.249%: -0.55 (-0.5502)
    # Ind 1,030/2,295 = 44.880% against 28/1,467 = 1.909%: +42.97
    assert compared["change"] == {
        "ind": "+43.0",
        "lab": "+5.3",
        "con": "-3.1",
        "grn": "+0.8",
        "ld": "-0.6",
        "respect": "did not stand",
    }
    # Butler, Lab to Ind (the top two now): ((44.880 - 1.909) + (37.696 - 43.007)) / 2
    # = (42.971 - 5.311) / 2 = 18.83
    assert compared["swing"]["butler"] == "18.8"
    assert (compared["swing"]["from"], compared["swing"]["to"]) == ("lab", "ind")


def test_spitalfields_tracker(db_url: str) -> None:
    add_spitalfields(db_url)
    tracker = run_json(db_url, "byelections", "--since", "2010-01-01")
    rows = tracker["by_elections"]
    assert [(r["id"], r["outcome"], r["party"], r["gained_from"]) for r in rows] == [
        (DEC_2010, "gain", "respect", "lab"),
        (APR_2012, "gain", "ind", "lab"),
    ]
    assert [r["majority"] for r in rows] == ["113", "43"]
    # Labour lost both seats: -2; Respect and an independent each +1
    assert tracker["net"] == {"ind": "+1", "respect": "+1", "lab": "-2"}
    text = ok(db_url, "byelections", "--since", "2012-01-01")
    assert "IND GAIN from LAB · majority 43 (1.9%)" in text
    assert DEC_2010 not in text
    assert text.splitlines()[-1] == "Net change: IND +1, LAB -1"


def test_worked_example_8_5_chain(db_url: str) -> None:
    """Spec 08 worked example 8.5 (not a real election)."""
    ok(db_url, "add", str(EXAMPLES / "worked-example-8.5-ordinary.txt"), "--id", ORDINARY_85,
       "--source", "spec/08-analysis.md worked example 8.5", "--seats", "3")  # fmt: skip
    ok(db_url, "add", str(EXAMPLES / "worked-example-8.5-by-election.txt"), "--id", BY_85,
       "--source", "spec/08-analysis.md worked example 8.5", "--defending", "CON")  # fmt: skip
    card = run_json(db_url, "show", BY_85)
    assert card["compared_with"] == ORDINARY_85
    assert (card["outcome"], card["gained_from"]) == (["gain"], ["con"])
    # Lab 900 - Con 800 = 100 of 2,000 valid votes: 5.0%
    assert (card["majority"], card["majority_percent"]) == ("100", "5.0")
    # top base shares: Con 1,200, Lab 1,000, LD 400 of 2,600: 46.15, 38.46, 15.38;
    # now 45.0, 40.0, 15.0: Lab +6.54, Con -6.15, LD -0.38 (spec 8.5)
    assert card["change"] == {"lab": "+6.5", "con": "-6.2", "ld": "-0.4"}
    # Butler Con to Lab (6.54 + 6.15)/2 = 6.35 (6.346...)
    assert card["swing"]["butler"] == "6.3"
    tracker = run_json(db_url, "byelections")
    assert tracker["net"] == {"lab": "+1", "con": "-1"}
    seats = run_json(db_url, "council", "example", "--on", "2015-07-01")
    assert seats["seats"] == {"con": "2", "lab": "1"}  # Con 3 at the ordinary poll, one lost
    seats = run_json(db_url, "council", "example", "--on", "2015-01-01")
    assert seats["seats"] == {"con": "3"}


@pytest.fixture(scope="module")
def london() -> Path:
    return shared_data(LONDON) / "london_council_election_2014_ward.csv"


def test_london_2014_import_and_council(db_url: str, london: Path) -> None:
    out = ok(db_url, "import", str(london), "--date", "2014-05-22", "--columns",
             "organisation=Borough_name,division=Ward_name,votes=number_votes")  # fmt: skip
    assert out.startswith("629 ballots (629 new)")
    # the data README: Tower Hamlets LAB 22, THF 18, CON 5
    seats = run_json(db_url, "council", "tower-hamlets", "--on", "2014-06-01")
    assert seats["seats"] == {"lab": "22", "thf": "18", "con": "5"}
    text = ok(db_url, "council", "tower-hamlets", "--on", "2014-06-01")
    assert text.splitlines()[0] == "tower-hamlets on 2014-06-01: 45 seats"
    # Stepney Green, 11 June 2015: the election court voided a THF councillor's election
    ok(db_url, "add", str(EXAMPLES / "stepney-green-2015-06-11.txt"), "--id", STEPNEY,
       "--source", "http://lovewapping.org/2015/06/tower-hamlets-election-count-live-blog/",
       "--defending", "THF", "--by-election-reason", "ELECTORAL_COURT")  # fmt: skip
    card = run_json(db_url, "show", STEPNEY)
    # Akhtar 1,643 - Chowdury 1,472 = 171; valid 3,902; 171/3,902 = 4.38%
    assert (card["outcome"], card["gained_from"]) == (["gain"], ["thf"])
    assert (card["majority"], card["majority_percent"]) == ("171", "4.4")
    assert card["compared_with"] == "local.tower-hamlets.stepney-green.2014-05-22"
    seats = run_json(db_url, "council", "tower-hamlets", "--on", "2015-07-01")
    assert seats["seats"] == {"lab": "23", "thf": "17", "con": "5"}
