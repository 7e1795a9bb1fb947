"""Cast vote records in CSV: RCTab's generic CSV and Clear Ballot's export.

Generic CSV (provider ``genericCsv``): a header row, then a paper a row. From
``firstVoteColumnIndex`` (1-based) on, each column is a candidate (its header
is the candidate's name, code or alias, or the undeclared write-in label)
and each cell is the rank the paper gave that candidate, or empty.

Clear Ballot (provider ``clearBallot``): a header row whose choice columns
are named ``Choice_<id>_<n>:<contest>:<rank>:<votes allowed>:<candidate>:<party>``,
then a paper a row, with ``1`` in each choice column marked (``0`` or nothing in the
others; anything else is an error). Only the columns
of the configured contest are read; a paper with no column of the contest
marked is a paper that ranked nobody.

Both are read row by row; names may be quoted and hold commas.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from ...core.records import CastVoteRecords
from ...errors import InputError
from ._source import Labels, Tally, rank_number, ranks_from_pairs


def _rows(path: str) -> Iterator[tuple[int, list[str]]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            yield from enumerate(csv.reader(handle), start=1)
    except OSError as error:
        raise InputError(path, None, f"cannot read the file ({error.strerror})") from None
    except (csv.Error, UnicodeDecodeError) as error:
        raise InputError(path, None, f"expected CSV text ({error})") from None


def _rank(where: str, line: int, text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError:
        raise InputError(where, line, f"expected a rank number, not {text!r}") from None


def read_generic_csv(labels: Labels, ranks: int) -> CastVoteRecords:
    """Read RCTab's generic CSV: candidate columns, rank numbers in the cells."""
    source = labels.source
    where = str(source.path)
    first_col = (source.first_vote_column or 1) - 1
    first_row = source.first_vote_row or 2
    columns: list[int | None] = []
    tally = Tally()
    for number, row in _rows(where):
        if number == 1:
            columns = [labels.mark(h, number) for h in row[first_col:]]
            continue
        if number < first_row:
            continue
        pairs: list[tuple[int, int]] = []
        for text, mark in zip(row[first_col:], columns, strict=False):
            rank = _rank(where, number, text)
            if rank is not None and mark is not None and 1 <= rank <= ranks:
                pairs.append((rank, mark))
        tally.add(ranks_from_pairs(sorted(pairs)))
    return tally.result()


def read_clear_ballot(labels: Labels, ranks: int) -> CastVoteRecords:
    """Read a Clear Ballot CSV export, one contest."""
    source = labels.source
    where = str(source.path)
    choices: list[tuple[int, int, int | None]] = []  # (column, rank, mark)
    tally = Tally()
    for number, row in _rows(where):
        if number == 1:
            for column, header in enumerate(row):
                if not header.startswith("Choice_"):
                    continue
                parts = header.split(":")
                if len(parts) < 5:
                    raise InputError(where, 1, f"expected a Clear Ballot choice header: {header!r}")
                contest = ":".join(parts[1:-4]) if len(parts) > 6 else parts[1]
                rank_text, candidate = parts[-4], parts[-2]
                if source.contest_id and contest != source.contest_id:
                    continue
                rank = rank_number(rank_text, where, 1)
                choices.append((column, rank, labels.mark(candidate, 1)))
            if not choices:
                raise InputError(where, 1, f"expected choice columns of {source.contest_id!r}")
            continue
        for column, _, _ in choices:
            if column < len(row) and row[column].strip() not in ("", "0", "1"):
                raise InputError(
                    where, number, f"expected 1 or 0 in a choice column, found {row[column]!r}"
                )
        pairs = [
            (rank, mark)
            for column, rank, mark in choices
            if mark is not None
            and rank <= ranks
            and column < len(row)
            and row[column].strip() == "1"
        ]
        tally.add(ranks_from_pairs(sorted(pairs)))
    return tally.result()
