"""The project's own contest file, tellers.contest/1."""

from __future__ import annotations

import json

import pytest

from tellers.core.model import Ballots, Candidate, Contest, Election, Totals
from tellers.errors import InputError
from tellers.formats import read_text, write_contest_json
from tellers.formats.contest_json import read_contest_json

DOCUMENT = """\
{
  "format": "tellers.contest/1",
  "name": "Anytown Ward",
  "seats": 2,
  "rules": "scot-2011",
  "date": "2012-04-26",
  "candidates": [{"name": "Anne", "party": "Lab"}, {"name": "Bill"}, "Cora"],
  "withdrawn": ["Cora"],
  "ballots": [
    {"ranking": ["Anne", "Bill"], "count": 20},
    {"ranking": ["Bill"], "count": 12},
    {"ranking": [], "count": 2},
    {"ranking": ["Anne", "Bill"], "count": 1}
  ],
  "rejected": {"want_of_official_mark": 3},
  "electorate": 900,
  "papers_issued": 40
}
"""


def test_a_document_with_ballots() -> None:
    election = read_contest_json(DOCUMENT, "c.json")
    assert election.contest == Contest(
        "Anytown Ward",
        2,
        (Candidate("Anne", "Lab"), Candidate("Bill"), Candidate("Cora")),
        frozenset({2}),
        "2012-04-26",
    )
    assert election.votes == Ballots.of((21, [0, 1]), (12, [1]))
    assert dict(election.rejected) == {
        "want_of_official_mark": 3,
        "unmarked_or_void_for_uncertainty": 2,
    }
    assert (election.electorate, election.papers_issued, election.rules) == (900, 40, "scot-2011")


def test_a_document_with_totals() -> None:
    text = json.dumps(
        {
            "format": "tellers.contest/1",
            "name": "Spitalfields and Banglatown",
            "seats": 1,
            "candidates": [{"name": "Gulam Robbani", "party": "Independent"}, "Ala Uddin"],
            "totals": {"Ala Uddin": 987, "Gulam Robbani": 1030},
            "valid_papers": 2017,
        }
    )
    election = read_contest_json(text, "s.json")
    assert election.votes == Totals((1030, 987), 2017)
    assert election.rules == "uk-fptp"


def _same(a: Election, b: Election) -> None:
    assert a.contest == b.contest
    assert a.votes == b.votes
    assert dict(a.rejected) == dict(b.rejected)
    assert (a.rejected_in_part, a.electorate, a.papers_issued, a.rules) == (
        b.rejected_in_part,
        b.electorate,
        b.papers_issued,
        b.rules,
    )


def test_written_documents_read_back_the_same() -> None:
    election = read_contest_json(DOCUMENT, "c.json")
    written = write_contest_json(election)
    assert written == write_contest_json(read_text(written, "again.json"))
    _same(read_text(written, "again.json"), election)
    totals = Election(
        Contest("Ward", 2, (Candidate("Zoë", "Grn"), Candidate("Al"))),
        Totals((5, 7), None),
        rejected={"too_many_votes": 1},
        rejected_in_part=2,
        source="x",
        rules="uk-fptp",
    )
    _same(read_text(write_contest_json(totals), "t.json"), totals)
    ams = Election(
        Contest("London-wide", 11, tuple(Candidate(p) for p in ("Lab", "Con", "Green", "LD"))),
        Totals((986_609, 833_021, 305_452, 189_522), None, (9, 5, 0, 0)),
        source="x",
        rules="gla-ams",
    )
    _same(read_text(write_contest_json(ams), "a.json"), ams)
    assert '"prior_seats": {"Lab": 9, "Con": 5, "Green": 0, "LD": 0}' in write_contest_json(ams)
    assert '"Zoë"' in write_contest_json(totals)


def test_the_written_form_is_one_ballot_a_line() -> None:
    written = write_contest_json(read_contest_json(DOCUMENT, "c.json"))
    assert '    {"ranking": ["Anne", "Bill"], "count": 21},\n' in written
    assert written.startswith('{\n  "format": "tellers.contest/1",\n')
    assert written.endswith("}\n")


@pytest.mark.parametrize(
    ("change", "line", "expected"),
    [
        (
            ('"Bill"], "count": 12', '"Q"], "count": 12'),
            11,
            'ballots[1].ranking[0]: expected one of the candidates, found "Q"',
        ),
        (('"count": 12', '"count": "12"'), 11, "ballots[1].count: expected a whole number"),
        (('"seats": 2', '"seats": 0'), 4, "seats: expected a whole number of 1 or more"),
        (('"seats": 2', '"seats": 4'), 4, "seats: expected at most 3 seats"),
        (('"withdrawn": ["Cora"]', '"withdrawn": ["Dora"]'), 8, "withdrawn[0]: expected one"),
        (('"date": "2012-04-26"', '"date": "26/04/2012"'), 6, "date: expected a date"),
        (('"electorate": 900', '"electorat": 900'), 16, "electorat: expected one of the keys"),
        (('{"name": "Bill"}', '{"name": "Anne"}'), 7, "candidates[1].name: expected a different"),
        (('"papers_issued": 40\n', '"papers_issued": 40,\n'), 18, "expected JSON"),
        (("tellers.contest/1", "tellers.contest/2"), 2, 'format: expected "format"'),
        (
            ('"want_of_official_mark": 3', '"want_of_official_mark": true'),
            15,
            "rejected.want_of_official_mark: expected a whole number",
        ),
    ],
)
def test_faults_name_the_place_and_the_line(
    change: tuple[str, str], line: int, expected: str
) -> None:
    text = DOCUMENT.replace(*change)
    assert text != DOCUMENT
    with pytest.raises(InputError) as caught:
        read_contest_json(text, "c.json")
    assert str(caught.value).startswith(f"c.json:{line}: ")
    assert expected in str(caught.value)


def test_a_document_that_is_not_an_object() -> None:
    with pytest.raises(InputError, match=r"^c\.json:1: expected an object"):
        read_contest_json("[1, 2]", "c.json")


def test_deeply_nested_json_is_refused_cleanly() -> None:
    with pytest.raises(InputError, match=r"^c\.json:1: expected JSON nested"):
        read_contest_json("[" * 100_000 + "]" * 100_000, "c.json")
