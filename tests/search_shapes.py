"""Checks Azure AI Search definitions against the Search REST API's published shapes.

There is no emulator. The ``azure-search-documents`` models are generated from the REST
API's specification, so a definition is checked through them, strictly:

* every property is one the model declares (a misspelt or unknown key is a problem), and
  the definition survives a round trip through the models' typed attributes unchanged;
* every required property is there, every value has its declared JSON type, and every
  enum-typed value (``SearchFieldDataType``, ``BlobIndexerParsingMode``, ...) is one of
  the SDK's values, spelt exactly;

then against the rules Azure AI Search documents for indexes (one ``Edm.String`` key,
no sortable collection, attributes only on simple fields, field naming rules) and
indexers (field mappings onto top-level simple fields, known mapping functions).
"""

from __future__ import annotations

import enum
import re
import typing
from typing import Any, Union

from azure.search.documents import knowledgebases
from azure.search.documents._utils.model_base import Model
from azure.search.documents.indexes import models as sdk
from azure.search.documents.indexes.models import _models as generated

__all__ = ["definition_problems", "shape_problems"]

_NAMESPACE = {**vars(generated), "_models": sdk, "_knowledgebases_models3": knowledgebases.models}
_COLLECTION = re.compile(r"^Collection\((?P<item>.+)\)$")
# https://learn.microsoft.com/rest/api/searchservice/naming-rules
_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,127}$")
_INDEX_NAME = re.compile(r"^(?=.{2,128}$)[a-z0-9](?!.*(--|__))[a-z0-9_-]*$")
_OBJECT_NAME = re.compile(r"^(?=.{1,128}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?$")
_MAPPING_FUNCTIONS = {
    "base64Encode",
    "base64Decode",
    "extractTokenAtPosition",
    "jsonArrayToStringCollection",
    "urlEncode",
    "urlDecode",
}
_COMPLEX_KEYS = {"name", "type", "fields"}
_PARSING_MODES = {"json": "json", "jsonl": "jsonLines", "csv": "delimitedText"}


def shape_problems(cls: type[Model], data: Any, where: str = "$") -> list[str]:
    """What in ``data`` does not fit the SDK model ``cls``, one phrase each."""
    if not isinstance(data, dict):
        return [f"{where}: not an object"]
    cls({})  # the model builds its property table when first made
    hints = typing.get_type_hints(cls, globalns=_NAMESPACE)
    declared = {rest._rest_name: hints[attr] for attr, rest in cls._attr_to_rest_field.items()}
    problems = [
        f"{where}.{key}: {cls.__name__} has no such property" for key in data if key not in declared
    ]
    for key, hint in declared.items():
        optional, inner = _unwrap(hint)
        if key not in data:
            if not optional:
                problems.append(f"{where}.{key}: required")
            continue
        problems += _value_problems(inner, data[key], f"{where}.{key}")
    if not problems and _typed(cls(data)) != data:
        problems.append(f"{where}: changes in a round trip through {cls.__name__}")
    return problems


def definition_problems(document: Any, output_format: str) -> list[str]:
    """Everything wrong with a ``datagen show --search-index`` document."""
    if not isinstance(document, dict) or set(document) != {"index", "dataSource", "indexer"}:
        return ["the document is not {index, dataSource, indexer}"]
    index, source, indexer = document["index"], document["dataSource"], document["indexer"]
    problems = [
        *shape_problems(sdk.SearchIndex, index, "$.index"),
        *shape_problems(sdk.SearchIndexerDataSourceConnection, source, "$.dataSource"),
        *shape_problems(sdk.SearchIndexer, indexer, "$.indexer"),
    ]
    if problems:
        return problems
    return [
        *_index_problems(index),
        *_source_problems(source),
        *_indexer_problems(indexer, index, source, output_format),
    ]


def _unwrap(hint: Any) -> tuple[bool, Any]:
    if typing.get_origin(hint) is Union:
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        optional = len(options) < len(typing.get_args(hint))
        return optional, Union[tuple(options)] if len(options) > 1 else options[0]  # noqa: UP007
    return False, hint


def _value_problems(hint: Any, value: Any, where: str) -> list[str]:  # noqa: PLR0911
    origin = typing.get_origin(hint)
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: not a list"]
        (item,) = typing.get_args(hint)
        return [p for n, v in enumerate(value) for p in _value_problems(item, v, f"{where}[{n}]")]
    if origin is dict:
        return [] if isinstance(value, dict) else [f"{where}: not an object"]
    if origin is Union:
        enums = [
            arg
            for arg in typing.get_args(hint)
            if isinstance(arg, type) and issubclass(arg, enum.Enum)
        ]
        return _enum_problems(enums[0], value, where) if enums else []
    if isinstance(hint, type) and issubclass(hint, Model):
        return shape_problems(hint, value, where)
    if hint is bool:
        return [] if isinstance(value, bool) else [f"{where}: not a boolean"]
    if hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{where}: not an integer"]
    if hint is str:
        return [] if isinstance(value, str) else [f"{where}: not a string"]
    return []


