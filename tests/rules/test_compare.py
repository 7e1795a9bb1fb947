"""tellers.rules.compare: the same papers under several rule sets, and where they part ways."""

from __future__ import annotations

import pytest

from tellers import Ballots, Candidate, Contest, Election, RulesError, SeededLots
from tellers.formats import read
from tellers.rules.compare import RuleSpec, compare, parse_rules
from tests.data import shared_data

# The six wards the data README names as giving a different winner when
# surpluses are taken only from the last parcel instead of all papers.
WARDS = (
    "5_cands/aberdeenshire_2017_ward9",
    "10_cands/dumgal_2017_ward9",
    "8_cands/east_ayrshire_2017_ward6",
    "10_cands/edinburgh_2022_ward5",
    "9_cands/edinburgh_2022_ward2",
    "7_cands/perth_kinross_2022_ward11",
)
LAST_PARCEL = "wigm[surplus-papers=last-parcel]"


def election(names: str, seats: int, *groups: tuple[int, str]) -> Election:
    people = names.split()
    index = {n: i for i, n in enumerate(people)}
    contest = Contest("ward", seats, tuple(Candidate(n) for n in people))
    return Election(contest, Ballots.of(*((n, [index[x] for x in marks]) for n, marks in groups)))


def test_rule_lists_take_options_in_brackets() -> None:
    specs = parse_rules("scot-2011, wigm[surplus-papers=last-parcel;places=4],ni-1985")
    assert specs == (
        RuleSpec("scot-2011"),
        RuleSpec("wigm", (("surplus-papers", "last-parcel"), ("places", "4"))),
        RuleSpec("ni-1985"),
    )
    assert specs[1].label == "wigm[surplus-papers=last-parcel;places=4]"
    assert parse_rules("wigm[quota=hare,places=3]")[0].options == (
        ("quota", "hare"),
        ("places", "3"),
    )


@pytest.mark.parametrize(
    "text", ["nosuch", "wigm[nosuch=1]", "wigm[quota=x]", "wigm[places=3", "wigm]", "", "wigm[q]"]
)
def test_bad_rule_lists_are_refused(text: str) -> None:
    with pytest.raises(RulesError):
        parse_rules(text)


# FPTP vs AV by hand: A 40, B 35, C 25 (C's papers go on to B). FPTP elects A
# at its one stage; AV excludes C and elects B with 60.
AV_VS_FPTP = election("A B C", 1, (40, "A"), (35, "BA"), (25, "CB"))


def test_a_pair_that_elects_differently_is_shown_at_its_first_difference() -> None:
    result = compare(AV_VS_FPTP, parse_rules("av,au-nsw,uk-fptp"))
    assert [r.label for r in result.results] == ["av", "au-nsw", "uk-fptp"]
    assert [r.count.elected_names() for r in result.results if r.count] == [
        ("B",),
        ("B",),
        ("A",),
    ]
    assert [(d.first.label, d.second.label) for d in result.divergences] == [
        ("av", "uk-fptp"),
        ("au-nsw", "uk-fptp"),
    ]
    first = result.divergences[0]
    assert first.stage == 1
    assert "action" in first.why and "decisions" in first.why  # exclusion of C vs election of A
    assert first.first_stage is not None and first.first_stage.excluded == (2,)
    assert first.second_stage is not None and first.second_stage.elected == (0,)
    assert first.changed == ()  # the same first-stage totals


def test_a_rule_set_that_cannot_count_is_reported_not_fatal() -> None:
    result = compare(AV_VS_FPTP, parse_rules("dhondt,av,scot-2011"))
    dhondt, av, scot = result.results
    assert dhondt.count is None and dhondt.refused and "declared totals" in (dhondt.error or "")
    assert av.count is not None and scot.count is not None
    assert result.divergences == ()  # both elect B


def test_by_default_every_rule_set_that_can_count_is_tried() -> None:
    result = compare(AV_VS_FPTP)
    names = [r.label for r in result.results]
    assert {"av", "au-nsw", "uk-fptp", "scot-2011", "meek"} <= set(names)
    assert "dhondt" not in names  # refuses ballot papers: left out of the default list
    two_seats = election("A B C", 2, (40, "A"), (35, "BA"), (25, "CB"))
    assert "av" not in [r.label for r in compare(two_seats).results]


def test_a_needed_lot_is_reported_per_rule_set_and_the_seed_decides_it() -> None:
    tie = election("A B", 1, (10, "A"), (10, "B"))
    result = compare(tie, parse_rules("av,uk-fptp"))
    assert all(r.count is None and not r.refused for r in result.results)
    assert all("lot" in (r.error or "") for r in result.results)
    seeded = compare(tie, parse_rules("av,uk-fptp"), lambda: SeededLots(3))
    assert all(r.count is not None for r in seeded.results)


@pytest.mark.parametrize("ward", WARDS)
def test_last_parcel_surpluses_elect_differently_in_the_six_wards(ward: str) -> None:
    path = shared_data("scotland-local-stv-blt") / f"{ward}.blt"
    result = compare(read(str(path)), parse_rules(f"scot-2011,{LAST_PARCEL}"))
    official, last_parcel = result.results
    assert official.count is not None and last_parcel.count is not None
    assert set(official.count.elected) != set(last_parcel.count.elected)
    (divergence,) = result.divergences
    assert divergence.stage > 1  # the first preferences agree
    assert divergence.first_stage is not None and divergence.second_stage is not None
    assert divergence.first_stage.action == divergence.second_stage.action
    assert "totals" in divergence.why
