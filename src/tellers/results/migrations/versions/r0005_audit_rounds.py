"""Audit rounds: every round of a risk-limiting audit, with its report.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "audit_rounds",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("audit", sa.String(300), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("risk_limit", sa.String(20), nullable=False),
        sa.Column("seed", sa.String(200), nullable=False),
        sa.Column("draws", sa.Integer, nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("report", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_rounds"),
        sa.UniqueConstraint("audit", "round", name="uq_audit_rounds_audit_round"),
    )
    op.create_index("ix_audit_rounds_audit", "audit_rounds", ["audit"])


def downgrade() -> None:
    op.drop_index("ix_audit_rounds_audit", "audit_rounds")
    op.drop_table("audit_rounds")
