"""Accounts apart from the results: users, sessions, sign-in failures and edit attempts
move to the schema ``accounts`` (made by the accounts' own revision a0001, which runs
first) and their tables here are dropped.

On SQLite the rows are deleted with ``secure_delete`` on before the tables are
dropped, so that the pages they leave free in the results file hold zeros, not a
copy of a password hash. On PostgreSQL the sequences of the moved ids go on from
the largest moved.

Revision ID: 0004
Revises: 0003
Create Date: 2025-07-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tellers.results.schema import ACCOUNTS, edits, sessions, sign_in_failures, users

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

#: Users before the sessions that refer to them.
MOVED = (users, sessions, sign_in_failures, edits)
#: The tables whose ids come from a sequence on PostgreSQL.
NUMBERED = (users, sign_in_failures, edits)


def _here(table: sa.Table) -> sa.TableClause:
    """The table of the same name and columns beside the results."""
    return sa.table(table.name, *(sa.column(c.name) for c in table.columns))


def _move(source: sa.Table | sa.TableClause, target: sa.Table | sa.TableClause) -> None:
    names = [c.name for c in source.columns]
    op.execute(target.insert().from_select(names, sa.select(*(source.c[name] for name in names))))


def _renumber(bind: sa.Connection, table: str, schema: str | None) -> None:
    """PostgreSQL: the id sequence of ``table`` goes on from its largest id."""
    if bind.dialect.name != "postgresql":
        return
    name = f'"{schema}"."{table}"' if schema else f'"{table}"'
    bind.execute(
        sa.text(
            f"SELECT setval(pg_get_serial_sequence(:name, 'id'), "
            f"coalesce((SELECT max(id) FROM {name}), 0) + 1, false)"
        ),
        {"name": name},
    )


def _accounts_schema(bind: sa.Connection) -> str:
    """The schema the accounts are in (PostgreSQL's translation of ``accounts``)."""
    translate = bind.get_execution_options().get("schema_translate_map") or {}
    return str(translate.get(ACCOUNTS, ACCOUNTS))


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("PRAGMA main.secure_delete = ON")
    for table in MOVED:
        _move(_here(table), table)
    for table in NUMBERED:
        _renumber(bind, table.name, _accounts_schema(bind))
    for table in reversed(MOVED):
        op.execute(_here(table).delete())
    op.drop_index("ix_sign_in_failures_username", "sign_in_failures")
    op.drop_table("sign_in_failures")
    op.drop_index("ix_sessions_expires_at", "sessions")
    op.drop_index("ix_sessions_user_id", "sessions")
    op.drop_table("sessions")
    op.drop_table("users")
    op.drop_index("ix_edits_ballot_id", "edits")
    op.drop_table("edits")


def downgrade() -> None:
    op.create_table(
        "edits",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("ballot_id", sa.String(200), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("base_version", sa.Integer),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("version", sa.Integer),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("submitted", sa.Text, nullable=False),
        sa.Column("message", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_edits"),
        sa.CheckConstraint("action in ('enter', 'confirm')", name="ck_edits_action"),
        sa.CheckConstraint(
            "outcome in ('saved', 'unchanged', 'conflict', 'refused')", name="ck_edits_outcome"
        ),
    )
    op.create_index("ix_edits_ballot_id", "edits", ["ballot_id"])
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
        sa.CheckConstraint("role in ('viewer', 'editor', 'admin')", name="ck_users_role"),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("csrf_token", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name="pk_sessions"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_sessions_user_id_users"),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_index("ix_sessions_expires_at", "sessions", ["expires_at"])
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("client", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sign_in_failures"),
    )
    op.create_index("ix_sign_in_failures_username", "sign_in_failures", ["username"])
    bind = op.get_bind()
    for table in MOVED:
        _move(table, _here(table))
    for table in NUMBERED:
        _renumber(bind, table.name, None)
    for table in reversed(MOVED):
        op.execute(table.delete())
