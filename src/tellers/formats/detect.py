"""Which reader a file needs: by its extension, else by what it holds.

=================  ==========================================================
extension          format
=================  ==========================================================
``.blt``           ``blt``
``.soi`` ``.toi``  ``preflib`` (also ``.soc``, ``.toc``)
``.json``          ``json``
``.csv``           ``sv-table`` if the header has ``first_choice_candidate``,
                   ``party-list`` if it has a party and a votes column,
                   ``cvr-csv`` if it has ``choice1``, ``choice2``... columns,
                   else ``csv``
``.gz``            ``cvr-csv`` (read through gzip)
anything else      by content, as below
=================  ==========================================================

By content, in this order: a ``{`` first -> ``json``; PrefLib ``# KEY: value``
header lines -> ``preflib``; a first line of two whole numbers -> ``blt``; a
``first_choice_candidate`` header -> ``sv-table``; a party and a votes
column -> ``party-list``; a number alone and then
``1,name`` -> ``preflib`` (the older layout); rows with as many commas as the
first -> ``csv``; lines ending in a number, or the facts of a declaration ->
``declared``; any other comma-separated first line -> ``csv``.
"""

from __future__ import annotations

import os
import re

from ..errors import InputError

#: Every reader's name, as ``--format-in`` takes it.
FORMATS = (
    "blt",
    "preflib",
    "csv",
    "sv-table",
    "party-list",
    "cvr-csv",
    "preflib-cvr",
    "declared",
    "json",
)

_BY_EXTENSION = {
    ".blt": "blt",
    ".soi": "preflib",
    ".toi": "preflib",
    ".soc": "preflib",
    ".toc": "preflib",
    ".json": "json",
}
_PREFLIB_HEADER = re.compile(
    r"^#\s*(?:FILE NAME|NUMBER ALTERNATIVES|ALTERNATIVE NAME \d+|DATA TYPE)\s*:", re.MULTILINE
)
_BLT_HEADER = re.compile(r"\s*\d+\s+\d+\s*,?\s*(?:#.*)?")
_DECLARED_LINE = re.compile(
    r".*[^\W\d_].*\s(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
    r"(?:\s*\(?\s*[0-9.]+\s*%\s*\)?)?(?:\s*(?:\*|\(?elected\)?))?\s*",
    re.IGNORECASE,
)


def detect_format(text: str, source: str) -> str:
    """The name of the reader for ``text``, read from ``source``."""
    suffix = os.path.splitext(source)[1].lower() if not source.startswith("<") else ""
    if suffix in _BY_EXTENSION:
        return _BY_EXTENSION[suffix]
    if suffix == ".csv":
        if "first_choice_candidate" in _first_line(text):
            return "sv-table"
        from . import party_list

        if party_list.sniff(text):
            return "party-list"
        return "cvr-csv" if _choice_columns(text) else "csv"
    found = by_content(text)
    if found is None:
        if not text.strip():
            raise InputError(source, 1, "expected an election file, found an empty file")
        raise InputError(
            source,
            None,
            "cannot tell which format this is; name it with --format-in "
            f"(one of {', '.join(FORMATS)})",
        )
    return found


def by_content(text: str) -> str | None:
    """The format ``text`` looks like, or None."""
    lines = [line.strip()[:500] for line in text.splitlines()[:200] if line.strip()]
    if not lines:
        return None
    if lines[0].startswith("{"):
        return "json"
    if _PREFLIB_HEADER.search(text[:20000]):
        return "preflib"
    significant = [line for line in lines if not line.startswith("#")]
    if not significant:
        return None
    first = significant[0]
    if _BLT_HEADER.fullmatch(first):
        return "blt"
    if "first_choice_candidate" in first:
        return "sv-table"
    from . import party_list
    from ._facts import Facts

    if party_list.sniff(text):
        return "party-list"
    if "," in first and _choice_columns(first):
        return "cvr-csv"
    if (
        re.fullmatch("[0-9]{1,9}", first)
        and len(significant) > 1
        and re.match(r"1\s*,", significant[1])
    ):
        return "preflib"
    facts = Facts("<sniff>")
    declared = 0
    for line in significant:
        try:
            stated = facts.take(line, None)
        except InputError:
            stated = True
        if stated or _DECLARED_LINE.fullmatch(line):
            declared += 1
    commas = first.count(",")
    if commas and all(line.count(",") == commas for line in significant[:50]):
        return "csv"
    if declared:
        return "declared"
    if commas:
        return "csv"
    return None


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return line
    return ""


def _choice_columns(text: str) -> bool:
    """Whether the first line is a header of ``choice1``, ``choice2``... columns."""
    from .cvr.cvr_csv import sniff

    return sniff(_first_line(text))
