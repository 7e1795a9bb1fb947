"""RCTab contest configurations: read, checked, and their CVR sources read.

:func:`load_rctab_config` reads a contest configuration as RCTab saves it
(``outputSettings``, ``cvrFileSources``, ``candidates``, ``rules``) into an
:class:`RctabConfig`: the contest, its candidates (names, codes and aliases),
the rules as :class:`~tellers.rules.rctab.RctabRules`, and the sources (paths
relative to the configuration file). :func:`read_sources` reads every source
with its vendor's reader into one set of cast vote records. Counting is the
rule set's (:mod:`tellers.rules.rctab`); RCTab's report is
:mod:`tellers.report.rctab`; :func:`tellers.service.rctab.run_rctab_config`
does the three.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ...core.model import Candidate, Contest
from ...core.records import CastVoteRecords
from ...errors import InputError, RulesError
from ...rules.rctab import (
    UNDECLARED_WRITE_INS,
    Contestants,
    Mode,
    Overvote,
    RctabRules,
    Tiebreak,
)
from ._source import Labels, Source

Reader = Callable[[Labels, int], CastVoteRecords]


@dataclass(frozen=True, slots=True)
class RctabConfig:
    """A contest configuration, parsed and checked."""

    path: Path
    contest: str
    date: str
    jurisdiction: str
    office: str
    contestants: Contestants
    names: Mapping[str, int]  # every name, code and alias -> candidate index
    rules: RctabRules
    sources: tuple[Source, ...]


def _text(section: Mapping[str, Any], key: str, default: str = "") -> str:
    value = section.get(key, default)
    return default if value is None else str(value).strip()


def _flag(section: Mapping[str, Any], key: str) -> bool:
    value = section.get(key, False)
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)


def _whole(where: str, section: Mapping[str, Any], key: str, *, blank: int | None) -> int | None:
    text = _text(section, key)
    if not text:
        return blank
    try:
        return int(text)
    except ValueError:
        raise InputError(
            where, None, f"rules.{key}: expected a whole number, not {text!r}"
        ) from None


def _choice(where: str, key: str, text: str, kind: type[Any]) -> Any:
    try:
        return kind(text)
    except ValueError:
        known = ", ".join(m.value for m in kind)
        raise InputError(
            where, None, f"rules.{key}: expected one of {known}, not {text!r}"
        ) from None


def _rules(where: str, raw: Mapping[str, Any]) -> RctabRules:
    skipped = _text(raw, "maxSkippedRanksAllowed")
    rankings = _text(raw, "maxRankingsAllowed")
    percentage = _text(raw, "multiSeatBottomsUpPercentageThreshold")
    try:
        minimum = Decimal(_text(raw, "minimumVoteThreshold") or "0")
        share = Decimal(percentage) / 100 if percentage else None
    except InvalidOperation:
        raise InputError(where, None, "rules: expected a number for a threshold") from None
    seats = _whole(where, raw, "numberOfWinners", blank=1)
    places = _whole(where, raw, "decimalPlacesForVoteArithmetic", blank=4)
    assert seats is not None and places is not None
    try:
        return RctabRules(
            seats=seats,
            mode=_choice(where, "winnerElectionMode", _text(raw, "winnerElectionMode"), Mode),
            overvote=_choice(where, "overvoteRule", _text(raw, "overvoteRule"), Overvote),
            max_skipped_ranks=None
            if skipped.lower() == "unlimited"
            else _whole(where, raw, "maxSkippedRanksAllowed", blank=None),
            max_rankings=None
            if rankings.lower() == "max"
            else _whole(where, raw, "maxRankingsAllowed", blank=None),
            exhaust_on_duplicate=_flag(raw, "exhaustOnDuplicateCandidate"),
            places=places,
            non_integer_threshold=_flag(raw, "nonIntegerWinningThreshold"),
            hare_quota=_flag(raw, "hareQuota"),
            first_round_determines_threshold=_flag(raw, "doesFirstRoundDetermineThreshold"),
            minimum_vote_threshold=minimum,
            bottoms_up_percentage=share,
            batch_elimination=_flag(raw, "batchElimination"),
            cutoff_elimination=_flag(raw, "cutoffElimination"),
            continue_until_two=_flag(raw, "continueUntilTwoCandidatesRemain"),
            stop_after_round=_whole(where, raw, "stopTabulationEarlyAfterRound", blank=None),
            tiebreak=_choice(where, "tiebreakMode", _text(raw, "tiebreakMode"), Tiebreak),
            random_seed=_whole(where, raw, "randomSeed", blank=None),
        )
    except RulesError as error:
        raise InputError(where, None, str(error)) from None


def _index(where: str, text: str) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InputError(where, None, f"expected a column or row number, not {text!r}") from None


def _source(where: str, base: Path, raw: Mapping[str, Any], rules: Mapping[str, Any]) -> Source:
    path = _text(raw, "filePath")
    if not path:
        raise InputError(where, None, "a cvrFileSources entry has no filePath")
    return Source(
        path=(base / path),
        provider=_text(raw, "provider"),
        contest_id=_text(raw, "contestId"),
        first_vote_column=_index(where, _text(raw, "firstVoteColumnIndex")),
        first_vote_row=_index(where, _text(raw, "firstVoteRowIndex")),
        id_column=_index(where, _text(raw, "idColumnIndex")),
        precinct_column=_index(where, _text(raw, "precinctColumnIndex")),
        overvote_delimiter=_text(raw, "overvoteDelimiter"),
        overvote_label=_text(raw, "overvoteLabel") or _text(rules, "overvoteLabel"),
        skipped_rank_label=_text(raw, "skippedRankLabel")
        or _text(raw, "undervoteLabel")
        or _text(rules, "skippedRankLabel")
        or _text(rules, "undervoteLabel"),
        write_in_label=_text(raw, "undeclaredWriteInLabel")
        or _text(rules, "undeclaredWriteInLabel"),
        blank_is_write_in=_flag(raw, "treatBlankAsUndeclaredWriteIn")
        or _flag(rules, "treatBlankAsUndeclaredWriteIn"),
    )


def load_rctab_config(path: str | Path) -> RctabConfig:
    """Parse and check an RCTab contest configuration file."""
    path = Path(path)
    where = str(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise InputError(where, None, f"cannot read the file ({error.strerror})") from None
    except json.JSONDecodeError as error:
        raise InputError(where, error.lineno, f"expected JSON ({error.msg})") from None
    if not isinstance(raw, dict):
        raise InputError(where, None, "expected an RCTab contest configuration (a JSON object)")
    output = raw.get("outputSettings") or {}
    rules_raw = raw.get("rules") or {}
    sources = tuple(
        _source(where, path.parent, s, rules_raw) for s in raw.get("cvrFileSources") or []
    )
    if not sources:
        raise InputError(where, None, "expected at least one entry in cvrFileSources")
    names: list[str] = []
    keys: list[str] = []
    lookup: dict[str, int] = {}
    excluded: set[int] = set()
    for entry in raw.get("candidates") or []:
        name = _text(entry, "name")
        if not name:
            raise InputError(where, None, "a candidate has no name")
        index = len(names)
        names.append(name)
        code = _text(entry, "code")
        keys.append(code or name)
        for label in (name, code, *(str(a).strip() for a in entry.get("aliases") or [])):
            if label:
                lookup[label] = index
        if _flag(entry, "excluded"):
            excluded.add(index)
    if not names:
        raise InputError(where, None, "expected at least one declared candidate")
    write_ins = None
    if any(s.write_in_label for s in sources):
        write_ins = len(names)
        names.append(UNDECLARED_WRITE_INS)
        keys.append(UNDECLARED_WRITE_INS)
    contestants = Contestants(tuple(names), frozenset(excluded), write_ins, tuple(keys))
    return RctabConfig(
        path=path,
        contest=_text(output, "contestName"),
        date=_text(output, "contestDate"),
        jurisdiction=_text(output, "contestJurisdiction"),
        office=_text(output, "contestOffice"),
        contestants=contestants,
        names=lookup,
        rules=_rules(where, rules_raw),
        sources=sources,
    )


def _readers() -> dict[str, Reader]:
    from .cdf import read_cdf
    from .csv_formats import read_clear_ballot, read_generic_csv
    from .dominion import read_dominion
    from .ess import read_ess
    from .hart import read_hart

    return {
        "hart": read_hart,
        "ess": read_ess,
        "cdf": read_cdf,
        "dominion": read_dominion,
        "genericCsv": read_generic_csv,
        "clearBallot": read_clear_ballot,
    }


def read_sources(config: RctabConfig) -> CastVoteRecords:
    """Every source's records together."""
    readers = _readers()
    limit = config.rules.max_rankings or config.contestants.declared
    total = CastVoteRecords((), ())
    for source in config.sources:
        reader = readers.get(source.provider)
        if reader is None:
            known = ", ".join(sorted(readers))
            raise InputError(
                str(config.path), None, f"provider {source.provider!r} is not read (known: {known})"
            )
        labels = Labels(config.names, source, config.contestants.write_ins)
        total = total + reader(labels, limit)
    return total


def config_contest(config: RctabConfig) -> Contest:
    """The contest of a configuration: its candidates (with the undeclared write-ins
    pseudo-candidate, if any, last; ``excluded`` ones withdrawn) and seats."""
    who = config.contestants
    name = config.contest or config.path.stem
    return Contest(
        name=name,
        seats=max(config.rules.seats, 1),
        candidates=tuple(Candidate(n) for n in who.names),
        withdrawn=who.excluded,
        date=config.date or None,
    )


__all__ = [
    "RctabConfig",
    "config_contest",
    "load_rctab_config",
    "read_sources",
]
