"""The shipped migrations build exactly the tables of tellers.results.schema."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

from tellers.results.schema import ACCOUNTS, accounts_metadata, metadata
from tellers.results.store import MIGRATIONS, open_store, upgrade


def test_upgrade_head_on_an_empty_database_gives_the_schema(db_url: str) -> None:
    store = open_store(db_url)
    try:
        with store.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
            inspector = sa.inspect(connection)
            assert set(inspector.get_table_names()) == set(metadata.tables) | {"alembic_version"}
            assert "current_results" in inspector.get_view_names()
            assert context.get_current_revision() == "0005"
    finally:
        store.close()


def test_opening_again_changes_nothing(db_url: str) -> None:
    open_store(db_url).close()
    store = open_store(db_url)
    try:
        upgrade(store.engine)
        with store.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), metadata) == []
    finally:
        store.close()


def test_the_comparison_notices_a_difference(db_url: str) -> None:
    changed = sa.MetaData()
    for table in metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["ballots"].append_column(sa.Column("extra", sa.Integer))
    store = open_store(db_url)
    try:
        with store.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), changed)
        assert [d[0] for d in diff] == ["add_column"]
    finally:
        store.close()


def test_downgrade_to_base_removes_the_tables(db_url: str) -> None:
    store = open_store(db_url)
    try:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        with store.engine.connect() as connection:
            assert set(sa.inspect(connection).get_table_names()) == {"alembic_version"}
        upgrade(store.engine)
        with store.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), metadata) == []
    finally:
        store.close()


def test_results_stored_before_0002_are_not_provisional(db_url: str) -> None:
    store = open_store(db_url, migrate=False)
    try:
        upgrade(store.engine, "0001")
        with store.engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO elections (election_id, election_type, poll_date) "
                    "VALUES ('local.x.2014-05-22', 'local', '2014-05-22')"
                )
            )
            connection.execute(
                sa.text(
                    "INSERT INTO ballots (ballot_id, election_id, election_type, poll_date, "
                    "seats, by_election) VALUES ('local.x.y.2014-05-22', 'local.x.2014-05-22', "
                    "'local', '2014-05-22', 1, false)"
                )
            )
            connection.execute(
                sa.text(
                    "INSERT INTO result_versions (ballot_id, version, created_at, author, "
                    "source, kind, rejected, postal, digest) VALUES ('local.x.y.2014-05-22', "
                    "1, '2014-05-23 01:00:00', 'ann', 'x', 'totals', '{}', '{}', 'd')"
                )
            )
        upgrade(store.engine)
        with store.engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT provisional FROM current_results")).all()
        assert [bool(provisional) for (provisional,) in rows] == [False]
        result = store.current_result("local.x.y.2014-05-22")
        assert result is not None and not result.provisional and result.confirmed_by is None
    finally:
        store.close()


def test_a_store_made_before_0003_keeps_everything_and_each_version_gets_its_ballots_facts(
    db_url: str,
) -> None:
    """Versions saved before the ballot's facts were versioned take the facts as they
    stood at the upgrade: nothing is lost, and the current result shows what it showed."""
    ballot_id = "local.x.y.by.2014-05-22"
    store = open_store(db_url, migrate=False)
    try:
        upgrade(store.engine, "0002")
        with store.engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO elections (election_id, election_type, organisation, "
                    "organisation_name, poll_date) VALUES ('local.x.2014-05-22', 'local', 'x', "
                    "'Exton', '2014-05-22')"
                )
            )
            connection.execute(
                sa.text(
                    "INSERT INTO ballots (ballot_id, election_id, election_type, organisation, "
                    "division, division_name, poll_date, seats, by_election, by_election_reason, "
                    "vacated_party) VALUES (:id, 'local.x.2014-05-22', 'local', 'x', 'y', "
                    "'Wye & Zed', '2014-05-22', 1, true, 'DEATH', 'lab')"
                ),
                {"id": ballot_id},
            )
            for version, (source, votes) in enumerate((("first", 10), ("second", 12)), start=1):
                version_id = connection.execute(
                    sa.text(
                        "INSERT INTO result_versions (ballot_id, version, created_at, author, "
                        "source, kind, rejected, postal, note, digest) VALUES (:id, :v, "
                        "'2014-05-23 01:00:00', 'ann', :source, 'totals', '{}', '{}', :note, 'd') "
                        "RETURNING id"
                    ),
                    {"id": ballot_id, "v": version, "source": source, "note": f"n{version}"},
                ).scalar_one()
                if version == 1:
                    candidacy = connection.execute(
                        sa.text(
                            "INSERT INTO candidacies (ballot_id, name, party, party_key) "
                            "VALUES (:id, 'A Candidate', 'Labour', 'lab') RETURNING id"
                        ),
                        {"id": ballot_id},
                    ).scalar_one()
                connection.execute(
                    sa.text(
                        "INSERT INTO result_votes (version_id, candidacy_id, position, votes, "
                        "elected) VALUES (:v, :c, 0, :n, true)"
                    ),
                    {"v": version_id, "c": candidacy, "n": votes},
                )
        upgrade(store.engine)
        history = store.history(ballot_id)
        assert [(r.version, r.source, r.note, r.candidates[0].votes) for r in history] == [
            (1, "first", "n1", 10),
            (2, "second", "n2", 12),
        ]
        for result in history:
            assert (result.seats, result.poll_date.isoformat(), result.ward_name) == (
                1,
                "2014-05-22",
                "Wye & Zed",
            )
            assert (result.defending, result.by_election_reason) == ("lab", "DEATH")
        ballot = store.ballot(ballot_id)
        assert (ballot.division_name, ballot.vacated_party, ballot.organisation_name) == (
            "Wye & Zed",
            "lab",
            "Exton",
        )
    finally:
        store.close()


def test_the_accounts_migrations_build_the_accounts_tables_apart(db_url: str) -> None:
    store = open_store(db_url)
    try:
        schema = ACCOUNTS if store.engine.dialect.name == "sqlite" else store.accounts
        assert store.accounts is not None and store.accounts.endswith(("_accounts", ".db"))
        with store.engine.connect() as connection:
            inspector = sa.inspect(connection)
            tables = set(inspector.get_table_names(schema=schema))
            assert tables == {t.name for t in accounts_metadata.tables.values()} | {
                "alembic_version"
            }
            for table in accounts_metadata.tables.values():
                columns = {
                    c["name"]: c["nullable"] for c in inspector.get_columns(table.name, schema)
                }
                assert columns == {c.name: c.nullable for c in table.columns}, table.name
                indexes = {
                    i["name"]
                    for i in inspector.get_indexes(table.name, schema)
                    if not i.get("duplicates_constraint")  # PostgreSQL's of a unique constraint
                }
                assert indexes == {i.name for i in table.indexes}, table.name
            assert not set(inspector.get_table_names()) & tables - {"alembic_version"}
            version = connection.execute(
                sa.select(sa.column("version_num")).select_from(
                    sa.table("alembic_version", schema=schema)
                )
            ).scalar_one()
            assert version == "a0001"
    finally:
        store.close()
