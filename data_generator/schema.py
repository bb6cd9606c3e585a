"""JSON schemas for structured outputs.

Azure OpenAI and OpenAI accept ``response_format = json_schema`` in *strict* mode only when
every object lists all of its properties in ``required`` and sets
``additionalProperties: false``. :func:`strict_json_schema` turns a record model's schema
into that shape: a property that was optional becomes required but nullable, and
``default`` values (which strict mode refuses) are dropped.

Servers that constrain output with a grammar (llama.cpp, vLLM/xgrammar, Ollama) take
``{"type": "json_object", "schema": ...}`` and accept a narrower schema: :func:`wire_schema`
derives that one from the strict schema (patterns in the grammar dialect, every string,
array and repeat bounded). The record model still validates every answer in full.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel

from data_generator.errors import UsageError
from data_generator.grammar_pattern import grammar_pattern

__all__ = [
    "ARRAY_MAX_ITEMS",
    "STRING_MAX_LENGTH",
    "response_format",
    "strict_json_schema",
    "wire_schema",
]

_UNSUPPORTED = ("default",)
#: ``maxLength`` of a wire-schema string that has no length bound, pattern, format or enum.
STRING_MAX_LENGTH = 400
#: ``maxItems`` of a wire-schema array that has no bound.
ARRAY_MAX_ITEMS = 30


def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """Return ``model``'s JSON schema in the strict structured-output shape.

    Raises:
        UsageError: The model has a free-form map (``dict[str, X]``), which strict mode
            cannot express.
    """
    schema = copy.deepcopy(model.model_json_schema())
    _make_strict(schema)
    for definition in schema.get("$defs", {}).values():
        _make_strict(definition)
    return schema


def response_format(model: type[BaseModel], mode: str = "json-schema") -> dict[str, Any] | None:
    """Return the ``response_format`` request field for ``model`` in a structured-output mode.

    Args:
        model: The record model.
        mode: ``json-schema`` (strict ``json_schema``), ``json-object-schema``
            (``json_object`` with the :func:`wire_schema`, as llama.cpp, vLLM and Ollama
            take it), ``json`` (plain JSON mode) or ``off`` (no ``response_format``: ``None``).

    Raises:
        UsageError: The model cannot be said as a strict schema (see :func:`strict_json_schema`).
        ValueError: ``mode`` is none of these.
    """
    if mode == "json-schema":
        return {
            "type": "json_schema",
            "json_schema": {
                "name": model.__name__[:64],
                "schema": strict_json_schema(model),
                "strict": True,
            },
        }
    if mode == "json-object-schema":
        return {"type": "json_object", "schema": wire_schema(model)}
    if mode == "json":
        return {"type": "json_object"}
    if mode == "off":
        return None
    raise ValueError(f"unknown structured-output mode {mode!r}")


def wire_schema(model: type[BaseModel]) -> dict[str, Any]:
    """Return the strict schema of ``model`` in the shape grammar engines compile.

    * every ``pattern`` rewritten by :func:`~data_generator.grammar_pattern.grammar_pattern`
      (character classes instead of backslash escapes, repeats bounded); a pattern that
      cannot be said so is dropped, and the string bounded by length instead;
    * a string with no ``maxLength``, pattern, format, enum or const gets
      ``maxLength`` :data:`STRING_MAX_LENGTH`;
    * an array with no ``maxItems`` gets :data:`ARRAY_MAX_ITEMS`.

    It accepts every record the record model accepts, within those bounds; answers are
    still validated against the record model.

    Raises:
        UsageError: As :func:`strict_json_schema`.
    """
    schema = strict_json_schema(model)
    _bound(schema)
    return schema


def _make_strict(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _make_strict(item)
        return
    if not isinstance(node, dict):
        return
    for key in _UNSUPPORTED:
        node.pop(key, None)
    properties = node.get("properties")
    if isinstance(node.get("additionalProperties"), dict) and not properties:
        raise UsageError(
            f"the record has a free-form map ({node.get('title', 'an object')}), which strict "
            "structured outputs cannot express",
            hint="Use --structured-output json, or model the map as a list of objects",
        )
    if isinstance(properties, dict):
        required = set(node.get("required", []))
        for name, child in properties.items():
            if name not in required and not _nullable(child):
                properties[name] = {"anyOf": [child, {"type": "null"}]}
        node["required"] = list(properties)
        node["additionalProperties"] = False
        for child in properties.values():
            _make_strict(child)
    for key in ("items", "anyOf", "allOf", "oneOf", "prefixItems"):
        if key in node:
            _make_strict(node[key])


def _bound(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _bound(item)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if isinstance(node.get("pattern"), str):
        rewritten = grammar_pattern(node["pattern"])
        if rewritten is None:
            del node["pattern"]
        else:
            node["pattern"] = rewritten
    free_text = not any(key in node for key in ("pattern", "format", "enum", "const"))
    if kind == "string" and free_text and "maxLength" not in node:
        node["maxLength"] = max(STRING_MAX_LENGTH, int(node.get("minLength", 0)))
    if kind == "array" and "maxItems" not in node:
        node["maxItems"] = max(ARRAY_MAX_ITEMS, int(node.get("minItems", 0)))
    for key in ("properties", "$defs"):
        if isinstance(node.get(key), dict):
            _bound(list(node[key].values()))
    for key in ("items", "anyOf", "allOf", "oneOf", "prefixItems"):
        if key in node:
            _bound(node[key])


def _nullable(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    if node.get("type") == "null" or (
        isinstance(node.get("type"), list) and "null" in node["type"]
    ):
        return True
    return any(_nullable(option) for option in node.get("anyOf", []))
