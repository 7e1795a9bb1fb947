"""Run the fuzz corpus and print its figures: ``python -m tests.fuzz.report [READER...]``."""

from __future__ import annotations

import sys
import time

from . import corpus


def main(readers: list[str]) -> int:
    chosen = readers or sorted(corpus.bases())
    began = time.monotonic()
    results = corpus.run([task for reader in chosen for task in corpus.plan(reader)])
    print(corpus.table_text(corpus.figures(results)))
    print(f"{len(results)} cases in {time.monotonic() - began:.0f} s")
    bad = [r for r in results if r.outcome in ("traceback", "hang", "ignored")]
    for r in bad:
        print(f"case {r.index} of {r.reader} ({r.kind} of {r.base}): {r.outcome}: {r.detail}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
