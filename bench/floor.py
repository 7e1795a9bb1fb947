"""The reading floor: parse a file's lines once with pyarrow and merge identical papers.

Usage: ``python bench/floor.py FILE...`` (``--list LISTING``: a file naming one file a
line). A counter cannot do less than this: every line of the file is parsed once
(``pyarrow.csv.read_csv`` with one string column a line; a ``.gz`` is
decompressed as it is read) and identical lines are merged
(``pyarrow.compute.value_counts``). Prints, for each file, its lines and its
distinct lines; the benchmark times the whole process, start-up and the import
of pyarrow included, as it times ``tellers count``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import pyarrow as pa  # type: ignore[import-untyped, import-not-found, unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped, import-not-found, unused-ignore]
import pyarrow.csv as pa_csv  # type: ignore[import-untyped, import-not-found, unused-ignore]

#: A byte that no ballot file holds, as the column delimiter: each line is one cell.
DELIMITER = "\x1f"


def read_lines(path: str) -> tuple[int, int]:
    """(lines, distinct lines) of the file at ``path``."""
    table = pa_csv.read_csv(
        path,
        read_options=pa_csv.ReadOptions(column_names=["line"]),
        parse_options=pa_csv.ParseOptions(delimiter=DELIMITER, quote_char=False),
        convert_options=pa_csv.ConvertOptions(column_types={"line": pa.string()}),
    )
    merged = pc.value_counts(table.column("line"))
    return table.num_rows, len(merged)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--list", help="a file naming one file a line")
    args = parser.parse_args(argv)
    files = list(args.files)
    if args.list:
        with open(args.list, encoding="utf-8") as listing:
            files += [line for line in listing.read().split("\n") if line]
    lines = distinct = 0
    for path in files:
        n, d = read_lines(path)
        lines += n
        distinct += d
    sys.stdout.write(f"{len(files)} files, {lines} lines, {distinct} distinct lines\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
