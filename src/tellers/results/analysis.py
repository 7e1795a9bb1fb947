"""The analysts' figures for a contest result: shares, majority, change, swing, hold or gain.

Purpose: the results-analysis conventions of spec 08 — vote share (§8.2),
majority and final-stage margin (§8.3), change in share (§8.4), Butler and
Steed swing (§8.5), hold, gain and loss (§8.6), turnout (§8.7), notional
results by the simple homogeneous method (§8.9) and the local by-election
change indicator (§8.10). These are conventions, not statute: where the spec
marks one **UNVERIFIED** it is an option here (:class:`Options`), with a stated
default, and :meth:`Analysis.options_used` names every choice made so that
every output can print it.

Design: pure functions of frozen inputs (:class:`ContestResult`), no I/O and
no database. All arithmetic is exact (:class:`~fractions.Fraction`; percentages
are Fractions of 100); nothing is rounded here. Rounding, half away from zero,
happens only for display (:mod:`tellers.results.card`). The declared result is
never re-counted: who was elected is what the input flags say.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Literal, get_args

from ..core.count import Count

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


# --------------------------------------------------------------------------- shares (§8.2)


@dataclass(frozen=True, slots=True)
class Shares:
    """Each party's vote measure and its exact share (percent of ``total``).

    ``method`` is ``votes`` (each party's votes over the valid votes: every
    contest but a multi-member block vote) or the block-vote method used.
    """

    method: Literal["votes", "top", "average", "all_votes"]
    votes: Mapping[str, Fraction]
    total: Fraction
    percent: Mapping[str, Fraction]

    def ranked(self) -> tuple[str, ...]:
        """Party keys by share, highest first; ties by party key."""
        return tuple(sorted(self.votes, key=lambda p: (-self.votes[p], p)))


def shares(result: ContestResult, method: ShareMethod = "top") -> Shares:
    """Vote shares by party, exactly (spec 08 §8.2).

    Single-member contests and every system with one vote a paper:
    ``votes / Σ valid votes × 100``. A multi-member block vote uses ``method``:
    ``top`` (each party's best candidate, over the sum of the tops),
    ``average`` (each party's mean, over the sum of the means) or
    ``all_votes`` (each party's votes, over all votes cast).
    """
    if method not in SHARE_METHODS:
        raise ValueError(f"unknown share method {method!r}")
    by_party: dict[str, list[Fraction]] = {}
    for candidate in result.candidates:
        by_party.setdefault(candidate.party, []).append(_fraction(candidate.votes))
    used: Literal["votes", "top", "average", "all_votes"]
    if not result.block:
        used = "votes"
        measure = {p: sum(v, Fraction(0)) for p, v in by_party.items()}
    elif method == "top":
        used = method
        measure = {p: max(v) for p, v in by_party.items()}
    elif method == "average":
        used = method
        measure = {p: sum(v, Fraction(0)) / len(v) for p, v in by_party.items()}
    else:
        used = method
        measure = {p: sum(v, Fraction(0)) for p, v in by_party.items()}
    total = sum(measure.values(), Fraction(0))
    pct = {p: (v / total * 100 if total else Fraction(0)) for p, v in measure.items()}
    return Shares(used, MappingProxyType(measure), total, MappingProxyType(pct))


# --------------------------------------------------------------------------- majority (§8.3)


@dataclass(frozen=True, slots=True)
class Majority:
    """A winning margin, what kind it is, and its percentage where the spec gives one.

    ``kind`` is ``majority`` (single-member plurality), ``block majority`` (last
    elected minus highest unelected) or ``final-stage margin`` (SV, AV, STV,
    never called a majority). ``percent`` is of ``denominator``.
    """

    kind: MajorityKind
    value: Fraction
    percent: Fraction | None
    denominator: str
    notional: bool = False

    @property
    def label(self) -> str:
        return {
            "majority": "majority",
            "block majority": "majority (last elected over highest unelected)",
            "final-stage margin": "final-stage margin",
        }[self.kind]


def majority(result: ContestResult, method: ShareMethod = "top") -> Majority | None:
    """The majority or final-stage margin (spec 08 §8.3); ``None`` where undefined.

    Single-member FPTP: winner − runner-up, as a percentage of the valid votes.
    Block vote: last elected − highest unelected, as a percentage of the
    ``method`` denominator (the sum of the tops, of the means, or all votes).
    SV, AV and STV: the final-stage margin from ``result.count`` (no
    percentage; ``None`` without the count). List elections: ``None``.
    """
    if result.system in ("sv", "av", "stv"):
        if result.count is None:
            return None
        margin = final_stage_margin(result.count)
        if margin is None:
            return None
        return Majority("final-stage margin", margin, None, "", result.notional)
    if result.system == "list":
        return None
    elected = result.elected
    others = [_fraction(c.votes) for c in result.candidates if not c.elected]
    if not elected or not others:
        return None
    if result.block:
        value = _fraction(elected[-1].votes) - max(others)
        base = shares(result, method)
        pct = value / base.total * 100 if base.total else None
        return Majority("block majority", value, pct, base.method, result.notional)
    value = _fraction(elected[0].votes) - max(others)
    total = result.total_votes
    pct = value / total * 100 if total else None
    return Majority("majority", value, pct, "valid votes", result.notional)


def final_stage_margin(count: Count) -> Fraction | None:
    """The last elected's votes at the final stage minus the best unelected candidate's.

    For SV and AV (one seat) that is winner − runner-up at the final stage.
    For STV it is the last elected over the candidate who came closest: a
    candidate still continuing at the final stage at their final votes, or,
    where every unelected candidate was excluded, the last excluded at their
    votes when excluded (the most they held). Convention UNVERIFIED (spec 08
    §8.3).
    """
    if not count.elected:
        return None
    final = count.final
    last = count.elected[-1]
    elected = set(count.elected)
    excluded = count.excluded
    standing = [c for c in count.contest.standing if c not in elected]
    continuing = [c for c in standing if c not in excluded]
    if continuing:
        best = max(Fraction(final.votes[c]) for c in continuing)
    elif excluded:
        loser = [c for c in excluded if c not in elected][-1]
        best = max(Fraction(stage.votes[loser]) for stage in count.stages)
    else:
        return None
    return Fraction(final.votes[last]) - best


# --------------------------------------------------------------------------- change (§8.4)


@dataclass(frozen=True, slots=True)
class Change:
    """A party's change in share, in points; ``points`` is ``None`` unless ``status`` is ``change``.

    ``now`` and ``base`` are the shares compared (``None`` where the party did not stand).
    """

    party: str
    status: ChangeStatus
    points: Fraction | None
    now: Fraction | None
    base: Fraction | None


def change_in_share(
    now: Shares, base: Shares, *, absent_as_zero: bool = False
) -> dict[str, Change]:
    """Each party's change in share (spec 08 §8.4), from unrounded shares.

    Parties standing now come first, by share now; a party absent from the
    base is ``new`` (or changes from 0 with ``absent_as_zero``); then the
    parties of the base that did not stand now, by base share.
    """
    changes: dict[str, Change] = {}
    for party in now.ranked():
        share = now.percent[party]
        if party in base.percent:
            was = base.percent[party]
            changes[party] = Change(party, "change", share - was, share, was)
        elif absent_as_zero:
            changes[party] = Change(party, "change", share, share, Fraction(0))
        else:
            changes[party] = Change(party, "new", None, share, None)
    for party in base.ranked():
        if party not in now.percent:
            changes[party] = Change(party, "did not stand", None, None, base.percent[party])
    return changes


# --------------------------------------------------------------------------- swing (§8.5)


@dataclass(frozen=True, slots=True)
class Swing:
    """Swing from ``from_party`` (B) to ``to_party`` (A), in points: positive is a swing to A.

    ``butler`` and ``steed`` are ``None`` where undefined (A or B did not stand
    in one of the contests, or, for Steed, A and B had no votes).
    """

    to_party: str
    from_party: str
    butler: Fraction | None
    steed: Fraction | None

    def reversed(self) -> Swing:
        """The same swing read from A to B."""
        return Swing(
            self.from_party,
            self.to_party,
            None if self.butler is None else -self.butler,
            None if self.steed is None else -self.steed,
        )


def swing(now: Shares, base: Shares, to_party: str, from_party: str) -> Swing:
    """Butler and Steed swing from ``from_party`` (B) to ``to_party`` (A) (spec 08 §8.5).

    Butler: ``((A_now − A_base) + (B_base − B_now)) / 2`` on shares of the total
    valid vote. Steed: ``100 × (A_now/(A_now + B_now) − A_base/(A_base + B_base))``.
    """
    if to_party == from_party:
        raise ValueError("a swing is between two different parties")
    a, b = to_party, from_party
    if not all(p in s.percent for p in (a, b) for s in (now, base)):
        return Swing(a, b, None, None)
    a_now, b_now = now.percent[a], now.percent[b]
    a_base, b_base = base.percent[a], base.percent[b]
    butler = ((a_now - a_base) + (b_base - b_now)) / 2
    steed: Fraction | None = None
    if a_now + b_now and a_base + b_base:
        steed = 100 * (a_now / (a_now + b_now) - a_base / (a_base + b_base))
    return Swing(a, b, butler, steed)


def default_pair(now: Shares) -> tuple[str, str] | None:
    """``(A, B)``: the party first now and the party second now (ties by key); ``None`` if fewer."""
    ranked = now.ranked()
    return (ranked[0], ranked[1]) if len(ranked) >= 2 else None


# --------------------------------------------------------------------------- hold / gain (§8.6)


@dataclass(frozen=True, slots=True)
class SeatOutcome:
    """One seat won: the party, ``hold`` or ``gain``, and from whom.

    ``gained_from`` is ``None`` for a hold, or a gain with nobody to attribute
    it to (more seats than at the base). ``base`` says what it was compared with.
    """

    party: str
    outcome: Literal["hold", "gain"]
    gained_from: str | None
    notional: bool
    base: str
    candidate: str = ""

    def label(self, labels: Mapping[str, str] | None = None) -> str:
        """``Lab hold``, ``Lab gain from Con``, ``Lab hold (notional)``."""
        text = f"{party_label(self.party, labels)} {self.outcome}"
        if self.gained_from is not None:
            text += f" from {party_label(self.gained_from, labels)}"
        return text + (" (notional)" if self.notional else "")


@dataclass(frozen=True, slots=True)
class PartySeats:
    """A party's seats in a multi-member ward: now, at the base, and what changed."""

    party: str
    base: int
    now: int
    holds: int
    gains: int
    losses: int
    gained_from: tuple[tuple[str, int], ...] = ()

    @property
    def net(self) -> int:
        return self.now - self.base


@dataclass(frozen=True, slots=True)
class WardOutcome:
    """Holds, gains and losses in a multi-member ward, with one :class:`SeatOutcome` a seat."""

    parties: tuple[PartySeats, ...]
    seats: tuple[SeatOutcome, ...]
    notional: bool

    def labels(self, labels: Mapping[str, str] | None = None) -> tuple[str, ...]:
        """``Lab gain (1) from Con``, ``Lab hold (1)``, ``Con hold (1)`` (spec 08 §8.6).

        Parties by seats won now (then key); each party's gains before its holds.
        """
        out: list[str] = []
        tag = " (notional)" if self.notional else ""
        for p in sorted(self.parties, key=lambda s: (-s.now, s.party)):
            name = party_label(p.party, labels)
            for loser, n in p.gained_from:
                out.append(f"{name} gain ({n}) from {party_label(loser, labels)}{tag}")
            unattributed = p.gains - sum(n for _, n in p.gained_from)
            if unattributed:
                out.append(f"{name} gain ({unattributed}){tag}")
            if p.holds:
                out.append(f"{name} hold ({p.holds}){tag}")
        return tuple(out)

    def net(self, labels: Mapping[str, str] | None = None) -> tuple[str, ...]:
        """``Lab +1``, ``Con -1`` for every party whose seats changed, largest gain first."""
        changed = [p for p in self.parties if p.net]
        changed.sort(key=lambda p: (-p.net, p.party))
        return tuple(f"{party_label(p.party, labels)} {p.net:+d}" for p in changed)


def ward_changes(
    base_seats: Mapping[str, int], now_seats: Mapping[str, int]
) -> tuple[PartySeats, ...]:
    """Per party ``holds = min(base, now)``, gains, losses, and each gain's loser (spec 08 §8.6).

    Gainers (most gains first, then key) take their gains from the losers in
    descending order of losses, then alphabetical by key. Parties in order of
    seats now, then key.
    """
    parties = sorted(set(base_seats) | set(now_seats))
    losses = {p: max(0, base_seats.get(p, 0) - now_seats.get(p, 0)) for p in parties}
    gains = {p: max(0, now_seats.get(p, 0) - base_seats.get(p, 0)) for p in parties}
    losers = [p for p in sorted(parties, key=lambda p: (-losses[p], p)) if losses[p]]
    left = dict(losses)
    attributed: dict[str, list[tuple[str, int]]] = {p: [] for p in parties}
    for gainer in sorted((p for p in parties if gains[p]), key=lambda p: (-gains[p], p)):
        need = gains[gainer]
        for loser in losers:
            if not need:
                break
            take = min(need, left[loser])
            if take:
                attributed[gainer].append((loser, take))
                left[loser] -= take
                need -= take
    rows = [
        PartySeats(
            p,
            base_seats.get(p, 0),
            now_seats.get(p, 0),
            min(base_seats.get(p, 0), now_seats.get(p, 0)),
            gains[p],
            losses[p],
            tuple(attributed[p]),
        )
        for p in parties
    ]
    rows.sort(key=lambda r: (-r.now, r.party))
    return tuple(rows)


def seats_by_party(result: ContestResult) -> dict[str, int]:
    """How many seats each party won (the elected flags)."""
    won: dict[str, int] = {}
    for candidate in result.elected:
        won[candidate.party] = won.get(candidate.party, 0) + 1
    return won


def hold_or_gain(
    now: ContestResult,
    base: ContestResult | None,
    by_election_base: ByElectionBase = "last_ordinary_winner",
) -> SeatOutcome | WardOutcome | None:
    """Hold or gain for a single seat, a by-election, or a multi-member ward (spec 08 §8.6).

    * A by-election (``now.by_election``) for one seat is compared with the
      defending party, the winner of the vacated seat at the last ordinary
      election (``now.defending_party``; for a single-member base with no
      defending party given, the base's winner), or with
      ``now.holder_at_vacancy`` under ``by_election_base="holder_at_vacancy"``
      (falling back to the defending party where it is not given).
    * Any other single seat is compared with the winner's party at the base
      (labelled ``notional`` where the base is notional).
    * A multi-member contest compares seats per party with the base
      (:func:`ward_changes`); within a party the holds go to its
      highest-polling winners and the gains to the rest.

    ``None`` where there is nothing to compare with or nobody elected now.
    """
    if by_election_base not in BY_ELECTION_BASES:
        raise ValueError(f"unknown by-election base {by_election_base!r}")
    elected = now.elected
    if not elected:
        return None
    notional = base is not None and base.notional
    if now.seats == 1:
        winner = elected[0]
        previous, what = _previous_holder(now, base, by_election_base)
        if previous is None:
            return None
        if winner.party == previous:
            return SeatOutcome(winner.party, "hold", None, notional, what, winner.name)
        return SeatOutcome(winner.party, "gain", previous, notional, what, winner.name)
    if base is None or not base.elected:
        return None
    parties = ward_changes(seats_by_party(base), seats_by_party(now))
    what = "notional result" if notional else f"seats won at {base.id}"
    seats: list[SeatOutcome] = []
    by_party = {p.party: p for p in parties}
    for party in dict.fromkeys(c.party for c in elected):
        row = by_party[party]
        sources = [loser for loser, n in row.gained_from for _ in range(n)]
        winners = [c for c in elected if c.party == party]
        for place, candidate in enumerate(winners):
            if place < row.holds:
                seats.append(SeatOutcome(party, "hold", None, notional, what, candidate.name))
            else:
                k = place - row.holds
                source = sources[k] if k < len(sources) else None
                seats.append(SeatOutcome(party, "gain", source, notional, what, candidate.name))
    order = {c.name: i for i, c in enumerate(elected)}
    seats.sort(key=lambda s: order[s.candidate])
    return WardOutcome(parties, tuple(seats), notional)


def _previous_holder(
    now: ContestResult, base: ContestResult | None, option: ByElectionBase
) -> tuple[str | None, str]:
    """The party a single seat is compared with, and what that party is."""
    if now.by_election:
        if option == "holder_at_vacancy" and now.holder_at_vacancy is not None:
            return now.holder_at_vacancy, "holder at vacancy"
        if now.defending_party is not None:
            return now.defending_party, "defending party (last ordinary winner)"
    if base is None or base.seats != 1 or not base.elected:
        return None, ""
    what = "notional winner" if base.notional else f"winner at {base.id}"
    return base.elected[0].party, what


# --------------------------------------------------------------------------- turnout (§8.7)


@dataclass(frozen=True, slots=True)
class Turnout:
    """Ballot-box turnout (papers counted ÷ electorate) and valid-vote turnout, in percent.

    Either is ``None`` where its papers or the electorate are not known. Votes
    are never a numerator.
    """

    ballot_box: Fraction | None
    valid_vote: Fraction | None
    electorate: Fraction | None
    papers_counted: Fraction | None
    valid_papers: Fraction | None


def turnout(result: ContestResult) -> Turnout:
    """Both turnout measures of spec 08 §8.7 that the spec confirms."""
    electorate = None if result.electorate is None else _fraction(result.electorate)
    counted, valid = result.counted, result.valid
    ballot_box = counted / electorate * 100 if electorate and counted is not None else None
    valid_vote = valid / electorate * 100 if electorate and valid is not None else None
    return Turnout(ballot_box, valid_vote, electorate, counted, valid)


def turnout_change(now: Turnout, base: Turnout) -> tuple[Fraction | None, Fraction | None]:
    """Change in (ballot-box, valid-vote) turnout, in points, from unrounded values."""
    box = None
    if now.ballot_box is not None and base.ballot_box is not None:
        box = now.ballot_box - base.ballot_box
    valid = None
    if now.valid_vote is not None and base.valid_vote is not None:
        valid = now.valid_vote - base.valid_vote
    return box, valid


# --------------------------------------------------------------------------- notional (§8.9)


@dataclass(frozen=True, slots=True)
class Fragment:
    """Part of an old seat going to a new one: the old result and how many of its electors."""

    old: ContestResult
    electors: int

    def __post_init__(self) -> None:
        if self.old.electorate is None:
            raise ValueError(f"{self.old.id}: a fragment needs the old seat's electorate")
        if not 0 <= self.electors <= self.old.electorate:
            raise ValueError(f"{self.old.id}: a fragment has 0 to all of the seat's electors")

    @property
    def weight(self) -> Fraction:
        assert self.old.electorate is not None
        return Fraction(self.electors) / _fraction(self.old.electorate)


def notional_result(
    new_id: str,
    fragments: Sequence[Fragment],
    *,
    seats: int = 1,
    system: System = "fptp",
    party_labels: Mapping[str, str] | None = None,
) -> ContestResult:
    """A notional result on new boundaries by the simple homogeneous method (spec 08 §8.9).

    Each fragment takes every party's old votes (and papers) in proportion to
    its share of the old seat's electorate; fragments are summed into the new
    seat. One line a party (named by its label, exact Fraction votes); the
    ``seats`` parties with most notional votes are marked elected. Old seats
    must each have one vote a paper (not multi-member block votes).
    """
    if not fragments:
        raise ValueError(f"{new_id}: a notional result needs at least one fragment")
    votes: dict[str, Fraction] = {}
    labels: dict[str, str] = dict(party_labels or {})
    papers: dict[str, Fraction | None] = {"valid": Fraction(0), "counted": Fraction(0)}
    for fragment in fragments:
        old = fragment.old
        if old.block:
            raise ValueError(f"{old.id}: the homogeneous method here takes single-vote seats only")
        w = fragment.weight
        for candidate in old.candidates:
            share = w * _fraction(candidate.votes)
            votes[candidate.party] = votes.get(candidate.party, Fraction(0)) + share
        for key, figure in (("valid", old.valid), ("counted", old.counted)):
            so_far = papers[key]
            papers[key] = None if so_far is None or figure is None else so_far + w * figure
        for key, text in old.party_labels.items():
            labels.setdefault(key, text)
    ranked = sorted(votes, key=lambda p: -votes[p])
    if len(ranked) > seats and votes[ranked[seats - 1]] == votes[ranked[seats]]:
        raise ValueError(f"{new_id}: the notional result is a tie for the last seat")
    winners = set(ranked[:seats])
    candidates = tuple(
        CandidateResult(party_label(p, labels), p, votes[p], p in winners) for p in ranked
    )
    electorate = sum((f.electors for f in fragments), 0)
    return ContestResult(
        new_id,
        candidates,
        seats=seats,
        system=system,
        valid_papers=papers["valid"],
        ballot_papers_counted=papers["counted"],
        electorate=electorate,
        notional=True,
        party_labels=labels,
    )


# --------------------------------------------------------------------------- indicator (§8.10)


@dataclass(frozen=True, slots=True)
class ChangeIndicator:
    """The local by-election change indicator: a mean change added to a national baseline.

    It is not a projected national share, and :attr:`label` says so.
    """

    party: str
    changes: tuple[Fraction, ...]
    weights: tuple[Fraction, ...] | None
    mean_change: Fraction
    baseline: Fraction
    value: Fraction
    contests: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()
    label: str = INDICATOR_LABEL


def change_indicator(
    changes: Sequence[Votes],
    baseline: Votes,
    *,
    weights: Sequence[Votes] | None = None,
    party: str = "",
) -> ChangeIndicator:
    """Mean of ``changes`` (points; weighted by ``weights`` if given) plus ``baseline`` (§8.10)."""
    if not changes:
        raise ValueError("the indicator needs at least one by-election")
    exact = tuple(_fraction(c) for c in changes)
    if weights is None:
        mean = sum(exact, Fraction(0)) / len(exact)
        w: tuple[Fraction, ...] | None = None
    else:
        w = tuple(_fraction(x) for x in weights)
        if len(w) != len(exact) or any(x < 0 for x in w) or not sum(w):
            raise ValueError("one non-negative weight a change is needed, not all zero")
        mean = sum((c * x for c, x in zip(exact, w, strict=True)), Fraction(0)) / sum(w)
    base = _fraction(baseline)
    return ChangeIndicator(party, exact, w, mean, base, base + mean)


def by_election_indicator(
    party: str,
    pairs: Iterable[tuple[ContestResult, ContestResult]],
    baseline: Votes,
    *,
    weighted: bool = False,
    options: Options | None = None,
) -> ChangeIndicator:
    """The indicator from ``(by-election, base)`` pairs: ``party``'s change in share in each.

    A pair where ``party`` has no change figure (``new`` without
    ``absent_as_zero``, or did not stand now) is left out and listed.
    ``weighted`` weights each change by the by-election's valid votes.
    """
    opts = options or Options()
    changes: list[Fraction] = []
    weights: list[Fraction] = []
    used: list[str] = []
    left_out: list[str] = []
    for now, base in pairs:
        change = change_in_share(
            shares(now, opts.share_method),
            shares(base, opts.share_method),
            absent_as_zero=opts.absent_as_zero,
        ).get(party)
        if change is None or change.points is None:
            left_out.append(now.id)
            continue
        changes.append(change.points)
        weights.append(now.total_votes)
        used.append(now.id)
    indicator = change_indicator(
        changes, baseline, weights=weights if weighted else None, party=party
    )
    return ChangeIndicator(
        party,
        indicator.changes,
        indicator.weights,
        indicator.mean_change,
        indicator.baseline,
        indicator.value,
        tuple(used),
        tuple(left_out),
    )


# --------------------------------------------------------------------------- everything


@dataclass(frozen=True, slots=True)
class Analysis:
    """Every spec 08 figure for one result against its comparison base, and the options used."""

    result: ContestResult
    base: ContestResult | None
    options: Options
    shares: Shares
    base_shares: Shares | None
    majority: Majority | None
    changes: Mapping[str, Change]
    swing: Swing | None
    outcome: SeatOutcome | WardOutcome | None
    turnout: Turnout
    base_turnout: Turnout | None
    turnout_change: Fraction | None
    valid_turnout_change: Fraction | None

    def label(self, party: str) -> str:
        labels = dict(self.base.party_labels) if self.base is not None else {}
        labels.update(self.result.party_labels)
        return party_label(party, labels)

    def options_used(self) -> dict[str, str]:
        """Every convention and option behind the figures, as text (spec 08: state it)."""
        o = self.options
        used = {
            "share_method": o.share_method,
            "share_method_used": self.shares.method,
            "absent_as_zero": "yes" if o.absent_as_zero else "no",
            "digits": str(o.digits),
            "turnout": "ballot papers counted / electorate (ballot box); valid papers / electorate",
        }
        if self.base_shares is not None:
            used["base_share_method_used"] = self.base_shares.method
        if self.majority is not None and self.majority.kind == "block majority":
            used["majority"] = BLOCK_MAJORITY_CONVENTION
        if self.majority is not None and self.majority.kind == "final-stage margin":
            used["majority"] = FINAL_STAGE_CONVENTION
        if self.swing is not None:
            used["swing_pair"] = f"{self.swing.from_party} to {self.swing.to_party}" + (
                " (given)" if o.swing_pair is not None else f" ({DEFAULT_PAIR_CONVENTION})"
            )
        if self.result.by_election:
            used["by_election_base"] = o.by_election_base
        if isinstance(self.outcome, SeatOutcome):
            used["outcome_base"] = self.outcome.base
        if isinstance(self.outcome, WardOutcome):
            used["gain_attribution"] = ATTRIBUTION_CONVENTION
        if self.base is not None and self.base.notional:
            used["base"] = "notional (simple homogeneous method)"
        return used


def analyse(
    result: ContestResult, base: ContestResult | None = None, options: Options | None = None
) -> Analysis:
    """Shares, majority, change, swing, hold or gain and turnout of ``result`` against ``base``.

    Choosing ``base`` is the caller's: the last comparable contest for the same
    seat — for a council elected by thirds, the contest when that seat was last
    fought, not last year's in the ward — or a notional result after boundary
    changes (spec 08 §8.1, §8.6, §8.9).
    """
    o = options or Options()
    now_shares = shares(result, o.share_method)
    base_shares = shares(base, o.share_method) if base is not None else None
    changes: Mapping[str, Change] = {}
    swing_: Swing | None = None
    if base_shares is not None:
        changes = change_in_share(now_shares, base_shares, absent_as_zero=o.absent_as_zero)
        pair = o.swing_pair or default_pair(now_shares)
        if pair is not None:
            swing_ = swing(now_shares, base_shares, *pair)
    now_turnout = turnout(result)
    base_turnout = turnout(base) if base is not None else None
    box = valid = None
    if base_turnout is not None:
        box, valid = turnout_change(now_turnout, base_turnout)
    return Analysis(
        result,
        base,
        o,
        now_shares,
        base_shares,
        majority(result, o.share_method),
        MappingProxyType(dict(changes)),
        swing_,
        hold_or_gain(result, base, o.by_election_base),
        now_turnout,
        base_turnout,
        box,
        valid,
    )
