"""The results store on SQLite and PostgreSQL: results, history, conflicts, atomic imports."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tellers import count
from tellers.errors import InputError, TellersError
from tellers.formats import read, read_text
from tellers.report.json import to_json
from tellers.results.ids import ElectionIdError
from tellers.results.importing import LONDON_2014_COLUMNS, import_csv, parse_columns
from tellers.results.store import (
    BY_ELECTION_REASONS,
    BallotInfo,
    ConflictError,
    PostalVotes,
    ResultRow,
    Store,
    StoreError,
    default_url,
    open_store,
)

from .snapshot import rows

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BY_ELECTION = "local.tower-hamlets.spitalfields-banglatown.by.2012-04-19"
SOURCE = "https://www.towerhamlets.gov.uk/spitalfields-banglatown-by-election-2012.pdf"
DECLARED = """Spitalfields and Banglatown by-election
Date: 19 April 2012
Electorate: 8,523
Ballot papers issued: 2,315
Gulam Robbani (Independent) 1030
Ala Uddin (The Labour Party) 987
Matthew Smith (Conservative Party) 140
Kirsty Blake (Green Party) 99
Richard Macmillan (Liberal Democrats) 39
Rejected (want of official mark): 2
Rejected (unmarked or void for uncertainty): 17
"""


def declared(text: str = DECLARED) -> object:
    return read_text(text, "declaration.txt")


class Statements:
    """The SQL a store sends, to show that result rows are only ever inserted."""

    def __init__(self, engine: sa.Engine) -> None:
        self.sql: list[str] = []
        sa.event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, _conn: object, _cursor: object, statement: str, *_: object) -> None:
        self.sql.append(" ".join(statement.split()).lower())

    def writes_to(self, table: str) -> list[str]:
        return [
            s
            for s in self.sql
            if s.startswith((f"update {table} ", f"delete from {table}", f"insert into {table} "))
        ]


def test_a_declared_result_is_stored_with_its_source(store: Store) -> None:
    version = store.add_result(
        read_text(DECLARED, "declaration.txt"),
        BY_ELECTION,
        SOURCE,
        author="ann",
        postal=PostalVotes(issued=2100, returned=1210, rejected={"signature_mismatch": 14}),
        ballot=BallotInfo(
            by_election_reason="DEATH", vacated_party="lab", division_gss="E05000587"
        ),
    )
    assert version == 1
    result = store.current_result(BY_ELECTION)
    assert result is not None
    assert (result.version, result.author, result.source, result.kind) == (
        1,
        "ann",
        SOURCE,
        "totals",
    )
    assert [(c.name, c.party, c.party_key, c.votes, c.elected) for c in result.candidates] == [
        ("Gulam Robbani", "Independent", "ind", 1030, True),
        ("Ala Uddin", "The Labour Party", "lab", 987, False),
        ("Matthew Smith", "Conservative Party", "con", 140, False),
        ("Kirsty Blake", "Green Party", "grn", 99, False),
        ("Richard Macmillan", "Liberal Democrats", "ld", 39, False),
    ]
    f = result.figures
    assert (f.electorate, f.papers_issued, f.valid_papers) == (8523, 2315, 2295)
    assert f.rejected == {"want_of_official_mark": 2, "unmarked_or_void_for_uncertainty": 17}
    assert f.postal == PostalVotes(2100, 1210, {"signature_mismatch": 14})
    assert result.created_at.tzinfo is not None
    ballot = store.ballot(BY_ELECTION)
    assert ballot.election_id == "local.tower-hamlets.2012-04-19"
    assert (ballot.organisation, ballot.division, ballot.seats) == (
        "tower-hamlets",
        "spitalfields-banglatown",
        1,
    )
    assert (ballot.by_election, ballot.by_election_reason, ballot.vacated_party) == (
        True,
        "DEATH",
        "lab",
    )
    assert ballot.division_gss == "E05000587"
    assert result.to_election().votes.votes == (1030, 987, 140, 99, 39)


def test_history_is_append_only(store: Store) -> None:
    statements = Statements(store.engine)
    first = declared()
    corrected = declared(DECLARED.replace("987", "978"))
    assert store.add_result(first, BY_ELECTION, SOURCE, author="ann") == 1
    assert store.add_result(corrected, BY_ELECTION, SOURCE + "#corrected", author="bob") == 2
    assert store.add_result(first, BY_ELECTION, SOURCE + "#final", author="cy") == 3
    history = store.history(BY_ELECTION)
    assert [(r.version, r.author, r.source) for r in history] == [
        (1, "ann", SOURCE),
        (2, "bob", SOURCE + "#corrected"),
        (3, "cy", SOURCE + "#final"),
    ]
    assert [r.candidates[1].votes for r in history] == [987, 978, 987]
    current = store.current_result(BY_ELECTION)
    assert current is not None and current.version == 3
    for table in ("result_versions", "result_votes", "candidacies"):
        writes = statements.writes_to(table)
        assert writes, table
        assert all(s.startswith("insert") for s in writes), writes
    with store.engine.connect() as connection:
        view = connection.execute(sa.text("select ballot_id, version from current_results"))
        assert [tuple(row) for row in view] == [(BY_ELECTION, 3)]


def test_the_same_result_again_adds_no_version(store: Store) -> None:
    assert store.add_result(declared(), BY_ELECTION, SOURCE) == 1
    before = rows(store.engine)
    assert store.add_result(declared(), BY_ELECTION, SOURCE) == 1
    assert store.add_result(declared(), BY_ELECTION, SOURCE, expected_version=1) == 1
    assert rows(store.engine) == before
    assert len(store.history(BY_ELECTION)) == 1


def test_a_stale_expected_version_is_a_conflict(store: Store) -> None:
    assert store.add_result(declared(), BY_ELECTION, SOURCE, expected_version=0) == 1
    edited = declared(DECLARED.replace("140", "141"))
    assert store.add_result(edited, BY_ELECTION, SOURCE, author="ann", expected_version=1) == 2
    before = rows(store.engine)
    other = declared(DECLARED.replace("99", "98"))
    with pytest.raises(ConflictError) as raised:
        store.add_result(other, BY_ELECTION, SOURCE, author="bob", expected_version=1)
    assert (raised.value.expected, raised.value.current) == (1, 2)
    assert "version 2, not 1" in str(raised.value)
    assert isinstance(raised.value, TellersError)
    assert rows(store.engine) == before
    with pytest.raises(ConflictError):
        store.add_result(other, "local.x.y.2014-05-22", SOURCE, expected_version=1)
    assert store.add_result(other, BY_ELECTION, SOURCE, author="bob", expected_version=2) == 3


def test_a_stored_count_keeps_its_document(store: Store) -> None:
    election = read(EXAMPLES / "generated-ward.blt")
    document = to_json(election, count(election, "scot-2011"))
    ballot_id = "local.glasgow-city.anderston-city-yorkhill.2017-05-04"
    assert store.add_result(document, ballot_id, "examples/generated-ward.blt") == 1
    result = store.current_result(ballot_id)
    assert result is not None
    assert (result.kind, result.figures.rules, result.seats) == ("count", "scot-2011", 4)
    assert json.loads(result.figures.count_json or "") == json.loads(document)
    # First preferences, from an independent reading of the stage sheet in the README.
    votes = {c.name: c.votes for c in result.candidates}
    assert (votes["Gordon"], votes["Innes"], sum(votes.values())) == (849, 1298, 5000)
    assert result.figures.valid_papers == 5000
    assert len(result.elected) == 4
    assert store.add_result(json.loads(document), ballot_id, "examples/generated-ward.blt") == 1


def test_an_election_of_ballots_is_counted_and_stored_as_a_count(store: Store) -> None:
    election = read(EXAMPLES / "generated-ward.blt")
    ballot_id = "local.glasgow-city.anderston-city-yorkhill.2017-05-04"
    store.add_result(election, ballot_id, "examples/generated-ward.blt")
    result = store.current_result(ballot_id)
    assert result is not None and result.kind == "count" and len(result.elected) == 4


@pytest.mark.parametrize("source", ["", "   "])
def test_a_result_needs_its_source(store: Store, source: str) -> None:
    before = rows(store.engine)
    with pytest.raises(StoreError, match="needs its source"):
        store.add_result(declared(), BY_ELECTION, source)
    assert rows(store.engine) == before


def test_bad_input_is_refused_and_changes_nothing(store: Store) -> None:
    before = rows(store.engine)
    with pytest.raises(ElectionIdError):
        store.add_result(declared(), "local.Tower-Hamlets.x.2012-04-19", SOURCE)
    with pytest.raises(ElectionIdError, match="group of ballots"):
        store.add_result(declared(), "local.tower-hamlets.2012-04-19", SOURCE)
    with pytest.raises(StoreError, match="by-election reason among"):
        store.add_result(
            declared(), BY_ELECTION, SOURCE, ballot=BallotInfo(by_election_reason="BORED")
        )
    with pytest.raises(StoreError, match="needs a by-election"):
        store.add_result(
            declared(),
            "local.tower-hamlets.spitalfields-banglatown.2012-04-19",
            SOURCE,
            ballot=BallotInfo(by_election_reason="DEATH"),
        )
    with pytest.raises(InputError, match=r"tellers\.count/1"):
        store.add_result('{"format": "something"}', BY_ELECTION, SOURCE)
    with pytest.raises(InputError, match="elected candidates among"):
        store.add_result(declared(), BY_ELECTION, SOURCE, elected=["Nobody"])
    assert rows(store.engine) == before
    with pytest.raises(StoreError, match="no such ballot"):
        store.ballot(BY_ELECTION)
    assert store.current_result(BY_ELECTION) is None
    assert set(BY_ELECTION_REASONS) >= {"DEATH", "RESIGNATION", "FAILURE_TO_ATTEND_MEETINGS"}


def test_a_contradicted_ballot_fact_is_refused(store: Store) -> None:
    store.add_result(declared(), BY_ELECTION, SOURCE, ballot=BallotInfo(division_gss="E05000587"))
    with pytest.raises(StoreError, match="division gss is stored as 'E05000587'"):
        store.add_result(
            declared(), BY_ELECTION, SOURCE, ballot=BallotInfo(division_gss="E05000588")
        )
    assert store.update_ballot(BY_ELECTION, division_gss="E05000588").division_gss == "E05000588"


def _ward(store: Store, ward: str, when: str, votes: tuple[int, int], *, by: bool = False) -> str:
    ballot_id = f"local.tower-hamlets.{ward}.{'by.' if by else ''}{when}"
    text = f"A Candidate (Labour) {votes[0]}\nB Candidate (Conservative) {votes[1]}\n"
    store.add_result(read_text(text, "declared.txt"), ballot_id, SOURCE)
    return ballot_id


def test_the_comparable_election_is_the_wards_last_ordinary_one(store: Store) -> None:
    _ward(store, "bow-east", "2006-05-04", (10, 5))
    ordinary = _ward(store, "bow-east", "2010-05-06", (10, 5))
    _ward(store, "bow-west", "2010-05-06", (10, 5))
    earlier_by = _ward(store, "bow-east", "2011-06-09", (10, 5), by=True)
    by = _ward(store, "bow-east", "2012-04-19", (5, 10), by=True)
    comparable = store.comparable(by)
    assert comparable is not None and comparable.ballot_id == ordinary
    assert store.comparable("local.tower-hamlets.bow-east.2006-05-04") is None
    assert store.link_comparable(by, earlier_by).comparable_id == earlier_by
    comparable = store.comparable(by)
    assert comparable is not None and comparable.ballot_id == earlier_by
    with pytest.raises(StoreError, match="must come before it"):
        store.link_comparable(ordinary, by)
    assert [b.ballot_id for b in store.ballots(by_elections_only=True)] == [earlier_by, by]
    assert [b.ballot_id for b in store.ballots(organisation="tower-hamlets", since="2010-05-06")][
        :2
    ] == [ordinary, "local.tower-hamlets.bow-west.2010-05-06"]
    assert store.ballots(organisation="hackney") == []
    assert store.seats_won(election_id="local.tower-hamlets.2012-04-19") == {"con": 1}


# --- a failed import changes nothing ----------------------------------------------------

HEADINGS = list(LONDON_2014_COLUMNS.values())


def _csv(path: Path, *, lines: int, bad_line: int | None = None, shift: int = 0) -> Path:
    """A London-shaped CSV of ``lines`` lines (heading included): 1-seat wards of 4."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADINGS)
        for n in range(lines - 1):
            ward, place = divmod(n, 4)
            votes: str = str(1000 - 100 * place + (shift if ward % 2 else 0))
            if bad_line is not None and n + 2 == bad_line:
                votes = "many"
            writer.writerow(
                [
                    f"E05{ward:06d}",
                    "E09000030",
                    "Tower Hamlets",
                    f"Ward {ward}",
                    f"Candidate {place}, Test",
                    ["LAB", "CON", "LD", "GRE"][place],
                    ["Labour Party", "Conservative Party", "Liberal Democrats", "Green Party"][
                        place
                    ],
                    votes,
                    "Yes" if place == 0 else "",
                    "1",
                ]
            )
    return path


