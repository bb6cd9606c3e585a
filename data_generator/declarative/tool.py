"""Turn a checked :class:`ScenarioSpec` into a working scenario.

The fields become a pydantic record model (so validation, the strict JSON schema, the
offline provider and CSV/Parquet columns work as for a built-in), the options become an
options model (so flags, choices and bounds work as for a built-in), and the attributes
become per-record :class:`~data_generator.tool.Attribute` declarations.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, ClassVar, Literal, Optional

from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic import BaseModel, ConfigDict, Field, create_model

from data_generator import synth
from data_generator.declarative.checks import INT64_MAX
from data_generator.declarative.prose import FieldProse, field_prose
from data_generator.declarative.spec import FieldSpec, OptionSpec, ScenarioSpec
from data_generator.markers import Drawn, Marker, RecordId, ReservedEmail, ReservedPhone
from data_generator.records import UtcDatetime
from data_generator.tool import DEFAULT_SYSTEM, Attribute, DataGeneratorTool, Hint, RecordContext

__all__ = ["DeclarativeTool", "build_tool_class"]

_OPTION_TYPES: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool}


class DeclarativeTool(DataGeneratorTool[Any, Any]):
    """A scenario declared in ``scenarios.toml``; one subclass is built per scenario."""

    spec: ClassVar[ScenarioSpec]

    def attributes(self) -> list[Attribute]:
        """The attributes that are not a top-level field (those are ``Drawn`` fields)."""
        return [
            Attribute(spec.name, spec.weights, observe=spec.field)
            for spec in self.spec.attributes
            if not _top_level(spec.field)
        ]

    def offline_hints(self) -> dict[str, Hint]:
        """Generators for contact data, names, free text and nested attribute fields."""
        hints: dict[str, Hint] = {}
        _field_hints(self.spec.fields, "", hints, top=True, scenario=self.spec.description)
        for attribute in self.spec.attributes:
            if attribute.field is not None and not _top_level(attribute.field):
                hints[attribute.field] = _attribute_hint(attribute.name)
        return hints


def build_tool_class(spec: ScenarioSpec) -> type[DeclarativeTool]:
    """Build the tool class of ``spec`` (its record and options models included)."""
    class_name = "".join(part.capitalize() for part in spec.name.split("-"))
    record_model = _model(f"{class_name}Record", spec.fields, spec.description, _markers(spec))
    options_model = _options_model(f"{class_name}Options", spec.options)
    namespace = {
        "spec": spec,
        "name": spec.name,
        "description": spec.description,
        "options_model": options_model,
        "record_model": record_model,
        "system": spec.system or DEFAULT_SYSTEM,
        "prompt": spec.prompt,
        "examples": _examples(spec),
        "attribute_order": tuple(attribute.name for attribute in spec.attributes),
        "token_budget": spec.max_tokens,
        "__module__": __name__,
        "__doc__": spec.description,
    }
    return type(f"{class_name}Tool", (DeclarativeTool,), namespace)


def _examples(spec: ScenarioSpec) -> tuple[str, ...]:
    """The scenario's examples, or one offline command with every required option.

    The generated one names its own out-dir, as every example does, so examples run one
    after another never meet another run's records.
    """
    if spec.examples:
        return tuple(spec.examples)
    flags = "".join(
        f" --{option.name.replace('_', '-')} {_example_value(option)}"
        for option in spec.options
        if option.required
    )
    return (f"datagen {spec.name}{flags} --count 3 -o data/{spec.name}-example --provider offline",)


def _markers(spec: ScenarioSpec) -> dict[str, Marker]:
    """The markers of the record's top-level fields: its own id, the drawn attributes."""
    markers: dict[str, Marker] = {
        field.name: RecordId(field.prefix)
        for field in spec.fields
        if field.type == "id" and not field.optional
    }
    for attribute in spec.attributes:
        if _top_level(attribute.field):
            markers[str(attribute.field)] = Drawn(attribute.weights, name=attribute.name)
    return markers


def _top_level(path: str | None) -> bool:
    return path is not None and "." not in path


def _model(
    name: str,
    fields: tuple[FieldSpec, ...],
    doc: str,
    markers: Mapping[str, Marker] | None = None,
) -> type[BaseModel]:
    """The model of ``fields``, each field named in ``markers`` marked with its marker."""
    definitions: dict[str, Any] = {}
    for spec in fields:
        annotation = _annotation(spec, f"{name}{_camel(spec.name)}")
        marker = (markers or {}).get(spec.name)
        if marker is not None:
            annotation = Annotated[annotation, marker]
        definitions[spec.name] = (annotation, _field_info(spec))
    model: type[BaseModel] = create_model(name, __doc__=doc, **definitions)
    return model


def _annotation(spec: FieldSpec, nested_name: str) -> Any:
    annotation = _base_annotation(spec, nested_name)
    return Optional[annotation] if spec.optional else annotation  # noqa: UP045


