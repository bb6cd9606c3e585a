"""What a seed row does to its record: fields of the same name, prompt facts, offline text.

A row's column that names a top-level record field gives that field its value (converted
to the field's type: a CSV's ``"42"`` into an ``int`` field); a drawn field's attribute
takes it too, so the rest of the record follows. A column that names an option sets it in
the record's context (``ctx.options``), for hints that read it there. Every column reaches
the prompt (as ``{{$seed.column}}`` and in the "Facts for this record" line); the offline
provider also names, in the record's main free text, each value no field took.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from data_generator.errors import UsageError
from data_generator.markers import Drawn, FromOption, Later, Marker, field_markers
from data_generator.messages import plain_reason, show_value

if TYPE_CHECKING:
    from data_generator.seed_data import SeedRows
    from data_generator.tool import DataGeneratorTool

__all__ = ["Seeding", "attach_seed_data", "seed_holes"]

_HOLE = re.compile(r"\{\{\$seed\.([^{}]+)\}\}")
_CACHED_ROWS = 4096
_NOT_TEXT = re.compile(r"(^|_)(id|email|phone|name|url|code|sku|currency|iso)($|_)")


@dataclass(frozen=True, slots=True)
class _Prepared:
    """What one row gives its records: field values (Python, JSON-ready) and options."""

    row: Mapping[str, Any]
    values: dict[str, Any]
    draft: dict[str, Any]
    options: dict[str, Any]


class Seeding:
    """A scenario's seed rows with what each column does to a record.

    Args:
        tool: The scenario.
        rows: Its seed rows, read and checked.
        needed: The columns its prompt names as ``{{$seed.column}}``.
    """

    def __init__(
        self, tool: DataGeneratorTool[Any, Any], rows: SeedRows | None, needed: frozenset[str]
    ) -> None:
        self.rows = rows
        self.needed = needed
        model = tool.record_model
        markers = field_markers(model)
        #: Top-level fields a column may fill, with their validators.
        self.adapters: dict[str, TypeAdapter[Any]] = {
            name: TypeAdapter(_annotated(info)) for name, info in model.model_fields.items()
        }
        #: Options a column may set for its record (its context's options), with validators.
        self.option_adapters: dict[str, TypeAdapter[Any]] = {
            name: TypeAdapter(_annotated(info))
            for name, info in tool.options_model.model_fields.items()
        }
        # Text fields of no constraint take any text: a row's text needs no check there.
        self._checked = {
            name
            for name, info in model.model_fields.items()
            if info.annotation not in (str, str | None)
            or not all(isinstance(item, Marker) for item in info.metadata)
        }
        self._cache: dict[int, _Prepared] = {}
        #: Drawn fields: their attribute's name.
        self.drawn = {
            name: marker.name or name
            for name, marker in markers.items()
            if isinstance(marker, Drawn) and "." not in name
        }
        self.copies = {name for name, marker in markers.items() if isinstance(marker, FromOption)}
        #: Top-level free-text fields the offline provider may name leftover values in.
        self.text_fields = tuple(
            name
            for name, info in model.model_fields.items()
            if _plain_text(info.annotation, info.metadata)
            and not _NOT_TEXT.search(name)
            and isinstance(markers.get(name, Later), type(Later))
        )

    def problem(self, row: Mapping[str, Any]) -> str | None:
        """What is wrong with ``row``: a column the prompt needs, or a value no field takes."""
        for column in sorted(self.needed):
            if column not in row:
                return (
                    f"no value in column {column!r}, which the prompt uses ({{{{$seed.{column}}}}})"
                )
        for column, value in row.items():
            if column not in self._checked and isinstance(value, str):
                continue
            adapter = self.adapters.get(column)
            if adapter is None:
                continue
            try:
                adapter.validate_python(value)
            except ValidationError as exc:
                reason = plain_reason(exc.errors()[0]["msg"])
                return f"column {column!r} = {show_value(value)} does not fit the field: {reason}"
        return None

    def concerns(self, columns: Sequence[str]) -> bool:
        """Whether rows with ``columns`` need :meth:`problem` (not when any text will do)."""
        return bool(self.needed) or not self._checked.isdisjoint(columns)

    def values(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """The fields ``row`` fills, validated (Python values)."""
        return self._prepared(row).values

    def draft_values(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """The fields ``row`` fills, as JSON-ready values (for an offline draft)."""
        return self._prepared(row).draft

    def attributes(self, attributes: dict[str, Any], row: Mapping[str, Any]) -> dict[str, Any]:
        """``attributes`` with those of the drawn fields ``row`` fills set to its values."""
        draft = self._prepared(row).draft
        for name, attribute in self.drawn.items():
            if name in draft:
                attributes[attribute] = draft[name]
        return attributes

    def options(self, options: BaseModel, row: Mapping[str, Any]) -> BaseModel:
        """``options`` with those ``row`` names set to its values (when they fit the option).

        A record's context carries them, so hints that read ``ctx.options`` follow the row.
        """
        changes = self._prepared(row).options
        return options.model_copy(update=changes) if changes else options

    def _prepared(self, row: Mapping[str, Any]) -> _Prepared:
        """What ``row`` gives a record, worked out once while the row object lives."""
        found = self._cache.get(id(row))
        if found is not None and found.row is row:
            return found
        values = {
            column: self.adapters[column].validate_python(value)
            for column, value in row.items()
            if column in self.adapters
        }
        draft = {
            column: self.adapters[column].dump_python(value, mode="json")
            for column, value in values.items()
        }
        options = {}
        for name, adapter in self.option_adapters.items():
            if name in row:
                try:
                    options[name] = adapter.validate_python(row[name])
                except ValidationError:
                    continue  # the run's own value stays
        if len(self._cache) >= _CACHED_ROWS:
            self._cache.clear()
        found = self._cache[id(row)] = _Prepared(row, values, draft, options)
        return found

    def record(self, record: BaseModel, row: Mapping[str, Any]) -> BaseModel:
        """``record`` with the fields ``row`` fills set to its values."""
        values = self.values(row)
        changes = {name: value for name, value in values.items() if getattr(record, name) != value}
        return record.model_copy(update=changes) if changes else record

    def mention(self, draft: dict[str, Any], row: Mapping[str, Any]) -> None:
        """Name each of ``row``'s values no field took in ``draft``'s longest free text.

        A value the text already holds is not named again.
        """
        candidates = [name for name in self.text_fields if isinstance(draft.get(name), str)]
        if not candidates:
            return
        target = max(candidates, key=lambda name: len(draft[name]))
        text: str = draft[target]
        left = [
            f"{column.replace('_', ' ')} {value}"
            for column, value in row.items()
            if column not in self.adapters and str(value) not in text
        ]
        if left:
            text = text.rstrip()
            stop = "" if text.endswith((".", "!", "?")) else "."
            draft[target] = f"{text}{stop} Noted for this record: {'; '.join(left)}."


def seed_holes(prompt: str) -> frozenset[str]:
    """The columns a prompt template names as ``{{$seed.column}}``."""
    return frozenset(match.strip() for match in _HOLE.findall(prompt))


def attach_seed_data(
    tool: DataGeneratorTool[Any, Any], path: Path | None, *, sample: bool = False
) -> SeedRows | None:
    """Read ``path`` as ``tool``'s seed data and make each record of it use a row.

    With ``path`` ``None`` the tool's records use no rows.

    Raises:
        UsageError: The seed data cannot be read, or a row lacks a column the prompt
            needs or holds a value its field cannot take (one line: file, row, column);
            or the prompt needs a column and there is no seed data.
    """
    from data_generator.prompt_template import build_template
    from data_generator.runtime import runtime_of
    from data_generator.seed_data import load_seed_rows

    runtime = runtime_of(tool)
    runtime.use_seeding(None)
    needed = seed_holes(build_template(tool))
    if path is None:
        if needed:
            raise UsageError(
                f"the {tool.name} prompt uses {{{{$seed.{min(needed)}}}}}, but no --seed-data "
                "gives its rows",
                hint="Add --seed-data FILE (or seed_data in scenarios.toml)",
            )
        return None
    seeding = Seeding(tool, None, needed)
    seeding.rows = load_seed_rows(
        path, sample=sample, check=seeding.problem, concerns=seeding.concerns
    )
    runtime.use_seeding(seeding)
    return seeding.rows


def _annotated(info: FieldInfo) -> Any:
    """The field's type with its constraints, for a validator."""
    if not info.metadata:
        return info.annotation
    return typing.Annotated.__class_getitem__((info.annotation, *info.metadata))  # type: ignore[attr-defined]


def _plain_text(annotation: Any, metadata: list[Any]) -> bool:
    """Whether a field is free text: ``str`` (or ``str | None``) without a length cap."""
    if any(getattr(item, "max_length", None) is not None for item in metadata):
        return False
    return annotation is str or annotation == (str | None)
