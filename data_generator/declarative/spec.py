"""Read ``scenarios.toml``: per-scenario settings, Python tools and declarative scenarios.

Each ``[scenarios.NAME]`` table is checked on its own, so one broken scenario is reported
in one line (file, scenario, problem) while the others, and the built-ins, keep working.
Only a file that is not valid TOML at all loses every scenario in it.
"""

from __future__ import annotations

import keyword
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data_generator.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = [
    "FIELD_TYPES",
    "OPTION_TYPES",
    "AttributeSpec",
    "FieldSpec",
    "OptionSpec",
    "ScenarioFile",
    "ScenarioSettings",
    "ScenarioSpec",
    "read_scenarios_file",
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
OPTION_TYPES = ("str", "int", "float", "bool", "choice")
OUTPUT_FORMATS = ("json", "jsonl", "csv", "yaml", "parquet", "txt")
_SCENARIO_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
_PREFIX = re.compile(r"^[A-Z][A-Z0-9]{0,7}$")
_PLACEHOLDER = re.compile(r"\{\{\$([A-Za-z_][A-Za-z0-9_]*)\}\}")
_PROMPT_VARIABLES = ("index", "attributes")


@dataclass(frozen=True)
class ScenarioSettings:
    """Per-scenario settings from ``scenarios.toml``; ``None`` leaves the default.

    They sit below flag, environment and ``.env``, and above the scenario's own defaults.
    """

    max_tokens: int | None = None
    temperature: float | None = None
    count: int | None = None
    output_format: str | None = None
    price_prompt_per_1k: float | None = None
    price_completion_per_1k: float | None = None


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


@dataclass(frozen=True)
class OptionSpec:
    """One option (flag) of a declarative scenario."""

    name: str
    type: str
    description: str = ""
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class AttributeSpec:
    """A per-record attribute: its weights and the record field it sets, if any."""

    name: str
    weights: dict[str, float]
    field: str | None = None


@dataclass(frozen=True)
class ScenarioSpec:
    """A checked declarative scenario."""

    name: str
    description: str
    prompt: str
    source: Path
    fields: tuple[FieldSpec, ...]
    options: tuple[OptionSpec, ...] = ()
    attributes: tuple[AttributeSpec, ...] = ()
    system: str | None = None
    examples: tuple[str, ...] = ()
    max_tokens: int | None = None


@dataclass
class ScenarioFile:
    """What one ``scenarios.toml`` holds.

    Attributes:
        tools: Python tools by name: ``(target, description)``.
        specs: Declarative scenarios by name.
        settings: Per-scenario settings by name (built-in, Python or declarative).
        problems: One line per broken scenario, by name.
    """

    tools: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    specs: dict[str, ScenarioSpec] = field(default_factory=dict)
    settings: dict[str, ScenarioSettings] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)


class _SpecError(Exception):
    """A problem inside one scenario table (turned into a ConfigError line)."""


