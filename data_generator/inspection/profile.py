"""The figures of ``datagen inspect``: validity, duplicates and a profile of every field.

One pass over the records, in bounded memory: each record is read, checked, hashed for
duplicates and counted into its fields' running figures, then dropped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError

from data_generator.inspection.fields import FieldProfile, FieldTable, json_bytes
from data_generator.inspection.reader import Output, text_columns
from data_generator.inspection.sketch import SeenDigests, digest64

__all__ = [
    "FieldProfile",
    "Profile",
    "format_number",
    "profile_output",
    "shown_distinct",
    "shown_range",
]

#: Problems the terminal report lists.
SHOWN_PROBLEMS = 10
#: Problems kept for the HTML and JSON reports; the rest are only counted.
KEPT_PROBLEMS = 1_000
#: Records between two calls of the progress callback.
PROGRESS_EVERY = 1_000

Progress = Callable[[int, float], None]


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
        invalid: Records read but not valid for the record model.
        unreadable: Records that could not be read (not JSON, a short CSV row, ...).
        problems: ``(source, reason)`` of the first :data:`KEPT_PROBLEMS` unreadable or
            invalid records.
        duplicates: Records identical to an earlier one.
        duplicate_sources: Where the first :data:`SHOWN_PROBLEMS` duplicates are.
        fields: One profile per field.
        fields_left_out: More fields than the profile holds were found.
        words: Mean words per document (``txt`` output).
        elapsed: Seconds the pass took.
    """

    scenario: str | None
    output_format: str
    files: int
    records: int = 0
    valid: int | None = None
    invalid: int = 0
    unreadable: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)
    duplicates: int = 0
    duplicate_sources: list[str] = field(default_factory=list)
    fields: list[FieldProfile] = field(default_factory=list)
    fields_left_out: bool = False
    words: float | None = None
    elapsed: float = 0.0

    @property
    def problem_count(self) -> int:
        """Unreadable and invalid records."""
        return self.unreadable + self.invalid

    def problem(self, source: str, reason: str) -> None:
        """Keep one problem (the first :data:`KEPT_PROBLEMS` of them)."""
        if len(self.problems) < KEPT_PROBLEMS:
            self.problems.append((source, reason))

    def duplicate(self, source: str) -> None:
        """Count one duplicate record."""
        self.duplicates += 1
        if len(self.duplicate_sources) < SHOWN_PROBLEMS:
            self.duplicate_sources.append(source)


def profile_output(
    output: Output, model: type[BaseModel] | None, progress: Progress | None = None
) -> Profile:
    """Read every record of ``output`` once and compute its profile.

    Args:
        output: The files to read.
        model: The scenario's record model, to check validity against (if known).
        progress: Called with the records read so far and the seconds since the start,
            every :data:`PROGRESS_EVERY` records.
    """
    from data_generator.engine.record_maker import validation_summary

    start = time.monotonic()
    result = Profile(output.scenario, output.output_format, len(output.files))
    seen = SeenDigests()
    table = FieldTable(_categorical_paths(model))
    words = documents = 0
    for raw in output.records(text_columns(model) if model is not None else None):
        result.records += 1
        if progress is not None and result.records % PROGRESS_EVERY == 0:
            progress(result.records, time.monotonic() - start)
        if raw.text is not None:
            documents += 1
            words += len(raw.text.split())
            if seen.add(digest64(raw.text.encode("utf-8", "surrogatepass"))):
                result.duplicate(raw.source)
            continue
        if raw.data is None:
            result.unreadable += 1
            result.problem(raw.source, raw.error)
            continue
        if seen.add(digest64(_canonical(raw.data))):
            result.duplicate(raw.source)
        table.add(raw.data)
        if model is not None:
            try:
                model.model_validate(raw.data)
            except ValidationError as exc:
                result.invalid += 1
                result.problem(raw.source, validation_summary(exc))
    if model is not None and not documents:
        result.valid = table.records - result.invalid
    if documents:
        result.words = words / documents
    result.fields = table.profiles()
    result.fields_left_out = table.overflow
    result.elapsed = time.monotonic() - start
    return result


def _canonical(data: dict[str, Any]) -> bytes:
    return json_bytes(data, orjson.OPT_SORT_KEYS)


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


def format_number(value: float | str | None) -> str:
    """A figure as shown in reports: whole numbers without decimals, others with two.

    Dates (ISO text) are shown as they are.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def shown_range(field: FieldProfile) -> str:
    """A field's range as shown in reports: ``2 … 5, mean 3.50``, ``2025-01-01 … 2025-12-31``."""
    if field.minimum is None or field.maximum is None:
        return ""
    span = f"{format_number(field.minimum)} … {format_number(field.maximum)}"
    return f"{span}, mean {format_number(field.mean)}" if field.mean is not None else span


def shown_distinct(field: FieldProfile) -> str:
    """Distinct values per record, ``≈`` before an estimate."""
    return f"{'≈' if field.distinct_estimated else ''}{field.distinct_ratio:.2f}"
