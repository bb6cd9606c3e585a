"""The ``fields`` of a declared scenario: checked, and bounded in depth and size.

A record may nest objects and lists :data:`MAX_DEPTH` levels deep, a list holds at most
:data:`MAX_ITEMS` items, and a whole record at most :data:`MAX_VALUES` values (list sizes
multiplied through the nesting), so a declaration cannot ask for a record that no model
writes and the offline provider would spend minutes and gigabytes building.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from typing import Any

from data_generator.declarative.checks import Key, SpecError, number, text, whole

__all__ = [
    "FIELD_TYPES",
    "MAX_DEPTH",
    "MAX_ITEMS",
    "MAX_VALUES",
    "FieldSpec",
    "field_paths",
    "read_fields",
]

#: Field types of a declarative record. ``id`` is ``PREFIX-000123``; ``email`` and
#: ``phone`` accept only reserved values (example.com/.org/.net, 555-01xx).
FIELD_TYPES = (
    "string",
    "text",
    "integer",
    "number",
    "boolean",
    "date",
    "datetime",
    "id",
    "email",
    "phone",
    "person-name",
    "company",
    "object",
    "list",
)
#: Levels of objects and lists in a record (a top-level object or list is level 1).
MAX_DEPTH = 10
#: Items of one list, at most.
MAX_ITEMS = 1000
#: Values of one record, at most, counting every item of every list at its largest.
MAX_VALUES = 10_000
#: The integer bounds of an ``integer`` field: what a JSON number holds exactly.
_INTEGER_LIMIT = 2**53
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
_PREFIX = re.compile(r"^[A-Z][A-Z0-9]{0,7}$")


@dataclass(frozen=True)
class FieldSpec:
    """One field of a declarative record."""

    name: str
    type: str
    description: str = ""
    enum: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    min_items: int = 1
    max_items: int = 4
    optional: bool = False
    prefix: str = "ID"
    fields: tuple[FieldSpec, ...] = ()
    items: FieldSpec | None = None


def read_fields(table: Any) -> tuple[FieldSpec, ...]:
    """Check the ``fields`` table of a scenario and return its fields.

    Raises:
        SpecError: A field is wrong, nests too deeply, or the record would be too large.
    """
    if not isinstance(table, dict) or not table:
        raise SpecError(
            "fields must be a table of fields: [scenarios.NAME.fields.FIELD]", ("fields",)
        )
    fields = tuple(_field(name, value, name, ("fields", name), 1) for name, value in table.items())
    sizes = {spec.name: _values(spec) for spec in fields}
    if sum(sizes.values()) > MAX_VALUES:
        largest = max(sizes, key=lambda name: sizes[name])
        raise SpecError(
            f"field {largest!r} can hold {sizes[largest]:,} values (max_items multiplied "
            f"through its lists); a record holds at most {MAX_VALUES:,}: lower max_items",
            ("fields", largest),
        )
    return fields


def field_paths(fields: tuple[FieldSpec, ...], prefix: str = "") -> list[tuple[str, FieldSpec]]:
    """Every field and nested object field by dotted path (``reviewer.email``)."""
    paths = []
    for spec in fields:
        path = f"{prefix}{spec.name}"
        paths.append((path, spec))
        if spec.type == "object":
            paths += field_paths(spec.fields, f"{path}.")
    return paths


def _field(name: str, table: Any, where: str, key: Key, depth: int) -> FieldSpec:
    if not _IDENTIFIER.match(name) or keyword.iskeyword(name):
        raise SpecError(f"field {where!r}: names are lower_snake_case", key)
    if not isinstance(table, dict):
        raise SpecError(f"field {where!r} must be a table with a type", key)
    kind = table.get("type")
    if kind not in FIELD_TYPES:
        raise SpecError(
            f"field {where!r} has type {kind!r}; use one of {', '.join(FIELD_TYPES)}",
            (*key, "type"),
        )
    if kind in ("object", "list") and depth > MAX_DEPTH:
        raise SpecError(
            f"field {where!r} is nested {depth} levels deep; objects and lists nest at most "
            f"{MAX_DEPTH} levels",
            key,
        )
    enum = table.get("enum", [])
    if not (isinstance(enum, list) and all(isinstance(value, str) for value in enum)):
        raise SpecError(f"field {where!r}: enum must be a list of strings", (*key, "enum"))
    if enum and kind != "string":
        raise SpecError(f"field {where!r}: enum needs type = 'string'", (*key, "enum"))
    prefix = table.get("prefix", "ID")
    if not (isinstance(prefix, str) and _PREFIX.match(prefix)):
        raise SpecError(
            f"field {where!r}: prefix must be 1-8 capital letters or digits", (*key, "prefix")
        )
    nested, items = _inner(name, kind, table, where, key, depth=depth)
    minimum, maximum = _range(table, kind, where, key)
    min_items, max_items = _item_counts(table, where, key)
    optional = table.get("optional", False)
    if not isinstance(optional, bool):
        raise SpecError(f"field {where!r}: optional must be true or false", (*key, "optional"))
    return FieldSpec(
        name=name,
        type=kind,
        description=text(table, "description", key, f"field {where!r}") or "",
        enum=tuple(enum),
        minimum=minimum,
        maximum=maximum,
        min_items=min_items,
        max_items=max_items,
        optional=optional,
        prefix=prefix,
        fields=nested,
        items=items,
    )


def _inner(
    name: str, kind: str, table: dict[str, Any], where: str, key: Key, *, depth: int
) -> tuple[tuple[FieldSpec, ...], FieldSpec | None]:
    """The fields of an object, or the item of a list."""
    if kind == "object":
        inner = table.get("fields")
        if not isinstance(inner, dict) or not inner:
            raise SpecError(f"field {where!r}: an object needs fields = {{ ... }}", key)
        fields = tuple(
            _field(child, value, f"{where}.{child}", (*key, "fields", child), depth + 1)
            for child, value in inner.items()
        )
        return fields, None
    if kind == "list":
        if not isinstance(table.get("items"), dict):
            raise SpecError(f"field {where!r}: a list needs items = {{ type = ... }}", key)
        return (), _field(name, table["items"], f"{where}[]", (*key, "items"), depth + 1)
    return (), None


def _range(
    table: dict[str, Any], kind: str, where: str, key: Key
) -> tuple[float | None, float | None]:
    limit = _INTEGER_LIMIT if kind == "integer" else None
    low = None if limit is None else -limit
    prefix = f"field {where!r}: "
    minimum = number(table, "minimum", key, low=low, high=limit, where=prefix)
    maximum = number(table, "maximum", key, low=low, high=limit, where=prefix)
    if minimum is not None and maximum is not None and minimum > maximum:
        raise SpecError(f"field {where!r}: minimum is above maximum", (*key, "minimum"))
    return minimum, maximum


def _item_counts(table: dict[str, Any], where: str, key: Key) -> tuple[int, int]:
    prefix = f"field {where!r}: "
    low = whole(table, "min_items", key, where=prefix, low=0, high=MAX_ITEMS)
    low = 1 if low is None else low
    high = whole(table, "max_items", key, where=prefix, high=MAX_ITEMS) or max(low, 4)
    if low > high:
        raise SpecError(f"field {where!r}: min_items is above max_items", (*key, "min_items"))
    return low, high


def _values(spec: FieldSpec) -> int:
    """The most values ``spec`` can hold: 1, or the sum of an object's, or items times item."""
    if spec.type == "object":
        return sum(_values(child) for child in spec.fields)
    if spec.type == "list" and spec.items is not None:
        return spec.max_items * _values(spec.items)
    return 1
