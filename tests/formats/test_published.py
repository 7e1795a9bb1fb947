"""Vendors' cast vote records counted as published, without an RCTab configuration.

Each sample is read twice: as ``tellers count`` reads it (the format told from
the file, the contest, candidates and labels from the file itself) and as the
RCTab suite's own configuration for it reads it. The records must be the same
papers, mark for mark. Where the sample is a whole contest, the count under the
configuration's rules must give RCTab's expected final round (the suite's
``*_expected_detailed_report.json``, RCTab's own output).
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from tellers.core.model import Election
from tellers.core.records import OVERVOTE, CastVoteRecords
from tellers.errors import InputError
from tellers.formats import read, read_text
from tellers.formats.cvr import RctabConfig, load_rctab_config
from tellers.formats.cvr.config import read_sources
from tellers.formats.detect import published_format
from tellers.rules import count
from tellers.rules.rctab import UNDECLARED_WRITE_INS, options_of
from tests.data import shared_data

#: case folder, the path `tellers count` is given (relative to the case), its format,
#: the --contest it needs (None: the file holds one), the seats (None: as the file says)
CASES = [
    ("test_set_1_exhaust_at_overvote", "test_set_1_exhaust_at_overvote_cvr.json", "cdf", None, 1),
    (
        "test_set_multi_winner_whole_threshold",
        "test_set_multi_winner_whole_threshold_cvr.json",
        "cdf",
        None,
        3,
    ),
    ("nist_xml_cdf_2", "nist_xml_cdf_2.xml", "cdf", "For Governor and Lieutenant Governor", 1),
    (
        "unisyn_xml_cdf_city_mayor",
        "../unisyn_cvrs/101-RCV-CVT_TEST_3_UNIOVS2103-2.xml",
        "cdf",
        "For City C Mayor (1/3)",
        1,
    ),
    ("dominion_alaska", "../_shared/dominion_alaska/alaska_input_data", "dominion", None, None),
    ("dominion_multi_file", "dominion_multi_file_input_data", "dominion", "13", None),
    ("2013_minneapolis_park", "../_shared/2013_minneapolis_park_cvr.xlsx", "ess", None, 3),
    ("exhaust_if_multiple_continuing", "exhaust_if_multiple_continuing_cvr.xlsx", "ess", None, 1),
    ("skip_to_next_test", "skip_to_next_test_cvr.xlsx", "ess", None, 1),
    (
        "clear_ballot_kansas_primary",
        "clear_ballot_kansas_primary.cvr.csv",
        "clear-ballot",
        None,
        None,
    ),
    (
        "clear_ballot_with_inline_comma",
        "clear_ballot_with_inline_comma_cvr.csv",
        "clear-ballot",
        None,
        None,
    ),
    (
        "hart_cedar_park_school_board",
        "../_shared/hart_cvr_archive",
        "hart",
        "CEDAR PARK SCHOOL BOARD",
        1,
    ),
    (
        "hart_travis_county_officers",
        "../_shared/hart_cvr_archive",
        "hart",
        "TRAVIS COUNTY OFFICERS",
        1,
    ),
]
IDS = [case[0] for case in CASES]


def _case(folder: str) -> Path:
    return shared_data("rctab-test-data") / folder


def _by_name(election: Election) -> Counter[tuple[tuple[str, ...], ...]]:
    votes = election.votes
    assert isinstance(votes, CastVoteRecords)
    names = election.contest.names
    return _named(votes, names)


def _named(votes: CastVoteRecords, names: tuple[str, ...]) -> Counter[tuple[tuple[str, ...], ...]]:
    return Counter(
        {
            tuple(
                tuple("overvote" if c == OVERVOTE else names[c] for c in rank) for rank in record
            ): n
            for record, n in zip(votes.records, votes.counts, strict=True)
        }
    )


def _labels(config: RctabConfig, dominion: Path | None) -> dict[str, int]:
    """The configuration's candidate for each name the file gives: by its names, codes
    and aliases, and for a Dominion export by the manifest's id of the name."""
    labels = dict(config.names)
    if config.contestants.write_ins is not None:
        labels[UNDECLARED_WRITE_INS] = config.contestants.write_ins
    if dominion is not None:
        folder = dominion if dominion.is_dir() else dominion.parent
        manifest = json.loads((folder / "CandidateManifest.json").read_text(encoding="utf-8-sig"))
        for entry in manifest["List"]:
            if str(entry["Id"]) in config.names:
                labels.setdefault(entry["Description"].strip(), config.names[str(entry["Id"])])
    return labels


Named = Counter[tuple[tuple[str, ...], ...]]


def _sorted(records: Named) -> Named:
    """The records with the marks at each rank in name order (an overvote's order is the
    order of the candidates' numbers, which two readings number differently)."""
    found: Named = Counter()
    for record, n in records.items():
        found[tuple(tuple(sorted(rank)) for rank in record)] += n
    return found


