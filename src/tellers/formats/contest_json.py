"""The project's own contest file, ``tellers.contest/1`` (JSON).

::

    {
      "format": "tellers.contest/1",
      "name": "Anytown Ward",
      "seats": 2,
      "rules": "scot-2011",
      "date": "2012-04-26",
      "candidates": [{"name": "Alice Archer", "party": "Lab"}, {"name": "Bob Baker"}],
      "withdrawn": ["Bob Baker"],
      "ballots": [{"ranking": ["Alice Archer", "Bob Baker"], "count": 20}],
      "rejected": {"want_of_official_mark": 1},
      "rejected_in_part": 0,
      "electorate": 8000,
      "papers_issued": 3700
    }

Required: ``format``, ``name``, ``seats`` (unless the caller gives seats),
``candidates`` (objects with ``name`` and an optional ``party``, or plain names),
and either ``ballots`` (each a ``ranking`` of candidate names, most preferred
first, and a ``count``) or ``totals`` (votes for every candidate, by name) with
an optional ``valid_papers`` and ``prior_seats`` (seats already held, by name,
as constituency seats under AMS; absent names hold none). The rest is
optional. A ranking with no names is a paper with no preference: rejected as
unmarked. Keys not listed here are errors, so that a misspelt key is not
silently ignored.

Errors name the place in the document, with its line:
``contest.json:12: ballots[3].ranking[1]: expected one of the candidates, found "Q"``.

Default rules when ``rules`` is absent: ``av`` / ``scot-2011`` for ballots (one
seat / more), ``uk-fptp`` for totals. :func:`write_contest_json` writes an
Election in this format, the same bytes for the same Election.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import NoReturn

from ..core.model import Ballots, Candidate, Election, Ranking, Totals
from ..errors import InputError
from ._common import add_rejected, ballots_and_blanks, default_rules, make_contest

#: The value of ``"format"`` this module reads and writes.
FORMAT = "tellers.contest/1"

_KEYS = (
    "format",
    "name",
    "seats",
    "rules",
    "date",
    "candidates",
    "withdrawn",
    "ballots",
    "totals",
    "valid_papers",
    "prior_seats",
    "rejected",
    "rejected_in_part",
    "electorate",
    "papers_issued",
)

Step = str | int


class _Document:
    """A parsed document, and how to report a fault at a place in it."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source

    def fail(self, path: Sequence[Step], message: str) -> NoReturn:
        where = _render(path)
        raise InputError(
            self.source, _line_of(self.text, path), f"{where}: {message}" if where else message
        )

    def whole(self, value: object, path: Sequence[Step], least: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            self.fail(path, f"expected a whole number of {least} or more, found {_show(value)}")
        return value

    def text_at(self, value: object, path: Sequence[Step]) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"expected a name (a string), found {_show(value)}")
        return value

    def mapping(self, value: object, path: Sequence[Step]) -> Mapping[str, object]:
        if not isinstance(value, dict):
            self.fail(path, f"expected an object {{...}}, found {_show(value)}")
        return value

    def sequence(self, value: object, path: Sequence[Step]) -> list[object]:
        if not isinstance(value, list):
            self.fail(path, f"expected a list [...], found {_show(value)}")
        return value


