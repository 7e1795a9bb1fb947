"""The Hucknall Central chain of examples/results: Ashfield District Council's two-seat
ward at the ordinary election of 3 May 2007, then its by-elections of 20 August 2009
and 11 February 2010, stored through the command line with the facts the README
there gives, with every expected figure worked out by hand from the typed numbers
(examples/results/README.md gives the sources; the candidates' names there are
placeholders, as the sources print parties only).

The typed figures:
  2007 (2 seats): Ind 1,056 and Con 879 elected; Lab 602, 592; LD 396, 244.
  2009 by-election (Ind defending): LD 463, Lab 392, Con 320, UKIP 181, Ind 79;
    valid votes 463 + 392 + 320 + 181 + 79 = 1,435.
  2010 by-election (Con defending): Lab 675, Con 437, LD 357, UKIP 158, BNP 131;
    valid votes 675 + 437 + 357 + 158 + 131 = 1,758.
Bases for the change in share against 2007 (a block vote, spec 08 §8.2):
  top (each party's best candidate, the default): 1,056 + 879 + 602 + 396 = 2,933;
    Ind 36.004%, Con 29.969%, Lab 20.525%, LD 13.501%.
  average (each party's mean): Ind 1,056, Con 879, Lab (602 + 592)/2 = 597,
    LD (396 + 244)/2 = 320; 1,056 + 879 + 597 + 320 = 2,852;
    Ind 37.027%, Con 30.820%, Lab 20.933%, LD 11.220%.
Cards print percentages rounded half away from zero to 1 place by default
(src/tellers/results/card.py; spec 08 §8.2).
"""

from __future__ import annotations

from fractions import Fraction

from tellers.results import card
from tellers.results.analysis import Options
from tellers.results.store import open_store
from tellers.service.results import analyse_ballot

from .clihelp import EXAMPLES, ok, run_json

ORDINARY = "local.ashfield.hucknall-central.2007-05-03"
BY_2009 = "local.ashfield.hucknall-central.by.2009-08-20"
BY_2010 = "local.ashfield.hucknall-central.by.2010-02-11"
CONHOME = (
    "https://conservativehome.blogs.com/localgovernment/2010/02/council-byelection-results.html"
)


def pct(votes: int, total: int) -> Fraction:
    """An exact share in percent, as the analysis keeps it."""
    return Fraction(100 * votes, total)


def add_hucknall(db: str) -> None:
    """The three results, stored with the facts examples/results/README.md gives."""
    ok(db, "add", str(EXAMPLES / "hucknall-central-2007-05-03.txt"), "--id", ORDINARY,
       "--source", CONHOME, "--seats", "2")  # fmt: skip
    ok(db, "add", str(EXAMPLES / "hucknall-central-2009-08-20.txt"), "--id", BY_2009,
       "--source", CONHOME, "--defending", "IND", "--by-election-reason", "UNKNOWN")  # fmt: skip
    ok(db, "add", str(EXAMPLES / "hucknall-central-2010-02-11.txt"), "--id", BY_2010,
       "--source", CONHOME, "--defending", "CON", "--by-election-reason", "UNKNOWN")  # fmt: skip


def test_the_2007_ordinary_election(db_url: str) -> None:
    add_hucknall(db_url)
    card_ = run_json(db_url, "show", ORDINARY)
    assert card_["seats"] == "2" and not card_["by_election"]
    assert [e["party"] for e in card_["elected"]] == ["ind", "con"]
    # top shares of 2,933: 1,056 -> 36.00, 879 -> 29.97, 602 -> 20.53, 396 -> 13.50
    assert card_["share_method"] == "top"
    assert card_["shares"] == {"ind": "36.0", "con": "30.0", "lab": "20.5", "ld": "13.5"}
    # block majority: last elected (Con 879) - highest unelected (Lab 602) = 277;
    # 277/2,933 = 9.44%
    assert (card_["majority"], card_["majority_percent"]) == ("277", "9.4")
    assert card_["majority_kind"] == "block majority"


