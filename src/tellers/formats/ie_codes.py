"""Papers as the Irish 2002 e-voting pilot published them: a line of candidate codes each.

::

    "Morr" "Terr" "Higg" "Burt" "Smyt" "XXXXX" "XXXXX" "XXXXX" "XXXXX"
    "Leni" "Dohe" "Morr" "McDo" "XXXXX" "XXXXX" "XXXXX" "XXXXX" "XXXXX"

Each line is one paper (Dublin West and Dublin North, 17 May 2002): the codes
of the candidates in order of preference, each in double quotes, then
``"XXXXX"`` to fill the line. Every line has the same number of items (one
per candidate standing). A code twice on a line, a code after the filling, an
unquoted item or a line of another length is an error naming the line; a line
of filling only is a paper with no preference, rejected as unmarked.

The candidates are the codes (``Higg``, ``Leni``...), in alphabetical order;
the file does not give their names, nor the number of seats, which must be
given (``--seats``). Default rules: ``ie-dail``. The papers are compressed like
any ballots, so their order in the file is not kept (``ie-dail`` draws its
sample of surplus papers from its own seed).
"""

from __future__ import annotations

import re

from ..core.model import Candidate, Election, Ranking
from ..errors import InputError
from ._common import ballots_and_blanks, contest_name, make_contest, split_lines

#: The rule set the papers are counted under unless another is chosen.
RULES = "ie-dail"
#: The item that fills a line after the last preference.
FILLING = "XXXXX"

_ITEM = re.compile(r'"([^"\s]{1,40})"')
_LINE = re.compile(r'\s*(?:"[^"\s]{1,40}"\s*)+')


def sniff(text: str) -> bool:
    """Whether ``text`` looks like this layout: its first lines are quoted codes only,
    the same number on each, some of them the filling."""
    lines = [line for line in split_lines(text[:20000])[:20] if line.strip()]
    if not lines or not all(_LINE.fullmatch(line) for line in lines):
        return False
    widths = {len(_ITEM.findall(line)) for line in lines}
    return len(widths) == 1 and any(f'"{FILLING}"' in line for line in lines)


def read_ie_codes(text: str, source: str, seats: int | None = None) -> Election:
    """Read the papers of an Irish 2002 e-voting file."""
    if seats is None:
        raise InputError(
            source,
            None,
            "expected the number of seats: give it with --seats N (this layout does not say)",
        )
    papers: list[tuple[tuple[str, ...], int]] = []
    width: int | None = None
    for number, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            continue
        if not _LINE.fullmatch(line):
            raise InputError(
                source,
                number,
                f'expected candidate codes in double quotes ("Higg" "Leni" "{FILLING}"), '
                f"found {line.strip()[:60]!r}",
            )
        items = _ITEM.findall(line)
        if width is None:
            width = len(items)
        elif len(items) != width:
            raise InputError(
                source, number, f"expected {width} items as on the first line, found {len(items)}"
            )
        papers.append((_codes(items, source, number), number))
    if width is None:
        raise InputError(source, 1, "expected a line of candidate codes for each paper, found none")
    codes = sorted({code for paper, _ in papers for code in paper})
    if len(codes) > width:
        raise InputError(
            source, None, f"expected at most {width} candidates (items a line), found {len(codes)}"
        )
    index = {code: i for i, code in enumerate(codes)}
    rejected: dict[str, int] = {}
    rankings: list[tuple[Ranking, int]] = [
        (tuple(index[code] for code in paper), 1) for paper, _ in papers
    ]
    ballots = ballots_and_blanks(rankings, rejected)
    contest = make_contest(
        source, None, contest_name(source, None), seats, [Candidate(c) for c in codes]
    )
    return Election(contest, ballots, rejected=rejected, source=source, rules=RULES)


def _codes(items: list[str], source: str, line: int) -> tuple[str, ...]:
    """The codes of one paper, in order, without the filling."""
    codes: list[str] = []
    filled = False
    for item in items:
        if item == FILLING:
            filled = True
            continue
        if filled:
            raise InputError(
                source, line, f'expected only "{FILLING}" after the last preference, found "{item}"'
            )
        if item in codes:
            raise InputError(
                source, line, f'expected each candidate once on a line, found "{item}" twice'
            )
        codes.append(item)
    return tuple(codes)
