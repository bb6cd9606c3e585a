"""The figures of ``datagen inspect``: validity, duplicates and a profile of every field."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ValidationError

from data_generator.inspection.reader import Output, text_columns

__all__ = ["FieldProfile", "Profile", "format_number", "profile_output"]

#: A text field with at most this many distinct values (and few per record) is a category.
CATEGORY_LIMIT = 12
TOP_VALUES = 12
#: Problems the terminal report lists (the HTML report lists them all).
SHOWN_PROBLEMS = 10


@dataclass
class FieldProfile:
    """One field (a dotted path; list fields are profiled by their length).

    Attributes:
        path: The field's dotted path.
        kind: ``categorical``, ``numeric``, ``list`` (lengths) or ``text``.
        present: Records that have a value.
        nulls: Records where it is null or missing.
        distinct: Distinct values.
        minimum: Smallest number (or list length).
        maximum: Largest number (or list length).
        mean: Mean number (or list length).
        top: The most frequent values and their counts (categorical fields).
    """

    path: str
    kind: Literal["categorical", "numeric", "list", "text"]
    present: int
    nulls: int
    distinct: int
    minimum: float | None = None
    maximum: float | None = None
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
        return self.distinct / self.present if self.present else 0.0


@dataclass
class Profile:
    """Everything ``datagen inspect`` reports about one output.

    Attributes:
        scenario: The scenario (``None`` when unknown).
        output_format: The files' format.
        files: How many files were read.
        records: Records found (broken ones included).
        valid: Records that validate against the scenario's record model (``None``: no
            model to check against).
        problems: ``(source, reason)`` of unreadable or invalid records.
        duplicates: Records identical to an earlier one.
        fields: One profile per field.
        words: Mean words per document (``txt`` output).
    """

    scenario: str | None
    output_format: str
    files: int
    records: int = 0
    valid: int | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)
    duplicates: int = 0
    fields: list[FieldProfile] = field(default_factory=list)
    words: float | None = None


def profile_output(output: Output, model: type[BaseModel] | None) -> Profile:
    """Read every record of ``output`` and compute its profile.

    Args:
        output: The files to read.
        model: The scenario's record model, to check validity against (if known).
    """
    from data_generator.engine.record_maker import validation_summary

    result = Profile(output.scenario, output.output_format, len(output.files))
    seen: set[bytes] = set()
    rows: list[dict[str, Any]] = []
    words: list[int] = []
    valid = 0
    for raw in output.records(text_columns(model) if model is not None else set()):
        result.records += 1
        if raw.text is not None:
            words.append(len(raw.text.split()))
            continue
        if raw.data is None:
            result.problems.append((raw.source, raw.error))
            continue
        key = orjson.dumps(raw.data, option=orjson.OPT_SORT_KEYS, default=str)
        result.duplicates += key in seen
        seen.add(key)
        rows.append(raw.data)
        if model is not None:
            try:
                model.model_validate(raw.data)
                valid += 1
            except ValidationError as exc:
                result.problems.append((raw.source, validation_summary(exc)))
    if model is not None and not words:
        result.valid = valid
    if words:
        result.words = sum(words) / len(words)
    result.fields = _profile_fields(rows, _categorical_paths(model))
    return result


def _categorical_paths(model: type[BaseModel] | None) -> set[str]:
    """Dotted paths the record model declares as choices (enums, booleans)."""
    if model is None:
        return set()
    schema = model.model_json_schema()
    found: set[str] = set()

    def walk(node: dict[str, Any], prefix: str) -> None:
        for name, child in node.get("properties", {}).items():
            kinds = [child, *child.get("anyOf", [])]
            resolved = [_resolve(schema, kind) for kind in kinds]
            if any("enum" in kind or kind.get("type") == "boolean" for kind in resolved):
                found.add(prefix + name)
            for kind in resolved:
                if kind.get("type") == "object":
                    walk(kind, f"{prefix}{name}.")

    walk(schema, "")
    return found


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    reference = node.get("$ref")
    if isinstance(reference, str):
        resolved: dict[str, Any] = schema.get("$defs", {}).get(reference.rsplit("/", 1)[1], {})
        return resolved
    return node


def _leaves(data: dict[str, Any], prefix: str = "") -> Iterable[tuple[str, Any]]:
    for key, value in data.items():
        if isinstance(value, dict):
            yield from _leaves(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _profile_fields(rows: list[dict[str, Any]], categorical: set[str]) -> list[FieldProfile]:
    columns: dict[str, list[Any]] = {}
    for number, row in enumerate(rows):
        for path, value in _leaves(row):
            column = columns.setdefault(path, [None] * number)
            column.append(value)
        for column in columns.values():  # a field missing from this record is null here
            if len(column) <= number:
                column.append(None)
    return [_profile(path, values, path in categorical) for path, values in columns.items()]


def _profile(path: str, values: list[Any], declared_categorical: bool) -> FieldProfile:
    present = [value for value in values if value is not None]
    nulls = len(values) - len(present)
    if present and all(isinstance(value, list) for value in present):
        lengths = [len(value) for value in present]
        distinct = len({orjson.dumps(value, default=str) for value in present})
        return _numeric(path, "list", lengths, nulls, distinct)
    shown = [_shown(value) for value in present]
    counts = Counter(shown)
    numbers = [value for value in present if _is_number(value)]
    if present and len(numbers) == len(present) and not declared_categorical:
        return _numeric(path, "numeric", numbers, nulls, len(counts))
    categorical = declared_categorical or (
        0 < len(counts) <= CATEGORY_LIMIT and len(counts) <= len(present) / 2
    )
    return FieldProfile(
        path=path,
        kind="categorical" if categorical else "text",
        present=len(present),
        nulls=nulls,
        distinct=len(counts),
        top=counts.most_common(TOP_VALUES) if categorical else [],
    )


def _numeric(
    path: str, kind: Literal["numeric", "list"], numbers: list[Any], nulls: int, distinct: int
) -> FieldProfile:
    return FieldProfile(
        path=path,
        kind=kind,
        present=len(numbers),
        nulls=nulls,
        distinct=distinct,
        minimum=min(numbers) if numbers else None,
        maximum=max(numbers) if numbers else None,
        mean=math.fsum(numbers) / len(numbers) if numbers else None,
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def format_number(value: float | None) -> str:
    """A figure as shown in reports: whole numbers without decimals, others with two."""
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
