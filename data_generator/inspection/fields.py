"""Per-field figures, updated one record at a time in bounded memory.

Every leaf of a record (a dotted path; lists are one leaf, profiled by their length) has a
:class:`FieldStats`: how many records have it, its distinct values (exact up to
:data:`~data_generator.inspection.sketch.EXACT_LIMIT`, then estimated), the range of its
numbers, list lengths, dates or date-times, and the counts of its values while it may still
be a category. Nothing grows with the number of records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

import orjson

from data_generator.inspection.sketch import DistinctCounter

__all__ = [
    "CATEGORY_LIMIT",
    "FIELD_LIMIT",
    "FieldProfile",
    "FieldStats",
    "FieldTable",
    "json_bytes",
]

#: A text field with at most this many distinct values (and few per record) is a category.
CATEGORY_LIMIT = 12
TOP_VALUES = 12
#: Values counted for a declared category (enum, boolean); later new values are not.
TRACKED_VALUES = 1_000
#: Fields profiled per output; paths first seen after this many are left out (and said so).
FIELD_LIMIT = 1_000
#: Nesting below this depth is profiled as one value (its JSON) instead of leaf by leaf.
DEPTH_LIMIT = 32

Kind = Literal["categorical", "numeric", "list", "date", "datetime", "text"]
_Shape = Literal["list", "number", "date", "datetime", "other"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@dataclass
class FieldProfile:
    """One field (a dotted path; list fields are profiled by their length).

    Attributes:
        path: The field's dotted path.
        kind: ``categorical``, ``numeric``, ``list`` (lengths), ``date``, ``datetime`` or
            ``text``.
        present: Records that have a value.
        nulls: Records where it is null or missing.
        distinct: Distinct values (an estimate when ``distinct_estimated``).
        distinct_estimated: Whether ``distinct`` is a HyperLogLog estimate.
        minimum: Smallest number or list length; earliest date (ISO text).
        maximum: Largest number or list length; latest date (ISO text).
        mean: Mean number or list length.
        top: The most frequent values and their counts (categorical fields).
    """

    path: str
    kind: Kind
    present: int
    nulls: int
    distinct: int
    distinct_estimated: bool = False
    minimum: float | str | None = None
    maximum: float | str | None = None
    mean: float | None = None
    top: list[tuple[str, int]] = field(default_factory=list)

    @property
    def null_share(self) -> float:
        """Share of records without a value."""
        total = self.present + self.nulls
        return self.nulls / total if total else 0.0

    @property
    def distinct_ratio(self) -> float:
        """Distinct values per record that has one."""
        return min(1.0, self.distinct / self.present) if self.present else 0.0


def json_bytes(value: Any, option: int = 0) -> bytes:
    """``value`` as JSON bytes: keys of any type, nesting of any depth.

    Past orjson's 255 levels the slower :func:`_deep_json` writes it (keys always sorted).
    """
    try:
        return orjson.dumps(value, default=str, option=option | orjson.OPT_NON_STR_KEYS)
    except orjson.JSONEncodeError:
        return _deep_json(value)


class _Raw(str):
    """Text :func:`_deep_json` writes as it is."""

    __slots__ = ()


def _deep_json(value: Any) -> bytes:
    """JSON of ``value`` without recursion (keys sorted), for what orjson refuses."""
    parts: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Raw):
            parts.append(item)
        elif isinstance(item, dict):
            parts.append("{")
            stack.append(_Raw("}"))
            keys = sorted(item, key=str)
            for number in range(len(keys) - 1, -1, -1):
                key = orjson.dumps(str(keys[number])).decode()
                stack += [item[keys[number]], _Raw(f"{',' if number else ''}{key}:")]
        elif isinstance(item, list | tuple):
            parts.append("[")
            stack.append(_Raw("]"))
            for number in range(len(item) - 1, -1, -1):
                stack += [item[number], _Raw("," if number else "")]
        else:
            parts.append(orjson.dumps(item, default=str).decode())
    return "".join(parts).encode("utf-8", "surrogatepass")


class FieldStats:
    """The running figures of one field.

    Args:
        path: The field's dotted path.
        declared_categorical: The record model declares it as a choice (enum, boolean).
    """

    __slots__ = (
        "counts",
        "declared",
        "distinct",
        "high",
        "high_shown",
        "low",
        "low_shown",
        "path",
        "present",
        "shape",
        "total",
    )

    def __init__(self, path: str, declared_categorical: bool) -> None:
        self.path = path
        self.declared = declared_categorical
        self.present = 0
        self.shape: _Shape | None = None
        self.distinct = DistinctCounter()
        self.counts: dict[str, int] | None = {}
        self.low: Any = None
        self.high: Any = None
        self.low_shown = ""
        self.high_shown = ""
        self.total: float = 0

    def add(self, value: Any) -> None:
        """Count one non-null value."""
        self.present += 1
        if isinstance(value, str):
            key: str | bytes = value
            if self.shape != "other":
                self._moment(value)
        elif isinstance(value, bool):
            key = "true" if value else "false"
            self.shape = "other"
        elif isinstance(value, int | float):
            key = repr(value)
            self._number(value)
        elif isinstance(value, list):
            key = json_bytes(value)
            self._number(len(value), "list")
        elif isinstance(value, date):  # YAML and Parquet read dates as objects
            key = value.isoformat()
            if key.endswith("+00:00"):  # as datagen writes UTC in JSON
                key = key[:-6] + "Z"
            self._range(value, key, "datetime" if isinstance(value, datetime) else "date")
        else:
            key = json_bytes(value)
            self.shape = "other"
        self.distinct.add(key)
        counts = self.counts
        if counts is not None:
            shown = key if isinstance(key, str) else key.decode("utf-8", "replace")
            if shown in counts:
                counts[shown] += 1
            elif not self.declared and len(counts) >= CATEGORY_LIMIT:
                self.counts = None  # too many values to be a category
            elif len(counts) < TRACKED_VALUES:
                counts[shown] = 1

    def _number(self, number: float, shape: _Shape = "number") -> None:
        if self.shape is None:
            self.shape, self.low, self.high = shape, number, number
        elif self.shape != shape:
            self.shape = "other"
            return
        elif number < self.low:
            self.low = number
        elif number > self.high:
            self.high = number
        self.total += number

    def _moment(self, text: str) -> None:
        """Follow the range of ISO dates and date-times; anything else makes it text."""
        moment: date
        try:
            if len(text) == 10 and _DATE.fullmatch(text):
                moment = date.fromisoformat(text)
                shape: _Shape = "date"
            elif _DATETIME.match(text):
                iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
                moment, shape = datetime.fromisoformat(iso), "datetime"
            else:
                self.shape = "other"
                return
        except ValueError:
            self.shape = "other"
            return
        self._range(moment, text, shape)

    def _range(self, moment: date, shown: str, shape: _Shape) -> None:
        if self.shape is None:
            self.shape = shape
            self.low = self.high = moment
            self.low_shown = self.high_shown = shown
            return
        if self.shape != shape:
            self.shape = "other"
            return
        try:
            if moment < self.low:
                self.low, self.low_shown = moment, shown
            elif moment > self.high:
                self.high, self.high_shown = moment, shown
        except TypeError:  # date-times with and without a time zone
            self.shape = "other"

    def profile(self, records: int) -> FieldProfile:
        """The field's figures, out of ``records`` records with data."""
        result = FieldProfile(
            path=self.path,
            kind=self._kind(),
            present=self.present,
            nulls=records - self.present,
            distinct=self.distinct.count,
            distinct_estimated=self.distinct.estimated,
        )
        if result.kind in ("numeric", "list"):
            result.minimum, result.maximum = self.low, self.high
            result.mean = self.total / self.present
        elif result.kind in ("date", "datetime"):
            result.minimum, result.maximum = self.low_shown, self.high_shown
        elif result.kind == "categorical" and self.counts is not None:
            ranked = sorted(self.counts.items(), key=lambda item: -item[1])
            result.top = ranked[:TOP_VALUES]
        return result

    def _kind(self) -> Kind:
        shape = self.shape
        if shape == "list":
            return "list"
        if self.declared:
            return "categorical"
        if shape == "number":
            return "numeric"
        if shape in ("date", "datetime"):
            return shape
        distinct = len(self.counts) if self.counts is not None else 0
        if 0 < distinct <= CATEGORY_LIMIT and distinct <= self.present / 2:
            return "categorical"
        return "text"


class FieldTable:
    """Every field of an output, in the order first seen.

    Args:
        categorical: Dotted paths the record model declares as choices.
    """

    def __init__(self, categorical: set[str]) -> None:
        self.categorical = categorical
        self.fields: dict[str, FieldStats] = {}
        self.records = 0
        #: Fields left out because :data:`FIELD_LIMIT` were already profiled.
        self.overflow = False

    def add(self, data: dict[Any, Any]) -> None:
        """Count one record's values."""
        self.records += 1
        self._walk(data, "", 0)

    def _walk(self, data: dict[Any, Any], prefix: str, depth: int) -> None:
        fields = self.fields
        for key, value in data.items():
            path = f"{prefix}{key}"
            if isinstance(value, dict) and depth < DEPTH_LIMIT:
                self._walk(value, path + ".", depth + 1)
                continue
            stats = fields.get(path)
            if stats is None:
                if len(fields) >= FIELD_LIMIT:
                    self.overflow = True
                    continue
                stats = fields[path] = FieldStats(path, path in self.categorical)
            if value is not None:
                stats.add(value)

    def profiles(self) -> list[FieldProfile]:
        """One profile per field."""
        return [stats.profile(self.records) for stats in self.fields.values()]
