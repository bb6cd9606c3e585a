"""Strict structured-output schemas derived from record models."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, Field
from sample_tools import Note

from data_generator.errors import UsageError
from data_generator.schema import response_format, strict_json_schema, wire_schema
from data_generator.tools.healthcare import HealthcareRecord
from data_generator.tools.tech_support import TechSupportTicket


class Inner(BaseModel):
    """A nested object with an optional field."""

    label: str
    note: str = "none"


class Loose(BaseModel):
    """Optional fields, defaults and a property literally called 'default'."""

    name: str
    nickname: str | None = None
    size: int = 3
    default: str = "kept"
    inner: Inner
    items: list[Inner] = Field(default_factory=list)


def objects(node: Any) -> list[dict[str, Any]]:
    """Every object schema in ``node``, however deep."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") == "object" or "properties" in node:
            found.append(node)
        for value in node.values():
            found.extend(objects(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(objects(value))
    return found


def test_every_object_is_closed_and_lists_all_properties() -> None:
    for model in (TechSupportTicket, HealthcareRecord, Loose):
        schema = strict_json_schema(model)
        found = objects(schema)
        assert found
        for node in found:
            assert node["additionalProperties"] is False
            assert sorted(node["required"]) == sorted(node["properties"])


def test_optional_fields_become_required_but_nullable_and_defaults_go() -> None:
    schema = strict_json_schema(Loose)
    properties = schema["properties"]
    assert {"type": "null"} in properties["size"]["anyOf"]
    assert {"type": "null"} in properties["default"]["anyOf"]  # the field, not a keyword
    nickname = properties["nickname"]
    assert sum(option == {"type": "null"} for option in nickname["anyOf"]) == 1
    assert "default" not in str({k: v for k, v in properties["size"].items() if k != "anyOf"})
    assert all("default" not in node for node in objects(schema))
    inner = schema["$defs"]["Inner"]
    assert inner["required"] == ["label", "note"]
    assert {"type": "null"} in inner["properties"]["note"]["anyOf"]


def test_the_model_schema_is_not_modified() -> None:
    before = TechSupportTicket.model_json_schema()
    strict_json_schema(TechSupportTicket)
    assert TechSupportTicket.model_json_schema() == before


def test_response_format_of_every_structured_output_mode() -> None:
    strict = response_format(TechSupportTicket)
    assert strict is not None
    assert strict["type"] == "json_schema"
    assert strict["json_schema"]["strict"] is True
    assert strict["json_schema"]["name"] == "TechSupportTicket"
    assert strict["json_schema"]["schema"] == strict_json_schema(TechSupportTicket)
    assert response_format(TechSupportTicket, "json-schema") == strict
    assert response_format(TechSupportTicket, "json-object-schema") == {
        "type": "json_object",
        "schema": wire_schema(TechSupportTicket),
    }
    assert response_format(TechSupportTicket, "json") == {"type": "json_object"}
    assert response_format(TechSupportTicket, "off") is None
    with pytest.raises(ValueError, match="'grammar'"):
        response_format(TechSupportTicket, "grammar")


def test_a_free_form_map_is_refused_with_a_way_out() -> None:
    with pytest.raises(UsageError, match="free-form map") as caught:
        strict_json_schema(Note)
    assert "--structured-output json" in caught.value.hint
    assert response_format(Note, "json") == {"type": "json_object"}
