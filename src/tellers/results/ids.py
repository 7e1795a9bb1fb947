"""Election and ballot identifiers as Democracy Club writes them.

::

    local.tower-hamlets.spitalfields-banglatown.by.2012-04-26
    │     │             │                       │  └ date of the poll
    │     │             │                       └ by-election (absent at an ordinary election)
    │     │             └ division (ward, constituency): its slug
    │     └ organisation (the council): its slug
    └ election type (local, parl, mayor, gla, sp, senedd, pcc, ...)

Design: the grammar is Democracy Club's, and so is the code that knows it: the
``uk-election-ids`` package. Its ``IdBuilder.from_id`` parses and validates an
identifier (which types take a subtype, an organisation, a division), and its
builder writes one. :func:`parse_id` parses with ``from_id`` and then rebuilds the
identifier with the builder, requiring the text to come back unchanged: that
catches what ``from_id`` lets through (``2014-5-22`` for ``2014-05-22``) and
keeps one spelling per election. Slugs are made by the package's ``slugify``,
as Democracy Club makes them (``St. Katharine's & Wapping`` ->
``st-katharines-wapping``).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import InputError

with warnings.catch_warnings():
    # uk_election_ids opens its data files at import and leaves them to be closed by
    # the garbage collector; without this, Python warns (and pytest, set to turn
    # warnings into errors, fails whichever test happens to be running).
    warnings.simplefilter("ignore", ResourceWarning)
    from uk_election_ids.election_ids import IdBuilder  # type: ignore[import-untyped]
    from uk_election_ids.slugger import slugify  # type: ignore[import-untyped]

__all__ = [
    "ElectionId",
    "ElectionIdError",
    "build_ballot_id",
    "is_valid",
    "names_division",
    "parse_ballot_id",
    "parse_id",
    "slug",
    "ward_name",
]


class ElectionIdError(InputError):
    """Text that is not a Democracy Club election or ballot identifier."""

    def __init__(self, identifier: str, message: str) -> None:
        super().__init__(repr(identifier), None, message)
        self.identifier = identifier


@dataclass(frozen=True, slots=True)
class ElectionId:
    """A parsed identifier: of a ballot (one contest) or of a group of them.

    ``kind`` is ``"ballot"`` (one contest: what a result belongs to),
    ``"organisation"`` (a council's elections on one day), ``"subtype"`` or
    ``"election"`` (every ballot of one type on one day).
    """

    id: str
    kind: str
    election_type: str
    subtype: str | None
    organisation: str | None
    division: str | None
    by_election: bool
    date: date

    @property
    def is_ballot(self) -> bool:
        return self.kind == "ballot"

    @property
    def election_id(self) -> str:
        """The election this ballot belongs to, as Democracy Club groups them: the
        organisation's (``local.tower-hamlets.2014-05-22``) where there is one, else
        the subtype's (``gla.c.2016-05-05``), else the type's (``parl.2015-05-07``).
        For a group identifier, the identifier itself."""
        if not self.is_ballot:
            return self.id
        builder = _builder(self)
        for candidate in _group_ids(builder):
            if candidate != self.id:
                return candidate
        return str(builder.election_group_id)


def slug(name: str) -> str:
    """The slug Democracy Club makes of a name (``uk_election_ids.slugger.slugify``)."""
    return str(slugify(name))


#: Words a ward's title may end in that are not its name.
_TITLE_TAIL = re.compile(
    r"[\s,;:\-–—]*\b(?:ward|division|by-election|by election|byelection|(?:ordinary |local )?"
    r"elections?|results?|count)\s*$",
    re.IGNORECASE,
)


def ward_name(title: str) -> str:
    """The ward's name in a result's title: ``Spitalfields and Banglatown (London Borough
    of Tower Hamlets), by-election`` -> ``Spitalfields and Banglatown``. What follows a
    comma, text in brackets and a closing ``ward``, ``by-election`` or ``election`` are
    left out."""
    name = re.sub(r"\([^)]*\)?", " ", title).split(",")[0]
    name = " ".join(name.split())
    while True:
        shorter = _TITLE_TAIL.sub("", name).strip()
        if shorter == name or not shorter:
            return name
        name = shorter


def _words(text: str) -> list[str]:
    return [word for word in slug(text).split("-") if word and word != "and"]


def names_division(name: str, division: str) -> bool:
    """Whether a ward's name (as a result gives it) names the division of an identifier
    (its slug): the slug's words, ``and`` aside, stand together in the name
    (``Spitalfields and Banglatown`` names ``spitalfields-banglatown``; ``Bow West`` does
    not name ``bow-east``)."""
    wanted, words = _words(division), _words(name)
    if not wanted:
        return True
    return any(words[i : i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1))


def parse_id(identifier: str) -> ElectionId:
    """Parse and validate an identifier; :class:`ElectionIdError` says what is wrong."""
    if not isinstance(identifier, str) or not identifier:
        raise ElectionIdError(str(identifier), "expected an election or ballot identifier")
    try:
        builder = IdBuilder.from_id(identifier)
    except (ValueError, TypeError) as error:
        raise ElectionIdError(
            identifier, f"expected an identifier such as {_EXAMPLE}: {error}"
        ) from None
    by_election = builder.contest_type == "by"
    kind = _kind(builder, identifier)
    if kind is None:
        raise ElectionIdError(
            identifier,
            f"expected an identifier written as Democracy Club writes it, such as {_EXAMPLE}"
            f" (this one reads as {builder.ids[-1]})",
        )
    return ElectionId(
        id=identifier,
        kind=kind,
        election_type=str(builder.election_type),
        subtype=_text(builder.subtype),
        organisation=_text(builder.organisation),
        division=_text(builder.division),
        by_election=by_election,
        date=date.fromisoformat(str(builder.date)),
    )


def parse_ballot_id(identifier: str) -> ElectionId:
    """Parse an identifier that must name one ballot (one contest)."""
    parsed = parse_id(identifier)
    if not parsed.is_ballot:
        raise ElectionIdError(
            identifier,
            f"expected the identifier of one ballot, such as {_EXAMPLE}; "
            f"this one names a group of ballots ({parsed.kind})",
        )
    return parsed


def is_valid(identifier: str) -> bool:
    """Whether ``identifier`` is a Democracy Club identifier in its one spelling."""
    try:
        parse_id(identifier)
    except ElectionIdError:
        return False
    return True


def build_ballot_id(
    election_type: str,
    when: date | str,
    *,
    organisation: str | None = None,
    division: str | None = None,
    subtype: str | None = None,
    by_election: bool = False,
) -> str:
    """The ballot identifier of a contest; names are slugged as Democracy Club does.

    ``build_ballot_id("local", "2014-05-22", organisation="Tower Hamlets",
    division="Spitalfields & Banglatown")`` ->
    ``local.tower-hamlets.spitalfields-banglatown.2014-05-22``.
    """
    try:
        builder = IdBuilder(election_type, when)
        if subtype is not None:
            builder = builder.with_subtype(subtype)
        if organisation is not None:
            builder = builder.with_organisation(organisation)
        if division is not None:
            builder = builder.with_division(division)
        if by_election:
            builder = builder.with_contest_type("by")
        identifier = str(builder.ballot_id)
    except (ValueError, TypeError) as error:
        where = ".".join(str(p) for p in (election_type, organisation, division, when) if p)
        raise ElectionIdError(where, f"cannot make a ballot identifier: {error}") from None
    return parse_ballot_id(identifier).id


_EXAMPLE = "local.tower-hamlets.spitalfields-banglatown.by.2012-04-26"


def _text(value: object) -> str | None:
    return None if value in (None, "") else str(value)


def _group_ids(builder: Any) -> list[str]:
    """The group identifiers of a builder, most specific first."""
    ids: list[str] = []
    for name in ("organisation_group_id", "subtype_group_id", "election_group_id"):
        try:
            ids.append(str(getattr(builder, name)))
        except ValueError:
            continue
    return ids


def _kind(builder: Any, identifier: str) -> str | None:
    """Which identifier ``identifier`` is, rebuilt by the builder; None if none is it."""
    try:
        if str(builder.ballot_id) == identifier:
            return "ballot"
    except ValueError:
        pass
    for kind, name in (
        ("organisation", "organisation_group_id"),
        ("subtype", "subtype_group_id"),
        ("election", "election_group_id"),
    ):
        try:
            if str(getattr(builder, name)) == identifier:
                return kind
        except ValueError:
            continue
    return None


def _builder(parsed: ElectionId) -> Any:
    return IdBuilder.from_id(parsed.id)