def _base_annotation(spec: FieldSpec, nested_name: str) -> Any:  # noqa: PLR0911
    kind = spec.type
    if kind == "string" and spec.enum:
        return Literal[spec.enum]
    # annotated_types bounds rather than Field(): the offline provider reads them at any
    # depth (a list's items included), where a nested Field() would be invisible to it.
    if kind == "integer":
        return _within(int, _bound(spec.minimum), _bound(spec.maximum))
    if kind == "number":
        return _within(float, spec.minimum, spec.maximum)
    if kind == "boolean":
        return bool
    if kind == "date":
        return date
    if kind == "datetime":
        return UtcDatetime
    if kind == "id":
        return Annotated[str, Field(pattern=rf"^{spec.prefix}-\d{{6,}}$")]
    if kind == "email":
        return ReservedEmail
    if kind == "phone":
        return ReservedPhone
    if kind == "object":
        return _model(nested_name, spec.fields, spec.description or spec.name)
    if kind == "list":
        assert spec.items is not None  # checked by the spec reader
        item = _base_annotation(spec.items, nested_name)
        return Annotated[list[item], MinLen(spec.min_items), MaxLen(spec.max_items)]  # type: ignore[valid-type]
    return Annotated[str, Field(min_length=1)]


def _field_info(spec: FieldSpec) -> Any:
    description = spec.description or spec.name.replace("_", " ").capitalize()
    return Field(description=description)


def _bound(value: float | None) -> int | None:
    return None if value is None else int(value)


def _within(kind: type, low: float | None, high: float | None) -> Any:
    bounds = [*([] if low is None else [Ge(low)]), *([] if high is None else [Le(high)])]
    if not bounds:
        return kind
    parameters = (kind, *bounds)
    return Annotated[parameters]


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _options_model(name: str, options: tuple[OptionSpec, ...]) -> type[BaseModel]:
    definitions: dict[str, Any] = {}
    for spec in options:
        annotation: Any = (
            Literal[spec.choices] if spec.type == "choice" else _OPTION_TYPES[spec.type]
        )
        if spec.type in ("int", "float"):
            number = int if spec.type == "int" else float
            low = None if spec.minimum is None else number(spec.minimum)
            high = None if spec.maximum is None else number(spec.maximum)
            if spec.type == "int":  # a flag's value is stored: keep it within 64 bits
                low = -INT64_MAX if low is None else low
                high = INT64_MAX if high is None else high
            annotation = Annotated[annotation, Field(ge=low, le=high)]
        if spec.required:
            definitions[spec.name] = (annotation, Field(description=spec.description))
        else:
            definitions[spec.name] = (
                annotation,
                Field(default=spec.default, description=spec.description),
            )
    model: type[BaseModel] = create_model(
        name, __config__=ConfigDict(extra="forbid", frozen=True), **definitions
    )
    return model


def _example_value(option: OptionSpec) -> str:
    if option.choices:
        return option.choices[0]
    if option.type in ("int", "float"):
        return str(int(option.minimum or 1))
    return "example"


def _attribute_hint(name: str) -> Hint:
    return lambda _rng, ctx: ctx.attributes[name]


def _field_hints(
    fields: tuple[FieldSpec, ...],
    prefix: str,
    hints: dict[str, Hint],
    *,
    top: bool,
    scenario: str,
) -> None:
    for spec in fields:
        path = f"{prefix}{spec.name}"
        if top and spec.type == "id" and not spec.optional:
            continue  # a RecordId: the marker makes it
        hint = _hint(spec, top=top, scenario=scenario)
        if hint is not None:
            hints[path] = hint
        if spec.type == "object":
            _field_hints(spec.fields, f"{path}.", hints, top=False, scenario=scenario)
        elif spec.type == "list" and spec.items is not None:
            item = spec.items
            if item.type == "object":  # list items' fields are keyed under the list's path
                _field_hints(item.fields, f"{path}.", hints, top=False, scenario=scenario)
            else:
                item_hint = _hint(item, top=False, scenario=scenario)
                if item_hint is not None:
                    hints[f"{path}[]"] = item_hint


def _hint(spec: FieldSpec, *, top: bool, scenario: str) -> Hint | None:  # noqa: PLR0911
    kind = spec.type
    if kind == "id":
        prefix = spec.prefix
        if top:  # the record's own id, when optional (a required one is a RecordId)
            return lambda _rng, ctx: f"{prefix}-{ctx.index:06d}"
        return lambda rng, _ctx: synth.identifier(rng, prefix)
    if kind == "email":
        return lambda rng, _ctx: synth.email_address(rng)
    if kind == "phone":
        return lambda rng, _ctx: synth.phone_number(rng)
    if kind == "person-name":
        return lambda rng, _ctx: synth.person_name(rng)
    if kind == "company":
        return lambda rng, _ctx: synth.company_name(rng)
    if kind in ("string", "text") and not spec.enum:
        return _text_hint(field_prose(scenario, spec.name, spec.description), long=kind == "text")
    return None


def _text_hint(prose: FieldProse, *, long: bool) -> Hint:
    def make(rng: random.Random, _ctx: RecordContext) -> str:
        return prose.text(rng, long=long)

    return make
