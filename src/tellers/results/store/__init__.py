"""The results store: declared results and stored counts, with their whole history.

::

    from tellers.results.store import open_store
    store = open_store()                      # $TELLERS_DB, else ./tellers.db (SQLite)
    store = open_store("postgresql+psycopg://user@host/db")
    version = store.add_result(read("ward.txt"), "local.tower-hamlets.spitalfields-banglatown"
                               ".by.2012-04-26", source="https://...", author="ann")
    store.current_result(ballot_id); store.history(ballot_id); store.comparable(ballot_id)

Design:

- One schema (:mod:`tellers.results.schema`) on SQLite and PostgreSQL, through SQLAlchemy Core;
  :func:`open_store` brings the database to the newest Alembic revision first.
- A result is kept as versions. Saving inserts a new ``result_versions`` row (and
  its votes): nothing in the result tables is ever updated or deleted, so the
  history is the table itself and the current result is the highest version.
  Saving figures identical to the current version (same source too) adds nothing,
  which makes imports idempotent.
- ``expected_version``: the version the editor started from. If another change was
  saved since, :class:`ConflictError` is raised instead of writing over it
  (version numbers, not last-write-wins). ``0`` means "no result yet".
- A result typed in on the web (:mod:`tellers.results.entry`) is saved ``provisional`` and stays so
  until a second editor confirms it (a row of ``confirmations``); results added by the
  command line and imports are not provisional.
- One transaction per call: a bulk import (:meth:`Store.import_rows`) that fails
  anywhere leaves the database exactly as it was.

The package, by concern::

    records.py    the records (Ballot, Result, Figures, ...) and the errors
    opening.py    open_store, upgrade: the URL, the engine, the migrations
    figures.py    a result's figures from an Election or a count document; their checks
    reading.py    queries on an open connection; rows made into records
    writing.py    saving: the ballot made or filled in, then a new version; edits
    history.py    what changed from one version to the next
    database.py   the Store: one transaction per write; the readers
"""

from __future__ import annotations

from .database import Store, current
from .figures import figures_of, stated
from .history import Change, changes
from .opening import (
    ACCOUNTS_MIGRATIONS,
    DEFAULT_FILE,
    MIGRATIONS,
    accounts_file,
    default_url,
    open_store,
    upgrade,
)
from .records import (
    BY_ELECTION_REASONS,
    VERSIONED,
    Ballot,
    BallotInfo,
    CandidateResult,
    ConflictError,
    Figures,
    ImportSummary,
    PostalVotes,
    Result,
    ResultRow,
    StoreError,
    utc,
)

__all__ = [
    "ACCOUNTS_MIGRATIONS",
    "BY_ELECTION_REASONS",
    "DEFAULT_FILE",
    "MIGRATIONS",
    "VERSIONED",
    "Ballot",
    "BallotInfo",
    "CandidateResult",
    "Change",
    "ConflictError",
    "Figures",
    "ImportSummary",
    "PostalVotes",
    "Result",
    "ResultRow",
    "Store",
    "StoreError",
    "accounts_file",
    "changes",
    "current",
    "default_url",
    "figures_of",
    "open_store",
    "stated",
    "upgrade",
    "utc",
]
