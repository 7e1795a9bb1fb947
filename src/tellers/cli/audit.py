"""``tellers audit``: risk-limiting audits: draw the sample, plan, run a round, list rounds.

Purpose: the command-line edge over :mod:`tellers.service.audit`. ``sample``
prints the papers to pull; ``plan`` how many to expect; ``run`` reads the
auditors' sheet, says whether the risk limit is met, and records the round in
the results store; ``rounds`` lists an audit's recorded rounds. Errors are one
line and exit code 1 (the main group's), usage mistakes exit code 2.

Design: only click is imported at start-up; the audit library, readers and the
store are imported inside the commands.
"""

from __future__ import annotations

import json
import os
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import click

from ._options import check_format_in, database, store_url

if TYPE_CHECKING:
    from ..service.results import Store

SAMPLERS = ("rivest-2011", "consistent")
METHODS = ("ballot-polling", "comparison", "batch-comparison")
RISK_FUNCTIONS = ("bravo", "super-simple", "alpha", "macro")


def _echo_json(document: Any) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def _risk_limit(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    """``0.05`` or ``5%``, strictly between 0 and 1."""
    if value is None:
        return None
    text = value.strip()
    try:
        number = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise click.BadParameter(f"expected a fraction such as 0.05 or 5%, not {value!r}") from None
    if not 0 < number < 1:
        raise click.BadParameter(
            f"expected a risk limit between 0 and 1 (0% and 100%), not {value}"
        )
    return number


def _fraction(ctx: click.Context, param: click.Parameter, value: str | None) -> Fraction | None:
    """``2/3``, ``0.6`` or ``60%``, strictly between 0 and 1."""
    if value is None:
        return None
    text = value.strip()
    try:
        number = Fraction(text[:-1]) / 100 if text.endswith("%") else Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise click.BadParameter(f"expected a fraction such as 2/3 or 60%, not {value!r}") from None
    if not 0 < number < 1:
        raise click.BadParameter(f"expected a fraction between 0 and 1, not {value}")
    return number


def _rates(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[float, float]:
    """``R1,R2``: the expected rates of 1- and 2-vote overstatements."""
    if value is None:
        return (0.0, 0.0)
    parts = value.split(",")
    try:
        rates = tuple(float(p) for p in parts)
    except ValueError:
        raise click.BadParameter(f"expected two rates such as 0.001,0, not {value!r}") from None
    if len(rates) != 2 or not all(0 <= r < 1 for r in rates):
        raise click.BadParameter(
            f"expected two rates from 0 up to 1, such as 0.001,0, not {value!r}"
        )
    return (rates[0], rates[1])


def _open(ctx: click.Context) -> Store:
    from ..service.results import open_store

    store = open_store(ctx.obj["db"])
    ctx.call_on_close(store.close)
    return store


def _has_store(ctx: click.Context) -> bool:
    """Whether a results store was named (--db or $TELLERS_DB) or the default one exists:
    a plan of a file that is not there must not make an empty ./tellers.db."""
    return bool(ctx.obj["db"] or os.environ.get("TELLERS_DB") or os.path.exists("tellers.db"))


def _author() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "tellers"


def _count_options(command: Any) -> Any:
    """--rules, --format-in, --seats and --lots: how RESULT (a file) is counted."""
    for decorator in reversed(
        (
            click.option(
                "--rules",
                "-r",
                metavar="RULES",
                help="Rule set RESULT is counted under (default: the one its reader chooses).",
            ),
            click.option(
                "--format-in", "-F", metavar="FORMAT", help="Format of RESULT (default: guessed)."
            ),
            click.option(
                "--seats",
                type=click.IntRange(min=1),
                help="Seats filled, where RESULT does not say.",
            ),
            click.option(
                "--lots",
                "lot_orders",
                multiple=True,
                metavar='"A>B"',
                help="Replay the official draw of a lot in the count (as for `count`).",
            ),
        )
    ):
        command = decorator(command)
    return command


def _request(
    rules: str | None, format_in: str | None, seats: int | None, lots: tuple[str, ...]
) -> Any:
    from ..service import CountRequest

    check_format_in(format_in)
    return CountRequest(rules=rules, format_in=format_in, seats=seats, lots=lots).checked()


@click.group()
@database(
    "The results store, where rounds are recorded and stored results are read: a "
    "database URL or a SQLite file. Default: $TELLERS_DB, else ./tellers.db.",
    name="db",
)
@click.pass_context
def audit(ctx: click.Context, db: str | None) -> None:
    """Risk-limiting audits: draw the sample, plan, run a round, list the rounds.

    A risk-limiting audit checks a declared result against a random sample of
    the papers: if the result is wrong, the audit goes on to a full hand count
    with probability at least 1 - the risk limit. STV has no sound method yet:
    for an STV count tellers audits the first preferences and the exhaustion
    total only, and says so.
    """
    ctx.obj = {"db": store_url(db)}


@audit.command()
@click.option(
    "--seed", required=True, metavar="SEED", help="The seed rolled in public (e.g. 20 dice digits)."
)
@click.option(
    "--ballots", type=click.IntRange(min=1), metavar="N", help="Draw from papers numbered 1..N."
)
@click.option(
    "--manifest",
    metavar="FILE",
    help="Draw from the papers of a ballot manifest "
    "(CSV: Batch Name, Number of Ballots, as Arlo's); each draw is printed as its "
    "batch and position.",
)
@click.option(
    "--count",
    "count",
    required=True,
    type=click.IntRange(min=0),
    metavar="K",
    help="Draws to make.",
)
@click.option(
    "--unique",
    is_flag=True,
    help="Skip papers drawn before (without replacement, as Arlo does); default: with replacement.",
)
@click.option(
    "--sampler",
    type=click.Choice(SAMPLERS),
    default="rivest-2011",
    show_default=True,
    help="rivest-2011: Rivest's sampler.py, SHA-256 of "
    '"SEED,i" mod N + 1; consistent: Rivest\'s consistent sampling by ticket '
    "numbers (the consistent_sampler package's, as Arlo uses).",
)
@click.option(
    "--format",
    "-f",
    "output",
    type=click.Choice(("text", "json", "sheet")),
    default="text",
    show_default=True,
    help="text: a line saying how, then one "
    "draw a line in draw order; json: tellers.audit-sample/1; sheet: the CSV the "
    "auditors fill in (one row a paper, a blank marks column).",
)
def sample(
    seed: str,
    ballots: int | None,
    manifest: str | None,
    count: int,
    unique: bool,
    sampler: str,
    output: str,
) -> None:
    """Draw the papers to inspect, in draw order, from the seed.

    Give the papers as --ballots N (numbered 1..N) or as --manifest FILE.
    Anyone with the seed draws the same papers.
    """
    from ..service import audit as service

    if (ballots is None) == (manifest is None):
        raise click.UsageError("give one of --ballots N and --manifest FILE")
    drawn = service.sample(
        seed, count, ballots=ballots, manifest=manifest, unique=unique, sampler=sampler
    )
    if output == "json":
        _echo_json(drawn.document())
    elif output == "sheet":
        click.echo(drawn.sheet(), nl=False)
    else:
        click.echo(drawn.text(), nl=False)


@audit.command()
@click.argument("result", metavar="RESULT", required=False)
@click.option(
    "--votes",
    metavar="A,B,...",
    help="Declared votes instead of RESULT: 600,400 "
    "or Ann=600,Bob=400, counted first past the post.",
)
@click.option(
    "--ballots",
    type=click.IntRange(min=1),
    metavar="N",
    help="Papers cast (with --votes; default: the sum of the votes).",
)
@click.option(
    "--risk-limit",
    "risk_limit",
    required=True,
    callback=_risk_limit,
    metavar="ALPHA",
    help="The risk limit: 0.05 or 5%.",
)
@click.option(
    "--method",
    type=click.Choice(METHODS),
    default="ballot-polling",
    show_default=True,
    help="ballot-polling: papers read alone (BRAVO); "
    "comparison: papers against their cast vote records (super-simple); "
    "batch-comparison: whole batches against their subtotals (MACRO, needs "
    "--manifest).",
)
@click.option(
    "--risk-function",
    type=click.Choice(RISK_FUNCTIONS),
    help="alpha: ALPHA with "
    "SHANGRLA's assorters (ballot polling or comparison); default: the method's.",
)
@click.option(
    "--error-rates",
    callback=_rates,
    metavar="R1,R2",
    help="Comparison: expected rates of 1- and 2-vote overstatements (default: none).",
)
@click.option(
    "--gamma",
    type=click.FloatRange(min=1, min_open=True),
    help="Comparison: the error inflation γ (default 1.03905).",
)
@click.option(
    "--manifest",
    metavar="FILE",
    help="The ballot manifest: the papers of the "
    "audit (more than were counted: the rest dilute the margin) and the batches.",
)
@click.option(
    "--supermajority",
    callback=_fraction,
    metavar="F",
    help="The winner needs "
    "more than this share of the valid votes (2/3, 60%); FPTP and block vote.",
)
@click.option(
    "--trials", type=click.IntRange(min=1), help="Simulated audits per assertion (default 1000)."
)
@click.option(
    "--simulation-seed",
    type=int,
    default=1,
    show_default=True,
    help="Seed of the simulations (the plan is the same for the same seed).",
)
@_count_options
@click.option(
    "--format",
    "-f",
    "output",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="text: a table; json: tellers.audit-plan/1.",
)
@click.pass_context
def plan(
    ctx: click.Context,
    result: str | None,
    votes: str | None,
    ballots: int | None,
    risk_limit: float,
    method: str,
    risk_function: str | None,
    error_rates: tuple[float, float],
    gamma: float | None,
    manifest: str | None,
    supermajority: Fraction | None,
    trials: int | None,
    simulation_seed: int,
    rules: str | None,
    format_in: str | None,
    seats: int | None,
    lot_orders: tuple[str, ...],
    output: str,
) -> None:
    """Expected papers to inspect, per contest and per assertion.

    RESULT is any file `tellers count` reads, or the id of a stored result; or
    give --votes. Each assertion's expected sample size (BRAVO's average sample
    number; super-simple's closed form) and its 50% and 90% quantiles from
    simulated audits, if the reported result is right. The contest needs its
    hardest assertion's.
    """
    from ..service import audit as service

    if (result is None) == (votes is None):
        raise click.UsageError("give RESULT or --votes, not both")
    if votes is not None:
        if manifest is not None and ballots is None:
            ballots = service.read_manifest(manifest).papers
        target = service.votes_target(
            votes, ballots=ballots, seats=seats or 1, supermajority=supermajority
        )
    else:
        assert result is not None
        if ballots is not None:
            raise click.UsageError(
                "--ballots goes with --votes; give a RESULT's papers by --manifest"
            )
        store = _open(ctx) if not os.path.isfile(result) and _has_store(ctx) else None
        papers = service.read_manifest(manifest).papers if manifest else None
        target = service.target_of(
            result,
            request=_request(rules, format_in, seats, lot_orders),
            store=store,
            papers=papers,
            supermajority=supermajority,
        )
    found = service.plan(
        target.outcome,
        risk_limit,
        method,
        risk_function=risk_function,
        error_rates=error_rates,
        gamma=gamma,
        manifest=manifest,
        trials=trials,
        seed=simulation_seed,
    )
    if output == "json":
        _echo_json(service.plan_document(found))
    else:
        click.echo(service.plan_text(found), nl=False)


@audit.command()
@click.argument("result", metavar="RESULT")
@click.option(
    "--manifest",
    required=True,
    metavar="FILE",
    help="The ballot manifest the sample was drawn from.",
)
@click.option("--seed", required=True, metavar="SEED", help="The seed the sample was drawn from.")
@click.option(
    "--risk-limit",
    "risk_limit",
    required=True,
    callback=_risk_limit,
    metavar="ALPHA",
    help="The risk limit: 0.05 or 5%.",
)
@click.option(
    "--sampled",
    required=True,
    metavar="FILE",
    help="The auditors' sheet: CSV with "
    "ballot (or batch and position) and marks, the candidates as read, in order, "
    "joined by > (an overvoted rank: names joined by =).",
)
@click.option(
    "--method",
    type=click.Choice(METHODS[:2]),
    default="ballot-polling",
    show_default=True,
    help="ballot-polling, or comparison against --cvrs.",
)
@click.option(
    "--cvrs", metavar="FILE", help="Comparison: the cast vote records, in the sheet's layout."
)
@click.option(
    "--risk-function",
    type=click.Choice(("bravo", "super-simple", "alpha")),
    help="Default: BRAVO (ALPHA where BRAVO does not apply), super-simple for a comparison.",
)
@click.option(
    "--unique", is_flag=True, help="The sample skipped repeats (as drawn with `sample --unique`)."
)
@click.option(
    "--sampler",
    type=click.Choice(SAMPLERS),
    default="rivest-2011",
    show_default=True,
    help="The sampler the sample was drawn with.",
)
@click.option(
    "--supermajority",
    callback=_fraction,
    metavar="F",
    help="The winner needs more than this share of the valid votes.",
)
@click.option(
    "--user", "author", metavar="NAME", help="Who records the round (default: the login name)."
)
@_count_options
@click.option(
    "--format",
    "-f",
    "output",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="text: the report; json: tellers.audit-round/1, as recorded.",
)
@click.pass_context
def run(
    ctx: click.Context,
    result: str,
    manifest: str,
    seed: str,
    risk_limit: float,
    sampled: str,
    method: str,
    cvrs: str | None,
    risk_function: str | None,
    unique: bool,
    sampler: str,
    supermajority: Fraction | None,
    author: str | None,
    rules: str | None,
    format_in: str | None,
    seats: int | None,
    lot_orders: tuple[str, ...],
    output: str,
) -> None:
    """Run the next round: the risk of every assertion from the papers read.

    Reads the sample again from the seed and the auditors' sheet, in draw order
    up to the first paper not yet read, and says "risk limit met", how many
    more papers to draw, or "full hand count". The round is recorded in the
    results store (see `tellers audit rounds RESULT`).
    """
    from ..service import audit as service

    if method == "comparison" and cvrs is None:
        raise click.UsageError("a comparison needs the cast vote records: --cvrs FILE")
    done = service.run_round(
        _open(ctx),
        result,
        manifest=manifest,
        seed=seed,
        risk_limit=risk_limit,
        sampled=sampled,
        method=method,
        cvrs=cvrs,
        unique=unique,
        sampler=sampler,
        risk_function=risk_function,
        request=_request(rules, format_in, seats, lot_orders),
        supermajority=supermajority,
        author=author or _author(),
    )
    if output == "json":
        _echo_json(done.document())
    else:
        click.echo(done.text(), nl=False)


@audit.command()
@click.argument("result", metavar="RESULT")
@click.option(
    "--round",
    "number",
    type=click.IntRange(min=1),
    metavar="N",
    help="Print round N's report in full.",
)
@click.option(
    "--format",
    "-f",
    "output",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="text: one round a line; json: every round's report.",
)
@click.pass_context
def rounds(ctx: click.Context, result: str, number: int | None, output: str) -> None:
    """The recorded rounds of the audit of RESULT (a file, or a stored result's id)."""
    from ..errors import TellersError
    from ..service import audit as service

    key, found = service.history(_open(ctx), result)
    if number is not None:
        chosen = [r for r in found if r.round == number]
        if not chosen:
            raise TellersError(f"{result}: no round {number} recorded ({len(found)} so far)")
        if output == "json":
            _echo_json(dict(chosen[0].report))
        else:
            click.echo(service.round_text(chosen[0].report), nl=False)
        return
    if output == "json":
        _echo_json(service.history_document(key, found))
    else:
        click.echo(service.history_text(key, found), nl=False)
