"""A party as printed, and the key results are added up by.

The ballot paper prints a description ("The Labour Party", "Labour and
Co-operative Party"); a results table prints an abbreviation ("LAB"). Both
are kept as printed, and each candidacy also gets a normalised key: the same
party gets the same key whatever the spelling.

Design: a small alias table, nothing cleverer. A name or abbreviation is
compared case-blind, with spaces squeezed, a leading "The" and a trailing
"(UKIP)"-style bracket ignored. A party not in the table keeps the slug of its
abbreviation where the source gives one (``THF``: ``thf``, ``REA``: ``rea``,
which the London 2014 file gives every residents' association), else the slug
of its name. Every independent is ``ind``, however described: they are not a
party, but analysis counts them together.

Keys: ``lab`` Labour (and Labour Co-operative), ``con`` Conservative, ``ld``
Liberal Democrats, ``grn`` the Green parties, ``ukip``, ``reform`` Reform UK
(and the Brexit Party), ``snp``, ``pc`` Plaid Cymru, ``ind`` independents.
"""

from __future__ import annotations

import re

from .ids import slug

__all__ = ["ALIASES", "INDEPENDENT", "party_key"]

INDEPENDENT = "ind"

#: key -> the names and abbreviations that mean it (compared after :func:`_fold`).
ALIASES: dict[str, tuple[str, ...]] = {
    "lab": (
        "labour",
        "labour party",
        "lab",
        "labour and co-operative party",
        "labour co-operative",
        "labour and co-operative",
        "lab co-op",
        "labour/co-operative",
    ),
    "con": (
        "conservative",
        "conservatives",
        "conservative party",
        "conservative and unionist party",
        "scottish conservative and unionist",
        "welsh conservative party",
        "con",
    ),
    "ld": (
        "liberal democrats",
        "liberal democrat",
        "lib dem",
        "lib dems",
        "ld",
        "ldem",
        "scottish liberal democrats",
        "welsh liberal democrats",
    ),
    "grn": (
        "green",
        "green party",
        "green party of england and wales",
        "scottish green party",
        "wales green party",
        "grn",
        "gre",
    ),
    "ukip": ("uk independence party", "ukip"),
    "reform": ("reform uk", "reform", "ref", "the brexit party", "brexit party"),
    "snp": ("scottish national party", "snp"),
    "pc": ("plaid cymru", "plaid cymru - the party of wales", "pc"),
    INDEPENDENT: ("independent", "ind", "non-party independent", "unaffiliated", "no description"),
}

_LOOKUP = {alias: key for key, aliases in ALIASES.items() for alias in aliases}


def _fold(text: str) -> str:
    folded = " ".join(text.casefold().split())
    folded = re.sub(r"\s*\([^)]*\)$", "", folded) or folded  # "UK Independence Party (UKIP)"
    folded = re.sub(r"^the\s+", "", folded)
    return folded.strip(" .")


def party_key(printed: str | None, abbreviation: str | None = None) -> str:
    """The key of a party printed as ``printed`` (and abbreviated ``abbreviation``).

    >>> party_key("The Labour Party"), party_key("LAB"), party_key(None)
    ('lab', 'lab', 'ind')
    """
    for text in (printed, abbreviation):
        if text and text.strip():
            key = _LOOKUP.get(_fold(text)) or _LOOKUP.get(" ".join(text.casefold().split()))
            if key is not None:
                return key
    if abbreviation and slug(abbreviation):
        return slug(abbreviation)
    if printed and slug(printed):
        return slug(printed)
    return INDEPENDENT  # no description at all: a candidate standing alone