def read_scenarios_file(path: Path) -> ScenarioFile:
    """Read and check every scenario of ``path``.

    Raises:
        ConfigError: The file cannot be read or is not TOML (a scenario's own problem is
            kept in :attr:`ScenarioFile.problems` instead).
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"{path}: cannot read scenarios: {exc}", hint="Fix the file or remove it"
        ) from exc
    scenarios = data.get("scenarios", {})
    if not isinstance(scenarios, dict):
        raise ConfigError(f"{path}: 'scenarios' must be a table", hint="Write [scenarios.NAME]")
    found = ScenarioFile()
    for name, table in scenarios.items():
        try:
            _read_scenario(path, name, table, found)
        except _SpecError as exc:
            found.problems[name] = f"{path}: scenario {name!r}: {exc}"
    return found


def _read_scenario(path: Path, name: str, table: Any, found: ScenarioFile) -> None:
    if not isinstance(table, dict):
        raise _SpecError(f"must be a table; write [scenarios.{name}]")
    settings = _settings(table)
    target = table.get("tool")
    if target is not None:
        if not isinstance(target, str) or ":" not in target:
            raise _SpecError(f"tool = {target!r}; write tool = 'package.module:ClassName'")
        found.tools[name] = (target, _text(table, "description", None))
    elif "fields" in table:
        found.specs[name] = _spec(path, name, table, settings.max_tokens)
    found.settings[name] = settings


def _settings(table: dict[str, Any]) -> ScenarioSettings:
    price = table.get("price", {})
    if not isinstance(price, dict):
        raise _SpecError("price must be a table: price = { prompt_per_1k = 0.0025, ... }")
    output_format = table.get("format")
    if output_format is not None and output_format not in OUTPUT_FORMATS:
        raise _SpecError(f"format = {output_format!r}; use one of {', '.join(OUTPUT_FORMATS)}")
    return ScenarioSettings(
        max_tokens=_whole(table, "max_tokens"),
        temperature=_number(table, "temperature", 0.0, 2.0),
        count=_whole(table, "count"),
        output_format=output_format,
        price_prompt_per_1k=_number(price, "prompt_per_1k", 0.0, None, "price."),
        price_completion_per_1k=_number(price, "completion_per_1k", 0.0, None, "price."),
    )


def _spec(path: Path, name: str, table: dict[str, Any], max_tokens: int | None) -> ScenarioSpec:
    if not _SCENARIO_NAME.match(name):
        raise _SpecError("the name must be kebab-case (lower-case words joined by '-')")
    fields_table = table["fields"]
    if not isinstance(fields_table, dict) or not fields_table:
        raise _SpecError("fields must be a table of fields: [scenarios.NAME.fields.FIELD]")
    fields = tuple(_field(key, value, key) for key, value in fields_table.items())
    options_table = table.get("options", {})
    if not isinstance(options_table, dict):
        raise _SpecError("options must be a table: [scenarios.NAME.options.OPTION]")
    options = tuple(_option(key, value) for key, value in options_table.items())
    prompt = _text(table, "prompt", None)
    if not prompt:
        raise _SpecError("prompt is missing; write prompt = 'Write record {{$index}} ...'")
    known = {*_PROMPT_VARIABLES, *(option.name for option in options)}
    for placeholder in _PLACEHOLDER.findall(prompt):
        if placeholder not in known:
            raise _SpecError(
                f"the prompt uses {{{{${placeholder}}}}}, which is neither an option nor "
                "index or attributes"
            )
    examples = table.get("examples", [])
    if not (isinstance(examples, list) and all(isinstance(e, str) for e in examples)):
        raise _SpecError("examples must be a list of command lines")
    return ScenarioSpec(
        name=name,
        description=_text(table, "description", None) or f"Records of {name}.",
        prompt=prompt,
        source=path,
        fields=fields,
        options=options,
        attributes=_attributes(table.get("attributes", {}), fields),
        system=_text(table, "system", None),
        examples=tuple(examples),
        max_tokens=max_tokens,
    )


def _field(name: str, table: Any, where: str) -> FieldSpec:
    if not _IDENTIFIER.match(name) or keyword.iskeyword(name):
        raise _SpecError(f"field {where!r}: names are lower_snake_case")
    if not isinstance(table, dict):
        raise _SpecError(f"field {where!r} must be a table with a type")
    kind = table.get("type")
    if kind not in FIELD_TYPES:
        raise _SpecError(f"field {where!r} has type {kind!r}; use one of {', '.join(FIELD_TYPES)}")
    enum = table.get("enum", [])
    if not (isinstance(enum, list) and all(isinstance(value, str) for value in enum)):
        raise _SpecError(f"field {where!r}: enum must be a list of strings")
    if enum and kind != "string":
        raise _SpecError(f"field {where!r}: enum needs type = 'string'")
    prefix = table.get("prefix", "ID")
    if not (isinstance(prefix, str) and _PREFIX.match(prefix)):
        raise _SpecError(f"field {where!r}: prefix must be 1-8 capital letters or digits")
    nested, items = _inner(name, kind, table, where)
    minimum = _number(table, "minimum", None, None, f"field {where!r}: ")
    maximum = _number(table, "maximum", None, None, f"field {where!r}: ")
    if minimum is not None and maximum is not None and minimum > maximum:
        raise _SpecError(f"field {where!r}: minimum is above maximum")
    min_items, max_items = _item_counts(table, where)
    optional = table.get("optional", False)
    if not isinstance(optional, bool):
        raise _SpecError(f"field {where!r}: optional must be true or false")
    return FieldSpec(
        name=name,
        type=kind,
        description=_text(table, "description", f"field {where!r}") or "",
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
    name: str, kind: str, table: dict[str, Any], where: str
) -> tuple[tuple[FieldSpec, ...], FieldSpec | None]:
    """The fields of an object, or the item of a list."""
    if kind == "object":
        inner = table.get("fields")
        if not isinstance(inner, dict) or not inner:
            raise _SpecError(f"field {where!r}: an object needs fields = {{ ... }}")
        return tuple(_field(key, value, f"{where}.{key}") for key, value in inner.items()), None
    if kind == "list":
        if not isinstance(table.get("items"), dict):
            raise _SpecError(f"field {where!r}: a list needs items = {{ type = ... }}")
        return (), _field(name, table["items"], f"{where}[]")
    return (), None


def _item_counts(table: dict[str, Any], where: str) -> tuple[int, int]:
    low = _whole(table, "min_items", f"field {where!r}: ", low=0)
    low = 1 if low is None else low
    high = _whole(table, "max_items", f"field {where!r}: ") or max(low, 4)
    if low > high:
        raise _SpecError(f"field {where!r}: min_items is above max_items")
    return low, high


def _option(name: str, table: Any) -> OptionSpec:
    if not _IDENTIFIER.match(name) or keyword.iskeyword(name):
        raise _SpecError(f"option {name!r}: names are lower_snake_case (the flag is --kebab-case)")
    if not isinstance(table, dict):
        raise _SpecError(f"option {name!r} must be a table with a type")
    kind = table.get("type", "str")
    if kind not in OPTION_TYPES:
        raise _SpecError(f"option {name!r} has type {kind!r}; use one of {', '.join(OPTION_TYPES)}")
    choices = table.get("choices", [])
    if kind == "choice" and not (
        isinstance(choices, list) and choices and all(isinstance(c, str) for c in choices)
    ):
        raise _SpecError(f"option {name!r}: a choice needs choices = ['a', 'b']")
    required = table.get("required", False)
    default = table.get("default")
    if default is None and not required and kind != "bool":
        raise _SpecError(f"option {name!r} needs a default or required = true")
    if kind == "bool" and default is None:
        default = False
    if default is not None and not _fits(kind, default, choices):
        raise _SpecError(f"option {name!r}: default {default!r} is not a valid {kind}")
    return OptionSpec(
        name=name,
        type=kind,
        description=_text(table, "description", f"option {name!r}") or "",
        default=default,
        required=bool(required),
        choices=tuple(choices),
        minimum=_number(table, "minimum", None, None, f"option {name!r}: "),
        maximum=_number(table, "maximum", None, None, f"option {name!r}: "),
    )


def _fits(kind: str, value: Any, choices: list[str]) -> bool:
    if kind == "choice":
        return value in choices
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def _attributes(table: Any, fields: tuple[FieldSpec, ...]) -> tuple[AttributeSpec, ...]:
    if not isinstance(table, dict):
        raise _SpecError("attributes must be a table: [scenarios.NAME.attributes.ATTRIBUTE]")
    by_path = dict(_field_paths(fields))
    attributes = []
    for name, spec in table.items():
        weights = spec.get("weights") if isinstance(spec, dict) else None
        if not (
            isinstance(weights, dict)
            and weights
            and all(isinstance(w, int | float) and w >= 0 for w in weights.values())
            and sum(weights.values()) > 0
        ):
            raise _SpecError(
                f"attribute {name!r} needs weights = {{ value = weight, ... }} (non-negative, "
                "not all zero)"
            )
        target = spec.get("field")
        if target is not None:
            target_field = by_path.get(target)
            if target_field is None:
                raise _SpecError(f"attribute {name!r} sets field {target!r}, which is not declared")
            if target_field.type != "string" or (
                target_field.enum and not set(weights) <= set(target_field.enum)
            ):
                raise _SpecError(
                    f"attribute {name!r}: field {target!r} must be a string whose enum holds "
                    "every weighted value"
                )
        attributes.append(
            AttributeSpec(name, {str(k): float(v) for k, v in weights.items()}, target)
        )
    return tuple(attributes)


def _field_paths(fields: tuple[FieldSpec, ...], prefix: str = "") -> list[tuple[str, FieldSpec]]:
    paths = []
    for spec in fields:
        path = f"{prefix}{spec.name}"
        paths.append((path, spec))
        if spec.type == "object":
            paths += _field_paths(spec.fields, f"{path}.")
    return paths


def _text(table: dict[str, Any], key: str, where: str | None) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise _SpecError(f"{where + ': ' if where else ''}{key} must be a string")
    return value


def _whole(table: dict[str, Any], key: str, where: str = "", low: int = 1) -> int | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise _SpecError(f"{where}{key} = {value!r}; write a whole number, {low} or more")
    return value


def _number(
    table: dict[str, Any], key: str, low: float | None, high: float | None, where: str = ""
) -> float | None:
    value = table.get(key)
    if value is None:
        return None
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or (low is not None and value < low)
        or (high is not None and value > high)
    ):
        bounds = f" between {low} and {high}" if high is not None else ""
        raise _SpecError(f"{where}{key} = {value!r}; write a number{bounds}")
    return float(value)
