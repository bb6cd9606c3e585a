"""The fields of an Azure AI Search index, derived from a record model.

Each record field becomes an index field of the type its written value can be read as
(REST API 2024-07-01; the indexer's data type map for JSON): ``str`` is ``Edm.String``,
``int`` ``Edm.Int32`` when its bounds fit and ``Edm.Int64`` otherwise, ``float``
``Edm.Double``, ``bool`` ``Edm.Boolean``, a nested model ``Edm.ComplexType`` and a list
``Collection(...)``. A timestamp is ``Edm.DateTimeOffset`` only when it is written with
its time zone (a :data:`~data_generator.records.UtcDatetime`); a ``date`` (``2024-05-01``)
or a timestamp that may lack a zone stays ``Edm.String``, which still filters and sorts in
order, being ISO 8601.

A CSV cell is text, and the indexer maps text only to ``Edm.String``: in CSV every column
is ``Edm.String`` (objects and lists as their JSON text), except a list of strings, which
the ``jsonArrayToStringCollection`` mapping function turns into ``Collection(Edm.String)``.
"""

from __future__ import annotations

import enum
import re
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import AwareDatetime, BaseModel

from data_generator.errors import UsageError
from data_generator.markers import RecordId
from data_generator.records import as_utc

__all__ = ["IndexFields", "index_fields", "valid_field_name"]

_INT32 = (-(2**31), 2**31 - 1)
_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,127}$")
#: Names tried, in order, for the key field when the record has no id of its own.
_KEY_NAMES = ("id", "document_key", "search_key")

Kind = Literal["text", "keyword", "category", "int32", "int64", "double", "bool", "instant", "day"]
_EDM: dict[str, str] = {
    "text": "Edm.String",
    "keyword": "Edm.String",
    "category": "Edm.String",
    "int32": "Edm.Int32",
    "int64": "Edm.Int64",
    "double": "Edm.Double",
    "bool": "Edm.Boolean",
    "instant": "Edm.DateTimeOffset",
    "day": "Edm.String",
}


@dataclass(frozen=True)
class _Shape:
    """What a record field holds: a scalar kind, a model, or a list of either."""

    kind: Kind | Literal["model", "list"]
    model: type[BaseModel] | None = None
    item: _Shape | None = None
    optional: bool = False


@dataclass
class IndexFields:
    """The index fields of a record model, with the field mappings they need.

    Attributes:
        fields: The index's ``fields``, in record order (a generated key first).
        key: The name of the key field.
        key_source: The record field the key comes from, or ``None`` when the indexer
            fills it (see :mod:`data_generator.search.definitions`).
        mappings: Field mappings for renamed fields and mapping functions.
    """

    fields: list[dict[str, Any]] = field(default_factory=list)
    key: str = ""
    key_source: str | None = None
    mappings: list[dict[str, Any]] = field(default_factory=list)


def valid_field_name(name: str) -> bool:
    """Whether Azure AI Search accepts ``name`` as a field name.

    A letter first, then letters, digits and underscores, at most 128 characters, and not
    starting with ``azureSearch``.
    """
    return bool(_FIELD_NAME.match(name)) and not name.lower().startswith("azuresearch")


def index_fields(model: type[BaseModel], *, csv: bool) -> IndexFields:
    """The index fields of ``model`` as written in CSV (``csv``) or in JSON.

    The key is the record's own id (a required ``str`` field with a
    :class:`~data_generator.markers.RecordId`, unique per record); without one, a key
    field named ``id`` (or another free name) that the indexer fills.

    Raises:
        UsageError: A field has a type a search index cannot hold, or a nested field has
            a name Azure AI Search refuses (only top-level fields can be renamed).
    """
    result = IndexFields()
    taken = set(model.model_fields)
    for name, info in model.model_fields.items():
        shape = _shape(info.annotation, list(info.metadata), name)
        target = name if valid_field_name(name) else _free_name(_sanitised(name), taken)
        taken.add(target)
        is_key = not result.key and _is_record_id(info.annotation, info.metadata)
        if csv:
            built, function = _csv_field(target, shape)
        else:
            built, function = _json_field(target, shape, multi=False, path=name), None
        if is_key:
            built.update(key=True, searchable=True, filterable=True, sortable=True)
            built.update(facetable=False)
            result.key, result.key_source = target, name
        if (target != name or function is not None) and not is_key:  # the key's is said apart
            if built["type"].endswith("ComplexType)") or built["type"] == "Edm.ComplexType":
                raise UsageError(
                    f"the record field {name!r} is an object with a name Azure AI Search "
                    "refuses, and an object cannot be renamed by a field mapping",
                    hint="Rename the field: a letter first, then letters, digits and underscores",
                )
            mapping: dict[str, Any] = {"sourceFieldName": name, "targetFieldName": target}
            if function is not None:
                mapping["mappingFunction"] = {"name": function}
            result.mappings.append(mapping)
        result.fields.append(built)
    if not result.key:
        result.key = _free_name(_KEY_NAMES[0], taken, _KEY_NAMES[1:])
        result.fields.insert(0, _generated_key(result.key))
    return result


def _generated_key(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "type": "Edm.String",
        "key": True,
        "retrievable": True,
        "searchable": False,
        "filterable": True,
        "sortable": True,
        "facetable": False,
    }


def _json_field(name: str, shape: _Shape, *, multi: bool, path: str) -> dict[str, Any]:
    if shape.kind == "model":
        assert shape.model is not None
        return {"name": name, "type": "Edm.ComplexType", "fields": _sub_fields(shape, multi, path)}
    if shape.kind == "list":
        item = shape.item
        assert item is not None
        if item.kind == "model":
            return {
                "name": name,
                "type": "Collection(Edm.ComplexType)",
                "fields": _sub_fields(item, True, path),
            }
        if item.kind == "list":
            raise UsageError(
                f"the record field {path!r} is a list of lists, which a search index cannot hold",
                hint="Model the inner lists as objects with a list field",
            )
        simple = _simple(name, item.kind, multi=True)
        simple["type"] = f"Collection({simple['type']})"
        return simple
    return _simple(name, shape.kind, multi=multi)


