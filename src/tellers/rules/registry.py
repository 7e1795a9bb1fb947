"""The rule sets tellers knows: name -> code, options, and when each is the law."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..core.count import Count
from ..core.lots import LotProvider
from ..core.model import Election
from ..errors import RulesError

OptionValue = str | int | bool
CountFunction = Callable[[Election, Mapping[str, OptionValue], LotProvider], Count]


@dataclass(frozen=True, slots=True)
class Option:
    """A documented switch of a rule set (spec points marked UNVERIFIED become options)."""

    name: str
    default: OptionValue
    help: str
    choices: tuple[str, ...] = ()

    def parse(self, value: object) -> OptionValue:
        """Convert a given value (often text from the command line) to the option's type."""
        if isinstance(self.default, bool):
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"yes", "true", "1", "on"}:
                return True
            if text in {"no", "false", "0", "off"}:
                return False
            raise RulesError(f"option {self.name} takes yes or no, not {value!r}")
        if isinstance(self.default, int):
            try:
                return int(str(value))
            except ValueError:
                message = f"option {self.name} takes a whole number, not {value!r}"
                raise RulesError(message) from None
        text = str(value)
        if self.choices and text not in self.choices:
            raise RulesError(
                f"option {self.name} takes one of {', '.join(self.choices)}, not {text!r}"
            )
        return text


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A named rule set: the code that counts, its options, and its legal standing."""

    name: str
    title: str
    family: str
    law: str
    in_force: str
    function: CountFunction
    places: int = 0
    needs: str = "ballots"  # "ballots", "totals", or "ballots or totals"
    options: tuple[Option, ...] = ()
    aliases: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def resolve(self, given: Mapping[str, object] | None) -> dict[str, OptionValue]:
        """Defaults overlaid with ``given``, each checked and converted."""
        known = {o.name: o for o in self.options}
        values: dict[str, OptionValue] = {o.name: o.default for o in self.options}
        for key, value in (given or {}).items():
            name = key.replace("_", "-")
            if name not in known:
                listed = ", ".join(sorted(known)) or "none"
                raise RulesError(f"rule set {self.name} has no option {key!r} (options: {listed})")
            values[name] = known[name].parse(value)
        return values


_REGISTRY: dict[str, RuleSet] = {}


def register(rule_set: RuleSet) -> RuleSet:
    for name in (rule_set.name, *rule_set.aliases):
        if name in _REGISTRY:
            raise ValueError(f"rule set {name} registered twice")
        _REGISTRY[name] = rule_set
    return rule_set


def rule_sets() -> list[RuleSet]:
    """Every registered rule set, once each, by name."""
    _load()
    unique = {r.name: r for r in _REGISTRY.values()}
    return [unique[name] for name in sorted(unique)]


def get(name: str) -> RuleSet:
    """The rule set called ``name`` (or one of its aliases)."""
    _load()
    try:
        return _REGISTRY[name]
    except KeyError:
        names = ", ".join(r.name for r in rule_sets())
        raise RulesError(f"no rule set called {name!r} (known: {names})") from None


def _load() -> None:
    # Importing a rule module registers it; the modules are small and pure.
    from . import (  # noqa: F401
        alternative,
        list_pr,
        optional_preferential,
        plurality,
        stv_ers97,
        stv_ireland,
        stv_meek,
        stv_northern_ireland,
        stv_scotland,
        stv_wigm,
        supplementary,
    )
