"""What tellers can count: the rule sets and the input formats, for ``tellers rules``,
the forms' choices and ``/api/v1/rules``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..rules.registry import RuleSet

__all__ = ["rule_set", "rule_set_document", "rule_sets"]


def rule_sets() -> list[RuleSet]:
    """Every rule set, in the registry's order."""
    from ..rules import rule_sets as registered

    return list(registered())


def rule_set(name: str) -> RuleSet:
    """One rule set by name or alias; a :class:`~tellers.errors.RulesError` if unknown."""
    from ..rules import get

    return get(name)


def rule_set_document(rule: RuleSet) -> dict[str, Any]:
    """A rule set as the API gives it: every value a string (flags stay true/false)."""

    def shown(value: object) -> object:
        return value if isinstance(value, bool) else str(value)

    return {
        "name": rule.name,
        "title": rule.title,
        "family": rule.family,
        "law": rule.law,
        "in_force": rule.in_force,
        "needs": rule.needs,
        "places": str(rule.places),
        "aliases": list(rule.aliases),
        "options": [
            {
                "name": o.name,
                "default": shown(o.default),
                "help": o.help,
                "choices": list(o.choices),
            }
            for o in rule.options
        ],
    }