def test_the_2009_by_election(db_url: str) -> None:
    add_hucknall(db_url)
    card_ = run_json(db_url, "show", BY_2009)
    assert card_["compared_with"] == ORDINARY
    assert card_["elected"] == [{"name": "Liberal Democrat candidate", "party": "ld"}]
    # the Independent elected in 2007 defended: LD gain from Ind
    assert (card_["outcome"], card_["gained_from"]) == (["gain"], ["ind"])
    # LD 463 - Lab 392 = 71; 71/1,435 = 4.948% -> 4.9
    assert (card_["majority"], card_["majority_percent"]) == ("71", "4.9")
    # shares of 1,435: LD 32.265, Lab 27.317, Con 22.300, UKIP 12.613, Ind 5.505
    assert card_["shares"] == {
        "ld": "32.3",
        "lab": "27.3",
        "con": "22.3",
        "ukip": "12.6",
        "ind": "5.5",
    }
    # change against 2007 on top shares (of 2,933):
    # LD 32.265 - 13.501 = +18.763; Lab 27.317 - 20.525 = +6.792;
    # Con 22.300 - 29.969 = -7.670; Ind 5.505 - 36.004 = -30.499; UKIP did not stand in 2007
    assert card_["change"] == {
        "ld": "+18.8",
        "lab": "+6.8",
        "con": "-7.7",
        "ukip": "new",
        "ind": "-30.5",
    }
    # Butler, Lab to LD (the top two now): (18.763 - 6.792)/2 = 5.986
    assert card_["swing"]["butler"] == "6.0"
    assert (card_["swing"]["from"], card_["swing"]["to"]) == ("lab", "ld")
    assert card_["turnout_percent"] is None  # no electorate or papers in the source
    text = ok(db_url, "show", BY_2009)
    # the card prints a candidate's last word: the placeholder's "candidate"
    assert text.splitlines()[0] == "candidate (LD) GAIN from IND · majority 71 (4.9%)"


def test_the_2010_by_election(db_url: str) -> None:
    add_hucknall(db_url)
    card_ = run_json(db_url, "show", BY_2010)
    # compared with the ward's last ordinary election, not the 2009 by-election
    assert card_["compared_with"] == ORDINARY
    assert card_["elected"] == [{"name": "Labour candidate", "party": "lab"}]
    # the Conservative elected in 2007 defended: Lab gain from Con (as the sources print)
    assert (card_["outcome"], card_["gained_from"]) == (["gain"], ["con"])
    # Lab 675 - Con 437 = 238; 238/1,758 = 13.538% -> 13.5
    assert (card_["majority"], card_["majority_percent"]) == ("238", "13.5")
    # shares of 1,758: Lab 38.396, Con 24.858, LD 20.307, UKIP 8.987, BNP 7.452
    # (Luke Akehurst's post prints 38.4, 24.9, 20.3, 9, 7.5)
    assert card_["shares"] == {
        "lab": "38.4",
        "con": "24.9",
        "ld": "20.3",
        "ukip": "9.0",
        "bnp": "7.5",
    }
    # change against 2007 on top shares (of 2,933):
    # Lab 38.396 - 20.525 = +17.871; Con 24.858 - 29.969 = -5.112;
    # LD 20.307 - 13.501 = +6.806; UKIP and BNP did not stand in 2007; Ind did not stand now
    assert card_["change"] == {
        "lab": "+17.9",
        "con": "-5.1",
        "ld": "+6.8",
        "ukip": "new",
        "bnp": "new",
        "ind": "did not stand",
    }
    # Butler, Con to Lab: (17.871 + 5.112)/2 = 11.491
    # (conservativehome prints "Swing 11.6% C to Lab", on a base it does not state)
    assert card_["swing"]["butler"] == "11.5"
    assert (card_["swing"]["from"], card_["swing"]["to"]) == ("con", "lab")
    text = ok(db_url, "show", BY_2010)
    assert text.splitlines()[0] == "candidate (LAB) GAIN from CON · majority 238 (13.5%)"


def test_2010_compared_with_the_2009_by_election(db_url: str) -> None:
    """Luke Akehurst's post gives the changes since the 2009 by-election: Lab +11.1,
    Con +2.6, LD -12, UKIP -3.6, BNP +7.5 (new), swing 4.3% Con to Lab."""
    add_hucknall(db_url)
    compared = run_json(db_url, "compare", BY_2010, "--with", BY_2009)
    assert compared["compared_with"] == BY_2009
    # Lab 38.396 - 27.317 = +11.079; Con 24.858 - 22.300 = +2.558;
    # LD 20.307 - 32.265 = -11.958; UKIP 8.987 - 12.613 = -3.626; Ind 5.505 -> did not stand
    assert compared["change"] == {
        "lab": "+11.1",
        "con": "+2.6",
        "ld": "-12.0",
        "ukip": "-3.6",
        "bnp": "new",
        "ind": "did not stand",
    }
    # Butler, Con to Lab: (11.079 - 2.558)/2 = 4.260
    assert compared["swing"]["butler"] == "4.3"
    assert (compared["swing"]["from"], compared["swing"]["to"]) == ("con", "lab")


