"""The rule set's options: RCTab's ``rules`` section under kebab-case names, read into
:class:`~tellers.rules.rctab.model.RctabRules` and written back."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from ...errors import RulesError
from ..registry import Option, OptionValue
from .model import Mode, Overvote, RctabRules, Tiebreak, format_value

# -- the rule set ``rctab`` ----------------------------------------------------
#: Rejection heads a UK reading of ranked papers uses for papers that RCTab
#: counts: a first rank marked for two or more candidates is an overvote, and a
#: paper with no mark an undervote (heads as ``tellers.formats`` names them).
TIED_FIRST_HEAD = "first_preference_for_more_than_one_candidate"
UNMARKED_HEAD = "unmarked_or_void_for_uncertainty"

_AUTO = "auto"

OPTIONS = (
    Option(
        "overvote-rule",
        Overvote.EXHAUST_IMMEDIATELY.value,
        "what an overvote does: exhaust the paper, pass over the rank, or exhaust the "
        "paper only when two or more of the marked candidates still continue (overvoteRule)",
        choices=tuple(m.value for m in Overvote),
    ),
    Option(
        "max-skipped-ranks",
        "unlimited",
        "a gap of more unmarked ranks than this exhausts the paper: a whole number, or "
        "unlimited (maxSkippedRanksAllowed)",
    ),
    Option(
        "max-rankings",
        "max",
        "ranks beyond this are not read: a whole number, or max for the number of "
        "candidates (maxRankingsAllowed)",
    ),
    Option(
        "exhaust-on-duplicate",
        False,
        "a candidate marked again exhausts the paper, instead of the repeat being passed "
        "over (exhaustOnDuplicateCandidate)",
    ),
    Option(
        "winner-election-mode",
        _AUTO,
        "how winners are found; auto: singleWinnerMajority for one seat, "
        "multiWinnerAllowMultipleWinnersPerRound for more (winnerElectionMode)",
        choices=(_AUTO, *(m.value for m in Mode)),
    ),
    Option(
        "batch-elimination",
        False,
        "eliminate together every candidate whose defeat is mathematically certain "
        "(batchElimination)",
    ),
    Option(
        "continue-until-two",
        False,
        "go on eliminating after the winner is found until two candidates remain "
        "(continueUntilTwoCandidatesRemain)",
    ),
    Option(
        "first-round-threshold",
        False,
        "fix the threshold in round 1 instead of recomputing it from the continuing votes "
        "each round (doesFirstRoundDetermineThreshold)",
    ),
    Option(
        "minimum-vote-threshold",
        "0",
        "candidates below this many votes are eliminated together (minimumVoteThreshold)",
    ),
    Option(
        "bottoms-up-percentage",
        "",
        "for bottomsUpUsingPercentageThreshold: the percentage every winner must hold "
        "(multiSeatBottomsUpPercentageThreshold)",
    ),
    Option(
        "cutoff-elimination",
        False,
        "bottoms-up by percentage: eliminate everyone below it at once (cutoffElimination)",
    ),
    Option(
        "stop-after-round",
        0,
        "stop counting after this round; 0 never (stopTabulationEarlyAfterRound)",
    ),
    Option(
        "tiebreak-mode",
        Tiebreak.ASK.value,
        "how ties are broken: stopCountingAndAsk and previousRoundCountsThenAsk draw lots "
        "through the lot provider (--seed, --lots); the random modes and generatePermutation "
        "use random-seed as RCTab does (tiebreakMode)",
        choices=tuple(m.value for m in Tiebreak),
    ),
    Option(
        "random-seed",
        "",
        "the seed of RCTab's random tie-break modes, a whole number (randomSeed)",
    ),
    Option(
        "decimal-places",
        4,
        "decimal places of vote arithmetic, 0 to 20 (decimalPlacesForVoteArithmetic)",
    ),
    Option(
        "hare-quota",
        False,
        "threshold: at least votes / seats, instead of more than votes / (seats + 1) (hareQuota)",
    ),
    Option(
        "non-integer-threshold",
        False,
        "threshold to the decimal places rather than in whole votes (nonIntegerWinningThreshold)",
    ),
)


def _whole_option(options: Mapping[str, OptionValue], name: str, word: str) -> int | None:
    text = str(options.get(name, word)).strip()
    if text.lower() == word:
        return None
    try:
        return int(text)
    except ValueError:
        raise RulesError(f"option {name} takes a whole number or {word}, not {text!r}") from None


def _decimal_option(options: Mapping[str, OptionValue], name: str) -> Decimal | None:
    text = str(options.get(name, "")).strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RulesError(f"option {name} takes a number, not {text!r}") from None
    if not value.is_finite() or value < 0:
        raise RulesError(f"option {name} takes a number of 0 or more, not {text!r}")
    return value


def rules_from_options(options: Mapping[str, OptionValue], seats: int) -> RctabRules:
    """The :class:`RctabRules` the rule set's options describe, for ``seats`` seats."""
    mode_text = str(options.get("winner-election-mode", _AUTO))
    single = Mode.SINGLE if seats == 1 else Mode.MULTI
    mode = single if mode_text == _AUTO else Mode(mode_text)
    if mode is Mode.SINGLE and seats != 1:
        raise RulesError(f"winner-election-mode {mode} elects one member, not {seats}")
    share = _decimal_option(options, "bottoms-up-percentage")
    seed = _whole_option(options, "random-seed", "")
    stop = int(options.get("stop-after-round", 0))
    return RctabRules(
        seats=seats,
        mode=mode,
        overvote=Overvote(str(options.get("overvote-rule", Overvote.EXHAUST_IMMEDIATELY))),
        max_skipped_ranks=_whole_option(options, "max-skipped-ranks", "unlimited"),
        max_rankings=_whole_option(options, "max-rankings", "max"),
        exhaust_on_duplicate=bool(options.get("exhaust-on-duplicate", False)),
        places=int(options.get("decimal-places", 4)),
        non_integer_threshold=bool(options.get("non-integer-threshold", False)),
        hare_quota=bool(options.get("hare-quota", False)),
        first_round_determines_threshold=bool(options.get("first-round-threshold", False)),
        minimum_vote_threshold=_decimal_option(options, "minimum-vote-threshold") or Decimal(0),
        bottoms_up_percentage=None if share is None else share / 100,
        batch_elimination=bool(options.get("batch-elimination", False)),
        cutoff_elimination=bool(options.get("cutoff-elimination", False)),
        continue_until_two=bool(options.get("continue-until-two", False)),
        stop_after_round=stop if stop > 0 else None,
        tiebreak=Tiebreak(str(options.get("tiebreak-mode", Tiebreak.ASK))),
        random_seed=seed,
    )


