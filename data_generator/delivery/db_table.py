"""A scenario's table: its columns, from the record model, and a record's row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

__all__ = ["KEY_COLUMN", "Column", "ColumnKind", "table_columns"]

#: The primary key: the record's index, as in its file name.
KEY_COLUMN = "record_index"

#: What a column holds; each database maps it to a type of its own.
ColumnKind = Literal["text", "integer", "real", "boolean", "date", "datetime", "json"]

_SCALARS: dict[str, ColumnKind] = {
    "string": "text",
    "integer": "integer",
    "number": "real",
    "boolean": "boolean",
}


@dataclass(frozen=True)
class Column:
    """One column of a scenario's table: a top-level field of its record model.

    Attributes:
        name: The field's name, as in ``datagen show --schema``.
        kind: What it holds.
    """

    name: str
    kind: ColumnKind


def table_columns(model: type[BaseModel]) -> list[Column]:
    """The columns of ``model``'s table, in model order (the key column not included).

    Scalars get a typed column; objects, lists, and fields that may be of several types
    get a JSON column.
    """
    schema = model.model_json_schema()
    definitions = schema.get("$defs", {})
    return [
        Column(name, _kind(node, definitions))
        for name, node in schema.get("properties", {}).items()
    ]


def _kind(node: dict[str, Any], definitions: dict[str, Any]) -> ColumnKind:
    node = _resolve(node, definitions)
    choices = [_resolve(choice, definitions) for choice in node.get("anyOf", [node])]
    types = [choice for choice in choices if choice.get("type") != "null"]
    if len(types) != 1:
        return "json"
    only = types[0]
    kind = only.get("type")
    if kind is None and "enum" in only:
        values = only["enum"]
        kind = "string" if all(isinstance(value, str) for value in values) else None
    if kind == "string":
        formats: dict[str, ColumnKind] = {"date": "date", "date-time": "datetime"}
        return formats.get(only.get("format", ""), "text")
    return _SCALARS.get(kind, "json") if isinstance(kind, str) else "json"


def _resolve(node: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    reference = node.get("$ref")
    if isinstance(reference, str) and reference.startswith("#/$defs/"):
        found: dict[str, Any] = definitions.get(reference.removeprefix("#/$defs/"), {})
        return found
    return node
