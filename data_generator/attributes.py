"""Per-record attributes: declared distributions, drawn by stratified sampling.

A scenario declares attributes (severity, language, fraud or not…) with weights; the
engine draws them for every record, hands them to the prompt and to the offline provider.

Sampling is stratified: in each block of 100 records an attribute takes every hundredth of
``[0, 1)`` once, in a shuffled order, so every 100 records follow the declared weights
almost exactly (5 % fraud is 5 records of each 100, not "about 5", where independent draws
stray by a few percent), while attributes stay independent of each other. Record *i*'s
values are a pure function of (scenario, seed, *i*): the same whatever the order of work
or the resume point. Shuffled orders come from a small pool per attribute, picked per
block by a hash and strided and turned, so a record costs a dictionary, not a shuffle.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ATTRIBUTE_BLOCK", "Attribute", "AttributeSampler", "NotSettableError"]

#: Records per block: in each, every value comes within two records of its share.
ATTRIBUTE_BLOCK = 100
_POOL = 16  # shuffled orders per attribute and seed (16**4 block patterns for 4 attributes)
_BLOCKS_KEPT = 64  # blocks of drawn attributes kept (concurrent work spans a few)
_MASK = (1 << 64) - 1
_STRIDES = tuple(step for step in range(1, ATTRIBUTE_BLOCK) if math.gcd(step, ATTRIBUTE_BLOCK) == 1)

#: Sets an attribute's value in a record's JSON dump, in place.
Apply = Callable[[dict[str, Any], Any], None]


class NotSettableError(ValueError):
    """An attribute cannot be set on this record (no field to set, nothing to set it on)."""


@dataclass(frozen=True)
class Attribute:
    """A per-record attribute drawn for diversity from a declared distribution.

    The engine draws every declared attribute for every record from the run seed and the
    record index, hands them to the prompt (``{{$attributes}}``) and to the offline
    provider, and tests check that 1,000 records follow ``weights``.

    Attributes:
        name: The key in :attr:`RecordContext.attributes` and in the prompt.
        weights: Each value's relative weight (zero allowed, the sum must be positive).
        observe: Where the attribute shows in a finished record's JSON dump: a dotted
            field path (``flights.0.cabin``), a function of the dump, or ``None``.
        apply: How to set the attribute in a record's JSON dump (in place) when
            ``observe`` is a function; a dotted path is set as it is. The engine uses it
            to correct a model's answer that did not honour the drawn value. It raises
            :class:`NotSettableError` (or ``KeyError``, ``IndexError``, ``TypeError``,
            ``ValueError``) when this record gives it nothing to set. ``None``: the
            attribute cannot be set, and an answer that misses it is asked again.
    """

    name: str
    weights: Mapping[Any, float]
    observe: str | Callable[[Mapping[str, Any]], Any] | None = None
    apply: Apply | None = field(default=None, compare=False)
    _values: tuple[Any, ...] = field(init=False, repr=False, compare=False)
    _cumulative: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        weights = list(self.weights.values())
        if not weights or min(weights) < 0 or sum(weights) <= 0:
            raise ValueError(
                f"attribute {self.name!r}: weights must be non-negative with a positive sum"
            )
        object.__setattr__(self, "_values", tuple(self.weights))
        object.__setattr__(self, "_cumulative", tuple(itertools.accumulate(weights)))

    @classmethod
    def percent(
        cls,
        name: str,
        percent: float,
        observe: str | Callable[[Mapping[str, Any]], Any] | None = None,
        apply: Apply | None = None,
    ) -> Attribute:
        """A yes/no attribute that is ``True`` for ``percent`` % of records.

        How a percent flag (``--fraud-percent``) is decided per record in code.
        """
        share = percent / 100
        return cls(name, {True: share, False: 1 - share}, observe=observe, apply=apply)

    def draw(self, rng: random.Random) -> Any:
        """Return one value, with probability proportional to its weight."""
        return self.value_at(rng.random())

    def value_at(self, point: float) -> Any:
        """Return the value whose share of ``[0, 1)`` holds ``point``."""
        return self._values[bisect.bisect_right(self._cumulative, point * self._cumulative[-1])]

    def probabilities(self) -> dict[Any, float]:
        """Each value's probability (the weights normalised to sum to 1)."""
        total = self._cumulative[-1]
        return {value: weight / total for value, weight in self.weights.items()}

    def observed(self, record: Mapping[str, Any]) -> Any:
        """Read this attribute back from a record's JSON dump (``None`` if not visible)."""
        if self.observe is None:
            return None
        if callable(self.observe):
            return self.observe(record)
        value: Any = record
        for part in self.observe.split("."):
            value = value[int(part)] if isinstance(value, list) else value[part]
        return value

    @property
    def settable(self) -> bool:
        """Whether :meth:`set_in` can set this attribute (a dotted path, or ``apply``)."""
        return isinstance(self.observe, str) or self.apply is not None

    def set_in(self, record: dict[str, Any], value: Any) -> None:
        """Set this attribute to ``value`` in a record's JSON dump, in place.

        Raises:
            NotSettableError: The attribute has no way to be set, or this record has
                nothing to set it on (a missing field, an empty list, a null object).
        """
        try:
            if self.apply is not None:
                self.apply(record, value)
            elif isinstance(self.observe, str):
                *parents, last = self.observe.split(".")
                target: Any = record
                for part in parents:
                    target = target[int(part)] if isinstance(target, list) else target[part]
                if isinstance(target, list):
                    target[int(last)] = value
                elif isinstance(target, dict) and last in target:
                    target[last] = value
                else:
                    raise NotSettableError(f"no field {self.observe!r} to set")
            else:
                raise NotSettableError(f"attribute {self.name!r} cannot be set")
        except NotSettableError:
            raise
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise NotSettableError(f"attribute {self.name!r} cannot be set here: {exc}") from exc


