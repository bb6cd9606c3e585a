"""A compact description of a record's fields, for prompts to models that cannot see the schema.

When a server cannot enforce the record's JSON schema (plain JSON mode, no
``response_format``, or a ``schema`` a server may ignore), the prompt has to tell the
model which fields to write. :func:`field_guide` says it in one line per field: name,
type, enum values, bounds, whether it may be null or left out, and its description.
Nested objects are described inline, without their descriptions, to stay short.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

__all__ = ["field_guide"]

_HEADER = (
    "Answer with one JSON object with exactly these fields, each required unless marked optional:"
)


def field_guide(model: type[BaseModel]) -> str:
    """Describe the fields of ``model`` for a prompt, one line per top-level field.

    Example:
        >>> from pydantic import BaseModel, Field
        >>> class Pet(BaseModel):
        ...     name: str = Field(min_length=1, description="What it answers to.")
        ...     legs: int = Field(ge=0, le=4)
        >>> print(field_guide(Pet))
        Answer with one JSON object with exactly these fields, each required unless marked optional:
        - name: string of at least 1 character. What it answers to.
        - legs: integer from 0 to 4.
    """
    schema = model.model_json_schema()
    defs: Mapping[str, Any] = schema.get("$defs", {})
    required = set(schema.get("required", []))
    lines = [_HEADER]
    for name, node in schema.get("properties", {}).items():
        line = f"- {name}: {_describe(node, defs)}"
        if name not in required:
            line += " (optional)"
        description = " ".join(str(node.get("description", "")).split())
        lines.append(f"{line}. {description}" if description else f"{line}.")
    return "\n".join(lines)


def _describe(node: Mapping[str, Any], defs: Mapping[str, Any]) -> str:  # noqa: PLR0911
    """The type of one schema node, in words."""
    ref = node.get("$ref")
    if isinstance(ref, str):
        return _describe(defs.get(ref.rsplit("/", 1)[-1], {}), defs)
    options = node.get("anyOf") or node.get("oneOf")
    if isinstance(options, list):
        return " or ".join(_describe(option, defs) for option in options)
    if "const" in node:
        return json.dumps(node["const"])
    if isinstance(node.get("enum"), list):
        return "one of " + ", ".join(json.dumps(value) for value in node["enum"])
    kind = node.get("type")
    if isinstance(kind, list):
        return " or ".join(_describe({**node, "type": one}, defs) for one in kind)
    if kind == "string":
        return _string(node)
    if kind in ("integer", "number"):
        return str(kind) + _range(node)
    if kind == "array":
        return _array(node, defs)
    if kind == "object" or "properties" in node:
        return _object(node, defs)
    if kind in ("boolean", "null"):
        return "true or false" if kind == "boolean" else "null"
    return "any JSON value"


def _string(node: Mapping[str, Any]) -> str:
    kind = f"{node['format']} string" if node.get("format") else "string"
    if node.get("pattern"):
        kind += f" matching {node['pattern']}"
    low, high = node.get("minLength"), node.get("maxLength")
    if low is not None and high is not None:
        kind += f" of {low} to {high} characters"
    elif low is not None:
        kind += f" of at least {low} character{'s' if low != 1 else ''}"
    elif high is not None:
        kind += f" of at most {high} characters"
    return kind


def _range(node: Mapping[str, Any]) -> str:
    low, high = node.get("minimum"), node.get("maximum")
    if low is not None and high is not None:
        return f" from {low} to {high}"
    parts = []
    if low is not None:
        parts.append(f">= {low}")
    if node.get("exclusiveMinimum") is not None:
        parts.append(f"> {node['exclusiveMinimum']}")
    if high is not None:
        parts.append(f"<= {high}")
    if node.get("exclusiveMaximum") is not None:
        parts.append(f"< {node['exclusiveMaximum']}")
    return " " + " and ".join(parts) if parts else ""


def _array(node: Mapping[str, Any], defs: Mapping[str, Any]) -> str:
    low, high = node.get("minItems"), node.get("maxItems")
    if low is not None and high is not None:
        count = f"{low} to {high} items"
    elif low is not None:
        count = f"at least {low} item{'s' if low != 1 else ''}"
    elif high is not None:
        count = f"at most {high} item{'s' if high != 1 else ''}"
    else:
        count = "items"
    items = node.get("items")
    what = _describe(items, defs) if isinstance(items, Mapping) else "any JSON value"
    return f"list of {count}, each {what}"


def _object(node: Mapping[str, Any], defs: Mapping[str, Any]) -> str:
    properties = node.get("properties")
    if not isinstance(properties, Mapping) or not properties:
        values = node.get("additionalProperties")
        if isinstance(values, Mapping):
            return f"object mapping names to {_describe(values, defs)}"
        return "object"
    required = set(node.get("required", []))
    fields = "; ".join(
        f"{name}: {_describe(child, defs)}{'' if name in required else ' (optional)'}"
        for name, child in properties.items()
    )
    return "object {" + fields + "}"
