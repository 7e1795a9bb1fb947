"""`tellers results` through the command line, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from tellers.results.store import open_store

from .clihelp import EXAMPLES, ok, run, run_json

BY = "local.tower-hamlets.spitalfields-banglatown.by.2012-04-19"
SOURCE = "https://trialbyjeory.com/2012/04/20/lutfurs-man-beats-labour-in-by-election/"
FILE = str(EXAMPLES / "spitalfields-banglatown-2012-04-19.txt")
REQUIRED = ("id", "elected", "outcome", "gained_from", "majority", "majority_percent", "shares",
            "change", "compared_with", "swing", "turnout_percent")  # fmt: skip


def only_strings(value: Any) -> bool:
    if isinstance(value, dict):
        return all(only_strings(v) for v in value.values())
    if isinstance(value, list):
        return all(only_strings(v) for v in value)
    return value is None or isinstance(value, str | bool)


def rows(db_url: str) -> dict[str, int]:
    store = open_store(db_url)
    try:
        with store.engine.connect() as connection:
            from tellers.results import schema as t

            return {
                table.name: len(connection.execute(table.select()).all())
                for table in (t.elections, t.ballots, t.candidacies, t.result_versions)
            }
    finally:
        store.close()


def test_add_show_and_version(db_url: str) -> None:
    out = ok(db_url, "add", FILE, "--id", BY, "--source", SOURCE, "--defending", "LAB",
             "--author", "ann")  # fmt: skip
    assert out == f"{BY}: saved version 1\n"
    again = ok(db_url, "add", FILE, "--id", BY, "--source", SOURCE, "--author", "ann")
    assert again == f"{BY}: unchanged at version 1\n"
    text = ok(db_url, "show", BY)
    assert text.splitlines()[0] == "Robbani (IND) GAIN from LAB · majority 43 (1.9%)"
    assert "Version 1, ann; source: " + SOURCE in text
    card = run_json(db_url, "show", BY)
    assert all(key in card for key in REQUIRED)
    assert only_strings(card)
    assert card["version"] == "1"


def test_author_defaults_to_the_os_user(db_url: str) -> None:
    import getpass

    ok(db_url, "add", FILE, "--id", BY, "--source", SOURCE)
    store = open_store(db_url)
    try:
        assert store.history(BY)[0].author == getpass.getuser()
    finally:
        store.close()


def test_stale_expected_version_is_a_conflict(db_url: str) -> None:
    ok(db_url, "add", FILE, "--id", BY, "--source", SOURCE, "--expected-version", "0")
    done = run(db_url, "add", FILE, "--id", BY, "--source", SOURCE + "#2",
               "--expected-version", "0")  # fmt: skip
    assert done.exit_code == 1
    assert done.stderr == (
        f"tellers: {BY}: the result is at version 1, not 0: someone saved a change since; "
        "reload it and make your change again\n"
    )
    ok(db_url, "add", FILE, "--id", BY, "--source", SOURCE + "#2", "--expected-version", "1")
    assert run_json(db_url, "show", BY)["version"] == "2"


def test_failed_add_changes_nothing(db_url: str, tmp_path: Path) -> None:
    ok(db_url, "add", FILE, "--id", BY, "--source", SOURCE)
    before = rows(db_url)
    bad = tmp_path / "bad.txt"
    bad.write_text("A (Labour) 10\nB (Conservative) 5\n", encoding="utf-8")
    other = "local.tower-hamlets.weavers.by.2012-05-03"
    done = run(db_url, "add", str(bad), "--id", other, "--source", "x",
               "--by-election-reason", "NONSENSE")  # fmt: skip
    assert done.exit_code == 1
    assert done.stderr.startswith("tellers: ") and done.stderr.count("\n") == 1
    assert rows(db_url) == before
    missing = run(db_url, "add", str(tmp_path / "nope.txt"), "--id", other, "--source", "x")
    assert missing.exit_code == 1 and "cannot read the file" in missing.stderr
    assert rows(db_url) == before


def test_failed_import_changes_nothing(db_url: str, tmp_path: Path) -> None:
    ok(db_url, "add", FILE, "--id", BY, "--source", SOURCE)
    before = rows(db_url)
    table = tmp_path / "wards.csv"
    table.write_text(
        "Council,Ward,Name,Votes,Seats\n"
        "Tower Hamlets,Weavers,A,100,1\nTower Hamlets,Weavers,B,90,1\n"
        "Tower Hamlets,Bow West,C,lots,1\n",
        encoding="utf-8",
    )
    columns = "organisation=Council,division=Ward,candidate=Name,votes=Votes,seats=Seats"
    done = run(db_url, "import", str(table), "--date", "2014-05-22", "--columns", columns)
    assert done.exit_code == 1
    assert done.stderr.count("\n") == 1 and ":4:" in done.stderr
    assert rows(db_url) == before
    table.write_text(table.read_text().replace("lots", "80"), encoding="utf-8")
    out = ok(db_url, "import", str(table), "--date", "2014-05-22", "--columns", columns)
    assert out == "2 ballots (2 new): 2 results saved, 0 unchanged\n"


def test_compare_needs_a_base(db_url: str) -> None:
    ok(db_url, "add", FILE, "--id", BY, "--source", SOURCE)
    done = run(db_url, "compare", BY)
    assert done.exit_code == 1
    assert done.stderr == (
        f"tellers: {BY}: no comparable election is stored; name one with --with ID\n"
    )


def test_compare_text(db_url: str) -> None:
    ok(db_url, "add", str(EXAMPLES / "worked-example-8.5-ordinary.txt"), "--id",
       "local.example.ward-a.2014-05-22", "--source", "spec 8.5", "--seats", "3")  # fmt: skip
    ok(db_url, "add", str(EXAMPLES / "worked-example-8.5-by-election.txt"), "--id",
       "local.example.ward-a.by.2015-06-11", "--source", "spec 8.5",
       "--defending", "CON")  # fmt: skip
    text = ok(db_url, "compare", "local.example.ward-a.by.2015-06-11")
    assert text.splitlines()[1] == "D (LAB) GAIN from CON"
    # Butler (6.54 + 6.15)/2 = 6.35 (spec 8.5, 6.346...); Steed on top shares:
    # Lab/(Lab+Con) now 900/1,700 = 52.941%, base 1,000/2,200 = 45.455%: +7.49
    assert "Swing from Con to Lab: Butler +6.3, Steed +7.5" in text


def test_check_and_export(db_url: str) -> None:
    ok(db_url, "add", FILE, "--id", BY, "--source", SOURCE)
    report = ok(db_url, "check", BY)
    assert "Adds up: votes = valid papers" in report
    document = run_json(db_url, "check", BY)
    assert document["ok"] is True
    exported = ok(db_url, "export", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(exported)))
    assert len(table) == 5
    assert {r["candidate"]: r["votes"] for r in table}["Gulam ROBBANI"] == "1030"
    whole = json.loads(ok(db_url, "export", "--format", "json"))
    assert whole["ballots"][0]["id"] == BY
    assert only_strings(whole)


def test_byelections_and_council_empty(db_url: str) -> None:
    assert ok(db_url, "byelections") == "no by-elections stored in that period\n"
    done = run(db_url, "council", "tower-hamlets", "--on", "2014-06-01")
    assert done.exit_code == 1
    assert done.stderr == (
        "tellers: tower-hamlets: no ordinary election stored on or before 2014-06-01\n"
    )


def test_a_stored_count_shows_its_final_stage_margin(db_url: str, tmp_path: Path) -> None:
    from tellers import count
    from tellers.formats import read
    from tellers.report.json import to_json

    # spec 02 worked example 2.1: A 4,000 + 300 + 200 = 4,500; B 3,500 + 700 + 500 = 4,700
    election = read(EXAMPLES.parent / "worked-example-2.1-sv.csv")
    document = tmp_path / "mayor.json"
    document.write_text(to_json(election, count(election, "sv")))
    mayor = "mayor.example.2021-05-06"
    ok(db_url, "add", str(document), "--id", mayor, "--source", "spec 02, example 2.1")
    card = run_json(db_url, "show", mayor)
    # B's 4,700 over A's 4,500 at the final stage: 200, and no percentage (spec 08 §8.3)
    assert (card["majority"], card["majority_kind"]) == ("200", "final-stage margin")
    assert card["majority_percent"] is None
    assert ok(db_url, "show", mayor).splitlines()[0] == "B (IND) elected · final-stage margin 200"
