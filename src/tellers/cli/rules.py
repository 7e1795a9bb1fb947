"""``tellers rules``: the rule sets tellers counts under, and one of them in full."""

from __future__ import annotations

import click

__all__ = ["rules"]


@click.command()
@click.argument("name", required=False, metavar="[NAME]")
def rules(name: str | None) -> None:
    """List the rule sets (name, title, where in force); with NAME, show that one in
    full: its law, its options with their defaults, and what UNVERIFIED means there."""
    from ..report.rules import rule_set_text, rule_sets_text
    from ..service import rule_set, rule_sets

    if name is None:
        click.echo(rule_sets_text(rule_sets()), nl=False)
    else:
        click.echo(rule_set_text(rule_set(name)), nl=False)
