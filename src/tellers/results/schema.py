"""The results store's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

::

    elections          one row per Democracy Club election (a council's polls on a day)
     └─ ballots        one row per contest ("ballot": a ward, a constituency) with its
         │             seats, GSS codes, by-election reason, vacated seat's party, and
         │             the comparable earlier ballot where linked explicitly (the facts
         │             a version states are those of its current version)
         ├─ candidacies  a candidate on that ballot: name, party as printed, party key
         └─ result_versions   append-only: one row per change to the ballot's result or
             │                to the facts it states (seats, date, ward name, defending
             │                party, reason, comparable ballot, source, note), with who
             │                and when; the highest ``version`` is the current result
             │                (view current_results)
             ├─ result_votes  votes (declared, or first preferences) and elected, per
             │                candidacy, for that version
             └─ confirmations  a provisional version (one typed in on the web) confirmed
                               by a second editor: who and when

    The accounts, kept apart (schema ``accounts``: the file tellers-accounts.db beside
    tellers.db, or on PostgreSQL a schema of their own), so that the results can be
    published whole:

    users              who can sign in: username, argon2id hash of the password, role
     └─ sessions       a signed-in browser: the sha256 of its cookie token, never the token
    sign_in_failures   wrong passwords (username as typed, client address), for the throttle
    edits              every attempt to enter or confirm a result on the web, with what
                       the editor sent and what came of it (saved, conflict, refused...):
                       drafts never saved, and refusals, are the newsroom's, not results

Who saved each version, and who confirmed it, stay with the results: the history
says who, when and what changed.

    audit_rounds       every round of a risk-limiting audit: the audit (a ballot id,
                       or the digest of the file audited), its seed, method, the
                       papers drawn, the decision and the round's report as JSON

Rows of ``result_versions``, ``result_votes``, ``candidacies``, ``confirmations``
and ``edits`` are only ever inserted: a correction is a new version, and so is a
change of what a result states of its poll. ``ballots`` and ``elections`` describe
a poll and are filled in as facts arrive; a ballot's seats, poll date, ward name,
defending party, by-election reason and comparable ballot are written with each
version of its result, so that they are the current version's. Identifiers
are Democracy Club's (:mod:`tellers.results.ids`). Counts of papers are
integers; a ``totals`` version holds the declared figures, a ``count`` version
also holds the ``tellers.count/1`` document it was read from (``count_json``).

The migrations in ``migrations/`` build exactly the results' tables, and those in
``accounts_migrations/`` the accounts' (tests compare them); change both together,
with a new revision.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "ACCOUNTS",
    "CURRENT_RESULTS_VIEW",
    "accounts_metadata",
    "audit_rounds",
    "ballots",
    "candidacies",
    "confirmations",
    "edits",
    "elections",
    "metadata",
    "result_versions",
    "result_votes",
    "sessions",
    "sign_in_failures",
    "users",
]

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: The results: what a user may publish.
metadata = sa.MetaData(naming_convention=NAMING)

#: The schema the accounts are kept in: on SQLite the accounts file, attached under this
#: name; on PostgreSQL a schema of their own (``<the results' schema>_accounts``), which
#: each connection's ``schema_translate_map`` puts in place of this name.
ACCOUNTS = "accounts"

#: Who can sign in and what they did: kept apart from the results (:data:`ACCOUNTS`).
accounts_metadata = sa.MetaData(schema=ACCOUNTS, naming_convention=NAMING)

#: Kinds of result version: declared totals, or a stored count.
KINDS = ("totals", "count")

elections = sa.Table(
    "elections",
    metadata,
    sa.Column("election_id", sa.String(200), primary_key=True),  # local.tower-hamlets.2014-05-22
    sa.Column("election_type", sa.String(20), nullable=False),  # local, parl, mayor, ...
    sa.Column("subtype", sa.String(10)),
    sa.Column("organisation", sa.String(100)),  # slug: tower-hamlets
    sa.Column("organisation_name", sa.String(200)),  # Tower Hamlets
    sa.Column("organisation_gss", sa.String(9)),  # E09000030
    sa.Column("poll_date", sa.Date, nullable=False, index=True),
)

ballots = sa.Table(
    "ballots",
    metadata,
    sa.Column("ballot_id", sa.String(200), primary_key=True),
    sa.Column(
        "election_id",
        sa.String(200),
        sa.ForeignKey("elections.election_id"),
        nullable=False,
        index=True,
    ),
    sa.Column("election_type", sa.String(20), nullable=False),
    sa.Column("organisation", sa.String(100), index=True),
    sa.Column("division", sa.String(100)),  # slug: spitalfields-banglatown
    sa.Column("division_name", sa.String(200)),  # Spitalfields & Banglatown
    sa.Column("division_gss", sa.String(9), index=True),  # E05000587
    sa.Column("poll_date", sa.Date, nullable=False, index=True),
    sa.Column("seats", sa.Integer, nullable=False),  # seats contested at this poll
    sa.Column("by_election", sa.Boolean, nullable=False),
    # Democracy Club's codes: DEATH, RESIGNATION, ELECTORAL_COURT, ... (store.BY_ELECTION_REASONS)
    sa.Column("by_election_reason", sa.String(30)),
    sa.Column("vacated_party", sa.String(100)),  # party key of the member whose seat fell vacant
    sa.Column("comparable_id", sa.String(200), sa.ForeignKey("ballots.ballot_id")),
    sa.Column("rules", sa.String(100)),  # rule set the poll is counted under: uk-fptp, ...
    sa.CheckConstraint("seats >= 1", name="seats_positive"),
)

candidacies = sa.Table(
    "candidacies",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ballot_id", sa.String(200), sa.ForeignKey("ballots.ballot_id"), nullable=False),
    sa.Column("name", sa.String(300), nullable=False),  # as printed on the ballot paper
    sa.Column("party", sa.String(300), nullable=False),  # as printed; "" when none
    sa.Column("party_key", sa.String(100), nullable=False, index=True),  # lab, con, ind, thf
    sa.UniqueConstraint("ballot_id", "name", "party", "party_key"),
)

result_versions = sa.Table(
    "result_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ballot_id", sa.String(200), sa.ForeignKey("ballots.ballot_id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),  # 1, 2, 3, ... per ballot
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("source", sa.Text, nullable=False),  # URL or document the figures come from
    sa.Column("kind", sa.String(10), nullable=False),  # totals | count
    sa.Column("rules", sa.String(100)),
    sa.Column("electorate", sa.Integer),
    sa.Column("papers_issued", sa.Integer),
    sa.Column("valid_papers", sa.Integer),
    sa.Column("rejected", sa.JSON, nullable=False),  # {statutory head: papers}
    sa.Column("rejected_in_part", sa.Integer),
    sa.Column("postal", sa.JSON, nullable=False),  # {issued, returned, rejected: {reason: n}}
    sa.Column("count_json", sa.Text),  # the tellers.count/1 document, when kind = count
    sa.Column("note", sa.Text),
    sa.Column("digest", sa.String(64), nullable=False),  # of the figures and source
    # The ballot's facts as this version states them (the ballot's row holds the current
    # version's): seats filled, the poll's date, the ward's name as the result gives it,
    # the defending party, why the by-election was held, the ballot compared with.
    sa.Column("seats", sa.Integer, nullable=False),
    sa.Column("poll_date", sa.Date, nullable=False),
    sa.Column("division_name", sa.String(200)),
    sa.Column("vacated_party", sa.String(100)),
    sa.Column("by_election_reason", sa.String(30)),
    sa.Column("comparable_id", sa.String(200), sa.ForeignKey("ballots.ballot_id")),
    # typed in on the web: awaits a second editor's confirmation (a row of confirmations)
    sa.Column("provisional", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.UniqueConstraint("ballot_id", "version"),
    sa.CheckConstraint("kind in ('totals', 'count')", name="kind"),
    sa.CheckConstraint("version >= 1", name="version_positive"),
)

result_votes = sa.Table(
    "result_votes",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("result_versions.id"), primary_key=True),
    sa.Column("candidacy_id", sa.Integer, sa.ForeignKey("candidacies.id"), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),  # order on the ballot paper, from 0
    sa.Column("votes", sa.BigInteger, nullable=False),  # declared, or first preferences
    sa.Column("elected", sa.Boolean, nullable=False),
    sa.Column("sitting", sa.Boolean),  # the sitting member, where the source marks it
)

confirmations = sa.Table(
    "confirmations",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("result_versions.id"), primary_key=True),
    sa.Column("confirmed_by", sa.String(200), nullable=False),
    sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
)

#: What an edit tried to do, and what came of it.
EDIT_ACTIONS = ("enter", "confirm")
EDIT_OUTCOMES = ("saved", "unchanged", "conflict", "refused")

edits = sa.Table(
    "edits",
    accounts_metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ballot_id", sa.String(200), nullable=False, index=True),  # perhaps not stored
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("action", sa.String(10), nullable=False),  # enter | confirm
    sa.Column("base_version", sa.Integer),  # the version the editor started from
    sa.Column("outcome", sa.String(10), nullable=False),  # saved | unchanged | conflict | refused
    sa.Column("version", sa.Integer),  # the version written or confirmed
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("submitted", sa.Text, nullable=False),  # what the editor sent, as sent
    sa.Column("message", sa.Text),  # why it was refused, or what it conflicted with
    sa.CheckConstraint("action in ('enter', 'confirm')", name="action"),
    sa.CheckConstraint("outcome in ('saved', 'unchanged', 'conflict', 'refused')", name="outcome"),
)

#: Roles of a user: viewers read, editors enter and confirm results, admins too.
ROLES = ("viewer", "editor", "admin")

users = sa.Table(
    "users",
    accounts_metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(100), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(200), nullable=False),  # $argon2id$...
    sa.Column("role", sa.String(10), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role in ('viewer', 'editor', 'admin')", name="role"),
)

sessions = sa.Table(
    "sessions",
    accounts_metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),  # sha256 hex of the cookie token
    sa.Column(
        "user_id", sa.Integer, sa.ForeignKey(f"{ACCOUNTS}.users.id"), nullable=False, index=True
    ),
    sa.Column("csrf_token", sa.String(100), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
)

sign_in_failures = sa.Table(
    "sign_in_failures",
    accounts_metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(100), nullable=False, index=True),  # as typed
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("client", sa.String(100), nullable=False),  # IP address, or ""
)

audit_rounds = sa.Table(
    "audit_rounds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("audit", sa.String(300), nullable=False, index=True),  # ballot id or file:<sha256>
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column("method", sa.String(20), nullable=False),
    sa.Column("risk_limit", sa.String(20), nullable=False),  # as given: "0.05"
    sa.Column("seed", sa.String(200), nullable=False),
    sa.Column("draws", sa.Integer, nullable=False),
    sa.Column("decision", sa.String(20), nullable=False),
    sa.Column("report", sa.Text, nullable=False),  # the round as JSON (tellers.audit.rounds)
    sa.Column("recorded_by", sa.String(200), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("audit", "round"),
)

#: The current result of every ballot: its latest version (created by the migration).
CURRENT_RESULTS_VIEW = """
CREATE VIEW current_results AS
SELECT v.*
FROM result_versions v
WHERE v.version = (
    SELECT max(w.version) FROM result_versions w WHERE w.ballot_id = v.ballot_id
)
"""
