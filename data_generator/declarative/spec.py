"""Read ``scenarios.toml``: per-scenario settings, Python tools and declarative scenarios.

Each ``[scenarios.NAME]`` table is checked on its own, so one broken scenario is reported
in one line (file, scenario, problem) while the others, and the built-ins, keep working.
Only a file that is not valid TOML at all loses every scenario in it.
"""

from __future__ import annotations

import functools
import keyword
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from data_generator.declarative.checks import INT64_MAX, Key, SpecError, number, text, whole
from data_generator.declarative.fields import FIELD_TYPES, FieldSpec, field_paths, read_fields
from data_generator.declarative.lines import key_line
from data_generator.deployments import Deployment, endpoint_problem, variable_problem
from data_generator.errors import ConfigError
from data_generator.formats import OUTPUT_FORMATS

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
    "reserved_option_names",
]

OPTION_TYPES = ("str", "int", "float", "bool", "choice")
#: Option names a declared scenario may not use besides the settings' flags (see
#: :func:`reserved_option_names`).
_CLI_OPTION_NAMES = frozenset(
    {
        "help",
        "version",
        "ctx",
        "scenarios_file",
        "count",
        "out_dir",
        "output_format",
        "dry_run",
        "preview",
        "json",
        "overwrite",
        "prune",
        "yes",
        "quiet",
        "no_progress",
        "env_file",
        "debug",
        "no_structured_output",
        "deployment",
    }
)


@functools.cache
def reserved_option_names() -> frozenset[str]:
    """Option names a declared scenario may not use: ``--help`` and every scenario's flags.

    A declared option would hide ``--count``, ``--seed``, ``--provider``... Read on the
    first declared option, so that listing scenarios does not load the settings' flags.
    """
    from data_generator.setting_flags import setting_flags

    flags = {name for flag in setting_flags() for name in flag.option_names()}
    return _CLI_OPTION_NAMES | flags


_SCENARIO_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
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
    #: The file's ``[[deployments]]`` (shared by every scenario).
    deployments: tuple[Deployment, ...] = ()
    #: What is wrong with them (one line); a run that would use them raises it.
    deployments_problem: str | None = None
    price_batch_prompt_per_1k: float | None = None
    price_batch_completion_per_1k: float | None = None
    #: The seed data (``seed_data = "file.csv"``, relative to the file), if any.
    seed_data: Path | None = None


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
        defaults: The settings of a scenario without a table: the file's deployments.
    """

    tools: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    specs: dict[str, ScenarioSpec] = field(default_factory=dict)
    settings: dict[str, ScenarioSettings] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    defaults: ScenarioSettings = field(default_factory=ScenarioSettings)


def read_scenarios_file(path: Path) -> ScenarioFile:
    """Read and check every scenario of ``path``.

    A scenario's problem is kept as one line naming the file, the line, the scenario, the
    key and what is wrong: ``scenarios.toml:3: scenario 'x': count = -3; write a whole
    number, 1 or more``.

    Raises:
        ConfigError: The file cannot be read or is not TOML (a scenario's own problem is
            kept in :attr:`ScenarioFile.problems` instead).
    """
    try:
        source = path.read_text(encoding="utf-8")
        data = tomllib.loads(source)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"{path}: cannot read scenarios: {exc}", hint="Fix the file or remove it"
        ) from exc
    except RecursionError as exc:
        raise ConfigError(
            f"{path}: cannot read scenarios: values are nested too deeply",
            hint="Nest tables a few levels deep at most",
        ) from exc
    scenarios = data.get("scenarios", {})
    if not isinstance(scenarios, dict):
        raise ConfigError(f"{path}: 'scenarios' must be a table", hint="Write [scenarios.NAME]")
    found = ScenarioFile()
    for name, table in scenarios.items():
        try:
            _read_scenario(path, name, table, found)
        except SpecError as exc:
            line = key_line(source, ("scenarios", name, *exc.key))
            where = f"{path}:{line}" if line is not None else str(path)
            found.problems[name] = f"{where}: scenario {name!r}: {exc}"
    shared = _shared_settings(path, source, data.get("deployments"))
    if shared != ScenarioSettings():
        found.defaults = shared
        found.settings = {
            name: replace(
                settings,
                deployments=shared.deployments,
                deployments_problem=shared.deployments_problem,
            )
            for name, settings in found.settings.items()
        }
    return found


_DEPLOYMENT_KEYS = ("endpoint", "deployment", "api_key_env", "rpm", "tpm", "weight", "model")


def _shared_settings(path: Path, source: str, tables: Any) -> ScenarioSettings:
    """The file's ``[[deployments]]``, or the one line saying what is wrong with them."""
    if tables is None:
        return ScenarioSettings()
    try:
        return ScenarioSettings(deployments=_deployments(tables))
    except _DeploymentError as exc:
        line = _deployment_line(source, exc.position, exc.field_name)
        where = f"{path}:{line}" if line is not None else str(path)
        return ScenarioSettings(deployments_problem=f"{where}: {exc}")


