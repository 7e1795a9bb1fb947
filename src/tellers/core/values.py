"""Exact vote values.

Every rule set states how many decimal places it works to (``places``): the
Scottish rules 5, Northern Ireland 2, Meek 9, whole-vote rules 0. Inside a count
a value is an ``int`` in units of 10^-places, so arithmetic is exact and
"ignore the remainder" is floor division (all quantities are non-negative).
Records and reports carry :class:`decimal.Decimal` with exactly ``places``
digits after the point. No float ever takes part in a count.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:  # imported where used: counting needs no fractions, only percentages do
    from fractions import Fraction


def scale(places: int) -> int:
    """How many units make one vote at ``places`` decimal places."""
    units: int = 10**places
    return units


def to_decimal(units: int, places: int) -> Decimal:
    """``units`` of 10^-places as a Decimal with exactly ``places`` decimals."""
    return Decimal(units).scaleb(-places)


def from_decimal(value: Decimal | int | str, places: int) -> int:
    """A value as units of 10^-places; refuses a value that needs more places."""
    exact = Decimal(value).scaleb(places)
    if exact != exact.to_integral_value():
        raise ValueError(f"{value} has more than {places} decimal places")
    return int(exact)


def truncate(value: Fraction, places: int) -> int:
    """``value`` truncated (towards zero) to units of 10^-places."""
    return int(value * scale(places))


Number: TypeAlias = "int | Fraction | Decimal"


def percent(part: Number, whole: Number, digits: int = 1) -> str:
    """``part/whole`` as a percentage rounded half away from zero for display."""
    from fractions import Fraction

    if whole == 0:
        return "0." + "0" * digits if digits else "0"
    ratio = Fraction(part) / Fraction(whole) * 100
    return round_half_away(ratio, digits)


def round_half_away(value: Fraction, digits: int) -> str:
    """``value`` rounded half away from zero to ``digits`` places, as text."""
    from fractions import Fraction

    units = abs(value) * 10**digits
    rounded = int(units + Fraction(1, 2))
    sign = "-" if value < 0 and rounded else ""
    text = str(rounded).rjust(digits + 1, "0")
    if digits:
        return f"{sign}{text[:-digits]}.{text[-digits:]}"
    return f"{sign}{text}"
