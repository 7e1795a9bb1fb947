"""Make generated-ward.blt: a Scottish-style four-member ward drawn from a printed seed.

    .venv/bin/python examples/generate_ward.py

The ballots come from tellers.sim.generate (party blocs, papers that stop
after a few preferences, as in the Scottish wards); the same seed gives the
same file on every machine, and tests/cli/test_examples.py checks that the
committed file is exactly what this script writes.
"""

from __future__ import annotations

from pathlib import Path

from tellers.sim import generate, to_blt

SEED = 20120503  # polling day of the 2012 Scottish council elections
CANDIDATES = 9
PAPERS = 5_000
SEATS = 4

TARGET = Path(__file__).with_name("generated-ward.blt")


def ward_text() -> str:
    """The BLT text of the generated ward."""
    election = generate(CANDIDATES, PAPERS, SEATS, seed=SEED, rules="scot-2011")
    return to_blt(election)


def main() -> None:
    print(f"seed {SEED}: {CANDIDATES} candidates, {PAPERS:,} papers, {SEATS} seats")
    TARGET.write_text(ward_text(), encoding="utf-8", newline="\n")
    print(f"wrote {TARGET.name}")


if __name__ == "__main__":
    main()
