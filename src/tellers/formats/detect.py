"""Which reader a file needs: by its extension, else by what it holds.

=================  ==========================================================
extension          format
=================  ==========================================================
``.blt``           ``blt``
``.soi`` ``.toi``  ``preflib`` (also ``.soc``, ``.toc``)
``.json``          ``ie-json`` if it has ``"Number of Seats"`` and
                   ``"Candidate"`` keys, ``cdf`` for a CVR report,
                   ``dominion`` for a CvrExport, else ``json``
``.xml``           ``cdf`` for a CVR report, ``hart`` for a Hart ``Cvr``
``.xlsx``          ``ess``
``.csv``           ``sv-table`` if the header has ``first_choice_candidate``,
                   ``clear-ballot`` if it has ``Choice_1_1:...`` columns,
                   ``party-list`` if it has a party and a votes column,
                   ``cvr-csv`` if it has ``choice1``, ``choice2``... columns,
                   else ``csv``
``.gz``            ``cvr-csv`` (read through gzip)
a folder           ``dominion`` with a ``CandidateManifest.json``, ``hart``
                   with Hart XML files
anything else      by content, as below
=================  ==========================================================

The vendors' cast vote records (``cdf``, ``dominion``, ``ess``,
``clear-ballot``, ``hart``) are told from the file or folder itself, before it
is read as text (:func:`published_format`).

By content, in this order: a ``{`` first -> ``ie-json``, ``cdf``, ``dominion``
or ``json`` as for ``.json``; PrefLib ``# KEY: value`` header lines ->
``preflib``; a first line of two whole numbers -> ``blt``; quoted candidate
codes filled out with ``"XXXXX"`` -> ``ie-codes``; a ``first_choice_candidate``
header -> ``sv-table``; a party and a votes column -> ``party-list``; a number
alone and then ``1,name`` -> ``preflib`` (the older layout); rows with as many
commas as the first -> ``csv``; lines ending in a number, or the facts of a
declaration -> ``declared``; any other comma-separated first line -> ``csv``.
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
    "ie-codes",
    "ie-json",
    "cdf",
    "dominion",
    "ess",
    "clear-ballot",
    "hart",
)
#: The vendors' cast vote records, read from their file or folder (:mod:`.cvr.published`).
PUBLISHED = ("cdf", "dominion", "ess", "clear-ballot", "hart")

_BY_EXTENSION = {
    ".blt": "blt",
    ".soi": "preflib",
    ".toi": "preflib",
    ".soc": "preflib",
    ".toc": "preflib",
    ".xlsx": "ess",
}
_PREFLIB_HEADER = re.compile(
    r"^#\s*(?:FILE NAME|NUMBER ALTERNATIVES|ALTERNATIVE NAME \d+|DATA TYPE)\s*:", re.MULTILINE
)
_CLEAR_BALLOT = re.compile(r'(?:^|,)"?Choice_[0-9]+_[0-9]+:')
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
    if suffix == ".json":
        return _json_format(text)
    if suffix == ".xml":
        return _xml_format(text, source)
    if suffix == ".csv":
        if "first_choice_candidate" in _first_line(text):
            return "sv-table"
        if _CLEAR_BALLOT.search(_first_line(text)):
            return "clear-ballot"
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
        return _json_format(text)
    if lines[0].startswith("<") and (
        "CastVoteRecordReport" in text[:4096] or "<Cvr" in text[:4096]
    ):
        return "cdf" if "CastVoteRecordReport" in text[:4096] else "hart"
    if _PREFLIB_HEADER.search(text[:20000]):
        return "preflib"
    significant = [line for line in lines if not line.startswith("#")]
    if not significant:
        return None
    first = significant[0]
    if _BLT_HEADER.fullmatch(first):
        return "blt"
    from . import ie_codes

    if ie_codes.sniff(text):
        return "ie-codes"
    if _CLEAR_BALLOT.search(first):
        return "clear-ballot"
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


def published_format(path: str) -> str | None:
    """The vendor format of the file or folder at ``path``, or None if it is none."""
    if os.path.isdir(path):
        if os.path.isfile(os.path.join(path, "CandidateManifest.json")):
            return "dominion"
        for name in sorted(os.listdir(path))[:20]:
            if name.lower().endswith(".xml"):
                return "hart" if _head(os.path.join(path, name)).find(b"<Cvr") >= 0 else None
        return None
    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".xlsx":
        return "ess"
    if suffix not in (".json", ".xml", ".csv"):
        return None
    head = _head(path)
    if b"CastVoteRecordReport" in head:
        return "cdf"
    if suffix == ".xml" and b"<Cvr" in head:
        return "hart"
    if suffix == ".json" and b'"Sessions"' in head:
        return "dominion"
    if suffix == ".csv" and re.search(rb'(?:^|,)"?Choice_[0-9]+_[0-9]+:', head.split(b"\n")[0]):
        return "clear-ballot"
    return None


def _head(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(4096)
    except OSError:
        return b""


def _json_format(text: str) -> str:
    """``ie-json``, ``cdf``, ``dominion`` or ``json``, by the keys near the top."""
    from . import ie_json

    head = text[:4096]
    if ie_json.sniff(text):
        return "ie-json"
    if "CastVoteRecordReport" in head:
        return "cdf"
    if '"Sessions"' in head:
        return "dominion"
    return "json"


def _xml_format(text: str, source: str) -> str:
    head = text[:4096]
    if "CastVoteRecordReport" in head:
        return "cdf"
    if "<Cvr" in head:
        return "hart"
    raise InputError(
        source, None, "expected a CDF cast vote record report or a Hart Cvr (XML), found neither"
    )


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return line
    return ""


def _choice_columns(text: str) -> bool:
    """Whether the first line is a header of ``choice1``, ``choice2``... columns."""
    from .cvr.cvr_csv import sniff

    return sniff(_first_line(text))
