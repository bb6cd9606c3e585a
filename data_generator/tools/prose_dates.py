"""Dates as documents write them (``3 March 2025``), without the locale lookup of ``%B``."""

from __future__ import annotations

import datetime as dt

__all__ = ["MONTHS", "long_date"]

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def long_date(day: dt.date) -> str:
    """``day`` as ``3 March 2025``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