class _DeploymentError(SpecError):
    def __init__(self, message: str, position: int, key: str | None = None) -> None:
        super().__init__(message)
        self.position, self.field_name = position, key


def _deployments(tables: Any) -> tuple[Deployment, ...]:
    if not (isinstance(tables, list) and all(isinstance(table, dict) for table in tables)):
        raise _DeploymentError(
            "deployments must be tables: write [[deployments]] with endpoint = ... and "
            "deployment = ...",
            0,
        )
    found: list[Deployment] = []
    for position, table in enumerate(tables, 1):
        deployment = _deployment(position, table)
        if any((d.name, d.endpoint.rstrip("/")) == _route_key(deployment) for d in found):
            raise _DeploymentError(
                f"[[deployments]] #{position}: {deployment.shown!r} is given twice; give each "
                "deployment once",
                position,
            )
        found.append(deployment)
    return tuple(found)


def _route_key(deployment: Deployment) -> tuple[str, str]:
    return (deployment.name, deployment.endpoint.rstrip("/"))


def _deployment(position: int, table: dict[str, Any]) -> Deployment:
    where = f"[[deployments]] #{position}: "
    unknown = sorted(set(table) - set(_DEPLOYMENT_KEYS))
    if unknown:
        raise _DeploymentError(
            f"{where}unknown key {unknown[0]!r}; use {', '.join(_DEPLOYMENT_KEYS)}",
            position,
            unknown[0],
        )
    values: dict[str, Any] = {}
    for key in ("endpoint", "deployment", "api_key_env", "model"):
        value = table.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise _DeploymentError(f"{where}{key} must be a non-empty string", position, key)
        values[key] = value.strip()
    for key in ("endpoint", "deployment"):
        if key not in values:
            raise _DeploymentError(f"{where}{key} is missing; write {key} = '...'", position)
    problem = endpoint_problem(values["endpoint"]) or variable_problem(
        values.get("api_key_env", "KEY")
    )
    if problem:
        key = "endpoint" if endpoint_problem(values["endpoint"]) else "api_key_env"
        raise _DeploymentError(f"{where}{key}: {problem}", position, key)
    try:
        rpm = whole(table, "rpm", (), where=where)
        tpm = whole(table, "tpm", (), where=where)
        weight = number(table, "weight", (), where=where)
    except SpecError as exc:
        raise _DeploymentError(str(exc), position, exc.key[-1]) from exc
    if weight is not None and weight <= 0:
        raise _DeploymentError(
            f"{where}weight = {weight!r}; write a number above 0", position, "weight"
        )
    return Deployment(
        name=values["deployment"],
        endpoint=values["endpoint"],
        api_key_env=values.get("api_key_env"),
        rpm=rpm,
        tpm=tpm,
        weight=1.0 if weight is None else float(weight),
        model=values.get("model"),
    )


