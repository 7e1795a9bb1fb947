"""The rule sets, for people: ``tellers rules`` (a list) and ``tellers rules NAME`` (one).

Purpose: say what each rule set counts, under which law and where it is in
force, and, for one rule set, everything a user can set: its options with
their defaults, and which of them settle a point that the counting
specification marks UNVERIFIED.

Design: plain text that fits :data:`WIDTH` columns, long cells wrapped; the
description of a rule set is the opening paragraph of its module's docstring
(the Purpose a rule module opens with), so the words live beside the code.
"""

from __future__ import annotations

import inspect
import sys

from ..rules.registry import Option, RuleSet
from . import _common as c

__all__ = ["UNVERIFIED", "WIDTH", "description", "rule_set_text", "rule_sets_text"]

WIDTH = 100

#: What UNVERIFIED means, wherever the specification says it.
UNVERIFIED = (
    "UNVERIFIED marks a point of the count that the counting specification could not "
    "check against the current text of the law (a word of the statute that can be read "
    "two ways, or a text not to hand). tellers does not guess: each such point is an "
    "option, the default is the reading the specification gives, and every count states "
    "the options it used."
)


def description(rule: RuleSet) -> str:
    """The Purpose paragraph of the rule set's module docstring (else its first), on one
    line: what the module counts and under which statute."""
    module = sys.modules.get(rule.function.__module__)
    text = inspect.getdoc(module) if module is not None else None
    if not text:
        return ""
    paragraphs = text.strip().split("\n\n")
    purpose = [p for p in paragraphs if p.startswith("Purpose:")]
    paragraph = purpose[0].removeprefix("Purpose:") if purpose else paragraphs[0]
    words = " ".join(paragraph.replace("``", "").split())
    return words[:1].upper() + words[1:]


def rule_sets_text(rules: list[RuleSet], width: int = WIDTH) -> str:
    """Every rule set on a few lines: its name, title and where it is in force."""
    name_width = max(len("Name"), *(len(r.name) for r in rules))
    rest = width - name_width - 4
    title_width = rest * 11 // 20
    force_width = rest - title_width
    rows = [["Name", "Title", "In force"], ["-"]]
    for rule in rules:
        titles = c.wrap(rule.title, title_width)
        forces = c.wrap(rule.in_force, force_width)
        for line in range(max(len(titles), len(forces))):
            rows.append(
                [
                    rule.name if line == 0 else "",
                    titles[line] if line < len(titles) else "",
                    forces[line] if line < len(forces) else "",
                ]
            )
    table = c.text_table(rows, (False, False, False), widths=(name_width, title_width))
    lines = ["-" * width if line == "-" else line for line in table]
    lines += ["", "`tellers rules NAME` shows one rule set in full: its law and its options."]
    return "\n".join(lines) + "\n"


def _default(option: Option) -> str:
    if isinstance(option.default, bool):
        return "yes" if option.default else "no"
    return str(option.default)


def rule_set_text(rule: RuleSet, width: int = WIDTH) -> str:
    """One rule set in full: title, description, law, where in force, options, notes."""
    lines = [f"{rule.name}: {rule.title}"]
    facts = [
        ("Also called", ", ".join(rule.aliases)),
        ("Family", rule.family),
        ("Counts", rule.needs),
        ("Arithmetic", f"{rule.places} decimal places" if rule.places else "whole votes"),
        ("Law", rule.law),
        ("In force", rule.in_force),
    ]
    lines.append("")
    for label, value in facts:
        if value:
            lines.extend(c.wrap(f"{label}: {value}", width, more="    "))
    about = description(rule)
    if about:
        lines += ["", *c.wrap(about, width)]
    lines.append("")
    if rule.options:
        lines.append("Options (count --rules NAME --option KEY=VALUE), with their defaults:")
        for option in rule.options:
            head = f"{option.name}={_default(option)}"
            if option.choices:
                head += f"  (one of {', '.join(option.choices)})"
            lines.extend(c.wrap(head, width, indent="  ", more="    "))
            lines.extend(c.wrap(option.help, width, indent="      "))
    else:
        lines.append("Options: none.")
    unverified = [o.name for o in rule.options if "UNVERIFIED" in o.help]
    lines.append("")
    if unverified:
        which = ", ".join(unverified)
        lines.extend(c.wrap(f"UNVERIFIED here: {which}. {UNVERIFIED}", width))
    else:
        lines.extend(
            c.wrap(f"UNVERIFIED here: none of this rule set's options. {UNVERIFIED}", width)
        )
    for note in rule.notes:
        lines.extend(c.wrap(f"Note: {note}", width, more="  "))
    return "\n".join(lines) + "\n"
