"""``tellers rules``: the rule sets tellers counts under."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

import click

__all__ = ["rules"]


@click.command()
def rules() -> None:
    """List the rule sets: name, title, family, law, where in force, and options."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from ..service import rule_sets

    table = Table(box=box.SIMPLE_HEAD, show_lines=True, expand=False)
    for heading in ("Name", "Title", "Family", "Law", "In force", "Options"):
        table.add_column(heading, overflow="fold")
    for rule_set in rule_sets():
        name = rule_set.name
        if rule_set.aliases:
            name += "\n(" + ", ".join(rule_set.aliases) + ")"
        table.add_row(
            name,
            rule_set.title,
            rule_set.family,
            rule_set.law,
            rule_set.in_force,
            _options_text(rule_set.options) or "none",
        )
    width = None if sys.stdout.isatty() else 160
    Console(width=width, highlight=False).print(table)


def _options_text(options: Iterable[Any]) -> str:
    lines = []
    for option in options:
        default = option.default
        if isinstance(default, bool):
            default = "yes" if default else "no"
        text = f"{option.name}={default}"
        if option.choices:
            text += f" (one of {', '.join(option.choices)})"
        lines.append(f"{text}: {option.help}")
    return "\n".join(lines)
