"""The London borough council elections of 22 May 2014: every ward's candidates.

``london_council_election_2014_ward.csv`` (``../shared/data/uk-london-2014-borough-wards-fptp``):
629 wards in 32 boroughs, one candidate a row, councillors marked elected. Each
ward becomes the ballot ``local.<borough>.<ward>.2014-05-22`` with its seats and
GSS codes; the party key is read from the file's abbreviation where the alias
table does not know the name (``THF``: ``thf``; every residents' association is
``REA``: ``rea``). This is :func:`.importing.import_csv` with the file's headings.
"""

from __future__ import annotations

from pathlib import Path

from .importing import LONDON_2014_COLUMNS, import_csv
from .store import ImportSummary, Store

__all__ = ["FILE", "POLL_DATE", "SOURCE", "import_london_2014"]

POLL_DATE = "2014-05-22"
FILE = "london_council_election_2014_ward.csv"
#: Where the file comes from (its folder's README.md).
SOURCE = (
    "london_council_election_2014_ward.csv, GitHub pipaluk5/dataVis commit "
    "b0d6e06addba568c8e24e63c67fd25ea1609de8f, "
    "exercises/ws06-tableData/election exercise/ (compiler not stated)"
)


def import_london_2014(
    store: Store, path: str | Path, *, author: str = "tellers", source: str = SOURCE
) -> ImportSummary:
    """Import the file (or the folder holding it) in one transaction."""
    path = Path(path)
    if path.is_dir():
        path = path / FILE
    return import_csv(
        store,
        path,
        poll_date=POLL_DATE,
        columns=LONDON_2014_COLUMNS,
        source=source,
        author=author,
    )
