"""Checks of single values of ``scenarios.toml``; a failure names the key at fault.

Each check takes the table holding the value and that table's key path (``("fields",
"rating")``), so :class:`SpecError` can carry the full key and the reader can find its
line in the file.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["INT64_MAX", "Key", "SpecError", "number", "text", "whole"]

#: A key path inside one ``[scenarios.NAME]`` table.
Key = tuple[str, ...]
#: The largest whole number accepted: what a signed 64-bit integer holds.
INT64_MAX = 2**63 - 1


class SpecError(Exception):
    """A problem inside one scenario table (turned into a one-line ConfigError).

    Attributes:
        key: The key at fault, inside the scenario's table (``()``: the table itself).
    """

    def __init__(self, message: str, key: Key = ()) -> None:
        super().__init__(message)
        self.key = key


def text(table: dict[str, Any], name: str, key: Key, where: str | None = None) -> str | None:
    """The string ``table[name]``, or ``None`` when it is not given."""
    value = table.get(name)
    if value is not None and not isinstance(value, str):
        raise SpecError(f"{where + ': ' if where else ''}{name} must be a string", (*key, name))
    return value


def whole(
    table: dict[str, Any],
    name: str,
    key: Key,
    *,
    where: str = "",
    low: int = 1,
    high: int = INT64_MAX,
) -> int | None:
    """The whole number ``table[name]`` within ``low``…``high``, or ``None`` when not given."""
    value = table.get(name)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        bounds = f"{low} or more" if high == INT64_MAX else f"from {low} to {high}"
        raise SpecError(f"{where}{name} = {value!r}; write a whole number, {bounds}", (*key, name))
    return value


def number(
    table: dict[str, Any],
    name: str,
    key: Key,
    *,
    low: float | None = None,
    high: float | None = None,
    where: str = "",
) -> float | None:
    """The finite number ``table[name]`` within the bounds given, or ``None`` when not given."""
    value = table.get(name)
    if value is None:
        return None
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not _finite(value)
        or (low is not None and value < low)
        or (high is not None and value > high)
    ):
        if high is not None:
            bounds = f" between {low} and {high}"
        elif low is not None:
            bounds = f", {low} or more"
        else:
            bounds = ""
        raise SpecError(f"{where}{name} = {value!r}; write a number{bounds}", (*key, name))
    return float(value)


def _finite(value: float) -> bool:
    if isinstance(value, int):  # math.isfinite would overflow on a huge one
        return abs(value) <= INT64_MAX
    return math.isfinite(value)
