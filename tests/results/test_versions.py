"""Every change that can change what is shown is a new version (issue 10, items 6 and 7).

The figures are the Spitalfields and Banglatown by-elections of 2010 and 2012
(examples/results/README.md gives their sources); what is checked here is the
store's bookkeeping: which version each change makes, and what history says of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tellers.results.store import open_store

from .clihelp import EXAMPLES, ok, run, run_json

BY_2010 = "local.tower-hamlets.spitalfields-banglatown.by.2010-12-16"
BY_2012 = "local.tower-hamlets.spitalfields-banglatown.by.2012-04-19"
FILE_2010 = str(EXAMPLES / "spitalfields-banglatown-2010-12-16.txt")
FILE_2012 = str(EXAMPLES / "spitalfields-banglatown-2012-04-19.txt")
SOURCE = "https://trialbyjeory.com/2012/04/20/lutfurs-man-beats-labour-in-by-election/"


def add_2012(db_url: str, *extra: str) -> str:
    return ok(db_url, "add", FILE_2012, "--id", BY_2012, "--source", SOURCE, "--author", "ann",
              *extra)  # fmt: skip


def history_changes(db_url: str, ballot_id: str) -> list[list[str]]:
    """Each version's changes as ``what: before -> after`` lines."""
    document = run_json(db_url, "history", ballot_id)
    return [
        [f"{c['what']}: {c['before']} -> {c['after']}" for c in v["changes"]]
        for v in document["versions"]
    ]


# --- item 6: naming the defending party later is a new version ---------------------------


def test_naming_the_defending_party_after_adding_is_a_new_version(db_url: str) -> None:
    assert add_2012(db_url) == f"{BY_2012}: saved version 1\n"
    assert (
        ok(db_url, "show", BY_2012).splitlines()[0] == "Robbani (IND) elected · majority 43 (1.9%)"
    )
    assert add_2012(db_url, "--defending", "Labour") == f"{BY_2012}: saved version 2\n"
    assert ok(db_url, "show", BY_2012).splitlines()[0].startswith("Robbani (IND) GAIN from LAB")
    assert history_changes(db_url, BY_2012)[1] == ["defending party: None -> LAB"]
    # the same again changes nothing
    assert add_2012(db_url, "--defending", "LAB") == f"{BY_2012}: unchanged at version 2\n"


def test_edit_makes_one_version_per_change(db_url: str) -> None:
    add_2012(db_url)
    steps = [
        (("--defending", "LAB"), "defending party: None -> LAB"),
        (("--source", SOURCE + "#figures"), f"source: {SOURCE} -> {SOURCE}#figures"),
        (("--ward-name", "Spitalfields & Banglatown"),
         "ward name: Spitalfields and Banglatown -> Spitalfields & Banglatown"),
        (("--note", "turnout as printed: 31.43%"), "note: None -> turnout as printed: 31.43%"),
    ]  # fmt: skip
    for version, (options, change) in enumerate(steps, start=2):
        out = ok(db_url, "edit", BY_2012, *options, "--author", "bob")
        assert out == f"{BY_2012}: saved version {version}\n"
        assert history_changes(db_url, BY_2012)[-1] == [change]
    again = ok(db_url, "edit", BY_2012, "--defending", "Labour", "--author", "bob")
    assert again == f"{BY_2012}: unchanged at version 5\n"
    document = run_json(db_url, "history", BY_2012)
    assert [v["version"] for v in document["versions"]] == ["1", "2", "3", "4", "5"]
    assert [v["author"] for v in document["versions"]] == ["ann", "bob", "bob", "bob", "bob"]
    # an edit keeps the figures: the card is the same but for what was edited
    # (by hand, of 2,295 votes: 1,030 is 44.88%, 987 is 43.01%, 140 is 6.10%, 99 is 4.31%,
    # 39 is 1.70%)
    assert run_json(db_url, "show", BY_2012)["shares"] == {
        "ind": "44.9", "lab": "43.0", "con": "6.1", "grn": "4.3", "ld": "1.7",
    }  # fmt: skip