def _sqlite_file(store: Store) -> Path | None:
    url = store.engine.url
    return Path(url.database or "") if url.get_backend_name() == "sqlite" else None


def test_a_failed_import_leaves_the_store_exactly_as_it_was(store: Store, tmp_path: Path) -> None:
    good = _csv(tmp_path / "good.csv", lines=400)
    summary = import_csv(store, good, poll_date="2014-05-22", source="good.csv")
    assert (summary.ballots, summary.versions_added) == (100, 100)
    bad = _csv(tmp_path / "bad.csv", lines=600, bad_line=500, shift=7)
    with bad.open(encoding="utf-8") as handle:
        assert len(handle.readlines()) == 600
    database = _sqlite_file(store)
    before = rows(store.engine)
    before_bytes = database.read_bytes() if database else b""
    with pytest.raises(InputError) as raised:
        import_csv(store, bad, poll_date="2014-05-22", source="bad.csv")
    assert raised.value.line == 500
    assert "expected votes such as 1571" in str(raised.value)
    assert rows(store.engine) == before
    if database is not None:
        assert database.read_bytes() == before_bytes
    assert len(store.ballots()) == 100
    assert all(len(store.history(b.ballot_id)) == 1 for b in store.ballots()[:5])


def test_a_failed_bulk_import_of_rows_changes_nothing(store: Store) -> None:
    store.add_result(declared(), BY_ELECTION, SOURCE)
    before = rows(store.engine)

    def results() -> Iterator[ResultRow]:
        for n in range(1, 601):
            ballot_id = f"local.tower-hamlets.ward-{n}.2014-05-22"
            if n == 500:
                ballot_id = "local.tower-hamlets.ward 500.2014-05-22"
            yield ResultRow(ballot_id, declared(), SOURCE, line=n)
        raise AssertionError("not reached")

    with pytest.raises(InputError) as raised:
        store.import_rows(results())
    assert raised.value.line == 500
    assert rows(store.engine) == before


