"""Each result version states the ballot's facts: seats, poll date, ward name, defending
party, by-election reason and the ballot it is compared with.

Versions saved before this revision take the facts their ballot had at the upgrade
(the history of those facts was not kept before); nothing else changes.

Revision ID: 0003
Revises: 0002
Create Date: 2025-07-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tellers.results.schema import CURRENT_RESULTS_VIEW

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

#: The facts copied from each version's ballot, and their types.
FACTS = (
    ("seats", sa.Integer),
    ("poll_date", sa.Date),
    ("division_name", sa.String(200)),
    ("vacated_party", sa.String(100)),
    ("by_election_reason", sa.String(30)),
    ("comparable_id", sa.String(200)),
)


def upgrade() -> None:
    # PostgreSQL expands the view's ``v.*`` when it is created: made again below.
    op.execute("DROP VIEW current_results")
    with op.batch_alter_table("result_versions") as batch:
        for name, kind in FACTS:
            batch.add_column(sa.Column(name, kind))
    versions = sa.table(
        "result_versions", *(sa.column(n) for n, _ in FACTS), sa.column("ballot_id")
    )
    ballots = sa.table("ballots", *(sa.column(n) for n, _ in FACTS), sa.column("ballot_id"))
    op.execute(
        versions.update().values(
            {
                name: sa.select(ballots.c[name])
                .where(ballots.c.ballot_id == versions.c.ballot_id)
                .scalar_subquery()
                for name, _ in FACTS
            }
        )
    )
    with op.batch_alter_table("result_versions") as batch:
        batch.alter_column("seats", existing_type=sa.Integer, nullable=False)
        batch.alter_column("poll_date", existing_type=sa.Date, nullable=False)
        batch.create_foreign_key(
            "fk_result_versions_comparable_id_ballots", "ballots", ["comparable_id"], ["ballot_id"]
        )
    op.execute(CURRENT_RESULTS_VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW current_results")
    with op.batch_alter_table("result_versions") as batch:
        batch.drop_constraint("fk_result_versions_comparable_id_ballots", type_="foreignkey")
        for name, _ in reversed(FACTS):
            batch.drop_column(name)
    op.execute(CURRENT_RESULTS_VIEW)
