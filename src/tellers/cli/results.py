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
from ._options import database, store_url

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
@database(name="db")
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
@click.option(
    "--force",
    is_flag=True,
    help="Store it even where the file's date or ward is not the id's (the version's note "
    "says so).",
)
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
    force: bool,
) -> None:
    """Save the result in FILE (declared totals, or `tellers count --format json`) as ID.

    A stored count may be of any rule set; declared totals are taken as the
    declaration gives them, those elected found under uk-fptp unless marked.
    The ward's name and the date the file gives are kept, and must be the id's.
    Saving the figures and facts of the current version again adds nothing; any
    change (a defending party named now, say) is a new version.
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
        force=force,
    )
    _saved(ballot_id, version, saved)


def _saved(ballot_id: str, version: int, saved: bool) -> None:
    if saved:
        click.echo(f"{ballot_id}: saved version {version}")
    else:
        click.echo(f"{ballot_id}: unchanged at version {version}")


@results.command()
@click.argument("ballot_id", metavar="ID")
@click.option(
    "--defending",
    metavar="PARTY",
    help="The party that won the vacated seat at the last ordinary election (LAB, Labour...).",
)
@click.option("--source", metavar="URL", help="Where the figures come from.")
@click.option("--date", "poll_date", metavar="YYYY-MM-DD", help="The day of the poll.")
@click.option("--ward-name", metavar="NAME", help="The ward's name as the result gives it.")
@click.option("--note", metavar="TEXT", help="A note on this version.")
@click.option("--by-election-reason", metavar="REASON", help="Why the by-election was held.")
@click.option("--comparable", metavar="ID", help="The earlier ballot this one is compared with.")
@click.option(
    "--expected-version",
    type=click.IntRange(min=1),
    metavar="N",
    help="The version this change was made to; refused if another was saved since.",
)
@click.option("--author", default=_author, show_default="the OS user", help="Who changes it.")
@click.option(
    "--force", is_flag=True, help="Store a date or ward name that is not the id's (noted)."
)
@click.pass_context
def edit(
    ctx: click.Context,
    ballot_id: str,
    defending: str | None,
    source: str | None,
    poll_date: str | None,
    ward_name: str | None,
    note: str | None,
    by_election_reason: str | None,
    comparable: str | None,
    expected_version: int | None,
    author: str,
    force: bool,
) -> None:
    """Change what the result of ID states: each change is a new version, with the
    same figures. An empty value ("") clears one (not the source or the date)."""
    from ..service.results import edit_result

    given = (defending, source, poll_date, ward_name, note, by_election_reason, comparable)
    if all(value is None for value in given):
        raise click.UsageError(
            "name something to change: --defending, --source, --date, --ward-name, --note, "
            "--by-election-reason or --comparable"
        )
    version, saved = edit_result(
        _open(ctx),
        ballot_id,
        defending=defending,
        source=source,
        poll_date=poll_date,
        ward_name=ward_name,
        note=note,
        by_election_reason=by_election_reason,
        comparable=comparable,
        expected_version=expected_version,
        author=author,
        force=force,
    )
    _saved(ballot_id, version, saved)


@results.command(name="import")
@click.argument("file", metavar="CSV")
@click.option(
    "--from",
    "shape",
    type=click.Choice(("csv", "democracy-club")),
    default="csv",
    show_default=True,
    help="csv: one candidate a row, headings mapped with --columns; democracy-club: "
    "Democracy Club's candidates CSV (ballot paper ids, person_name, party_name, "
    "votes_cast, elected).",
)
@click.option(
    "--date",
    "poll_date",
    metavar="YYYY-MM-DD",
    help="The day of the poll (--from csv; Democracy Club's ids carry theirs).",
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
@click.option(
    "--rules",
    default="uk-fptp",
    show_default=True,
    metavar="NAME",
    help="Rule set the polls were held under (finds those elected where no row is marked).",
)
@click.option("--author", default=_author, show_default="the OS user", help="Who saves it.")
@click.pass_context
def import_(
    ctx: click.Context,
    file: str,
    shape: str,
    poll_date: str | None,
    columns: str,
    election_type: str,
    source: str | None,
    rules: str,
    author: str,
) -> None:
    """Import a CSV of candidate results, one candidate a row, all or nothing: a row
    that does not fit is refused with its line, and nothing is stored."""
    from ..service.results import import_csv, parse_columns

    if shape == "democracy-club":
        from ..service.exchange import import_democracy_club

        found, cancelled = import_democracy_club(_open(ctx), file, author=author, rules=rules)
        click.echo(
            f"{found.ballots} ballots ({found.ballots_added} new): "
            f"{found.versions_added} results saved, {found.unchanged} unchanged"
            + (f"; {len(cancelled)} cancelled polls left out" if cancelled else "")
        )
        return
    if poll_date is None:
        raise click.UsageError("--from csv needs --date YYYY-MM-DD")
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
        rules=rules,
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
    from ..service.results import (
        analyse_ballot,
        card_document,
        current,
        defending_not_known,
        unknown_defending,
    )

    store = _open(ctx)
    if output == "json":
        _echo_json(card_document(store, ballot_id, with_id))
        return
    _, result = current(store, ballot_id)
    analysis = analyse_ballot(store, ballot_id, with_id)
    click.echo(card.one_line(analysis))
    held_by = unknown_defending(store, analysis)
    if held_by is not None:
        click.echo(
            f"By-election: {defending_not_known(held_by)}; give it with "
            f"tellers results edit {ballot_id} --defending PARTY"
        )
    click.echo(f"Version {result.version}, {result.author}; source: {result.source}")
    if result.note:
        click.echo(f"Note: {result.note}")
    click.echo()
    click.echo(card.text(analysis), nl=False)


@results.command()
@click.argument("ballot_id", metavar="ID")
@_FORMAT
@click.pass_context
def history(ctx: click.Context, ballot_id: str, output: str) -> None:
    """Every version of the result of ID, oldest first: who, when, and what changed."""
    from ..service.results import history as versions
    from ..service.results import history_document

    store = _open(ctx)
    if output == "json":
        _echo_json(history_document(store, ballot_id))
        return
    click.echo(ballot_id)
    for version in versions(store, ballot_id):
        r = version.result
        when = r.created_at.strftime("%Y-%m-%d %H:%M UTC")
        status = ""
        if r.provisional:
            status = " · provisional"
        elif r.confirmed_by is not None:
            status = f" · confirmed by {r.confirmed_by}"
        click.echo(f"Version {r.version} · {when} · {r.author}{status}")
        for change in version.changes:
            click.echo(f"  {change.text()}")


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
    from ..service.tracker import by_elections

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
        if row.held_by is not None:
            click.echo(f"  give it with: tellers results edit {row.ballot_id} --defending PARTY")
    click.echo(f"Net change: {tracker.net_text()}")


@results.command()
@click.argument("organisation", metavar="ORGANISATION")
@click.option("--on", "on", required=True, metavar="YYYY-MM-DD", help="The day.")
@_FORMAT
@click.pass_context
def council(ctx: click.Context, organisation: str, on: str, output: str) -> None:
    """Seats per party on a day: the last ordinary election and the by-elections since."""
    from ..service.council import council as composition
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
    type=click.Choice(("csv", "json", "parquet", "democracy-club")),
    default="csv",
    show_default=True,
    help="csv: one candidate a row (ids, party, votes, elected, share, change); json: one "
    "document of every ballot; parquet: the csv's rows as a typed table (needs --output and "
    "the frames extra); democracy-club: Democracy Club's candidates CSV.",
)
@click.option("--organisation", metavar="SLUG", help="Only this council.")
@click.option(
    "--output",
    "-o",
    "output_path",
    type=click.Path(dir_okay=False, writable=True),
    metavar="PATH",
    help="Write to PATH instead of standard output.",
)
@click.pass_context
def export(
    ctx: click.Context, output: str, organisation: str | None, output_path: str | None
) -> None:
    """Every ballot's current result."""
    import contextlib
    import sys

    from ..service.exchange import (
        export_document,
        write_csv,
        write_democracy_club,
        write_results_table,
    )

    if output == "parquet":
        if output_path is None:
            raise click.BadParameter("--format parquet writes a file: give --output PATH")
        write_results_table(_open(ctx), output, output_path, organisation=organisation)
        return
    store = _open(ctx)
    with contextlib.ExitStack() as stack:
        out = sys.stdout
        if output_path is not None:
            try:
                out = stack.enter_context(open(output_path, "w", encoding="utf-8", newline=""))
            except OSError as error:
                raise TellersError(f"{output_path}: cannot write: {error.strerror}") from None
        if output == "json":
            import json

            document = export_document(store, organisation=organisation)
            out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        elif output == "democracy-club":
            write_democracy_club(store, out, organisation=organisation)
        else:
            write_csv(store, out, organisation=organisation)
