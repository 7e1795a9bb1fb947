"""Alembic environment of the accounts: the tables of ``accounts_metadata``, in the schema
``accounts`` (SQLite: the attached accounts file; PostgreSQL: the schema the engine's
``schema_translate_map`` names), with their own version table there.

Run programmatically (:func:`tellers.results.store.upgrade`), which hands over an open
connection in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

from tellers.results.schema import ACCOUNTS, accounts_metadata

connection = context.config.attributes["connection"]
# Alembic looks for its version table by the schema's own name (its inspector does not
# translate): on PostgreSQL the name ``accounts`` stands for.
translate = connection.get_execution_options().get("schema_translate_map") or {}
context.configure(
    connection=connection,
    target_metadata=accounts_metadata,
    version_table_schema=translate.get(ACCOUNTS, ACCOUNTS),
    include_schemas=True,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
