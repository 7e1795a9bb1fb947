"""``tellers compare``: one election under several rule sets, and where they part ways."""

from __future__ import annotations

import click

from ._options import check_format_in, input_options
from ._progress import ReadBar

__all__ = ["compare"]


@click.command()
@click.argument("file", metavar="FILE")
@click.option(
    "--rules",
    "-r",
    "rule_list",
    metavar="LIST",
    help="Rule sets to compare, separated by commas, each with options in brackets if "
    'wanted: "scot-2011,wigm[surplus-papers=last-parcel],ni-1985". Default: every rule set '
    "that can count the file.",
)
@click.option(
    "--format",
    "-f",
    "output",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="text: a table and where the rule sets part ways; json: one tellers.compare/1 document.",
)
@input_options(
    format_in_help="Format of the input file (default: guessed from its name and content).",
    lots_help="Replay an official draw (as for `count`); offered afresh to each rule set. "
    "Repeatable.",
    seed_help="Draw any lot not supplied with --lots at random from this seed, the same draws "
    "for each rule set as `count --seed` gives.",
)
def compare(
    file: str,
    rule_list: str | None,
    output: str,
    format_in: str | None,
    seats: int | None,
    lot_orders: tuple[str, ...],
    seed: int | None,
) -> None:
    """Count FILE under several rule sets and show where their results part ways.

    Prints who each rule set elects, side by side, and for every two rule sets
    that elect different members, the first stage at which their counts differ
    and what each did there. A rule set that cannot count the file (or needs a
    lot nobody supplied) is reported in its row; the others are still counted.

    FILE may be - for standard input.
    """
    from ..report.compare import comparison_json, comparison_text
    from ..service import CountRequest, compare_file

    check_format_in(format_in)
    request = CountRequest(format_in=format_in, seats=seats, lots=lot_orders, seed=seed).checked()
    with ReadBar() as reading:
        comparison = compare_file(file, rule_list, request, progress=reading)
    if output == "json":
        click.echo(comparison_json(comparison))
    else:
        click.echo(comparison_text(comparison), nl=False)
