"""Alembic migrations of the results store, run by :func:`tellers.results.store.open_store`."""