@pytest.mark.parametrize(("folder", "given", "kind", "contest", "seats"), CASES, ids=IDS)
def test_read_as_published_the_papers_are_those_the_configuration_reads(
    folder: str, given: str, kind: str, contest: str | None, seats: int | None
) -> None:
    case = _case(folder)
    path = case / given
    assert published_format(str(path)) == kind
    election = read(path, seats=seats, contest=contest)
    assert election.rules == "rctab"
    config = load_rctab_config(case / f"{folder}_config.json")
    configured = read_sources(config)
    labels = _labels(config, path if kind == "dominion" else None)
    theirs = _sorted(_named(configured, config.contestants.names))
    ours = Counter(
        {
            tuple(
                tuple(c if c == "overvote" else config.contestants.names[labels[c]] for c in rank)
                for rank in record
            ): n
            for record, n in _by_name(election).items()
        }
    )
    renamed = _sorted(ours)
    limit = config.rules.max_rankings
    if limit is not None:  # the configuration reads no further than its maxRankingsAllowed
        cut = Counter[tuple[tuple[str, ...], ...]]()
        for record, n in renamed.items():
            kept = list(record[:limit])
            while kept and not kept[-1]:
                kept.pop()
            cut[tuple(kept)] += n
        renamed = cut
    assert renamed == theirs


#: Whole contests among the cases: RCTab's expected final round (its detailed report)
WHOLE = [
    "test_set_1_exhaust_at_overvote",
    "dominion_alaska",
    "2013_minneapolis_park",
    "exhaust_if_multiple_continuing",
    "clear_ballot_kansas_primary",
    "hart_cedar_park_school_board",
    "unisyn_xml_cdf_city_mayor",
]


@pytest.mark.parametrize("folder", WHOLE)
def test_counted_under_the_configurations_rules_as_rctab_counts_it(folder: str) -> None:
    folder_, given, kind, contest, seats = next(c for c in CASES if c[0] == folder)
    case = _case(folder_)
    config = load_rctab_config(case / f"{folder}_config.json")
    election = read(case / given, seats=seats or config.rules.seats, contest=contest)
    result = count(election, None, options_of(config.rules))
    expected = json.loads((case / f"{folder}_expected_detailed_report.json").read_text())
    last = expected["results"][-1]
    final = {name: Decimal(v) for name, v in last["tally"].items()}
    got = {
        election.contest.candidates[i].name: v
        for i, v in enumerate(result.final.votes)
        if v or election.contest.candidates[i].name in final
    }
    names = _labels(config, case / given if kind == "dominion" else None)
    renamed = {config.contestants.names[names[n]]: v for n, v in got.items()}
    assert {n: v for n, v in renamed.items() if v} == {n: v for n, v in final.items() if v}
    elected = sorted(
        a["elected"] for r in expected["results"] for a in r["tallyResults"] if "elected" in a
    )
    assert sorted(config.contestants.names[names[n]] for n in result.elected_names()) == elected


def test_a_file_of_several_contests_names_them(tmp_path: Path) -> None:
    path = _case("nist_xml_cdf_2") / "nist_xml_cdf_2.xml"
    with pytest.raises(InputError) as caught:
        read(path)
    message = str(caught.value)
    assert "expected one contest, found 25: name one with --contest" in message
    assert "'For Governor and Lieutenant Governor' (id _1GO)" in message
    with pytest.raises(InputError, match="expected a contest named 'Mayor'"):
        read(path, contest="Mayor")
    assert read(path, contest="_1GO").contest.name == "For Governor and Lieutenant Governor"


def test_a_contest_for_a_file_of_one_contest_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.txt"
    path.write_text("A 5\nB 3\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected no --contest"):
        read(path, contest="Mayor")


def test_vendor_records_are_read_from_a_path_not_from_text() -> None:
    text = (
        _case("test_set_1_exhaust_at_overvote") / "test_set_1_exhaust_at_overvote_cvr.json"
    ).read_text()
    with pytest.raises(InputError, match="expected a file or folder: cdf cast vote records"):
        read_text(text, "upload.json")


def test_an_ess_count_column_must_say_one_paper_a_row(tmp_path: Path) -> None:
    # Minneapolis 2017 has a Count column of 1s: it is read, and holds 1 on every row.
    case = _case("2017_minneapolis_mayor")
    election = read(case / "2017_minneapolis_mayor_cvr.xlsx")
    assert isinstance(election.votes, CastVoteRecords)
    assert election.votes.papers == 105_928


def test_a_report_of_the_right_syntax_but_another_shape_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    report = {
        "@type": "CVR.CastVoteRecordReport",
        "Election": [{"Contest": [{"@id": "c1", "Name": "Mayor"}]}],
        "CVR": [1, 2],
    }
    path.write_text(json.dumps(report), encoding="utf-8")
    with pytest.raises(InputError, match="expected cdf cast vote records as the vendor writes"):
        read(path)