def test_importing_the_same_file_twice_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = _csv(tmp_path / "wards.csv", lines=41)
    first = import_csv(store, path, poll_date="2014-05-22")
    before = rows(store.engine)
    second = import_csv(store, path, poll_date="2014-05-22")
    assert (first.versions_added, second.versions_added, second.unchanged) == (10, 0, 10)
    assert rows(store.engine) == before
    changed = _csv(tmp_path / "wards.csv", lines=41, shift=3)
    third = import_csv(store, changed, poll_date="2014-05-22")
    assert (third.versions_added, third.unchanged) == (5, 5)


def test_other_headings_are_mapped_with_columns(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text(
        "Council,Ward,Name,Votes,Won\n"
        'Hackney,Hoxton East & Shoreditch,"Smith, Ann*","1,204",\n'
        'Hackney,Hoxton East & Shoreditch,"Jones, Bob",998,\n',
        encoding="utf-8",
    )
    counted = parse_columns("organisation=Council,division=Ward,candidate=Name,votes=Votes", {})
    import_csv(store, path, poll_date="2014-05-22", columns=counted, source="hackney.csv")
    result = store.current_result("local.hackney.hoxton-east-shoreditch.2014-05-22")
    assert result is not None
    assert [(c.name, c.votes, c.elected, c.sitting, c.party_key) for c in result.candidates] == [
        ("Smith, Ann", 1204, True, True, "ind"),
        ("Jones, Bob", 998, False, None, "ind"),
    ]
    marked = parse_columns("elected=Won", counted)
    with pytest.raises(InputError, match=r"other.csv:2: expected 1 candidates marked elected"):
        import_csv(store, path, poll_date="2014-05-22", columns=marked)
    with pytest.raises(InputError, match="--columns: expected field=Header"):
        parse_columns("ward=Ward")


def test_the_default_database_is_tellers_db_or_tellers_db_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("TELLERS_DB", raising=False)
    assert default_url() == "sqlite:///tellers.db"
    monkeypatch.setenv("TELLERS_DB", str(tmp_path / "results.db"))
    assert default_url() == f"sqlite:///{tmp_path / 'results.db'}"
    open_store().close()
    assert (tmp_path / "results.db").is_file()
    monkeypatch.setenv("TELLERS_DB", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert default_url() == "postgresql+psycopg://nobody@127.0.0.1:1/none"
    with pytest.raises(StoreError, match="cannot open the results store"):
        open_store()


def test_a_ballots_facts_can_be_changed_deliberately(store: Store) -> None:
    store.add_result(declared(), BY_ELECTION, SOURCE)
    ballot = store.update_ballot(
        BY_ELECTION,
        by_election_reason="RESIGNATION",
        vacated_party="lab",
        organisation_name="Tower Hamlets",
    )
    assert (ballot.by_election_reason, ballot.vacated_party, ballot.organisation_name) == (
        "RESIGNATION",
        "lab",
        "Tower Hamlets",
    )
    ordinary = _ward(store, "bow-east", "2010-05-06", (10, 5))
    with pytest.raises(StoreError, match="needs a by-election"):
        store.update_ballot(ordinary, by_election_reason="DEATH")
    with pytest.raises(StoreError, match="cannot change"):
        store.update_ballot(ordinary, colour="red")
    with pytest.raises(StoreError, match=r"nowhere\.2010-05-06, is not in the store"):
        store.link_comparable(BY_ELECTION, "local.tower-hamlets.nowhere.2010-05-06")
    # the reason and the defending party are stated by the result: a new version says so
    first, second = store.history(BY_ELECTION)
    assert (first.by_election_reason, first.defending) == (None, None)
    assert (second.by_election_reason, second.defending, second.author) == (
        "RESIGNATION",
        "lab",
        "tellers",
    )
    assert second.candidates == first.candidates


def test_two_editors_saving_one_version_at_once_one_wins_one_is_told(store: Store) -> None:
    import threading

    assert store.add_result(declared(), BY_ELECTION, SOURCE, expected_version=0) == 1
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(author: str, votes: str) -> None:
        changed = declared(DECLARED.replace("140", votes))
        barrier.wait()
        try:
            outcomes[author] = store.add_result(
                changed, BY_ELECTION, SOURCE, author=author, expected_version=1
            )
        except ConflictError as error:
            outcomes[author] = error

    edits = (("ann", "141"), ("bob", "142"))
    threads = [threading.Thread(target=save, args=edit) for edit in edits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    won = [a for a, o in outcomes.items() if o == 2]
    told = [a for a, o in outcomes.items() if isinstance(o, ConflictError)]
    assert len(won) == 1 and len(told) == 1, outcomes
    history = store.history(BY_ELECTION)
    assert [h.version for h in history] == [1, 2]
    assert history[-1].author == won[0]
