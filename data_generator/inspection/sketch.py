"""Bounded-memory counting for ``datagen inspect``: distinct values and repeated records.

:class:`DistinctCounter` counts exactly up to :data:`EXACT_LIMIT` distinct values, then
switches to a HyperLogLog sketch (16,384 one-byte registers, about 0.8 % standard error)
and says its figure is an estimate. :class:`SeenDigests` finds repeated records by their
64-bit digests in an open-addressing table of 8-byte slots, a quarter to half full: 16 to
32 bytes per record (16 MB for a million records; briefly half as much again while it
doubles), and a false "duplicate" needs two different records with one 64-bit digest
(odds about n²/2⁶⁵: 3·10⁻⁸ for a million).

Digests are BLAKE2b, so figures (estimates included) are the same on every run and machine.
"""

from __future__ import annotations

import math
from array import array
from hashlib import blake2b

__all__ = ["EXACT_LIMIT", "DistinctCounter", "HyperLogLog", "SeenDigests", "digest64"]

#: Distinct values counted exactly per field before the estimate takes over.
EXACT_LIMIT = 10_000
#: Values up to this many characters are kept as they are while counting exactly; longer
#: ones by their digest, so the exact phase holds at most ~EXACT_LIMIT short objects.
_SHORT = 40
_MASK64 = (1 << 64) - 1


def digest64(data: bytes) -> int:
    """A 64-bit digest of ``data`` (BLAKE2b), the same on every run."""
    return int.from_bytes(blake2b(data, digest_size=8).digest(), "big")


class HyperLogLog:
    """A HyperLogLog sketch over 64-bit digests, estimated with Ertl's improved estimator.

    The estimator (Ertl 2017, "New cardinality estimation algorithms for HyperLogLog
    sketches") needs no bias tables and is accurate from a handful of values upward.

    Args:
        precision: log₂ of the number of registers (14: 16,384 registers, ~0.8 % error).
    """

    def __init__(self, precision: int = 14) -> None:
        self.precision = precision
        self.registers = bytearray(1 << precision)
        self._rest = 64 - precision

    def add(self, digest: int) -> None:
        """Count one value by its 64-bit digest."""
        index = digest >> self._rest
        rest = digest & ((1 << self._rest) - 1)
        rank = self._rest - rest.bit_length() + 1
        self.registers[index] = max(self.registers[index], rank)

    def estimate(self) -> float:
        """The estimated number of distinct values added."""
        m = len(self.registers)
        q = self._rest
        histogram = [0] * (q + 2)
        for value in self.registers:
            histogram[value] += 1
        z = m * _tau(1 - histogram[q + 1] / m)
        for k in range(q, 0, -1):
            z = 0.5 * (z + histogram[k])
        z += m * _sigma(histogram[0] / m)
        return m * m / (2 * math.log(2)) / z if z else math.inf


def _sigma(x: float) -> float:
    if x == 1:
        return math.inf
    y, z = 1.0, x
    while True:
        x *= x
        previous = z
        z += x * y
        y += y
        if z == previous:
            return z


def _tau(x: float) -> float:
    if x in (0, 1):
        return 0.0
    y, z = 1.0, 1 - x
    while True:
        x = math.sqrt(x)
        previous = z
        y *= 0.5
        z -= (1 - x) ** 2 * y
        if z == previous:
            return z / 3


class DistinctCounter:
    """Counts distinct values: exactly up to ``limit``, then by a HyperLogLog estimate.

    Args:
        limit: Distinct values counted exactly before switching to the estimate.
    """

    __slots__ = ("_exact", "_sketch", "limit")

    def __init__(self, limit: int = EXACT_LIMIT) -> None:
        self.limit = limit
        self._exact: set[str | int] | None = set()
        self._sketch: HyperLogLog | None = None

    def add(self, key: str | bytes) -> None:
        """Count one value, given as text or as canonical bytes."""
        exact = self._exact
        if exact is not None:
            exact.add(key if isinstance(key, str) and len(key) <= _SHORT else _digest(key))
            if len(exact) > self.limit:
                self._estimate_from_now_on(exact)
            return
        assert self._sketch is not None
        self._sketch.add(_digest(key))

    def _estimate_from_now_on(self, exact: set[str | int]) -> None:
        sketch = HyperLogLog()
        for key in exact:
            sketch.add(_digest(key) if isinstance(key, str) else key)
        self._sketch, self._exact = sketch, None

    @property
    def estimated(self) -> bool:
        """Whether :attr:`count` is an estimate."""
        return self._exact is None

    @property
    def count(self) -> int:
        """Distinct values seen (an estimate once :attr:`estimated`)."""
        if self._exact is not None:
            return len(self._exact)
        assert self._sketch is not None
        return max(self.limit, round(self._sketch.estimate()))


def _digest(key: str | bytes) -> int:
    return digest64(key.encode("utf-8", "surrogatepass") if isinstance(key, str) else key)


class SeenDigests:
    """Remembers 64-bit digests in a flat table; tells whether one was seen before.

    Linear probing over an ``array('Q')`` that doubles when half full: 16 to 32 bytes per
    digest, no Python object per entry.
    """

    def __init__(self, capacity: int = 1 << 12) -> None:
        self._table = array("Q", bytes(8 * capacity))
        self._size = 0

    def add(self, digest: int) -> bool:
        """Remember ``digest``; return ``True`` if it had been seen already."""
        digest = (digest & _MASK64) or 1  # 0 marks an empty slot
        table = self._table
        mask = len(table) - 1
        slot = digest & mask
        while True:
            found = table[slot]
            if found == 0:
                break
            if found == digest:
                return True
            slot = (slot + 1) & mask
        table[slot] = digest
        self._size += 1
        if 2 * self._size > len(table):
            self._grow()
        return False

    def _grow(self) -> None:
        old = self._table
        table = array("Q", bytes(16 * len(old)))
        mask = len(table) - 1
        for digest in old:
            if digest:
                slot = digest & mask
                while table[slot]:
                    slot = (slot + 1) & mask
                table[slot] = digest
        self._table = table
