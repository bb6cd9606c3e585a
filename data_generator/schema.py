"""JSON schemas for structured outputs.

Azure OpenAI and OpenAI accept ``response_format = json_schema`` in *strict* mode only when
every object lists all of its properties in ``required`` and sets
``additionalProperties: false``. :func:`strict_json_schema` turns a record model's schema
into that shape: a property that was optional becomes required but nullable, and
``default`` values (which strict mode refuses) are dropped.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel

from data_generator.errors import UsageError

__all__ = ["response_format", "strict_json_schema"]

_UNSUPPORTED = ("default",)


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


def response_format(model: type[BaseModel], *, strict: bool = True) -> dict[str, Any]:
    """Return the ``response_format`` request field for ``model``.

    Args:
        model: The record model.
        strict: ``json_schema`` in strict mode; ``False`` gives plain JSON mode for models
            without structured-output support.
    """
    if not strict:
        return {"type": "json_object"}
    return {
        "type": "json_schema",
        "json_schema": {
            "name": model.__name__[:64],
            "schema": strict_json_schema(model),
            "strict": True,
        },
    }


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
            hint="Use --no-structured-output, or model the map as a list of objects",
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


def _nullable(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    if node.get("type") == "null" or (
        isinstance(node.get("type"), list) and "null" in node["type"]
    ):
        return True
    return any(_nullable(option) for option in node.get("anyOf", []))
