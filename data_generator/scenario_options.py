"""A scenario's options as the command line and the wizard see them.

The options model of a :class:`~data_generator.tool.DataGeneratorTool` becomes its
sub-command's flags (:func:`cli_arguments`) and is validated by :func:`parse_options`,
whose errors name the flag.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast, get_args, get_origin

import annotated_types
from pydantic import BaseModel, ValidationError

from data_generator.errors import UsageError
from data_generator.messages import plain_reason, show_value

if TYPE_CHECKING:
    from data_generator.tool import DataGeneratorTool

__all__ = ["CliArgument", "Flag", "choice_values", "cli_arguments", "parse_options"]

OptionsT = TypeVar("OptionsT", bound=BaseModel)


@dataclass(frozen=True)
class Flag:
    """Extra command-line spellings of an option, used as ``Annotated`` metadata.

    Example:
        ``speciality: Annotated[Specialty, Flag("--specialty")] = "cardiology"`` adds
        ``--specialty`` beside the derived ``--speciality``; ``Flag("-d")`` adds a short flag.
    """

    names: tuple[str, ...]

    def __init__(self, *names: str) -> None:
        object.__setattr__(self, "names", names)


@dataclass(frozen=True)
class CliArgument:
    """One scenario option as the command line (and the wizard) sees it.

    Attributes:
        name: The options-model field name.
        flags: Every spelling, the canonical ``--kebab-name`` first.
        kind: ``str``, ``int``, ``float``, ``bool`` or ``choice``.
        help: The field's description.
        default: The default value, or ``None`` when required or unset.
        required: Whether the option must be given.
        choices: The allowed values for ``choice`` options.
        minimum: Inclusive lower bound of a number, if any.
        maximum: Inclusive upper bound of a number, if any.
        min_length: The fewest characters of a ``str`` option, if bounded.
        max_length: The most characters of a ``str`` option, if bounded.
    """

    name: str
    flags: tuple[str, ...]
    kind: Literal["str", "int", "float", "bool", "choice"]
    help: str
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: int | float | None = None
    maximum: int | float | None = None
    min_length: int | None = None
    max_length: int | None = None


def parse_options(
    tool: type[DataGeneratorTool[OptionsT, Any]], values: Mapping[str, Any]
) -> OptionsT:
    """Validate a scenario's option values by field name (unknown keys are ignored).

    Raises:
        UsageError: A value is invalid, naming the flag and what is expected.
    """
    known = tool.options_model.model_fields
    given = {key: value for key, value in values.items() if key in known}
    try:
        return cast("OptionsT", tool.options_model.model_validate(given))
    except ValidationError as exc:
        error = exc.errors()[0]
        where = str(error["loc"][0]) if error["loc"] else ""
        flag = "--" + where.replace("_", "-") if where else tool.name
        shown = f" (got {show_value(error['input'])})" if where in given else ""
        raise UsageError(
            f"{flag}: {plain_reason(error['msg'])}{shown}",
            hint=f"See 'datagen {tool.name} --help'",
        ) from exc


def cli_arguments(tool: type[DataGeneratorTool[Any, Any]]) -> list[CliArgument]:
    """Derive a scenario's command-line options from its ``options_model``."""
    return [_cli_argument(name, info) for name, info in tool.options_model.model_fields.items()]


def _cli_argument(name: str, info: Any) -> CliArgument:
    annotation = info.annotation
    flags = ["--" + name.replace("_", "-")]
    minimum: int | float | None = None
    maximum: int | float | None = None
    lengths: dict[str, int | None] = {"min_length": None, "max_length": None}
    for meta in info.metadata:
        if isinstance(meta, Flag):
            flags.extend(meta.names)
        elif isinstance(meta, annotated_types.Ge) and isinstance(meta.ge, int | float):
            minimum = meta.ge
        elif isinstance(meta, annotated_types.Le) and isinstance(meta.le, int | float):
            maximum = meta.le
        for bound in lengths:  # StringConstraints, MinLen and MaxLen all name them so
            if isinstance(getattr(meta, bound, None), int):
                lengths[bound] = getattr(meta, bound)
    annotation = _strip_optional(annotation)
    choices = choice_values(annotation)
    kind: Literal["str", "int", "float", "bool", "choice"]
    if choices:
        kind = "choice"
    elif annotation is bool:
        kind = "bool"
    elif annotation is int:
        kind = "int"
    elif annotation is float:
        kind = "float"
    else:
        kind = "str"
    required = info.is_required()
    default = None if required else info.get_default(call_default_factory=True)
    if isinstance(default, Enum):
        default = default.value
    return CliArgument(
        name=name,
        flags=tuple(flags),
        kind=kind,
        help=info.description or "",
        default=default,
        required=required,
        choices=choices,
        minimum=minimum,
        maximum=maximum,
        min_length=lengths["min_length"] if kind == "str" else None,
        max_length=lengths["max_length"] if kind == "str" else None,
    )


def _strip_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (typing.Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return members[0]
    return annotation


def choice_values(annotation: Any) -> tuple[str, ...]:
    """Return the allowed values of a ``Literal`` or ``Enum`` annotation, else ``()``."""
    if get_origin(annotation) is Literal:
        return tuple(str(value) for value in get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return tuple(str(member.value) for member in annotation)
    return ()