def options_of(rules: RctabRules) -> dict[str, str]:
    """The rule set's options (as text) that give ``rules``: for a configuration's count."""
    share = rules.bottoms_up_percentage
    return {
        "overvote-rule": rules.overvote.value,
        "max-skipped-ranks": "unlimited"
        if rules.max_skipped_ranks is None
        else str(rules.max_skipped_ranks),
        "max-rankings": "max" if rules.max_rankings is None else str(rules.max_rankings),
        "exhaust-on-duplicate": yes_no(rules.exhaust_on_duplicate),
        "winner-election-mode": rules.mode.value,
        "batch-elimination": yes_no(rules.batch_elimination),
        "continue-until-two": yes_no(rules.continue_until_two),
        "first-round-threshold": yes_no(rules.first_round_determines_threshold),
        "minimum-vote-threshold": format_value(rules.minimum_vote_threshold),
        "bottoms-up-percentage": "" if share is None else format_value(share * 100),
        "cutoff-elimination": yes_no(rules.cutoff_elimination),
        "stop-after-round": str(rules.stop_after_round or 0),
        "tiebreak-mode": rules.tiebreak.value,
        "random-seed": "" if rules.random_seed is None else str(rules.random_seed),
        "decimal-places": str(rules.places),
        "hare-quota": yes_no(rules.hare_quota),
        "non-integer-threshold": yes_no(rules.non_integer_threshold),
    }


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"