def read_contest_json(text: str, source: str, seats: int | None = None) -> Election:
    """Read a ``tellers.contest/1`` document."""
    doc = _Document(text, source)
    if not text.strip():
        raise InputError(source, 1, "expected a JSON object, found an empty file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(source, error.lineno, f"expected JSON: {error.msg}") from None
    except ValueError:  # a number of thousands of digits
        raise InputError(source, 1, "expected JSON with numbers of a sensible size") from None
    except RecursionError:
        raise InputError(
            source, 1, "expected JSON nested a few levels deep, found far more"
        ) from None
    top = doc.mapping(data, [])
    for key in top:
        if key not in _KEYS:
            doc.fail([key], f"expected one of the keys {', '.join(_KEYS)}; found {key!r}")
    if top.get("format") != FORMAT:
        found = _show(top["format"]) if "format" in top else "no format"
        doc.fail(
            ["format"] if "format" in top else [], f'expected "format": "{FORMAT}", found {found}'
        )
    name = doc.text_at(top.get("name"), ["name"])
    if seats is None:
        seats = doc.whole(top.get("seats"), ["seats"], 1)
    elif "seats" in top:
        doc.whole(top["seats"], ["seats"], 1)
    date = top.get("date")
    if date is not None and (
        not isinstance(date, str) or not re.fullmatch(r"\d{4}-\d\d-\d\d", date)
    ):
        doc.fail(["date"], f'expected a date such as "2012-04-26", found {_show(date)}')
    rules = top.get("rules")
    if rules is not None and (not isinstance(rules, str) or not rules.strip()):
        doc.fail(["rules"], f"expected the name of a rule set, found {_show(rules)}")
    candidates = _candidates(doc, top.get("candidates"))
    index = {c.name: i for i, c in enumerate(candidates)}
    withdrawn = [
        _candidate(doc, index, item, ["withdrawn", i])
        for i, item in enumerate(doc.sequence(top.get("withdrawn", []), ["withdrawn"]))
    ]
    rejected: dict[str, int] = {}
    for head, n in doc.mapping(top.get("rejected", {}), ["rejected"]).items():
        add_rejected(rejected, head, doc.whole(n, ["rejected", head]))
    votes: Ballots | Totals
    if ("ballots" in top) == ("totals" in top):
        doc.fail([], 'expected either "ballots" or "totals" (one of them)')
    if "ballots" in top:
        votes = _ballots(doc, index, top["ballots"], rejected)
        valid = top.get("valid_papers")
        if "prior_seats" in top:
            doc.fail(["prior_seats"], 'expected "prior_seats" only with "totals"')
        if valid is not None and doc.whole(valid, ["valid_papers"]) != votes.papers:
            doc.fail(
                ["valid_papers"], f"expected {votes.papers} (the papers in ballots), found {valid}"
            )
    else:
        votes = _totals(doc, candidates, top)
    if isinstance(votes, Ballots) and seats > len(candidates):
        doc.fail(
            ["seats"],
            f"expected at most {len(candidates)} seats for {len(candidates)} candidates, "
            f"found {seats}",
        )
    line = _line_of(text, ["candidates"])
    ranked = isinstance(votes, Ballots)
    contest = make_contest(source, line, name, seats, candidates, withdrawn, date, ranked=ranked)
    optional = {
        key: None if top.get(key) is None else doc.whole(top[key], [key])
        for key in ("rejected_in_part", "electorate", "papers_issued")
    }
    if rules is None:
        rules = default_rules(seats) if isinstance(votes, Ballots) else "uk-fptp"
    return Election(
        contest,
        votes,
        rejected=rejected,
        rejected_in_part=optional["rejected_in_part"],
        electorate=optional["electorate"],
        papers_issued=optional["papers_issued"],
        source=source,
        rules=str(rules),
    )


def _candidates(doc: _Document, value: object) -> tuple[Candidate, ...]:
    items = doc.sequence(value, ["candidates"])
    if not items:
        doc.fail(["candidates"], "expected at least one candidate, found none")
    candidates: list[Candidate] = []
    for i, item in enumerate(items):
        path: list[Step] = ["candidates", i]
        if isinstance(item, str):
            candidates.append(Candidate(doc.text_at(item, path)))
            continue
        fields = doc.mapping(item, path)
        for key in fields:
            if key not in ("name", "party"):
                doc.fail([*path, key], f'expected "name" or "party", found {key!r}')
        party = fields.get("party")
        if party is not None and not isinstance(party, str):
            doc.fail([*path, "party"], f"expected a party name (a string), found {_show(party)}")
        name = doc.text_at(fields.get("name"), [*path, "name"])
        if any(c.name == name for c in candidates):
            doc.fail(
                [*path, "name"],
                f"expected a different name for each candidate, found {name!r} again",
            )
        candidates.append(Candidate(name, party or None))
    return tuple(candidates)


def _candidate(doc: _Document, index: Mapping[str, int], value: object, path: list[Step]) -> int:
    name = doc.text_at(value, path)
    if name not in index:
        doc.fail(path, f"expected one of the candidates, found {_show(name)}")
    return index[name]


def _ballots(
    doc: _Document, index: Mapping[str, int], value: object, rejected: dict[str, int]
) -> Ballots:
    papers: list[tuple[Ranking, int]] = []
    for i, item in enumerate(doc.sequence(value, ["ballots"])):
        path: list[Step] = ["ballots", i]
        fields = doc.mapping(item, path)
        for key in fields:
            if key not in ("ranking", "count"):
                doc.fail([*path, key], f'expected "ranking" or "count", found {key!r}')
        names = doc.sequence(fields.get("ranking"), [*path, "ranking"])
        ranking = tuple(
            _candidate(doc, index, name, [*path, "ranking", j]) for j, name in enumerate(names)
        )
        if len(set(ranking)) != len(ranking):
            doc.fail([*path, "ranking"], "expected each candidate at most once in a ranking")
        papers.append((ranking, doc.whole(fields.get("count"), [*path, "count"])))
    return ballots_and_blanks(papers, rejected)


def _totals(doc: _Document, candidates: Sequence[Candidate], top: Mapping[str, object]) -> Totals:
    names = [c.name for c in candidates]
    votes = _by_name(doc, names, top["totals"], "totals", every=True)
    valid = top.get("valid_papers")
    papers = None if valid is None else doc.whole(valid, ["valid_papers"])
    prior = None
    if top.get("prior_seats") is not None:
        prior = _by_name(doc, names, top["prior_seats"], "prior_seats", every=False)
    return Totals(votes, papers, prior)


def _by_name(
    doc: _Document, names: Sequence[str], value: object, key: str, every: bool
) -> tuple[int, ...]:
    """A whole number for each candidate from ``{name: n}``; absent names are 0 unless
    ``every`` candidate must be there."""
    given = doc.mapping(value, [key])
    for name in given:
        if name not in names:
            doc.fail([key, name], f"expected one of the candidates, found {_show(name)}")
    missing = [name for name in names if name not in given]
    if every and missing:
        doc.fail([key], f"expected votes for every candidate, found none for {missing[0]!r}")
    return tuple(doc.whole(given.get(name, 0), [key, name]) for name in names)


def write_contest_json(election: Election) -> str:
    """``election`` as a ``tellers.contest/1`` document: keys in a fixed order, one
    candidate or ballot a line, ballots in their sorted order."""
    contest = election.contest
    names = contest.names
    lines = [
        f'  "format": {_dump(FORMAT)}',
        f'  "name": {_dump(contest.name)}',
        f'  "seats": {contest.seats}',
    ]
    if election.rules is not None:
        lines.append(f'  "rules": {_dump(election.rules)}')
    if contest.date is not None:
        lines.append(f'  "date": {_dump(contest.date)}')
    people = [
        {"name": c.name, "party": c.party} if c.party else {"name": c.name}
        for c in contest.candidates
    ]
    lines.append(_block("candidates", [_dump(p) for p in people]))
    if contest.withdrawn:
        lines.append(f'  "withdrawn": {_dump([names[i] for i in sorted(contest.withdrawn)])}')
    votes = election.votes
    if isinstance(votes, Ballots):
        items = [
            _dump({"ranking": [names[c] for c in ranking], "count": n})
            for ranking, n in zip(votes.rankings, votes.counts, strict=True)
        ]
        lines.append(_block("ballots", items))
    elif isinstance(votes, Totals):
        totals = ", ".join(f"{_dump(n)}: {v}" for n, v in zip(names, votes.votes, strict=True))
        lines.append(f'  "totals": {{{totals}}}')
        if votes.papers is not None:
            lines.append(f'  "valid_papers": {votes.papers}')
        if votes.prior_seats is not None:
            prior = zip(names, votes.prior_seats, strict=True)
            lines.append(f'  "prior_seats": {{{", ".join(f"{_dump(n)}: {v}" for n, v in prior)}}}')
    else:
        raise ValueError("cast vote records are written in their own formats, not as a contest")
    if election.rejected:
        lines.append(f'  "rejected": {_dump(dict(sorted(election.rejected.items())))}')
    for key in ("rejected_in_part", "electorate", "papers_issued"):
        value = getattr(election, key)
        if value is not None:
            lines.append(f'  "{key}": {value}')
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _block(key: str, items: Sequence[str]) -> str:
    if not items:
        return f'  "{key}": []'
    inner = ",\n".join(f"    {item}" for item in items)
    return f'  "{key}": [\n{inner}\n  ]'


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _show(value: object) -> str:
    if value is None:
        return "nothing"
    text = _dump(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _render(path: Sequence[Step]) -> str:
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", step):
            text += f".{step}" if text else step
        else:
            text += f"[{_dump(step)}]"
    return text


def _line_of(text: str, path: Sequence[Step]) -> int:
    """The line where the value at ``path`` starts (or the deepest part of it found)."""
    decoder = json.JSONDecoder()
    spaces = re.compile(r"\s*")

    def skip(i: int) -> int:
        match = spaces.match(text, i)
        return match.end() if match else i

    def past(i: int) -> int:
        return skip(decoder.raw_decode(text, i)[1])

    at = skip(0)
    try:
        for step in path:
            i = skip(at + 1)
            if isinstance(step, str):
                if text[at] != "{":
                    break
                while text[i] != "}":
                    key, i = decoder.raw_decode(text, i)
                    i = skip(skip(i) + 1)  # past the colon
                    if key == step:
                        break
                    i = past(i)
                    if text[i] == ",":
                        i = skip(i + 1)
                else:
                    break
            else:
                if text[at] != "[":
                    break
                for _ in range(step):
                    if text[i] == "]":
                        break
                    i = past(i)
                    if text[i] == ",":
                        i = skip(i + 1)
                if text[i] == "]":
                    break
            at = i
    except (IndexError, ValueError):
        pass
    return text.count("\n", 0, at) + 1
