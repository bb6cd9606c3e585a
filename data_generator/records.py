"""Field types and checks that many record models share: UTC timestamps and money.

Money is a ``float`` rounded to cents on validation: a model that answers ``10.004`` gets
``10.0``, so totals can be compared exactly after :func:`cents`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Annotated, Any

from pydantic import AfterValidator

__all__ = ["Money", "UtcDatetime", "as_utc", "cents", "in_order", "same_amount", "total"]


def as_utc(value: datetime) -> datetime:
    """Read a timestamp without a time zone as UTC, so timestamps can be compared."""
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def cents(value: float) -> float:
    """Round an amount to cents (and turn ``-0.0`` into ``0.0``)."""
    return round(value, 2) + 0.0


def total(amounts: Iterable[float]) -> float:
    """Sum amounts, rounded to cents."""
    return cents(sum(amounts))


def in_order(values: Sequence[Any]) -> bool:
    """Whether ``values`` never decrease.

    Comparing with a sorted copy beats a pairwise loop on the short lists records hold:
    sorting already-sorted input is one linear pass in C.
    """
    ordered = list(values)
    return ordered == sorted(ordered)


def same_amount(first: float, second: float) -> bool:
    """Whether two amounts are equal to the cent."""
    return abs(first - second) < 0.005


#: A timestamp; one without a time zone is read as UTC.
UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]
#: An amount of money, rounded to cents.
Money = Annotated[float, AfterValidator(cents)]
