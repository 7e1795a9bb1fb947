"""The layers of ARCHITECTURE.md, read from the source: no import goes the wrong way.

A module imports only from its own layer or the layers before it in
:data:`LAYERS`. Within a layer, only its own package: the command line and the
web never import each other. The edges (cli, web) are thin: they reach the
library through :mod:`tellers.service`, and render with :mod:`tellers.report`
(and the analysis card, :mod:`tellers.results.card`), the records of
:mod:`tellers.core` and the errors; never a reader, a rule set or the store
directly. Imports inside functions and under ``TYPE_CHECKING`` count too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "tellers"

#: The layers, first to last; a module belongs to the first whose prefix it has.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("tellers.errors",),
    ("tellers.core",),
    ("tellers.rules",),
    ("tellers.formats",),
    ("tellers.report",),
    ("tellers.results",),
    ("tellers.audit",),
    ("tellers.sim",),
    ("tellers.service",),
    ("tellers.cli", "tellers._cli_docs", "tellers.__main__", "tellers.web"),
)

#: What an edge may import besides its own package.
EDGE_MAY_IMPORT = (
    "tellers.service",
    "tellers.report",
    "tellers.core",
    "tellers.errors",
    "tellers.results.card",
)
EDGES = ("tellers.cli", "tellers._cli_docs", "tellers.__main__", "tellers.web")

#: The package itself (``__version__``, and its lazily re-exported public names).
ROOT = "tellers"


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def layer_of(module: str) -> int:
    for index, prefixes in enumerate(LAYERS):
        if any(_within(module, p) for p in prefixes):
            return index
    raise AssertionError(f"{module} is in no layer: add it to LAYERS in {__file__}")


#: Modules that belong to the command line's package though they sit beside it.
PART_OF_CLI = ("tellers._cli_docs", "tellers.__main__")


def package_of(module: str) -> str:
    """``tellers.web.app`` -> ``tellers.web``; the unit that may import itself freely."""
    if module in PART_OF_CLI:
        return "tellers.cli"
    return ".".join(module.split(".")[:2])


def module_name(path: Path, src: Path = SRC) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _exists(module: str, src: Path) -> bool:
    relative = Path(*module.split("."))
    return (src / relative).with_suffix(".py").is_file() or (src / relative).is_dir()


def imports(path: Path, src: Path = SRC) -> Iterator[tuple[int, str]]:
    """Each tellers module ``path`` imports, with the line: relative imports resolved,
    ``from package import submodule`` read as the submodule."""
    module = module_name(path, src)
    is_package = path.name == "__init__.py"
    here = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _within(alias.name, ROOT):
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if not _within(target, ROOT):
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                yield node.lineno, submodule if _exists(submodule, src) else target


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def wrong_way(path: Path, src: Path = SRC) -> list[str]:
    """Every import in ``path`` that breaks the layering, as ``file:line: a -> b``."""
    module = module_name(path, src)
    where = path.relative_to(src).as_posix()
    found = []
    if module == ROOT:
        return []  # the package's own facade re-exports the library's public names
    mine = layer_of(module)
    edge = any(_within(module, e) for e in EDGES)
    for line, target in imports(path, src):
        if target == ROOT or target == f"{ROOT}.__version__":
            continue
        theirs = layer_of(target)
        same_package = package_of(target) == package_of(module)
        if theirs > mine or (theirs == mine and not same_package):
            found.append(f"{where}:{line}: {module} -> {target} (layer {mine} -> {theirs})")
        elif edge and not same_package and not any(_within(target, a) for a in EDGE_MAY_IMPORT):
            found.append(f"{where}:{line}: {module} -> {target} (an edge reaches past the service)")
    return found


def test_every_module_is_in_a_layer() -> None:
    for path in _sources():
        module = module_name(path)
        if module != ROOT:
            layer_of(module)


def test_no_import_goes_the_wrong_way() -> None:
    problems = [problem for path in _sources() for problem in wrong_way(path)]
    assert not problems, "\n".join(problems)


def _fake_tree(tmp_path: Path, files: dict[str, str]) -> Path:
    """A tellers source tree of empty packages holding ``files`` (path -> text)."""
    src = tmp_path / "src"
    for folder in ("", "core", "rules", "formats", "results", "service", "cli", "web"):
        (src / "tellers" / folder).mkdir(parents=True, exist_ok=True)
        (src / "tellers" / folder / "__init__.py").write_text("")
    for name, text in files.items():
        (src / "tellers" / name).write_text(text)
    return src


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from ..cli import one_line\n", ["tellers.web.app -> tellers.cli (layer 9 -> 9)"]),
        ("def f():\n    from ..formats import read\n", ["reaches past the service"]),
        ("from ..results.store import open_store\n", ["reaches past the service"]),
        ("from tellers.service import results\nfrom . import views\n", []),
    ],
)
def test_the_check_catches_an_edge_that_reaches_past_the_service(
    tmp_path: Path, source: str, expected: list[str]
) -> None:
    """The check itself can fail: an edge importing the other edge, a reader or the store
    (and an edge's own package and the service are allowed)."""
    src = _fake_tree(tmp_path, {"web/app.py": source, "results/store.py": "", "web/views.py": ""})
    problems = wrong_way(src / "tellers" / "web" / "app.py", src)
    assert len(problems) == len(expected), problems
    for problem, words in zip(problems, expected, strict=True):
        assert words in problem


def test_the_check_catches_a_library_layer_importing_a_later_one(tmp_path: Path) -> None:
    src = _fake_tree(tmp_path, {"core/model.py": "def f():\n    from ..rules import count\n"})
    assert wrong_way(src / "tellers" / "core" / "model.py", src) == [
        "tellers/core/model.py:2: tellers.core.model -> tellers.rules (layer 1 -> 2)"
    ]
