"""Counts for the report tests, with every figure typed from the spec's worked examples.

The reports are views of a Count, so these tests build the Count from the
spec's own figures (through the Sheet a rule set writes) rather than from a
rule set's output: a report test then fails only for a fault in the report.
"""

from __future__ import annotations

from tellers import Ballots, Candidate, Contest, Count, Election, NoLots, Totals, count
from tellers.core.count import Action
from tellers.core.model import REJECTION_HEADS
from tellers.rules.sheet import Sheet

#: One vote in units of 10^-5 (the Scottish rules work to five places).
U = 100_000


def fptp_1_1() -> tuple[Election, Count]:
    """Spec 01 example 1.1: A 420, B 380, C 200; rejected 1, 3, 0, 6; electorate 2,500."""
    contest = Contest(
        "Worked example 1.1",
        1,
        (Candidate("A", "Party A"), Candidate("B", "Party B"), Candidate("C", "Party C")),
    )
    election = Election(
        contest,
        Totals((420, 380, 200), papers=1000),
        rejected=dict(zip(REJECTION_HEADS, (1, 3, 0, 6), strict=True)),
        electorate=2500,
    )
    return election, count(election, "uk-fptp")


def block_1_2() -> tuple[Election, Count]:
    """Spec 01 example 1.2: a three-member ward, 1,488 valid papers, 3 rejected in part."""
    names = ("Lab1", "Lab2", "Con1", "Lab3", "Con2", "Con3", "Grn")
    parties = ("Labour", "Labour", "Conservative", "Labour", "Conservative", "Conservative")
    candidates = tuple(Candidate(n, p) for n, p in zip(names, (*parties, "Green"), strict=True))
    election = Election(
        Contest("Worked example 1.2", 3, candidates),
        Totals((640, 610, 600, 590, 560, 500, 300), papers=1488),
        rejected=dict(zip(REJECTION_HEADS, (0, 8, 1, 3), strict=True)),
        rejected_in_part=3,
    )
    return election, count(election, "uk-fptp")


def stv_4_1() -> tuple[Election, Count]:
    """Spec 04 example 4.1 as its table prints it: elected A, B, D; quota 26.

    The table puts the 0.00015 and 0.00024 lost to truncation in the
    non-transferable column; the count records them as loss to rounding.
    """
    contest = Contest("Worked example 4.1", 3, tuple(Candidate(n) for n in "ABCDE"))
    ballots = Ballots.of(
        (20, [0, 1, 2]),
        (12, [0, 2]),
        (9, [0, 3]),
        (10, [1, 2]),
        (9, [1, 4, 3]),
        (17, [2, 1]),
        (12, [3, 4, 2]),
        (11, [4, 3]),
    )
    sheet = Sheet(contest, "scot-2011", 5, NoLots())
    sheet.stage(Action.FIRST, [41 * U, 19 * U, 17 * U, 12 * U, 11 * U], elected=[0])
    sheet.elect(0, "quota reached")
    votes = [26 * U, 2631700, 2139020, 1529265, 11 * U]
    sheet.stage(Action.SURPLUS, votes, 0, 15, subjects=[0], elected=[1], transfer_values=[36585])
    sheet.elect(1, "quota reached")
    votes = [26 * U, 26 * U, 2159860, 1529265, 1110836]
    sheet.stage(Action.SURPLUS, votes, 0, 39, subjects=[1], transfer_values=[1204, 440])
    votes = [26 * U, 26 * U, 2159860, 2640101, 0]
    sheet.stage(Action.EXCLUSION, votes, 0, 39, subjects=[4], excluded=[4], elected=[3])
    sheet.exclude(4, "lowest")
    sheet.elect(3, "quota reached")
    election = Election(contest, ballots, source="spec 04 example 4.1", rules="scot-2011")
    return election, sheet.finish(100 * U, 26 * U, {})
