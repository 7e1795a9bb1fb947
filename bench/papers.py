"""Write generated papers one a line: a seeded Plackett–Luce electorate (standard library).

Usage: ``python bench/papers.py --papers 1000000 --candidates 12 --seats 3 --seed 13 OUT.blt``
(``OUT.csv`` writes the same papers as a cast-vote-record CSV, one column a choice).

Each paper is drawn on its own from a Plackett–Luce model: candidate ``i``
(from 0) has weight ``1 / (i + 1)``; the first preference is drawn in
proportion to the weights, each next one in proportion to the weights of the
candidates not yet ranked. After each preference the voter stops with
probability :data:`STOP` (so a paper ranks 1 / STOP = 3.3 candidates on
average; a long tail ranks them all). Nothing is merged: a BLT file holds one
line a paper, ``1 c1 c2 ... 0``, as a count's raw papers would be exported,
and a CSV one row a paper, as a CVR is.

The draw uses the exponential race (a paper ranks the candidates in the
order of ``-log(u) / weight``), which is the Plackett–Luce law; the papers
depend only on the seed, the number of candidates and the number of papers.
"""

from __future__ import annotations

import argparse
import math
import random
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

#: The chance that a voter stops after each preference.
STOP = 0.3


def rankings(candidates: int, papers: int, seed: int) -> Iterator[list[int]]:
    """``papers`` rankings (0-based candidates), each a Plackett–Luce draw, truncated."""
    rng = random.Random(seed)
    draw = rng.random
    log = math.log
    scale = [i + 1.0 for i in range(candidates)]  # 1 / weight
    order = range(candidates)
    # how many a voter ranks: stop after each preference with chance STOP
    cumulative = []
    total = 0.0
    for k in range(1, candidates + 1):
        total += STOP * (1 - STOP) ** (k - 1) if k < candidates else (1 - STOP) ** (k - 1)
        cumulative.append(total)
    for _ in range(papers):
        u = draw()
        length = next(k for k, c in enumerate(cumulative, start=1) if u <= c or k == candidates)
        keys = [-log(1.0 - draw()) * s for s in scale]
        yield sorted(order, key=keys.__getitem__)[:length]


def write_blt(
    path: Path, candidates: int, seats: int, papers: int, seed: int, title: str = ""
) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(f"{candidates} {seats}\n")
        lines: list[str] = []
        for ranking in rankings(candidates, papers, seed):
            lines.append("1 " + " ".join([str(c + 1) for c in ranking]) + " 0\n")
            if len(lines) >= 100_000:
                out.writelines(lines)
                lines.clear()
        out.writelines(lines)
        out.write("0\n")
        for i in range(candidates):
            out.write(f'"Candidate {i + 1}"\n')
        out.write(f'"{title or path.stem}"\n')


def write_csv(path: Path, candidates: int, papers: int, seed: int, ranks: int = 0) -> None:
    """A CVR CSV: ``source_file,cast_vote_record,choice1..choiceN``, blank when unmarked."""
    ranks = ranks or candidates
    names = [f"Candidate {i + 1}" for i in range(candidates)]
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        choices = ",".join(f"choice{k + 1}" for k in range(ranks))
        out.write(f"source_file,cast_vote_record,{choices}\n")
        lines: list[str] = []
        for number, ranking in enumerate(rankings(candidates, papers, seed), start=1):
            cells = [names[c] for c in ranking[:ranks]]
            cells += ["undervote"] * (ranks - len(cells))
            lines.append(f"gen,{number}," + ",".join(cells) + "\n")
            if len(lines) >= 100_000:
                out.writelines(lines)
                lines.clear()
        out.writelines(lines)


def cached(
    folder: Path, kind: str, candidates: int, seats: int, papers: int, seed: int
) -> tuple[Path, float]:
    """The file of these papers in ``folder`` (written now unless there already), and the
    seconds spent writing it (0 if it was there)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"pl-{candidates}c-{seats}s-{papers}p-seed{seed}.{kind}"
    if path.exists():
        return path, 0.0
    start = time.perf_counter()
    partial = path.with_suffix(path.suffix + ".part")
    if kind == "blt":
        write_blt(partial, candidates, seats, papers, seed, title=path.stem)
    else:
        write_csv(partial, candidates, papers, seed)
    partial.rename(path)
    return path, time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="the file to write (.blt or .csv)")
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--candidates", type=int, default=12)
    parser.add_argument("--seats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    if args.out.suffix.lower() == ".csv":
        write_csv(args.out, args.candidates, args.papers, args.seed)
    else:
        write_blt(args.out, args.candidates, args.seats, args.papers, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
