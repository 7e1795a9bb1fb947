"""``java.util.Random`` and Java's string hashing, draw for draw: RCTab breaks ties with
them, so a count that is to give RCTab's rounds must draw as Java does."""

from __future__ import annotations

from collections.abc import Sequence


class JavaRandom:
    """The linear congruential generator of ``java.util.Random``, draw for draw."""

    _MULTIPLIER = 0x5DEECE66D
    _MASK = (1 << 48) - 1

    def __init__(self, seed: int) -> None:
        self._seed = (seed ^ self._MULTIPLIER) & self._MASK

    def next(self, bits: int) -> int:
        self._seed = (self._seed * self._MULTIPLIER + 0xB) & self._MASK
        return self._seed >> (48 - bits)

    def next_double_times(self, size: int) -> int:
        """``floor(nextDouble() * size)``, computed exactly."""
        value = (self.next(26) << 27) + self.next(27)
        return (value * size) >> 53

    def next_int(self, bound: int) -> int:
        """``nextInt(bound)``, with Java's rejection of the uneven top range."""
        r = self.next(31)
        m = bound - 1
        if bound & m == 0:
            return (bound * r) >> 31
        u = r
        r = u % bound
        while u - r + m >= 1 << 31:
            u = self.next(31)
            r = u % bound
        return r

    def shuffle(self, items: list[str]) -> None:
        """``Collections.shuffle(items, this)``."""
        for i in range(len(items), 1, -1):
            j = self.next_int(i)
            items[i - 1], items[j] = items[j], items[i - 1]


def java_order(text: str) -> bytes:
    """Sort key giving Java's ``String.compareTo`` order (UTF-16 code units)."""
    return text.encode("utf-16-be", "surrogatepass")


def java_hash(text: str) -> int:
    """Java's ``String.hashCode``, as an unsigned 32-bit number."""
    h = 0
    for unit in range(0, len(data := text.encode("utf-16-be", "surrogatepass")), 2):
        h = (31 * h + int.from_bytes(data[unit : unit + 2], "big")) & 0xFFFFFFFF
    return h


def java_hash_set_order(texts: Sequence[str]) -> list[str]:
    """The order a ``java.util.HashSet`` built from ``texts`` iterates in.

    RCTab draws among candidates still tied after looking back at earlier
    rounds in this order, so the seeded draw picks the same candidate.
    """
    capacity = 16
    while capacity * 3 // 4 < len(texts):
        capacity *= 2

    def bucket(text: str) -> int:
        h = java_hash(text)
        return (h ^ (h >> 16)) & (capacity - 1)

    return sorted(texts, key=bucket)  # stable: a bucket keeps insertion order
