"""The accounts: users, sessions, the sign-in throttle's failures and the edit attempts,
in the schema ``accounts``, apart from the results (the results' revision 0004 moves
those a store kept beside its results).

Revision ID: a0001
Revises:
Create Date: 2025-07-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tellers.results.schema import ACCOUNTS

revision: str = "a0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
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
        schema=ACCOUNTS,
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("csrf_token", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name="pk_sessions"),
        sa.ForeignKeyConstraint(
            ["user_id"], [f"{ACCOUNTS}.users.id"], name="fk_sessions_user_id_users"
        ),
        schema=ACCOUNTS,
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"], schema=ACCOUNTS)
    op.create_index("ix_sessions_expires_at", "sessions", ["expires_at"], schema=ACCOUNTS)
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("client", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sign_in_failures"),
        schema=ACCOUNTS,
    )
    op.create_index(
        "ix_sign_in_failures_username", "sign_in_failures", ["username"], schema=ACCOUNTS
    )
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
        schema=ACCOUNTS,
    )
    op.create_index("ix_edits_ballot_id", "edits", ["ballot_id"], schema=ACCOUNTS)


def downgrade() -> None:
    op.drop_index("ix_edits_ballot_id", "edits", schema=ACCOUNTS)
    op.drop_table("edits", schema=ACCOUNTS)
    op.drop_index("ix_sign_in_failures_username", "sign_in_failures", schema=ACCOUNTS)
    op.drop_table("sign_in_failures", schema=ACCOUNTS)
    op.drop_index("ix_sessions_expires_at", "sessions", schema=ACCOUNTS)
    op.drop_index("ix_sessions_user_id", "sessions", schema=ACCOUNTS)
    op.drop_table("sessions", schema=ACCOUNTS)
    op.drop_table("users", schema=ACCOUNTS)
