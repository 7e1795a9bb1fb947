"""``tellers results``: store declared results and counts, and analyse them.

Purpose: the command-line edge over :mod:`tellers.service.results`. Every error
a user can cause is a :class:`~tellers.errors.TellersError` and becomes one line,
``tellers: <message>``, with exit code 1 (the main group does that); a failed
``add`` or ``import`` writes nothing (each is one transaction).

Design: only click is imported at start-up (``tellers --help`` stays quick); the
store (SQLAlchemy), readers and analysis are imported inside the commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from ..errors import TellersError
from ._options import store_url

if TYPE_CHECKING:
    from ..service.results import Store


def _author() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this user id (a container)
        return "tellers"


def _open(ctx: click.Context) -> Store:
    from ..service.results import open_store

    store = open_store(ctx.obj["db"])
    ctx.call_on_close(store.close)
    return store


def _echo_json(document: Any) -> None:
    import json

    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def _pct(value: Any) -> str | None:
    from ..core.values import round_half_away

    return None if value is None else round_half_away(value, 1)


@click.group()
@click.option(
    "--db",
    metavar="URL",
    help="The results store: a database URL (sqlite:///file.db, postgresql+psycopg://...) "
    "or a SQLite file. Default: $TELLERS_DB, else ./tellers.db.",
)
@click.pass_context
def results(ctx: click.Context, db: str | None) -> None:
    """Store declared results and counts with their history, and analyse them (spec 08)."""
    ctx.obj = {"db": store_url(db)}


@results.command()
@click.argument("file", metavar="FILE")
@click.option("--id", "ballot_id", required=True, metavar="ID", help="The ballot's identifier.")
@click.option("--source", required=True, metavar="URL", help="Where the figures come from.")
@click.option("--format-in", "-F", metavar="FORMAT", help="Format of FILE (default: guessed).")
@click.option("--seats", type=click.IntRange(min=1), help="Seats filled at this poll.")
@click.option(
    "--by-election-reason",
    metavar="REASON",
    help="Why the by-election was held: DEATH, RESIGNATION, ELECTORAL_COURT, ...",
)
@click.option(
    "--defending",
    metavar="PARTY",
    help="The party that won the vacated seat at the last ordinary election (LAB, Labour...).",
)
@click.option("--comparable", metavar="ID", help="The earlier ballot this one is compared with.")
@click.option(
    "--expected-version",
    type=click.IntRange(min=0),
    metavar="N",
    help="The version this change was made to (0: none yet); refused if another was saved.",
)
@click.option("--author", default=_author, show_default="the OS user", help="Who saves it.")
@click.pass_context
def add(
    ctx: click.Context,
    file: str,
    ballot_id: str,
    source: str,
    format_in: str | None,
    seats: int | None,
    by_election_reason: str | None,
    defending: str | None,
    comparable: str | None,
    expected_version: int | None,
    author: str,
) -> None:
    """Save the result in FILE (declared totals, or `tellers count --format json`) as ID.

    A stored count may be of any rule set; declared totals are taken as the
    declaration gives them, those elected found under uk-fptp unless marked.
    Saving figures identical to the current version adds nothing.
    """
    from ..service.results import read_result, save_result

    result = read_result(file, format_in, seats)
    store = _open(ctx)
    version, saved = save_result(
        store,
        result,
        ballot_id,
        source,
        seats=seats,
        by_election_reason=by_election_reason,
        defending=defending,
        comparable=comparable,
        expected_version=expected_version,
        author=author,
    )
    if saved:
        click.echo(f"{ballot_id}: saved version {version}")
    else:
        click.echo(f"{ballot_id}: unchanged at version {version}")


@results.command(name="import")
@click.argument("file", metavar="CSV")
@click.option(
    "--date", "poll_date", required=True, metavar="YYYY-MM-DD", help="The day of the poll."
)
@click.option(
    "--columns",
    default="",
    metavar="FIELD=HEADER,...",
    help="Which heading holds each field (organisation, division, candidate, votes, elected, "
    "seats, party, party_long, division_gss, organisation_gss); default: the London 2014 "
    "borough wards file's headings.",
)
@click.option("--type", "election_type", default="local", show_default=True, help="Election type.")
@click.option("--source", metavar="URL", help="Where the figures come from (default: CSV).")
@click.option("--author", default=_author, show_default="the OS user", help="Who saves it.")
@click.pass_context
def import_(
    ctx: click.Context,
    file: str,
    poll_date: str,
    columns: str,
    election_type: str,
    source: str | None,
    author: str,
) -> None:
    """Import a CSV of candidate results, one candidate a row, all or nothing."""
    from ..service.results import import_csv, parse_columns

    mapping = parse_columns(columns)
    store = _open(ctx)
    summary = import_csv(
        store,
        file,
        poll_date=poll_date,
        columns=mapping,
        election_type=election_type,
        source=source,
        author=author,
    )
    click.echo(
        f"{summary.ballots} ballots ({summary.ballots_added} new): "
        f"{summary.versions_added} results saved, {summary.unchanged} unchanged"
    )


_FORMAT = click.option(
    "--format",
    "-f",
    "output",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="text for people; json (every number a string) for programs.",
)
_WITH = click.option(
    "--with",
    "with_id",
    metavar="ID",
    help="Compare with this ballot (default: the linked one, else the ward's last ordinary "
    "election).",
)


@results.command()
@click.argument("ballot_id", metavar="ID")
@_WITH
@_FORMAT
@click.pass_context
def show(ctx: click.Context, ballot_id: str, with_id: str | None, output: str) -> None:
    """The declaration of ID and its analysis card: outcome, majority, shares, change, swing."""
    from ..results import card
    from ..service.results import analyse_ballot, card_document, current

    store = _open(ctx)
    if output == "json":
        _echo_json(card_document(store, ballot_id, with_id))
        return
    _, result = current(store, ballot_id)
    analysis = analyse_ballot(store, ballot_id, with_id)
    click.echo(card.one_line(analysis))
    click.echo(f"Version {result.version}, {result.author}; source: {result.source}\n")
    click.echo(card.text(analysis), nl=False)


@results.command()
@click.argument("ballot_id", metavar="ID")
@_WITH
@_FORMAT
@click.pass_context
def compare(ctx: click.Context, ballot_id: str, with_id: str | None, output: str) -> None:
    """Change in share, swing and turnout of ID against the comparable election."""
    from ..results import card
    from ..results.card import signed
    from ..service.results import analyse_ballot

    store = _open(ctx)
    analysis = analyse_ballot(store, ballot_id, with_id)
    if analysis.base is None:
        raise TellersError(
            f"{ballot_id}: no comparable election is stored; name one with --with ID"
        )
    document = card.to_json(analysis)
    if output == "json":
        keys = ("id", "compared_with", "outcome", "gained_from", "shares", "change", "swing")
        _echo_json({k: document[k] for k in (*keys, "turnout_change")})
        return
    click.echo(f"{ballot_id} compared with {analysis.base.id}")
    click.echo(card.headline(analysis))
    rows = [("Party", "Now %", "Then %", "Change")]
    for party, change in analysis.changes.items():
        now = "" if change.now is None else _pct(change.now) or ""
        then = "" if change.base is None else _pct(change.base) or ""
        moved = change.status if change.points is None else signed(change.points, 1)
        rows.append((analysis.label(party), now, then, moved))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        right = [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        cells = [row[0].ljust(widths[0]), *right]
        click.echo("  ".join(cells).rstrip())
    s = analysis.swing
    if s is not None and s.butler is not None:
        steed = "undefined" if s.steed is None else signed(s.steed, 1)
        click.echo(
            f"Swing from {analysis.label(s.from_party)} to {analysis.label(s.to_party)}: "
            f"Butler {signed(s.butler, 1)}, Steed {steed}"
        )
    if analysis.turnout_change is not None:
        click.echo(f"Turnout change: {signed(analysis.turnout_change, 1)} points (ballot box)")


@results.command()
@click.option("--since", metavar="YYYY-MM-DD", help="From this day (inclusive).")
@click.option("--until", metavar="YYYY-MM-DD", help="To this day (inclusive).")
@click.option("--organisation", metavar="SLUG", help="Only this council (tower-hamlets).")
@_FORMAT
@click.pass_context
def byelections(
    ctx: click.Context,
    since: str | None,
    until: str | None,
    organisation: str | None,
    output: str,
) -> None:
    """Every stored by-election: gains and losses against the defending party, net change."""
    from ..service.results import by_elections

    tracker = by_elections(_open(ctx), since=since, until=until, organisation=organisation)
    if output == "json":
        _echo_json(tracker.to_json())
        return
    if not tracker.rows:
        click.echo("no by-elections stored in that period")
        return
    for row in tracker.rows:
        majority = f" · {row.majority_text}" if row.majority_text else ""
        click.echo(f"{row.poll_date.isoformat()}  {row.ballot_id}  {row.summary}{majority}")
    click.echo(f"Net change: {tracker.net_text()}")


@results.command()
@click.argument("organisation", metavar="ORGANISATION")
@click.option("--on", "on", required=True, metavar="YYYY-MM-DD", help="The day.")
@_FORMAT
@click.pass_context
def council(ctx: click.Context, organisation: str, on: str, output: str) -> None:
    """Seats per party on a day: the last ordinary election and the by-elections since."""
    from ..service.results import council as composition
    from ..service.results import party_code

    found = composition(_open(ctx), organisation, on)
    if output == "json":
        _echo_json(
            {
                "format": "tellers.council/1",
                "organisation": found.organisation,
                "on": found.on.isoformat(),
                "seats": {p: str(n) for p, n in found.seats.items()},
                "total": str(found.total),
                "ordinary": list(found.ordinary),
                "by_elections": list(found.by_elections),
                "unattributed": list(found.unattributed),
            }
        )
        return
    click.echo(f"{organisation} on {found.on.isoformat()}: {found.total} seats")
    for party, n in found.seats.items():
        click.echo(f"  {party_code(party):<8}{n:>4}")
    click.echo(
        f"From {len(found.ordinary)} ordinary ward polls and {len(found.by_elections)} "
        "by-elections since."
    )
    for ballot_id in found.unattributed:
        click.echo(f"  {ballot_id}: defending party not known; no seat taken away")


@results.command()
@click.argument("ballot_id", metavar="ID")
@_FORMAT
@click.pass_context
def check(ctx: click.Context, ballot_id: str, output: str) -> None:
    """Does the declaration add up, and what stands out against the ward's history and
    the rest of the authority. Exit 1 only when a reconciliation fails."""
    from ..service.results import check as integrity

    report = integrity(_open(ctx), ballot_id)
    if output == "json":
        _echo_json(report.to_json())
    else:
        click.echo(report.text(), nl=False)
    if not report.ok:
        ctx.exit(1)


@results.command()
@click.option(
    "--format",
    "-f",
    "output",
    type=click.Choice(("csv", "json")),
    default="csv",
    show_default=True,
    help="csv: one candidate a row; json: one document of every ballot.",
)
@click.option("--organisation", metavar="SLUG", help="Only this council.")
@click.pass_context
def export(ctx: click.Context, output: str, organisation: str | None) -> None:
    """Every ballot's current result."""
    import sys

    from ..service.results import export_document, write_csv

    store = _open(ctx)
    if output == "json":
        _echo_json(export_document(store, organisation=organisation))
        return
    write_csv(store, sys.stdout, organisation=organisation)