def test_edit_date_needs_force_and_says_so_in_the_note(db_url: str) -> None:
    add_2012(db_url)
    refused = run(db_url, "edit", BY_2012, "--date", "2012-04-26")
    assert refused.exit_code == 1
    assert "2012-04-26" in refused.stderr and "2012-04-19" in refused.stderr
    assert "--force" in refused.stderr
    assert [v["version"] for v in run_json(db_url, "history", BY_2012)["versions"]] == ["1"]
    out = ok(db_url, "edit", BY_2012, "--date", "2012-04-26", "--force")
    assert out == f"{BY_2012}: saved version 2\n"
    version = run_json(db_url, "history", BY_2012)["versions"][-1]
    assert [c["what"] for c in version["changes"]] == ["poll date", "note"]
    assert version["poll_date"] == "2012-04-26"
    assert "--force" in version["note"] and "2012-04-19" in version["note"]


def test_history_is_oldest_first_with_who_when_and_what(db_url: str, tmp_path: Path) -> None:
    add_2012(db_url)
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(Path(FILE_2012).read_text(encoding="utf-8").replace("987", "988"))
    ok(db_url, "add", str(corrected), "--id", BY_2012, "--source", SOURCE, "--author", "bob")
    text = ok(db_url, "history", BY_2012)
    lines = text.splitlines()
    assert lines[0] == BY_2012
    first, second = (i for i, line in enumerate(lines) if line.startswith("Version "))
    assert lines[first].startswith("Version 1 · ") and lines[first].endswith(" · ann")
    assert lines[second].startswith("Version 2 · ") and lines[second].endswith(" · bob")
    assert "  votes of Ala UDDIN: 987 -> 988" in lines[second:]
    assert f"  source: {SOURCE}" in lines[first:second]
    assert "  ward name: Spitalfields and Banglatown" in lines[first:second]


def test_history_of_a_ballot_not_stored_is_an_error(db_url: str) -> None:
    done = run(db_url, "history", BY_2012)
    assert done.exit_code == 1 and "no such ballot" in done.stderr


def test_edit_needs_something_to_change(db_url: str) -> None:
    add_2012(db_url)
    done = run(db_url, "edit", BY_2012)
    assert done.exit_code == 2


# --- item 6: the defending party is never inferred from another seat's by-election -------


def test_a_by_election_compared_with_another_by_election_does_not_borrow_its_winner(
    db_url: str,
) -> None:
    ok(db_url, "add", FILE_2010, "--id", BY_2010, "--source", "x", "--defending", "LAB")
    add_2012(db_url, "--comparable", BY_2010)
    text = ok(db_url, "show", BY_2012)
    # Respect won the 2010 by-election for another of the ward's three seats: it does
    # not follow that Respect defended the seat filled in 2012.
    assert text.splitlines()[0] == "Robbani (IND) elected · majority 43 (1.9%)"
    assert "defending party not known (LAB or RESPECT held the ward's seats)" in text
    assert f"tellers results edit {BY_2012} --defending PARTY" in text
    tracker = ok(db_url, "byelections").splitlines()
    assert tracker[1].endswith("IND won · defending party not known (LAB or RESPECT held the "
                               "ward's seats) · majority 43 (1.9%)")  # fmt: skip
    assert tracker[-1] == "Net change: RESPECT +1, LAB -1"
    ok(db_url, "edit", BY_2012, "--defending", "LAB")
    assert ok(db_url, "show", BY_2012).splitlines()[0].startswith("Robbani (IND) GAIN from LAB")


# --- item 7: identity checks -------------------------------------------------------------


def test_an_id_whose_date_is_not_the_files_is_refused_unless_forced(db_url: str) -> None:
    other_day = "local.tower-hamlets.spitalfields-banglatown.by.2012-04-26"
    done = run(db_url, "add", FILE_2012, "--id", other_day, "--source", SOURCE)
    assert done.exit_code == 1
    assert done.stderr.count("\n") == 1
    assert "2012-04-19" in done.stderr and "2012-04-26" in done.stderr
    assert "--force" in done.stderr
    assert run(db_url, "history", other_day).exit_code == 1  # nothing stored
    out = ok(db_url, "add", FILE_2012, "--id", other_day, "--source", SOURCE, "--force")
    assert out == f"{other_day}: saved version 1\n"
    (version,) = run_json(db_url, "history", other_day)["versions"]
    assert "--force" in version["note"] and "2012-04-19" in version["note"]
    assert "Note: " + version["note"] in ok(db_url, "show", other_day)


