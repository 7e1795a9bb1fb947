from decimal import Decimal
from fractions import Fraction

import pytest

from tellers.core.values import from_decimal, percent, round_half_away, to_decimal, truncate


def test_to_decimal_keeps_the_places() -> None:
    assert str(to_decimal(2631700, 5)) == "26.31700"
    assert str(to_decimal(26, 0)) == "26"
    assert str(to_decimal(24, 2)) == "0.24"


def test_from_decimal_refuses_extra_places() -> None:
    assert from_decimal(Decimal("0.36585"), 5) == 36585
    assert from_decimal("26", 2) == 2600
    with pytest.raises(ValueError):
        from_decimal("0.123", 2)


def test_truncate_discards_everything_after_the_places() -> None:
    # spec 04 example 4.1: trunc5(15/41) = 0.36585; trunc5(0.317/26.317) = 0.01204
    assert truncate(Fraction(15, 41), 5) == 36585
    assert truncate(Fraction(31700, 2631700), 5) == 1204
    # spec 05 example 5.1: trunc2(15/41) = 0.36
    assert truncate(Fraction(15, 41), 2) == 36


def test_percent_rounds_half_away_from_zero() -> None:
    # spec 01 example 1.1: 1,010 / 2,500 = 40.4%; 40 / 1,000 = 4.0%
    assert percent(1010, 2500) == "40.4"
    assert percent(40, 1000) == "4.0"
    # spec 08 example 8.1: 50,150 / 75,000 = 66.8666.. -> 66.87 at 2 d.p.
    assert percent(50150, 75000, 2) == "66.87"
    assert round_half_away(Fraction(1, 8), 2) == "0.13"
    assert round_half_away(Fraction(-1, 8), 2) == "-0.13"
    assert round_half_away(Fraction(-1, 1000), 2) == "0.00"
