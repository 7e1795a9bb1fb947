"""The registry finds each rule set by importing only the module that defines it."""

import subprocess
import sys
from collections import defaultdict

from tellers.rules import get, registry, rule_sets


def test_every_registered_name_has_a_home_module() -> None:
    rule_sets()
    assert set(registry._REGISTRY) <= set(registry._HOME)


def test_importing_a_home_module_alone_registers_its_names() -> None:
    names_by_module: dict[str, list[str]] = defaultdict(list)
    for name, module in registry._HOME.items():
        names_by_module[module].append(name)
    for module, names in names_by_module.items():
        script = (
            "import importlib, sys\n"
            "from tellers.rules import registry\n"
            f"importlib.import_module('tellers.rules.{module}')\n"
            f"missing = [n for n in {names!r} if n not in registry._REGISTRY]\n"
            "sys.exit(f'not registered: {missing}' if missing else 0)\n"
        )
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        assert done.returncode == 0, (module, done.stderr)


def test_counting_under_one_rule_set_loads_only_its_module() -> None:
    script = (
        "import sys\n"
        "from tellers.rules import get\n"
        "get('uk-fptp')\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('tellers.rules.stv'))\n"
        "sys.exit(f'loaded {loaded}' if loaded else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_aliases_name_the_same_rule_set() -> None:
    assert get("scottish-stv") is get("scot-2011")
    assert get("fptp") is get("uk-fptp")
