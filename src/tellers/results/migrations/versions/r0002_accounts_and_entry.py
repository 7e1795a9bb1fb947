"""Accounts and results entry: users, sessions, the sign-in throttle, provisional
versions, confirmations and the edit history.

Revision ID: 0002
Revises: 0001
Create Date: 2025-06-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tellers.results.schema import CURRENT_RESULTS_VIEW

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # PostgreSQL expands the view's ``v.*`` when it is created: create it again so that
    # it has the new column too.
    op.execute("DROP VIEW current_results")
    op.add_column(
        "result_versions",
        sa.Column("provisional", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.execute(CURRENT_RESULTS_VIEW)
    op.create_table(
        "confirmations",
        sa.Column("version_id", sa.Integer, nullable=False),
        sa.Column("confirmed_by", sa.String(200), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("version_id", name="pk_confirmations"),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["result_versions.id"],
            name="fk_confirmations_version_id_result_versions",
        ),
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


def downgrade() -> None:
    op.drop_index("ix_sign_in_failures_username", "sign_in_failures")
    op.drop_table("sign_in_failures")
    op.drop_index("ix_sessions_expires_at", "sessions")
    op.drop_index("ix_sessions_user_id", "sessions")
    op.drop_table("sessions")
    op.drop_table("users")
    op.drop_index("ix_edits_ballot_id", "edits")
    op.drop_table("edits")
    op.drop_table("confirmations")
    op.execute("DROP VIEW current_results")
    with op.batch_alter_table("result_versions") as batch:
        batch.drop_column("provisional")
    op.execute(CURRENT_RESULTS_VIEW)