def _sub_fields(shape: _Shape, multi: bool, path: str) -> list[dict[str, Any]]:
    assert shape.model is not None
    fields = []
    for name, info in shape.model.model_fields.items():
        where = f"{path}.{name}"
        if not valid_field_name(name):
            raise UsageError(
                f"the record field {where!r} has a name Azure AI Search refuses, and a field "
                "inside an object cannot be renamed by a field mapping",
                hint="Rename the field: a letter first, then letters, digits and underscores",
            )
        sub = _shape(info.annotation, list(info.metadata), where)
        fields.append(_json_field(name, sub, multi=multi, path=where))
    return fields


def _simple(name: str, kind: str, *, multi: bool) -> dict[str, Any]:
    """A simple field: searchable text, exact-match filters and facets for categories."""
    text = kind in ("text", "keyword", "category")
    return {
        "name": name,
        "type": _EDM[kind],
        "key": False,
        "retrievable": True,
        "searchable": text,
        "filterable": kind != "text",
        "sortable": kind != "text" and not multi,
        "facetable": kind not in ("text", "keyword"),
    }


def _csv_field(name: str, shape: _Shape) -> tuple[dict[str, Any], str | None]:
    """A CSV column: text, or a list of strings via ``jsonArrayToStringCollection``."""
    item = shape.item
    if shape.kind == "list" and item is not None and _is_string(item) and not shape.optional:
        field = _simple(name, item.kind, multi=True)
        field["type"] = "Collection(Edm.String)"
        field["facetable"] = True
        field["filterable"] = True
        return field, "jsonArrayToStringCollection"
    if shape.kind in ("model", "list"):
        return _simple(name, "text", multi=False), None  # the cell's JSON text
    field = _simple(name, shape.kind, multi=False)
    field["type"] = "Edm.String"
    return field, None


def _is_string(shape: _Shape) -> bool:
    return shape.kind in ("text", "keyword", "category")


def _shape(annotation: Any, metadata: list[Any], where: str) -> _Shape:
    """Classify ``annotation`` (its ``Annotated`` and ``Optional`` layers unwrapped)."""
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            metadata = [*metadata, *extra]
        elif origin in (Union, types.UnionType):
            options = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                raise _unsupported(where, annotation)
            annotation, optional = options[0], True
        else:
            break
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        return _Shape("list", item=_shape(item, [], where), optional=optional)
    if origin is Literal:
        return _Shape(_literal_kind(get_args(annotation), where), optional=optional)
    kind = _scalar_kind(annotation, metadata)
    if kind is not None:
        return _Shape(kind, optional=optional)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _Shape("model", model=annotation, optional=optional)
    raise _unsupported(where, annotation)


def _scalar_kind(annotation: Any, metadata: list[Any]) -> Kind | None:  # noqa: PLR0911
    if annotation is AwareDatetime:
        return "instant"
    if not isinstance(annotation, type):
        return None
    if issubclass(annotation, enum.Enum):
        return "int64" if issubclass(annotation, int) else "category"
    if annotation is bool:
        return "bool"
    if annotation is str:
        patterned = any(getattr(item, "pattern", None) for item in metadata)
        return "keyword" if patterned else "text"
    if annotation is int:
        return "int32" if _fits_int32(metadata) else "int64"
    if annotation is float:
        return "double"
    if issubclass(annotation, datetime):
        aware = any(getattr(item, "func", None) is as_utc for item in metadata)
        return "instant" if aware else "day"
    if issubclass(annotation, date):
        return "day"
    return None


def _literal_kind(values: tuple[Any, ...], where: str) -> Kind:
    if all(isinstance(value, str) for value in values):
        return "category"
    if all(isinstance(value, int) and not isinstance(value, bool) for value in values):
        low, high = min(values), max(values)
        return "int32" if _INT32[0] <= low and high <= _INT32[1] else "int64"
    raise _unsupported(where, Literal[values])


def _fits_int32(metadata: list[Any]) -> bool:
    low = high = None
    for item in metadata:
        for attribute in ("ge", "gt"):
            value = getattr(item, attribute, None)
            low = value if isinstance(value, int | float) else low
        for attribute in ("le", "lt"):
            value = getattr(item, attribute, None)
            high = value if isinstance(value, int | float) else high
    return low is not None and high is not None and _INT32[0] <= low and high <= _INT32[1]


def _is_record_id(annotation: Any, metadata: list[Any]) -> bool:
    return annotation is str and any(isinstance(item, RecordId) for item in metadata)


def _sanitised(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if not cleaned[:1].isalpha() or cleaned.lower().startswith("azuresearch"):
        cleaned = f"f_{cleaned}"
    return cleaned[:128]


def _free_name(wanted: str, taken: set[str], others: tuple[str, ...] = ()) -> str:
    for candidate in (wanted, *others):
        if candidate.lower() not in {name.lower() for name in taken}:
            return candidate
    number = 2
    while f"{wanted}_{number}".lower() in {name.lower() for name in taken}:
        number += 1
    return f"{wanted}_{number}"


def _unsupported(where: str, annotation: Any) -> UsageError:
    shown = getattr(annotation, "__name__", None) or typing.get_origin(annotation) or annotation
    return UsageError(
        f"the record field {where!r} has a type a search index cannot hold ({shown})",
        hint="Use text, numbers, booleans, dates, objects and lists of them",
    )
