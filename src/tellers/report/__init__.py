"""Views of a count: the declaration, the stage sheet (text, rich, CSV) and JSON.

Each report is a pure function of the :class:`~tellers.core.model.Election`
and its :class:`~tellers.core.count.Count` that returns text::

    from tellers.report import declaration, sheet_text, to_json
    print(declaration(election, result))
    print(sheet_text(election, result))

``rich`` is imported only when :func:`sheet_rich` draws a terminal table.
"""

from __future__ import annotations

from .declaration import declaration
from .json import FORMAT, to_dict, to_json
from .sheet import StageSheet, sheet_csv, sheet_rich, sheet_text, stage_sheet

__all__ = [
    "FORMAT",
    "StageSheet",
    "declaration",
    "sheet_csv",
    "sheet_rich",
    "sheet_text",
    "stage_sheet",
    "to_dict",
    "to_json",
]
