"""``tellers users``: accounts of the web app's editors, from the command line.

Purpose: the command-line edge over :mod:`tellers.service.accounts`: add an account, set its
password or its role, list the accounts. Errors (a name taken, a bad role, a short
password, demoting the last admin) are :class:`~tellers.errors.TellersError` and
become one line and exit code 1.

Design: only click is imported at start-up; a password is read from a hidden
prompt (typed twice) or, for scripts, from the first line of standard input
(``--password-stdin``), never from the command line, where others could see it.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ._options import database, store_url

if TYPE_CHECKING:
    from ..service.results import Store

_DB = database(name="db")
_PASSWORD_STDIN = click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of a prompt.",
)


def _open(db: str | None) -> Store:
    from ..service.results import open_store

    store = open_store(store_url(db))
    click.get_current_context().call_on_close(store.close)
    return store


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@click.group()
def users() -> None:
    """Accounts that can sign in to tellers serve: viewers, editors and admins."""


@users.command()
@click.argument("name", metavar="NAME")
@click.option(
    "--role",
    default="editor",
    show_default=True,
    metavar="ROLE",
    help="viewer (reads results), editor (enters and confirms them) or admin (also "
    "manages the accounts).",
)
@_PASSWORD_STDIN
@_DB
def add(name: str, role: str, password_stdin: bool, db: str | None) -> None:
    """Add the account NAME (letters, digits and . - _ @), asking for its password."""
    from ..service.accounts import add_user

    store = _open(db)
    user = add_user(store, name, _password(password_stdin), role)
    click.echo(f"{user.username}: added as {user.role}")


@users.command(name="set-password")
@click.argument("name", metavar="NAME")
@_PASSWORD_STDIN
@_DB
def set_password(name: str, password_stdin: bool, db: str | None) -> None:
    """Give NAME a new password; their sessions end."""
    from ..service import accounts

    store = _open(db)
    user = accounts.set_password(store, name, _password(password_stdin))
    click.echo(f"{user.username}: password changed")


@users.command(name="set-role")
@click.argument("name", metavar="NAME")
@click.argument("role", metavar="ROLE")
@_DB
def set_role(name: str, role: str, db: str | None) -> None:
    """Give NAME the role ROLE (viewer, editor or admin); their sessions end. The last
    admin cannot be given another role."""
    from ..service import accounts

    store = _open(db)
    user = accounts.set_role(store, name, role)
    click.echo(f"{user.username}: now {user.role}")


@users.command(name="list")
@_DB
def list_(db: str | None) -> None:
    """The accounts and their roles, by name."""
    from ..service.accounts import users as all_users

    found = all_users(_open(db))
    width = max((len(u.username) for u in found), default=0)
    for user in found:
        click.echo(f"{user.username:<{width}}  {user.role}")
