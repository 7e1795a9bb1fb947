"""Results: stored contest results and the analysts' view of them (spec 08).

::

    ids.py         election and ballot identifiers (uk-election-ids): parse, build, validate
    parties.py     party as printed -> party key (lab, con, ld, ...; ind for independents)
    schema.py      the store's tables (SQLAlchemy Core); migrations/ builds them (Alembic)
    store/         open_store(url) -> Store: results with append-only history, conflicts
    importing.py   import a CSV of candidate results (columns mapped with --columns)
    london2014.py  the London borough wards of 22 May 2014
    analysis/      majority, shares, change, swing, hold/gain, turnout
    card.py        the result card: an analysis as people and programs read it
    accounts.py    users (argon2id passwords, roles), sessions, the sign-in throttle: kept
                   apart from the results (tellers-accounts.db, or a PostgreSQL schema)
    accounts_migrations/  the accounts' own migrations (Alembic)
    entry.py       results typed in on the web: provisional until a second editor confirms
    audits.py      rounds of risk-limiting audits: recorded in order, read back

Nothing is imported here: ``import tellers.results.store`` loads SQLAlchemy only then.
"""
