"""Helpers shared by the benchmark runners: standard library only.

The peer runners run in ``bench/.venv``, where tellers is not installed, so they
read BLT files and PrefLib ``.soi``/``.toi`` files with the small readers here
rather than with tellers' own (:func:`read_ballots` picks one by the file's
name). Every
runner writes one JSON result: what it elected (1-based candidate numbers, in
the order of the file) and how long the counting alone took.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

#: ``rctab`` options for Maine's ranked-choice law (21-A M.R.S. s. 723-A): batch
#: elimination; an overvote exhausts the paper; two skipped rankings in a row
#: exhaust it; five rankings read.
MAINE_OPTIONS = {
    "batch-elimination": "yes",
    "overvote-rule": "exhaustImmediately",
    "max-skipped-ranks": "1",
    "max-rankings": "5",
}


#: The vote-count suffix some CVR exports add to a name: ``Bond, Tiffany L. (5931)``.
_SUFFIX = re.compile(r"\s*\([0-9]+\)\s*$")


@dataclass(frozen=True)
class BltElection:
    """A BLT file as the peers need it: names, seats and weighted rankings (0-based)."""

    names: tuple[str, ...]
    seats: int
    rankings: tuple[tuple[int, ...], ...]
    weights: tuple[int, ...]
    title: str

    @property
    def papers(self) -> int:
        return sum(self.weights)


def read_blt(path: str | Path) -> BltElection:
    """Read a BLT file (weighted lines, no equal preferences, withdrawn line allowed);
    identical rankings are merged, so a peer that takes weights gets each once."""
    # One Scottish file ends each line with a comma; treat commas as spaces.
    lines = Path(path).read_text(encoding="utf-8", errors="replace").replace(",", " ").splitlines()
    lines = [line.strip() for line in lines if line.strip()]
    candidates, seats = (int(x) for x in lines[0].split()[:2])
    i = 1
    withdrawn: set[int] = set()
    if lines[i].startswith("-"):
        withdrawn = {-int(x) - 1 for x in lines[i].split()}
        i += 1
    merged: dict[tuple[int, ...], int] = {}  # identical rankings merged, as first seen
    while True:
        fields = lines[i].split()
        i += 1
        if fields[0] == "0":
            break
        ranking = tuple(int(x) - 1 for x in fields[1:] if x != "0")
        ranking = tuple(c for c in ranking if c not in withdrawn)
        if ranking:
            merged[ranking] = merged.get(ranking, 0) + int(fields[0])
    rankings, weights = list(merged), list(merged.values())
    names = tuple(_unquote(line) for line in lines[i : i + candidates])
    title = _unquote(lines[i + candidates]) if len(lines) > i + candidates else ""
    return BltElection(names, seats, tuple(rankings), tuple(weights), title)


def read_preflib(path: str | Path) -> BltElection:
    """Read a PrefLib ``.soi``/``.toi`` file as one seat (``count: a,b,{c,d},...``).

    A ranking stops before its first tie (``{...}``), as tellers' reader does for
    the UK statutes; the NSW files have none.
    """
    names: dict[int, str] = {}
    title = ""
    rankings: list[tuple[int, ...]] = []
    weights: list[int] = []
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            key = key.strip().upper()
            if key.startswith("ALTERNATIVE NAME"):
                names[int(key.split()[-1])] = value.strip()
            elif key == "TITLE":
                title = value.strip()
            continue
        papers, _, order = line.partition(":")
        ranking: list[int] = []
        for item in order.split(","):
            item = item.strip()
            if not item or item.startswith("{"):
                break
            ranking.append(int(item) - 1)
        if ranking:
            rankings.append(tuple(ranking))
            weights.append(int(papers))
    count = max(names, default=0)
    return BltElection(
        tuple(names.get(i + 1, f"C{i + 1}") for i in range(count)),
        1,
        tuple(rankings),
        tuple(weights),
        title,
    )


def read_maine_cvr(path: str | Path, skips: int = 1, ranks: int = 5) -> BltElection:
    """Read a CVR as CSV (``choice1``...``choiceN`` columns, ``.gz`` allowed) as Maine counts.

    Neither peer knows overvotes or skipped ranks, so each paper becomes the
    ranking it counts for under Maine's law (:data:`MAINE_OPTIONS`), which no
    elimination can change: ranks after ``ranks`` are not read; more than
    ``skips`` unmarked ranks in a row (``undervote`` or blank, counting from the
    first rank) end the paper, as does an ``overvote``, whether or not its
    candidates continue; a candidate ranked again is passed over. Papers left
    with no ranking are dropped (they count for nobody in any round). Candidates
    are numbered in the order their names first appear, as tellers' reader does.
    """
    opener = gzip.open if str(path).lower().endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle)
        header = [cell.strip().lower() for cell in next(rows)]
        numbered = [(int(h[6:]), i) for i, h in enumerate(header) if h[6:].isdigit()]
        columns = [i for _, i in sorted(numbered) if header[i].startswith("choice")]
        distinct: dict[tuple[str, ...], int] = {}
        for row in rows:
            key = tuple(row[c] for c in columns)
            distinct[key] = distinct.get(key, 0) + 1
    names: dict[str, int] = {}
    merged: dict[tuple[int, ...], int] = {}
    for key, papers in distinct.items():
        cells = [_SUFFIX.sub("", cell.strip()) for cell in key]
        for text in cells:
            if text.casefold() not in ("", "undervote", "overvote"):
                names.setdefault(text, len(names))
        ranking: list[int] = []
        gap = 0
        for text in cells[:ranks]:
            folded = text.casefold()
            if folded in ("", "undervote"):
                gap += 1
                if gap > skips:
                    break
                continue
            gap = 0
            if folded == "overvote":
                break
            candidate = names[text]
            if candidate not in ranking:
                ranking.append(candidate)
        if ranking:
            merged[tuple(ranking)] = merged.get(tuple(ranking), 0) + papers
    title = Path(path).name.split(".")[0]
    return BltElection(tuple(names), 1, tuple(merged), tuple(merged.values()), title)


def read_ballots(path: str | Path) -> BltElection:
    """Read a ballot file with the reader its name calls for: CVR CSV, PrefLib or BLT."""
    name = str(path).lower()
    if name.endswith((".csv", ".csv.gz")):
        return read_maine_cvr(path)
    if name.endswith((".soi", ".toi")):
        return read_preflib(path)
    return read_blt(path)


def _unquote(text: str) -> str:
    return text.strip().strip('"').strip()


def labels(count: int) -> list[str]:
    """Neutral candidate labels ``C01``... so that odd names in files cannot trip a peer."""
    return [f"C{i + 1:02d}" for i in range(count)]


def numbers(names: Sequence[str], elected: Sequence[str]) -> list[int]:
    """Elected labels back to 1-based candidate numbers, sorted."""
    index = {name: i + 1 for i, name in enumerate(names)}
    return sorted(index[name] for name in elected)


@contextmanager
def stopwatch(total: list[float]) -> Iterator[None]:
    """Adds the seconds spent inside the block to ``total[0]``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        total[0] += time.perf_counter() - start