def test_the_average_share_method_through_the_api(db_url: str) -> None:
    add_hucknall(db_url)
    options = Options(share_method="average", digits=2)
    with open_store(db_url) as store:
        found_2009 = analyse_ballot(store, BY_2009, options=options)
        found_2010 = analyse_ballot(store, BY_2010, options=options)
        top_2009 = analyse_ballot(store, BY_2009)
    # the default (top) base, exactly: LD 463/1,435 - 396/2,933
    assert top_2009.changes["ld"].points == pct(463, 1435) - pct(396, 2933)
    assert found_2009.base is not None and found_2009.base.id == ORDINARY
    points = {p: c.points for p, c in found_2009.changes.items()}
    # average base of 2,852: LD 320, Lab 597, Con 879, Ind 1,056
    assert points == {
        "ld": pct(463, 1435) - pct(320, 2852),
        "lab": pct(392, 1435) - pct(597, 2852),
        "con": pct(320, 1435) - pct(879, 2852),
        "ukip": None,
        "ind": pct(79, 1435) - pct(1056, 2852),
    }
    doc = card.to_json(found_2009)
    # LD 32.265 - 11.220 = +21.045; Lab 27.317 - 20.933 = +6.384;
    # Con 22.300 - 30.820 = -8.521; Ind 5.505 - 37.027 = -31.521
    assert doc["change"] == {
        "ld": "+21.04",
        "lab": "+6.38",
        "con": "-8.52",
        "ukip": "new",
        "ind": "-31.52",
    }
    # majority 71/1,435 = 4.9477...% -> 4.95 to 2 places; Butler Lab to LD
    # (21.045 - 6.384)/2 = 7.330
    assert (doc["majority"], doc["majority_percent"]) == ("71", "4.95")
    assert doc["swing"]["butler"] == "7.33"
    assert (doc["outcome"], doc["gained_from"]) == (["gain"], ["ind"])

    points = {p: c.points for p, c in found_2010.changes.items()}
    assert points == {
        "lab": pct(675, 1758) - pct(597, 2852),
        "con": pct(437, 1758) - pct(879, 2852),
        "ld": pct(357, 1758) - pct(320, 2852),
        "ukip": None,
        "bnp": None,
        "ind": None,
    }
    doc = card.to_json(found_2010)
    # Lab 38.396 - 20.933 = +17.463; Con 24.858 - 30.820 = -5.963; LD 20.307 - 11.220 = +9.087
    assert doc["change"] == {
        "lab": "+17.46",
        "con": "-5.96",
        "ld": "+9.09",
        "ukip": "new",
        "bnp": "new",
        "ind": "did not stand",
    }
    # majority 238/1,758 = 13.538...% -> 13.54; Butler Con to Lab (17.463 + 5.963)/2 = 11.713
    assert (doc["majority"], doc["majority_percent"]) == ("238", "13.54")
    assert doc["swing"]["butler"] == "11.71"
    assert (doc["outcome"], doc["gained_from"]) == (["gain"], ["con"])


def test_the_by_election_tracker(db_url: str) -> None:
    add_hucknall(db_url)
    tracker = run_json(db_url, "byelections", "--since", "2009-01-01")
    rows = tracker["by_elections"]
    assert [
        (r["id"], r["reason"], r["defending"], r["outcome"], r["party"], r["gained_from"])
        for r in rows
    ] == [
        (BY_2009, "UNKNOWN", "ind", "gain", "ld", "ind"),
        (BY_2010, "UNKNOWN", "con", "gain", "lab", "con"),
    ]
    majorities = [(r["majority"], r["majority_percent"]) for r in rows]
    assert majorities == [("71", "4.9"), ("238", "13.5")]
    assert [r["compared_with"] for r in rows] == [ORDINARY, ORDINARY]
    # LD and Lab each gained a seat; the Independent and the Conservative each lost one
    assert tracker["gains"] == {"lab": "1", "ld": "1"}
    assert tracker["losses"] == {"con": "1", "ind": "1"}
    assert tracker["net"] == {"lab": "+1", "ld": "+1", "con": "-1", "ind": "-1"}
    text = ok(db_url, "byelections", "--since", "2009-01-01")
    assert text.splitlines() == [
        f"2009-08-20  {BY_2009}  LD GAIN from IND · majority 71 (4.9%)",
        f"2010-02-11  {BY_2010}  LAB GAIN from CON · majority 238 (13.5%)",
        "Net change: LAB +1, LD +1, CON -1, IND -1",
    ]
    # from 2010 on, only the second
    later = run_json(db_url, "byelections", "--since", "2010-01-01")
    assert [r["id"] for r in later["by_elections"]] == [BY_2010]
    assert later["net"] == {"lab": "+1", "con": "-1"}