def _enum_problems(kind: type[enum.Enum], value: Any, where: str) -> list[str]:
    if not isinstance(value, str):
        return [f"{where}: not a string"]
    if kind is sdk.SearchFieldDataType and (match := _COLLECTION.match(value)):
        value = match["item"]
    if value in {member.value for member in kind}:
        return []
    return [f"{where}: {value!r} is not a {kind.__name__}"]


def _typed(value: Any) -> Any:
    """``value`` rebuilt from the model's typed attributes only: unknown keys drop out."""
    if isinstance(value, Model):
        return {
            rest._rest_name: _typed(getattr(value, attr))
            for attr, rest in type(value)._attr_to_rest_field.items()
            if rest._rest_name in value
        }
    if isinstance(value, list):
        return [_typed(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _index_problems(index: dict[str, Any]) -> list[str]:
    problems = [] if _INDEX_NAME.match(index["name"]) else [f"index name {index['name']!r}"]
    fields = index["fields"]
    keys = [field for field in fields if field.get("key")]
    if len(keys) != 1:
        problems.append(f"{len(keys)} key fields, not one")
    for key in keys:
        if key["type"] != "Edm.String" or key.get("retrievable") is False:
            problems.append(f"key {key['name']!r} is not a retrievable Edm.String")
    return problems + _fields_problems(fields, "", in_collection=False, top=True)


def _fields_problems(
    fields: list[dict[str, Any]], path: str, *, in_collection: bool, top: bool
) -> list[str]:
    problems = []
    names = [field["name"].lower() for field in fields]
    if len(set(names)) != len(names):
        problems.append(f"{path or 'index'}: two fields with one name")
    for field in fields:
        name, kind = field["name"], field["type"]
        where = f"{path}{name}"
        if not _FIELD_NAME.match(name) or name.lower().startswith("azuresearch"):
            problems.append(f"{where}: not a valid field name")
        collection = kind.startswith("Collection(")
        if kind.removeprefix("Collection(").removesuffix(")") == "Edm.ComplexType":
            if set(field) - _COMPLEX_KEYS or not field.get("fields"):
                problems.append(f"{where}: a complex field holds only name, type and fields")
            else:
                problems += _fields_problems(
                    field["fields"],
                    f"{where}/",
                    in_collection=in_collection or collection,
                    top=False,
                )
            continue
        if "fields" in field:
            problems.append(f"{where}: a simple field has sub-fields")
        if field.get("key") and not top:
            problems.append(f"{where}: a key inside an object")
        if field.get("searchable") and kind not in ("Edm.String", "Collection(Edm.String)"):
            problems.append(f"{where}: {kind} cannot be searchable")
        if field.get("sortable") and (collection or in_collection):
            problems.append(f"{where}: a multi-valued field cannot be sortable")
    return problems


def _source_problems(source: dict[str, Any]) -> list[str]:
    problems = (
        [] if _OBJECT_NAME.match(source["name"]) else [f"data source name {source['name']!r}"]
    )
    if source["type"] != "azureblob":
        problems.append("the data source is not azureblob")
    secret = source["credentials"].get("connectionString", "")
    if not secret.startswith("ResourceId=") or "AccountKey" in secret:
        problems.append("the data source connects with something else than a managed identity")
    return problems


def _indexer_problems(
    indexer: dict[str, Any], index: dict[str, Any], source: dict[str, Any], output_format: str
) -> list[str]:
    problems = [] if _OBJECT_NAME.match(indexer["name"]) else [f"indexer name {indexer['name']!r}"]
    if indexer["dataSourceName"] != source["name"] or indexer["targetIndexName"] != index["name"]:
        problems.append("the indexer names another data source or index")
    configuration = indexer.get("parameters", {}).get("configuration", {})
    if configuration.get("parsingMode") != _PARSING_MODES[output_format]:
        problems.append(f"parsingMode {configuration.get('parsingMode')!r} for {output_format}")
    if output_format == "csv" and configuration.get("firstLineContainsHeaders") is not True:
        problems.append("CSV without firstLineContainsHeaders")
    simple = {
        field["name"]: field["type"]
        for field in index["fields"]
        if "ComplexType" not in field["type"]
    }
    for mapping in indexer.get("fieldMappings", []):
        target = mapping.get("targetFieldName", mapping["sourceFieldName"])
        function = mapping.get("mappingFunction", {}).get("name")
        if target not in simple:
            problems.append(f"field mapping onto {target!r}, not a top-level simple field")
        if function is not None and function not in _MAPPING_FUNCTIONS:
            problems.append(f"unknown mapping function {function!r}")
        if (
            function == "jsonArrayToStringCollection"
            and simple.get(target) != "Collection(Edm.String)"
        ):
            problems.append(f"jsonArrayToStringCollection onto {target!r}")
    return problems