def _deployment_line(source: str, position: int, key: str | None) -> int | None:
    """The line of ``key`` in the ``position``-th ``[[deployments]]`` table (else its header)."""
    header: int | None = None
    seen = 0
    for number_, line in enumerate(source.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            if header is not None:
                break  # the table ended without the key
            if re.fullmatch(r"\[\[\s*deployments\s*\]\]", stripped.split("#")[0].strip()):
                seen += 1
                if seen == max(position, 1):
                    header = number_
                    if key is None:
                        return header
        elif (
            header is not None and key is not None and re.match(rf"{re.escape(key)}\s*=", stripped)
        ):
            return number_
    if header is None and position == 0:
        return key_line(source, ("deployments",))
    return header


def _read_scenario(path: Path, name: str, table: Any, found: ScenarioFile) -> None:
    if not isinstance(table, dict):
        raise SpecError(f"must be a table; write [scenarios.{name}]")
    settings = _settings(table, path.parent)
    target = table.get("tool")
    if target is not None:
        if not isinstance(target, str) or ":" not in target:
            raise SpecError(
                f"tool = {target!r}; write tool = 'package.module:ClassName'", ("tool",)
            )
        found.tools[name] = (target, text(table, "description", ()))
    elif "fields" in table:
        found.specs[name] = _spec(path, name, table, settings.max_tokens)
    found.settings[name] = settings


def _seed_data(table: dict[str, Any], folder: Path) -> Path | None:
    """The ``seed_data`` file or folder, relative to the scenarios file's folder."""
    from data_generator.seed_data import SEED_SUFFIXES

    value = table.get("seed_data")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise SpecError(
            f"seed_data = {value!r}; write seed_data = 'file.csv' (a .csv, .jsonl, .json or "
            ".parquet file, or a folder of them)",
            ("seed_data",),
        )
    path = folder / Path(value).expanduser()
    if path.suffix and path.suffix.lower() not in SEED_SUFFIXES and not path.is_dir():
        raise SpecError(
            f"seed_data = {value!r} is not a .csv, .jsonl, .json or .parquet file",
            ("seed_data",),
        )
    return path


def _settings(table: dict[str, Any], folder: Path) -> ScenarioSettings:
    price = table.get("price", {})
    if not isinstance(price, dict):
        raise SpecError(
            "price must be a table: price = { prompt_per_1k = 0.0025, ... }", ("price",)
        )
    output_format = table.get("format")
    if output_format is not None and output_format not in OUTPUT_FORMATS:
        raise SpecError(
            f"format = {output_format!r}; use one of {', '.join(OUTPUT_FORMATS)}", ("format",)
        )
    return ScenarioSettings(
        max_tokens=whole(table, "max_tokens", ()),
        temperature=number(table, "temperature", (), low=0.0, high=2.0),
        count=whole(table, "count", ()),
        output_format=output_format,
        price_prompt_per_1k=number(price, "prompt_per_1k", ("price",), low=0.0, where="price."),
        price_completion_per_1k=number(
            price, "completion_per_1k", ("price",), low=0.0, where="price."
        ),
        price_batch_prompt_per_1k=number(
            price, "batch_prompt_per_1k", ("price",), low=0.0, where="price."
        ),
        price_batch_completion_per_1k=number(
            price, "batch_completion_per_1k", ("price",), low=0.0, where="price."
        ),
        seed_data=_seed_data(table, folder),
    )


def _spec(path: Path, name: str, table: dict[str, Any], max_tokens: int | None) -> ScenarioSpec:
    if not _SCENARIO_NAME.match(name):
        raise SpecError("the name must be kebab-case (lower-case words joined by '-')")
    fields = read_fields(table["fields"])
    options_table = table.get("options", {})
    if not isinstance(options_table, dict):
        raise SpecError("options must be a table: [scenarios.NAME.options.OPTION]", ("options",))
    options = tuple(_option(key, value) for key, value in options_table.items())
    prompt = text(table, "prompt", ())
    if not prompt:
        raise SpecError(
            "prompt is missing; write prompt = 'Write record {{$index}} ...'", ("prompt",)
        )
    known = {*_PROMPT_VARIABLES, *(option.name for option in options)}
    for placeholder in _PLACEHOLDER.findall(prompt):
        if placeholder not in known:
            raise SpecError(
                f"the prompt uses {{{{${placeholder}}}}}, which is neither an option nor "
                "index or attributes",
                ("prompt",),
            )
    examples = table.get("examples", [])
    if not (isinstance(examples, list) and all(isinstance(e, str) for e in examples)):
        raise SpecError("examples must be a list of command lines", ("examples",))
    return ScenarioSpec(
        name=name,
        description=text(table, "description", ()) or f"Records of {name}.",
        prompt=prompt,
        source=path,
        fields=fields,
        options=options,
        attributes=_attributes(table.get("attributes", {}), fields),
        system=text(table, "system", ()),
        examples=tuple(examples),
        max_tokens=max_tokens,
    )


def _option(name: str, table: Any) -> OptionSpec:
    key: Key = ("options", name)
    if not _IDENTIFIER.match(name) or keyword.iskeyword(name):
        raise SpecError(
            f"option {name!r}: names are lower_snake_case (the flag is --kebab-case)", key
        )
    if name in reserved_option_names():
        raise SpecError(
            f"option {name!r} would hide datagen's own --{name.replace('_', '-')}; "
            "choose another name",
            key,
        )
    if not isinstance(table, dict):
        raise SpecError(f"option {name!r} must be a table with a type", key)
    kind = table.get("type", "str")
    if kind not in OPTION_TYPES:
        raise SpecError(
            f"option {name!r} has type {kind!r}; use one of {', '.join(OPTION_TYPES)}",
            (*key, "type"),
        )
    if kind == "bool" and f"no_{name}" in reserved_option_names():
        raise SpecError(
            f"option {name!r}: its --no-{name.replace('_', '-')} would hide datagen's own; "
            "choose another name",
            key,
        )
    choices = table.get("choices", [])
    if kind == "choice" and not (
        isinstance(choices, list) and choices and all(isinstance(c, str) for c in choices)
    ):
        raise SpecError(f"option {name!r}: a choice needs choices = ['a', 'b']", (*key, "choices"))
    required = table.get("required", False)
    default = table.get("default")
    if default is None and not required and kind != "bool":
        raise SpecError(f"option {name!r} needs a default or required = true", key)
    if kind == "bool" and default is None:
        default = False
    if default is not None and not _fits(kind, default, choices):
        raise SpecError(
            f"option {name!r}: default {default!r} is not a valid {kind}", (*key, "default")
        )
    return OptionSpec(
        name=name,
        type=kind,
        description=text(table, "description", key, f"option {name!r}") or "",
        default=default,
        required=bool(required),
        choices=tuple(choices),
        minimum=number(table, "minimum", key, where=f"option {name!r}: "),
        maximum=number(table, "maximum", key, where=f"option {name!r}: "),
    )


def _fits(kind: str, value: Any, choices: list[str]) -> bool:
    if kind == "choice":
        return value in choices
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) <= INT64_MAX
    if kind == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def _attributes(table: Any, fields: tuple[FieldSpec, ...]) -> tuple[AttributeSpec, ...]:
    if not isinstance(table, dict):
        raise SpecError(
            "attributes must be a table: [scenarios.NAME.attributes.ATTRIBUTE]", ("attributes",)
        )
    by_path = dict(field_paths(fields))
    attributes = []
    for name, spec in table.items():
        key: Key = ("attributes", name)
        weights = spec.get("weights") if isinstance(spec, dict) else None
        if not (
            isinstance(weights, dict)
            and weights
            and all(isinstance(w, int | float) and w >= 0 for w in weights.values())
            and sum(weights.values()) > 0
        ):
            raise SpecError(
                f"attribute {name!r} needs weights = {{ value = weight, ... }} (non-negative, "
                "not all zero)",
                (*key, "weights"),
            )
        target = spec.get("field")
        if target is not None:
            target_field = by_path.get(target)
            if target_field is None:
                raise SpecError(
                    f"attribute {name!r} sets field {target!r}, which is not declared",
                    (*key, "field"),
                )
            if target_field.type != "string" or (
                target_field.enum and not set(weights) <= set(target_field.enum)
            ):
                raise SpecError(
                    f"attribute {name!r}: field {target!r} must be a string whose enum holds "
                    "every weighted value",
                    (*key, "field"),
                )
        attributes.append(
            AttributeSpec(name, {str(k): float(v) for k, v in weights.items()}, target)
        )
    return tuple(attributes)
