"""Compare rule sets on one election: what ``tellers compare`` and the compare page ask for.

Purpose: read a file (or an upload) once and count it under each rule set asked
for, so that the command line and the web show the same comparison.

Design: the comparison itself is :func:`tellers.rules.compare.compare` (pure);
this module reads the input and gives each rule set a fresh lot provider made
from the request, so a seeded draw is the same as ``tellers count --seed``'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .counting import CountRequest, Progress, read_bytes, read_file

if TYPE_CHECKING:
    from ..core.model import Election
    from ..rules.compare import Comparison, RuleSpec

__all__ = ["compare_bytes", "compare_election", "compare_file"]


def _specs(rule_list: str | None) -> tuple[RuleSpec, ...] | None:
    """The rule sets of ``rule_list``, or None (every rule set that can count the input)."""
    from ..rules.compare import parse_rules

    return parse_rules(rule_list) if rule_list and rule_list.strip() else None


def _compare(
    election: Election, specs: tuple[RuleSpec, ...] | None, request: CountRequest | None
) -> Comparison:
    from ..rules.compare import compare

    return compare(election, specs, (request or CountRequest()).provider)


def compare_election(
    election: Election, rule_list: str | None = None, request: CountRequest | None = None
) -> Comparison:
    """Count ``election`` under the rule sets of ``rule_list`` (``"scot-2011,meek"``, each
    with options in brackets if wanted; default: every rule set that can count it)."""
    return _compare(election, _specs(rule_list), request)


def compare_file(
    path: str,
    rule_list: str | None = None,
    request: CountRequest | None = None,
    progress: Progress | None = None,
) -> Comparison:
    """Read the file at ``path`` and compare rule sets on it (a bad rule list is refused
    before the file is read)."""
    specs = _specs(rule_list)
    return _compare(read_file(path, request, progress), specs, request)


def compare_bytes(
    data: bytes, source: str, rule_list: str | None = None, request: CountRequest | None = None
) -> Comparison:
    """Read an upload or pasted text and compare rule sets on it."""
    specs = _specs(rule_list)
    return _compare(read_bytes(data, source, request), specs, request)
