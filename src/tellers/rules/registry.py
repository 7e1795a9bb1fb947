"""The rule sets tellers knows: name -> code, options, and when each is the law."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module

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


#: The module that registers each rule set name, so that a count imports only the
#: module of its own rule set (start-up time matters on the command line). A name
#: missing here is still found: ``get`` then loads every module.
_HOME = {
    "ams": "list_pr",
    "au-nsw": "optional_preferential",
    "av": "alternative",
    "block": "plurality",
    "dhondt": "list_pr",
    "ers97": "stv_ers97",
    "exhaustive": "alternative",
    "exhaustive-ballot": "alternative",
    "fptp": "plurality",
    "gla-assembly": "list_pr",
    "gla-mayor-sv": "supplementary",
    "ie-dail": "stv_ireland",
    "irish-stv": "stv_ireland",
    "irv": "alternative",
    "meek": "stv_meek",
    "ni-1985": "stv_northern_ireland",
    "ni-local": "stv_northern_ireland",
    "nsw-la": "optional_preferential",
    "optional-preferential": "optional_preferential",
    "rctab": "rctab",
    "sainte-lague": "list_pr",
    "scot-2011": "stv_scotland",
    "scotland": "stv_scotland",
    "scottish-stv": "stv_scotland",
    "senedd-2026": "list_pr",
    "supplementary-vote": "supplementary",
    "sv": "supplementary",
    "uk-av-2011": "alternative",
    "uk-fptp": "plurality",
    "us-rcv": "rctab",
    "wigm": "stv_wigm",
}


def get(name: str) -> RuleSet:
    """The rule set called ``name`` (or one of its aliases)."""
    if name not in _REGISTRY and name in _HOME:
        import_module(f"{__package__}.{_HOME[name]}")
    if name not in _REGISTRY:
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
        rctab,
        stv_ers97,
        stv_ireland,
        stv_meek,
        stv_northern_ireland,
        stv_scotland,
        stv_wigm,
        supplementary,
    )
