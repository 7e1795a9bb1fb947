"""Alembic migrations of the accounts (schema ``accounts``), run before the results' own
by :func:`tellers.results.store.upgrade`; their version table is in the accounts too."""
