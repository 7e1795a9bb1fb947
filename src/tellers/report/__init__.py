"""Views of a count: the declaration, the stage sheet (text, rich), JSON, and the tidy table.

Each report is a pure function of the :class:`~tellers.core.model.Election`
and its :class:`~tellers.core.count.Count` that returns text::

    from tellers.report import declaration, sheet_text, to_json
    print(declaration(election, result))
    print(sheet_text(election, result))

``rich`` is imported only when :func:`sheet_rich` draws a terminal table.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# Imported at once: the function shares its name with its module, which importing the
# module would otherwise leave in its place.
from .declaration import declaration

if TYPE_CHECKING:
    from .json import FORMAT, to_dict, to_json
    from .sheet import StageSheet, sheet_rich, sheet_text, stage_sheet
    from .tidy import write_table

#: Where each report lives; a module is imported on first use, so writing JSON loads
#: neither the declaration nor the stage sheet (start-up time counts on the command line).
_HOMES = {
    "FORMAT": "json",
    "StageSheet": "sheet",
    "sheet_rich": "sheet",
    "sheet_text": "sheet",
    "stage_sheet": "sheet",
    "to_dict": "json",
    "to_json": "json",
    "write_table": "tidy",
}

__all__ = [
    "FORMAT",
    "StageSheet",
    "declaration",
    "sheet_rich",
    "sheet_text",
    "stage_sheet",
    "to_dict",
    "to_json",
    "write_table",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
