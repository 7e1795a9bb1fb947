"""Every file in tests/broken is refused with the line and what was expected.

The table below is the corpus's index: each file, the line its message names
(None where no line is meaningful) and words the message must contain. A file
added to the folder without a row here fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tellers.errors import InputError
from tellers.formats import read

BROKEN = Path(__file__).resolve().parents[1] / "broken"

EXPECTED: dict[str, tuple[int | None, str]] = {
    "binary.txt": (1, "expected text, found a binary file"),
    "blt_bad_header.blt": (1, "expected the header line 'candidates seats'"),
    "blt_bad_number.blt": (3, "expected a candidate number from 1 to 3, found 'x'"),
    "blt_binary.blt": (3, "expected text, found a binary file"),
    "blt_empty.blt": (1, "found an empty file"),
    "blt_ends_in_ballots.blt": (3, "expected a line '0' to end the ballots"),
    "blt_fractional_weight.blt": (3, "expected a whole number of papers as the weight"),
    "blt_missing_line_end.blt": (3, "expected 0 at the end of the ballot line"),
    "blt_missing_names.blt": (5, "expected 3 candidate names after the ballots, found 2"),
    "blt_missing_section_end.blt": (4, "or the line '0' that ends the ballots"),
    "blt_more_seats_than_candidates.blt": (1, "expected at most 3 seats for 3 candidates"),
    "blt_negative_weight.blt": (3, "expected a weight of 0 or more, found -2"),
    "blt_not_text.blt": (4, "expected UTF-8 text"),
    "blt_repeated_candidate.blt": (3, "expected each candidate at most once in a ranking"),
    "blt_same_name_twice.blt": (6, "expected a different name for each candidate"),
    "blt_text_after_title.blt": (8, "expected the end of the file after 3 names and the title"),
    "blt_underscore_in_weight.blt": (3, "found '1_0 3 1 0'"),
    "blt_unclosed_ballot_id.blt": (2, "expected ')' to close the ballot id"),
    "blt_unknown_candidate.blt": (3, "expected a candidate number from 1 to 3, found 4"),
    "blt_unknown_withdrawn.blt": (2, "expected withdrawn candidates as numbers from -1 to -3"),
    "blt_zero_inside_ranking.blt": (2, "found 0 before the end of the line"),
    "declared_bad_date.txt": (2, "expected a date like 2012-04-26"),
    "declared_bad_electorate.txt": (2, "expected the electorate (a whole number)"),
    "declared_bad_line.txt": (3, "expected a candidate line such as"),
    "declared_no_candidates.txt": (3, "expected candidate lines"),
    "declared_rejected_heads_do_not_add_up.txt": (4, "add up to the total 12, found 6"),
    "declared_same_candidate_twice.txt": (4, "expected each candidate once"),
    "declared_valid_does_not_add_up.txt": (4, "expected the votes to add up to the 2000"),
    "json_bad_count.json": (8, "ballots[1].count: expected a whole number of 0 or more"),
    "json_empty.json": (1, "expected a JSON object, found an empty file"),
    "json_neither_ballots_nor_totals.json": (1, 'expected either "ballots" or "totals"'),
    "json_seats_not_a_number.json": (4, "seats: expected a whole number of 1 or more"),
    "json_syntax_error.json": (6, "expected JSON"),
    "json_totals_missing_candidate.json": (6, "totals: expected votes for every candidate"),
    "json_unknown_candidate.json": (8, "ballots[1].ranking[1]: expected one of the candidates"),
    "json_unknown_key.json": (6, "totls: expected one of the keys"),
    "json_wrong_format.json": (2, 'expected "format": "tellers.contest/1"'),
    "preflib_bad_count.soi": (7, "expected how many voters gave the order"),
    "preflib_missing_colon.soi": (7, "expected 'count: order'"),
    "preflib_missing_name.soi": (5, "expected '# ALTERNATIVE NAME 3: ...'"),
    "preflib_repeated_candidate.toi": (7, "expected each candidate at most once in an order"),
    "preflib_unclosed_tie.toi": (7, "expected '}' to close the tie"),
    "preflib_unknown_candidate.soi": (8, "expected a candidate number from 1 to 3, found '7'"),
    "preflib_voters_mismatch.soi": (3, "expected 9 voters as the header says, found 6"),
    "rankings_bad_count.csv": (3, "expected the number of papers in the count column"),
    "rankings_empty.csv": (1, "expected a header row"),
    "rankings_no_header.csv": (1, "expected a header row naming the columns"),
    "rankings_repeated_candidate.csv": (3, "expected each candidate at most once in a row"),
    "rankings_unknown_candidate.csv": (4, "expected one of the candidates listed"),
    "sv_table_bad_number.csv": (3, "expected the papers in 'second:Anne' (a whole number)"),
    "sv_table_row_sum_too_big.csv": (3, "to add up to at most the 60 first preferences"),
    "sv_table_unknown_column.csv": (1, "expected column 'second:Dave' to name a candidate"),
    "unknown_format.txt": (None, "cannot tell which format this is"),
}


def test_the_table_lists_every_file() -> None:
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_broken_file_is_refused(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    line, words = EXPECTED[name]
    monkeypatch.chdir(BROKEN)
    with pytest.raises(InputError) as caught:
        read(name)
    message = str(caught.value)
    assert message.startswith(f"{name}: " if line is None else f"{name}:{line}: "), message
    assert words in message, message
    assert "\n" not in message
