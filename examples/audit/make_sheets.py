"""Write the auditors' sheets of the Castle audit example, from printed seeds.

Castle is not a real election: 500 papers in two boxes of 250 (manifest.csv),
300 for Ann JONES and 200 for Bob SMITH (castle.txt), in an order shuffled from
the seed PAPERS_SEED. The audit draws papers with Rivest's sampler from the seed
AUDIT_SEED (as `tellers audit sample` does); round1.csv holds what the auditors
read on the first 10 papers drawn, round2.csv on the first 40 and round3.csv on the
first 160, in the layout of
`tellers audit sample --format sheet`. Run from this folder:

    python make_sheets.py
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

PAPERS_SEED = 20261207
AUDIT_SEED = "82170593614278590311"
BOX = 250
NAMES = ("Ann JONES",) * 300 + ("Bob SMITH",) * 200


def papers() -> list[str]:
    """The 500 papers' marks, paper 1 first (Box 1 holds papers 1-250, Box 2 251-500)."""
    order = list(NAMES)
    random.Random(PAPERS_SEED).shuffle(order)
    return order


def draw(i: int, papers: int) -> int:
    """Draw i of Rivest's sampler.py (2011): SHA-256 of "SEED,i", mod N, plus 1."""
    digest = hashlib.sha256(f"{AUDIT_SEED},{i}".encode()).hexdigest()
    return int(digest, 16) % papers + 1


def sheet(draws: int) -> str:
    marks = papers()
    rows = ["draw,ballot,batch,position,marks"]
    for i in range(1, draws + 1):
        ballot = draw(i, len(marks))
        box, position = divmod(ballot - 1, BOX)
        rows.append(f"{i},{ballot},Box {box + 1},{position + 1},{marks[ballot - 1]}")
    return "\n".join(rows) + "\n"


def main() -> None:
    print(f"papers shuffled from seed {PAPERS_SEED}; sample drawn from seed {AUDIT_SEED}")
    here = Path(__file__).resolve().parent
    for name, draws in (("round1.csv", 10), ("round2.csv", 40), ("round3.csv", 160)):
        (here / name).write_text(sheet(draws), encoding="utf-8")


if __name__ == "__main__":
    main()
