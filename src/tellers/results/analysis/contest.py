"""The analysis's inputs: a contest's result, its system, party labels, and the options
(spec 08 §8.1, with the options the spec leaves open)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Literal, get_args

from ...core.count import Count

#: A vote figure: whole votes, or an exact fraction for a notional result.
Votes = int | Fraction

System = Literal["fptp", "block", "sv", "av", "stv", "list"]
#: How shares are taken in a multi-member block vote (spec 08 §8.2).
ShareMethod = Literal["top", "average", "all_votes"]
#: The party a by-election result is compared with (spec 08 §8.6).
ByElectionBase = Literal["last_ordinary_winner", "holder_at_vacancy"]
ChangeStatus = Literal["change", "new", "did not stand"]
MajorityKind = Literal["majority", "block majority", "final-stage margin"]

SYSTEMS: tuple[str, ...] = get_args(System)
SHARE_METHODS: tuple[str, ...] = get_args(ShareMethod)
BY_ELECTION_BASES: tuple[str, ...] = get_args(ByElectionBase)

#: The label every output of the by-election indicator carries (spec 08 §8.10).
INDICATOR_LABEL = "by-election change indicator (not a projected national share)"

#: Conventions the tool states but does not offer alternatives to; each is
#: printed with the options used (spec 08 §8.11 lists them as UNVERIFIED).
BLOCK_MAJORITY_CONVENTION = "last elected minus highest unelected"
FINAL_STAGE_CONVENTION = (
    "SV/AV: winner minus runner-up at the final stage; STV: last elected minus the best "
    "unelected candidate at the final stage (an excluded candidate at their votes when excluded)"
)
ATTRIBUTION_CONVENTION = "gains attributed to losers in descending order of losses, then by name"
DEFAULT_PAIR_CONVENTION = "default: the top two parties now, from the second to the first"

#: Rule set (family) -> the analysis's system; anything else counted in seats is ``stv``.
_SYSTEMS: Mapping[str, System] = {
    "uk-fptp": "fptp",
    "fptp": "fptp",
    "sv": "sv",
    "av": "av",
    "au-nsw": "av",
    "exhaustive": "av",
    "dhondt": "list",
    "sainte-lague": "list",
    "ams": "list",
    "gla-assembly": "list",
    "senedd-2026": "list",
}


def system_of(rules: str | None) -> System:
    """The spec 08 system of a rule set: ``uk-fptp`` (and unknown) -> fptp, STV rules -> stv."""
    if rules is None:
        return "fptp"
    if rules in _SYSTEMS:
        return _SYSTEMS[rules]
    return "stv"


#: Display labels for common party keys (the keys of :mod:`tellers.results.parties`);
#: any other key is shown title-cased.
PARTY_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "con": "Con",
        "lab": "Lab",
        "ld": "LD",
        "grn": "Green",
        "reform": "Reform",
        "snp": "SNP",
        "pc": "PC",
        "ind": "Ind",
        "ukip": "UKIP",
        "dup": "DUP",
        "sf": "SF",
        "sdlp": "SDLP",
        "uup": "UUP",
        "all": "Alliance",
        "oth": "Others",
    }
)


def _fraction(value: Votes) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(value)


def _frozen(mapping: Mapping[str, str] | None) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping or {}))


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class CandidateResult:
    """One candidate's line in a declared result.

    ``party`` is the normalised party key (``"lab"``, ``"con"``, ``"grn"``);
    candidates with the same key are one party for shares and seats, so give
    independents distinct keys (``"ind-robbani"``) to keep them apart.
    ``votes`` are first preferences for preferential systems and list votes for
    list elections (spec 08 §8.1).
    """

    name: str
    party: str
    votes: Votes
    elected: bool = False

    def __post_init__(self) -> None:
        if not self.party:
            raise ValueError(f"candidate {self.name!r} has no party key")
        if self.votes < 0:
            raise ValueError(f"candidate {self.name!r} has negative votes")


@dataclass(frozen=True, slots=True)
class ContestResult:
    """A contest's declared (or notional) result, with what analysis needs of the poll.

    ``valid_papers``, ``ballot_papers_counted`` (valid + rejected at the count)
    and ``rejected`` are papers, never votes; any two give the third. For a
    contest where each valid paper carries one vote (everything but a
    multi-member block vote) the valid papers are also the sum of the votes.
    ``by_election`` with ``seats`` the number of vacancies filled (1 in a
    multi-member ward's by-election); ``defending_party`` is the party that won
    the vacated seat at the last ordinary election, ``holder_at_vacancy`` the
    party of the departing member when the seat fell vacant. ``count``, where
    given, is the count the result came from (for the final-stage margin of
    SV, AV and STV). ``notional`` marks an estimate on new boundaries (§8.9).
    ``provisional``: entered but not yet confirmed by a second editor.
    """

    id: str
    candidates: tuple[CandidateResult, ...]
    seats: int = 1
    system: System = "fptp"
    valid_papers: Votes | None = None
    ballot_papers_counted: Votes | None = None
    rejected: Votes | None = None
    electorate: Votes | None = None
    by_election: bool = False
    defending_party: str | None = None
    holder_at_vacancy: str | None = None
    notional: bool = False
    party_labels: Mapping[str, str] = field(default_factory=lambda: _frozen(None))
    count: Count | None = None
    provisional: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "candidates", tuple(self.candidates))
        object.__setattr__(self, "party_labels", _frozen(self.party_labels))
        if self.seats < 1:
            raise ValueError(f"{self.id}: a contest elects at least one member")
        if self.system not in SYSTEMS:
            raise ValueError(f"{self.id}: unknown system {self.system!r}")
        if not self.candidates:
            raise ValueError(f"{self.id}: no candidates")
        if sum(c.elected for c in self.candidates) > self.seats:
            raise ValueError(f"{self.id}: more candidates elected than seats")
        known = [self.valid_papers, self.ballot_papers_counted, self.rejected]
        if all(v is not None for v in known):
            valid, counted, rejected = (_fraction(v) for v in known if v is not None)
            if valid + rejected != counted:
                raise ValueError(
                    f"{self.id}: ballot papers counted must be valid papers + rejected papers"
                )

    @property
    def block(self) -> bool:
        """A multi-member plurality contest, where a paper carries up to ``seats`` votes."""
        return self.system in ("fptp", "block") and self.seats > 1

    @property
    def parties(self) -> tuple[str, ...]:
        """Party keys in order of first appearance."""
        return tuple(dict.fromkeys(c.party for c in self.candidates))

    @property
    def elected(self) -> tuple[CandidateResult, ...]:
        """Elected candidates, most votes first (ties in the order given)."""
        return tuple(sorted((c for c in self.candidates if c.elected), key=lambda c: -c.votes))

    @property
    def total_votes(self) -> Fraction:
        return sum((_fraction(c.votes) for c in self.candidates), Fraction(0))

    @property
    def valid(self) -> Fraction | None:
        """Valid papers: as given, counted − rejected, or the votes where one paper is one vote."""
        if self.valid_papers is not None:
            return _fraction(self.valid_papers)
        if self.ballot_papers_counted is not None and self.rejected is not None:
            return _fraction(self.ballot_papers_counted) - _fraction(self.rejected)
        if not self.block:
            return self.total_votes
        return None

    @property
    def counted(self) -> Fraction | None:
        """Ballot papers counted (valid + rejected at the count), where known."""
        if self.ballot_papers_counted is not None:
            return _fraction(self.ballot_papers_counted)
        valid = self.valid
        if valid is not None and self.rejected is not None:
            return valid + _fraction(self.rejected)
        return None

    def label(self, party: str) -> str:
        """The display label of a party key (``lab`` -> ``Lab``)."""
        return party_label(party, self.party_labels)


def party_label(party: str, labels: Mapping[str, str] | None = None) -> str:
    """``labels[party]``, else the common label, else the key title-cased."""
    if labels and party in labels:
        return labels[party]
    return PARTY_LABELS.get(party, party.title())


@dataclass(frozen=True, slots=True)
class Options:
    """The choices spec 08 leaves open, with their defaults.

    * ``share_method`` — block-vote share method, §8.2 (UNVERIFIED by outlet);
    * ``absent_as_zero`` — a party absent from the base gets a change from 0
      instead of ``new``, §8.4;
    * ``by_election_base`` — §8.6 (UNVERIFIED by outlet);
    * ``swing_pair`` — ``(A, B)`` for "swing from B to A", §8.5; ``None`` takes
      the top two parties now (from the second to the first);
    * ``digits`` — decimal places for display (1, or 2), §8.2.
    """

    share_method: ShareMethod = "top"
    absent_as_zero: bool = False
    by_election_base: ByElectionBase = "last_ordinary_winner"
    swing_pair: tuple[str, str] | None = None
    digits: int = 1

    def __post_init__(self) -> None:
        if self.share_method not in SHARE_METHODS:
            raise ValueError(f"unknown share method {self.share_method!r}")
        if self.by_election_base not in BY_ELECTION_BASES:
            raise ValueError(f"unknown by-election base {self.by_election_base!r}")
        if self.digits not in (1, 2):
            raise ValueError("percentages are shown to 1 or 2 decimal places")
        if self.swing_pair is not None and self.swing_pair[0] == self.swing_pair[1]:
            raise ValueError("a swing is between two different parties")
