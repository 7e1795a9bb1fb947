"""``tellers users``: accounts of the web app's editors, from the command line."""

from __future__ import annotations

import click


@click.group()
def users() -> None:
    """Accounts that can sign in to tellers serve: viewers, editors and admins."""