def test_an_id_whose_ward_is_not_the_files_is_refused_unless_forced(db_url: str) -> None:
    weavers = "local.tower-hamlets.weavers.by.2012-04-19"
    done = run(db_url, "add", FILE_2012, "--id", weavers, "--source", SOURCE)
    assert done.exit_code == 1
    assert "weavers" in done.stderr and "Spitalfields and Banglatown" in done.stderr
    out = ok(db_url, "add", FILE_2012, "--id", weavers, "--source", SOURCE, "--force")
    assert out == f"{weavers}: saved version 1\n"
    (version,) = run_json(db_url, "history", weavers)["versions"]
    assert "--force" in version["note"] and "weavers" in version["note"]


def test_an_edited_ward_name_must_be_the_ids_ward(db_url: str) -> None:
    add_2012(db_url)
    done = run(db_url, "edit", BY_2012, "--ward-name", "Weavers")
    assert done.exit_code == 1 and "--force" in done.stderr


def test_the_ward_name_shown_is_the_files(db_url: str) -> None:
    from tellers.service.listing import listed

    add_2012(db_url)
    with open_store(db_url) as store:
        (found,) = listed(store)
        assert found.name == "Spitalfields and Banglatown, Tower Hamlets"
        assert store.ballot(BY_2012).division_name == "Spitalfields and Banglatown"


@pytest.mark.parametrize(
    ("title", "ward"),
    [
        ("Spitalfields and Banglatown (London Borough of Tower Hamlets), by-election",
         "Spitalfields and Banglatown"),
        ("Hucknall Central (Ashfield District Council), ordinary election", "Hucknall Central"),
        ("Bow East ward by-election", "Bow East"),
        ("Ward A, by-election (spec 08 worked example 8.5; not a real election)", "Ward A"),
    ],
)  # fmt: skip
def test_the_wards_name_is_read_from_the_title(title: str, ward: str) -> None:
    from tellers.results.ids import ward_name

    assert ward_name(title) == ward


@pytest.mark.parametrize(
    ("division", "name", "same"),
    [
        ("spitalfields-banglatown", "Spitalfields and Banglatown", True),
        ("spitalfields-banglatown", "Spitalfields & Banglatown", True),
        ("st-katharines-wapping", "St. Katharine's & Wapping", True),
        ("weavers", "Spitalfields and Banglatown", False),
        ("bow-east", "Bow West", False),
        ("bow-east", "Bow", False),
    ],
)
def test_a_wards_name_is_matched_to_the_ids_slug(division: str, name: str, same: bool) -> None:
    from tellers.results.ids import names_division

    assert names_division(name, division) is same


# --- a refused add or edit leaves the store byte-identical -------------------------------


def test_a_refused_add_or_edit_leaves_the_store_byte_identical(db_url: str) -> None:
    from .snapshot import dump

    ok(db_url, "add", FILE_2010, "--id", BY_2010, "--source", "x", "--defending", "LAB")
    add_2012(db_url)
    before = dump(db_url)
    assert "Spitalfields and Banglatown" in before and "ROBBANI" in before
    refused = [
        # the file's date is not the id's
        ("add", FILE_2012, "--id", BY_2012.replace("04-19", "04-26"), "--source", SOURCE),
        # a new ballot (of another council) said to be at a version it cannot be at
        ("add", FILE_2012, "--id", "local.tower-hamlets.spitalfields-banglatown.by.2012-04-19"
         .replace("tower-hamlets", "hackney"), "--source", SOURCE, "--expected-version", "1"),
        ("add", FILE_2012, "--id", BY_2012, "--source", SOURCE, "--defending", "LAB",
         "--expected-version", "0"),
        ("edit", BY_2012, "--date", "2012-04-26"),
        ("edit", BY_2012, "--ward-name", "Weavers"),
        ("edit", BY_2012, "--comparable", "local.tower-hamlets.nowhere.by.2010-12-16"),
        ("edit", BY_2012, "--defending", "LAB", "--expected-version", "7"),
        ("edit", BY_2012.replace("04-19", "04-26"), "--defending", "LAB"),
    ]  # fmt: skip
    for command in refused:
        done = run(db_url, *command)
        assert done.exit_code == 1, (command, done.stdout)
        assert done.stderr.startswith("tellers: ") and done.stderr.count("\n") == 1, done.stderr
        assert dump(db_url) == before, command
