"""The results store: elections, ballots, candidacies, result versions and votes.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tellers.results.schema import CURRENT_RESULTS_VIEW

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "elections",
        sa.Column("election_id", sa.String(200), nullable=False),
        sa.Column("election_type", sa.String(20), nullable=False),
        sa.Column("subtype", sa.String(10)),
        sa.Column("organisation", sa.String(100)),
        sa.Column("organisation_name", sa.String(200)),
        sa.Column("organisation_gss", sa.String(9)),
        sa.Column("poll_date", sa.Date, nullable=False),
        sa.PrimaryKeyConstraint("election_id", name="pk_elections"),
    )
    op.create_index("ix_elections_poll_date", "elections", ["poll_date"])
    op.create_table(
        "ballots",
        sa.Column("ballot_id", sa.String(200), nullable=False),
        sa.Column("election_id", sa.String(200), nullable=False),
        sa.Column("election_type", sa.String(20), nullable=False),
        sa.Column("organisation", sa.String(100)),
        sa.Column("division", sa.String(100)),
        sa.Column("division_name", sa.String(200)),
        sa.Column("division_gss", sa.String(9)),
        sa.Column("poll_date", sa.Date, nullable=False),
        sa.Column("seats", sa.Integer, nullable=False),
        sa.Column("by_election", sa.Boolean, nullable=False),
        sa.Column("by_election_reason", sa.String(30)),
        sa.Column("vacated_party", sa.String(100)),
        sa.Column("comparable_id", sa.String(200)),
        sa.Column("rules", sa.String(100)),
        sa.PrimaryKeyConstraint("ballot_id", name="pk_ballots"),
        sa.ForeignKeyConstraint(
            ["election_id"], ["elections.election_id"], name="fk_ballots_election_id_elections"
        ),
        sa.ForeignKeyConstraint(
            ["comparable_id"], ["ballots.ballot_id"], name="fk_ballots_comparable_id_ballots"
        ),
        sa.CheckConstraint("seats >= 1", name="ck_ballots_seats_positive"),
    )
    op.create_index("ix_ballots_election_id", "ballots", ["election_id"])
    op.create_index("ix_ballots_organisation", "ballots", ["organisation"])
    op.create_index("ix_ballots_division_gss", "ballots", ["division_gss"])
    op.create_index("ix_ballots_poll_date", "ballots", ["poll_date"])
    op.create_table(
        "candidacies",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("ballot_id", sa.String(200), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("party", sa.String(300), nullable=False),
        sa.Column("party_key", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_candidacies"),
        sa.ForeignKeyConstraint(
            ["ballot_id"], ["ballots.ballot_id"], name="fk_candidacies_ballot_id_ballots"
        ),
        sa.UniqueConstraint(
            "ballot_id",
            "name",
            "party",
            "party_key",
            name="uq_candidacies_ballot_id_name_party_party_key",
        ),
    )
    op.create_index("ix_candidacies_party_key", "candidacies", ["party_key"])
    op.create_table(
        "result_versions",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("ballot_id", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("rules", sa.String(100)),
        sa.Column("electorate", sa.Integer),
        sa.Column("papers_issued", sa.Integer),
        sa.Column("valid_papers", sa.Integer),
        sa.Column("rejected", sa.JSON, nullable=False),
        sa.Column("rejected_in_part", sa.Integer),
        sa.Column("postal", sa.JSON, nullable=False),
        sa.Column("count_json", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_result_versions"),
        sa.ForeignKeyConstraint(
            ["ballot_id"], ["ballots.ballot_id"], name="fk_result_versions_ballot_id_ballots"
        ),
        sa.UniqueConstraint("ballot_id", "version", name="uq_result_versions_ballot_id_version"),
        sa.CheckConstraint("kind in ('totals', 'count')", name="ck_result_versions_kind"),
        sa.CheckConstraint("version >= 1", name="ck_result_versions_version_positive"),
    )
    op.create_table(
        "result_votes",
        sa.Column("version_id", sa.Integer, nullable=False),
        sa.Column("candidacy_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("votes", sa.BigInteger, nullable=False),
        sa.Column("elected", sa.Boolean, nullable=False),
        sa.Column("sitting", sa.Boolean),
        sa.PrimaryKeyConstraint("version_id", "candidacy_id", name="pk_result_votes"),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["result_versions.id"],
            name="fk_result_votes_version_id_result_versions",
        ),
        sa.ForeignKeyConstraint(
            ["candidacy_id"], ["candidacies.id"], name="fk_result_votes_candidacy_id_candidacies"
        ),
    )
    op.execute(CURRENT_RESULTS_VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW current_results")
    op.drop_table("result_votes")
    op.drop_table("result_versions")
    op.drop_index("ix_candidacies_party_key", "candidacies")
    op.drop_table("candidacies")
    for name in ("poll_date", "division_gss", "organisation", "election_id"):
        op.drop_index(f"ix_ballots_{name}", "ballots")
    op.drop_table("ballots")
    op.drop_index("ix_elections_poll_date", "elections")
    op.drop_table("elections")