class AttributeSampler:
    """Draws the declared attributes of a scenario for any record index.

    Args:
        scenario: The scenario's name (part of every random stream).
        attributes: The declared attributes, in order.
    """

    def __init__(self, scenario: str, attributes: Sequence[Attribute]) -> None:
        self.scenario = scenario
        self.attributes = list(attributes)
        self._names = [attribute.name for attribute in self.attributes]
        self._orders: dict[tuple[int, int, int], list[Any]] = {}
        self._blocks: dict[tuple[int, int], list[dict[str, Any]]] = {}

    def draw(self, seed: int, index: int) -> dict[str, Any]:
        """Return the attributes of record ``index`` (1-based) under ``seed``."""
        if not self._names:
            return {}
        block, slot = divmod(index - 1, ATTRIBUTE_BLOCK)
        rows = self._blocks.get((seed, block))
        if rows is None:
            if len(self._blocks) >= _BLOCKS_KEPT:
                self._blocks.clear()
            columns = [
                self._block_values(seed, number, block) for number in range(len(self._names))
            ]
            rows = [dict(zip(self._names, row, strict=True)) for row in zip(*columns, strict=True)]
            self._blocks[seed, block] = rows
        return dict(rows[slot])  # a copy: callers may add derived values

    def _block_values(self, seed: int, number: int, block: int) -> list[Any]:
        """Attribute ``number``'s values for one block: a pooled order, strided and turned.

        A stride coprime with the block size and a rotation keep every stratum once per
        block and make 16 x 40 x 100 distinct orders from 16 shuffles.
        """
        mixed = _mix(seed, number, block)
        values = self._values(seed, number, mixed % _POOL)
        stride = _STRIDES[(mixed >> 8) % len(_STRIDES)]
        turn = (mixed >> 16) % ATTRIBUTE_BLOCK
        return [values[(stride * slot + turn) % ATTRIBUTE_BLOCK] for slot in range(ATTRIBUTE_BLOCK)]

    def _values(self, seed: int, number: int, pick: int) -> list[Any]:
        """One shuffled block of values of attribute ``number``: each stratum once."""
        key = (seed, number, pick)
        values = self._orders.get(key)
        if values is None:
            rng = random.Random(f"{self.scenario}:{seed}:{number}:{pick}")
            order = list(range(ATTRIBUTE_BLOCK))
            rng.shuffle(order)
            value_at = self.attributes[number].value_at
            values = [value_at((stratum + rng.random()) / ATTRIBUTE_BLOCK) for stratum in order]
            self._orders[key] = values
        return values


def _mix(*parts: int) -> int:
    """A well-spread 64-bit hash of integers (splitmix64 steps), stable across processes."""
    state = 0x9E3779B97F4A7C15
    for part in parts:
        state = ((state ^ (part & _MASK)) * 0xBF58476D1CE4E5B9) & _MASK
        state ^= state >> 31
        state = (state * 0x94D049BB133111EB) & _MASK
        state ^= state >> 29
    return state