#: A counter: path -> (elected 1-based numbers, seconds spent counting).
Counter = Callable[[str], tuple[list[int], float]]


def count_files(counter: Counter, paths: Sequence[str], jobs: int) -> dict[str, object]:
    """Count every path (in ``jobs`` processes) and gather elected sets and count time."""
    elected: dict[str, list[int]] = {}
    errors: dict[str, str] = {}
    count_s = 0.0
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            futures = {path: pool.submit(_guarded, counter, path) for path in paths}
            outcomes = {path: future.result() for path, future in futures.items()}
    else:
        outcomes = {path: _guarded(counter, path) for path in paths}
    for path, (won, seconds, error) in outcomes.items():
        count_s += seconds
        if error:
            errors[path] = error
        else:
            elected[path] = won
    return {"elected": elected, "errors": errors, "count_s": count_s}


def _guarded(counter: Counter, path: str) -> tuple[list[int], float, str]:
    try:
        won, seconds = counter(path)
    except Exception as error:  # a peer failing on one file must not stop the others
        return [], 0.0, f"{type(error).__name__}: {error}"[:300]
    return won, seconds, ""


def runner_arguments(variants: Sequence[str]) -> argparse.Namespace:
    """The command line every runner takes."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--variant", choices=variants, required=True)
    parser.add_argument("--list", help="a file naming one ballot file a line (count each)")
    parser.add_argument("--file", help="one ballot file (BLT, PrefLib .soi/.toi)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--out", required=True, help="where the JSON result goes")
    args = parser.parse_args()
    if bool(args.list) == bool(args.file):
        parser.error("give --list or --file")
    return args


def run(counter: Counter, args: argparse.Namespace, note: str = "") -> None:
    """Count what ``args`` names with ``counter`` and write the result to ``args.out``."""
    if args.list:
        paths = Path(args.list).read_text(encoding="utf-8").split("\n")
        result = count_files(counter, [p for p in paths if p], args.jobs)
    else:
        result = count_files(counter, [args.file], 1)
    result["note"] = note
    result["pid"] = os.getpid()
    Path(args.out).write_text(json.dumps(result), encoding="utf-8")
