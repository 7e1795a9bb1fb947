"""Hart cast vote records: a folder of XML files, one paper a file.

Each ``.xml`` file is a ``Cvr`` listing the paper's ``Contests``; the
contest whose ``Id`` is the configuration's ``contestId`` lists the options
marked (``Options``/``Option``: an ``Id``, a ``Name`` and a ``Value``
whose ``k``-th character is ``1`` where the option is marked at rank ``k``).
An option is matched by its id (given in the configuration as a
candidate's code or alias), else by its name; a write-in option (with
``WriteInData`` and no name) is an undeclared write-in. A paper without the
contest is not counted; one with the contest but no option marked ranked
nobody.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError, parse

from ...core.records import CastVoteRecords
from ...errors import InputError
from ._source import MOST_RANKS, Labels, Tally, ranks_from_pairs


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Element, name: str) -> Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def read_hart(labels: Labels, ranks: int) -> CastVoteRecords:
    """Read one contest's records from a folder of Hart XML files."""
    source = labels.source
    files = sorted(source.path.glob("*.xml")) if source.path.is_dir() else [source.path]
    tally = Tally()
    for file in files:
        try:
            root = parse(file).getroot()
        except (OSError, ParseError, LookupError, ValueError) as error:
            raise InputError(str(file), None, f"expected a Hart CVR XML file ({error})") from None
        contests = _child(root, "Contests")
        contest = None
        for candidate in contests if contests is not None else []:
            if _text(_child(candidate, "Id")) == source.contest_id:
                contest = candidate
                break
        if contest is None:
            continue
        pairs: list[tuple[int, int]] = []
        options = _child(contest, "Options")
        for option in options if options is not None else []:
            value = _text(_child(option, "Value")) or "1"
            if set(value) - {"0", "1"} or len(value) > MOST_RANKS:
                raise InputError(
                    str(file), None, f"expected a Value of 0s and 1s, not {value[:40]!r}"
                )
            at = [i + 1 for i, ch in enumerate(value) if ch == "1" and i < ranks]
            option_id, name = _text(_child(option, "Id")), _text(_child(option, "Name"))
            if option_id in labels.names:
                mark = labels.mark(option_id)
            elif _child(option, "WriteInData") is not None and not name:
                mark = labels.blank() if labels.write_ins is None else labels.write_ins
            else:
                mark = labels.mark(name or option_id)
            if mark is not None:
                pairs.extend((rank, mark) for rank in at)
        tally.add(ranks_from_pairs(sorted(pairs)))
    return tally.result()
